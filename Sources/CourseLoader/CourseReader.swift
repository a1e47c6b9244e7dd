import Foundation
import CourseModel
import Markdown
import YAML

/// Reads one course folder: course.yaml, its modules, their lessons, and its media.
///
/// In two halves, so that the lessons of every course are read side by side on every core
/// (`ContentLoader`): `outline()` reads course.yaml and the modules' folders and titles,
/// `finish(_:lessons:)` takes each module's lessons and the course's media. Read a course at a
/// time, the build's last course had one core to itself.
struct CourseReader: Sendable {
    let files: ContentFiles
    let directory: String
    let site: SiteSettings
    let cache: CompiledLessonCache?
    var diagnostics: [Diagnostic] = []
    /// Lesson files whose Markdown this reader compiled (not taken from the cache).
    var compiledFiles = 0

    static let courseKeys = ["title", "description", "source_locale", "locales", "allow_html", "allow_active_media", "print_answers"]
    static let moduleKeys = ["title", "order"]

    init(files: ContentFiles, directory: String, site: SiteSettings, cache: CompiledLessonCache? = nil) {
        self.files = files
        self.directory = directory
        self.site = site
        self.cache = cache
    }

    /// A course read but for its lessons: its modules are in order, without lessons.
    struct Outline: Sendable {
        var course: Course
        let context: LessonContext
        var modules: [Module] { course.modules }
    }

    /// course.yaml and the module folders, with their titles and order; nil when the course
    /// cannot be built.
    mutating func outline() -> Outline? {
        let path = "\(directory)/course.yaml"
        guard CourseReader.isSlug(directory) else {
            diagnostics.append(.error("course folder name '\(directory)' must use only a-z, 0-9 and '-' (it becomes a web address and a progress key)",
                                      at: files.location(directory)))
            return nil
        }
        let (found, root) = readYAML(path, files: files, diagnostics: &diagnostics)
        guard found else { return nil }
        var schema = SchemaReader(file: path, files: files)
        schema.knownLocales = site.locales
        guard let mapping = schema.mapping(root, what: "course.yaml") else {
            diagnostics += schema.diagnostics
            return nil
        }
        schema.checkKeys(mapping, known: Self.courseKeys, what: "course.yaml")
        let sourceLocale = schema.locale(mapping["source_locale"], key: "source_locale") ?? site.defaultLocale
        var locales = schema.locales(mapping["locales"], key: "locales")
        if locales.isEmpty { locales = site.locales }
        for (index, locale) in locales.enumerated() where !site.locales.contains(locale) {
            schema.warning("locale '\(locale)' is not in site.yaml's locales; its pages are not built",
                           at: mapping["locales"]?.items?[index] ?? mapping)
        }
        locales = locales.filter(site.locales.contains)
        if !locales.contains(sourceLocale) {
            schema.error("source_locale '\(sourceLocale)' must be one of the course's locales", at: mapping["source_locale"] ?? mapping)
        }
        let title = schema.localizedText(mapping["title"], key: "title", plainLocale: sourceLocale)
        if title[sourceLocale] == nil {
            schema.error("course.yaml needs a title in the source locale '\(sourceLocale)'", at: mapping["title"] ?? mapping)
        }
        let description = schema.localizedText(mapping["description"], key: "description", plainLocale: sourceLocale)
        let allowHTML = schema.bool(mapping["allow_html"], key: "allow_html") ?? false
        let allowActiveMedia = schema.bool(mapping["allow_active_media"], key: "allow_active_media") ?? false
        let printAnswers = schema.bool(mapping["print_answers"], key: "print_answers") ?? true
        diagnostics += schema.diagnostics

        let context = LessonContext(courseLocales: locales, sourceLocale: sourceLocale, allowHTML: allowHTML)
        var course = Course(id: directory, title: title, description: description, sourceLocale: sourceLocale,
                            locales: locales, allowHTML: allowHTML, modules: readModules(context: context), media: [])
        course.allowActiveMedia = allowActiveMedia
        course.printAnswers = printAnswers
        return Outline(course: course, context: context)
    }

    /// The lessons of one module of `outline()`'s, with their problems.
    func readLessons(of module: Module, context: LessonContext) -> ModuleLessons {
        var reader = LessonReader(files: files, folder: module.directory, context: context, cache: cache)
        let lessons = reader.readAll()
        return ModuleLessons(lessons: lessons, diagnostics: reader.diagnostics, compiledFiles: reader.compiledFiles)
    }

    struct ModuleLessons: Sendable {
        var lessons: [Lesson]
        var diagnostics: [Diagnostic]
        var compiledFiles: Int
    }

    /// The course of `outline()`, its modules given their lessons (in the same order), and its
    /// media.
    mutating func finish(_ outline: Outline, lessons: [ModuleLessons]) -> Course {
        var course = outline.course
        for (index, read) in lessons.enumerated() {
            course.modules[index].lessons = read.lessons
            diagnostics += read.diagnostics
            compiledFiles += read.compiledFiles
        }
        checkUniqueIDs(course.modules, sourceLocale: course.sourceLocale)
        if files.isDirectory("\(directory)/media") { course.media = readMedia(in: "\(directory)/media") }
        for module in course.modules { course.media += readMedia(in: module.directory, besideLessons: true) }
        return course
    }

    /// The course's module folders, in order. A folder is a module when its name has an `NN-`
    /// prefix, or when it holds lessons or a module.yaml (a layout without prefixes, as mdBook
    /// and Hugo authors keep theirs); any other folder is reported, never silently skipped.
    private mutating func readModules(context: LessonContext) -> [Module] {
        var modules: [(order: Int?, name: String, item: Module)] = []
        for name in files.list(directory) where files.isDirectory("\(directory)/\(name)") && name != "media" {
            let folder = "\(directory)/\(name)"
            let prefixed = CourseReader.splitOrder(name)
            guard files.isModuleFolder(name, inCourse: directory) else {
                diagnostics.append(.warning("folder '\(name)' holds no lessons (.md files) and no module.yaml, so it is not a module and is not built; keep pictures in media/ or beside the lessons that use them",
                                            at: files.location(folder)))
                continue
            }
            let slug = prefixed?.slug ?? name
            guard CourseReader.isSlug(slug) else {
                diagnostics.append(.error("module folder '\(name)' must be named with a-z, 0-9 and '-' (it becomes a web address), like 01-getting-started or getting-started",
                                          at: files.location(folder)))
                continue
            }
            let (module, order) = readModule(folder: folder, slug: slug, context: context)
            modules.append((prefixed?.order ?? order, name, module))
        }
        let ordered = Ordering.sorted(modules)
        for tie in ordered.ties {
            diagnostics.append(.warning("modules '\(files.displayPath(tie.first.directory))' and '\(files.displayPath(tie.second.directory))' both have the number \(tie.order); they are placed by name: give each its own number",
                                        at: files.location(tie.second.directory)))
        }
        return ordered.items
    }

    /// A module without its lessons, and its `order:` from module.yaml.
    private mutating func readModule(folder: String, slug: String, context: LessonContext) -> (Module, order: Int?) {
        var title = LocalizedText([context.sourceLocale: slug])
        var order: Int?
        let path = "\(folder)/module.yaml"
        if files.exists(path) {
            let (_, root) = readYAML(path, files: files, diagnostics: &diagnostics)
            var schema = SchemaReader(file: path, files: files)
            schema.knownLocales = context.courseLocales
            if let root, let mapping = schema.mapping(root, what: "module.yaml") {
                schema.checkKeys(mapping, known: Self.moduleKeys, what: "module.yaml")
                let read = schema.localizedText(mapping["title"], key: "title", plainLocale: context.sourceLocale)
                if read[context.sourceLocale] == nil {
                    schema.error("module.yaml needs a title in the source locale '\(context.sourceLocale)'", at: mapping["title"] ?? mapping)
                } else {
                    title = read
                }
                if let node = mapping["order"], !node.isNull {
                    if let number = node.int, number >= 0 { order = number } else {
                        schema.error("'order' is the module's place in its course, a whole number like 'order: 2'", at: node)
                    }
                }
            }
            diagnostics += schema.diagnostics
        } else {
            let name = slug.replacingOccurrences(of: "-", with: " ").capitalized
            diagnostics.append(.warning("module has no module.yaml, so its title is the folder name '\(slug)'; create \(files.displayPath(path)) with the two lines 'title:' and '  \(context.sourceLocale.code): \(name)'",
                                        at: files.location(folder)))
        }
        return (Module(slug: slug, directory: folder, title: title, lessons: []), order)
    }

    /// The media files under a folder: the course's `media/`, or a module folder's files that
    /// are not lessons (`besideLessons`: pictures kept next to the lessons that show them).
    private mutating func readMedia(in folder: String, besideLessons: Bool = false) -> [String] {
        // In a module folder, its own files (lessons, module.yaml, Markdown not read as a
        // lesson) are read and reported by the module's reader: skipped before any stat.
        let isMedia = { (path: String) in
            guard besideLessons, !path.dropFirst(folder.count + 1).contains("/") else { return true }
            let name = String(path.dropFirst(folder.count + 1))
            return !(name.hasSuffix(".md") || name == "module.yaml" || LessonReader.markdownLookalike(name) != nil)
        }
        let found = files.filesRecursively(folder, skipping: { !isMedia($0) })
        for link in found.outside {
            diagnostics.append(.warning("'\(link)' points outside the content folder; it is not copied into the package", at: files.location(link)))
        }
        for path in found.special {
            diagnostics.append(.error("'\(path)' is not a file (a FIFO, a socket or a device); remove it from the \(besideLessons ? "module" : "media") folder",
                                      at: files.location(path)))
        }
        return found.files
    }

    private mutating func checkUniqueIDs(_ modules: [Module], sourceLocale: LocaleID) {
        var moduleSlugs: [String: String] = [:]
        for module in modules {
            if let first = moduleSlugs[module.slug] {
                diagnostics.append(.error("module '\(module.slug)' has the same address as \(files.displayPath(first))",
                                          at: files.location(module.directory)))
            }
            moduleSlugs[module.slug] = module.directory
        }
        var lessonIDs: [String: String] = [:]
        for lesson in modules.flatMap(\.lessons) {
            guard let source = lesson.sources[sourceLocale] else { continue }
            let path = source.path
            if let first = lessonIDs[lesson.id] {
                diagnostics.append(.error("duplicate lesson id '\(lesson.id)' (also used by \(files.displayPath(first))); progress is stored under it, so each lesson needs its own",
                                          at: files.location(path, line: source.explicitIDLine, column: source.explicitIDColumn)))
            }
            lessonIDs[lesson.id] = path
        }
        // Progress is stored per course and exercise id: two exercises must never share one.
        var exerciseIDs: [String: String] = [:]
        for lesson in modules.flatMap(\.lessons) {
            guard let source = lesson.sources[sourceLocale] else { continue }
            for exercise in source.exercises {
                let (line, column) = exercise.hasExplicitID ? (exercise.idLine, exercise.idColumn) : (exercise.line, 0)
                let here = "\(files.displayPath(source.path)):\(line)"
                if let first = exerciseIDs[exercise.id], !first.hasPrefix(files.displayPath(source.path) + ":") {
                    diagnostics.append(.error("duplicate exercise id '\(exercise.id)' (also used at \(first)); progress is stored under it, so each exercise needs its own",
                                              at: files.location(source.path, line: line, column: column)))
                }
                exerciseIDs[exercise.id] = exerciseIDs[exercise.id] ?? here
            }
        }
    }

    /// `01-getting-started` → (1, "getting-started"); nil without an `NN-` prefix.
    static func splitOrder(_ name: String) -> (order: Int, slug: String)? {
        guard let dash = name.firstIndex(of: "-"), let order = Int(name[..<dash]),
              name[..<dash].allSatisfy(\.isASCII) else { return nil }
        let slug = String(name[name.index(after: dash)...])
        return slug.isEmpty ? nil : (order, slug)
    }

    /// Names that become URLs and progress keys: lowercase ASCII letters, digits and dashes.
    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

struct LessonContext {
    let courseLocales: [LocaleID]
    let sourceLocale: LocaleID
    let allowHTML: Bool

    /// What a compiled file depends on besides its bytes.
    var cacheKey: String {
        "\(courseLocales.map(\.code).joined(separator: ",")) \(sourceLocale.code) \(allowHTML)"
    }

    /// How this course's Markdown compiles: exercise, hint and solution blocks are left for
    /// the page to render.
    var markdownOptions: MarkdownOptions {
        MarkdownOptions(allowHTML: allowHTML, pageBlocks: Set(Exercise.Kind.allCases.map(\.rawValue)),
                        markdownBlocks: ["hint", "solution"])
    }
}

extension ContentFiles {
    /// Whether a folder of a course is one of its modules: numbered (`02-cleaning`), or holding
    /// a module.yaml or lessons (`.md` files). `media/` and hidden folders never are. The
    /// loader reads these, and `coursekit new` adds to them.
    public func isModuleFolder(_ name: String, inCourse course: String) -> Bool {
        let folder = "\(course)/\(name)"
        guard name != "media", !name.hasPrefix("."), isDirectory(folder) else { return false }
        return CourseReader.splitOrder(name) != nil || exists("\(folder)/module.yaml") || list(folder).contains { $0.hasSuffix(".md") }
    }
}
