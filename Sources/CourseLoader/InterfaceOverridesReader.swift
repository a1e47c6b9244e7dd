import CourseModel
import YAML

/// Reads `Content/ui/<locale>.yaml`: interface strings that replace or add to the built-in
/// catalogs, and for a new locale (`ckb`, `fa`) its direction and its name in its own language.
///
/// ```yaml
/// language_name: کوردی
/// direction: rtl
/// strings:
///   next: دواتر
///   lessons: {one: "{count} وانە", other: "{count} وانە"}
/// ```
public struct InterfaceOverridesReader {
    let files: ContentFiles
    static let knownKeys = ["language_name", "language_names", "direction", "strings"]

    /// Reads an interface catalog given as text (the built-in ones ship as resources).
    public static func parse(_ text: String, path: String) -> (overrides: InterfaceOverrides?, diagnostics: [Diagnostic]) {
        let files = ContentFiles(root: "")
        var schema = SchemaReader(file: path, files: files)
        do {
            guard let root = try YAMLParser().parse(text), let mapping = schema.mapping(root, what: path) else {
                return (nil, schema.diagnostics)
            }
            let overrides = InterfaceOverridesReader(files: files).read(mapping, path: path, schema: &schema)
            return (overrides, schema.diagnostics)
        } catch {
            return (nil, [.error(error.message, at: SourceLocation(file: path, line: error.mark.line, column: error.mark.column))])
        }
    }

    func read(into diagnostics: inout [Diagnostic]) -> [LocaleID: InterfaceOverrides] {
        var result: [LocaleID: InterfaceOverrides] = [:]
        for name in files.list("ui") where name.hasSuffix(".yaml") {
            let path = "ui/\(name)"
            let code = String(name.dropLast(5))
            guard LocaleID.isWellFormed(code) else {
                diagnostics.append(.error("'\(name)' must be named after a locale code, like ckb.yaml", at: files.location(path)))
                continue
            }
            let (_, root) = readYAML(path, files: files, diagnostics: &diagnostics)
            guard let root else { continue }
            var schema = SchemaReader(file: path, files: files)
            if let mapping = schema.mapping(root, what: path) {
                result[LocaleID(code)] = read(mapping, path: path, schema: &schema)
            }
            diagnostics += schema.diagnostics
        }
        return result
    }

    private func read(_ mapping: YAMLNode, path: String, schema: inout SchemaReader) -> InterfaceOverrides {
        schema.checkKeys(mapping, known: Self.knownKeys, what: path)
        var overrides = InterfaceOverrides(sourcePath: files.displayPath(path))
        overrides.languageName = schema.string(mapping["language_name"], key: "language_name")
        for pair in mapping["language_names"]?.pairs ?? [] {
            guard let code = pair.key.string, LocaleID.isWellFormed(code) else {
                schema.error("'\(pair.key.string ?? "?")' in language_names is not a locale code, like en or ckb", at: pair.key)
                continue
            }
            overrides.languageNames[code] = schema.string(pair.value, key: "language_names.\(code)")
        }
        if let node = mapping["direction"], let text = schema.string(node, key: "direction") {
            if let direction = TextDirection(rawValue: text) { overrides.direction = direction } else {
                schema.error("direction must be 'ltr' or 'rtl'", at: node)
            }
        }
        for pair in mapping["strings"]?.pairs ?? [] {
            guard let key = pair.key.string else { continue }
            if let text = pair.value.string {
                overrides.strings[key] = .plain(text)
            } else if let forms = pair.value.pairs {
                var plural: [PluralCategory: String] = [:]
                for form in forms {
                    guard let name = form.key.string, let category = PluralCategory(rawValue: name) else {
                        schema.error("'\(form.key.string ?? "?")' is not a plural form; use zero, one, two, few, many or other", at: form.key)
                        continue
                    }
                    plural[category] = schema.string(form.value, key: "\(key).\(name)")
                }
                if plural[.other] == nil { schema.error("plural string '\(key)' needs an 'other' form", at: pair.value) }
                overrides.strings[key] = .plural(plural)
            } else {
                schema.error("string '\(key)' must be text or a mapping of plural forms", at: pair.value)
            }
        }
        if let strings = mapping["strings"], strings.pairs == nil, !strings.isNull {
            schema.error("'strings' must be a mapping of string names to text", at: strings)
        }
        return overrides
    }
}
