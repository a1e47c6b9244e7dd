import Foundation

/// An exercise written as a fenced block (```` ```quiz ````) whose body is YAML.
/// Text fields hold inline Markdown, rendered like the lesson text.
public struct Exercise: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case quiz, fill, short, order, match, code
    }

    /// Stable id: progress is stored under it. Default `<lesson-id>-<n>`.
    public var id: String
    /// Whether the id was written by the author (a default id changes when exercises move).
    public var hasExplicitID: Bool
    public var kind: Kind
    public var question: String?
    /// Shown after a correct answer or when the learner asks for the solution.
    public var explanation: String?
    public var body: Body
    /// Line of the opening fence in the lesson file.
    public var line: Int
    /// Where the `id:` value is in the lesson file (line and column), when the author wrote one.
    public var idLine = 0
    public var idColumn = 0
    /// Its text fields as inline Markdown, compiled by the loader, by the text as written
    /// (see `inlineTexts`).
    public var compiledTexts = CompiledTexts()

    public enum Body: Sendable, Equatable {
        case quiz([QuizAnswer])
        case fill(FillText)
        case short(ShortAnswer)
        case order([String])
        case match([MatchPair])
        case code(CodeExercise)
    }

    public init(id: String, hasExplicitID: Bool, kind: Kind, question: String?, explanation: String?, body: Body, line: Int) {
        self.id = id
        self.hasExplicitID = hasExplicitID
        self.kind = kind
        self.question = question
        self.explanation = explanation
        self.body = body
        self.line = line
    }

    /// Every text field shown as inline Markdown: the question, the explanation, answers and
    /// feedback, the fill text (blanks as placeholders), steps, pairs and check messages.
    public var inlineTexts: [String] {
        var texts = [question, explanation].compactMap { $0 }
        switch body {
        case .quiz(let answers): texts += answers.flatMap { [$0.text] + ($0.feedback.map { [$0] } ?? []) }
        case .fill(let fill): texts.append(fill.markdownWithPlaceholders)
        case .short: break
        case .order(let steps): texts += steps
        case .match(let pairs): texts += pairs.flatMap { [$0.left, $0.right] }
        case .code(let code): texts += code.checks.map(\.message)
        }
        return texts
    }

    /// What a translation must keep identical to its source: the kind, the id, and the answer
    /// key's shape (which quiz answers are correct, how many blanks, steps, pairs and checks).
    public var answerKey: String {
        switch body {
        case .quiz(let answers):
            switch answers.indices.filter({ answers[$0].correct }).map({ String($0 + 1) }) {
            case []: "no correct answer"
            case let one where one.count == 1: "correct answer \(one[0])"
            case let several: "correct answers " + several.joined(separator: ", ")
            }
        case .fill(let text): "\(text.blanks.count) blanks"
        case .short(let answer): answer.pattern != nil ? "a pattern" : "accepted answers"
        case .order(let steps): "\(steps.count) steps"
        case .match(let pairs): "\(pairs.count) pairs"
        case .code(let code): "\(code.checks.count) checks"
        }
    }
}

extension Exercise {
    /// Whether `other` has the answer key `answerKey` names, without making its text: the
    /// loader compares every translated exercise with its source's on every build.
    public func hasSameAnswerKey(as other: Exercise) -> Bool {
        switch (body, other.body) {
        case (.quiz(let mine), .quiz(let theirs)):
            mine.indices.lazy.filter { mine[$0].correct }.elementsEqual(theirs.indices.lazy.filter { theirs[$0].correct })
        case (.fill(let mine), .fill(let theirs)): mine.blanks.count == theirs.blanks.count
        case (.short(let mine), .short(let theirs)): (mine.pattern == nil) == (theirs.pattern == nil)
        case (.order(let mine), .order(let theirs)): mine.count == theirs.count
        case (.match(let mine), .match(let theirs)): mine.count == theirs.count
        case (.code(let mine), .code(let theirs)): mine.checks.count == theirs.checks.count
        default: answerKey == other.answerKey
        }
    }
}

public struct QuizAnswer: Sendable, Equatable {
    public var text: String
    public var correct: Bool
    public var feedback: String?

    public init(text: String, correct: Bool, feedback: String?) {
        self.text = text
        self.correct = correct
        self.feedback = feedback
    }
}

/// A text with blanks: `The total is [[5500|5 500]] litres.`
public struct FillText: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case text(String)
        /// Index into `blanks`.
        case blank(Int)
    }

    public var segments: [Segment]
    /// Accepted answers per blank, in order.
    public var blanks: [[String]]

    public init(segments: [Segment], blanks: [[String]]) {
        self.segments = segments
        self.blanks = blanks
    }

    /// The text with each blank as a placeholder, so the Markdown around the blanks compiles
    /// as one text; the page puts its inputs where the placeholders are.
    public var markdownWithPlaceholders: String {
        segments.map { segment in
            switch segment {
            case .text(let text): text
            case .blank(let index): Self.placeholder(index)
            }
        }.joined()
    }

    public static func placeholder(_ index: Int) -> String { "xcoursekitblank\(index)x" }
}

public struct ShortAnswer: Sendable, Equatable {
    public var accepted: [String]
    /// A regular expression (JavaScript syntax) the normalised answer must match whole.
    public var pattern: String?

    public init(accepted: [String], pattern: String?) {
        self.accepted = accepted
        self.pattern = pattern
    }
}

public struct MatchPair: Sendable, Equatable {
    public var left: String
    public var right: String

    public init(left: String, right: String) {
        self.left = left
        self.right = right
    }
}

public struct CodeExercise: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        /// A JavaScript expression evaluated in the preview's document; truthy passes.
        public var test: String
        /// Shown when the check fails.
        public var message: String

        public init(test: String, message: String) {
            self.test = test
            self.message = message
        }
    }

    public var html: String
    public var css: String
    public var js: String
    public var checks: [Check]
    public var solution: (html: String, css: String, js: String)?

    public init(html: String, css: String, js: String, checks: [Check], solution: (html: String, css: String, js: String)?) {
        self.html = html
        self.css = css
        self.js = js
        self.checks = checks
        self.solution = solution
    }

    public static func == (lhs: CodeExercise, rhs: CodeExercise) -> Bool {
        lhs.html == rhs.html && lhs.css == rhs.css && lhs.js == rhs.js && lhs.checks == rhs.checks
            && lhs.solution?.html == rhs.solution?.html && lhs.solution?.css == rhs.solution?.css && lhs.solution?.js == rhs.solution?.js
    }
}

/// Answer normalisation shared by `fill` and `short` (the browser applies the same rules, in
/// coursekit.js, where search builds on them too): case, surrounding and repeated spaces, Unicode NFC, invisible marks
/// (bidi controls, zero-width characters, soft hyphens — what a phone keyboard or a copied text
/// slips in), Arabic diacritics and tatweel, alef forms, alef maksura, Persian yeh and keheh
/// read as Arabic yeh and kaf, Arabic presentation forms unfolded (NFKC), and Arabic-Indic or
/// Eastern Arabic-Indic digits read as Latin digits.
public enum AnswerNormalizer {
    public static func normalize(_ answer: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        func add(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if invisible(value) { return }
            if (0xFB50...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value) {
                // A presentation form (ﻻ, ﺑ): the letters it stands for, each normalised in turn.
                for unfolded in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars where unfolded != scalar {
                    add(unfolded)
                }
                return
            }
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                return
            }
            if (0x064B...0x065F).contains(value) || value == 0x0670 || value == 0x0640 { return }   // harakat, superscript alef, tatweel
            if pendingSpace { scalars.append(" "); pendingSpace = false }
            switch value {
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(value - 0x0660 + 0x30)!)   // ٠-٩
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(value - 0x06F0 + 0x30)!)   // ۰-۹
            case 0x0622, 0x0623, 0x0625, 0x0671: scalars.append("\u{0627}")                // آ أ إ ٱ → ا
            case 0x0649, 0x06CC: scalars.append("\u{064A}")                                // ى and Persian ی → ي
            case 0x06A9: scalars.append("\u{0643}")                                        // Persian ک → ك
            case 0x0629: scalars.append("\u{0647}")                                        // ة → ه: فئه for فئة is a common spelling
            default: scalars.append(scalar)
            }
        }
        for scalar in answer.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars { add(scalar) }
        return String(scalars)
    }

    /// Marks with no width: bidi controls (LRM, RLM, ALM, embeddings, isolates), zero-width
    /// space, joiners, word joiner, byte-order mark, soft hyphen.
    static func invisible(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}

/// An exercise's text fields compiled as inline Markdown, by the text as written. A handful
/// per exercise, kept as a list in the order they were added: a text is looked up only when
/// its lesson's page, search index or checks are made again, while a dictionary hashed every
/// text of every exercise (Unicode-normalising Arabic and French ones) each time a rebuild
/// took thousands of lessons from the lesson pack.
public struct CompiledTexts: Sendable, Equatable {
    public private(set) var entries: [(text: String, compiled: CompiledMarkdown)] = []

    public init() {}

    public var count: Int { entries.count }

    /// The compiled text of `text` (compared as Strings are: canonically equivalent text matches).
    public subscript(text: String) -> CompiledMarkdown? {
        get { index(of: text).map { entries[$0].compiled } }
        set {
            let index = index(of: text)
            switch (index, newValue) {
            case (let index?, let compiled?): entries[index].compiled = compiled
            case (let index?, nil): entries.remove(at: index)
            case (nil, let compiled?): entries.append((text, compiled))
            case (nil, nil): break
            }
        }
    }

    /// Where `text` is. Each entry's text is compared in place: `first(where:)` copied every
    /// entry it passed, compiled Markdown and all (a page asks for each exercise field's text).
    private func index(of text: String) -> Int? {
        for index in entries.indices where entries[index].text == text { return index }
        return nil
    }

    /// Adds a text known not to be there yet (read back from what `entries` held).
    public mutating func appendNew(_ text: String, _ compiled: CompiledMarkdown) {
        entries.append((text, compiled))
    }

    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    /// The same texts with the same compiled Markdown, in any order.
    public static func == (lhs: CompiledTexts, rhs: CompiledTexts) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.text] == $0.compiled }
    }
}
