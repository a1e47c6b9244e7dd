import Foundation
import CourseModel
import CourseLoader
import Checks

/// Turns the links an author writes between content files into links between output pages:
/// `[next](02-tables.md)` → `tables.html`, `../02-cleaning/01-x.md#y` → `../cleaning/x.html#y`,
/// `![chart](../media/chart.png)` → `../../media/chart.png`, `![map](map.png)` beside the lesson
/// → `map.png` beside its page. Where a link leads is worked out
/// by `LinkTargets` (and reported by the checks when it leads nowhere); this only writes it
/// relative to the page that shows it.
struct LinkResolver: Sendable {
    let targets: LinkTargets
    let layout: OutputLayout

    init(course: Course, files: ContentFiles, layout: OutputLayout = .site) {
        self.targets = LinkTargets(course: course, files: files)
        self.layout = layout
    }

    /// The URL of a link of `source` on the page at `pagePath`, in the page's locale; nil keeps
    /// it as written.
    func url(of reference: LinkReference, in source: LessonSource, pagePath: String, locale: LocaleID) -> String? {
        let course = targets.course.id
        switch targets.target(of: reference, inFile: source.path) {
        case .asWritten, .samePage, .broken, .unknownScheme:
            return nil
        case .removed:
            return ""
        case .media(let path, let fragment):
            return OutputLayout.link(from: pagePath, to: layout.media(course, path)) + fragment
        case .moduleMedia(let module, let path, let fragment):
            return OutputLayout.link(from: pagePath, to: layout.moduleMedia(course, locale, module: module, path)) + fragment
        case .lesson(let module, let lesson, let fragment):
            let output = OutputLayout.link(from: pagePath, to: layout.lessonPage(course, locale, module: module, lesson: lesson))
            guard !fragment.isEmpty, let target = targets.lesson(module: module, lesson: lesson) else { return output + fragment }
            return output + "#" + targets.translatedAnchor(String(fragment.dropFirst()), in: target, locale: locale)
        }
    }
}
