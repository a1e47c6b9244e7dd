import Foundation
import CourseModel
import CourseLoader
import Templates

/// The templates and assets pages are made with: the built-in theme, with any file of
/// `Content/theme/templates/*.mustache` or `Content/theme/assets/*` put in its place, so a
/// partner can restyle a site without touching Swift.
struct Theme: Sendable {
    static let templateNames = ["layout", "chooser", "catalog", "course", "lesson"]

    let templates: TemplateLibrary
    /// Asset files by name (`coursekit.css`, `coursekit.js`, and any a theme adds).
    let assets: [String: Data]

    static func load(files: ContentFiles) -> (theme: Theme?, diagnostics: [Diagnostic]) {
        guard let builtIn = Bundle.module.url(forResource: "Theme", withExtension: nil) else {
            return (nil, [.error("the built-in theme is missing from this coursekit installation")])
        }
        var diagnostics: [Diagnostic] = []
        var library = TemplateLibrary()
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
            do {
                let template = try Template(text)
                library.register(template, named: name)
                partials[name] = (path, template.partialNames)
            } catch {
                diagnostics.append(.error("template error: \(error.message)", at: SourceLocation(file: path, line: error.line, column: error.column)))
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
let fingerprintedAssets = ["coursekit.css", "coursekit.js", "coursekit-exercises.css", "coursekit-exercises.js", "coursekit-search.js", "coursekit-preview.html",
                           "icon-48.png"]

/// An asset with a name that changes when its bytes do (`coursekit.3f2a9c1b0d.css`), so a
/// browser or a camp proxy may cache it forever and still never show an old one.
struct FingerprintedAsset: Sendable {
    let name: String
    let fingerprintedName: String
    let data: Data
    /// SHA-256 of its bytes, taken once: a site writes its assets into every course's folder,
    /// and each copy is known unchanged by it instead of by reading the old one again.
    let sha256: String

    /// Only the theme's stylesheet and script change with every release; a partner's logo or
    /// font keeps its name so templates can refer to it (`{{assetsPath}}/logo.svg`).
    static let fingerprinted: Set<String> = Set(fingerprintedAssets)

    init(name: String, data: Data) {
        self.name = name
        self.data = data
        sha256 = ContentHash.hex(data)
        guard Self.fingerprinted.contains(name) else {
            fingerprintedName = name
            return
        }
        let hash = String(sha256.prefix(10))
        if let dot = name.lastIndex(of: ".") {
            fingerprintedName = "\(name[..<dot]).\(hash)\(name[dot...])"
        } else {
            fingerprintedName = "\(name).\(hash)"
        }
    }
}
