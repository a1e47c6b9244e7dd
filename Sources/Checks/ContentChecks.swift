import Foundation
import Synchronization
import CourseModel
import CourseLoader

/// The checks that read compiled lessons across files: links and images (broken, unsafe, no
/// alt text), `#anchors` against the headings of the page they lead to, heading levels, and
/// media that could run script (`MediaChecks`).
/// (Each file's own schema and its exercises' parity with the source are checked as the
/// loader reads them.) They run on whatever loaded, even beside load errors, so one run of
/// `check` reports every problem; and once per lesson file, never once per page.
public struct ContentChecks: Sendable {
    let site: Site
    let files: ContentFiles
    let courseID: String?
    let locale: LocaleID?

    public init(site: Site, files: ContentFiles, courseID: String? = nil, locale: LocaleID? = nil) {
        self.site = site
        self.files = files
        self.courseID = courseID
        self.locale = locale
    }

    public func run() -> [Diagnostic] { run(reusing: [:]).diagnostics }

    /// Every problem, and the problems of each course's lessons by course id. A course named in
    /// `reused` is not checked again: its lessons' problems are those given (a rebuild passes
    /// those of courses whose lesson files and outline did not change). Media files are always
    /// read again.
    public func run(reusing reused: [String: [Diagnostic]]) -> (diagnostics: [Diagnostic], lessonProblems: [String: [Diagnostic]]) {
        // Courses link only within themselves: each is checked on its own, on every core.
        let courses = site.courses.filter { courseID == nil || $0.id == courseID }
        let byCourse = [(media: [Diagnostic], lessons: [Diagnostic])].concurrentlyMade(count: courses.count) { index in
            let course = courses[index]
            return (MediaChecks(files: files).run(course), reused[course.id] ?? checkLessons(course))
        }
        var lessonProblems: [String: [Diagnostic]] = [:]
        for (index, course) in courses.enumerated() { lessonProblems[course.id] = byCourse[index].lessons }
        let diagnostics = byCourse.flatMap { $0.media + $0.lessons }
        return (diagnostics.uniqued(), lessonProblems)
    }

    private func checkLessons(_ course: Course) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let targets = LinkTargets(course: course, files: files)
        for lesson in course.lessons {
            for source in lesson.sources.values.sorted(by: { $0.path < $1.path }) {
                let pageLocales = shownIn(source, lesson: lesson, course: course)
                guard !pageLocales.isEmpty else { continue }
                diagnostics += headingLevels(source)
                for (reference, line) in links(of: source) {
                    diagnostics += check(reference, line: line, in: source, lesson: lesson, pageLocales: pageLocales, targets: targets)
                }
            }
        }
        return diagnostics
    }

    /// The locales whose pages show this file: its own, and, for a source file, those that
    /// lack a translation of it (they show the source text).
    private func shownIn(_ source: LessonSource, lesson: Lesson, course: Course) -> [LocaleID] {
        let wanted = course.locales.filter { locale == nil || $0 == locale }
        guard source.withdrawal == nil else { return [] }
        return wanted.filter { $0 == source.locale || (source.locale == course.sourceLocale && lesson.shownTranslation($0) == nil) }
    }

    /// Every link of a file with its line in the file: the body's, a hint's, an exercise's.
    private func links(of source: LessonSource) -> [(LinkReference, Int)] {
        let bodyLine = { (line: Int) in source.bodyStartLine + line - 1 }
        var found = source.compiled.links.map { ($0, bodyLine($0.line)) }
        for block in source.compiled.fencedBlocks {
            found += block.content.flatMap(\.links).map { ($0, bodyLine($0.line)) }
        }
        for exercise in source.exercises {
            for text in exercise.inlineTexts {
                // Inside the exercise's YAML: the line of its fence, no column.
                found += (exercise.compiledTexts[text]?.links ?? []).map { link in
                    var link = link
                    link.column = 0
                    return (link, exercise.line)
                }
            }
        }
        return found
    }

    private func check(_ reference: LinkReference, line: Int, in source: LessonSource, lesson: Lesson, pageLocales: [LocaleID],
                       targets: LinkTargets) -> [Diagnostic] {
        // Made only for a problem: most links have none, and there are thousands.
        var location: SourceLocation { files.location(source.path, line: line, column: reference.column) }
        var diagnostics: [Diagnostic] = []
        if reference.isImage && reference.label.isEmpty {
            diagnostics.append(.warning("image '\(reference.destination)' has no alt text; describe it for learners who cannot see it: ![what it shows](…)", at: location))
        }
        switch targets.target(of: reference, inFile: source.path) {
        case .broken(let message):
            diagnostics.append(.error(message, at: location))
        case .removed(let scheme):
            diagnostics.append(.warning("\(reference.isImage ? "image" : "link") with a '\(scheme):' address is not allowed and was removed", at: location))
        case .unknownScheme(let scheme):
            diagnostics.append(.warning("\(reference.isImage ? "image" : "link") '\(reference.destination)' has a '\(scheme):' address, which a learner's browser cannot open; use an http(s) or mailto: address, or a path to a lesson or media file",
                                        at: location))
        case .samePage(let fragment):
            let wanted = LinkTargets.percentDecoded(fragment)
            if !Self.has(anchor: wanted, in: source) { diagnostics.append(noHeading(wanted, in: [source], at: location)) }
        case .lesson(let module, let slug, let fragment) where !fragment.isEmpty:
            guard let target = targets.lesson(module: module, lesson: slug) else { break }
            diagnostics += anchorProblem(String(fragment.dropFirst()), of: target, linkedFrom: source, pageLocales: pageLocales,
                                         targets: targets, at: location)
        case .lesson, .media, .moduleMedia, .asWritten:
            break
        }
        return diagnostics
    }

    /// The `#fragment` of a link to another lesson, judged once for every page that shows the
    /// link (a source lesson is shown in each locale that lacks its translation, and each page
    /// leads to the target lesson in its own locale): one warning, never one per page.
    ///
    /// The anchor is looked for in the version of the target the link's own readers see (the
    /// source, for a link in a source lesson), then in its other versions, as pages translate
    /// it (`translatedAnchor`). In none: it is a typo, named against that version's headings.
    /// Found, but missing from a version some page shows: that version has fewer headings (a
    /// translation missing a section), and those pages open the lesson at its top.
    private func anchorProblem(_ fragment: String, of target: Lesson, linkedFrom source: LessonSource, pageLocales: [LocaleID],
                               targets: LinkTargets, at location: SourceLocation) -> [Diagnostic] {
        let sourceLocale = targets.course.sourceLocale
        guard let home = target.shown(in: source.locale, sourceLocale: sourceLocale) else { return [] }
        let wanted = LinkTargets.percentDecoded(fragment)
        let versions = [home] + target.sources.values.filter { $0.path != home.path }.sorted { $0.locale < $1.locale }
        guard let foundIn = versions.first(where: { Self.has(anchor: wanted, in: $0) }) else {
            return [noHeading(wanted, in: versions, at: location)]
        }
        let short = versionsLacking(fragment, of: target, on: pageLocales, targets: targets)
        guard !short.isEmpty else { return [] }
        guard let position = foundIn.compiled.headings.firstIndex(where: { $0.anchor == wanted }) else {
            return [noHeading(wanted, in: short.map(\.file), at: location)]
        }
        let counts = short.map { "\(files.displayPath($0.file.path)) has \(Self.count($0.file.compiled.headings.count, "heading"))" }
        let locales = short.flatMap(\.locales).map(\.code)
        return [.warning("'#\(wanted)' is heading \(position + 1) of \(files.displayPath(foundIn.path)), but \(Self.listed(counts)), "
                         + "so on \(Self.listed(locales)) pages this link opens the top of the lesson", at: location)]
    }

    /// The versions of a lesson some of these pages show that have no heading for the
    /// fragment as those pages translate it, each with the locales of those pages.
    private func versionsLacking(_ fragment: String, of target: Lesson, on pageLocales: [LocaleID],
                                 targets: LinkTargets) -> [(file: LessonSource, locales: [LocaleID])] {
        var lacking: [(file: LessonSource, locales: [LocaleID])] = []
        for pageLocale in pageLocales {
            guard let shown = target.shown(in: pageLocale, sourceLocale: targets.course.sourceLocale) else { continue }
            let anchor = LinkTargets.percentDecoded(targets.translatedAnchor(fragment, in: target, locale: pageLocale))
            guard !Self.has(anchor: anchor, in: shown) else { continue }
            if let index = lacking.firstIndex(where: { $0.file.path == shown.path }) {
                lacking[index].locales.append(pageLocale)
            } else {
                lacking.append((shown, [pageLocale]))
            }
        }
        return lacking
    }

    /// A `#fragment` that names no heading or exercise of the first file, with the nearest
    /// heading of the first of the files that has one near.
    private func noHeading(_ wanted: String, in versions: [LessonSource], at location: SourceLocation) -> Diagnostic {
        let nearest = versions.lazy.compactMap { Suggestion.nearest(to: wanted, among: $0.compiled.headings.map(\.anchor).sorted()) }.first
        let suggestion = nearest.map { "; did you mean '#\($0)'?" } ?? ""
        return .warning("no heading '#\(wanted)' in \(files.displayPath(versions[0].path))\(suggestion)", at: location)
    }

    /// Whether a link may name `anchor` in a lesson's page: one of its headings, its exercises,
    /// the page's own ids. Compared one by one: a set of them made for every link with a
    /// fragment hashed each anchor, French and Arabic ones normalised first.
    private static func has(anchor: String, in shown: LessonSource) -> Bool {
        if anchor == "main" || anchor == "toc-title" { return true }
        let headings = shown.compiled.headings
        for index in headings.indices where headings[index].anchor == anchor { return true }
        let exercises = shown.exercises
        for index in exercises.indices where "exercise-\(exercises[index].id)" == anchor { return true }
        return false
    }

    /// `1 heading`, `2 headings`.
    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// `a`, `a and b`, `a, b and c`.
    private static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The lesson title is the page's `<h1>`: sections start at `##`, and no level is skipped
    /// (screen-reader users move through a page by its headings).
    private func headingLevels(_ source: LessonSource) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var previous = 1
        for heading in source.compiled.headings {
            let location = files.location(source.path, line: source.bodyStartLine + heading.line - 1, column: heading.column)
            if heading.level == 1 {
                problems.append(.warning("'# \(heading.text)' is a second page title; the lesson title is the page's only # heading, start sections at ##", at: location))
            } else if heading.level > previous + 1 {
                problems.append(.warning("heading level skips from h\(previous) to h\(heading.level); use \(String(repeating: "#", count: previous + 1))", at: location))
            }
            previous = heading.level
        }
        return problems
    }
}


/// A `--course` or `--locale` that names nothing is an error listing what exists, in every
/// command: a typo in a selector must never look like success.
public enum SelectionCheck {
    public static func problems(site: Site, courseID: String?, locale: LocaleID?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if let courseID, !site.courses.contains(where: { $0.id == courseID }) {
            let suggestion = Suggestion.nearest(to: courseID, among: site.courses.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            problems.append(.usageError("no course '\(courseID)' (courses: \(site.courses.map(\.id).joined(separator: ", ")))\(suggestion)"))
        }
        if let locale, !site.locales.contains(locale) {
            let sameLetters = site.locales.first { $0.code.lowercased() == locale.code.lowercased() }
            let hint = sameLetters.map { "; did you mean '\($0.code)'?" } ?? ""
            problems.append(.usageError("no locale '\(locale.code)' in this site (locales: \(site.locales.map(\.code).joined(separator: ", ")))\(hint)"))
        }
        return problems
    }
}
