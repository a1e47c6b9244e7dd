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
        // Most headings are ASCII: letters, digits and spaces need no Unicode table.
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiSlug(text) : unicodeSlug(text)
    }

    /// The definition: letters and decimal digits of every script kept (lowercased), runs of
    /// spaces, `-` and `_` turned into one `-`, vowel marks and tatweel left out.
    static func unicodeSlug(_ text: String) -> String {
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

    /// The same for ASCII text, byte by byte.
    static func asciiSlug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(UnicodeScalar(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0)))
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), 0x0B, 0x0C, UInt8(ascii: "\r"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                pendingDash = true
            default:
                break
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
