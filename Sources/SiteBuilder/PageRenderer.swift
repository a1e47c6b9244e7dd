import Foundation
import CourseModel
import CourseLoader
import Localization
import Markdown
import Mustache
import Translation

/// Renders each kind of page. Every method is a pure function of the site and one page's
/// coordinates, returning the HTML, so pages can be built in any order. Nothing here checks
/// the content: the checks step did, before.
struct PageRenderer: Sendable {
    let site: Site
    let theme: Theme
    let interface: InterfaceCatalog
    let files: ContentFiles
    /// Fingerprinted asset names, per assets folder (`assets` or `<course>/assets`).
    let assetNames: [String: String]

    /// Every page may load files of its own package and nothing else: no other origin, no
    /// inline script, no form posted anywhere. The code exercises' preview is a package file
    /// with its own, looser policy, inside a sandboxed frame.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "media-src 'self'; font-src 'self'; frame-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'"

    /// Locale facts, built once per locale: every page needs them.
    private let localeContexts: [LocaleID: LocaleContext]

    /// Translation status of every lesson, for the language switcher and the course home.
    let translations: TranslationStatus
    /// The whole site, or one course in one locale (a ZIM file or a Kolibri app).
    let layout: OutputLayout

    init(site: Site, theme: Theme, interface: InterfaceCatalog, files: ContentFiles, assetNames: [String: String],
         translations: TranslationStatus, layout: OutputLayout = .site) {
        self.translations = translations
        self.layout = layout
        self.site = site
        self.theme = theme
        self.interface = interface
        self.files = files
        self.assetNames = assetNames
        var contexts: [LocaleID: LocaleContext] = [:]
        for locale in Set(site.locales + site.courses.flatMap(\.locales) + site.courses.map(\.sourceLocale)) {
            contexts[locale] = LocaleContext(locale, interface: interface)
        }
        localeContexts = contexts
        scriptStringsByLocale = Dictionary(uniqueKeysWithValues: contexts.keys.map { locale in
            (locale, Dictionary(uniqueKeysWithValues: ScriptPage.allCases.map { ($0, Self.scriptStrings(locale, for: $0, interface: interface)) }))
        })
    }

    private let scriptStringsByLocale: [LocaleID: [ScriptPage: String]]

    private func localeContext(_ locale: LocaleID) -> LocaleContext {
        localeContexts[locale] ?? LocaleContext(locale, interface: interface)
    }

    // MARK: the shell around every page

    private func page(path: String, kind: String, title: String, locale: LocaleContext, content: String,
                      languages: [[String: Any]], course: String? = nil, extra: [String: Any] = [:]) -> String {
        let assets = layout.assetsFolder(course: course)
        let siteTitle = ResolvedText(site.title, page: locale, fallback: site.defaultLocale)
        var context: [String: Any] = [
            "lang": locale.locale.code, "dir": locale.direction.rawValue, "pageTitle": title, "kind": kind,
            "t": locale.templateStrings, "content": content,
            "assetsPath": OutputLayout.folderLink(from: path, to: assets),
            "stylesheet": OutputLayout.link(from: path, to: "\(assets)/\(assetNames["coursekit.css"] ?? "coursekit.css")"),
            "script": OutputLayout.link(from: path, to: "\(assets)/\(assetNames["coursekit.js"] ?? "coursekit.js")"),
            "exerciseStylesheet": OutputLayout.link(from: path, to: "\(assets)/\(assetNames["coursekit-exercises.css"] ?? "coursekit-exercises.css")"),
            "contentSecurityPolicy": Self.contentSecurityPolicy,
            "exerciseScript": OutputLayout.link(from: path, to: "\(assets)/\(assetNames["coursekit-exercises.js"] ?? "coursekit-exercises.js")"),
            "siteTitle": siteTitle.text, "siteTitleAttrs": siteTitle.attributes,
            "homeLink": OutputLayout.link(from: path, to: layout.catalogPage(locale.locale) ?? layout.courseHome(course ?? "", locale.locale)),
            "languages": languages, "hasLanguages": languages.count > 1, "siteID": site.id,
        ]
        if let course { context["course"] = course }
        context.merge(extra) { _, new in new }
        return theme.templates.render(context, withTemplate: "layout") ?? ""
    }

    /// The language switcher: the same page in each locale, each name in its own language.
    private func languages(_ locales: [LocaleID], current: LocaleContext, from path: String,
                           target: (LocaleID) -> String, note: (LocaleID) -> String? = { _ in nil }) -> [[String: Any]] {
        locales.map { locale in
            var entry: [String: Any] = [
                "code": locale.code, "dir": interface.direction(locale).rawValue, "name": interface.languageName(locale),
                "href": OutputLayout.link(from: path, to: target(locale)), "current": locale == current.locale,
                "pageLang": current.locale.code, "pageDir": current.direction.rawValue,
            ]
            if let note = note(locale) { entry["missing"] = note }
            return entry
        }
    }

    private func body(_ template: String, _ context: [String: Any], locale: LocaleContext) -> String {
        var context = context
        context["t"] = locale.templateStrings
        context["pageLang"] = locale.locale.code
        context["pageDir"] = locale.direction.rawValue
        return theme.templates.render(context, withTemplate: template) ?? ""
    }

    // MARK: language chooser

    func chooser(locales: [LocaleID]) -> String {
        let path = OutputLayout.chooserPage
        let home = localeContext(site.defaultLocale)
        var titles: [[String: Any]] = []
        for locale in locales {
            guard let text = site.title[locale], !titles.contains(where: { $0["text"] as? String == text }) else { continue }
            titles.append(["code": locale.code, "dir": interface.direction(locale).rawValue, "text": text])
        }
        let choices: [[String: Any]] = locales.map { locale in
            [
                "code": locale.code, "dir": interface.direction(locale).rawValue, "name": interface.languageName(locale),
                "prompt": interface.text("choose_language", locale),
                "href": OutputLayout.link(from: path, to: layout.catalogPage(locale) ?? ""),
            ]
        }
        let content = body("chooser", ["titles": titles, "choices": choices], locale: home)
        let title = locales.map { interface.text("choose_language", $0) }.joined(separator: " · ")
        return page(path: path, kind: "chooser", title: title, locale: home, content: content, languages: [])
    }

    // MARK: catalog of courses in one locale

    func catalog(_ locale: LocaleID, locales: [LocaleID], courses: [Course]) -> String {
        let path = layout.catalogPage(locale) ?? "index.html"
        let context = localeContext(locale)
        let siteTitle = ResolvedText(site.title, page: context, fallback: site.defaultLocale).text
        let cards: [[String: Any]] = courses.filter { $0.locales.contains(locale) }.map { course in
            let title = ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id)
            var card: [String: Any] = [
                "href": OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)),
                "title": title.text, "titleAttrs": title.attributes,
                "modules": context.count("modules", course.modules.count),
                "lessons": context.count("lessons", course.lessons.count),
            ]
            let description = ResolvedText(course.description, page: context, fallback: course.sourceLocale)
            if !description.text.isEmpty {
                card["description"] = description.text
                card["descriptionAttrs"] = description.attributes
            }
            let minutes = course.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
            if minutes > 0 { card["minutes"] = context.count("minutes", minutes) }
            return card
        }
        let content = body("catalog", ["title": siteTitle, "courses": cards], locale: context)
        return page(path: path, kind: "catalog", title: siteTitle, locale: context, content: content,
                    languages: languages(locales, current: context, from: path) { layout.catalogPage($0) ?? "" })
    }

    // MARK: course home

    func courseHome(_ course: Course, locale: LocaleID, locales: [LocaleID]) -> String {
        let path = layout.courseHome(course.id, locale)
        let context = localeContext(locale)
        let title = ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id)
        let description = ResolvedText(course.description, page: context, fallback: course.sourceLocale)
        let modules: [[String: Any]] = course.modules.map { module in
            let moduleTitle = ResolvedText(module.title, page: context, fallback: course.sourceLocale, default: module.slug)
            var entry: [String: Any] = [
                "slug": module.slug, "title": moduleTitle.text, "titleAttrs": moduleTitle.attributes,
                "lessonCount": context.count("lessons", module.lessons.count),
                "lessons": module.lessons.map { lessonEntry($0, module: module, course: course, page: context, from: path) },
            ]
            let minutes = module.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
            if minutes > 0 { entry["minutes"] = context.count("minutes", minutes) }
            return entry
        }
        var values: [String: Any] = [
            "title": title.text, "titleAttrs": title.attributes, "modules": modules,
            "moduleCount": context.count("modules", course.modules.count),
            "lessonCount": context.count("lessons", course.lessons.count),
        ]
        if let catalog = layout.catalogPage(locale) { values["catalogLink"] = OutputLayout.link(from: path, to: catalog) }
        if !description.text.isEmpty {
            values["description"] = description.text
            values["descriptionAttrs"] = description.attributes
        }
        let minutes = course.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
        if minutes > 0 { values["minutes"] = context.count("minutes", minutes) }
        if let module = course.modules.first(where: { !$0.lessons.isEmpty }), let lesson = module.lessons.first {
            values["startLink"] = OutputLayout.link(from: path, to: layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug))
        }
        if !layout.isPackage {
            values["translations"] = courseLocalesEntries(course, locales: locales, page: context, from: path)
            values["hasTranslations"] = true
        }
        let content = body("course", values, locale: context)
        return page(path: path, kind: "course", title: title.text, locale: context, content: content,
                    languages: languages(locales, current: context, from: path) { layout.courseHome(course.id, $0) },
                    course: course.id, extra: ["strings": scriptStrings(locale, for: .courseHome)])
    }

    /// The course in each locale, with how much of it is translated.
    private func courseLocalesEntries(_ course: Course, locales: [LocaleID], page: LocaleContext, from path: String) -> [[String: Any]] {
        locales.map { locale in
            let state = locale == course.sourceLocale ? page.text("translation_source")
                : page.text("translation_percent", ["percent": translations.percent(course: course.id, locale: locale).map { String(format: "%.0f", $0.rounded(.down)) } ?? "0"])
            return [
                "code": locale.code, "dir": interface.direction(locale).rawValue, "name": interface.languageName(locale),
                "href": OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)), "state": state,
                "current": locale == page.locale,
            ]
        }
    }

    private func lessonEntry(_ lesson: Lesson, module: Module, course: Course, page: LocaleContext, from path: String) -> [String: Any] {
        let source = lesson.sources[page.locale] ?? lesson.sources[course.sourceLocale]!
        let attributes = page.attributes(for: source.locale)
        var entry: [String: Any] = [
            "id": lesson.id, "title": source.title, "titleAttrs": attributes,
            "href": OutputLayout.link(from: path, to: layout.lessonPage(course.id, page.locale, module: module.slug, lesson: lesson.slug)),
            "fallback": source.locale != page.locale,
            "exerciseIDs": (lesson.sources[course.sourceLocale] ?? source).exercises.map(\.id).joined(separator: " "),
        ]
        let objectives = Self.objectives(lesson, shown: source, course: course)
        entry["objectives"] = objectives.items
        entry["hasObjectives"] = !objectives.items.isEmpty
        entry["objectivesAttrs"] = page.attributes(for: objectives.locale)
        if let minutes = source.duration ?? lesson.sources[course.sourceLocale]?.duration {
            entry["minutes"] = page.count("minutes", minutes)
        }
        return entry
    }

    // MARK: lesson page

    struct LessonPosition {
        let course: Course
        let module: Module
        let lesson: Lesson
        let previous: (module: Module, lesson: Lesson)?
        let next: (module: Module, lesson: Lesson)?
        /// Made once per course: it indexes every lesson and media file of the course.
        let links: LinkResolver
    }

    func lesson(_ position: LessonPosition, locale: LocaleID, locales: [LocaleID]) -> String {
        let course = position.course, module = position.module, lesson = position.lesson
        let path = layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)
        let context = localeContext(locale)
        let source = lesson.sources[locale] ?? lesson.sources[course.sourceLocale]!
        let textContext = localeContext(source.locale)
        let rendered = renderBody(source, course: course, links: position.links, pagePath: path, pageLocale: locale,
                                                              textLocale: textContext)

        var values: [String: Any] = [
            "title": source.title, "sourceAttrs": context.attributes(for: source.locale),
            "body": rendered.html,
            "toc": rendered.headings.filter { (2...3).contains($0.level) }.map { ["level": $0.level, "anchor": $0.anchor, "text": $0.text] },
            "hasTOC": rendered.headings.filter { (2...3).contains($0.level) }.count >= 2,
            "courseLink": OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)),
            "courseTitle": ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id).text,
            "moduleTitle": ResolvedText(module.title, page: context, fallback: course.sourceLocale, default: module.slug).text,
            "moduleLink": OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)) + "#module-\(module.slug)",
        ]
        if let minutes = source.duration ?? lesson.sources[course.sourceLocale]?.duration {
            values["minutes"] = context.count("minutes", minutes)
        }
        let objectives = Self.objectives(lesson, shown: source, course: course)
        values["objectives"] = objectives.items
        values["hasObjectives"] = !objectives.items.isEmpty
        values["objectivesAttrs"] = localeContext(source.locale).attributes(for: objectives.locale)
        if source.locale == locale, translations.status(course: course.id, locale: locale, lesson: lesson.id) == .outdated {
            values["outdated"] = context.text("translation_outdated_banner", ["source": interface.languageName(course.sourceLocale)])
        }
        if source.locale != locale {
            values["fallback"] = context.text("not_translated_banner", [
                "language": interface.languageName(locale), "source": interface.languageName(source.locale),
            ])
        }
        values["exerciseIDs"] = (lesson.sources[course.sourceLocale] ?? source).exercises.map(\.id).joined(separator: " ")
        values["lessonID"] = lesson.id
        if let catalog = layout.catalogPage(locale) { values["catalogLink"] = OutputLayout.link(from: path, to: catalog) }
        values["previous"] = position.previous.map { neighbour($0, course: course, page: context, from: path) }
        values["next"] = position.next.map { neighbour($0, course: course, page: context, from: path) }
        let content = body("lesson", values, locale: context)
        let html = page(path: path, kind: "lesson", title: "\(source.title) · \(values["courseTitle"]!)", locale: context,
                        content: content,
                        languages: languages(locales, current: context, from: path,
                                             target: { layout.lessonPage(course.id, $0, module: module.slug, lesson: lesson.slug) },
                                             note: { other in
                                                 if lesson.sources[other] == nil { return context.text("not_translated") }
                                                 let status = translations.status(course: course.id, locale: other, lesson: lesson.id)
                                                 return status == .outdated ? context.text("translation_outdated") : nil
                                             }),
                        course: course.id, extra: [
                            "lessonID": lesson.id, "homePath": "\(module.slug)/\(lesson.slug).html",
                            "hasExercises": !source.exercises.isEmpty, "strings": scriptStrings(locale, for: .lesson),
                        ])
        return html
    }

    /// A lesson's objectives: the shown file's, or the source's when a translation left them out
    /// (a learner is better served by objectives in another language than by none).
    static func objectives(_ lesson: Lesson, shown: LessonSource, course: Course) -> (items: [String], locale: LocaleID) {
        if shown.objectives.isEmpty, let source = lesson.sources[course.sourceLocale], !source.objectives.isEmpty {
            return (source.objectives, source.locale)
        }
        return (shown.objectives, shown.locale)
    }

    private func neighbour(_ item: (module: Module, lesson: Lesson), course: Course, page: LocaleContext, from path: String) -> [String: Any] {
        let source = item.lesson.sources[page.locale] ?? item.lesson.sources[course.sourceLocale]!
        return [
            "href": OutputLayout.link(from: path, to: layout.lessonPage(course.id, page.locale, module: item.module.slug, lesson: item.lesson.slug)),
            "title": source.title, "titleAttrs": page.attributes(for: source.locale),
        ]
    }

    /// The lesson's compiled Markdown as HTML for this page: links lead to this page's
    /// neighbours, callout titles are in the language the text is written in, and exercise
    /// blocks become exercises.
    private func renderBody(_ source: LessonSource, course: Course, links: LinkResolver, pagePath: String, pageLocale: LocaleID,
                            textLocale: LocaleContext) -> RenderedMarkdown {
        let exercisesByLine = Dictionary(source.exercises.map { ($0.line, $0) }) { first, _ in first }
        let page = localeContext(pageLocale)
        let previewURL = OutputLayout.link(from: pagePath, to: "\(layout.assetsFolder(course: course.id))/\(assetNames["coursekit-preview.html"] ?? "coursekit-preview.html")")

        func html(_ compiled: CompiledMarkdown) -> String {
            compiled.html(link: { index in
                links.url(of: compiled.links[index], in: source, pagePath: pagePath, locale: pageLocale)
            }, calloutTitle: { textLocale.text("callout_\($0.rawValue)") }, block: { index in
                let block = compiled.fencedBlocks[index]
                if let exercise = exercisesByLine[source.bodyStartLine + block.line - 1], exercise.kind.rawValue == block.language {
                    let inline = { (text: String) in exercise.compiledTexts[text].map(html) ?? HTMLText.escape(text) }
                    return ExerciseRenderer(page: page, text: textLocale, inline: inline, previewURL: previewURL).render(exercise)
                }
                if let content = block.content.first {
                    let summary = HTMLText.escape(page.text("exercise_\(block.language)"))
                    return "<details class=\"\(block.language)\">\n<summary\(textLocale.attributes(for: pageLocale))>\(summary)</summary>\n\(html(content))</details>\n"
                }
                return nil
            })
        }
        return RenderedMarkdown(html: html(source.compiled), headings: source.compiled.headings)
    }

    /// The pages that carry interface strings for the scripts, each only those its scripts use:
    /// every byte of a lesson page is paid for by the learner.
    enum ScriptPage: CaseIterable {
        case lesson, courseHome

        func needs(_ key: String) -> Bool {
            let both = ["progress_exercises", "progress_not_saved", "progress_free_space", "progress_free_space_confirm", "progress_free_space_done"]
            switch self {
            case .lesson:
                return key.hasPrefix("exercise_") || key.hasPrefix("lesson_") || both.contains(key)
            case .courseHome:
                return both.contains(key) || ["progress_done", "progress_lessons", "progress_imported"].contains(key)
                    || key.hasPrefix("progress_import_") || key.hasPrefix("progress_reset_")
            }
        }
    }

    /// Interface strings the browser scripts need on a page, with every plural form, as JSON.
    func scriptStrings(_ locale: LocaleID, for page: ScriptPage) -> String {
        scriptStringsByLocale[locale]?[page] ?? Self.scriptStrings(locale, for: page, interface: interface)
    }

    static func scriptStrings(_ locale: LocaleID, for page: ScriptPage, interface: InterfaceCatalog) -> String {
        var table: [String: Any] = [:]
        for key in interface.keys where page.needs(key) {
            table[key] = interface.forms(key, locale)
        }
        return JSONText.encode(table)
    }
}
