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
    let layout: OutputLayout
    /// Lesson files without locale and `.md` (`data-basics/01-intro/02-tables`) → (module, lesson) slugs.
    private let lessons: [String: (module: String, lesson: String)]
    private let media: Set<String>

    init(course: Course, files: ContentFiles, layout: OutputLayout = .site) {
        self.course = course
        self.files = files
        self.layout = layout
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
    struct Resolution {
        var url: String?
        var diagnostics: [Diagnostic] = []
        /// The output page a link leads to, with its `#fragment`, for checking anchors later.
        var anchorTarget: (page: String, fragment: String)?
    }

    func resolve(_ reference: LinkReference, in source: LessonSource, pagePath: String, locale: LocaleID) -> Resolution {
        let location = files.location(source.path, line: source.bodyStartLine + reference.line - 1)
        var resolution = resolveDestination(reference, in: source, pagePath: pagePath, locale: locale, location: location)
        if reference.isImage && reference.label.isEmpty {
            resolution.diagnostics.append(.warning("image '\(reference.destination)' has no alt text; describe it for learners who cannot see it: ![what it shows](…)", at: location))
        }
        return resolution
    }

    private func resolveDestination(_ reference: LinkReference, in source: LessonSource, pagePath: String, locale: LocaleID,
                                    location: SourceLocation) -> Resolution {
        let destination = reference.destination
        if let scheme = Self.unsafeScheme(destination, isImage: reference.isImage) {
            return Resolution(url: "", diagnostics: [.warning("\(reference.isImage ? "image" : "link") with a '\(scheme):' address is not allowed and was removed", at: location)])
        }
        if destination.hasPrefix("#") {
            return Resolution(url: nil, anchorTarget: (pagePath, String(destination.dropFirst())))
        }
        if destination.isEmpty || Self.hasScheme(destination) || destination.hasPrefix("//") {
            return Resolution(url: nil)
        }
        let (url, diagnostic, target) = resolveRelative(reference, in: source, pagePath: pagePath, locale: locale, location: location)
        return Resolution(url: url, diagnostics: diagnostic.map { [$0] } ?? [], anchorTarget: target)
    }

    /// `javascript:`, `vbscript:`, `file:` and `data:` (but for raster images) can run script or
    /// read the learner's files; browsers ignore tabs and newlines inside a scheme, so do we.
    static func unsafeScheme(_ url: String, isImage: Bool) -> String? {
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        for scheme in ["javascript", "vbscript", "file", "data"] where compact.hasPrefix(scheme + ":") {
            if scheme == "data", isImage, compact.range(of: #"^data:image/(png|gif|jpeg|webp)[;,]"#, options: .regularExpression) != nil {
                return nil
            }
            return scheme
        }
        return nil
    }

    private func resolveRelative(_ reference: LinkReference, in source: LessonSource, pagePath: String, locale: LocaleID,
                                 location: SourceLocation) -> (String?, Diagnostic?, (page: String, fragment: String)?) {
        let destination = reference.destination
        let what = reference.isImage ? "image" : "link"
        if destination.hasPrefix("/") {
            return (nil, .error("\(what) '\(destination)' is an absolute path; write it relative to this file (like ../media/chart.png) so it works offline", at: location), nil)
        }
        let (path, fragment) = Self.splitFragment(destination)
        let decoded = path.removingPercentEncoding ?? path
        let folder = String(source.path[..<(source.path.lastIndex(of: "/") ?? source.path.startIndex)])
        guard let target = Self.normalize("\(folder)/\(decoded)") else {
            return (nil, .error("\(what) '\(destination)' leaves the content folder; it is not followed", at: location), nil)
        }
        if target.hasSuffix(".md") {
            guard let page = lessons[Self.lessonKey(target)] else {
                return (nil, .error("link '\(destination)' points to a lesson that does not exist (\(files.displayPath(target)))", at: location), nil)
            }
            let output = layout.lessonPage(course.id, locale, module: page.module, lesson: page.lesson)
            let anchor = fragment.isEmpty ? nil : (output, String(fragment.dropFirst()))
            return (OutputLayout.link(from: pagePath, to: output) + fragment, nil, anchor)
        }
        let mediaPrefix = "\(course.id)/media/"
        if target.hasPrefix(mediaPrefix) {
            guard media.contains(target) else {
                return (nil, .error("\(what) '\(destination)' points to a missing file (\(files.displayPath(target)))", at: location), nil)
            }
            let output = layout.media(course.id, String(target.dropFirst(mediaPrefix.count)))
            return (OutputLayout.link(from: pagePath, to: output) + fragment, nil, nil)
        }
        return (nil, .error("\(what) '\(destination)' points outside the lessons and the course's media folder, so it would be missing from the package",
                            at: location), nil)
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
