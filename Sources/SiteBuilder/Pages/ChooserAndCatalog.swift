import Foundation
import CourseModel

/// The site's first page: a choice of language, each offered in its own language.
struct ChooserPageRenderer {
    let kit: PageKit

    func render(locales: [LocaleID]) -> Data {
        let path = OutputLayout.chooserPage
        let home = kit.localeContext(kit.site.defaultLocale)
        var titles: [ChooserModel.Title] = []
        for locale in locales {
            guard let text = kit.site.title[locale], !titles.contains(where: { $0.text == text }) else { continue }
            titles.append(ChooserModel.Title(code: locale.code, dir: kit.interface.direction(locale).rawValue, text: text))
        }
        let choices = locales.map { locale in
            ChooserModel.Choice(code: locale.code, dir: kit.interface.direction(locale).rawValue, name: kit.interface.languageName(locale),
                                prompt: kit.interface.text("choose_language", locale),
                                href: OutputLayout.link(from: path, to: kit.layout.catalogPage(locale) ?? ""))
        }
        let content = kit.body("chooser", ChooserModel(titles: titles, choices: choices), locale: home)
        let title = locales.map { kit.interface.text("choose_language", $0) }.joined(separator: " · ")
        return kit.render(PageKit.Shell(path: path, kind: "chooser", title: title, locale: home, content: content, languages: []))
    }
}

/// The courses of the site in one locale.
struct CatalogPageRenderer {
    let kit: PageKit

    func render(_ locale: LocaleID, locales: [LocaleID], courses: [Course]) -> Data {
        let layout = kit.layout
        let path = layout.catalogPage(locale) ?? "index.html"
        let context = kit.localeContext(locale)
        let siteTitle = ResolvedText(kit.site.title, page: context, fallback: kit.site.defaultLocale).text
        let cards = courses.filter { $0.locales.contains(locale) }.map { course in
            let title = ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id)
            let description = ResolvedText(course.description, page: context, fallback: course.sourceLocale)
            let minutes = course.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
            return CatalogModel.Card(
                href: OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)),
                title: title.text, titleAttrs: title.attributes,
                modules: context.count("modules", course.modules.count), lessons: context.count("lessons", course.lessons.count),
                description: description.text.isEmpty ? nil : description.text,
                descriptionAttrs: description.text.isEmpty ? nil : description.attributes,
                minutes: minutes > 0 ? context.count("minutes", minutes) : nil)
        }
        let content = kit.body("catalog", CatalogModel(title: siteTitle, courses: cards), locale: context)
        return kit.render(PageKit.Shell(path: path, kind: "catalog", title: siteTitle, locale: context, content: content,
                                        languages: kit.languages(locales, current: context, from: path) { layout.catalogPage($0) ?? "" }))
    }
}
