import Mustache
import CourseModel

// What each template is given: typed values, one type per page kind and per repeated entry.
// Each answers Mustache's lookups by name (`MustacheParent`): the names are the theme's contract
// (docs/authoring.md, "Themes"), so a partner's template reads the same names as the built-in
// one, and a name missing here is looked up in the enclosing value, as Mustache does.

/// The shell around every page (`layout.mustache`).
struct LayoutModel: MustacheParent {
    var lang: String
    var dir: String
    var pageTitle: String
    var kind: String
    var strings: [String: Any]
    var content: String
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

    func child(named name: String) -> Any? {
        switch name {
        case "lang": lang
        case "dir": dir
        case "pageTitle": pageTitle
        case "kind": kind
        case "t": strings
        case "content": content
        case "assetsPath": assetsPath
        case "stylesheet": stylesheet
        case "script": script
        case "exerciseStylesheet": exerciseStylesheet
        case "exerciseScript": exerciseScript
        case "icon": icon
        case "contentSecurityPolicy": contentSecurityPolicy
        case "siteTitle": siteTitle
        case "siteTitleAttrs": siteTitleAttrs
        case "homeLink": homeLink
        case "languages": languages
        case "hasLanguages": languages.count > 1
        case "siteID": siteID
        case "course": course
        case "lessonID": lessonID
        case "homePath": homePath
        case "hasExercises": hasExercises
        case "strings": scriptStrings
        default: nil
        }
    }
}

/// The same page in another language, in the language switcher.
struct LanguageLink: MustacheParent {
    var code: String
    var dir: String
    var name: String
    var href: String
    var current: Bool
    var pageLang: String
    var pageDir: String
    /// "not translated" or "outdated", in the page's language.
    var missing: String?

    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "dir": dir
        case "name": self.name
        case "href": href
        case "current": current
        case "pageLang": pageLang
        case "pageDir": pageDir
        case "missing": missing
        default: nil
        }
    }
}

/// A page's own values, with the strings and direction every body template may use.
struct BodyModel<Page: MustacheParent>: MustacheParent {
    var page: Page
    var locale: LocaleContext

    func child(named name: String) -> Any? {
        switch name {
        case "t": locale.templateStrings
        case "pageLang": locale.locale.code
        case "pageDir": locale.direction.rawValue
        default: page.child(named: name)
        }
    }
}

// MARK: language chooser

struct ChooserModel: MustacheParent {
    struct Title: MustacheParent {
        var code: String
        var dir: String
        var text: String

        func child(named name: String) -> Any? {
            switch name {
            case "code": code
            case "dir": dir
            case "text": text
            default: nil
            }
        }
    }

    struct Choice: MustacheParent {
        var code: String
        var dir: String
        var name: String
        var prompt: String
        var href: String

        func child(named name: String) -> Any? {
            switch name {
            case "code": code
            case "dir": dir
            case "name": self.name
            case "prompt": prompt
            case "href": href
            default: nil
            }
        }
    }

    var titles: [Title]
    var choices: [Choice]

    func child(named name: String) -> Any? {
        switch name {
        case "titles": titles
        case "choices": choices
        default: nil
        }
    }
}

// MARK: catalog

struct CatalogModel: MustacheParent {
    struct Card: MustacheParent {
        var href: String
        var title: String
        var titleAttrs: String
        var modules: String
        var lessons: String
        var description: String?
        var descriptionAttrs: String?
        var minutes: String?

        func child(named name: String) -> Any? {
            switch name {
            case "href": href
            case "title": title
            case "titleAttrs": titleAttrs
            case "modules": modules
            case "lessons": lessons
            case "description": description
            case "descriptionAttrs": descriptionAttrs
            case "minutes": minutes
            default: nil
            }
        }
    }

    var title: String
    var courses: [Card]

    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "courses": courses
        default: nil
        }
    }
}

// MARK: course home

struct CourseHomeModel: MustacheParent {
    struct Module: MustacheParent {
        var slug: String
        var title: String
        var titleAttrs: String
        var lessonCount: String
        var lessons: [Lesson]
        var minutes: String?

        func child(named name: String) -> Any? {
            switch name {
            case "slug": slug
            case "title": title
            case "titleAttrs": titleAttrs
            case "lessonCount": lessonCount
            case "lessons": lessons
            case "minutes": minutes
            default: nil
            }
        }
    }

    struct Lesson: MustacheParent {
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

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "titleAttrs": titleAttrs
            case "href": href
            case "fallback": fallback
            case "exerciseIDs": exerciseIDs
            case "objectives": objectives
            case "hasObjectives": !objectives.isEmpty
            case "objectivesAttrs": objectivesAttrs
            case "minutes": minutes
            default: nil
            }
        }
    }

    /// The course in one locale, with how much of it is translated.
    struct Translation: MustacheParent {
        var code: String
        var dir: String
        var name: String
        var href: String
        var state: String
        var current: Bool

        func child(named name: String) -> Any? {
            switch name {
            case "code": code
            case "dir": dir
            case "name": self.name
            case "href": href
            case "state": state
            case "current": current
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

    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "titleAttrs": titleAttrs
        case "modules": modules
        case "moduleCount": moduleCount
        case "lessonCount": lessonCount
        case "catalogLink": catalogLink
        case "description": description
        case "descriptionAttrs": descriptionAttrs
        case "minutes": minutes
        case "startLink": startLink
        case "translations": translations
        case "hasTranslations": translations.map { _ in true }
        default: nil
        }
    }
}

// MARK: lesson

struct LessonModel: MustacheParent {
    /// A `##` heading in "On this page", with the `###` headings under it as `children`
    /// (a nested list, as readers expect); a `###` before any `##` stands on its own.
    struct TOCEntry: MustacheParent {
        var level: Int
        var anchor: String
        var text: String
        var children: [TOCEntry] = []

        func child(named name: String) -> Any? {
            switch name {
            case "level": level
            case "anchor": anchor
            case "text": text
            case "children": children
            case "hasChildren": !children.isEmpty
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
    struct Neighbour: MustacheParent {
        var href: String
        var title: String
        var titleAttrs: String

        func child(named name: String) -> Any? {
            switch name {
            case "href": href
            case "title": title
            case "titleAttrs": titleAttrs
            default: nil
            }
        }
    }

    var title: String
    var sourceAttrs: String
    var body: String
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

    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "sourceAttrs": sourceAttrs
        case "body": body
        case "toc": toc
        case "hasTOC": toc.count + toc.reduce(0) { $0 + $1.children.count } >= 2
        case "courseLink": courseLink
        case "courseTitle": courseTitle
        case "moduleTitle": moduleTitle
        case "moduleLink": moduleLink
        case "minutes": minutes
        case "objectives": objectives
        case "hasObjectives": !objectives.isEmpty
        case "objectivesAttrs": objectivesAttrs
        case "outdated": outdated
        case "fallback": fallback
        case "exerciseIDs": exerciseIDs
        case "lessonID": lessonID
        case "catalogLink": catalogLink
        case "previous": previous
        case "next": next
        case "answers": answers
        default: nil
        }
    }
}
