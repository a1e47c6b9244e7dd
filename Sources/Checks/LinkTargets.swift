import Foundation
import CourseModel
import CourseLoader

/// Where a link an author wrote leads, in content terms: a lesson, a media file, a place on
/// the same page, somewhere outside, or nowhere. Rendering turns a target into a URL for each
/// page; checks report the targets that lead nowhere. Computed from the compiled course alone.
public enum LinkTarget: Sendable, Equatable {
    /// An address left as written: another site, a `mailto:`, an empty destination.
    case asWritten
    /// A `javascript:`, `vbscript:`, `file:` or `data:` address: dropped from the page.
    case removed(scheme: String)
    /// An address in a scheme a learner's browser cannot open (`mdn:`, `ftp:`, a typo such as
    /// `htps:`): kept as written, and reported.
    case unknownScheme(String)
    /// `#fragment` on the same page.
    case samePage(fragment: String)
    /// A lesson of the course; `fragment` is empty or starts with `#`.
    case lesson(module: String, lesson: String, fragment: String)
    /// A file of the course's `media/` folder (path inside it); `fragment` as above.
    case media(path: String, fragment: String)
    /// A file kept in a module's folder beside its lessons (path inside that folder), written
    /// beside the module's pages; `fragment` as above.
    case moduleMedia(module: String, path: String, fragment: String)
    /// Nowhere: the reason is an error message for the author.
    case broken(String)
}

/// Resolves the links of one course's lesson files.
public struct LinkTargets: Sendable {
    public let course: Course
    let files: ContentFiles
    /// Lesson files without locale and `.md` (`data-basics/01-intro/02-tables`) → module and lesson slugs.
    private let lessons: [String: (module: String, lesson: String)]
    private let media: Set<String>
    /// Draft lessons left out of this build, as `lessons` keys them.
    private let drafts: Set<String>

    public init(course: Course, files: ContentFiles) {
        self.course = course
        self.files = files
        var lessons: [String: (module: String, lesson: String)] = [:]
        for module in course.modules {
            for lesson in module.lessons {
                for source in lesson.sources.values { lessons[Self.lessonKey(source.path)] = (module.slug, lesson.slug) }
            }
        }
        self.lessons = lessons
        self.media = Set(course.media)
        self.drafts = Set(course.draftFiles.map(Self.lessonKey))
    }

    /// The lesson a module and lesson slug name.
    public func lesson(module: String, lesson: String) -> Lesson? {
        course.modules.first { $0.slug == module }?.lessons.first { $0.slug == lesson }
    }

    public func target(of reference: LinkReference, inFile path: String) -> LinkTarget {
        let destination = reference.destination
        if let scheme = Self.unsafeScheme(destination, isImage: reference.isImage) { return .removed(scheme: scheme) }
        if destination.hasPrefix("#") { return .samePage(fragment: String(destination.dropFirst())) }
        if let scheme = Self.scheme(destination) {
            return Self.openableSchemes.contains(scheme.lowercased()) ? .asWritten : .unknownScheme(scheme)
        }
        if destination.isEmpty || destination.hasPrefix("//") { return .asWritten }
        let what = reference.isImage ? "image" : "link"
        if destination.hasPrefix("/") {
            return .broken("\(what) '\(destination)' is an absolute path; write it relative to this file (like ../media/chart.png) so it works offline")
        }
        let (pathPart, fragment) = Self.splitFragment(destination)
        let decoded = Self.percentDecoded(pathPart)
        let folder = String(path[..<(path.utf8.lastIndex(of: UInt8(ascii: "/")) ?? path.startIndex)])
        guard let target = Self.normalize("\(folder)/\(decoded)") else {
            return .broken("\(what) '\(destination)' leaves the content folder; it is not followed")
        }
        if target.hasSuffix(".md") {
            guard let page = lessons[Self.lessonKey(target)] else {
                if drafts.contains(Self.lessonKey(target)) {
                    return .broken("link '\(destination)' leads to a draft lesson (draft: true), which is not built; remove the link until that lesson is published, or build with --drafts to see both")
                }
                let suggestion = nearestLesson(to: target, writtenAs: pathPart, inFolder: folder).map { "; did you mean '\($0)'?" } ?? ""
                return .broken("link '\(destination)' points to a lesson that does not exist (\(files.displayPath(target)))\(suggestion)")
            }
            return .lesson(module: page.module, lesson: page.lesson, fragment: fragment)
        }
        let mediaPrefix = "\(course.id)/media/"
        if target.hasPrefix(mediaPrefix) {
            guard media.contains(target) else { return .broken("\(what) '\(destination)' points to a missing file (\(files.displayPath(target)))") }
            return .media(path: String(target.dropFirst(mediaPrefix.count)), fragment: fragment)
        }
        if let (module, relative) = course.moduleHolding(media: target) {
            guard media.contains(target) else { return .broken("\(what) '\(destination)' points to a missing file (\(files.displayPath(target)))") }
            return .moduleMedia(module: module.slug, path: relative, fragment: fragment)
        }
        return .broken("\(what) '\(destination)' points outside the course's lessons, their folders and its media folder, so it would be missing from the package")
    }

    /// The lesson a link that leads to none was most likely meant for, written as the author
    /// would write it in this file: a lesson of the same name (renumbered, moved to another
    /// module, or written without its `NN-`), else of the nearest name, the nearest path first.
    private func nearestLesson(to target: String, writtenAs written: String, inFolder folder: String) -> String? {
        let wanted = Self.lessonKey(target), wantedName = Self.lessonName(wanted)
        // Suggestion.nearest's rule: a typo, not another word.
        let limit = max(2, wantedName.count / 3)
        let ranked = lessons.keys.map { key in
            (key: key, name: Suggestion.distance(wantedName, Self.lessonName(key)), path: Suggestion.distance(wanted, key))
        }
        guard let best = ranked.filter({ $0.name <= limit }).min(by: { ($0.name, $0.path, $0.key) < ($1.name, $1.path, $1.key) }) else {
            return nil
        }
        return Self.written(best.key, like: written, target: target, fromFolder: folder)
    }

    /// `c/01-m/03-dates` → `dates` (lowercased: names are compared, not written); a name
    /// without an `NN-` prefix stays whole.
    static func lessonName(_ key: String) -> String {
        let name = key[(key.lastIndex(of: "/").map(key.index(after:)) ?? key.startIndex)...]
        guard let dash = name.firstIndex(of: "-"), dash > name.startIndex,
              name[..<dash].allSatisfy({ $0.isASCII && $0.isNumber }) else { return name.lowercased() }
        return name[name.index(after: dash)...].lowercased()
    }

    /// A lesson (`key`, content-relative, without locale and `.md`) as a link from `folder`
    /// written the way the author wrote `written` (which led to `target`): their folder part
    /// as they wrote it when the lesson is in that folder, else the relative path to it; their
    /// locale suffix (`.en.md`) or none.
    static func written(_ key: String, like written: String, target: String, fromFolder folder: String) -> String {
        let stem = String(target.dropLast(3))
        let localeSuffix = String(stem.dropFirst(lessonKey(target).count))
        let (keyFolder, name) = splitFolder(key)
        let directory: String
        if keyFolder == splitFolder(stem).folder {
            directory = String(written[..<(written.lastIndex(of: "/").map(written.index(after:)) ?? written.startIndex)])
        } else {
            directory = relativeFolder(from: folder, to: keyFolder)
        }
        return directory + name + localeSuffix + ".md"
    }

    /// `a/b/c` → (`a/b`, `c`).
    static func splitFolder(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// The relative way from one content folder to another, ending with `/` (empty when they
    /// are the same): `c/01-m` → `c/02-n` is `../02-n/`.
    static func relativeFolder(from start: String, to end: String) -> String {
        let from = start.split(separator: "/"), to = end.split(separator: "/")
        var common = 0
        while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        let parts = up + to[common...].map(String.init)
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }

    /// Headings are translated, and so are their ids. A link written with the anchor of one
    /// language's version of a lesson (`#good-column-names`) leads to the same heading in the
    /// version shown in `locale` (`#أسماء-جيدة-للأعمدة`): headings keep their order in translations.
    public func translatedAnchor(_ fragment: String, in lesson: Lesson, locale: LocaleID) -> String {
        let wanted = Self.percentDecoded(fragment)
        guard let shown = lesson.shown(in: locale, sourceLocale: course.sourceLocale) else { return fragment }
        let shownAnchors = shown.compiled.headings.map(\.anchor)
        if shownAnchors.contains(wanted) { return fragment }
        for other in lesson.sources.values.sorted(by: { $0.locale < $1.locale }) where other.locale != shown.locale {
            if let index = other.compiled.headings.firstIndex(where: { $0.anchor == wanted }), index < shownAnchors.count {
                return shownAnchors[index]
            }
        }
        return fragment
    }

    /// `%20` → space; the text as it is when it has no escape, or a malformed one.
    public static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }

    /// `a/b/01-x.fr.md` → `a/b/01-x`: the lesson a file belongs to, whatever its locale.
    public static func lessonKey(_ path: String) -> String {
        var stem = path.hasSuffix(".md") ? String(path.utf8.dropLast(3))! : path
        if let dot = stem.utf8.lastIndex(of: UInt8(ascii: ".")), let slash = stem.utf8.lastIndex(of: UInt8(ascii: "/")), dot > slash,
           LocaleID.isWellFormed(String(stem[stem.utf8.index(after: dot)...])) {
            stem = String(stem[..<dot])
        }
        return stem
    }

    /// `javascript:`, `vbscript:`, `file:` and `data:` (but for raster images) can run script or
    /// read the learner's files; browsers ignore tabs and newlines inside a scheme, so do we.
    public static func unsafeScheme(_ url: String, isImage: Bool) -> String? {
        // No colon, no scheme (most links: lesson files, media, anchors).
        guard url.utf8.contains(UInt8(ascii: ":")) else { return nil }
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        for scheme in ["javascript", "vbscript", "file", "data"] where compact.hasPrefix(scheme + ":") {
            if scheme == "data", isImage, compact.range(of: #"^data:image/(png|gif|jpeg|webp)[;,]"#, options: .regularExpression) != nil {
                return nil
            }
            return scheme
        }
        return nil
    }

    /// The schemes a link may use: the web, e-mail and (on a phone) a call to a helpline.
    static let openableSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// The scheme an address starts with (`https` in `https://…`), if any.
    // These read the UTF-8 of every link of every lesson: the separators are ASCII, and
    // searching Characters (grapheme by grapheme) was most of the link checks' time.

    static func scheme(_ url: String) -> String? {
        guard let colon = url.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = url.utf8[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
        guard let first = scheme.first, isLetter(first),
              scheme.allSatisfy({ isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "+")
                  || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return nil }
        return String(url[..<colon])
    }

    static func splitFragment(_ url: String) -> (path: String, fragment: String) {
        guard let hash = url.utf8.firstIndex(of: UInt8(ascii: "#")) else { return (url, "") }
        return (String(url[..<hash]), String(url[hash...]))
    }

    /// Resolves `.` and `..` in a content-relative path; nil when it climbs above the root.
    /// Read on the path's bytes, its segments kept as ranges on the stack (every link of every
    /// lesson passes here).
    static func normalize(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: bytes.count / 2 + 1) { segments -> String? in
                let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
                var count = 0, start = 0
                for end in 0...bytes.count where end == bytes.count || bytes[end] == slash {
                    let length = end - start
                    if length == 2 && bytes[start] == dot && bytes[start + 1] == dot {
                        guard count > 0 else { return nil }
                        count -= 1
                    } else if length > 0 && !(length == 1 && bytes[start] == dot) {
                        segments[count] = start..<end
                        count += 1
                    }
                    start = end + 1
                }
                return String(unsafeUninitializedCapacity: bytes.count) { output in
                    var at = 0
                    for index in 0..<count {
                        if index > 0 {
                            output[at] = slash
                            at += 1
                        }
                        for byte in bytes[segments[index]] {
                            output[at] = byte
                            at += 1
                        }
                    }
                    return at
                }
            }
        }
    }
}
