import CourseModel

/// The whole course as every lesson page lists it ("Course contents"): its modules and their
/// lessons, each title in the page's language (or the source's, marked as such), with the
/// lesson's exercises for the done marks the script adds. Made once per course and locale;
/// a link to a lesson reads the same from every page of a module folder, so each lesson keeps
/// two: from its own folder and from any other (kept once, not once per folder: at 1,500
/// lessons that was 5 MB).
struct CourseOutline: Sendable {
    private struct Entry: Sendable {
        var lesson: OutlineModel.Lesson
        let fromOtherFolder: String
    }

    private struct ModuleEntry: Sendable {
        let slug: String
        var module: OutlineModel.Module
        let lessons: [Entry]
    }

    private let modules: [LocaleID: [ModuleEntry]]

    init(course: Course, locales: [LocaleID], kit: PageKit) {
        var modules: [LocaleID: [ModuleEntry]] = [:]
        for locale in locales {
            let page = kit.localeContext(locale)
            modules[locale] = course.modules.map { module in
                // Links from a page of the module's own folder, and from a page of any other one
                // (all are at the same depth; the name only has to differ from this module's).
                let inFolder = kit.layout.lessonPage(course.id, locale, module: module.slug, lesson: "_")
                let elsewhere = kit.layout.lessonPage(course.id, locale, module: module.slug + "-", lesson: "_")
                let title = ResolvedText(module.title, page: page, fallback: course.sourceLocale, default: module.slug)
                let lessons = module.lessons.map { lesson in
                    let shown = lesson.shown(in: locale, sourceLocale: course.sourceLocale)!
                    let target = kit.layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)
                    let exercises = PageKit.exerciseIDs(lesson, shown: shown, course: course)
                    return Entry(lesson: OutlineModel.Lesson(id: lesson.id, title: shown.title, titleAttrs: page.attributes(for: shown.locale),
                                                             href: OutputLayout.link(from: inFolder, to: target),
                                                             exerciseIDs: exercises.isEmpty ? nil : exercises, current: false),
                                 fromOtherFolder: OutputLayout.link(from: elsewhere, to: target))
                }
                return ModuleEntry(slug: module.slug,
                                   module: OutlineModel.Module(title: title.text, titleAttrs: title.attributes,
                                                               href: OutputLayout.link(from: inFolder, to: kit.layout.courseHome(course.id, locale))
                                                                   + "#module-\(module.slug)",
                                                               lessons: []),
                                   lessons: lessons)
            }
        }
        self.modules = modules
    }

    /// The outline as the page of `lesson` (in `module`'s folder) shows it, that lesson marked.
    func modules(locale: LocaleID, module: Module, lesson: Lesson) -> [OutlineModel.Module] {
        (modules[locale] ?? []).map { entry in
            var shown = entry.module
            let here = entry.slug == module.slug
            shown.current = here
            shown.lessons = entry.lessons.map { item in
                var lessonItem = item.lesson
                if !here { lessonItem.href = item.fromOtherFolder }
                lessonItem.current = here && lessonItem.id == lesson.id
                return lessonItem
            }
            return shown
        }
    }
}
