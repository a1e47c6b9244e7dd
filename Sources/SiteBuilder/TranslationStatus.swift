import CourseModel
import Translation

/// The coverage report, indexed for page rendering: a lesson's status in a locale, and a
/// course's coverage percentage per locale.
struct TranslationStatus: Sendable {
    private var statuses: [String: LessonStatus] = [:]
    private var percents: [String: Double] = [:]

    init(_ report: CoverageReport) {
        for locale in report.locales {
            for course in locale.courses {
                percents["\(course.id)/\(locale.locale)"] = course.words.coverage
                for module in course.modules {
                    for lesson in module.lessonDetails { statuses["\(course.id)/\(locale.locale)/\(lesson.id)"] = lesson.status }
                }
            }
        }
    }

    func status(course: String, locale: LocaleID, lesson: String) -> LessonStatus? {
        statuses["\(course)/\(locale.code)/\(lesson)"]
    }

    func percent(course: String, locale: LocaleID) -> Double? {
        percents["\(course)/\(locale.code)"]
    }
}
