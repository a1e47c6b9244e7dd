import Foundation
import CourseModel
import CourseLoader
import YAML

/// `translations import`: a PO or XLIFF file back into `<lesson>.<locale>.md`, with the
/// source's structure (the same blocks, code, exercise ids and answer keys) and the translated
/// texts. Every unit's markup is checked first; one problem stops that file with the unit named
/// at its line, and nothing is written. Units with no translation (or one marked to review)
/// keep the source's text, and the lesson is then left unstamped, so coverage counts it as not
/// yet translated. A translation edited since the export is not replaced unless `force`.
public struct LessonImport: Sendable {
    let site: Site
    let files: ContentFiles

    public init(site: Site, files: ContentFiles) {
        self.site = site
        self.files = files
    }

    public struct Outcome: Sendable, Equatable {
        /// The translation written, content-relative.
        public var path: String
        public var translated: Int
        public var total: Int
        /// Whether every unit was translated, so the file is stamped.
        public var isComplete: Bool { translated == total }
    }

    /// What stopped an import, each at its line of the file imported.
    public struct Problems: Error, Sendable {
        public var diagnostics: [Diagnostic]
        init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    }

    /// Imports the catalog at `path` (a `.po`, `.xlf` or `.xliff` file, as the user named it).
    public func run(_ path: String, force: Bool = false) -> Result<Outcome, Problems> {
        let location = { (line: Int) in SourceLocation(file: path, line: line) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Problems([.error("cannot read \(path)", at: location(0))]))
        }
        let read: (header: [String: String], entries: [POFile.Entry])
        do {
            read = path.hasSuffix(".po") ? try POFile.read(String(decoding: data, as: UTF8.self)) : try XLIFFFile.read(data)
        } catch {
            return .failure(Problems([.error(error.message, at: location(error.line))]))
        }
        guard let sourcePath = read.header["X-Coursekit-Source"], let code = read.header["Language"], LocaleID.isWellFormed(code) else {
            return .failure(Problems([.error("this file was not exported by coursekit (its header names no source lesson or language)", at: location(1))]))
        }
        let locale = LocaleID(code)
        if sourcePath.hasSuffix("/course.yaml") { return importCourseText(read.entries, sourcePath: sourcePath, locale: locale, location: location) }
        guard let (course, lesson, source) = find(sourcePath) else {
            return .failure(Problems([.error("no source lesson \(sourcePath) in \(files.displayPath(""))", at: location(1))]))
        }
        guard course.locales.contains(locale), locale != course.sourceLocale else {
            return .failure(Problems([.error("'\(locale.code)' is not a locale to translate course '\(course.id)' into", at: location(1))]))
        }
        guard let text = try? files.readText(source.path), let cut = LessonText(source, text: text) else {
            return .failure(Problems([.error("\(files.displayPath(source.path)) cannot be read", at: location(0))]))
        }
        let targetPath = LessonCatalog.translationPath(of: source.path, locale: locale)
        if !force, let problem = newerLocalEdit(targetPath, exported: read.header["X-Coursekit-Translation-Hash"] ?? "none") {
            return .failure(Problems([.error(problem, at: location(1))]))
        }
        let units = LessonExport.units(of: cut, lessonID: lesson.id, reference: "")
        let entries = Dictionary(read.entries.map { ($0.context, $0) }, uniquingKeysWith: { first, _ in first })
        var targets: [String: String] = [:]
        var problems: [Diagnostic] = []
        for unit in units {
            guard let entry = entries[unit.key], !entry.target.isEmpty, !entry.isFuzzy, entry.source == unit.source else { continue }
            let found = MarkupCheck.problems(source: unit.source, target: entry.target, kind: unit.kind)
            problems += found.map { .error("'\(unit.key)': \($0)", at: location(entry.line)) }
            if found.isEmpty { targets[unit.key] = entry.target }
        }
        guard problems.isEmpty else { return .failure(Problems(problems)) }
        guard !targets.isEmpty else {
            return .failure(Problems([.warning("no unit of this file is translated; nothing was written", at: location(1))]))
        }
        let complete = targets.count == units.count
        let written = Self.lessonText(cut, units: units, targets: targets, stamp: complete ? source.units?.stamp.description : nil,
                                      codeOf: Dictionary(lesson.sources[locale]?.exercises.map { ($0.id, $0) } ?? [], uniquingKeysWith: { first, _ in first }))
        if let problem = write(written, to: targetPath) { return .failure(Problems([.error(problem, at: location(0))])) }
        return .success(Outcome(path: targetPath, translated: targets.count, total: units.count))
    }

    /// A course's own texts (`course.<locale>.po`): into course.yaml and the module.yaml files.
    private func importCourseText(_ entries: [POFile.Entry], sourcePath: String, locale: LocaleID,
                                  location: (Int) -> SourceLocation) -> Result<Outcome, Problems> {
        guard let course = site.courses.first(where: { "\($0.id)/course.yaml" == sourcePath }) else {
            return .failure(Problems([.error("no course \(sourcePath) in \(files.displayPath(""))", at: location(1))]))
        }
        let byKey = Dictionary(entries.map { ($0.context, $0) }, uniquingKeysWith: { first, _ in first })
        switch CourseText.write(byKey, course: course, locale: locale, files: files) {
        case .failure(let problem):
            return .failure(Problems([.error(problem.message, at: location(problem.line))]))
        case .success:
            let units = CourseText.catalog(of: course, locale: locale).units
            let translated = units.filter { byKey[$0.key].map { !$0.target.isEmpty && !$0.isFuzzy } ?? false }.count
            return .success(Outcome(path: sourcePath, translated: translated, total: units.count))
        }
    }

    private func find(_ sourcePath: String) -> (Course, Lesson, LessonSource)? {
        for course in site.courses {
            for lesson in course.lessons {
                if let source = lesson.sources[course.sourceLocale], source.path == sourcePath { return (course, lesson, source) }
            }
        }
        return nil
    }

    /// Why the translation file must not be replaced: it changed since the export.
    private func newerLocalEdit(_ path: String, exported: String) -> String? {
        guard let current = try? files.readData(path) else { return nil }
        let hash = ContentHash.hex(current)
        guard hash != exported else { return nil }
        return "\(files.displayPath(path)) was changed after this file was exported; import with --force to replace it, or export again and translate the new file"
    }

    /// The translation's text: front matter (title, duration, objectives, stamp) and the
    /// source's body with each unit's translation, or its source text where there is none.
    /// `codeOf`: the translation's exercises as they are, by id: a code exercise keeps the
    /// translation's own starting code and solution (its page text in the learner's language)
    /// when it has as many checks as the source's.
    static func lessonText(_ lesson: LessonText, units: [ExchangeUnit], targets: [String: String], stamp: String?,
                           codeOf: [String: Exercise] = [:]) -> String {
        let source = lesson.source
        let text = { (unit: ExchangeUnit) in targets[unit.key] ?? unit.source }
        var front = "---\ntitle: \(text(units[0]).yamlDoubleQuoted)\n"
        if let duration = source.duration { front += "duration: \(duration)\n" }
        let objectives = units.filter { $0.kind == .objective }
        if !objectives.isEmpty {
            front += "objectives:\n" + objectives.map { "  - \(text($0).yamlDoubleQuoted)\n" }.joined()
        }
        if let stamp { front += "source_hash: \(stamp)\n" }
        front += "---\n"
        // The body's units, in order, after title and objectives; then each exercise's fields.
        let bodyUnits = units.filter { $0.kind != .title && $0.kind != .objective && !$0.key.contains("/exercise-") }
        let exercises = lesson.exercises
        let lessonID = units[0].key.split(separator: "/").first.map(String.init) ?? ""
        let order = LessonExport.bodyUnitOrder(lesson)
        let body = lesson.segments.body({ index in
            let unit = lesson.segments.units[index]
            guard let position = order.firstIndex(of: .init(block: unit.block, place: unit.place)), position < bodyUnits.count else { return unit.text }
            return text(bodyUnits[position])
        }, exercise: { index in
            guard index < exercises.count else { return "" }
            var exercise = exercises[index]
            if case .code(var code) = exercise.body, case .code(let translated)? = codeOf[exercise.id]?.body,
               translated.checks.count == code.checks.count {
                (code.html, code.css, code.js, code.solution) = (translated.html, translated.css, translated.js, translated.solution)
                exercise.body = .code(code)
            }
            return ExerciseFields(exercise).block { name in
                let key = "\(lessonID)/exercise-\(exercise.id)/\(name)"
                return targets[key] ?? units.first { $0.key == key }?.source ?? ""
            }
        })
        return front + body
    }

    /// Writes the whole file or nothing: to a file beside it, then renamed over it.
    private func write(_ text: String, to path: String) -> String? {
        guard let absolute = files.absolutePath(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])) else {
            return "\(files.displayPath(path)) is outside the content folder"
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(absolute)/.\(name).import-\(UUID().uuidString)"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, "\(absolute)/\(name)") != 0 { throw CocoaError(.fileWriteUnknown) }
            return nil
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return "cannot write \(files.displayPath(path)): \(error.localizedDescription)"
        }
    }
}
