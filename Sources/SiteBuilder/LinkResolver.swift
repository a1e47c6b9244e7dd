import Foundation
import CourseModel
import CourseLoader
import Markdown

/// Rewrites the links an author writes between content files into links between output pages:
/// `[next](02-tables.md)` → `tables.html`, `../02-cleaning/01-x.md#y` → `../cleaning/x.html#y`,
/// `![chart](../media/chart.png)` → `../../media/chart.png`. Links that point at nothing are
/// reported at their line.
struct LinkResolver: Sendable {
    let course: Course
    let files: ContentFiles
    /// Lesson files without locale and `.md` (`data-basics/01-intro/02-tables`) → (module, lesson) slugs.
    private let lessons: [String: (module: String, lesson: String)]
    private let media: Set<String>

    init(course: Course, files: ContentFiles) {
        self.course = course
        self.files = files
        var lessons: [String: (module: String, lesson: String)] = [:]
        for module in course.modules {
            for lesson in module.lessons {
                for source in lesson.sources.values {
                    lessons[Self.lessonKey(source.path)] = (module.slug, lesson.slug)
                }
            }
        }
        self.lessons = lessons
        self.media = Set(course.media)
    }

    /// `a/b/01-x.fr.md` → `a/b/01-x`: the lesson a file belongs to, whatever its locale.
    static func lessonKey(_ path: String) -> String {
        var stem = path.hasSuffix(".md") ? String(path.dropLast(3)) : path
        if let dot = stem.lastIndex(of: "."), let slash = stem.lastIndex(of: "/"), dot > slash,
           LocaleID.isWellFormed(String(stem[stem.index(after: dot)...])) {
            stem = String(stem[..<dot])
        }
        return stem
    }

    /// The new URL for a link in `source` on the page at `pagePath` (nil keeps it), plus a
    /// diagnostic when the link is broken.
    func resolve(_ reference: LinkReference, in source: LessonSource, pagePath: String, locale: LocaleID)
        -> (url: String?, diagnostic: Diagnostic?) {
        let destination = reference.destination
        let location = files.location(source.path, line: source.bodyStartLine + reference.line - 1)
        if destination.isEmpty || destination.hasPrefix("#") || Self.hasScheme(destination) || destination.hasPrefix("//") {
            return (nil, nil)
        }
        if destination.hasPrefix("/") {
            return (nil, .error("link '\(destination)' is an absolute path; write it relative to this file (like ../media/chart.png) so it works offline", at: location))
        }
        let (path, fragment) = Self.splitFragment(destination)
        let decoded = path.removingPercentEncoding ?? path
        let folder = (source.path as NSString).deletingLastPathComponent
        guard let target = Self.normalize("\(folder)/\(decoded)") else {
            return (nil, .error("link '\(destination)' leaves the content folder; it is not followed", at: location))
        }
        if target.hasSuffix(".md") {
            guard let page = lessons[Self.lessonKey(target)] else {
                return (nil, .error("link '\(destination)' points to a lesson that does not exist (\(files.displayPath(target)))", at: location))
            }
            let output = OutputLayout.lessonPage(course.id, locale, module: page.module, lesson: page.lesson)
            return (OutputLayout.link(from: pagePath, to: output) + fragment, nil)
        }
        let mediaPrefix = "\(course.id)/media/"
        if target.hasPrefix(mediaPrefix) {
            guard media.contains(target) else {
                return (nil, .error("\(reference.isImage ? "image" : "link") '\(destination)' points to a missing file (\(files.displayPath(target)))", at: location))
            }
            let output = OutputLayout.media(course.id, String(target.dropFirst(mediaPrefix.count)))
            return (OutputLayout.link(from: pagePath, to: output) + fragment, nil)
        }
        return (nil, .error("\(reference.isImage ? "image" : "link") '\(destination)' points outside the lessons and the course's media folder, so it would be missing from the package",
                            at: location))
    }

    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            && scheme.first!.isLetter
    }

    static func splitFragment(_ url: String) -> (path: String, fragment: String) {
        guard let hash = url.firstIndex(of: "#") else { return (url, "") }
        return (String(url[..<hash]), String(url[hash...]))
    }

    /// Resolves `.` and `..` in a content-relative path; nil when it climbs above the root.
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
