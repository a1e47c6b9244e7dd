import CourseLoader
import CourseModel
import Foundation

/// Writes `source_hash:` into translations: the stamp of their source lesson as it is now.
/// Only that line changes; every other byte of the file (BOM, line endings, comments, key
/// order) stays as the translator wrote it.
public struct Stamper: Sendable {
    let site: Site
    let files: ContentFiles

    public init(site: Site, files: ContentFiles) {
        self.site = site
        self.files = files
    }

    public enum Outcome: Sendable, Equatable {
        case stamped(path: String, stamp: String)
        case unchanged(path: String)
    }

    /// Translations of `locale` in every (or one) course, content-relative paths, sorted.
    public func translations(locale: LocaleID, courseID: String? = nil) -> [String] {
        site.courses.filter { courseID == nil || $0.id == courseID }.flatMap { course in
            course.lessons.compactMap { course.sourceLocale == locale ? nil : $0.sources[locale]?.path }
        }.sorted()
    }

    /// Stamps one translation, given as a path the user typed (relative to the working folder)
    /// or content-relative.
    public func stamp(_ userPath: String) -> Result<Outcome, Diagnostic> {
        guard let (course, lesson, translation) = find(userPath) else {
            return .failure(.error("not a lesson translation in \(files.displayRoot)", at: SourceLocation(file: userPath)))
        }
        guard translation.locale != course.sourceLocale, let source = lesson.sources[course.sourceLocale] else {
            return .failure(.error("this is the source lesson; stamp its translations", at: files.location(translation.path)))
        }
        let stamp = LessonBlocks(source).stamp.description
        guard let absolute = files.absolutePath(translation.path), let data = FileManager.default.contents(atPath: absolute) else {
            return .failure(.error("file cannot be read", at: files.location(translation.path)))
        }
        let original = String(decoding: data, as: UTF8.self)
        guard let edited = Self.settingSourceHash(stamp, in: original) else {
            return .failure(.error("front matter not found; the file must start with '---'", at: files.location(translation.path, line: 1)))
        }
        if edited == original { return .success(.unchanged(path: translation.path)) }
        do {
            try Data(edited.utf8).write(to: URL(fileURLWithPath: absolute), options: .atomic)
        } catch {
            return .failure(.error("cannot write the file: \(error.localizedDescription)", at: files.location(translation.path)))
        }
        return .success(.stamped(path: translation.path, stamp: stamp))
    }

    private func find(_ userPath: String) -> (Course, Lesson, LessonSource)? {
        let wanted = URL(fileURLWithPath: userPath).resolvingSymlinksInPath().path
        for course in site.courses {
            for lesson in course.lessons {
                for source in lesson.sources.values {
                    if source.path == userPath || files.absolutePath(source.path) == wanted { return (course, lesson, source) }
                }
            }
        }
        return nil
    }

    /// The file's text with its `source_hash:` line set to `stamp`, added before the closing
    /// `---` when absent; nil when the text has no front matter.
    static func settingSourceHash(_ stamp: String, in text: String) -> String? {
        // Split on the newline scalar: Swift sees "\r\n" as one Character, so a Character split
        // would leave Windows files in one piece.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let bom = "\u{FEFF}"
        guard let first = lines.first, first.replacingOccurrences(of: bom, with: "").trimmingCharacters(in: .whitespacesAndNewlines) == "---" else { return nil }
        let lineEnding = first.hasSuffix("\r") ? "\r" : ""
        guard let closing = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingCharacters(in: .whitespacesAndNewlines)
            return line == "---" || line == "..."
        }) else { return nil }
        let newLine = "source_hash: \(stamp)\(lineEnding)"
        if let existing = lines[1..<closing].firstIndex(where: { $0.hasPrefix("source_hash:") }) {
            lines[existing] = newLine
        } else {
            lines.insert(newLine, at: closing)
        }
        return lines.joined(separator: "\n")
    }
}
