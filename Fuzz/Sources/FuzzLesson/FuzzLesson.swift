import CourseLoader
import Foundation
import FuzzDriver

/// libFuzzer calls this with arbitrary bytes: a lesson file as a broken editor or an attacker
/// could write it. It goes through UTF-8 decoding, front matter splitting, the YAML wrapper,
/// the nesting guard and the exercise parser. Any crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let (lesson, diagnostics) = LessonFileParser.parse(data)
    // Every diagnostic must point inside the file, and a lesson without errors must have a title.
    for diagnostic in diagnostics {
        if let line = diagnostic.location?.line, line < 0 { fatalError("negative line in \(diagnostic)") }
    }
    if let lesson, lesson.title.isEmpty { fatalError("a lesson without a title was accepted") }
    return 0
}
