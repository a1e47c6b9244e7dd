import CourseLoader
import CourseModel
import Foundation
import SiteBuilder

/// Builds the packages partners put where learners are: ZIM files for Kiwix (one per course
/// and locale), Kolibri HTML5 apps (the same), and zip archives (one per course, every locale),
/// with a Kiwix `library.xml` and a `packages.json` catalogue beside them.
public struct PackageBuilder: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case zim, kolibri, zip
    }

    public struct Options: Sendable {
        public var contentRoot: String
        public var outputFolder: String
        public var formats: [Format]
        public var courseID: String?
        public var locale: LocaleID?
        /// The packages' date: in their names, metadata and zip timestamps. Same date, same bytes.
        public var date: DateComponents
        public var publisher: String
        /// Whether draft lessons are packaged too.
        public var includeDrafts = false

        public init(contentRoot: String, outputFolder: String, formats: [Format], courseID: String? = nil,
                    locale: LocaleID? = nil, date: DateComponents, publisher: String = "coursekit") {
            self.contentRoot = contentRoot
            self.outputFolder = outputFolder
            self.formats = formats
            self.courseID = courseID
            self.locale = locale
            self.date = date
            self.publisher = publisher
        }
    }

    /// One package, as listed in packages.json.
    public struct Package: Codable, Sendable, Equatable {
        public var file: String
        public var format: String
        public var course: String
        public var locales: [String]
        public var title: String
        public var size: Int
        public var sha256: String
        public var version: String
        public var date: String
        /// ZIM only: its UUID, as in library.xml.
        public var uuid: String?
    }

    public struct Report: Sendable {
        /// The packages this run made.
        public var packages: [Package] = []
        /// Every package the catalogues list: this run's and earlier runs' still in the folder.
        public var listed: [Package] = []
        public var diagnostics: [Diagnostic] = []
    }

    let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Loads, checks and measures the content once (the build's first steps), then renders
    /// each course in each locale once and hands that tree to every format asked for.
    public func run() -> Report {
        var report = Report()
        var context = BuildContext(contentRoot: options.contentRoot, selection: BuildSelection(courseID: options.courseID, locale: options.locale,
                                                                                                  includeDrafts: options.includeDrafts))
        BuildPipeline([.load, .check, .coverage]).run(&context)
        report.diagnostics = context.diagnostics
        guard let site = context.site, let coverage = context.coverage, !context.diagnostics.hasErrors else { return report }
        let courses = site.courses.filter { options.courseID == nil || $0.id == options.courseID }
        if courses.isEmpty { report.diagnostics.append(.error("no course to package")) }
        do {
            try FileManager.default.createDirectory(atPath: options.outputFolder, withIntermediateDirectories: true)
        } catch {
            report.diagnostics.append(.error("cannot create \(options.outputFolder): \(error.localizedDescription)"))
            return report
        }
        let files = context.files
        // The theme is read and prepared once, for every course and format.
        let siteRenderer = SiteRenderer(site: site, files: files, coverage: coverage)
        // The 48×48 icon the Kiwix apps show for a ZIM: the one the pages name (the site's
        // `theme/assets/icon-48.png`, or coursekit's).
        let icon = siteRenderer.themeAsset(named: "icon-48.png") ?? Data()
        for course in courses {
            let renderer = siteRenderer.selecting(BuildSelection(courseID: course.id))
            if options.formats.contains(.zip) { report.append(zip(course, renderer: renderer, site: site)) }
            let perLocale = options.formats.filter { $0 != .zip }
            guard !perLocale.isEmpty else { continue }
            for locale in course.locales where options.locale == nil || options.locale == locale {
                let rendered = renderer.renderPackage(courseID: course.id, locale: locale).materialized()
                report.diagnostics += rendered.diagnostics.filter { $0.severity == .error }
                guard !rendered.diagnostics.hasErrors else { continue }
                for format in perLocale {
                    report.append(package(rendered, format: format, course: course, locale: locale, site: site, icon: icon))
                }
            }
        }
        if !report.diagnostics.hasErrors {
            let (listed, diagnostics) = writeManifests(report.packages, site: site)
            report.listed = listed
            report.diagnostics += diagnostics
        }
        return report
    }

    /// One zip of the course as the site has it, every locale in it.
    private func zip(_ course: Course, renderer: SiteRenderer, site: Site) -> Report {
        var report = Report()
        let rendered = renderer.render().materialized()
        report.diagnostics += rendered.diagnostics.filter { $0.severity == .error }
        guard !rendered.diagnostics.hasErrors else { return report }
        let name = PackageNaming.fileName(course: course.id, locales: course.locales, date: options.date, suffix: "")
        let entries = rendered.files.map { Self.zipEntry($0, at: "\(name)/\($0.path)") }
        report.append(writeZip(entries, name: name + ".zip", format: .zip, course: course, locales: course.locales))
        return report
    }

    /// One course in one locale, already rendered, as a Kolibri app or a ZIM file.
    private func package(_ rendered: RenderedSite, format: Format, course: Course, locale: LocaleID, site: Site,
                         icon: Data) -> Result<Package, Diagnostic> {
        switch format {
        case .kolibri:
            let name = PackageNaming.fileName(course: course.id, locales: [locale], date: options.date, suffix: "_kolibri.zip")
            let entries = rendered.files.map { Self.zipEntry($0, at: $0.path) }
            return writeZip(entries, name: name, format: format, course: course, locales: [locale])
        case .zim:
            return writeZim(rendered, course: course, locale: locale, site: site, icon: icon)
        case .zip:
            return .failure(.error("a zip holds every locale of a course"))
        }
    }

    private func writeZim(_ rendered: RenderedSite, course: Course, locale: LocaleID, site: Site, icon: Data) -> Result<Package, Diagnostic> {
        let name = PackageNaming.fileName(course: course.id, locales: [locale], date: options.date, suffix: ".zim")
        let destination = "\(options.outputFolder)/\(name)"
        let temporary = "\(options.outputFolder)/.\(name).partial"
        let uuid = PackageNaming.uuid(for: name, contents: rendered.files)
        let language = PackageNaming.language3(locale)
        let title = course.title.resolved(locale, fallback: course.sourceLocale)?.text ?? course.id
        let description = course.description.resolved(locale, fallback: course.sourceLocale)?.text ?? title
        do throws(ZimArchive.Failure) {
            try? FileManager.default.removeItem(atPath: temporary)
            let zim = try ZimArchive(path: temporary, indexLanguage: language, uuid: uuid)
            for file in rendered.files {
                if case .copy(let source) = file.content {
                    try zim.addFile(path: file.path, mimetype: PackageNaming.mimetype(file.path), filePath: source)
                    continue
                }
                let data = Self.bytes(of: file)
                let isPage = file.path.hasSuffix(".html") && !file.path.hasPrefix("assets/")
                try zim.addItem(path: file.path, mimetype: PackageNaming.mimetype(file.path), title: isPage ? Self.pageTitle(data) : "",
                                data: data, frontArticle: isPage)
            }
            zim.setMainPath("index.html")
            let metadata: [(String, String)] = [
                ("Name", "coursekit_\(locale.code)_\(course.id)"), ("Title", PackageNaming.shortened(title, to: 30)),
                ("Description", PackageNaming.shortened(description, to: 80)), ("LongDescription", description),
                ("Language", language), ("Creator", site.title.resolved(locale, fallback: site.defaultLocale)?.text ?? "coursekit"),
                ("Publisher", options.publisher), ("Date", PackageNaming.day(options.date)), ("Flavour", "coursekit"),
                ("Tags", "_category:education;_pictures:yes;_videos:no;_details:yes;_ftindex:yes;coursekit;\(course.id)"),
                ("Scraper", "coursekit"),
            ]
            for (key, value) in metadata { try zim.addMetadata(key, value) }
            try zim.addIllustration(size: 48, png: icon)
            try zim.finish()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.error("ZIM \(name): \(error.description)"))
        }
        do throws(ZimIndexIdentity.Malformed) {
            try ZimIndexIdentity.stamp(zimAt: temporary, uuid: uuid)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.error("ZIM \(name): \(error.description)"))
        }
        do {
            if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
        } catch {
            return .failure(.error("cannot move the ZIM into place: \(error.localizedDescription)", at: SourceLocation(file: destination)))
        }
        return describe(file: name, format: .zim, course: course, locales: [locale], title: title, uuid: PackageNaming.uuidString(uuid))
    }

    /// A file of the rendered tree as a zip entry: media are read from the content when written.
    static func zipEntry(_ file: OutputFile, at path: String) -> ZipArchive.Entry {
        if case .copy(let source) = file.content { return ZipArchive.Entry(path: path, source: .file(source)) }
        return ZipArchive.Entry(path: path, data: bytes(of: file))
    }

    /// Writes a zip beside the other packages, through a temporary file, so a reader never sees half of it.
    private func writeZip(_ entries: [ZipArchive.Entry], name: String, format: Format, course: Course, locales: [LocaleID]) -> Result<Package, Diagnostic> {
        let destination = "\(options.outputFolder)/\(name)"
        let temporary = "\(options.outputFolder)/.\(name).partial"
        do throws(ZipArchive.Failure) {
            try ZipArchive(date: options.date).write(entries, toFileAt: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.error("cannot write \(destination): \(error.description)"))
        }
        guard rename(temporary, destination) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(.error("cannot move \(name) into place: \(String(cString: strerror(errno)))"))
        }
        let title = course.title.resolved(locales.count == 1 ? locales[0] : course.sourceLocale, fallback: course.sourceLocale)?.text ?? course.id
        return describe(file: name, format: format, course: course, locales: locales, title: title, uuid: nil)
    }

    private func describe(file: String, format: Format, course: Course, locales: [LocaleID], title: String, uuid: String?) -> Result<Package, Diagnostic> {
        guard let (size, sha256) = ContentHash.sizeAndHash(ofFileAt: "\(options.outputFolder)/\(file)") else {
            return .failure(.error("\(file) was not written"))
        }
        return .success(Package(file: file, format: format.rawValue, course: course.id, locales: locales.map(\.code), title: title,
                                size: size, sha256: sha256, version: PackageNaming.day(options.date),
                                date: PackageNaming.day(options.date), uuid: uuid))
    }

    static func bytes(of file: OutputFile) -> Data {
        file.bytes() ?? Data()
    }

    /// The text of a page's `<title>`, for Kiwix's search results and suggestions.
    static func pageTitle(_ html: Data) -> String {
        let text = String(decoding: html.prefix(4096), as: UTF8.self)
        guard let start = text.range(of: "<title>"), let end = text.range(of: "</title>", range: start.upperBound..<text.endIndex) else { return "" }
        return String(text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }
}

extension PackageBuilder.Report {
    mutating func append(_ result: Result<PackageBuilder.Package, Diagnostic>) {
        switch result {
        case .success(let package): packages.append(package)
        case .failure(let diagnostic): diagnostics.append(diagnostic)
        }
    }

    mutating func append(_ other: PackageBuilder.Report) {
        packages += other.packages
        diagnostics += other.diagnostics
    }
}
