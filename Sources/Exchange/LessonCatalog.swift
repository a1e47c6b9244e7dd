import CourseModel
import CourseLoader
import Translation
import Checks

/// One unit of a lesson as a translation tool shows it: the source text, the translation (empty
/// when there is none), whether the translation needs review because the source changed, and
/// what the translator needs to know.
public struct ExchangeUnit: Sendable, Equatable {
    /// Stable across edits elsewhere in the lesson: the lesson id, the section's anchor, the
    /// unit's kind and its number in that section (`what-is-data/reading-a-table/paragraph-2`);
    /// an exercise's fields by exercise id. Never a line number.
    public var key: String
    public var kind: UnitKind
    public var source: String
    public var target: String
    /// The source changed since this translation was made: to review.
    public var isFuzzy = false
    /// The source text the translation was made from, when it changed and git still has it.
    public var previousSource: String?
    /// `file:line` of the source text.
    public var reference: String
    /// For the translator: what the unit is, and what to keep.
    public var note: String

    public init(key: String, kind: UnitKind, source: String, target: String = "", reference: String, note: String) {
        self.key = key
        self.kind = kind
        self.source = source
        self.target = target
        self.reference = reference
        self.note = note
    }
}

/// A lesson's units for one locale: what `translations export` writes and `import` reads.
public struct LessonCatalog: Sendable, Equatable {
    /// The source lesson, content-relative.
    public var sourcePath: String
    public var sourceLocale: LocaleID
    public var locale: LocaleID
    /// The stamp of the source text exported: an import is stamped against it.
    public var sourceStamp: String
    /// SHA-256 of the translation file when it was exported ("" when there was none): an
    /// import refuses to replace a file edited since.
    public var translationHash: String
    public var units: [ExchangeUnit]

    public init(sourcePath: String, sourceLocale: LocaleID, locale: LocaleID, sourceStamp: String, translationHash: String,
                units: [ExchangeUnit]) {
        self.sourcePath = sourcePath
        self.sourceLocale = sourceLocale
        self.locale = locale
        self.sourceStamp = sourceStamp
        self.translationHash = translationHash
        self.units = units
    }

    /// Where the translation of `sourcePath` into `locale` is written.
    public var translationPath: String { Self.translationPath(of: sourcePath, locale: locale) }

    static func translationPath(of sourcePath: String, locale: LocaleID) -> String {
        LinkTargets.lessonKey(sourcePath) + ".\(locale.code).md"
    }
}

/// A lesson file as units: its source cut once, and the same cut applied to a translation or
/// an earlier version, so their units line up.
struct LessonText {
    let source: LessonSource
    let frontMatter: FrontMatter
    let segments: LessonSegments

    init?(_ source: LessonSource, text: String) {
        guard let parts = try? FrontMatter.split(text) else { return nil }
        self.source = source
        self.frontMatter = parts
        self.segments = LessonSegments(body: parts.body, outline: source.compiled.outline, fencedBlocks: source.compiled.fencedBlocks)
    }

    /// Each outline block's kind, to line a translation's blocks up with its source's.
    var blockSignatures: [String] {
        source.compiled.outline.blocks.map { $0.kind == .code ? "code:\($0.language)" : $0.kind.rawValue }
    }

    /// The units of each block, in order.
    var unitsByBlock: [Int: [LessonSegments.Unit]] {
        Dictionary(grouping: segments.units, by: \.block)
    }

    var exercises: [Exercise] {
        segments.exercises.compactMap { index in source.exercise(of: source.compiled.fencedBlocks[index]) }
    }
}

