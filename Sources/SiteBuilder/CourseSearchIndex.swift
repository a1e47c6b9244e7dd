import Foundation
import Synchronization
import CourseModel
import CourseLoader
import Search

/// A course's search index in one locale: every lesson page of that locale (a lesson not yet
/// translated is searched in the language its page shows), with its module, made from what
/// the loader compiled.
enum CourseSearchIndex {
    static func make(_ course: Course, locale: LocaleID, kit: PageKit) -> SearchIndex {
        let context = kit.localeContext(locale)
        let indexPath = kit.layout.searchIndex(course.id, locale)
        var modules: [String] = []
        var documents: [SearchDocument] = []
        for module in course.modules {
            modules.append(ResolvedText(module.title, page: context, fallback: course.sourceLocale, default: module.slug).text)
            for lesson in module.lessons {
                guard let source = lesson.shown(in: locale, sourceLocale: course.sourceLocale) else { continue }
                let page = kit.layout.lessonPage(course.id, locale, module: module.slug, lesson: lesson.slug)
                let other = source.locale == locale ? nil : (code: source.locale.code, direction: kit.localeContext(source.locale).direction.rawValue)
                documents.append(SearchDocument(title: source.title, module: modules.count - 1, url: OutputLayout.link(from: indexPath, to: page),
                                                sections: SearchDocument.sections(of: source), otherLanguage: other))
            }
        }
        return SearchIndex(documents: documents, modules: modules, locale: locale.code, direction: context.direction.rawValue)
    }

    /// The warning for an index past its budget (`SearchIndex.Budget`).
    static func budgetWarning(_ budget: SearchIndex.Budget, course: Course, locale: LocaleID, files: ContentFiles) -> Diagnostic? {
        guard budget.exceeded else { return nil }
        let ratio = { (bytes: Int) in String(format: "%.2f", Double(bytes) / Double(budget.textBytes)) }
        return .warning("the search index of course '\(course.id)' in '\(locale)' is \(budget.bytes) bytes, \(ratio(budget.bytes))× its \(budget.textBytes) bytes of text (\(ratio(budget.gzipBytes))× gzipped); the budget is \(SearchIndex.Budget.maximumRatio)× (\(SearchIndex.Budget.maximumGzipRatio)× gzipped). Search still works; learners download more when they open it",
                        at: files.location("\(course.id)/course.yaml"))
    }
}

/// Warnings found while files are made at write time (a search index past its budget), for
/// the build's report.
public final class LateDiagnostics: Sendable {
    private let found = Mutex<[Diagnostic]>([])

    public init() {}

    func add(_ diagnostic: Diagnostic) {
        found.withLock { $0.append(diagnostic) }
    }

    public var all: [Diagnostic] { found.withLock { $0 } }
}
