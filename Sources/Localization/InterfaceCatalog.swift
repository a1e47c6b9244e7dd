import Foundation
import CourseModel
import CourseLoader

/// Interface strings for every locale of a site: the built-in ar/en/fr catalogs, with the
/// site's `Content/ui/<locale>.yaml` laid over them. A key missing in a locale falls back to
/// English, so a half-translated interface still shows every button.
public struct InterfaceCatalog: Sendable {
    private var catalogs: [LocaleID: InterfaceOverrides]
    static let fallbackLocale = LocaleID("en")

    /// The built-in catalogs, shipped as resources of this module.
    static let builtIn: [LocaleID: InterfaceOverrides] = {
        var result: [LocaleID: InterfaceOverrides] = [:]
        for code in ["ar", "en", "fr"] {
            guard let url = Bundle.module.url(forResource: code, withExtension: "yaml", subdirectory: "Locales"),
                  let text = try? String(contentsOf: url, encoding: .utf8),
                  let catalog = InterfaceOverridesReader.parse(text, path: "Locales/\(code).yaml").overrides else {
                preconditionFailure("built-in interface catalog \(code).yaml is missing or invalid")
            }
            result[LocaleID(code)] = catalog
        }
        return result
    }()

    /// Locales with a catalog built into coursekit.
    public static var builtInLocales: [LocaleID] { builtIn.keys.sorted() }

    /// The strings every locale should have: those of the built-in English catalog.
    public static var requiredKeys: [String] { (builtIn[fallbackLocale]?.strings.keys).map { Array($0).sorted() } ?? [] }

    public init(overrides: [LocaleID: InterfaceOverrides] = [:]) {
        var catalogs = Self.builtIn
        for (locale, override) in overrides {
            var merged = catalogs[locale] ?? InterfaceOverrides(sourcePath: override.sourcePath)
            merged.strings.merge(override.strings) { _, new in new }
            merged.direction = override.direction ?? merged.direction
            merged.languageName = override.languageName ?? merged.languageName
            merged.languageNames.merge(override.languageNames) { _, new in new }
            catalogs[locale] = merged
        }
        self.catalogs = catalogs
    }

    /// Every string name known in any catalog, sorted.
    public var keys: [String] {
        Set(catalogs.values.flatMap(\.strings.keys)).sorted()
    }

    /// All plain strings of a locale by name, for templates (`{{t.next}}`).
    public func table(_ locale: LocaleID) -> [String: String] {
        var table: [String: String] = [:]
        for key in keys { table[key] = text(key, locale) }
        return table
    }

    /// Whether any catalog (or English, the fallback) has a string of this name.
    public func has(_ key: String) -> Bool {
        catalogs.values.contains { $0.strings[key] != nil }
    }

    /// Whether the interface of a locale is translated at all (built in or given by the site).
    public func hasCatalog(for locale: LocaleID) -> Bool { catalogs[locale] != nil }

    public func direction(_ locale: LocaleID) -> TextDirection {
        catalogs[locale]?.direction ?? TextDirection.of(locale)
    }

    /// The language's name in itself (`العربية`), as a language chooser should show it.
    public func languageName(_ locale: LocaleID) -> String {
        catalogs[locale]?.languageName ?? locale.code
    }

    /// The language's name in a sentence read in `reader`'s language («affichée en anglais»,
    /// «معروضة بالإنجليزية»): as the reader's catalog or `ui/` file names it, else CLDR's name
    /// (from ICU, through Foundation), else its name in itself.
    public func languageName(_ locale: LocaleID, in reader: LocaleID) -> String {
        if let named = catalogs[reader]?.languageNames[locale.code] { return named }
        if let cldr = Locale(identifier: reader.code).localizedString(forLanguageCode: locale.code), cldr != locale.code { return cldr }
        return languageName(locale)
    }

    /// A plain string; `{name}` placeholders are filled from `values`.
    public func text(_ key: String, _ locale: LocaleID, _ values: [String: String] = [:]) -> String {
        fill(template(key, locale, count: nil), values)
    }

    /// A counted string in the plural form CLDR gives for `count` in this locale.
    public func count(_ key: String, _ count: Int, _ locale: LocaleID, _ values: [String: String] = [:]) -> String {
        fill(template(key, locale, count: count), values.merging(["count": String(count)]) { _, new in new })
    }

    /// Every form of a string, by plural category (`other` alone for a plain string), for
    /// the browser script, which picks the form with the same CLDR rules.
    public func forms(_ key: String, _ locale: LocaleID) -> [String: String] {
        for candidate in [locale, Self.fallbackLocale] {
            switch catalogs[candidate]?.strings[key] {
            case .plain(let text): return ["other": text]
            case .plural(let forms):
                return Dictionary(uniqueKeysWithValues: forms.map { ($0.key.rawValue, $0.value) })
            case nil: continue
            }
        }
        return ["other": key]
    }

    private func template(_ key: String, _ locale: LocaleID, count: Int?) -> String {
        for candidate in [locale, Self.fallbackLocale] {
            guard let entry = catalogs[candidate]?.strings[key] else { continue }
            switch entry {
            case .plain(let text):
                return text
            case .plural(let forms):
                let category = PluralRules.category(for: count ?? 0, in: candidate)
                if let text = forms[category] ?? forms[.other] { return text }
            }
        }
        return key
    }

    /// Each `{name}` of `values` replaced by its value, in one pass (a value is never read
    /// for names of its own); other braces stay as they are.
    private func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = "", rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }
}
