import Foundation
import Synchronization
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
    private let lessonsBySlug: [String: Lesson]
    private let media: Set<String>
    private let anchors = HeadingAnchorCache()

    init(course: Course, files: ContentFiles, layout: OutputLayout = .site) {
        self.course = course
        self.files = files
        self.layout = layout
        var lessons: [String: (module: String, lesson: String)] = [:]
        var bySlug: [String: Lesson] = [:]
        for module in course.modules {
            for lesson in module.lessons {
                for source in lesson.sources.values {
                    lessons[Self.lessonKey(source.path)] = (module.slug, lesson.slug)
                    bySlug["\(module.slug)/\(lesson.slug)"] = lesson
                }
            }
        }
        self.lessons = lessons
        self.lessonsBySlug = bySlug
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
            guard !fragment.isEmpty, let lesson = lessonsBySlug["\(page.module)/\(page.lesson)"] else {
                return (OutputLayout.link(from: pagePath, to: output) + fragment, nil, nil)
            }
            let anchor = translatedAnchor(String(fragment.dropFirst()), in: lesson, locale: locale)
            return (OutputLayout.link(from: pagePath, to: output) + "#" + anchor, nil, (output, anchor))
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

    /// Headings are translated, and so are their ids. A link written with the anchor of one
    /// language's version of a lesson (`#good-column-names`) leads to the same heading in the
    /// version the reader sees (`#أسماء-جيدة-للأعمدة`): headings keep their order in translations.
    private func translatedAnchor(_ fragment: String, in lesson: Lesson, locale: LocaleID) -> String {
        let wanted = fragment.removingPercentEncoding ?? fragment
        guard let shown = lesson.sources[locale] ?? lesson.sources[course.sourceLocale] else { return fragment }
        let shownAnchors = anchors.anchors(of: shown)
        if shownAnchors.contains(wanted) { return fragment }
        for other in lesson.sources.values.sorted(by: { $0.locale < $1.locale }) where other.locale != shown.locale {
            if let index = anchors.anchors(of: other).firstIndex(of: wanted), index < shownAnchors.count {
                return shownAnchors[index]
            }
        }
        return fragment
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

/// The heading ids of each lesson file, worked out once and shared by the threads rendering.
final class HeadingAnchorCache: Sendable {
    private let cache = Mutex<[String: [String]]>([:])

    func anchors(of source: LessonSource) -> [String] {
        source.compiled.headings.map(\.anchor)
    }
}
