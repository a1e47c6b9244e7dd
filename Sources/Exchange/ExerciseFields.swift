import CourseModel
import YAML

/// An exercise's text fields as translation units, and the exercise written again as YAML with
/// translated texts: the id, kind, which answers are correct, patterns, code and checks are the
/// source's, always (a translation may not change what is accepted as right).
struct ExerciseFields {
    struct Field: Equatable {
        /// The field's place in the exercise (`question`, `answer-2`, `answer-2-feedback`…).
        var name: String
        var kind: UnitKind
        var text: String
        /// For the translator: what it is.
        var note: String
    }

    let exercise: Exercise
    let fields: [Field]

    init(_ exercise: Exercise) {
        self.exercise = exercise
        var fields: [Field] = []
        func add(_ name: String, _ text: String?, _ note: String, kind: UnitKind = .exerciseField) {
            if let text, !text.isEmpty { fields.append(Field(name: name, kind: kind, text: text, note: note)) }
        }
        add("question", exercise.question, "the question")
        switch exercise.body {
        case .quiz(let answers):
            for (index, answer) in answers.enumerated() {
                add("answer-\(index + 1)", answer.text, "answer \(index + 1)" + (answer.correct ? " (a correct one)" : ""))
                add("answer-\(index + 1)-feedback", answer.feedback, "feedback shown for answer \(index + 1)")
            }
        case .fill(let fill):
            add("text", Self.textWithNumberedBlanks(fill), "the text; keep each blank [[1]], [[2]]… where it belongs in your sentence")
            for (index, answers) in fill.blanks.enumerated() {
                add("blank-\(index + 1)", answers.joined(separator: "|"),
                    "answers accepted in blank \(index + 1), as learners would type them; separate several with |", kind: .answers)
            }
        case .short(let short):
            if !short.accepted.isEmpty {
                add("answers", short.accepted.joined(separator: "|"), "answers accepted, as learners would type them; separate several with |", kind: .answers)
            }
        case .order(let steps):
            for (index, step) in steps.enumerated() { add("step-\(index + 1)", step, "step \(index + 1), in the right order") }
        case .match(let pairs):
            for (index, pair) in pairs.enumerated() {
                add("pair-\(index + 1)-left", pair.left, "left side of pair \(index + 1)")
                add("pair-\(index + 1)-right", pair.right, "right side of pair \(index + 1), matched with the left side")
            }
        case .code(let code):
            for (index, check) in code.checks.enumerated() { add("check-\(index + 1)", check.message, "shown when check \(index + 1) fails") }
        }
        add("explanation", exercise.explanation, "shown after a right answer")
        self.fields = fields
    }

    /// A fill text with its blanks as `[[1]]`, `[[2]]`…
    static func textWithNumberedBlanks(_ fill: FillText) -> String {
        fill.segments.map { segment in
            switch segment {
            case .text(let text): text
            case .blank(let index): "[[\(index + 1)]]"
            }
        }.joined()
    }

    /// The exercise's fenced block with each field's text from `text(name)`.
    func block(_ text: (String) -> String) -> String {
        var yaml = YAMLWriter()
        if exercise.hasExplicitID { yaml.line("id", .plain(exercise.id)) }
        if exercise.question?.isEmpty == false { yaml.line("question", .quoted(text("question"))) }
        switch exercise.body {
        case .quiz(let answers):
            yaml.key("answers")
            for (index, answer) in answers.enumerated() {
                yaml.item("text", .quoted(text("answer-\(index + 1)")))
                if answer.correct { yaml.line("correct", .plain("true"), indent: 4) }
                if answer.feedback?.isEmpty == false { yaml.line("feedback", .quoted(text("answer-\(index + 1)-feedback")), indent: 4) }
            }
        case .fill(let fill):
            var filled = text("text")
            for index in fill.blanks.indices {
                filled = filled.replacingOccurrences(of: "[[\(index + 1)]]", with: "[[\(text("blank-\(index + 1)"))]]")
            }
            yaml.line("text", .quoted(filled))
        case .short(let short):
            if !short.accepted.isEmpty {
                yaml.key("answers")
                for answer in text("answers").split(separator: "|") { yaml.listItem(.quoted(String(answer).trimmingSpaces)) }
            }
            if let pattern = short.pattern { yaml.line("pattern", .quoted(pattern)) }
        case .order(let steps):
            yaml.key("steps")
            for index in steps.indices { yaml.listItem(.quoted(text("step-\(index + 1)"))) }
        case .match(let pairs):
            yaml.key("pairs")
            for index in pairs.indices {
                yaml.item("left", .quoted(text("pair-\(index + 1)-left")))
                yaml.line("right", .quoted(text("pair-\(index + 1)-right")), indent: 4)
            }
        case .code(let code):
            for (key, value) in [("html", code.html), ("css", code.css), ("js", code.js)] where !value.isEmpty {
                yaml.line(key, .literal(value))
            }
            yaml.key("checks")
            for (index, check) in code.checks.enumerated() {
                yaml.item("test", .quoted(check.test))
                yaml.line("message", .quoted(text("check-\(index + 1)")), indent: 4)
            }
            if let solution = code.solution {
                yaml.key("solution")
                for (key, value) in [("html", solution.html), ("css", solution.css), ("js", solution.js)] where !value.isEmpty {
                    yaml.line(key, .literal(value), indent: 2)
                }
            }
        }
        if exercise.explanation?.isEmpty == false { yaml.line("explanation", .quoted(text("explanation"))) }
        return "```\(exercise.kind.rawValue)\n" + yaml.text + "```"
    }
}

/// Just enough YAML for an exercise: keys, lists of mappings, quoted strings, literal blocks.
struct YAMLWriter {
    enum Value {
        case plain(String)
        case quoted(String)
        case literal(String)
    }

    private(set) var text = ""

    mutating func line(_ key: String, _ value: Value, indent: Int = 0) {
        let pad = String(repeating: " ", count: indent)
        text += "\(pad)\(key): \(Self.written(value, indent: indent + 2))\n"
    }

    mutating func key(_ key: String) { text += "\(key):\n" }

    /// The first key of a mapping in a list.
    mutating func item(_ key: String, _ value: Value) { text += "  - \(key): \(Self.written(value, indent: 4))\n" }

    mutating func listItem(_ value: Value) { text += "  - \(Self.written(value, indent: 4))\n" }

    static func written(_ value: Value, indent: Int) -> String {
        switch value {
        case .plain(let text): return text
        case .quoted(let text): return text.yamlDoubleQuoted
        case .literal(let text):
            let pad = String(repeating: " ", count: indent)
            let chomp = text.hasSuffix("\n\n") ? "+" : text.hasSuffix("\n") ? "" : "-"
            let indicator = text.first == " " ? "2" : ""
            let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
            return "|\(indicator)\(chomp)\n" + body.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
