import Templates
import CourseModel

// What each template is given: typed values, one type per page kind and per repeated entry.
// Each answers the template's lookups by name (`TemplateObject`): the names are the theme's contract
// (docs/authoring.md, "Themes"), so a partner's template reads the same names as the built-in
// one, and a name missing here is looked up in the enclosing value, as Mustache does.

/// The shell around every page (`layout.mustache`).
struct LayoutModel: TemplateObject {
    var lang: String
    var dir: String
    var pageTitle: String
    var kind: String
    var strings: TemplateStrings
    var content: [UInt8]
    var assetsPath: String
    var stylesheet: String
    var script: String
    var exerciseStylesheet: String
    var exerciseScript: String
    /// The site's icon, for the browser's tab (without it every page view asks for a favicon that is not there).
    var icon: String
    var contentSecurityPolicy: String
    var siteTitle: String
    var siteTitleAttrs: String
    var homeLink: String
    var languages: [LanguageLink]
    var siteID: String
    var course: String?
    /// Lesson pages only.
    var lessonID: String?
    var homePath: String?
    var hasExercises: Bool?
    /// The interface strings the page's scripts use, as JSON (course homes and lessons).
    var scriptStrings: String?
    /// The course's web app manifest (course pages of a site).
    var manifest: String?
    /// The course's search index in the page's locale and the script that reads it (course
    /// homes and lessons): loaded when the learner opens search, never before.
    var searchIndex: String?
    var searchScript: String?

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "lang": TemplateValue(lang)
        case "dir": TemplateValue(dir)
        case "pageTitle": TemplateValue(pageTitle)
        case "kind": TemplateValue(kind)
        case "t": .object(strings)
        case "content": .utf8(content)
        case "assetsPath": TemplateValue(assetsPath)
        case "stylesheet": TemplateValue(stylesheet)
        case "script": TemplateValue(script)
        case "exerciseStylesheet": TemplateValue(exerciseStylesheet)
        case "exerciseScript": TemplateValue(exerciseScript)
        case "icon": TemplateValue(icon)
        case "contentSecurityPolicy": TemplateValue(contentSecurityPolicy)
        case "siteTitle": TemplateValue(siteTitle)
        case "siteTitleAttrs": TemplateValue(siteTitleAttrs)
        case "homeLink": TemplateValue(homeLink)
        case "languages": TemplateValue(languages)
        case "hasLanguages": TemplateValue(languages.count > 1)
        case "siteID": TemplateValue(siteID)
        case "course": TemplateValue(course)
        case "lessonID": TemplateValue(lessonID)
        case "homePath": TemplateValue(homePath)
        case "hasExercises": TemplateValue(hasExercises)
        case "strings": TemplateValue(scriptStrings)
        case "manifest": TemplateValue(manifest)
        case "searchIndex": TemplateValue(searchIndex)
        case "searchScript": TemplateValue(searchScript)
        default: nil
        }
    }
}

/// The same page in another language, in the language switcher.
struct LanguageLink: TemplateObject {
    var code: String
    var dir: String
    var name: String
    var href: String
    var current: Bool
    var pageLang: String
    var pageDir: String
    /// "not translated" or "outdated", in the page's language.
    var missing: String?

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "code": TemplateValue(code)
        case "dir": TemplateValue(dir)
        case "name": TemplateValue(self.name)
        case "href": TemplateValue(href)
        case "current": TemplateValue(current)
        case "pageLang": TemplateValue(pageLang)
        case "pageDir": TemplateValue(pageDir)
        case "missing": TemplateValue(missing)
        default: nil
        }
    }
}

/// A page's own values, with the strings and direction every body template may use.
struct BodyModel<Page: TemplateObject>: TemplateObject {
    var page: Page
    var locale: LocaleContext

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "t": .object(locale.templateStrings)
        case "pageLang": TemplateValue(locale.locale.code)
        case "pageDir": TemplateValue(locale.direction.rawValue)
        default: page.value(named: name)
        }
    }
}

// MARK: language chooser

struct ChooserModel: TemplateObject {
    struct Title: TemplateObject {
        var code: String
        var dir: String
        var text: String

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "code": TemplateValue(code)
            case "dir": TemplateValue(dir)
            case "text": TemplateValue(text)
            default: nil
            }
        }
    }

    struct Choice: TemplateObject {
        var code: String
        var dir: String
        var name: String
        var prompt: String
        var href: String

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "code": TemplateValue(code)
            case "dir": TemplateValue(dir)
            case "name": TemplateValue(self.name)
            case "prompt": TemplateValue(prompt)
            case "href": TemplateValue(href)
            default: nil
            }
        }
    }

    var titles: [Title]
    var choices: [Choice]

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "titles": TemplateValue(titles)
        case "choices": TemplateValue(choices)
        default: nil
        }
    }
}

// MARK: catalog

struct CatalogModel: TemplateObject {
    struct Card: TemplateObject {
        var href: String
        var title: String
        var titleAttrs: String
        var modules: String
        var lessons: String
        var description: String?
        var descriptionAttrs: String?
        var minutes: String?

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "href": TemplateValue(href)
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            case "modules": TemplateValue(modules)
            case "lessons": TemplateValue(lessons)
            case "description": TemplateValue(description)
            case "descriptionAttrs": TemplateValue(descriptionAttrs)
            case "minutes": TemplateValue(minutes)
            default: nil
            }
        }
    }

    var title: String
    var courses: [Card]

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "courses": TemplateValue(courses)
        default: nil
        }
    }
}

// MARK: course home

struct CourseHomeModel: TemplateObject {
    struct Module: TemplateObject {
        var slug: String
        var title: String
        var titleAttrs: String
        var lessonCount: String
        var lessons: [Lesson]
        var minutes: String?

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "slug": TemplateValue(slug)
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            case "lessonCount": TemplateValue(lessonCount)
            case "lessons": TemplateValue(lessons)
            case "minutes": TemplateValue(minutes)
            default: nil
            }
        }
    }

    struct Lesson: TemplateObject {
        var id: String
        var title: String
        var titleAttrs: String
        var href: String
        /// Shown in the source locale: not translated yet.
        var fallback: Bool
        var exerciseIDs: String
        var objectives: [String]
        var objectivesAttrs: String
        var minutes: String?

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "id": TemplateValue(id)
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            case "href": TemplateValue(href)
            case "fallback": TemplateValue(fallback)
            case "exerciseIDs": TemplateValue(exerciseIDs)
            case "objectives": TemplateValue(objectives)
            case "hasObjectives": TemplateValue(!objectives.isEmpty)
            case "objectivesAttrs": TemplateValue(objectivesAttrs)
            case "minutes": TemplateValue(minutes)
            default: nil
            }
        }
    }

    /// The course in one locale, with how much of it is translated.
    struct Translation: TemplateObject {
        var code: String
        var dir: String
        var name: String
        var href: String
        var state: String
        var current: Bool

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "code": TemplateValue(code)
            case "dir": TemplateValue(dir)
            case "name": TemplateValue(self.name)
            case "href": TemplateValue(href)
            case "state": TemplateValue(state)
            case "current": TemplateValue(current)
            default: nil
            }
        }
    }

    var title: String
    var titleAttrs: String
    var modules: [Module]
    var moduleCount: String
    var lessonCount: String
    var catalogLink: String?
    var description: String?
    var descriptionAttrs: String?
    var minutes: String?
    var startLink: String?
    /// Nil in a package (one course in one locale).
    var translations: [Translation]?
    /// Keeping the course on a phone (a site's course home; nil in a package).
    var offline: Offline?

    struct Offline: TemplateObject {
        /// The course's list, and the service worker (at the site's top: it looks after the site).
        var list: String
        var worker: String

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "list": TemplateValue(list)
            case "worker": TemplateValue(worker)
            default: nil
            }
        }
    }

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "titleAttrs": TemplateValue(titleAttrs)
        case "modules": TemplateValue(modules)
        case "moduleCount": TemplateValue(moduleCount)
        case "lessonCount": TemplateValue(lessonCount)
        case "catalogLink": TemplateValue(catalogLink)
        case "description": TemplateValue(description)
        case "descriptionAttrs": TemplateValue(descriptionAttrs)
        case "minutes": TemplateValue(minutes)
        case "startLink": TemplateValue(startLink)
        case "translations": TemplateValue(translations)
        case "hasTranslations": TemplateValue(translations.map { _ in true })
        case "offline": TemplateValue(offline)
        default: nil
        }
    }
}

// MARK: lesson

struct LessonModel: TemplateObject {
    /// A `##` heading in "On this page", with the `###` headings under it as `children`
    /// (a nested list, as readers expect); a `###` before any `##` stands on its own.
    struct TOCEntry: TemplateObject {
        var level: Int
        var anchor: String
        var text: String
        var children: [TOCEntry] = []

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "level": TemplateValue(level)
            case "anchor": TemplateValue(anchor)
            case "text": TemplateValue(text)
            case "children": TemplateValue(children)
            case "hasChildren": TemplateValue(!children.isEmpty)
            default: nil
            }
        }

        static func outline(_ headings: [Heading]) -> [TOCEntry] {
            var entries: [TOCEntry] = []
            for heading in headings where (2...3).contains(heading.level) {
                let entry = TOCEntry(level: heading.level, anchor: heading.anchor, text: heading.text)
                if heading.level == 3, let last = entries.indices.last, entries[last].level == 2 {
                    entries[last].children.append(entry)
                } else {
                    entries.append(entry)
                }
            }
            return entries
        }
    }

    /// The previous or next lesson.
    struct Neighbour: TemplateObject {
        var href: String
        var title: String
        var titleAttrs: String

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "href": TemplateValue(href)
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            default: nil
            }
        }
    }

    var title: String
    var sourceAttrs: String
    /// The lesson's HTML, as UTF-8.
    var body: [UInt8]
    var toc: [TOCEntry]
    var courseLink: String
    var courseTitle: String
    var moduleTitle: String
    var moduleLink: String
    var minutes: String?
    var objectives: [String]
    var objectivesAttrs: String
    /// The banner of a translation older than its source.
    var outdated: String?
    /// The banner of a lesson shown in the source language.
    var fallback: String?
    var exerciseIDs: String
    var lessonID: String
    var catalogLink: String?
    var previous: Neighbour?
    var next: Neighbour?
    /// The exercises' answer keys (`<li>`s), for the "Answers" section shown only in print;
    /// nil without exercises or when the course sets `print_answers: false`.
    var answers: String?
    /// The whole course, this lesson marked ("Course contents").
    var outline: [any TemplateObject]

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "sourceAttrs": TemplateValue(sourceAttrs)
        case "body": .utf8(body)
        case "toc": TemplateValue(toc)
        case "hasTOC": TemplateValue(toc.count + toc.reduce(0) { $0 + $1.children.count } >= 2)
        case "courseLink": TemplateValue(courseLink)
        case "courseTitle": TemplateValue(courseTitle)
        case "moduleTitle": TemplateValue(moduleTitle)
        case "moduleLink": TemplateValue(moduleLink)
        case "minutes": TemplateValue(minutes)
        case "objectives": TemplateValue(objectives)
        case "hasObjectives": TemplateValue(!objectives.isEmpty)
        case "objectivesAttrs": TemplateValue(objectivesAttrs)
        case "outdated": TemplateValue(outdated)
        case "fallback": TemplateValue(fallback)
        case "exerciseIDs": TemplateValue(exerciseIDs)
        case "lessonID": TemplateValue(lessonID)
        case "catalogLink": TemplateValue(catalogLink)
        case "previous": TemplateValue(previous)
        case "next": TemplateValue(next)
        case "answers": TemplateValue(answers)
        case "outline": TemplateValue(outline)
        default: nil
        }
    }
}

// MARK: course outline on lesson pages

enum OutlineModel {
    struct Module: TemplateObject {
        var title: String
        var titleAttrs: String
        /// The module on the course home.
        var href: String
        var lessons: [Lesson]
        /// The module of the page's lesson.
        var current = false

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            case "href": TemplateValue(href)
            case "lessons": TemplateValue(lessons)
            case "current": TemplateValue(current)
            default: nil
            }
        }
    }

    /// A module as every lesson page outside it shows it: the same value for all of them, so
    /// that the outline section renders it once (`TemplateRenderings`) instead of once a page.
    final class SharedModule: TemplateObject {
        let module: Module
        let renderings: TemplateRenderings? = TemplateRenderings()

        init(_ module: Module) {
            self.module = module
        }

        func value(named name: String) -> TemplateValue? {
            module.value(named: name)
        }
    }

    struct Lesson: TemplateObject {
        var id: String
        var title: String
        var titleAttrs: String
        var href: String
        /// Nil without exercises (no empty attribute on every entry of every page).
        var exerciseIDs: String?
        /// The page's own lesson.
        var current: Bool

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "id": TemplateValue(id)
            case "title": TemplateValue(title)
            case "titleAttrs": TemplateValue(titleAttrs)
            case "href": TemplateValue(href)
            case "exerciseIDs": TemplateValue(exerciseIDs)
            case "current": TemplateValue(current)
            default: nil
            }
        }
    }
}
