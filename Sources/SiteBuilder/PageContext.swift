import CourseModel
import Localization
import Templates

/// Facts shared by every page in one locale: the values templates need again and again.
struct LocaleContext: Sendable {
    let locale: LocaleID
    let direction: TextDirection
    let strings: [String: String]
    /// `strings` as templates read them (`{{t.key}}`).
    let templateStrings: TemplateStrings
    let interface: InterfaceCatalog

    init(_ locale: LocaleID, interface: InterfaceCatalog) {
        self.locale = locale
        self.direction = interface.direction(locale)
        self.strings = interface.table(locale)
        self.templateStrings = TemplateStrings(strings)
        self.interface = interface
    }

    func text(_ key: String, _ values: [String: String] = [:]) -> String { interface.text(key, locale, values) }

    func count(_ key: String, _ count: Int) -> String { interface.count(key, count, locale) }

    /// ` lang="en" dir="ltr"` when a text is in another language than the page, else nothing:
    /// the browser then picks the right font, hyphenation, and direction for it.
    func attributes(for textLocale: LocaleID) -> String {
        guard textLocale != locale else { return "" }
        return " lang=\"\(textLocale.code)\" dir=\"\(interface.direction(textLocale).rawValue)\""
    }
}

/// A text resolved for a page: the words, and the attributes marking its language if it differs.
struct ResolvedText {
    let text: String
    let attributes: String

    init(_ localized: LocalizedText, page: LocaleContext, fallback: LocaleID, default defaultText: String = "") {
        if let resolved = localized.resolved(page.locale, fallback: fallback) {
            text = resolved.text
            attributes = page.attributes(for: resolved.locale)
        } else {
            text = defaultText
            attributes = ""
        }
    }
}
