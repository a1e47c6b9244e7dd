import Foundation
import CourseModel

/// One lesson file read from bytes, outside any content tree: what the fuzzer drives, and a
/// way for tools to validate a single file.
public enum LessonFileParser {
    public static func parse(_ data: Data, locale: LocaleID = LocaleID("en")) -> (lesson: LessonSource?, diagnostics: [Diagnostic]) {
        let context = LessonContext(courseLocales: [locale], sourceLocale: locale, allowHTML: false)
        var reader = LessonReader(files: ContentFiles(root: ""), folder: "", context: context)
        let lesson = reader.parse(data, path: "lesson.\(locale.code).md", locale: locale)
        return (lesson, reader.diagnostics)
    }
}
