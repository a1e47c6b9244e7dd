import Foundation
import Synchronization
import CourseModel
import CourseLoader
import Translation
import Localization

/// Which part of a site to build.
public struct BuildSelection: Sendable {
    public var courseID: String?
    public var locale: LocaleID?

    public init(courseID: String? = nil, locale: LocaleID? = nil) {
        self.courseID = courseID
        self.locale = locale
    }
}

/// A whole site rendered in memory: every file of the output, nothing written yet.
public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    public var pageCount: Int
    public var courseCount: Int
    public var locales: [LocaleID]
    public var diagnostics: [Diagnostic]
}

/// Turns a loaded `Site` into output files. The steps run in a fixed order and every list is
/// sorted, so the same content gives the same bytes on every machine.
public struct SiteRenderer {
    let site: Site
    let files: ContentFiles
    let selection: BuildSelection

    public init(site: Site, files: ContentFiles, selection: BuildSelection = BuildSelection()) {
        self.site = site
        self.files = files
        self.selection = selection
    }

    public func render() -> RenderedSite {
        var diagnostics: [Diagnostic] = []
        let courses = site.courses.filter { selection.courseID == nil || $0.id == selection.courseID }
        if let id = selection.courseID, courses.isEmpty {
            diagnostics.append(.error("no course '\(id)' in \(files.displayRoot) (courses: \(site.courses.map(\.id).joined(separator: ", ")))"))
        }
        let locales = site.locales.filter { selection.locale == nil || $0 == selection.locale }
        if let locale = selection.locale, locales.isEmpty {
            diagnostics.append(.error("locale '\(locale)' is not one of the site's locales (\(site.locales.map(\.code).joined(separator: ", ")))"))
        }
        guard let setup = prepare(locales: locales, diagnostics: &diagnostics) else {
            return RenderedSite(files: [], pageCount: 0, courseCount: 0, locales: locales, diagnostics: diagnostics)
        }
        let renderer = setup.renderer(.site)
        var output: [OutputFile] = setup.assetFiles(in: OutputLayout.site.assetsFolder(course: nil))
        var pages = 0
        output.append(.text(OutputLayout.chooserPage, renderer.chooser(locales: locales)))
        for locale in locales {
            output.append(.text(OutputLayout.site.catalogPage(locale)!, renderer.catalog(locale, locales: locales, courses: courses)))
        }
        pages += 1 + locales.count
        for course in courses {
            output += setup.assetFiles(in: OutputLayout.site.assetsFolder(course: course.id))
            let (courseFiles, coursePages, courseDiagnostics) = renderCourse(course, locales: locales, renderer: renderer)
            output += courseFiles
            pages += coursePages
            diagnostics += courseDiagnostics
        }
        output.append(.text("README.md", OutputReadme.text))
        output.append(.text("coverage.html", setup.coverage.rendered(as: .html)))
        output.sort { $0.path < $1.path }
        return RenderedSite(files: output, pageCount: pages, courseCount: courses.count, locales: locales,
                            diagnostics: diagnostics.uniqued())
    }

    /// One course in one locale as a standalone package (a ZIM file, a Kolibri app): `index.html`
    /// is the course home, and no page links outside the package. A lesson missing in the locale
    /// is included from the source locale, marked as on the site.
    public func renderPackage(courseID: String, locale: LocaleID) -> RenderedSite {
        var diagnostics: [Diagnostic] = []
        guard let course = site.courses.first(where: { $0.id == courseID }), course.locales.contains(locale),
              let setup = prepare(locales: [locale], diagnostics: &diagnostics) else {
            diagnostics.append(.error("no course '\(courseID)' in locale '\(locale)'"))
            return RenderedSite(files: [], pageCount: 0, courseCount: 0, locales: [locale], diagnostics: diagnostics)
        }
        let renderer = setup.renderer(.package(course: course.id, locale: locale))
        var output = setup.assetFiles(in: renderer.layout.assetsFolder(course: course.id))
        let (courseFiles, pages, courseDiagnostics) = renderCourse(course, locales: [locale], renderer: renderer)
        output += courseFiles
        output.sort { $0.path < $1.path }
        return RenderedSite(files: output, pageCount: pages, courseCount: 1, locales: [locale],
                            diagnostics: (diagnostics + courseDiagnostics).uniqued())
    }

    /// What every rendering needs once: the theme, interface strings, fingerprinted assets and
    /// the translation coverage. Nil (with the diagnostics) when the theme cannot be used.
    private func prepare(locales: [LocaleID], diagnostics: inout [Diagnostic]) -> RenderSetup? {
        let (theme, themeDiagnostics) = Theme.load(files: files)
        diagnostics += themeDiagnostics
        let interface = InterfaceCatalog(overrides: site.interfaceOverrides)
        for locale in locales where !interface.hasCatalog(for: locale) {
            diagnostics.append(.warning("no interface strings for locale '\(locale)': English is used; add \(files.displayPath("ui/\(locale.code).yaml"))",
                                        at: files.location("site.yaml")))
        }
        guard let theme, !diagnostics.hasErrors else { return nil }
        let assets = theme.assets.keys.sorted().map { FingerprintedAsset(name: $0, data: theme.assets[$0]!) }
        return RenderSetup(site: site, files: files, theme: theme, interface: interface, assets: assets,
                           coverage: CoverageAnalyzer(site: site).report())
    }

    private func renderCourse(_ course: Course, locales: [LocaleID], renderer: PageRenderer) -> ([OutputFile], Int, [Diagnostic]) {
        var output: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        var pages = 0
        let courseLocales = course.locales.filter(locales.contains)
        let positions = lessonPositions(course, layout: renderer.layout)
        for locale in courseLocales {
            output.append(.text(renderer.layout.courseHome(course.id, locale), renderer.courseHome(course, locale: locale, locales: courseLocales)))
            pages += 1
        }
        // Lesson pages are pure functions of the site and their coordinates: render them on every
        // core, then put them back in a fixed order so the output stays the same.
        let jobs = courseLocales.flatMap { locale in positions.map { (locale, $0) } }
        let results = Mutex<[Int: PageRenderer.LessonPage]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (locale, position) = jobs[index]
            let page = renderer.lesson(position, locale: locale, locales: courseLocales)
            results.withLock { $0[index] = page }
        }
        let rendered = results.withLock { $0 }
        var anchors: [String: Set<String>] = [:]
        var anchorLinks: [AnchorLink] = []
        for (index, (locale, position)) in jobs.enumerated() {
            guard let page = rendered[index] else { continue }
            let path = renderer.layout.lessonPage(course.id, locale, module: position.module.slug, lesson: position.lesson.slug)
            output.append(.text(path, page.html))
            diagnostics += page.diagnostics
            anchors[path] = page.anchors
            anchorLinks += page.anchorLinks
            pages += 1
        }
        diagnostics += Self.brokenAnchors(anchorLinks, anchors: anchors)
        let mediaPrefix = "\(course.id)/media/"
        for media in course.media {
            guard let absolute = files.absolutePath(media) else { continue }
            output.append(OutputFile(path: renderer.layout.media(course.id, String(media.dropFirst(mediaPrefix.count))),
                                     content: .copy(fromAbsolutePath: absolute)))
        }
        return (output, pages, diagnostics)
    }

    /// Links whose `#fragment` names no heading or exercise of the target page, in the locale
    /// of the page the link is on (headings are translated, so are their ids).
    static func brokenAnchors(_ links: [AnchorLink], anchors: [String: Set<String>]) -> [Diagnostic] {
        links.compactMap { link in
            guard let targetAnchors = anchors[link.page] else { return nil }
            let fragment = link.fragment.removingPercentEncoding ?? link.fragment
            guard !targetAnchors.contains(fragment) else { return nil }
            let known = targetAnchors.filter { !["main", "toc-title"].contains($0) && !$0.hasPrefix("exercise-") }.sorted()
            let suggestion = Suggestion.nearest(to: fragment, among: known).map { "; did you mean '#\($0)'?" } ?? ""
            return .warning("no heading '#\(fragment)' in \(link.page)\(suggestion)", at: link.location)
        }
    }

    /// Each lesson with its neighbours across module boundaries, for previous/next links.
    private func lessonPositions(_ course: Course, layout: OutputLayout) -> [PageRenderer.LessonPosition] {
        let flat = course.modules.flatMap { module in module.lessons.map { (module: module, lesson: $0) } }
        let links = LinkResolver(course: course, files: files, layout: layout)
        return flat.indices.map { index in
            PageRenderer.LessonPosition(course: course, module: flat[index].module, lesson: flat[index].lesson,
                                        previous: index > 0 ? flat[index - 1] : nil,
                                        next: index + 1 < flat.count ? flat[index + 1] : nil, links: links)
        }
    }
}

extension Array where Element == Diagnostic {
    /// Drops repeats (a fallback lesson is rendered in several locales and would report its
    /// broken link once per locale), keeping first-seen order.
    func uniqued() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }
    }
}

/// The README written at the top of every output folder, for whoever finds it on a USB stick.
enum OutputReadme {
    static let text = """
    # Output

    This folder is written by `coursekit build` and replaced as a whole by each build: do not
    edit files here, edit the content instead.

    - `index.html` — open it in any web browser to choose a language. No internet is needed.
    - `<course>/` — one course, complete in itself: copy this folder to a USB stick, a phone
      or a camp server and open `<course>/<language>/index.html`.
    - `assets/` — the stylesheet and script of the pages at the top.
    - `coverage.html` — how much of each course is translated into each language.

    """
}

/// The shared pieces of one rendering, and the page renderer for a layout.
struct RenderSetup {
    let site: Site
    let files: ContentFiles
    let theme: Theme
    let interface: InterfaceCatalog
    let assets: [FingerprintedAsset]
    let coverage: CoverageReport

    func renderer(_ layout: OutputLayout) -> PageRenderer {
        var names: [String: String] = [:]
        for asset in assets { names[asset.name] = asset.fingerprintedName }
        return PageRenderer(site: site, theme: theme, interface: interface, files: files, assetNames: names,
                            translations: TranslationStatus(coverage), layout: layout)
    }

    func assetFiles(in folder: String) -> [OutputFile] {
        assets.map { OutputFile(path: "\(folder)/\($0.fingerprintedName)", content: .data($0.data)) }
    }
}
