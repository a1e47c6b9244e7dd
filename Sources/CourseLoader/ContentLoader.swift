import Foundation
import Synchronization
import CourseModel
import YAML

/// Reads a `Content/` tree into a `Site`, with every problem found as a diagnostic.
///
/// The loader never stops at the first problem: a translator fixing a file wants to see all
/// of them in one run. `site` is nil only when nothing usable could be read.
public struct ContentLoader: Sendable {
    public let files: ContentFiles
    /// Compiled files of an earlier load in this process, reused when unchanged (`serve`).
    public let cache: CompiledLessonCache?

    public init(root: String, cache: CompiledLessonCache? = nil) {
        files = ContentFiles(root: root)
        self.cache = cache
    }

    public struct Result: Sendable {
        public var site: Site?
        public var diagnostics: [Diagnostic]
        /// Lesson files whose Markdown this load compiled (the others came from the cache).
        public var compiledFiles = 0
    }

    /// Folders at the top of the content root that are not courses.
    static let reservedFolders: Set<String> = ["ui", "theme"]

    public func load() -> Result {
        var diagnostics: [Diagnostic] = []
        guard files.isDirectory("") else {
            return Result(site: nil, diagnostics: [.error("content folder not found", at: files.location(""))])
        }
        guard let settings = SiteSettingsReader(files: files).read(into: &diagnostics) else {
            return Result(site: nil, diagnostics: diagnostics)
        }
        var courseFolders: [String] = []
        for name in files.list("") where files.isDirectory(name) && !Self.reservedFolders.contains(name) {
            guard files.exists("\(name)/course.yaml") else {
                diagnostics.append(.warning("folder '\(name)' has no course.yaml; it is not built", at: files.location(name)))
                continue
            }
            courseFolders.append(name)
        }
        let read = readCourses(courseFolders, settings: settings)
        var courses: [Course] = []
        var compiledFiles = 0
        for reader in read {
            if let course = reader.course { courses.append(course) }
            diagnostics += reader.diagnostics
            compiledFiles += reader.compiledFiles
        }
        let overrides = InterfaceOverridesReader(files: files).read(into: &diagnostics)
        if courses.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(.warning("no course found (a course is a folder with a course.yaml)", at: files.location("")))
        }
        let site = Site(id: settings.id, title: settings.title, locales: settings.locales, defaultLocale: settings.defaultLocale,
                        courses: courses, interfaceOverrides: overrides)
        cache?.keepOnly(Set(courses.flatMap { $0.lessons.flatMap { $0.sources.values.map(\.path) } }))
        return Result(site: site, diagnostics: diagnostics, compiledFiles: compiledFiles)
    }
}

extension ContentLoader {
    /// The courses in folder order, each with the reader that read it (its problems). Each
    /// course's outline first, then the lessons of every module of every course side by side,
    /// then each course finished: a module's lessons are a small share of the whole, so both
    /// cores stay busy to the end (read a course at a time, the last one had a core to itself).
    private func readCourses(_ folders: [String], settings: SiteSettings) -> [(course: Course?, diagnostics: [Diagnostic], compiledFiles: Int)] {
        let outlined = [(reader: CourseReader, outline: CourseReader.Outline?)].concurrentlyMade(count: folders.count) { index in
            var reader = CourseReader(files: files, directory: folders[index], site: settings, cache: cache)
            let outline = reader.outline()
            return (reader, outline)
        }
        let modules = outlined.indices.flatMap { course in
            (outlined[course].outline?.modules.indices).map { $0.map { (course: course, module: $0) } } ?? []
        }
        let lessons = [CourseReader.ModuleLessons].concurrentlyMade(count: modules.count) { index in
            let (course, module) = modules[index]
            let outline = outlined[course].outline!
            return outlined[course].reader.readLessons(of: outline.modules[module], context: outline.context)
        }
        var next = 0
        return outlined.map { item in
            var reader = item.reader
            guard let outline = item.outline else { return (nil, reader.diagnostics, reader.compiledFiles) }
            let read = Array(lessons[next..<next + outline.modules.count])
            next += outline.modules.count
            let course = reader.finish(outline, lessons: read)
            return (course, reader.diagnostics, reader.compiledFiles)
        }
    }
}

/// Reads one YAML file of the content tree, turning read and syntax errors, and the parser's
/// warnings, into diagnostics.
func readYAML(_ relative: String, files: ContentFiles, diagnostics: inout [Diagnostic]) -> (found: Bool, node: YAMLNode?) {
    do {
        let text = try files.readText(relative)
        let document = try YAMLParser().parseDocument(text)
        for warning in document.warnings {
            diagnostics.append(.warning(warning.message, at: files.location(relative, line: warning.mark.line, column: warning.mark.column)))
        }
        return (true, document.root)
    } catch let error as ContentReadError {
        var location = files.location(relative)
        if case .invalidUTF8(let position) = error { location = files.location(relative, line: position.line, column: position.column) }
        diagnostics.append(.error(error.message, at: location))
    } catch let error as YAMLError {
        diagnostics.append(.error(error.message, at: files.location(relative, line: error.mark.line, column: error.mark.column)))
    } catch {
        diagnostics.append(.error("\(error)", at: files.location(relative)))
    }
    return (false, nil)
}

/// What `site.yaml` says.
struct SiteSettings: Sendable {
    var id: String
    var title: LocalizedText
    var locales: [LocaleID]
    var defaultLocale: LocaleID
}

struct SiteSettingsReader {
    let files: ContentFiles
    static let knownKeys = ["id", "title", "locales", "default_locale"]

    func read(into diagnostics: inout [Diagnostic]) -> SiteSettings? {
        let path = "site.yaml"
        guard files.exists(path) else {
            diagnostics.append(.error("site.yaml not found: it names the site and its locales", at: files.location(path)))
            return nil
        }
        let (found, root) = readYAML(path, files: files, diagnostics: &diagnostics)
        guard found else { return nil }
        var schema = SchemaReader(file: path, files: files)
        defer { diagnostics += schema.diagnostics }
        guard let mapping = schema.mapping(root, what: "site.yaml") else { return nil }
        schema.checkKeys(mapping, known: Self.knownKeys, what: "site.yaml")
        var locales = schema.locales(mapping["locales"], key: "locales")
        if locales.isEmpty {
            schema.error("site.yaml must list its locales, e.g. 'locales: [en, fr, ar]'", at: mapping["locales"] ?? mapping)
            locales = [LocaleID("en")]
        }
        schema.knownLocales = locales
        var defaultLocale = schema.locale(mapping["default_locale"], key: "default_locale") ?? locales[0]
        if !locales.contains(defaultLocale) {
            schema.error("default_locale '\(defaultLocale)' is not one of the site's locales (\(locales.map(\.code).joined(separator: ", ")))",
                         at: mapping["default_locale"])
            defaultLocale = locales[0]
        }
        let title = schema.localizedText(mapping["title"], key: "title", plainLocale: defaultLocale)
        if title.isEmpty { schema.error("site.yaml needs a title", at: mapping) }
        var id = schema.string(mapping["id"], key: "id") ?? ""
        if !id.isEmpty && !CourseReader.isSlug(id) {
            schema.error("site id '\(id)' must use only a-z, 0-9, '-' and '_' (learners' progress is kept under it)", at: mapping["id"])
            id = ""
        }
        if id.isEmpty { id = Self.derivedID(title, defaultLocale: defaultLocale) }
        return SiteSettings(id: id, title: title, locales: locales, defaultLocale: defaultLocale)
    }

    /// Without an `id:`, one made from the title in the default locale: it stays the same from
    /// build to build (changing the title starts learners' progress afresh; write an `id:` to
    /// keep it).
    static func derivedID(_ title: LocalizedText, defaultLocale: LocaleID) -> String {
        "site-" + String(ContentHash.hex(Array((title[defaultLocale] ?? "").utf8)).prefix(10))
    }
}
