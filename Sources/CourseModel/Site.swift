/// The whole content tree, as read from `Content/`. Plain values: no I/O happens here.
public struct Site: Sendable {
    /// Names the site in learners' browsers: progress and the language choice are kept under
    /// it, so two sites on one USB stick or one server never see each other's. `id:` in
    /// site.yaml, or one derived from the site's title.
    public var id: String
    public var title: LocalizedText
    /// Locales the site is built in, in the order the language chooser shows them.
    public var locales: [LocaleID]
    public var defaultLocale: LocaleID
    public var courses: [Course]
    /// Interface strings and locale facts from `Content/ui/<locale>.yaml`.
    public var interfaceOverrides: [LocaleID: InterfaceOverrides]

    public init(id: String, title: LocalizedText, locales: [LocaleID], defaultLocale: LocaleID,
                courses: [Course], interfaceOverrides: [LocaleID: InterfaceOverrides] = [:]) {
        self.id = id
        self.title = title
        self.locales = locales
        self.defaultLocale = defaultLocale
        self.courses = courses
        self.interfaceOverrides = interfaceOverrides
    }
}

/// One course: the unit that is packaged and copied to a camp server or a USB stick.
public struct Course: Sendable {
    /// The folder name under `Content/`, also the output folder and the progress key.
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText
    /// The locale the authors write in; other locales are translations of it.
    public var sourceLocale: LocaleID
    public var locales: [LocaleID]
    /// Whether raw HTML in this course's Markdown is rendered (off by default: translators
    /// are many and not all are trusted with script).
    public var allowHTML: Bool
    /// Whether the course may ship HTML and JavaScript files in its media (`allow_active_media`):
    /// off by default, since such a file runs script on the learners' site. When on, HTML media
    /// are written with the pages' content policy.
    public var allowActiveMedia = false
    /// Whether a printed lesson ends with its exercises' answers (`print_answers`, on by
    /// default: a facilitator's handout; off for a printed test).
    public var printAnswers = true
    public var modules: [Module]
    /// The course's media files, content-relative paths: those under `<course>/media/` (shared
    /// by its lessons, written once) and those kept in a module folder beside the lessons that
    /// use them (written beside those lessons' pages).
    public var media: [String]
    /// Lesson files left out of this build because their lesson is a draft (`draft: true` in
    /// its source's front matter), so a link to one is explained rather than called broken.
    public var draftFiles: Set<String> = []

    public init(id: String, title: LocalizedText, description: LocalizedText, sourceLocale: LocaleID,
                locales: [LocaleID], allowHTML: Bool, modules: [Module], media: [String]) {
        self.id = id
        self.title = title
        self.description = description
        self.sourceLocale = sourceLocale
        self.locales = locales
        self.allowHTML = allowHTML
        self.modules = modules
        self.media = media
    }

    public var lessons: [Lesson] { modules.flatMap(\.lessons) }

    /// The module whose folder holds a media file kept beside lessons, with the file's path
    /// inside that folder; nil for a file of the course's `media/` folder.
    public func moduleHolding(media path: String) -> (module: Module, relative: String)? {
        for module in modules where path.hasPrefix(module.directory + "/") {
            return (module, String(path.dropFirst(module.directory.count + 1)))
        }
        return nil
    }
}

extension Site {
    /// The site without its draft lessons (`draft: true` in the source's front matter): what
    /// `build` and `package` make unless asked for drafts, and what coverage counts.
    public func withoutDrafts() -> Site {
        var site = self
        for courseIndex in site.courses.indices {
            for moduleIndex in site.courses[courseIndex].modules.indices {
                let lessons = site.courses[courseIndex].modules[moduleIndex].lessons
                site.courses[courseIndex].draftFiles.formUnion(lessons.filter(\.isDraft).flatMap { $0.sources.values.map(\.path) })
                site.courses[courseIndex].modules[moduleIndex].lessons = lessons.filter { !$0.isDraft }
            }
        }
        return site
    }
}

/// A module: a folder of lessons (`NN-slug/`, or `slug/` ordered by its module.yaml).
public struct Module: Sendable {
    /// The folder name without its `NN-` prefix, if it has one; used in URLs.
    public var slug: String
    /// The folder as written, content-relative (`data-basics/01-getting-started`).
    public var directory: String
    public var title: LocalizedText
    public var lessons: [Lesson]

    public init(slug: String, directory: String, title: LocalizedText, lessons: [Lesson]) {
        self.slug = slug
        self.directory = directory
        self.title = title
        self.lessons = lessons
    }
}

/// A lesson and its files, one per locale it is written in.
public struct Lesson: Sendable {
    /// The file name without `NN-`, locale and `.md`; used in URLs.
    public var slug: String
    /// Stable id (front matter `id` of the source, default the slug): progress is keyed on it.
    public var id: String
    public var sources: [LocaleID: LessonSource]
    /// Its source is marked `draft: true`: left out of builds and coverage unless drafts are asked for.
    public var isDraft = false

    public init(slug: String, id: String, sources: [LocaleID: LessonSource]) {
        self.slug = slug
        self.id = id
        self.sources = sources
    }

    /// The translation pages in `locale` show: nil when there is none, or when it is withdrawn
    /// (its exercises no longer match the source's; see `LessonSource.withdrawal`).
    public func shownTranslation(_ locale: LocaleID) -> LessonSource? {
        sources[locale].flatMap { $0.withdrawal == nil ? $0 : nil }
    }

    /// The file a page in `locale` shows: its translation, else the source.
    public func shown(in locale: LocaleID, sourceLocale: LocaleID) -> LessonSource? {
        shownTranslation(locale) ?? sources[sourceLocale]
    }
}

extension LessonSource {
    /// The line in the file of a line of the body: compiled positions (headings, fenced blocks,
    /// links) count from the body's first line.
    public func fileLine(_ bodyLine: Int) -> Int { bodyStartLine + bodyLine - 1 }

    /// The exercise a fenced block of the body is, if it is one (its fence is the exercise's
    /// line, and its language the exercise's kind).
    public func exercise(of block: FencedBlock) -> Exercise? {
        let line = fileLine(block.line)
        // Compared in place: `first(where:)` copied each exercise it passed, texts and all.
        for index in exercises.indices where exercises[index].line == line && exercises[index].kind.rawValue == block.language {
            return exercises[index]
        }
        return nil
    }
}

/// One lesson file: front matter plus the Markdown body.
///
/// A value, kept behind one reference (copied on write): lessons are copied into lists,
/// dictionaries and closures all through a build, and copying some twenty fields one retain
/// at a time was a twentieth of a rebuild after one edit.
public struct LessonSource: Sendable, Equatable {
    public var locale: LocaleID {
        _read { yield box.values.locale }
        _modify { yield &unique().values.locale }
    }
    /// Content-relative path (`data-basics/01-getting-started/01-what-is-data.en.md`).
    public var path: String {
        _read { yield box.values.path }
        _modify { yield &unique().values.path }
    }
    public var title: String {
        _read { yield box.values.title }
        _modify { yield &unique().values.title }
    }
    public var duration: Int? {
        _read { yield box.values.duration }
        _modify { yield &unique().values.duration }
    }
    public var objectives: [String] {
        _read { yield box.values.objectives }
        _modify { yield &unique().values.objectives }
    }
    public var sourceHash: String? {
        _read { yield box.values.sourceHash }
        _modify { yield &unique().values.sourceHash }
    }
    /// The `id` front matter key, read from source-locale files only.
    public var explicitID: String? {
        _read { yield box.values.explicitID }
        _modify { yield &unique().values.explicitID }
    }
    /// Where that `id:` value is written (line and column in the file).
    public var explicitIDLine: Int {
        _read { yield box.values.explicitIDLine }
        _modify { yield &unique().values.explicitIDLine }
    }
    public var explicitIDColumn: Int {
        _read { yield box.values.explicitIDColumn }
        _modify { yield &unique().values.explicitIDColumn }
    }
    /// The Markdown body, compiled once by the loader: what every later step reads. (The text
    /// as written is not kept apart: `compiled.outline.blocks` hold it, block by block.)
    public var compiled: CompiledMarkdown {
        _read { yield box.values.compiled }
        _modify { yield &unique().values.compiled }
    }
    /// The exercise blocks of the body, in order.
    public var exercises: [Exercise] {
        _read { yield box.values.exercises }
        _modify { yield &unique().values.exercises }
    }
    /// Why pages do not show this translation, when its exercises no longer match its
    /// source's (an author changed an answer key, a translator dropped an exercise): a stale
    /// translation must not stop the whole site's build, nor give learners answers the source
    /// no longer accepts. Its locale's pages show the source under the "not translated" banner
    /// until it is fixed; the build warns, so `check --strict` and coverage still fail on it.
    public var withdrawal: String? {
        _read { yield box.values.withdrawal }
        _modify { yield &unique().values.withdrawal }
    }
    /// Marked `draft: true`. A translation still being written (as `coursekit new translation`
    /// starts one) is withdrawn, and counted by coverage as still to translate; a source lesson
    /// is left out of builds (`Lesson.isDraft`).
    public var isDraft: Bool {
        _read { yield box.values.isDraft }
        _modify { yield &unique().values.isDraft }
    }
    /// Where it comes in its module when its file name has no `NN-` prefix (`order:` in the
    /// front matter of a source lesson).
    public var order: Int? {
        _read { yield box.values.order }
        _modify { yield &unique().values.order }
    }
    /// Its translation units, words and stamp, for a file in its course's source locale (nil
    /// for translations): measured once, by the loader.
    public var units: TranslationUnits? {
        _read { yield box.values.units }
        _modify { yield &unique().values.units }
    }
    /// XXH3-128 of the Markdown after the front matter: a translation with its source's is a
    /// copy, not a translation (coverage).
    public var bodyHash: String {
        _read { yield box.values.bodyHash }
        _modify { yield &unique().values.bodyHash }
    }
    /// A hash of the file's bytes (`LessonReader.fileHash`): a page made from this file is
    /// rendered again only when it changes (`PageFingerprint`).
    public var fileHash: String {
        _read { yield box.values.fileHash }
        _modify { yield &unique().values.fileHash }
    }
    /// The file line on which `body` starts, so Markdown positions map back to the file.
    public var bodyStartLine: Int {
        _read { yield box.values.bodyStartLine }
        _modify { yield &unique().values.bodyStartLine }
    }

    public init(locale: LocaleID, path: String, title: String, duration: Int?, objectives: [String],
                sourceHash: String?, compiled: CompiledMarkdown, bodyStartLine: Int) {
        box = Box(Values(locale: locale, path: path, title: title, duration: duration, objectives: objectives,
                         sourceHash: sourceHash, compiled: compiled, bodyStartLine: bodyStartLine))
    }

    private var box: Box

    /// The values, for this lesson file alone: copied first when another value shares them.
    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.values) }
        return box
    }

    public static func == (lhs: LessonSource, rhs: LessonSource) -> Bool {
        lhs.box === rhs.box || lhs.box.values == rhs.box.values
    }

    /// Mutated only through `unique()`, so a value never sees another's change: `Sendable`
    /// as the struct's stored properties were.
    private final class Box: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }

    private struct Values: Equatable {
        var locale: LocaleID
        var path: String
        var title: String
        var duration: Int?
        var objectives: [String]
        var sourceHash: String?
        var explicitID: String?
        var explicitIDLine: Int = 0
        var explicitIDColumn: Int = 0
        var compiled: CompiledMarkdown
        var exercises: [Exercise] = []
        var withdrawal: String?
        var isDraft: Bool = false
        var order: Int?
        var units: TranslationUnits?
        var bodyHash: String = ""
        var fileHash: String = ""
        var bodyStartLine: Int
    }
}
