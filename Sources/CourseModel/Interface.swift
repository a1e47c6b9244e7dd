/// CLDR plural categories. Arabic uses all six; English and French two or three.
public enum PluralCategory: String, CaseIterable, Sendable, Hashable {
    case zero, one, two, few, many, other
}

/// An interface string: plain, or one form per plural category with `{count}` in it.
public enum InterfaceString: Sendable, Equatable {
    case plain(String)
    case plural([PluralCategory: String])
}

/// What `Content/ui/<locale>.yaml` says about a locale: its strings, and for a locale
/// coursekit does not know, its direction, its name in itself and the names it gives other
/// languages in a sentence (`language_names: {en: ئینگلیزی}`).
public struct InterfaceOverrides: Sendable, Equatable {
    public var direction: TextDirection?
    public var languageName: String?
    public var languageNames: [String: String] = [:]
    public var strings: [String: InterfaceString]
    public var sourcePath: String

    public init(direction: TextDirection? = nil, languageName: String? = nil, languageNames: [String: String] = [:],
                strings: [String: InterfaceString] = [:], sourcePath: String) {
        self.direction = direction
        self.languageName = languageName
        self.languageNames = languageNames
        self.strings = strings
        self.sourcePath = sourcePath
    }
}

/// CLDR cardinal plural rules (https://cldr.unicode.org, plurals.xml) for whole numbers,
/// which is all an interface counting lessons and exercises needs.
public enum PluralRules {
    public static func category(for count: Int, in locale: LocaleID) -> PluralCategory {
        let n = abs(count)
        switch locale.language {
        case "ar", "ars":
            // zero: 0; one: 1; two: 2; few: n%100 in 3..10; many: n%100 in 11..99; other.
            if n == 0 { return .zero }
            if n == 1 { return .one }
            if n == 2 { return .two }
            if (3...10).contains(n % 100) { return .few }
            if (11...99).contains(n % 100) { return .many }
            return .other
        case "fr", "pt":
            // one: i = 0,1; many: e = 0 and i != 0 and i % 1000000 = 0; other.
            if n == 0 || n == 1 { return .one }
            if n % 1_000_000 == 0 { return .many }
            return .other
        case "fa", "prs", "hi", "bn", "am", "zu":
            return n <= 1 ? .one : .other
        case "tr", "ckb", "ku", "ps", "ur", "en", "de", "nl", "sv", "it", "es", "so", "sw", "ti":
            return n == 1 ? .one : .other
        case "uk", "ru", "be":
            let mod10 = n % 10, mod100 = n % 100
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        case "zh", "ja", "ko", "vi", "th", "id", "ms", "my":
            return .other
        default:
            return n == 1 ? .one : .other
        }
    }
}
