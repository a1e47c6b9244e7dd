import Foundation
import CourseModel
import CourseLoader
import Mustache

/// The templates and assets pages are made with: the built-in theme, with any file of
/// `Content/theme/templates/*.mustache` or `Content/theme/assets/*` put in its place, so a
/// partner can restyle a site without touching Swift.
struct Theme: Sendable {
    static let templateNames = ["layout", "chooser", "catalog", "course", "lesson"]

    let templates: MustacheLibrary
    /// Asset files by name (`coursekit.css`, `coursekit.js`, and any a theme adds).
    let assets: [String: Data]

    static func load(files: ContentFiles) -> (theme: Theme?, diagnostics: [Diagnostic]) {
        guard let builtIn = Bundle.module.url(forResource: "Theme", withExtension: nil) else {
            return (nil, [.error("the built-in theme is missing from this coursekit installation")])
        }
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var partials: [String: (path: String, names: [String])] = [:]
        for name in templateNames {
            let override = "theme/templates/\(name).mustache"
            let (text, path): (String?, String)
            if !files.exists(override), FileManager.default.fileExists(atPath: files.displayPath(override)) {
                diagnostics.append(.warning("this template is a link leading outside the content folder; it is not read, and the built-in \(name) template is used",
                                            at: files.location(override)))
            }
            if files.exists(override) {
                text = try? files.readText(override)
                path = files.displayPath(override)
            } else {
                text = try? String(contentsOf: builtIn.appendingPathComponent("templates/\(name).mustache"), encoding: .utf8)
                path = "built-in template \(name).mustache"
            }
            guard let text else {
                diagnostics.append(.error("template cannot be read", at: SourceLocation(file: path)))
                continue
            }
            partials[name] = (path, partialNames(in: text))
            do {
                // Parsed as written first, so an error's column is the author's; then with
                // coursekit's HTML escaping switched on at its start (`HTMLEscaping`).
                try library.register(text, named: name)
                try library.register(HTMLEscaping.pragma + text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(.error("template error: \(error.error)",
                                          at: SourceLocation(file: path, line: error.context.lineNumber, column: error.context.columnNumber)))
            } catch {
                diagnostics.append(.error("template error: \(error)", at: SourceLocation(file: path)))
            }
        }
        diagnostics += partialProblems(partials)
        var assets: [String: Data] = [:]
        for name in fingerprintedAssets {
            assets[name] = FileManager.default.contents(atPath: builtIn.appendingPathComponent("assets/\(name)").path)
        }
        for name in files.list("theme/assets") where !files.isDirectory("theme/assets/\(name)") {
            do {
                assets[name] = try files.readData("theme/assets/\(name)")
            } catch {
                diagnostics.append(.warning("theme asset not copied: \(error.message)", at: files.location("theme/assets/\(name)")))
            }
        }
        return (diagnostics.hasErrors ? nil : Theme(templates: library, assets: assets), diagnostics)
    }
}

extension Theme {
    /// The partials a template includes (`{{> name}}`), in order.
    static func partialNames(in template: String) -> [String] {
        let pattern = /\{\{\s*>\s*([^\s}]+)\s*\}\}/
        return template.matches(of: pattern).map { String($0.output.1) }
    }

    /// A partial that names no template renders nothing (a warning); a template that includes
    /// itself, directly or through others, would recurse until the build crashes (an error).
    static func partialProblems(_ partials: [String: (path: String, names: [String])]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for name in templateNames {
            guard let (path, included) = partials[name] else { continue }
            for partial in included where partials[partial] == nil {
                problems.append(.warning("{{> \(partial)}} names no template; the templates are \(templateNames.joined(separator: ", "))",
                                         at: SourceLocation(file: path)))
            }
            if let cycle = cycle(from: name, partials: partials) {
                problems.append(.error("template '\(name)' includes itself (\(cycle.joined(separator: " → "))); a page would never finish",
                                       at: SourceLocation(file: path)))
            }
        }
        return problems
    }

    /// The chain of includes that leads from `start` back to itself, if one does.
    private static func cycle(from start: String, partials: [String: (path: String, names: [String])]) -> [String]? {
        var visited: Set<String> = []
        func walk(_ name: String, _ chain: [String]) -> [String]? {
            for next in partials[name]?.names ?? [] {
                if next == start { return chain + [next] }
                guard visited.insert(next).inserted else { continue }
                if let found = walk(next, chain + [next]) { return found }
            }
            return nil
        }
        return walk(start, [start])
    }
}

/// The built-in theme's assets, named with a fingerprint in the output.
let fingerprintedAssets = ["coursekit.css", "coursekit.js", "coursekit-exercises.css", "coursekit-exercises.js", "coursekit-preview.html",
                           "icon-48.png"]

/// An asset with a name that changes when its bytes do (`coursekit.3f2a9c1b0d.css`), so a
/// browser or a camp proxy may cache it forever and still never show an old one.
struct FingerprintedAsset: Sendable {
    let name: String
    let fingerprintedName: String
    let data: Data

    /// Only the theme's stylesheet and script change with every release; a partner's logo or
    /// font keeps its name so templates can refer to it (`{{assetsPath}}/logo.svg`).
    static let fingerprinted: Set<String> = Set(fingerprintedAssets)

    init(name: String, data: Data) {
        self.name = name
        self.data = data
        guard Self.fingerprinted.contains(name) else {
            fingerprintedName = name
            return
        }
        let hash = String(ContentHash.hex(data).prefix(10))
        if let dot = name.lastIndex(of: ".") {
            fingerprintedName = "\(name[..<dot]).\(hash)\(name[dot...])"
        } else {
            fingerprintedName = "\(name).\(hash)"
        }
    }
}

/// The HTML escaping of `{{value}}` in every template: the same five characters as
/// swift-mustache's own (`<`, `>`, `&`, `"`, `'`), replaced byte by byte, and a value without
/// any of them given back as it is. The library's escaping looks each character up in a
/// dictionary, and took a fifth of a clean build's time at 4,500 pages; its content types
/// are the way it offers to replace it, switched on by a pragma that `Theme` puts at the start
/// of each template. (A `<` that a combining mark follows is escaped too, where the library
/// compared whole characters and let it through.)
struct HTMLEscaping: MustacheContentType {
    static let name = "COURSEKIT_HTML"
    static let pragma: String = {
        MustacheContentTypes.register(HTMLEscaping(), named: name)
        return "{{% CONTENT_TYPE: \(name)}}"
    }()

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
                                          || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }
}
