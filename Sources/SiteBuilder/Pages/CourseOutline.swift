import CourseModel

/// The whole course as every lesson page lists it ("Course contents"): its modules and their
/// lessons, each title in the page's language (or the source's, marked as such), with the
/// lesson's exercises for the done marks the script adds. Made once per course and locale and
/// page folder, since every page of a module folder links to the others with the same words;
/// each page only marks itself.
struct CourseOutline: Sendable {
    /// By locale, then by the module whose folder the page is in.
    private let modules: [LocaleID: [String: [OutlineModel.Module]]]

    init(course: Course, locales: [LocaleID], kit: PageKit) {
        var modules: [LocaleID: [String: [OutlineModel.Module]]] = [:]
        for locale in locales {
            let page = kit.localeContext(locale)
            for folder in course.modules {
                // Any page of the folder: links from it are the same for all of them.
                let from = kit.layout.lessonPage(course.id, locale, module: folder.slug, lesson: "_")
                modules[locale, default: [:]][folder.slug] = course.modules.map { module in
                    let title = ResolvedText(module.title, page: page, fallback: course.sourceLocale, default: module.slug)
                    return OutlineModel.Module(
                        title: title.text, titleAttrs: title.attributes,
                        href: OutputLayout.link(from: from, to: kit.layout.courseHome(course.id, locale)) + "#module-\(module.slug)",
                        lessons: module.lessons.map { lesson in
                            let shown = lesson.shown(in: locale, sourceLocale: course.sourceLocale)!
                            let exercises = PageKit.exerciseIDs(lesson, shown: shown, course: course)
                            return OutlineModel.Lesson(
                                id: lesson.id, title: shown.title, titleAttrs: page.attributes(for: shown.locale),
                                href: OutputLayout.link(from: from, to: kit.layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)),
                                exerciseIDs: exercises.isEmpty ? nil : exercises, current: false)
                        })
                }
            }
        }
        self.modules = modules
    }

    /// The outline as the page of `lesson` shows it, with that lesson marked as the current page.
    func modules(locale: LocaleID, module: Module, lesson: Lesson) -> [OutlineModel.Module] {
        var modules = self.modules[locale]?[module.slug] ?? []
        for index in modules.indices {
            guard let current = modules[index].lessons.firstIndex(where: { $0.id == lesson.id }) else { continue }
            modules[index].lessons[current].current = true
            modules[index].current = true
        }
        return modules
    }
}
