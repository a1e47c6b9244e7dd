import CourseModel
import CourseLoader
import Foundation
import Synchronization
import Localization
import Markdown

/// Works out, for every locale, course, module and lesson, what is translated, what is
/// missing and what went stale since it was translated, and how many words are left.
public struct CoverageAnalyzer: Sendable {
    let site: Site
    /// Where the texts of changed blocks are read from, for the report; without it, changes
    /// are reported without their text.
    let files: ContentFiles?

    /// Earlier versions of a source lesson file (content-relative path), newest first — from
    /// git, given by the command line — in which to find the one a translation was stamped for,
    /// to show what changed in each block since.
    let history: (@Sendable (String) -> [String])?

    public init(site: Site, files: ContentFiles? = nil, history: (@Sendable (String) -> [String])? = nil) {
        self.site = site
        self.files = files
        self.history = history
    }

    public struct Selection: Sendable {
        public var locale: LocaleID?
        public var courseID: String?

        public init(locale: LocaleID? = nil, courseID: String? = nil) {
            self.locale = locale
            self.courseID = courseID
        }
    }

    public func report(_ selection: Selection = Selection()) -> CoverageReport {
        report(selection, reusing: nil).report
    }

    /// The report, taking each lesson's figures in a locale from `kept` (an earlier build's)
    /// when its files are the same, and the figures of every lesson for the next build: after
    /// one edit, one lesson is compared with its source again, not thousands. `kept` holds
    /// only while the files that are not lessons stay the same (`KeptLessons.sharedInputs`:
    /// course settings change how lessons compile).
    public func report(_ selection: Selection, reusing kept: KeptLessons?) -> (report: CoverageReport, lessons: KeptLessons) {
        let courses = site.courses.filter { selection.courseID == nil || $0.id == selection.courseID }
        let texts = files.map { SourceTexts(files: $0, history: history) }
        let locales = site.locales.filter { locale in
            (selection.locale == nil || locale == selection.locale)
                && (locale != site.defaultLocale || courses.contains { $0.sourceLocale != locale && $0.locales.contains(locale) })
        }
        let plan = MeasurePlan(courses: courses, locales: locales, kept: kept)
        let sources = sourceBlocks(courses, only: kept == nil ? nil : plan.sourcesToMeasure)
        let report = CoverageReport(locales: locales.map { locale(in: $0, courses: courses, sources: sources, texts: texts, plan: plan) })
        var measured = KeptLessons(sharedInputs: kept?.sharedInputs ?? "")
        measured.lessons.reserveCapacity(plan.files.count)
        for localeCoverage in report.locales {
            for course in localeCoverage.courses {
                for module in course.modules {
                    for lesson in module.lessonDetails {
                        let place = KeptLessons.place(locale: localeCoverage.locale, source: lesson.source)
                        if let files = plan.files[place] { measured.lessons[place] = KeptLessons.Lesson(files: files, coverage: lesson) }
                    }
                }
            }
        }
        return (report, measured)
    }

    /// Which lessons in which locales are taken from `kept`: those whose source and translation
    /// files have the bytes they had (everything else a lesson's figures read — its id, its
    /// place, the course's locales and settings — is in those files, in its path, or in the
    /// shared inputs).
    struct MeasurePlan {
        /// `KeptLessons.place` → the files the lesson's figures are made from.
        var files: [String: KeptLessons.Files] = [:]
        var reused: [String: LessonCoverage] = [:]
        /// Source lessons (paths) that some locale measures again.
        var sourcesToMeasure: Set<String> = []

        init(courses: [Course], locales: [LocaleID], kept: KeptLessons?) {
            guard let kept else { return }
            for course in courses {
                for locale in locales where course.locales.contains(locale) && course.sourceLocale != locale {
                    for lesson in course.lessons {
                        guard let source = lesson.sources[course.sourceLocale] else { continue }
                        let place = KeptLessons.place(locale: locale.code, source: source.path)
                        let translation = lesson.sources[locale]
                        let files = KeptLessons.Files(source: source.fileHash, translation: translation?.fileHash, translationPath: translation?.path)
                        self.files[place] = files
                        if let earlier = kept.lessons[place], earlier.files == files {
                            reused[place] = earlier.coverage
                        } else {
                            sourcesToMeasure.insert(source.path)
                        }
                    }
                }
            }
        }
    }

    /// Each source lesson cut into blocks once, whatever the number of locales (only those in
    /// `only`, when given).
    private func sourceBlocks(_ courses: [Course], only: Set<String>?) -> [String: LessonBlocks] {
        let sources = courses.flatMap { course in course.lessons.compactMap { $0.sources[course.sourceLocale] } }
            .filter { only?.contains($0.path) ?? true }
        let result = Mutex<[String: LessonBlocks]>([:])
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            guard let blocks = LessonBlocks(sources[index]) else { return }
            result.withLock { $0[sources[index].path] = blocks }
        }
        return result.withLock { $0 }
    }

    private func locale(in locale: LocaleID, courses: [Course], sources: [String: LessonBlocks], texts: SourceTexts?,
                        plan: MeasurePlan) -> LocaleCoverage {
        var coverage = LocaleCoverage(locale: locale.code, words: WordFigures(), lessons: StatusCounts(),
                                      missingTitles: missingTitles(locale, courses: courses),
                                      interface: interfaceCoverage(locale), courses: [])
        // Each course is measured on its own, on every core: a rebuild after one edit measures
        // them all again.
        let translated = courses.filter { $0.locales.contains(locale) && $0.sourceLocale != locale }
        let measured = [CourseCoverage].concurrentlyMade(count: translated.count) { index in
            course(translated[index], locale: locale, sources: sources, texts: texts, reused: plan.reused)
        }
        for courseCoverage in measured {
            coverage.words.add(courseCoverage.words)
            coverage.lessons.add(courseCoverage.lessons)
            coverage.courses.append(courseCoverage)
        }
        return coverage
    }

    private func course(_ course: Course, locale: LocaleID, sources: [String: LessonBlocks], texts: SourceTexts?,
                        reused: [String: LessonCoverage]) -> CourseCoverage {
        var result = CourseCoverage(id: course.id, words: WordFigures(), lessons: StatusCounts(), modules: [])
        for module in course.modules {
            var moduleCoverage = ModuleCoverage(slug: module.slug, words: WordFigures(), lessons: StatusCounts(), lessonDetails: [])
            for lesson in module.lessons {
                guard let source = lesson.sources[course.sourceLocale] else { continue }
                let lessonCoverage: LessonCoverage
                if let kept = reused[KeptLessons.place(locale: locale.code, source: source.path)] {
                    lessonCoverage = kept
                } else if let blocks = sources[source.path] {
                    lessonCoverage = LessonAnalysis(lesson: lesson, source: source, blocks: blocks, locale: locale,
                                                    course: course, texts: texts).coverage()
                } else {
                    continue
                }
                moduleCoverage.words.add(lessonCoverage.words)
                moduleCoverage.lessons.add(lessonCoverage.status)
                moduleCoverage.lessonDetails.append(lessonCoverage)
            }
            result.words.add(moduleCoverage.words)
            result.lessons.add(moduleCoverage.lessons)
            result.modules.append(moduleCoverage)
        }
        return result
    }

    private func missingTitles(_ locale: LocaleID, courses: [Course]) -> [MissingTitle] {
        var missing: [MissingTitle] = []
        func check(_ text: LocalizedText, file: String, key: String, source: LocaleID) {
            guard text[locale] == nil, let sourceText = text[source] else { return }
            missing.append(MissingTitle(file: file, key: key, sourceText: sourceText))
        }
        if locale != site.defaultLocale { check(site.title, file: "site.yaml", key: "title", source: site.defaultLocale) }
        for course in courses where course.locales.contains(locale) && course.sourceLocale != locale {
            check(course.title, file: "\(course.id)/course.yaml", key: "title", source: course.sourceLocale)
            check(course.description, file: "\(course.id)/course.yaml", key: "description", source: course.sourceLocale)
            for module in course.modules {
                check(module.title, file: "\(module.directory)/module.yaml", key: "title", source: course.sourceLocale)
            }
        }
        return missing
    }

    /// Only for locales beyond the built-in catalogs: theirs come from `Content/ui/<locale>.yaml`.
    private func interfaceCoverage(_ locale: LocaleID) -> InterfaceCoverage? {
        guard !InterfaceCatalog.builtInLocales.contains(locale) else { return nil }
        let required = InterfaceCatalog.requiredKeys
        let given = site.interfaceOverrides[locale]?.strings ?? [:]
        return InterfaceCoverage(total: required.count, missing: required.filter { given[$0] == nil })
    }
}

/// One lesson in one locale.
struct LessonAnalysis {
    let lesson: Lesson
    let source: LessonSource
    let blocks: LessonBlocks
    let locale: LocaleID
    var course: Course? = nil
    /// Where the texts of changed blocks come from, now and in the stamped version.
    var texts: SourceTexts? = nil

    func coverage() -> LessonCoverage {
        var result = LessonCoverage(id: lesson.id, slug: lesson.slug, status: .missing, source: source.path, file: nil,
                                    words: WordFigures(), changes: [], problems: [], notes: [])
        result.words.sourceWords = blocks.words
        guard let translation = lesson.sources[locale] else {
            result.words.wordsToTranslate = blocks.words
            return result
        }
        result.file = translation.path
        // Being written: not shown, and all of it still to do.
        if translation.isDraft {
            result.status = .draft
            result.words.wordsToTranslate = blocks.words
            return result
        }
        // The source's text under a translation's name: nothing of it is translated yet.
        if translation.bodyHash == source.bodyHash && !source.compiled.outline.blocks.isEmpty {
            result.status = .copied
            result.words.wordsToTranslate = blocks.words
            return result
        }
        let structure = StructureComparison(translation, source: source)
        result.problems = structure.misleading
        result.notes = structure.allowed
        let stampText = translation.sourceHash
        let stamp = stampText.flatMap(SourceStamp.init(parsing:))
        if let stampText, stamp == nil {
            result.problems.append("source_hash '\(stampText)' is not a coursekit stamp; run: coursekit translations stamp \(translation.path)")
        }
        if let stamp, stamp.whole != blocks.stamp.whole {
            result.status = .outdated
            result.changes = changes(since: stamp)
            result.words.wordsToTranslate = result.changes.reduce(0) { $0 + $1.words }
        } else if !structure.misleading.isEmpty {
            // What misleads is still to translate; the rest of the lesson is translated.
            result.status = .mismatch
            result.words.wordsToTranslate = words(concerning: structure.sourceLines, headings: structure.sourceHeadings)
        } else if stamp == nil {
            // Not known to translate any version of the source: counted as still to translate.
            result.status = .unstamped
            result.words.wordsToTranslate = blocks.words
        } else {
            result.status = .complete
        }
        return result
    }

    private func changes(since stamp: SourceStamp) -> [BlockChange] {
        let current = blocks.stamp.blocks
        let texts = self.texts?.current(source)
        let previousTexts = course.flatMap { self.texts?.version(of: source, stamped: stamp, course: $0) }
        return BlockDiff.changes(old: stamp.blocks, new: current).map { change in
            switch change {
            case .changed(let index, let old):
                let block = blocks.blocks[index]
                let previous = previousTexts.flatMap { old < $0.count ? $0[old] : nil }
                var change = BlockChange(change: .changed, block: block.kind, line: block.line, text: texts?[index],
                                         previousText: previous, words: block.words)
                // With the text before, the change is placed: its line (the item of a list, the
                // row of a table), and in an exercise the field.
                if let previous, let text = texts?[index] {
                    change.line = block.line + ChangedPlace.firstChangedLine(old: previous, new: text)
                    if block.kind == "exercise" { change.field = ChangedPlace.changedField(old: previous, new: text) }
                }
                return change
            case .added(let index):
                let block = blocks.blocks[index]
                return BlockChange(change: .added, block: block.kind, line: block.line, text: texts?[index], words: block.words)
            case .moved(let index):
                let block = blocks.blocks[index]
                return BlockChange(change: .moved, block: block.kind, line: block.line, text: nil, words: 0)
            case .removed(let before):
                return BlockChange(change: .removed, block: nil, line: before.map { blocks.blocks[$0].line }, text: nil, words: 0)
            }
        }
    }

    /// Words of the source blocks at `lines` (file lines), a heading's with its whole section,
    /// and of the headings at `headings` alone; all the source's words when none is known.
    private func words(concerning lines: Set<Int>, headings: Set<Int> = []) -> Int {
        var total = 0, inSection = false, found = false
        for block in blocks.blocks {
            if block.kind == "heading" { inSection = lines.contains(block.line) }
            if inSection || lines.contains(block.line) || headings.contains(block.line) {
                total += block.words
                found = true
            }
        }
        return found ? total : blocks.words
    }
}

/// The texts of source lessons' translation units, now and in earlier versions, read once per
/// source lesson however many of its translations are outdated (each locale asks again).
final class SourceTexts: Sendable {
    let files: ContentFiles
    let history: (@Sendable (String) -> [String])?
    private let currentTexts = Mutex<[String: [String]?]>([:])
    /// Source path → its earlier versions as git gives them, newest first.
    private let earlierTexts = Mutex<[String: [String]]>([:])
    /// Source path and version → that version's stamp and unit texts (nil: it does not compile).
    private let measured = Mutex<[String: [Int: (stamp: String, texts: [String])?]]>([:])

    init(files: ContentFiles, history: (@Sendable (String) -> [String])?) {
        self.files = files
        self.history = history
    }

    /// The unit texts of the source as it is, read again from its file.
    func current(_ source: LessonSource) -> [String]? {
        if let known = currentTexts.withLock({ $0[source.path] }) { return known }
        let texts = source.unitTexts(files: files)
        currentTexts.withLock { $0[source.path] = texts }
        return texts
    }

    /// The unit texts of the version of the source that `stamp` names, from its history:
    /// versions are asked of git once, and measured newest first only until one matches.
    func version(of source: LessonSource, stamped stamp: SourceStamp, course: Course) -> [String]? {
        guard let history else { return nil }
        let path = source.path
        let texts = earlierTexts.withLock { $0[path] } ?? {
            let texts = history(path)
            earlierTexts.withLock { $0[path] = texts }
            return texts
        }()
        for (index, text) in texts.enumerated() {
            let version = measured.withLock({ $0[path]?[index] }) ?? {
                let version = TranslationUnits.earlierVersion(text, path: path, course: course, files: files)
                    .map { (stamp: $0.units.stamp.description, texts: $0.texts) }
                measured.withLock { $0[path, default: [:]][index] = .some(version) }
                return version
            }()
            if version?.stamp == stamp.description { return version?.texts }
        }
        return nil
    }
}

/// Each lesson's figures in each locale, with the hashes of the files they were made from, and
/// a hash of the files that are not lessons: what a build keeps for the next
/// (`CoverageAnalyzer.report(_:reusing:)`).
public struct KeptLessons: Sendable, Equatable {
    /// A hash of the content files that are not lessons (site, courses, modules, `ui/`, theme)
    /// and of how the content root is named (messages name files by it): any change there
    /// measures every lesson again.
    public var sharedInputs: String
    /// By `place`.
    public var lessons: [String: Lesson] = [:]

    public struct Lesson: Sendable, Equatable {
        public var files: Files
        public var coverage: LessonCoverage

        public init(files: Files, coverage: LessonCoverage) {
            self.files = files
            self.coverage = coverage
        }
    }

    /// The hash of a lesson's source file and of its translation (nil: none), and where the
    /// translation is (its number may differ from its source's).
    public struct Files: Sendable, Equatable {
        public var source: String
        public var translation: String?
        public var translationPath: String?
    }

    public init(sharedInputs: String, lessons: [String: Lesson] = [:]) {
        self.sharedInputs = sharedInputs
        self.lessons = lessons
    }

    /// A lesson in a locale, by its source file.
    public static func place(locale: String, source: String) -> String { "\(locale) \(source)" }

    /// What was kept, if it was kept for the same shared inputs.
    public func valid(for sharedInputs: String) -> KeptLessons {
        self.sharedInputs == sharedInputs ? self : KeptLessons(sharedInputs: sharedInputs)
    }
}

// The build keeps `KeptLessons` in its state file, field by field (`BinaryWriter`).
extension BinaryWriter {
    public mutating func keptLessons(_ kept: KeptLessons) {
        string(kept.sharedInputs)
        array(kept.lessons.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value.files.source)
            writer.optional(entry.value.files.translation) { $0.string($1) }
            writer.optional(entry.value.files.translationPath) { $0.string($1) }
            writer.lessonCoverage(entry.value.coverage)
        }
    }

    mutating func lessonCoverage(_ lesson: LessonCoverage) {
        string(lesson.id)
        string(lesson.slug)
        string(lesson.status.rawValue)
        string(lesson.source)
        optional(lesson.file) { $0.string($1) }
        int(lesson.words.sourceWords)
        int(lesson.words.wordsToTranslate)
        array(lesson.changes) { writer, change in
            writer.string(change.change.rawValue)
            writer.optional(change.block) { $0.string($1) }
            writer.optional(change.line) { $0.int($1) }
            writer.optional(change.text) { $0.string($1) }
            writer.optional(change.previousText) { $0.string($1) }
            writer.optional(change.field) { $0.string($1) }
            writer.int(change.words)
        }
        array(lesson.problems) { $0.string($1) }
        array(lesson.notes) { $0.string($1) }
    }
}

extension BinaryReader {
    public mutating func keptLessons() throws(Damaged) -> KeptLessons {
        var kept = KeptLessons(sharedInputs: try string())
        for _ in 0..<(try count()) {
            let place = try string()
            let text = { (reader: inout BinaryReader) throws(Damaged) in
                try reader.optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
            }
            let files = KeptLessons.Files(source: try string(), translation: try text(&self), translationPath: try text(&self))
            kept.lessons[place] = KeptLessons.Lesson(files: files, coverage: try lessonCoverage())
        }
        return kept
    }

    mutating func lessonCoverage() throws(Damaged) -> LessonCoverage {
        let strings = { (reader: inout BinaryReader) throws(Damaged) in
            try reader.array { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        }
        let text = { (reader: inout BinaryReader) throws(Damaged) in
            try reader.optional { (reader: inout BinaryReader) throws(Damaged) in try reader.string() }
        }
        let id = try string(), slug = try string()
        let status = try choice(LessonStatus.self)
        let source = try string()
        let file = try text(&self)
        var words = WordFigures()
        words.sourceWords = try int()
        words.wordsToTranslate = try int()
        let changes = try array { (reader: inout BinaryReader) throws(Damaged) -> BlockChange in
            let kind = try reader.choice(BlockChange.Kind.self)
            let block = try text(&reader)
            let line = try reader.optional { (reader: inout BinaryReader) throws(Damaged) in try reader.int() }
            let current = try text(&reader), previous = try text(&reader), field = try text(&reader)
            var change = BlockChange(change: kind, block: block, line: line, text: current, previousText: previous, words: try reader.int())
            change.field = field
            return change
        }
        return LessonCoverage(id: id, slug: slug, status: status, source: source, file: file, words: words, changes: changes,
                              problems: try strings(&self), notes: try strings(&self))
    }
}
