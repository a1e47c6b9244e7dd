/// Makes heading ids that stay readable in any script and are unique within a page.
public struct HeadingAnchors {
    private var used: [String: Int] = [:]

    public init() {}

    /// `What is data?` → `what-is-data`; `ما هي البيانات؟` → `ما-هي-البيانات`. Letters and digits
    /// of every script are kept; Arabic diacritics and tatweel are dropped so that a heading keeps
    /// its id when a translator adds or removes vowel marks. A repeat gets `-2`, `-3`, …
    public mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        let count = used[base, default: 0] + 1
        used[base] = count
        var candidate = count == 1 ? base : "\(base)-\(count)"
        while count > 1 && used[candidate] != nil {
            candidate += "-\(count)"
        }
        if count > 1 { used[candidate] = 1 }
        return candidate
    }

    public static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark || scalar == "\u{0640}" { continue }
            if properties.isAlphabetic || properties.numericType == .decimal {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else if properties.isWhitespace || scalar == "-" || scalar == "_" {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
