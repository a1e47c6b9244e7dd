import CourseModel
import Templates

/// The whole course as every lesson page lists it ("Course contents"): its modules and their
/// lessons, each title in the page's language (or the source's, marked as such), with the
/// lesson's exercises for the done marks the script adds. Made once per course and locale.
/// A link to a lesson reads the same from every page of a module folder, so each module is
/// kept twice: as the pages of its own folder show it (their lesson marked), and as the pages
/// of every other module do — one shared value, whose HTML the template renders once and
/// keeps (the outline was most of the templates' work: sixty lessons on every page).
struct CourseOutline: Sendable {
    private struct ModuleEntry: Sendable {
        let slug: String
        /// As a page of the module's own folder shows it; its lessons link from that folder.
        let module: OutlineModel.Module
        /// As every page of the other modules shows it: one value, rendered once.
        let elsewhere: OutlineModel.SharedModule
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
                var fromOtherFolders: [OutlineModel.Lesson] = []
                let lessons = module.lessons.map { lesson in
                    let shown = lesson.shown(in: locale, sourceLocale: course.sourceLocale)!
                    let target = kit.layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)
                    let exercises = PageKit.exerciseIDs(lesson, shown: shown, course: course)
                    var item = OutlineModel.Lesson(id: lesson.id, title: shown.title, titleAttrs: page.attributes(for: shown.locale),
                                                   href: OutputLayout.link(from: elsewhere, to: target),
                                                   exerciseIDs: exercises.isEmpty ? nil : exercises, current: false)
                    fromOtherFolders.append(item)
                    item.href = OutputLayout.link(from: inFolder, to: target)
                    return item
                }
                let outlined = OutlineModel.Module(title: title.text, titleAttrs: title.attributes,
                                                   href: OutputLayout.link(from: inFolder, to: kit.layout.courseHome(course.id, locale))
                                                       + "#module-\(module.slug)",
                                                   lessons: lessons)
                var shared = outlined
                shared.lessons = fromOtherFolders
                return ModuleEntry(slug: module.slug, module: outlined, elsewhere: OutlineModel.SharedModule(shared))
            }
        }
        self.modules = modules
    }

    /// The outline as the page of `lesson` (in `module`'s folder) shows it, that lesson marked.
    func modules(locale: LocaleID, module: Module, lesson: Lesson) -> [any TemplateObject] {
        (modules[locale] ?? []).map { entry in
            guard entry.slug == module.slug else { return entry.elsewhere }
            var shown = entry.module
            shown.current = true
            for index in shown.lessons.indices where shown.lessons[index].id == lesson.id {
                shown.lessons[index].current = true
            }
            return shown
        }
    }
}
