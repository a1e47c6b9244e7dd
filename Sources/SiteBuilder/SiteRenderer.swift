import Foundation
import Synchronization
import CourseModel
import CourseLoader
import Translation
import Localization
import Checks

/// Which part of a site to build.
public struct BuildSelection: Sendable {
    public var courseID: String?
    public var locale: LocaleID?
    /// Whether draft lessons (`draft: true` in a source lesson) are built too (`--drafts`).
    public var includeDrafts: Bool

    public init(courseID: String? = nil, locale: LocaleID? = nil, includeDrafts: Bool = false) {
        self.courseID = courseID
        self.locale = locale
        self.includeDrafts = includeDrafts
    }
}

/// A whole site rendered in memory: every file of the output, nothing written yet.
public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    public var pageCount: Int
    public var courseCount: Int
    public var locales: [LocaleID]
    public var diagnostics: [Diagnostic]
    /// Found while deferred files are made (when they are written): read them after writing.
    public var late = LateDiagnostics()
}

/// Turns a loaded `Site` into output files. The steps run in a fixed order and every list is
/// sorted, so the same content gives the same bytes on every machine.
public struct SiteRenderer: Sendable {
    let site: Site
    let files: ContentFiles
    private(set) var selection: BuildSelection
    /// The theme, interface strings and assets, prepared once; nil when the theme is unusable.
    private let setup: RenderSetup?
    private let setupDiagnostics: [Diagnostic]
    /// `Fingerprint.contentKey` of the site, when the build has it already.
    var contentKey: String?

    /// `coverage` is the build's translation coverage (the course home shows it; lesson pages
    /// mark outdated translations), computed once by the coverage step.
    public init(site: Site, files: ContentFiles, selection: BuildSelection = BuildSelection(), coverage: CoverageReport) {
        self.site = site
        self.files = files
        self.selection = selection
        var diagnostics: [Diagnostic] = []
        let (theme, themeDiagnostics) = Theme.load(files: files)
        diagnostics += themeDiagnostics
        let interface = InterfaceCatalog(overrides: site.interfaceOverrides)
        for locale in site.locales where (selection.locale == nil || locale == selection.locale) && !interface.hasCatalog(for: locale) {
            diagnostics.append(.warning("no interface strings for locale '\(locale)': English is used; add \(files.displayPath("ui/\(locale.code).yaml"))",
                                        at: files.location("site.yaml")))
        }
        if let theme, !diagnostics.hasErrors {
            let assets = theme.assets.keys.sorted().map { FingerprintedAsset(name: $0, data: theme.assets[$0]!) }
            setup = RenderSetup(site: site, files: files, theme: theme, interface: interface, assets: assets, coverage: coverage)
        } else {
            setup = nil
        }
        setupDiagnostics = diagnostics
    }

    /// A file of the theme's assets (the site's `theme/assets/`, else coursekit's), for what is
    /// made outside the pages (a ZIM's illustration); nil when there is none.
    public func themeAsset(named name: String) -> Data? {
        setup?.theme.assets[name]
    }

    /// The same renderer (theme, strings and coverage already prepared) for another selection.
    public func selecting(_ selection: BuildSelection) -> SiteRenderer {
        var copy = self
        copy.selection = selection
        return copy
    }

    public func render() -> RenderedSite {
        let diagnostics = setupDiagnostics + SelectionCheck.problems(site: site, courseID: selection.courseID, locale: selection.locale)
        let courses = site.courses.filter { selection.courseID == nil || $0.id == selection.courseID }
        let locales = site.locales.filter { selection.locale == nil || $0 == selection.locale }
        guard let setup, !diagnostics.hasErrors else {
            return RenderedSite(files: [], pageCount: 0, courseCount: 0, locales: locales, diagnostics: diagnostics)
        }
        let renderer = setup.renderer(.site)
        var output: [OutputFile] = setup.assetFiles(in: OutputLayout.site.assetsFolder(course: nil))
        var pages = 0
        output.append(OutputFile(path: OutputLayout.chooserPage, content: .data(renderer.chooser.render(locales: locales))))
        // Made when written, beside the other pages: each lists every course with its
        // translation status, and a rebuild finds them unchanged by their bytes.
        for locale in locales {
            output.append(.deferred(OutputLayout.site.catalogPage(locale)!) {
                renderer.catalog.render(locale, locales: locales, courses: courses)
            })
        }
        pages += 1 + locales.count
        let contentKey = self.contentKey ?? Fingerprint.contentKey(site: site, files: files)
        let late = LateDiagnostics()
        // Courses are planned on every core (fingerprints, outlines, offline lists): a rebuild
        // after one edit plans every page again, and renders only the changed ones.
        let planned = [(files: [OutputFile], pages: Int)].concurrentlyMade(count: courses.count) { index in
            let course = courses[index]
            let assets = setup.assetFiles(in: OutputLayout.site.assetsFolder(course: course.id))
            let (courseFiles, coursePages) = renderCourse(course, locales: locales, renderer: renderer, contentKey: contentKey, late: late)
            let files = assets + courseFiles
                + offlineFiles(course, locales: course.locales.filter(locales.contains), files: assets + courseFiles, kit: renderer)
            return (files, coursePages)
        }
        for (files, coursePages) in planned {
            output += files
            pages += coursePages
        }
        if let worker = OfflineCourse.worker() { output.append(worker) }
        output.append(.text("README.md", OutputReadme.text))
        let stylesheet = "assets/" + (renderer.assetNames["coursekit.css"] ?? "coursekit.css")
        // Made when written, on every core beside the pages: the whole site's table is a tenth
        // of planning a rebuild, which finds it unchanged by its bytes after most edits.
        output.append(.deferred("coverage.html") { [site] in
            Data(setup.coverage.rendered(as: .html, interface: setup.interface, locale: site.defaultLocale, stylesheet: stylesheet).utf8)
        })
        output.sort { $0.path < $1.path }
        return RenderedSite(files: output, pageCount: pages, courseCount: courses.count, locales: locales,
                            diagnostics: diagnostics.uniqued(), late: late)
    }

    /// One course in one locale as a standalone package (a ZIM file, a Kolibri app): `index.html`
    /// is the course home, and no page links outside the package. A lesson missing in the locale
    /// is included from the source locale, marked as on the site.
    public func renderPackage(courseID: String, locale: LocaleID) -> RenderedSite {
        var diagnostics = setupDiagnostics
        guard let course = site.courses.first(where: { $0.id == courseID }), course.locales.contains(locale), let setup,
              !diagnostics.hasErrors else {
            diagnostics.append(.error("no course '\(courseID)' in locale '\(locale)'"))
            return RenderedSite(files: [], pageCount: 0, courseCount: 0, locales: [locale], diagnostics: diagnostics)
        }
        let renderer = setup.renderer(.package(course: course.id, locale: locale))
        var output = setup.assetFiles(in: renderer.layout.assetsFolder(course: course.id))
        let (courseFiles, pages) = renderCourse(course, locales: [locale], renderer: renderer, late: LateDiagnostics())
        output += courseFiles
        output.sort { $0.path < $1.path }
        return RenderedSite(files: output, pageCount: pages, courseCount: 1, locales: [locale], diagnostics: diagnostics.uniqued())
    }

    /// With a `contentKey` (see `Fingerprint`), lesson pages carry their fingerprint, so a
    /// rebuild can take the unchanged ones from the previous output.
    private func renderCourse(_ course: Course, locales: [LocaleID], renderer: PageKit,
                              contentKey: String? = nil, late: LateDiagnostics) -> ([OutputFile], Int) {
        var output: [OutputFile] = []
        var pages = 0
        let courseLocales = course.locales.filter(locales.contains)
        let positions = lessonPositions(course, locales: courseLocales, kit: renderer)
        // Pages are pure functions of the site and their coordinates: each is rendered when it
        // is written, on every core, and let go (`OutputFile.deferred`) — or not at all, when
        // the previous build wrote the same page (its fingerprint).
        let keys = contentKey.map { (content: $0, outline: Fingerprint.courseOutline(course)) }
        let lessonFiles = keys == nil ? [] : positions.map { Fingerprint.lessonFiles($0.lesson) }
        for locale in courseLocales {
            let path = renderer.layout.courseHome(course.id, locale)
            let fingerprint = keys.map { keys in
                Fingerprint.courseHome(path: path, contentKey: keys.content, courseOutline: keys.outline, lessonFiles: lessonFiles,
                                       locales: courseLocales) { other in
                    renderer.translations.percent(course: course.id, locale: other).map { String($0) } ?? "none"
                }
            }
            output.append(.deferred(path, fingerprint: fingerprint) {
                renderer.courseHome.render(course, locale: locale, locales: courseLocales)
            })
            pages += 1
            let indexPath = renderer.layout.searchIndex(course.id, locale)
            let indexFingerprint = keys.map { keys in
                Fingerprint.searchIndex(path: indexPath, contentKey: keys.content, courseOutline: keys.outline,
                                        shownFiles: positions.map { Fingerprint.shownFile($0.lesson, in: locale, sourceLocale: course.sourceLocale) })
            }
            output.append(.deferred(indexPath, fingerprint: indexFingerprint) { [files] in
                let index = CourseSearchIndex.make(course, locale: locale, kit: renderer)
                if let warning = CourseSearchIndex.budgetWarning(index.budget, course: course, locale: locale, files: files) { late.add(warning) }
                return index.script
            })
        }
        // Each page's closure holds the course's plan and its place in it, not copies of its
        // position and renderer (at 4,500 pages those copies were 12 MB of a build's peak).
        let plan = LessonPagePlan(renderer: renderer, positions: positions, locales: courseLocales)
        for locale in courseLocales {
            for (index, position) in positions.enumerated() {
                let path = renderer.layout.lessonPage(course.id, locale, module: position.module.slug, lesson: position.lesson.slug)
                let fingerprint = keys.map { keys in
                    Fingerprint.lessonPage(path: path, contentKey: keys.content, courseOutline: keys.outline, lesson: position.lesson,
                                           files: lessonFiles[index], locales: courseLocales) { other in
                        renderer.translations.status(course: course.id, locale: other, lesson: position.lesson.id)?.rawValue ?? "none"
                    }
                }
                output.append(.deferred(path, fingerprint: fingerprint) { [plan] in
                    plan.renderer.lesson.render(plan.positions[index], locale: locale, locales: plan.locales)
                })
                pages += 1
            }
        }
        let mediaPrefix = "\(course.id)/media/"
        for media in course.media {
            guard let absolute = files.absolutePath(media) else { continue }
            let isDocument = course.allowActiveMedia && MediaChecks.documentExtensions.contains(URL(fileURLWithPath: media).pathExtension.lowercased())
            let paths = if let (module, relative) = course.moduleHolding(media: media) {
                // One per locale on a site; a package's layout gives the same path for each.
                courseLocales.map { renderer.layout.moduleMedia(course.id, $0, module: module.slug, relative) }.reduce(into: [String]()) { kept, path in
                    if !kept.contains(path) { kept.append(path) }
                }
            } else {
                [renderer.layout.media(course.id, String(media.dropFirst(mediaPrefix.count)))]
            }
            output += paths.map { Self.mediaFile(path: $0, absolute: absolute, isDocument: isDocument) }
        }
        return (output, pages)
    }

    /// A media file copied as it is, or an HTML one (allowed by `allow_active_media`) with the
    /// pages' content policy written into it.
    private static func mediaFile(path: String, absolute: String, isDocument: Bool) -> OutputFile {
        guard isDocument else { return OutputFile(path: path, content: .copy(fromAbsolutePath: absolute)) }
        return .deferred(path) { FileManager.default.contents(atPath: absolute).map(MediaPolicy.withPagesPolicy) }
    }

    /// For each locale of a course: the web app manifest, and the list of what keeping the
    /// course on a phone downloads (its pages in that locale, its assets and media, the manifest).
    private func offlineFiles(_ course: Course, locales: [LocaleID], files: [OutputFile], kit: PageKit) -> [OutputFile] {
        // What each file is made from, once: the course's assets and media are in every locale's list.
        let made = files.map { (path: $0.path, inputs: OfflineCourse.inputs(of: $0)) }
        return locales.flatMap { locale in
            let context = kit.localeContext(locale)
            let pages = "\(course.id)/\(locale.code)/", shared = ["\(course.id)/assets/", "\(course.id)/media/"]
            let icon = OutputLayout.link(from: OfflineCourse.manifestPath(course.id, locale),
                                         to: "\(kit.layout.assetsFolder(course: course.id))/\(kit.assetNames["icon-48.png"] ?? "icon-48.png")")
            let manifest = OfflineCourse.webManifest(course: course.id, locale: locale,
                                                     name: ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id).text,
                                                     direction: context.direction, icon: icon)
            let kept = made.filter { file in file.path.hasPrefix(pages) || shared.contains { file.path.hasPrefix($0) } }
                + [(path: manifest.path, inputs: OfflineCourse.inputs(of: manifest))]
            return [manifest, OfflineCourse.list(course: course.id, locale: locale, siteID: site.id, files: kept)]
        }
    }

    /// Each lesson with its neighbours across module boundaries, for previous/next links.
    private func lessonPositions(_ course: Course, locales: [LocaleID], kit: PageKit) -> [LessonPageRenderer.Position] {
        let flat = course.modules.flatMap { module in module.lessons.map { (module: module, lesson: $0) } }
        let parts = LessonPageRenderer.CoursePageParts { [files] in
            (LinkResolver(course: course, files: files, layout: kit.layout), CourseOutline(course: course, locales: locales, kit: kit))
        }
        return flat.indices.map { index in
            LessonPageRenderer.Position(course: course, module: flat[index].module, lesson: flat[index].lesson,
                                        previous: index > 0 ? flat[index - 1] : nil,
                                        next: index + 1 < flat.count ? flat[index + 1] : nil, courseParts: parts)
        }
    }
}

/// What every lesson page of a course is made from, shared by the pages' deferred closures.
private final class LessonPagePlan: Sendable {
    let renderer: PageKit
    let positions: [LessonPageRenderer.Position]
    let locales: [LocaleID]

    init(renderer: PageKit, positions: [LessonPageRenderer.Position], locales: [LocaleID]) {
        self.renderer = renderer
        self.positions = positions
        self.locales = locales
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
struct RenderSetup: Sendable {
    let site: Site
    let files: ContentFiles
    let theme: Theme
    let interface: InterfaceCatalog
    let assets: [FingerprintedAsset]
    let coverage: CoverageReport

    func renderer(_ layout: OutputLayout) -> PageKit {
        var names: [String: String] = [:]
        for asset in assets { names[asset.name] = asset.fingerprintedName }
        return PageKit(site: site, theme: theme, interface: interface, files: files, assetNames: names,
                            translations: TranslationStatus(coverage), layout: layout)
    }

    func assetFiles(in folder: String) -> [OutputFile] {
        assets.map { OutputFile(path: "\(folder)/\($0.fingerprintedName)", content: .data($0.data), fingerprint: "asset " + $0.sha256) }
    }
}
