import Foundation
import Synchronization
import CourseModel
import Markdown

/// A lesson in one locale: its compiled text with this page's links and exercises, the
/// course's breadcrumbs, previous and next, and the banners of a missing or outdated translation.
struct LessonPageRenderer {
    let kit: PageKit

    /// Where a lesson sits in its course.
    struct Position {
        let course: Course
        let module: Module
        let lesson: Lesson
        let previous: (module: Module, lesson: Lesson)?
        let next: (module: Module, lesson: Lesson)?
        /// What every page of the course reads of the whole course, made once per course.
        let courseParts: CoursePageParts
        /// It indexes every lesson and media file of the course.
        var links: LinkResolver { courseParts.made.links }
        var outline: CourseOutline { courseParts.made.outline }
    }

    /// The link resolver and the outline of a course, made when the first of its pages is
    /// rendered: a rebuild after one edit plans every page of the site and renders only a
    /// few, and making them for every course was a fifth of its planning.
    final class CoursePageParts: Sendable {
        private let make: @Sendable () -> (links: LinkResolver, outline: CourseOutline)
        private let kept = Mutex<(links: LinkResolver, outline: CourseOutline)?>(nil)

        init(_ make: @escaping @Sendable () -> (links: LinkResolver, outline: CourseOutline)) {
            self.make = make
        }

        var made: (links: LinkResolver, outline: CourseOutline) {
            kept.withLock { kept in
                if let kept { return kept }
                let parts = make()
                kept = parts
                return parts
            }
        }
    }

    func render(_ position: Position, locale: LocaleID, locales: [LocaleID]) -> Data {
        let course = position.course, module = position.module, lesson = position.lesson, layout = kit.layout
        let path = layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)
        let context = kit.localeContext(locale)
        let source = lesson.shown(in: locale, sourceLocale: course.sourceLocale)!
        let (body, answerKeys) = renderBody(source, course: course, links: position.links, pagePath: path, pageLocale: locale,
                                            textLocale: kit.localeContext(source.locale))
        let objectives = PageKit.objectives(lesson, shown: source, course: course)
        let courseTitle = ResolvedText(course.title, page: context, fallback: course.sourceLocale, default: course.id).text
        let outdated = source.locale == locale && kit.translations.status(course: course.id, locale: locale, lesson: lesson.id) == .outdated
        let model = LessonModel(
            title: source.title, sourceAttrs: context.attributes(for: source.locale), body: body,
            toc: LessonModel.TOCEntry.outline(source.compiled.headings),
            courseLink: OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)), courseTitle: courseTitle,
            moduleTitle: ResolvedText(module.title, page: context, fallback: course.sourceLocale, default: module.slug).text,
            moduleLink: OutputLayout.link(from: path, to: layout.courseHome(course.id, locale)) + "#module-\(module.slug)",
            minutes: (source.duration ?? lesson.sources[course.sourceLocale]?.duration).map { context.count("minutes", $0) },
            objectives: objectives.items, objectivesAttrs: kit.localeContext(source.locale).attributes(for: objectives.locale),
            outdated: outdated ? context.text("translation_outdated_banner", ["source": kit.interface.languageName(course.sourceLocale, in: locale)]) : nil,
            fallback: source.locale != locale
                ? context.text("not_translated_banner", ["language": kit.interface.languageName(locale, in: locale), "source": kit.interface.languageName(source.locale, in: locale)])
                : nil,
            exerciseIDs: PageKit.exerciseIDs(lesson, shown: source, course: course),
            lessonID: lesson.id,
            catalogLink: layout.catalogPage(locale).map { OutputLayout.link(from: path, to: $0) },
            previous: position.previous.map { neighbour($0, course: course, page: context, from: path) },
            next: position.next.map { neighbour($0, course: course, page: context, from: path) },
            answers: course.printAnswers && !answerKeys.isEmpty ? answerKeys.joined() : nil,
            outline: position.outline.modules(locale: locale, module: module, lesson: lesson))
        let content = kit.body("lesson", model, locale: context)
        let languages = kit.languages(locales, current: context, from: path,
                                      target: { layout.lessonPage(course.id, $0, module: module.slug, lesson: lesson.slug) },
                                      note: { other in
                                          if lesson.shownTranslation(other) == nil && other != course.sourceLocale { return context.text("not_translated") }
                                          let status = kit.translations.status(course: course.id, locale: other, lesson: lesson.id)
                                          return status == .outdated ? context.text("translation_outdated") : nil
                                      })
        return kit.render(PageKit.Shell(path: path, kind: "lesson", title: "\(source.title) · \(courseTitle)", locale: context,
                                        content: content, languages: languages, course: course.id, lessonID: lesson.id,
                                        homePath: "\(module.slug)/\(lesson.slug).html", hasExercises: !source.exercises.isEmpty,
                                        scriptStrings: kit.scriptStrings(locale, for: .lesson)))
    }

    private func neighbour(_ item: (module: Module, lesson: Lesson), course: Course, page: LocaleContext, from path: String) -> LessonModel.Neighbour {
        let source = item.lesson.shown(in: page.locale, sourceLocale: course.sourceLocale)!
        return LessonModel.Neighbour(
            href: OutputLayout.link(from: path, to: kit.layout.lessonPage(course.id, page.locale, module: item.module.slug, lesson: item.lesson.slug)),
            title: source.title, titleAttrs: page.attributes(for: source.locale))
    }

    /// The lesson's compiled Markdown as HTML for this page: links lead to this page's
    /// neighbours, callout titles are in the language the text is written in, and exercise
    /// blocks become exercises. With it, each exercise's answer key, in page order, for the
    /// answers a printed lesson ends with.
    private func renderBody(_ source: LessonSource, course: Course, links: LinkResolver, pagePath: String, pageLocale: LocaleID,
                            textLocale: LocaleContext) -> (html: [UInt8], answerKeys: [String]) {
        var answerKeys: [String] = []
        let page = kit.localeContext(pageLocale)
        let preview = kit.assetNames["coursekit-preview.html"] ?? "coursekit-preview.html"
        let previewURL = OutputLayout.link(from: pagePath, to: "\(kit.layout.assetsFolder(course: course.id))/\(preview)")

        // The body as bytes, straight into the page; an exercise's texts and a hint's content as
        // Strings, inside the HTML made around them.
        func html(_ compiled: CompiledMarkdown) -> String { String(decoding: bytes(compiled), as: UTF8.self) }
        func bytes(_ compiled: CompiledMarkdown) -> [UInt8] {
            compiled.htmlBytes(link: { index in
                links.url(of: compiled.links[index], in: source, pagePath: pagePath, locale: pageLocale)
            }, calloutTitle: { textLocale.text("callout_\($0.rawValue)") }, block: { index in
                let block = compiled.fencedBlocks[index]
                if let exercise = source.exercise(of: block) {
                    // An answer's text shows in the controls, the solution and the answer key:
                    // made once.
                    var made: [String: String] = [:]
                    let inline = { (text: String) -> String in
                        if let html = made[text] { return html }
                        let html = exercise.compiledTexts[text].map(html) ?? HTMLText.escape(text)
                        made[text] = html
                        return html
                    }
                    let renderer = ExerciseRenderer(page: page, text: textLocale, inline: inline, previewURL: previewURL)
                    if course.printAnswers { answerKeys.append(renderer.answerKey(exercise)) }
                    return renderer.render(exercise)
                }
                if let content = block.content.first {
                    let summary = HTMLText.escape(page.text("exercise_\(block.language)"))
                    return "<details class=\"\(block.language)\">\n<summary\(textLocale.attributes(for: pageLocale))>\(summary)</summary>\n\(html(content))</details>\n"
                }
                return nil
            })
        }
        let body = bytes(source.compiled)
        return (body, answerKeys)
    }
}
