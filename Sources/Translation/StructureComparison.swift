import CourseModel
import Foundation

/// How a translation's structure differs from its source's, split by what a learner would
/// suffer from.
///
/// Translators add a note, link to a video in their language, split a long code sample or drop
/// a link that has no equivalent: that is translating, and such differences are **allowed** —
/// reported as information, with their lines. A lesson is a **mismatch** only where a learner
/// would be misled: an exercise that differs from the source's (its id, kind or answer key:
/// progress and answers would not be the source's), a section of the source missing here, a
/// heading at another level (the outline and screen-reader navigation change), or code that differs in substance (comments, string contents and spacing aside, which
/// translators rightly translate). Each names its place in both files.
struct StructureComparison: Equatable {
    /// What makes the lesson a mismatch.
    var misleading: [String] = []
    /// What a translator did on purpose, as far as can be told: information only.
    var allowed: [String] = []
    /// Lines (in the source file) of the source blocks a misleading difference concerns: their
    /// words count as still to translate, the rest as translated.
    var sourceLines: Set<Int> = []
    /// Lines of source headings a misleading difference concerns alone, not their section:
    /// a heading whose level changed (its section is translated).
    var sourceHeadings: Set<Int> = []

    init(_ translation: LessonSource, source: LessonSource) {
        compareExercises(translation, source)
        compareSections(translation, source)
        compareCode(translation, source)
        compareCounts(translation, source)
    }


    // MARK: exercises

    private mutating func compareExercises(_ translation: LessonSource, _ source: LessonSource) {
        let sourceIDs = Set(source.exercises.map(\.id)), translationIDs = Set(translation.exercises.map(\.id))
        for exercise in source.exercises where !translationIDs.contains(exercise.id) {
            misleading.append("exercise '\(exercise.id)' (source line \(exercise.line)) is missing here")
            sourceLines.insert(exercise.line)
        }
        for exercise in translation.exercises where !sourceIDs.contains(exercise.id) {
            misleading.append("exercise '\(exercise.id)' at line \(exercise.line) here is not in the source")
        }
        let byID = Dictionary(translation.exercises.map { ($0.id, $0) }) { first, _ in first }
        for there in source.exercises {
            guard let here = byID[there.id] else { continue }
            if here.kind != there.kind {
                misleading.append("exercise '\(here.id)' is a \(here.kind.rawValue) here (line \(here.line)), a \(there.kind.rawValue) in the source (line \(there.line))")
                sourceLines.insert(there.line)
            } else if here.answerKey != there.answerKey {
                misleading.append("exercise '\(here.id)' has \(here.answerKey) here (line \(here.line)), \(there.answerKey) in the source (line \(there.line))")
                sourceLines.insert(there.line)
            }
        }
        let sourceOrder = source.exercises.map(\.id).filter(translationIDs.contains)
        let translationOrder = translation.exercises.map(\.id).filter(sourceIDs.contains)
        if sourceOrder != translationOrder {
            misleading.append("the exercises are in another order here (\(translationOrder.joined(separator: ", "))) than in the source (\(sourceOrder.joined(separator: ", ")))")
        }
    }

    // MARK: sections

    /// Headings matched in order by their level and the ids of the exercises in their section
    /// — what a translator keeps. A pair with the same exercises at another level is a level
    /// changed (`##` made `###`: the outline and a screen reader's heading list are not the
    /// source's); a source heading left unmatched is a section missing here; one of the
    /// translation's is an added note.
    private mutating func compareSections(_ translation: LessonSource, _ source: LessonSource) {
        let theirs = source.compiled.headings, mine = translation.compiled.headings
        let signatures = (source: Self.sectionSignatures(source), translation: Self.sectionSignatures(translation))
        let pairs = Self.aligned(signatures.source, signatures.translation) { there, here in
            there == here ? 2 : there.exercises == here.exercises ? 1 : 0
        }
        for (index, other) in pairs where theirs[index].level != mine[other].level {
            let there = theirs[index], here = mine[other]
            misleading.append("heading '\(there.text)' is \(Self.marks(there.level)) in the source (\(source.path):\(source.fileLine(there.line))) "
                              + "and \(Self.marks(here.level)) here (\(translation.path):\(translation.fileLine(here.line)))")
            sourceHeadings.insert(source.fileLine(there.line))
        }
        for index in theirs.indices where !pairs.contains(where: { $0.0 == index }) {
            let heading = theirs[index]
            misleading.append("section \(Self.marks(heading.level)) \(heading.text) (source line \(source.fileLine(heading.line))) has no heading here")
            sourceLines.insert(source.fileLine(heading.line))
        }
        for index in mine.indices where !pairs.contains(where: { $0.1 == index }) {
            let heading = mine[index]
            allowed.append("a heading added here: \(Self.marks(heading.level)) \(heading.text) (line \(translation.fileLine(heading.line)))")
        }
    }

    /// `##` for a level 2 heading.
    static func marks(_ level: Int) -> String { String(repeating: "#", count: level) }

    /// A heading as matched across languages: its level and the ids of the exercises up to
    /// the next heading (its text is translated).
    struct SectionSignature: Equatable {
        var level: Int
        var exercises: [String]
    }

    static func sectionSignatures(_ text: LessonSource) -> [SectionSignature] {
        let headings = text.compiled.headings
        return headings.indices.map { index in
            let start = text.fileLine(headings[index].line)
            let end = index + 1 < headings.count ? text.fileLine(headings[index + 1].line) : Int.max
            return SectionSignature(level: headings[index].level, exercises: text.exercises.filter { $0.line > start && $0.line < end }.map(\.id))
        }
    }

    /// Indices of each list left out of a longest common subsequence of the two.
    static func unmatched<Element: Equatable>(_ a: [Element], _ b: [Element]) -> ([Int], [Int]) {
        let pairs = aligned(a, b) { $0 == $1 ? 1 : 0 }
        return (a.indices.filter { index in !pairs.contains { $0.0 == index } }, b.indices.filter { index in !pairs.contains { $0.1 == index } })
    }

    /// The pairs (index in `a`, index in `b`, both increasing) of an alignment of two lists
    /// with the greatest total score, a pair scoring `score` (0: never paired). An equal pair
    /// scoring twice a similar one, similar pairs fill the gaps between equal ones, and two
    /// headings that swapped levels read as two levels changed, not a section missing and one
    /// added.
    static func aligned<Element>(_ a: [Element], _ b: [Element], score: (Element, Element) -> Int) -> [(Int, Int)] {
        var best = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                let paired = score(a[i], b[j])
                best[i][j] = max(best[i + 1][j], best[i][j + 1], paired > 0 ? paired + best[i + 1][j + 1] : 0)
            }
        }
        var i = 0, j = 0, pairs: [(Int, Int)] = []
        while i < a.count && j < b.count {
            let paired = score(a[i], b[j])
            if paired > 0 && best[i][j] == paired + best[i + 1][j + 1] {
                pairs.append((i, j))
                i += 1
                j += 1
            } else if best[i + 1][j] >= best[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return pairs
    }

    // MARK: code

    /// The code samples, one after the other: the same in substance whatever their number of
    /// blocks (a sample split in two is allowed), not where the code itself changed.
    private mutating func compareCode(_ translation: LessonSource, _ source: LessonSource) {
        let theirs = Self.codeBlocks(source), mine = Self.codeBlocks(translation)
        let theirSubstance = theirs.map { Self.substance($0.literal) }, mySubstance = mine.map { Self.substance($0.literal) }
        if !Self.same(Array(theirSubstance.joined()), Array(mySubstance.joined())) {
            if theirs.count == mine.count, let index = theirSubstance.indices.first(where: { !Self.same(theirSubstance[$0], mySubstance[$0]) }) {
                misleading.append("the code block at line \(translation.fileLine(mine[index].line)) differs from the source's at line \(source.fileLine(theirs[index].line)) (more than comments, text in quotes and spacing)")
                sourceLines.insert(source.fileLine(theirs[index].line))
            } else {
                let lines = { (text: LessonSource, blocks: [FencedBlock]) in blocks.map { String(text.fileLine($0.line)) }.joined(separator: ", ") }
                misleading.append("the code here (\(mine.count) blocks, lines \(lines(translation, mine))) differs from the source's (\(theirs.count), lines \(lines(source, theirs)))")
            }
        } else if theirs.count != mine.count {
            allowed.append("the same code in \(mine.count) blocks here, \(theirs.count) in the source")
        }
    }

    /// Fenced code shown as code: not exercises, hints or solutions (compared apart).
    static func codeBlocks(_ text: LessonSource) -> [FencedBlock] {
        text.compiled.fencedBlocks.filter { block in !["hint", "solution"].contains(block.language) && text.exercise(of: block) == nil }
    }

    /// Code without what translators translate: whole-line comments, the text inside quotes,
    /// and white space. Byte by byte (the UTF-8 of a quote, a comment start and ASCII white
    /// space is one byte that no other character contains): every lesson's code is compared at
    /// each build, and walking it Character by Character was a tenth of a one-lesson rebuild.
    static func substance(_ code: String) -> [UInt8] {
        var code = code
        return code.withUTF8 { bytes in
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                keepSubstance(of: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), into: &kept)
                lineStart = lineEnd + 1
            }
            return kept
        }
    }

    private static func keepSubstance(of line: UnsafeBufferPointer<UInt8>, into kept: inout [UInt8]) {
        var start = 0
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        let trimmed = UnsafeBufferPointer(rebasing: line[start...])
        if commentStarts.contains(where: { trimmed.starts(with: $0) }) { return }
        var inQuote: UInt8? = nil
        var index = 0
        while index < trimmed.count {
            let byte = trimmed[index]
            if byte >= 0x80 {
                // A character outside ASCII: kept unless it is white space (a no-break space).
                var decoder = UTF8()
                var bytes = trimmed[index...].makeIterator()
                var length = 1
                while index + length < trimmed.count && trimmed[index + length] & 0xC0 == 0x80 { length += 1 }
                if inQuote == nil, case .scalarValue(let scalar) = decoder.decode(&bytes), scalar.properties.isWhitespace {
                    index += length
                    continue
                }
                if inQuote == nil { kept.append(contentsOf: trimmed[index..<(index + length)]) }
                index += length
                continue
            }
            if let quote = inQuote {
                if byte == quote { inQuote = nil; kept.append(byte) }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                inQuote = byte
                kept.append(byte)
            } else if !(byte == 0x20 || (0x09...0x0D).contains(byte)) {
                kept.append(byte)
            }
            index += 1
        }
    }

    /// The same substance: the same bytes, or the same text once Unicode's equivalent
    /// spellings are counted as one (an `é` written as `e` and a combining accent, as some
    /// editors save it), as Swift compares strings.
    static func same(_ one: [UInt8], _ other: [UInt8]) -> Bool {
        one == other || String(decoding: one, as: UTF8.self) == String(decoding: other, as: UTF8.self)
    }

    private static let commentStarts: [[UInt8]] = ["#", "//", "--", ";", "%", "<!--", "/*", "*"].map { Array($0.utf8) }

    // MARK: links and images

    private mutating func compareCounts(_ translation: LessonSource, _ source: LessonSource) {
        for isImage in [false, true] {
            let theirs = source.compiled.links.filter { $0.isImage == isImage }
            let mine = translation.compiled.links.filter { $0.isImage == isImage }
            guard theirs.count != mine.count else { continue }
            let name = isImage ? "images" : "links"
            allowed.append("\(mine.count) \(name) here, \(theirs.count) in the source")
        }
    }
}
