import CourseLoader
import CourseModel
import YAML
import Foundation

/// `coursekit init` and `coursekit new lesson`: new content from the templates in `seeds/`
/// (a course skeleton, and a lesson showing every exercise kind, in ar, en and fr).
public enum Scaffold {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// The arguments were wrong (a malformed address, a title on two lines), rather than
        /// the disk refusing: the command line exits with the usage status.
        public var isUsage = false
    }

    static var seeds: URL {
        Bundle.module.url(forResource: "Seeds", withExtension: nil)!
    }

    /// Writes a new content folder holding one course with one lesson in en, fr and ar.
    /// Refuses a folder that exists and is not empty. Returns the files written.
    public static func initialize(at folder: String) throws(Failure) -> [String] {
        let fileManager = FileManager.default
        if let entries = try? fileManager.contentsOfDirectory(atPath: folder), !entries.isEmpty {
            throw Failure(description: "\(folder) exists and is not empty; choose a new folder", isUsage: true)
        }
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for item in try fileManager.contentsOfDirectory(atPath: seeds.appendingPathComponent("course").path) {
                try fileManager.copyItem(at: seeds.appendingPathComponent("course/\(item)"), to: URL(fileURLWithPath: "\(folder)/\(item)"))
            }
        } catch {
            throw Failure(description: "cannot write \(folder): \(error.localizedDescription)")
        }
        // A site id of its own, so this site's learners' progress never mixes with another's
        // on the same USB stick or server.
        let siteFile = "\(folder)/site.yaml"
        if let text = try? String(contentsOfFile: siteFile, encoding: .utf8) {
            let id = "site-" + UUID().uuidString.lowercased().prefix(8)
            try? Data(text.replacingOccurrences(of: "\ntitle:", with: "\nid: \(id)\ntitle:").utf8).write(to: URL(fileURLWithPath: siteFile))
        }
        var written: [String] = []
        for locale in ["en", "fr", "ar"] {
            written.append(try newLesson(in: folder, at: "my-course/first-module/welcome", locale: LocaleID(locale),
                                         title: ["en": "Welcome", "fr": "Bienvenue", "ar": "أهلًا بك"][locale]!))
        }
        return written
    }

    /// Adds a lesson `COURSE/MODULE/SLUG` from the lesson template, in `locale` (default: the
    /// course's source locale). The module is found by its slug, or created after the last one;
    /// the lesson is numbered after the module's last lesson. Returns the file written.
    public static func newLesson(in contentRoot: String, at address: String, locale: LocaleID? = nil,
                                 title: String? = nil) throws(Failure) -> String {
        let parts = address.split(separator: "/").map(String.init)
        guard parts.count == 3, parts.allSatisfy(isSlug) else {
            throw Failure(description: "write the lesson as COURSE/MODULE/SLUG, in a-z, 0-9 and '-' (e.g. data-basics/cleaning/missing-values)", isUsage: true)
        }
        let (course, module, slug) = (parts[0], parts[1], parts[2])
        if let title, title.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Failure(description: "the title holds a line break or another control character; give it on one line", isUsage: true)
        }
        if Self.orderAndSlug(slug) != nil, Int(slug.prefix(while: \.isNumber)) != nil {
            throw Failure(description: "write the lesson's name without a number ('\(slug)'): coursekit numbers it after the module's last lesson", isUsage: true)
        }
        let courseFolder = "\(contentRoot)/\(course)"
        guard FileManager.default.fileExists(atPath: "\(courseFolder)/course.yaml") else {
            throw Failure(description: "no course '\(course)' in \(contentRoot) (a course is a folder with a course.yaml)", isUsage: true)
        }
        let lessonLocale = locale ?? sourceLocale(ofCourseAt: courseFolder)
        let moduleFolder = try findOrCreateModule(module, in: courseFolder)
        let moduleName = String(moduleFolder.split(separator: "/").last ?? "")
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: moduleFolder)) ?? []).filter { $0.hasSuffix(".md") }
        let sameLesson = existing.first { lessonSlug(ofFile: $0) == slug }
        let path: String
        if let sameLesson {
            // Another locale of a lesson that exists: the same name, another locale part.
            path = "\(moduleFolder)/\(lessonStem(ofFile: sameLesson)).\(lessonLocale.code).md"
        } else if existing.isEmpty ? orderAndSlug(moduleName) == nil : existing.allSatisfy({ orderAndSlug($0) == nil }) {
            // A module whose lessons (or, before its first lesson, whose folder) have no
            // numbers: placed by name or `order:`, so none either.
            path = "\(moduleFolder)/\(slug).\(lessonLocale.code).md"
        } else {
            let number = (existing.compactMap { orderAndSlug($0)?.order }.max() ?? 0) + 1
            path = "\(moduleFolder)/\(String(format: "%02d", number))-\(slug).\(lessonLocale.code).md"
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure(description: "\(path) already exists") }
        let template = (try? String(contentsOf: seeds.appendingPathComponent("lesson.\(lessonLocale.code).md"), encoding: .utf8))
            ?? (try? String(contentsOf: seeds.appendingPathComponent("lesson.en.md"), encoding: .utf8)) ?? ""
        // Quoted, so a title like "Passwords: the basics" stays one YAML string.
        let text = template.replacingOccurrences(of: "{{title}}", with: (title ?? slug.replacingOccurrences(of: "-", with: " ").capitalized).yamlDoubleQuoted)
            .replacingOccurrences(of: "{{id}}", with: slug)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// Starts the translation of lesson `COURSE/MODULE/SLUG` into `locale`: a copy of its source
    /// lesson — its text to translate, its exercises with their ids and answers, its code and
    /// links, so that nothing a translation must keep is lost — marked `draft: true`, which
    /// keeps it off the pages (learners see the source) and counts it as still to translate,
    /// until the translator removes the mark. Returns the file written.
    public static func newTranslation(in contentRoot: String, of address: String, locale: LocaleID) throws(Failure) -> String {
        let parts = address.split(separator: "/").map(String.init)
        guard parts.count == 3 else {
            throw Failure(description: "name the lesson as COURSE/MODULE/SLUG (e.g. data-basics/cleaning/missing-values)", isUsage: true)
        }
        let courseFolder = "\(contentRoot)/\(parts[0])"
        guard FileManager.default.fileExists(atPath: "\(courseFolder)/course.yaml") else {
            throw Failure(description: "no course '\(parts[0])' in \(contentRoot) (a course is a folder with a course.yaml)", isUsage: true)
        }
        let sourceLocale = sourceLocale(ofCourseAt: courseFolder)
        guard locale != sourceLocale else {
            throw Failure(description: "'\(locale.code)' is the course's source locale; name the locale to translate into", isUsage: true)
        }
        let folders = moduleFolders(in: courseFolder)
        guard let module = folders.first(where: { $0 == parts[1] || moduleSlug($0) == parts[1] }) else {
            throw Failure(description: "no module '\(parts[1])' in \(courseFolder) (modules: \(folders.sorted().joined(separator: ", ")))", isUsage: true)
        }
        let moduleFolder = "\(courseFolder)/\(module)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: moduleFolder)) ?? []
        let sourceNames = names.filter { name in
            lessonSlug(ofFile: name) == parts[2] && (name.hasSuffix(".\(sourceLocale.code).md") || name.split(separator: ".").count == 2 && name.hasSuffix(".md"))
        }
        guard let sourceName = sourceNames.sorted().first else {
            throw Failure(description: "no lesson '\(parts[2])' in \(moduleFolder) in the source locale '\(sourceLocale.code)'", isUsage: true)
        }
        let path = "\(moduleFolder)/\(lessonStem(ofFile: sourceName)).\(locale.code).md"
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure(description: "\(path) already exists") }
        guard let data = FileManager.default.contents(atPath: "\(moduleFolder)/\(sourceName)"),
              let source = try? ContentFiles.decodeText(data), let draft = draftTranslation(of: source) else {
            throw Failure(description: "\(moduleFolder)/\(sourceName) cannot be read as a lesson (it needs front matter between '---' lines)")
        }
        do {
            try Data(draft.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// A source lesson's text as a draft translation: its front matter without `id` (read from
    /// the source only) and `source_hash`, with `draft: true` and a note for the translator.
    static func draftTranslation(of source: String) -> String? {
        guard let parts = try? FrontMatter.split(source) else { return nil }
        let lines = parts.yaml.split(separator: "\n", omittingEmptySubsequences: false).dropLast()   // the YAML ends with a line end
        let kept = lines.filter { !$0.hasPrefix("id:") && !$0.hasPrefix("source_hash:") && !$0.hasPrefix("draft:") }
        let frontMatter = kept.map(String.init) + ["# Translate the title, objectives and text; keep exercise ids, answers, code and link targets.",
                                                   "# Remove the next line when the translation is done: until then learners see the source.",
                                                   "draft: true"]
        return "---\n" + frontMatter.joined(separator: "\n") + "\n---\n" + parts.body
    }


    /// The module folder named by `name`: its slug (`cleaning`) or its folder name as written
    /// (`02-cleaning`), numbered or not; a new one is created after the last module only for a plain slug. A
    /// name like `03-01-x` that is neither is refused (it would become a module called `01-x`).
    private static func findOrCreateModule(_ name: String, in courseFolder: String) throws(Failure) -> String {
        let folders = moduleFolders(in: courseFolder)
        if folders.contains(name) { return "\(courseFolder)/\(name)" }
        let slug = orderAndSlug(name).flatMap { Int(name.prefix(while: \.isNumber)) != nil ? $0.slug : nil } ?? name
        if let folder = folders.first(where: { moduleSlug($0) == slug }) { return "\(courseFolder)/\(folder)" }
        guard slug == name else {
            throw Failure(description: "no module '\(name)' in \(courseFolder) (modules: \(folders.sorted().joined(separator: ", "))); name a module by its slug, like '\(slug)', to create it", isUsage: true)
        }
        // Numbered after the last module, unless the course's modules have no numbers.
        let unnumbered = !folders.isEmpty && folders.allSatisfy { orderAndSlug($0) == nil }
        let number = (folders.compactMap { orderAndSlug($0)?.order }.max() ?? 0) + 1
        let folder = unnumbered ? "\(courseFolder)/\(slug)" : "\(courseFolder)/\(String(format: "%02d", number))-\(slug)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let title = slug.replacingOccurrences(of: "-", with: " ").capitalized
            let locale = sourceLocale(ofCourseAt: courseFolder).code
            try Data("title:\n  \(locale): \(title.yamlDoubleQuoted)\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/module.yaml"))
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    private static func sourceLocale(ofCourseAt folder: String) -> LocaleID {
        let text = (try? String(contentsOfFile: "\(folder)/course.yaml", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("source_locale:") {
            let code = line.dropFirst("source_locale:".count).trimmingCharacters(in: .whitespaces)
            if LocaleID.isWellFormed(code) { return LocaleID(code) }
        }
        return LocaleID("en")
    }

    /// The module folders of a course as the loader sees them: named `NN-slug`, or holding
    /// lessons or a module.yaml.
    /// The course's module folders, by the loader's rule (`ContentFiles.isModuleFolder`).
    static func moduleFolders(in courseFolder: String) -> [String] {
        let url = URL(fileURLWithPath: courseFolder)
        let files = ContentFiles(root: url.deletingLastPathComponent().path)
        let course = url.lastPathComponent
        return files.list(course).filter { files.isModuleFolder($0, inCourse: course) }
    }

    /// `02-cleaning` → `cleaning`; `cleaning` → `cleaning`.
    static func moduleSlug(_ folder: String) -> String {
        orderAndSlug(folder).map(\.slug) ?? folder
    }

    /// `03-dates.fr.md` → `03-dates`; `dates.md` → `dates`: the name without locale and `.md`.
    static func lessonStem(ofFile name: String) -> String {
        String(name.split(separator: ".").first ?? "")
    }

    /// `03-dates.fr.md` → `dates`; `dates.fr.md` → `dates`.
    static func lessonSlug(ofFile name: String) -> String? {
        guard name.hasSuffix(".md") else { return nil }
        let stem = lessonStem(ofFile: name)
        return orderAndSlug(stem)?.slug ?? stem
    }

    /// `03-cleaning.en.md` → (3, "cleaning"); `02-working-with-data` → (2, "working-with-data").
    static func orderAndSlug(_ name: String) -> (order: Int, slug: String)? {
        guard let dash = name.firstIndex(of: "-"), let order = Int(name[..<dash]) else { return nil }
        let rest = name[name.index(after: dash)...]
        let slug = rest.split(separator: ".").first.map(String.init) ?? ""
        return slug.isEmpty ? nil : (order, slug)
    }

    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
