import CourseModel

/// Where each page and file goes in the output, and relative links between them.
///
/// Every link names a file (`index.html`, never a bare folder), so the site works from
/// file:// on a USB stick as well as from a web server under any sub-path.
///
/// Two layouts: the whole site (a language chooser, catalogs, then `<course>/<locale>/…`), and
/// a single package of one course in one locale, as a ZIM file or a Kolibri app holds it
/// (`index.html`, `<module>/<lesson>.html`, `assets/`, `media/`), which links nowhere else.
public struct OutputLayout: Sendable {
    public enum Style: Sendable, Equatable {
        case site
        case package(course: String, locale: LocaleID)
    }

    public let style: Style

    public static let site = OutputLayout(style: .site)

    public static func package(course: String, locale: LocaleID) -> OutputLayout {
        OutputLayout(style: .package(course: course, locale: locale))
    }

    public var isPackage: Bool { style != .site }

    public static let chooserPage = "index.html"

    /// The catalog of courses in a locale; nil in a package, which holds one course.
    public func catalogPage(_ locale: LocaleID) -> String? {
        isPackage ? nil : "\(locale.code)/index.html"
    }

    public func courseHome(_ course: String, _ locale: LocaleID) -> String {
        isPackage ? "index.html" : "\(course)/\(locale.code)/index.html"
    }

    public func lessonPage(_ course: String, _ locale: LocaleID, module: String, lesson: String) -> String {
        isPackage ? "\(module)/\(lesson).html" : "\(course)/\(locale.code)/\(module)/\(lesson).html"
    }

    /// The search index of a course in a locale (`coursekit-search.js` loads it).
    public func searchIndex(_ course: String, _ locale: LocaleID) -> String {
        isPackage ? "search-index.js" : "\(course)/\(locale.code)/search-index.js"
    }

    /// A course's media file, given its path below `<course>/media/`.
    public func media(_ course: String, _ relative: String) -> String {
        isPackage ? "media/\(relative)" : "\(course)/media/\(relative)"
    }

    /// A file kept in a module folder beside its lessons, given its path inside that folder:
    /// beside the module's pages in each locale (as Hugo's page bundles and mdBook do), so the
    /// author's relative link stays as written.
    public func moduleMedia(_ course: String, _ locale: LocaleID, module: String, _ relative: String) -> String {
        isPackage ? "\(module)/\(relative)" : "\(course)/\(locale.code)/\(module)/\(relative)"
    }

    /// Assets shared by one course package (and, for the site-level pages, under `assets/`).
    public func assetsFolder(course: String?) -> String {
        guard !isPackage, let course else { return "assets" }
        return "\(course)/assets"
    }

    /// The relative URL that leads from the page at `from` to the file at `to` (both output paths).
    /// Every link of every page is made here, so it works on bytes: the folders both paths
    /// share are skipped, one `../` is written per folder of `from` left, and the rest of `to`
    /// is copied, percent-encoded only where a segment needs it.
    public static func link(from: String, to: String) -> String {
        var from = from, to = to
        return from.withUTF8 { from in to.withUTF8 { to in link(from: from, to: to) } }
    }

    private static func link(from: UnsafeBufferPointer<UInt8>, to: UnsafeBufferPointer<UInt8>) -> String {
        let slash = UInt8(ascii: "/")
        // The end of the folders both paths share: just after the last "/" of their common prefix.
        var shared = 0, index = 0
        while index < from.count, index < to.count, from[index] == to[index] {
            if from[index] == slash { shared = index + 1 }
            index += 1
        }
        var ups = 0
        for byte in from[shared...] where byte == slash { ups += 1 }
        let rest = UnsafeBufferPointer(rebasing: to[shared...])
        guard rest.allSatisfy(isPlainURLByte) else {
            let encoded = String(decoding: rest, as: UTF8.self).split(separator: "/", omittingEmptySubsequences: false)
                .map { percentEncodePathSegment(String($0)) }.joined(separator: "/")
            return String(repeating: "../", count: ups) + encoded
        }
        // ASCII throughout: written straight into the String's storage.
        return String(unsafeUninitializedCapacity: ups * 3 + rest.count) { output in
            var at = 0
            for _ in 0..<ups {
                output[at] = UInt8(ascii: ".")
                output[at + 1] = UInt8(ascii: ".")
                output[at + 2] = slash
                at += 3
            }
            for byte in rest {
                output[at] = byte
                at += 1
            }
            return at
        }
    }

    /// Bytes that stand for themselves in a relative URL path.
    private static func isPlainURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"): true
        default: false
        }
    }

    /// The relative path from a page to a folder, without a trailing slash (`../../assets`),
    /// for templates that name files in it.
    public static func folderLink(from: String, to folder: String) -> String {
        String(link(from: from, to: "\(folder)/_").dropLast(2))
    }

    /// Encodes what cannot stand in a URL path segment; keeps letters of every script readable.
    static func percentEncodePathSegment(_ segment: String) -> String {
        guard segment != ".." else { return segment }
        var result = ""
        for scalar in segment.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "~": result.unicodeScalars.append(scalar)
            default:
                if scalar.value > 0x7F && scalar.properties.isAlphabetic {
                    result.unicodeScalars.append(scalar)
                } else {
                    for byte in String(scalar).utf8 { result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
                }
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
