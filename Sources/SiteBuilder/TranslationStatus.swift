import CourseModel
import Translation

/// The coverage report, indexed for page rendering: a lesson's status in a locale, and a
/// course's coverage percentage per locale.
struct TranslationStatus: Sendable {
    private struct LessonKey: Hashable {
        let course: String, locale: String, lesson: String
    }

    private struct CourseKey: Hashable {
        let course: String, locale: String
    }

    private var statuses: [LessonKey: LessonStatus] = [:]
    private var percents: [CourseKey: Double] = [:]

    init(_ report: CoverageReport) {
        for locale in report.locales {
            for course in locale.courses {
                percents[CourseKey(course: course.id, locale: locale.locale)] = course.words.coverage
                for module in course.modules {
                    for lesson in module.lessonDetails {
                        statuses[LessonKey(course: course.id, locale: locale.locale, lesson: lesson.id)] = lesson.status
                    }
                }
            }
        }
    }

    func status(course: String, locale: LocaleID, lesson: String) -> LessonStatus? {
        statuses[LessonKey(course: course, locale: locale.code, lesson: lesson)]
    }

    func percent(course: String, locale: LocaleID) -> Double? {
        percents[CourseKey(course: course, locale: locale.code)]
    }
}
