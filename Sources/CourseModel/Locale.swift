/// A content locale, written as in file names and YAML keys: `en`, `fr`, `ar`, `ckb`, `pt-BR`.
public struct LocaleID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    public var description: String { code }

    /// The language part alone (`pt` for `pt-BR`), which plural rules and script direction depend on.
    public var language: String {
        String(code.split(separator: "-", maxSplits: 1).first ?? Substring(code)).lowercased()
    }

    public static func < (lhs: LocaleID, rhs: LocaleID) -> Bool { lhs.code < rhs.code }

    /// A locale code is a BCP 47-like tag: 2–3 ASCII letters, optionally `-` and a region or script.
    public static func isWellFormed(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        } && parts.count <= 3
    }
}

/// Reading direction of a script.
public enum TextDirection: String, Sendable, Equatable {
    case ltr, rtl

    /// Languages written right to left that learners in our settings read: Arabic, Sorani Kurdish,
    /// Persian/Dari, Pashto, Urdu, Hebrew, Sindhi, Uyghur, Yiddish, Dhivehi.
    private static let rightToLeftLanguages: Set<String> = [
        "ar", "ckb", "fa", "prs", "ps", "ur", "he", "sd", "ug", "yi", "dv",
    ]

    public static func of(_ locale: LocaleID) -> TextDirection {
        rightToLeftLanguages.contains(locale.language) ? .rtl : .ltr
    }
}

/// Text given per locale in YAML: `title: {en: "What is data?", fr: "…", ar: "…"}`.
public struct LocalizedText: Sendable, Equatable {
    public var values: [LocaleID: String]

    public init(_ values: [LocaleID: String] = [:]) { self.values = values }

    public subscript(locale: LocaleID) -> String? { values[locale] }

    public var isEmpty: Bool { values.isEmpty }

    /// The text in `locale`, else in `fallback`, else any text at all (the smallest locale code, so
    /// the choice is deterministic), with the locale the returned text is really written in.
    public func resolved(_ locale: LocaleID, fallback: LocaleID) -> (text: String, locale: LocaleID)? {
        if let text = values[locale] { return (text, locale) }
        if let text = values[fallback] { return (text, fallback) }
        guard let first = values.keys.min() else { return nil }
        return (values[first]!, first)
    }
}
