import Foundation
import CourseModel
import CourseLoader
import Localization
import Templates

/// What every page renderer shares: the site, the theme, the interface strings, the assets'
/// names, the translation status, and the layout (the whole site, or one course in one locale).
/// Each kind of page has its own renderer (`ChooserPageRenderer`, `CatalogPageRenderer`,
/// `CourseHomeRenderer`, `LessonPageRenderer`), a pure function of this and the page's
/// coordinates, so pages can be built in any order. Nothing here checks the content: the
/// checks step did, before.
struct PageKit: Sendable {
    let site: Site
    let theme: Theme
    let interface: InterfaceCatalog
    let files: ContentFiles
    /// Fingerprinted asset names, per assets folder (`assets` or `<course>/assets`).
    let assetNames: [String: String]
    /// Translation status of every lesson, for the language switcher and the course home.
    let translations: TranslationStatus
    /// The whole site, or one course in one locale (a ZIM file or a Kolibri app).
    let layout: OutputLayout

    /// Every page may load files of its own package and nothing else: no other origin, no
    /// inline script, no form posted anywhere, no request from its scripts (the service worker
    /// that keeps a course on a phone fetches for it, under its own policy). The code exercises' preview is a package file
    /// with its own, looser policy, inside a sandboxed frame.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "media-src 'self'; font-src 'self'; frame-src 'self'; worker-src 'self'; manifest-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'"

    /// Locale facts, built once per locale: every page needs them.
    private let localeContexts: [LocaleID: LocaleContext]
    private let scriptStringsByLocale: [LocaleID: [ScriptPage: String]]

    init(site: Site, theme: Theme, interface: InterfaceCatalog, files: ContentFiles, assetNames: [String: String],
         translations: TranslationStatus, layout: OutputLayout = .site) {
        self.site = site
        self.theme = theme
        self.interface = interface
        self.files = files
        self.assetNames = assetNames
        self.translations = translations
        self.layout = layout
        var contexts: [LocaleID: LocaleContext] = [:]
        for locale in Set(site.locales + site.courses.flatMap(\.locales) + site.courses.map(\.sourceLocale)) {
            contexts[locale] = LocaleContext(locale, interface: interface)
        }
        localeContexts = contexts
        scriptStringsByLocale = Dictionary(uniqueKeysWithValues: contexts.keys.map { locale in
            (locale, Dictionary(uniqueKeysWithValues: ScriptPage.allCases.map { ($0, Self.scriptStrings(locale, for: $0, interface: interface)) }))
        })
    }

    var chooser: ChooserPageRenderer { ChooserPageRenderer(kit: self) }
    var catalog: CatalogPageRenderer { CatalogPageRenderer(kit: self) }
    var courseHome: CourseHomeRenderer { CourseHomeRenderer(kit: self) }
    var lesson: LessonPageRenderer { LessonPageRenderer(kit: self) }

    func localeContext(_ locale: LocaleID) -> LocaleContext {
        localeContexts[locale] ?? LocaleContext(locale, interface: interface)
    }

    // MARK: the shell around every page

    /// The page's own values and the shell's; `shell` fills in what every page has.
    struct Shell {
        var path: String
        var kind: String
        var title: String
        var locale: LocaleContext
        /// The page's own HTML, as its template wrote it (`body`).
        var content: [UInt8]
        var languages: [LanguageLink]
        var course: String?
        var lessonID: String?
        var homePath: String?
        var hasExercises: Bool?
        var scriptStrings: String?
        /// The course's web app manifest, for its pages on a site (not in packages).
        var manifest: String?
    }

    /// The page file: its bytes as the template wrote them.
    func render(_ shell: Shell) -> Data {
        let path = shell.path, locale = shell.locale
        let assets = layout.assetsFolder(course: shell.course)
        let asset = { (name: String) in OutputLayout.link(from: path, to: "\(assets)/\(assetNames[name] ?? name)") }
        let siteTitle = ResolvedText(site.title, page: locale, fallback: site.defaultLocale)
        let model = LayoutModel(
            lang: locale.locale.code, dir: locale.direction.rawValue, pageTitle: shell.title, kind: shell.kind,
            strings: locale.templateStrings, content: shell.content,
            assetsPath: OutputLayout.folderLink(from: path, to: assets),
            stylesheet: asset("coursekit.css"), script: asset("coursekit.js"),
            exerciseStylesheet: asset("coursekit-exercises.css"), exerciseScript: asset("coursekit-exercises.js"),
            icon: asset("icon-48.png"),
            contentSecurityPolicy: Self.contentSecurityPolicy, siteTitle: siteTitle.text, siteTitleAttrs: siteTitle.attributes,
            // The language chooser is the site's home: its title leads to itself, not to one language.
            homeLink: shell.kind == "chooser" ? OutputLayout.link(from: path, to: path)
                : OutputLayout.link(from: path, to: layout.catalogPage(locale.locale) ?? layout.courseHome(shell.course ?? "", locale.locale)),
            languages: shell.languages, siteID: site.id, course: shell.course, lessonID: shell.lessonID, homePath: shell.homePath,
            hasExercises: shell.hasExercises, scriptStrings: shell.scriptStrings,
            manifest: layout.isPackage ? nil : shell.course.map { OutputLayout.link(from: path, to: OfflineCourse.manifestPath($0, locale.locale)) },
            searchIndex: shell.course.map { OutputLayout.link(from: path, to: layout.searchIndex($0, locale.locale)) },
            searchScript: shell.course == nil ? nil : asset("coursekit-search.js"))
        return Data(theme.templates.renderBytes(.object(model), withTemplate: "layout") ?? [])
    }

    /// The language switcher: the same page in each locale, each name in its own language.
    func languages(_ locales: [LocaleID], current: LocaleContext, from path: String,
                   target: (LocaleID) -> String, note: (LocaleID) -> String? = { _ in nil }) -> [LanguageLink] {
        locales.map { locale in
            LanguageLink(code: locale.code, dir: interface.direction(locale).rawValue, name: interface.languageName(locale),
                         href: OutputLayout.link(from: path, to: target(locale)), current: locale == current.locale,
                         pageLang: current.locale.code, pageDir: current.direction.rawValue, missing: note(locale))
        }
    }

    /// A page kind's own template, given its values and the page's strings and direction.
    func body<Page: TemplateObject>(_ template: String, _ page: Page, locale: LocaleContext) -> [UInt8] {
        theme.templates.renderBytes(.object(BodyModel(page: page, locale: locale)), withTemplate: template) ?? []
    }

    // MARK: strings for the browser scripts

    /// The pages that carry interface strings for the scripts, each only those its scripts use:
    /// every byte of a lesson page is paid for by the learner.
    enum ScriptPage: CaseIterable {
        case lesson, courseHome

        func needs(_ key: String) -> Bool {
            let both = ["progress_exercises", "progress_not_saved", "progress_free_space", "progress_free_space_confirm", "progress_free_space_done"]
            switch self {
            case .lesson:
                return key.hasPrefix("exercise_") || key.hasPrefix("lesson_") || key.hasPrefix("search_") || both.contains(key)
                    || ["progress_done", "learners_now", "learners_first"].contains(key)
            case .courseHome:
                return both.contains(key) || ["progress_done", "progress_lessons", "progress_imported"].contains(key)
                    || key.hasPrefix("progress_import_") || key.hasPrefix("progress_reset_") || key.hasPrefix("learners_")
                    || key.hasPrefix("offline_") || key.hasPrefix("search_")
            }
        }
    }

    /// Interface strings the browser scripts need on a page, with every plural form, as JSON.
    func scriptStrings(_ locale: LocaleID, for page: ScriptPage) -> String {
        scriptStringsByLocale[locale]?[page] ?? Self.scriptStrings(locale, for: page, interface: interface)
    }

    static func scriptStrings(_ locale: LocaleID, for page: ScriptPage, interface: InterfaceCatalog) -> String {
        var table: [String: JSONValue] = [:]
        for key in interface.keys where page.needs(key) {
            table[key] = .object(interface.forms(key, locale).mapValues(JSONValue.string))
        }
        return JSONValue.object(table).text
    }

    /// The ids of a lesson's exercises, as its pages list them: the source's (progress is keyed
    /// on them, whichever language shows them).
    static func exerciseIDs(_ lesson: Lesson, shown: LessonSource, course: Course) -> String {
        (lesson.sources[course.sourceLocale] ?? shown).exercises.map(\.id).joined(separator: " ")
    }

    /// A lesson's objectives: the shown file's, or the source's when a translation left them out
    /// (a learner is better served by objectives in another language than by none).
    static func objectives(_ lesson: Lesson, shown: LessonSource, course: Course) -> (items: [String], locale: LocaleID) {
        if shown.objectives.isEmpty, let source = lesson.sources[course.sourceLocale], !source.objectives.isEmpty {
            return (source.objectives, source.locale)
        }
        return (shown.objectives, shown.locale)
    }
}
