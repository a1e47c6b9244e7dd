import Foundation
import CourseModel
import Markdown
import YAML

/// Reads the exercise blocks of a lesson body: fenced blocks named after an exercise kind,
/// whose body is YAML. Schema errors are reported at their line in the lesson file.
struct ExerciseReader {
    let files: ContentFiles
    let path: String
    /// File line of the first body line.
    let bodyStartLine: Int
    var diagnostics: [Diagnostic] = []
    /// The words a translator translates in each exercise block whose YAML parsed, by the
    /// block's line in the body: counted on the YAML read here, not parsed again for coverage.
    /// Only in a lesson of the source locale (`countsWords`): coverage counts the source's words.
    private(set) var translatableWords: [Int: Int] = [:]
    let countsWords: Bool

    static let commonKeys = ["id", "question", "explanation"]
    static let kindKeys: [Exercise.Kind: [String]] = [
        .quiz: ["answers"], .fill: ["text"], .short: ["answers", "pattern"], .order: ["steps"],
        .match: ["pairs"], .code: ["html", "css", "js", "checks", "solution"],
    ]

    /// How the exercises' text fields compile (the course's `allow_html`).
    let options: MarkdownOptions

    init(files: ContentFiles, path: String, bodyStartLine: Int, options: MarkdownOptions, countsWords: Bool) {
        self.files = files
        self.countsWords = countsWords
        self.path = path
        self.bodyStartLine = bodyStartLine
        self.options = MarkdownOptions(allowHTML: options.allowHTML)
    }

    /// The exercises among a body's fenced blocks, in order, their text fields compiled; ids
    /// are left empty where the author gave none.
    mutating func read(_ blocks: [FencedBlock]) -> [Exercise] {
        var exercises: [Exercise] = []
        var ids: [String: Int] = [:]
        for block in blocks {
            let fenceLine = bodyStartLine + block.line - 1
            guard let kind = Exercise.Kind(rawValue: block.language) else {
                reportMisspeltKind(block, fenceLine: fenceLine)
                continue
            }
            guard var exercise = read(block, kind: kind, fenceLine: fenceLine) else { continue }
            for text in exercise.inlineTexts where exercise.compiledTexts[text] == nil {
                exercise.compiledTexts[text] = MarkdownCompiler.compileInline(text, options: options)
            }
            if exercise.hasExplicitID {
                if let first = ids[exercise.id] {
                    diagnostics.append(.error("duplicate exercise id '\(exercise.id)' (first used at line \(first)); progress is stored under it, so each exercise needs its own",
                                              at: files.location(path, line: exercise.idLine, column: exercise.idColumn)))
                }
                ids[exercise.id] = exercise.idLine
            }
            exercises.append(exercise)
        }
        return exercises
    }

    /// A block named `quizz` holding exercise YAML is a typo, not a code sample.
    private mutating func reportMisspeltKind(_ block: FencedBlock, fenceLine: Int) {
        guard !block.language.isEmpty, !["hint", "solution"].contains(block.language),
              Self.mayHoldExerciseKeys(block.literal),
              let nearest = Suggestion.nearest(to: block.language, among: Exercise.Kind.allCases.map(\.rawValue) + ["hint", "solution"]),
              let node = try? YAMLParser().parse(block.literal), node["id"] != nil || node["question"] != nil else { return }
        diagnostics.append(.error("unknown exercise kind '\(block.language)'; did you mean '\(nearest)'?", at: files.location(path, line: fenceLine)))
    }

    /// Whether `text` has `id` or `question` before a colon (`id:`, `"id":`, `{question: …`),
    /// as the YAML of an exercise does: a code sample without is neither compared with the
    /// kinds' names nor parsed (every code block of every lesson comes here).
    static func mayHoldExerciseKeys(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func keyEnds(at start: Int) -> Bool {
                var index = start
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { index += 1 }
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
                return index < bytes.count && bytes[index] == UInt8(ascii: ":")
            }
            for index in bytes.indices {
                let rest = bytes[index...]
                if bytes[index] == UInt8(ascii: "i"), rest.starts(with: "id".utf8), keyEnds(at: index + 2) { return true }
                if bytes[index] == UInt8(ascii: "q"), rest.starts(with: "question".utf8), keyEnds(at: index + 8) { return true }
            }
            return false
        }
    }

    private mutating func read(_ block: FencedBlock, kind: Exercise.Kind, fenceLine: Int) -> Exercise? {
        let root: YAMLNode?
        do {
            let document = try YAMLParser().parseDocument(block.literal, lineOffset: fenceLine)
            root = document.root
            if countsWords { translatableWords[block.line] = root.map(ExerciseWords.count) ?? 0 }
            for warning in document.warnings {
                diagnostics.append(.warning("\(kind.rawValue) exercise: \(warning.message)",
                                            at: files.location(path, line: warning.mark.line, column: warning.mark.column)))
            }
        } catch {
            diagnostics.append(.error("\(kind.rawValue) exercise: \(error.message)", at: files.location(path, line: error.mark.line, column: error.mark.column)))
            return nil
        }
        var schema = SchemaReader(file: path, files: files)
        defer { diagnostics += schema.diagnostics }
        guard let root, let mapping = schema.mapping(root, what: "the \(kind.rawValue) exercise") else {
            if root == nil { schema.error("\(kind.rawValue) exercise is empty", at: nil) }
            return nil
        }
        schema.checkKeys(mapping, known: Self.commonKeys + Self.kindKeys[kind]!, what: "a \(kind.rawValue) exercise")
        let id = schema.string(mapping["id"], key: "id")
        if let id, !CourseReader.isSlug(id) {
            schema.error("exercise id '\(id)' must use only a-z, 0-9, '-' and '_' (progress is stored under it)", at: mapping["id"])
        }
        let name = id.map { "\(kind.rawValue) '\($0)'" } ?? "this \(kind.rawValue)"
        var parser = BodyParser(schema: schema, mapping: mapping, name: name)
        let body = parser.body(kind)
        schema = parser.schema
        guard let body else { return nil }
        var exercise = Exercise(id: id ?? "", hasExplicitID: id != nil, kind: kind,
                                question: schema.string(mapping["question"], key: "question"),
                                explanation: schema.string(mapping["explanation"], key: "explanation"),
                                body: body, line: fenceLine)
        if let mark = mapping["id"]?.mark {
            exercise.idLine = mark.line
            exercise.idColumn = mark.column
        }
        return exercise
    }
}

/// The kind-specific part of an exercise.
private struct BodyParser {
    var schema: SchemaReader
    let mapping: YAMLNode
    /// `quiz 'q1'`, for messages.
    let name: String

    mutating func body(_ kind: Exercise.Kind) -> Exercise.Body? {
        switch kind {
        case .quiz: quiz()
        case .fill: fill()
        case .short: short()
        case .order: order()
        case .match: match()
        case .code: code()
        }
    }

    private mutating func required(_ key: String) -> YAMLNode? {
        guard let node = mapping[key], !node.isNull else {
            schema.error("\(name) needs '\(key)'", at: mapping)
            return nil
        }
        return node
    }

    private mutating func list(_ key: String, atLeast minimum: Int, of what: String) -> [YAMLNode]? {
        guard let node = required(key) else { return nil }
        guard let items = node.items else {
            schema.error("'\(key)' must be a list of \(what)", at: node)
            return nil
        }
        guard items.count >= minimum else {
            schema.error("\(name) needs at least \(minimum) \(what)", at: node)
            return nil
        }
        return items
    }

    private mutating func quiz() -> Exercise.Body? {
        guard let items = list("answers", atLeast: 2, of: "answers") else { return nil }
        var answers: [QuizAnswer] = []
        for item in items {
            if let text = item.string {
                answers.append(QuizAnswer(text: text, correct: false, feedback: nil))
                continue
            }
            guard item.pairs != nil else {
                schema.error("an answer is text or a mapping with 'text', 'correct' and 'feedback'", at: item)
                continue
            }
            schema.checkKeys(item, known: ["text", "correct", "feedback"], what: "an answer")
            guard let text = schema.string(item["text"], key: "text"), !text.isEmpty else {
                schema.error("answer has no 'text'", at: item)
                continue
            }
            answers.append(QuizAnswer(text: text, correct: schema.bool(item["correct"], key: "correct") ?? false,
                                      feedback: schema.string(item["feedback"], key: "feedback")))
        }
        if answers.count == items.count, !answers.contains(where: \.correct) {
            schema.error("\(name) has no correct answer; mark one with 'correct: true'", at: mapping["answers"])
        }
        return .quiz(answers)
    }

    private mutating func fill() -> Exercise.Body? {
        guard let node = required("text"), let text = schema.string(node, key: "text") else { return nil }
        var segments: [FillText.Segment] = []
        var blanks: [[String]] = []
        var rest = Substring(text)
        while let open = rest.range(of: "[[") {
            guard let close = rest[open.upperBound...].range(of: "]]") else {
                schema.error("a blank opened with '[[' is never closed with ']]'", at: node)
                return nil
            }
            if !rest[..<open.lowerBound].isEmpty { segments.append(.text(String(rest[..<open.lowerBound]))) }
            let answers = rest[open.upperBound..<close.lowerBound].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if answers.isEmpty {
                schema.error("blank \(blanks.count + 1) of \(name) has no answer; write it as [[answer]] or [[answer|other answer]]", at: node)
            }
            segments.append(.blank(blanks.count))
            blanks.append(answers)
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        if blanks.isEmpty { schema.error("\(name) has no blank; write blanks as [[answer]]", at: node) }
        return .fill(FillText(segments: segments, blanks: blanks))
    }

    private mutating func short() -> Exercise.Body? {
        let accepted = schema.strings(mapping["answers"], key: "answers").filter { !$0.isEmpty }
        let pattern = schema.string(mapping["pattern"], key: "pattern")
        if accepted.isEmpty && pattern == nil {
            schema.error("\(name) needs 'answers' (a list of accepted answers) or a 'pattern'", at: mapping)
            return nil
        }
        // Swift's Regex, not NSRegularExpression: the fuzzer found that Foundation's leaks memory
        // on some patterns. Its syntax is close enough to JavaScript's to catch a broken pattern.
        if let pattern, (try? Regex(pattern)) == nil {
            schema.error("'pattern' of \(name) is not a valid regular expression", at: mapping["pattern"])
        } else if let pattern, let group = PatternSafety.nestedQuantifier(in: pattern) {
            schema.error("'pattern' of \(name) repeats a group that itself repeats (\(group)): a wrong answer could freeze the learner's page for seconds; write it without the outer repeat, like [a-z ]+",
                         at: mapping["pattern"])
        } else if let pattern, let (kind, found) = PatternSafety.typedOnlyCharacter(in: pattern) {
            let advice = kind == .capital
                ? "a learner who types it in lower case is refused; allow both (like [A-Za-z]) if either will do"
                : "a learner who types without them is refused; leave them out if either will do (answers are also tried without them)"
            schema.warning("'pattern' of \(name) holds \(kind.rawValue) ('\(found)'), matched only as the learner typed it: \(advice)",
                           at: mapping["pattern"])
        }
        return .short(ShortAnswer(accepted: accepted, pattern: pattern))
    }

    private mutating func order() -> Exercise.Body? {
        guard let items = list("steps", atLeast: 2, of: "steps") else { return nil }
        let steps = items.compactMap { schema.string($0, key: "steps") }
        if Set(steps).count != steps.count { schema.error("two steps of \(name) have the same text; learners could not tell them apart", at: mapping["steps"]) }
        return .order(steps)
    }

    private mutating func match() -> Exercise.Body? {
        guard let items = list("pairs", atLeast: 2, of: "pairs") else { return nil }
        var pairs: [MatchPair] = []
        for item in items {
            guard item.pairs != nil else {
                schema.error("a pair is a mapping with 'left' and 'right'", at: item)
                continue
            }
            schema.checkKeys(item, known: ["left", "right"], what: "a pair")
            guard let left = schema.string(item["left"], key: "left"), let right = schema.string(item["right"], key: "right") else {
                schema.error("a pair needs both 'left' and 'right'", at: item)
                continue
            }
            pairs.append(MatchPair(left: left, right: right))
        }
        if Set(pairs.map(\.right)).count != pairs.count { schema.error("two pairs of \(name) have the same right side", at: mapping["pairs"]) }
        return .match(pairs)
    }

    private mutating func code() -> Exercise.Body? {
        let html = schema.string(mapping["html"], key: "html") ?? ""
        let css = schema.string(mapping["css"], key: "css") ?? ""
        let js = schema.string(mapping["js"], key: "js") ?? ""
        guard let node = mapping["checks"], let items = node.items, !items.isEmpty else {
            schema.error("\(name) has no checks; add 'checks:' with a 'test' and a 'message' each", at: mapping["checks"] ?? mapping)
            return nil
        }
        var checks: [CodeExercise.Check] = []
        for item in items {
            schema.checkKeys(item, known: ["test", "message"], what: "a check")
            guard let test = schema.string(item["test"], key: "test"), let message = schema.string(item["message"], key: "message") else {
                schema.error("a check needs a 'test' (a JavaScript expression) and a 'message'", at: item)
                continue
            }
            checks.append(CodeExercise.Check(test: test, message: message))
        }
        var solution: (html: String, css: String, js: String)?
        if let node = mapping["solution"], node.pairs != nil {
            schema.checkKeys(node, known: ["html", "css", "js"], what: "a code solution")
            solution = (schema.string(node["html"], key: "html") ?? "", schema.string(node["css"], key: "css") ?? "",
                        schema.string(node["js"], key: "js") ?? "")
        }
        return .code(CodeExercise(html: html, css: css, js: js, checks: checks, solution: solution))
    }
}

/// Regular expressions that take exponential time on a wrong answer ("catastrophic
/// backtracking") in the learner's browser: a group holding an unbounded repeat, itself
/// repeated without bound — `([a-z]+ ?)+`, `(a*)*`, `(\d+){2,}`.
enum PatternSafety {
    /// The first such group, as written; nil when there is none.
    static func nestedQuantifier(in pattern: String) -> String? {
        let characters = Array(pattern)
        var groups: [(start: Int, repeats: Bool)] = []   // open groups: where, and whether a repeat is inside
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" { index += 2; continue }
            if inClass { if character == "]" { inClass = false }; index += 1; continue }
            switch character {
            case "[": inClass = true
            case "(": groups.append((index, false))
            case ")":
                guard let group = groups.popLast() else { break }
                let unbounded = isUnboundedRepeat(characters, at: index + 1)
                if group.repeats && unbounded {
                    let end = characters[index + 1] == "{" ? characters[(index + 1)...].firstIndex(of: "}") ?? index + 1 : index + 1
                    return String(characters[group.start...end])
                }
                if (group.repeats || unbounded), !groups.isEmpty { groups[groups.count - 1].repeats = true }
            case "+", "*":
                if !groups.isEmpty { groups[groups.count - 1].repeats = true }
            case "{":
                if isUnboundedRepeat(characters, at: index), !groups.isEmpty { groups[groups.count - 1].repeats = true }
            default: break
            }
            index += 1
        }
        return nil
    }

    enum TypedOnly: String {
        case capital = "a capital letter"
        case mark = "a vowel mark or an accent"
    }

    /// The first letter of a pattern (outside escapes) that only the answer as typed can
    /// match: a capital, or a letter with a vowel mark or an accent. (The page also tries the
    /// answer in lower case without marks; that form never holds them.)
    static func typedOnlyCharacter(in pattern: String) -> (TypedOnly, String)? {
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                // An escape: `\D`, `\W`; `\p{Lu}` and `\u{10FFFF}` with their braces.
                if index + 2 < characters.count, characters[index + 2] == "{",
                   let close = characters[(index + 2)...].firstIndex(of: "}") {
                    index = close + 1
                } else {
                    index += 2
                }
                continue
            }
            if character.isUppercase { return (.capital, String(character)) }
            let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            if decomposed.contains(where: { $0.properties.generalCategory == .nonspacingMark }) { return (.mark, String(character)) }
            index += 1
        }
        return nil
    }

    /// `+`, `*` or `{n,}` at `index`.
    private static func isUnboundedRepeat(_ characters: [Character], at index: Int) -> Bool {
        guard index < characters.count else { return false }
        if characters[index] == "+" || characters[index] == "*" { return true }
        guard characters[index] == "{", let close = characters[index...].firstIndex(of: "}") else { return false }
        let inside = String(characters[(index + 1)..<close])
        return inside.hasSuffix(",") && Int(inside.dropLast()) != nil
    }
}
