/// The translation coverage of a site, as `coursekit coverage --format json` prints it.
/// The schema is documented in docs/coverage.md; keys are stable.
public struct CoverageReport: Codable, Sendable, Equatable {
    public var format = "coursekit-coverage"
    public var version = 1
    public var locales: [LocaleCoverage]
}

public enum LessonStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case complete, unstamped, copied, draft, outdated, mismatch, missing

    public static func < (lhs: LessonStatus, rhs: LessonStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Lessons by status: every status is present, so a reader never has to guess a zero.
public struct StatusCounts: Codable, Sendable, Equatable {
    public var complete = 0, unstamped = 0, copied = 0, draft = 0, outdated = 0, mismatch = 0, missing = 0

    mutating func add(_ status: LessonStatus) { self[status] += 1 }

    mutating func add(_ other: StatusCounts) {
        for status in LessonStatus.allCases { self[status] += other[status] }
    }

    public var total: Int { LessonStatus.allCases.reduce(0) { $0 + self[$1] } }

    public subscript(status: LessonStatus) -> Int {
        get {
            switch status {
            case .complete: complete
            case .unstamped: unstamped
            case .copied: copied
            case .draft: draft
            case .outdated: outdated
            case .mismatch: mismatch
            case .missing: missing
            }
        }
        set {
            switch status {
            case .complete: complete = newValue
            case .unstamped: unstamped = newValue
            case .copied: copied = newValue
            case .draft: draft = newValue
            case .outdated: outdated = newValue
            case .mismatch: mismatch = newValue
            case .missing: missing = newValue
            }
        }
    }
}

/// Figures shared by every level: locale, course, module, lesson.
public struct WordFigures: Codable, Sendable, Equatable {
    /// Words of the source-locale text.
    public var sourceWords = 0
    /// Words still to translate: all of a missing, mismatched, unstamped or copied lesson, the
    /// changed and added blocks of an outdated one.
    public var wordsToTranslate = 0

    /// Share of the source's words that are translated and current, in percent, one decimal.
    public var coverage: Double {
        sourceWords == 0 ? 100 : (Double(sourceWords - wordsToTranslate) / Double(sourceWords) * 1000).rounded(.down) / 10
    }

    mutating func add(_ other: WordFigures) {
        sourceWords += other.sourceWords
        wordsToTranslate += other.wordsToTranslate
    }

    enum CodingKeys: String, CodingKey { case sourceWords = "source_words", wordsToTranslate = "words_to_translate", coverage }

    public init() {}

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sourceWords, forKey: .sourceWords)
        try container.encode(wordsToTranslate, forKey: .wordsToTranslate)
        try container.encode(coverage, forKey: .coverage)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceWords = try container.decode(Int.self, forKey: .sourceWords)
        wordsToTranslate = try container.decode(Int.self, forKey: .wordsToTranslate)
    }
}

public struct LocaleCoverage: Codable, Sendable, Equatable {
    public var locale: String
    public var words: WordFigures
    public var lessons: StatusCounts
    /// Titles and descriptions in site.yaml, course.yaml and module.yaml still missing.
    public var missingTitles: [MissingTitle]
    /// Interface strings missing, for a locale coursekit has no built-in catalog for.
    @NullWhenAbsent public var interface: InterfaceCoverage?
    public var courses: [CourseCoverage]

    enum CodingKeys: String, CodingKey {
        case locale, words, lessons, interface, courses
        case missingTitles = "missing_titles"
    }
}

public struct MissingTitle: Codable, Sendable, Equatable {
    /// The YAML file, content-relative.
    public var file: String
    /// `title` or `description`.
    public var key: String
    public var sourceText: String

    enum CodingKeys: String, CodingKey { case file, key, sourceText = "source_text" }
}

public struct InterfaceCoverage: Codable, Sendable, Equatable {
    public var total: Int
    public var missing: [String]
}

public struct CourseCoverage: Codable, Sendable, Equatable {
    public var id: String
    public var words: WordFigures
    public var lessons: StatusCounts
    public var modules: [ModuleCoverage]
}

public struct ModuleCoverage: Codable, Sendable, Equatable {
    public var slug: String
    public var words: WordFigures
    public var lessons: StatusCounts
    public var lessonDetails: [LessonCoverage]

    enum CodingKeys: String, CodingKey { case slug, words, lessons, lessonDetails = "lesson_details" }
}

public struct LessonCoverage: Codable, Sendable, Equatable {
    public var id: String
    public var slug: String
    public var status: LessonStatus
    /// The source file and the translation file (nil when missing), content-relative.
    public var source: String
    @NullWhenAbsent public var file: String?
    public var words: WordFigures
    /// For an outdated lesson: the source blocks changed, added or removed since the stamp.
    public var changes: [BlockChange]
    /// Why a lesson is a mismatch (what would mislead a learner), or why its stamp could not be read.
    public var problems: [String]
    /// Differences from the source a translator may make (a note, a link, a code sample split):
    /// information, not problems (`StructureComparison`).
    public var notes: [String]
}

public struct BlockChange: Codable, Sendable, Equatable {
    /// `moved`: the same block at another place; nothing to translate again (0 words).
    public enum Kind: String, Codable, Sendable { case changed, added, moved, removed }

    public var change: Kind
    /// `paragraph`, `heading`, `list`, `table`, `code`, `exercise`, `front matter`, …; nil for a
    /// removed block, of which only the place is known.
    @NullWhenAbsent public var block: String?
    /// Line in the source file (for a removed block: of the block now in its place).
    @NullWhenAbsent public var line: Int?
    /// The block's current text (nil for a removed or moved block, or when it cannot be read).
    @NullWhenAbsent public var text: String?
    /// For a changed block, its text in the version of the source the translation was stamped
    /// for, when that version can be found (in git); nil otherwise.
    @NullWhenAbsent public var previousText: String? = nil
    /// For a changed exercise whose earlier text is known: the first field that changed
    /// (`question`, `answers[2].correct`).
    @NullWhenAbsent public var field: String? = nil
    public var words: Int

    enum CodingKeys: String, CodingKey { case change, block, line, field, text, previousText = "previous_text", words }
}

/// An optional that the coverage JSON writes as `null` when it is absent, where Swift's own
/// encoding would leave the key out: docs/coverage.md shows every key, so a reader never has
/// to tell a missing key from an empty value.
@propertyWrapper
public struct NullWhenAbsent<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A key left out reads as absent, as it would for a plain optional.
    public func decode<Value>(_ type: NullWhenAbsent<Value>.Type, forKey key: Key) throws -> NullWhenAbsent<Value> {
        try decodeIfPresent(type, forKey: key) ?? NullWhenAbsent(wrappedValue: nil)
    }
}
