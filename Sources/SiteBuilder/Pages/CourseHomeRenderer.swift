import Foundation
import CourseModel

/// A course's first page in one locale: its modules and lessons, where to start, how much is
/// translated into each language.
struct CourseHomeRenderer {
    let kit: PageKit

    func render(_ course: Course, locale: LocaleID, locales: [LocaleID]) -> Data {
        let layout = kit.layout
        let path = layout.courseHome(course.id, locale)
        let context = kit.localeContext(locale)
        let title = ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id)
        let description = ResolvedText(course.description, page: context, fallback: course.sourceLocale)
        let modules = course.modules.map { module in
            let moduleTitle = ResolvedText(module.title, page: context, fallback: course.sourceLocale, default: module.slug)
            let minutes = module.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
            return CourseHomeModel.Module(
                slug: module.slug, title: moduleTitle.text, titleAttrs: moduleTitle.attributes,
                lessonCount: context.count("lessons", module.lessons.count),
                lessons: module.lessons.map { lessonEntry($0, module: module, course: course, page: context, from: path) },
                minutes: minutes > 0 ? context.count("minutes", minutes) : nil)
        }
        let minutes = course.lessons.compactMap { $0.sources[course.sourceLocale]?.duration }.reduce(0, +)
        let start = course.modules.first(where: { !$0.lessons.isEmpty }).flatMap { module in
            module.lessons.first.map { OutputLayout.link(from: path, to: layout.lessonPage(course.id, locale, module: module.slug, lesson: $0.slug)) }
        }
        let model = CourseHomeModel(
            title: title.text, titleAttrs: title.attributes, modules: modules,
            moduleCount: context.count("modules", course.modules.count), lessonCount: context.count("lessons", course.lessons.count),
            catalogLink: layout.catalogPage(locale).map { OutputLayout.link(from: path, to: $0) },
            description: description.text.isEmpty ? nil : description.text,
            descriptionAttrs: description.text.isEmpty ? nil : description.attributes,
            minutes: minutes > 0 ? context.count("minutes", minutes) : nil, startLink: start,
            translations: layout.isPackage ? nil : translations(course, locales: locales, page: context, from: path),
            offline: layout.isPackage ? nil : CourseHomeModel.Offline(
                list: OutputLayout.link(from: path, to: OfflineCourse.listPath(course.id, locale)),
                worker: OutputLayout.link(from: path, to: OfflineCourse.workerPath)))
        let content = kit.body("course", model, locale: context)
        return kit.render(PageKit.Shell(path: path, kind: "course", title: title.text, locale: context, content: content,
                                        languages: kit.languages(locales, current: context, from: path) { layout.courseHome(course.id, $0) },
                                        course: course.id, scriptStrings: kit.scriptStrings(locale, for: .courseHome)))
    }

    /// The course in each locale, with how much of it is translated.
    private func translations(_ course: Course, locales: [LocaleID], page: LocaleContext, from path: String) -> [CourseHomeModel.Translation] {
        locales.map { locale in
            let percent = kit.translations.percent(course: course.id, locale: locale).map { String(format: "%.0f", $0.rounded(.down)) } ?? "0"
            let state = locale == course.sourceLocale ? page.text("translation_source") : page.text("translation_percent", ["percent": percent])
            return CourseHomeModel.Translation(code: locale.code, dir: kit.interface.direction(locale).rawValue, name: kit.interface.languageName(locale),
                                               href: OutputLayout.link(from: path, to: kit.layout.courseHome(course.id, locale)), state: state,
                                               current: locale == page.locale)
        }
    }

    private func lessonEntry(_ lesson: Lesson, module: Module, course: Course, page: LocaleContext, from path: String) -> CourseHomeModel.Lesson {
        let source = lesson.shown(in: page.locale, sourceLocale: course.sourceLocale)!
        let objectives = PageKit.objectives(lesson, shown: source, course: course)
        let minutes = source.duration ?? lesson.sources[course.sourceLocale]?.duration
        return CourseHomeModel.Lesson(
            id: lesson.id, title: source.title, titleAttrs: page.attributes(for: source.locale),
            href: OutputLayout.link(from: path, to: kit.layout.lessonPage(course.id, page.locale, module: module.slug, lesson: lesson.slug)),
            fallback: source.locale != page.locale,
            exerciseIDs: PageKit.exerciseIDs(lesson, shown: source, course: course),
            objectives: objectives.items, objectivesAttrs: page.attributes(for: objectives.locale),
            minutes: minutes.map { page.count("minutes", $0) })
    }
}
