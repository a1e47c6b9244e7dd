import Foundation
import CourseModel

// A compiled lesson file as bytes, for the lesson pack (`LessonPack`), with `BinaryWriter`:
// reading back 4,500 lessons costs a fraction of parsing them (JSON or property lists cost
// about as much as the parse they would save).
//
// Every stored field of the model is written here: a field added to `LessonSource`,
// `CompiledMarkdown`, `Exercise` or `Diagnostic` must be added to both halves below
// (`LessonPackTests` round-trips a lesson that uses every field). A pack is only read by the
// coursekit executable that wrote it, so the layout needs no version of its own.

extension BinaryWriter {
    mutating func lessonSource(_ source: LessonSource) {
        string(source.locale.code)
        string(source.path)
        string(source.title)
        optional(source.duration) { $0.int($1) }
        array(source.objectives) { $0.string($1) }
        optional(source.sourceHash) { $0.string($1) }
        optional(source.explicitID) { $0.string($1) }
        int(source.explicitIDLine)
        int(source.explicitIDColumn)
        compiled(source.compiled)
        array(source.exercises) { $0.exercise($1) }
        optional(source.withdrawal) { $0.string($1) }
        bool(source.isDraft)
        optional(source.order) { $0.int($1) }
        optional(source.units) { writer, units in
            writer.array(units.units) { writer, unit in
                writer.string(unit.kind)
                writer.int(unit.line)
                writer.int(unit.words)
            }
            writer.string(units.stamp.whole)
            writer.array(units.stamp.blocks) { $0.string($1) }
        }
        string(source.fileHash)
        string(source.bodyHash)
        int(source.bodyStartLine)
    }

    mutating func compiled(_ markdown: CompiledMarkdown) {
        // The pieces as a blob of their own, with its length first: a reader keeps the bytes
        // and decodes them only when a page needs them.
        var pieces = BinaryWriter()
        pieces.array(markdown.pieces) { writer, piece in
            switch piece {
            case .html(let html): writer.int(0); writer.blob(html)
            case .link(let index): writer.int(1); writer.int(index)
            case .calloutTitle(let kind): writer.int(2); writer.string(kind.rawValue)
            case .fencedBlock(let index): writer.int(3); writer.int(index)
            }
        }
        blob(pieces.bytes)
        array(markdown.headings) { writer, heading in
            writer.int(heading.level)
            writer.string(heading.text)
            writer.string(heading.anchor)
            writer.int(heading.line)
            writer.int(heading.column)
        }
        // Links, fenced blocks and outline as a second blob: decoded when first read, which
        // after an edit the lessons of unchanged courses never are.
        var details = BinaryWriter()
        details.array(markdown.links) { writer, link in
            writer.string(link.destination)
            writer.bool(link.isImage)
            writer.string(link.label)
            writer.int(link.line)
            writer.int(link.column)
        }
        details.array(markdown.fencedBlocks) { writer, block in
            writer.string(block.language)
            writer.string(block.info)
            writer.string(block.literal)
            writer.int(block.line)
            writer.array(block.content) { $0.compiled($1) }
        }
        let outline = markdown.outline
        details.array(outline.blocks) { writer, block in
            // By its number: the pack holds some 200,000 blocks at 4,500 lessons, and matching a
            // name against every kind was a tenth of reading them back.
            writer.int(SourceBlock.Kind.allCases.firstIndex(of: block.kind)!)
            writer.string(block.language)
            writer.int(block.startLine)
            writer.int(block.endLine)
        }
        details.int(outline.headings)
        details.int(outline.codeBlocks)
        details.int(outline.images)
        details.int(outline.links)
        blob(details.bytes)
    }

    mutating func exercise(_ exercise: Exercise) {
        string(exercise.id)
        bool(exercise.hasExplicitID)
        string(exercise.kind.rawValue)
        optional(exercise.question) { $0.string($1) }
        optional(exercise.explanation) { $0.string($1) }
        switch exercise.body {
        case .quiz(let answers):
            int(0)
            array(answers) { writer, answer in
                writer.string(answer.text)
                writer.bool(answer.correct)
                writer.optional(answer.feedback) { $0.string($1) }
            }
        case .fill(let fill):
            int(1)
            array(fill.segments) { writer, segment in
                switch segment {
                case .text(let text): writer.int(0); writer.string(text)
                case .blank(let index): writer.int(1); writer.int(index)
                }
            }
            array(fill.blanks) { writer, accepted in writer.array(accepted) { $0.string($1) } }
        case .short(let answer):
            int(2)
            array(answer.accepted) { $0.string($1) }
            optional(answer.pattern) { $0.string($1) }
        case .order(let steps):
            int(3)
            array(steps) { $0.string($1) }
        case .match(let pairs):
            int(4)
            array(pairs) { writer, pair in
                writer.string(pair.left)
                writer.string(pair.right)
            }
        case .code(let code):
            int(5)
            string(code.html)
            string(code.css)
            string(code.js)
            array(code.checks) { writer, check in
                writer.string(check.test)
                writer.string(check.message)
            }
            optional(code.solution) { writer, solution in
                writer.string(solution.html)
                writer.string(solution.css)
                writer.string(solution.js)
            }
        }
        int(exercise.line)
        int(exercise.idLine)
        int(exercise.idColumn)
        // Sorted, so the same lesson always makes the same bytes.
        array(exercise.compiledTexts.entries.sorted { $0.text < $1.text }) { writer, entry in
            writer.string(entry.text)
            writer.compiled(entry.compiled)
        }
    }

    mutating func diagnostic(_ diagnostic: Diagnostic) {
        string(diagnostic.severity.rawValue)
        string(diagnostic.message)
        optional(diagnostic.location) { writer, location in
            writer.string(location.file)
            writer.int(location.line)
            writer.int(location.column)
        }
        bool(diagnostic.isUsageError)
    }
}

extension BinaryReader {
    mutating func lessonSource() throws(Damaged) -> LessonSource {
        let locale = LocaleID(try string())
        let path = try string()
        let title = try string()
        let duration = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.int() }
        let objectives = try array { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let sourceHash = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let explicitID = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let explicitIDLine = try int(), explicitIDColumn = try int()
        let compiled = try compiled()
        let exercises = try array { (reader: inout BinaryReader) throws(Damaged) in try reader.exercise() }
        let withdrawal = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let isDraft = try bool()
        let order = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.int() }
        let units = try optional { (reader: inout BinaryReader) throws(Damaged) in
            TranslationUnits(units: try reader.array { (reader: inout BinaryReader) throws(Damaged) in
                                 TranslationUnits.Unit(kind: try reader.string(), line: try reader.int(), words: try reader.int())
                             },
                             stamp: SourceStamp(whole: try reader.string(),
                                                blocks: try reader.array { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }))
        }
        let fileHash = try string()
        let bodyHash = try string()
        var source = LessonSource(locale: locale, path: path, title: title, duration: duration, objectives: objectives,
                                  sourceHash: sourceHash, compiled: compiled, bodyStartLine: try int())
        source.explicitID = explicitID
        source.explicitIDLine = explicitIDLine
        source.explicitIDColumn = explicitIDColumn
        source.exercises = exercises
        source.withdrawal = withdrawal
        source.isDraft = isDraft
        source.order = order
        source.units = units
        source.fileHash = fileHash
        source.bodyHash = bodyHash
        return source
    }

    mutating func compiled() throws(Damaged) -> CompiledMarkdown {
        // Pieces and details are read again from the pack when they are needed (a page, a
        // check of a changed course), not copied out of it now: after an edit almost none are,
        // and the copies were most of the memory and a twentieth of the time of reading it.
        let pieces = try blobReadLater()
        let headings = try array { (reader: inout BinaryReader) throws(Damaged) in
            Heading(level: try reader.int(), text: try reader.string(), anchor: try reader.string(),
                    line: try reader.int(), column: try reader.int())
        }
        let details = try blobReadLater()
        return CompiledMarkdown(decodingPiecesLater: { Self.pieces(Self.reread(pieces)) }, headings: headings,
                                decodingDetailsLater: { Self.details(Self.reread(details)) })
    }

    /// The bytes of a blob read later. The pack is never rewritten in place (a new one is
    /// renamed over it; new entries are appended), so they are those that passed the entry's
    /// CRC when the pack was read, unless something else wrote into coursekit's cache meanwhile.
    private static func reread(_ blob: @Sendable () -> [UInt8]?) -> [UInt8] {
        guard let bytes = blob() else {
            fatalError("the lesson pack could not be read again during the build (was the cache folder removed or changed?); build again")
        }
        return bytes
    }

    /// Decodes links, fenced blocks and outline kept as bytes (read back as `pieces` are).
    static func details(_ bytes: [UInt8]) -> CompiledMarkdown.Details {
        bytes.withUnsafeBytes { buffer in
            var reader = BinaryReader(buffer)
            do {
                let links = try reader.array { (reader: inout BinaryReader) throws(Damaged) in
                    LinkReference(destination: try reader.string(), isImage: try reader.bool(), label: try reader.string(),
                                  line: try reader.int(), column: try reader.int())
                }
                let fencedBlocks = try reader.array { (reader: inout BinaryReader) throws(Damaged) in
                    FencedBlock(language: try reader.string(), info: try reader.string(), literal: try reader.string(),
                                line: try reader.int(),
                                content: try reader.array { (reader: inout BinaryReader) throws(Damaged) in try reader.compiled() })
                }
                let blocks = try reader.array { (reader: inout BinaryReader) throws(Damaged) in
                    SourceBlock(kind: try reader.kind(), language: try reader.string(),
                                startLine: try reader.int(), endLine: try reader.int())
                }
                let outline = MarkdownOutline(blocks: blocks, headings: try reader.int(), codeBlocks: try reader.int(),
                                              images: try reader.int(), links: try reader.int())
                guard reader.isAtEnd else { throw Damaged() }
                return CompiledMarkdown.Details(links: links, fencedBlocks: fencedBlocks, outline: outline)
            } catch {
                fatalError("a compiled lesson's links, fenced blocks and outline, checked when the lesson pack was read, no longer decode")
            }
        }
    }

    /// Decodes pieces kept as bytes. The entry they belong to passed its CRC when the pack was
    /// read (see `reread`): they decode unless the writer and this reader disagree, a defect of
    /// coursekit's that `LessonPackTests` would show.
    static func pieces(_ bytes: [UInt8]) -> [CompiledMarkdown.Piece] {
        bytes.withUnsafeBytes { buffer in
            var reader = BinaryReader(buffer)
            do {
                let pieces = try reader.array { (reader: inout BinaryReader) throws(Damaged) -> CompiledMarkdown.Piece in
                    switch try reader.int() {
                    case 0: .html(try reader.blob())
                    case 1: .link(try reader.int())
                    case 2: .calloutTitle(try reader.choice(CalloutKind.self))
                    case 3: .fencedBlock(try reader.int())
                    default: throw Damaged()
                    }
                }
                guard reader.isAtEnd else { throw Damaged() }
                return pieces
            } catch {
                fatalError("a compiled lesson's HTML, checked when the lesson pack was read, no longer decodes")
            }
        }
    }

    mutating func exercise() throws(Damaged) -> Exercise {
        let id = try string()
        let hasExplicitID = try bool()
        let kind = try choice(Exercise.Kind.self)
        let question = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let explanation = try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        let strings = { (reader: inout BinaryReader) throws(Damaged) in try reader.array { (reader: inout BinaryReader) throws(Damaged) in try reader.string() } }
        let body: Exercise.Body
        switch try int() {
        case 0:
            body = .quiz(try array { (reader: inout BinaryReader) throws(Damaged) in
                QuizAnswer(text: try reader.string(), correct: try reader.bool(),
                           feedback: try reader.optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() })
            })
        case 1:
            let segments = try array { (reader: inout BinaryReader) throws(Damaged) -> FillText.Segment in
                switch try reader.int() {
                case 0: .text(try reader.string())
                case 1: .blank(try reader.int())
                default: throw Damaged()
                }
            }
            body = .fill(FillText(segments: segments, blanks: try array(strings)))
        case 2:
            body = .short(ShortAnswer(accepted: try strings(&self),
                                      pattern: try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }))
        case 3:
            body = .order(try strings(&self))
        case 4:
            body = .match(try array { (reader: inout BinaryReader) throws(Damaged) in
                MatchPair(left: try reader.string(), right: try reader.string())
            })
        case 5:
            let html = try string(), css = try string(), js = try string()
            let checks = try array { (reader: inout BinaryReader) throws(Damaged) in
                CodeExercise.Check(test: try reader.string(), message: try reader.string())
            }
            let solution = try optional { (reader: inout BinaryReader) throws(Damaged) in
                (html: try reader.string(), css: try reader.string(), js: try reader.string())
            }
            body = .code(CodeExercise(html: html, css: css, js: js, checks: checks, solution: solution))
        default:
            throw Damaged()
        }
        var exercise = Exercise(id: id, hasExplicitID: hasExplicitID, kind: kind, question: question, explanation: explanation,
                                body: body, line: try int())
        exercise.idLine = try int()
        exercise.idColumn = try int()
        let count = try count()
        exercise.compiledTexts.reserveCapacity(count)
        for _ in 0..<count {
            let text = try string()
            exercise.compiledTexts.appendNew(text, try compiled())
        }
        return exercise
    }

    mutating func kind() throws(Damaged) -> SourceBlock.Kind {
        let number = try int(), kinds = SourceBlock.Kind.allCases
        guard kinds.indices.contains(number) else { throw Damaged() }
        return kinds[number]
    }

    mutating func diagnostic() throws(Damaged) -> Diagnostic {
        let severity = try choice(Diagnostic.Severity.self)
        let message = try string()
        let location = try optional { (reader: inout BinaryReader) throws(Damaged) in
            SourceLocation(file: try reader.string(), line: try reader.int(), column: try reader.int())
        }
        var diagnostic = Diagnostic(severity, message, at: location)
        diagnostic.isUsageError = try bool()
        return diagnostic
    }
}
