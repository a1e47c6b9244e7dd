import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CourseModel
import CourseLoader

/// Files in a course's `media/` are served beside the pages, on the learner's own site: a
/// lesson link opens them (`[full size](../media/chart.svg)`), and no page's CSP covers them. A
/// file that can run script there could read and forge every course's progress. So files of
/// active types are refused, and an SVG (which browsers run script in when opened directly) is
/// read element by element: script, event handlers, embedded HTML and outside references are
/// errors at their line.
public struct MediaChecks: Sendable {
    let files: ContentFiles

    public init(files: ContentFiles) {
        self.files = files
    }

    /// Types a browser runs or renders as a document with script (`.svgz` cannot be checked).
    static let activeExtensions: Set<String> = ["html", "htm", "xhtml", "xht", "shtml", "js", "mjs", "cjs", "xml", "xsl", "xslt",
                                                "svgz", "swf", "wasm", "php", "hta", "jsp", "asp", "aspx"]
    /// Of those, what a course with `allow_active_media: true` may ship (an interactive
    /// simulation its authors wrote): HTML, written with the pages' content policy in it, and
    /// the scripts it loads. The others stay refused: no policy can be put into them.
    static let allowableExtensions: Set<String> = ["html", "htm", "js", "mjs"]
    /// HTML media that get the pages' content policy when they are allowed.
    public static let documentExtensions: Set<String> = ["html", "htm"]

    public func run(_ course: Course) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for path in course.media {
            if let character = Self.unsafeNameCharacter(path) {
                diagnostics.append(.error("the name '\(path.split(separator: "/").last.map(String.init) ?? path)' holds \(character), which Windows tools read as part of a path or cannot store (a zip of this course would unpack it elsewhere): rename the file",
                                          at: files.location(path)))
                continue
            }
            let name = String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]).lowercased()
            let type = name.split(separator: ".").last.map(String.init) ?? ""
            if course.allowActiveMedia && Self.allowableExtensions.contains(type) {
                diagnostics.append(.warning("'\(name)' runs script on the learners' site (allow_active_media is on in course.yaml): it can read and change their progress; ship it only if you trust who wrote it",
                                            at: files.location(path)))
            } else if Self.activeExtensions.contains(type) {
                let option = Self.allowableExtensions.contains(type) ? " (or set allow_active_media: true in course.yaml, if you trust who wrote it)" : ""
                diagnostics.append(.error("'\(name)' is a .\(type) file, which a browser could run script in on the learners' site; media may be images, sound, video and documents only\(option)",
                                          at: files.location(path)))
            } else if type == "svg" {
                diagnostics += checkSVG(path)
            }
        }
        return diagnostics
    }

    /// A character of a media path that zip and Kolibri archives must not carry: a backslash
    /// or a colon (read as a path or a drive by Windows unzip tools), a control character.
    static func unsafeNameCharacter(_ path: String) -> String? {
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\\": return "a backslash"
            case ":": return "a colon"
            case "*", "?", "\"", "<", ">", "|": return "'\(scalar)'"
            default: if scalar.value < 0x20 || scalar.value == 0x7F { return "a control character" }
            }
        }
        return nil
    }

    private func checkSVG(_ path: String) -> [Diagnostic] {
        guard let data = try? files.readData(path) else { return [] }   // the loader reported unreadable files
        let scanner = SVGScanner()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = scanner
        let wellFormed = parser.parse()
        var diagnostics = scanner.problems.map { problem in
            let location = files.location(path, line: problem.line, column: problem.column)
            return problem.isWarning ? Diagnostic.warning(problem.message, at: location) : Diagnostic.error(problem.message, at: location)
        }
        if !wellFormed && diagnostics.isEmpty {
            diagnostics.append(.error("this SVG is not well-formed XML (\(parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error")); browsers would not show it",
                                      at: files.location(path, line: parser.lineNumber, column: parser.columnNumber)))
        }
        return diagnostics
    }
}

/// Collects what could run script, or fetch from outside, in one SVG file.
private final class SVGScanner: NSObject, XMLParserDelegate {
    struct Problem {
        let message: String
        let line: Int
        let column: Int
        var isWarning = false
    }

    var problems: [Problem] = []
    /// The text of the `<style>` element being read, and where it starts.
    private var style: (text: String, line: Int, column: Int)?

    /// Elements that run script or embed a document.
    static let activeElements: Set<String> = ["script", "foreignobject", "iframe", "embed", "object", "handler", "listener"]
    /// Attributes holding an address.
    static let addressAttributes: Set<String> = ["href", "xlink:href", "src", "action", "formaction", "data"]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = (elementName.split(separator: ":").last.map(String.init) ?? elementName).lowercased()
        if element == "style" { style = ("", parser.lineNumber, parser.columnNumber) }
        if Self.activeElements.contains(element) {
            report(parser, "<\(elementName)> can run script or embed a page; remove it from the SVG")
        }
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            let attribute = name.lowercased()
            if attribute.hasPrefix("on") {
                report(parser, "the \(name) attribute of <\(elementName)> runs script; remove it from the SVG")
            } else if Self.addressAttributes.contains(attribute) || attribute.hasSuffix(":href") {
                // A link (<a>) fetches nothing until followed; only script in it matters.
                guard let problem = Self.addressProblem(value), element != "a" || problem.hasPrefix("runs script") else { continue }
                report(parser, "\(name)=\"\(value)\" on <\(elementName)> \(problem)")
            } else if attribute == "style", value.lowercased().contains("url(") && Self.addressProblem(value) != nil {
                report(parser, "the style of <\(elementName)> refers to an address outside the file; keep everything in the SVG")
            }
        }
    }

    /// Why an address in an SVG may not be there: script, or a request the learner pays for.
    static func addressProblem(_ value: String) -> String? {
        let compact = String(value.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        if compact.contains("javascript:") || compact.contains("vbscript:") { return "runs script; remove it" }
        if compact.contains("http:") || compact.contains("https:") || compact.contains("//") {
            return "fetches from the internet, which learners do not have; keep everything in the SVG"
        }
        if compact.hasPrefix("data:") && !compact.hasPrefix("data:image/png") && !compact.hasPrefix("data:image/jpeg")
            && !compact.hasPrefix("data:image/gif") && !compact.hasPrefix("data:image/webp") {
            return "embeds a document that could run script; use a PNG or JPEG, or draw it in the SVG"
        }
        return nil
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        style?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        style?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    /// A stylesheet inside the SVG that imports another (a web font, most often) from the
    /// internet: the SVG still shows offline, without it, but asks for it on every view.
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard (elementName.split(separator: ":").last.map(String.init) ?? elementName).lowercased() == "style", let found = style else { return }
        style = nil
        let text = found.text.lowercased()
        guard let at = text.range(of: "@import") else { return }
        let rule = text[at.upperBound...].prefix { $0 != ";" }
        guard rule.contains("http:") || rule.contains("https:") || rule.contains("//") else { return }
        problems.append(Problem(message: "the <style> of this SVG imports a stylesheet from the internet (a web font?), which learners do not have and pay for on every view; remove the @import or put what it gives into the SVG",
                                line: found.line, column: found.column, isWarning: true))
    }

    func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
        if target.lowercased() == "xml-stylesheet" { report(parser, "an xml-stylesheet instruction can load and run a transformation; remove it") }
    }

    private func report(_ parser: XMLParser, _ message: String) {
        problems.append(Problem(message: message, line: parser.lineNumber, column: parser.columnNumber))
    }
}
