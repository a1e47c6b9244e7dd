/// Makes heading ids that stay readable in any script and are unique within a page.
public struct HeadingAnchors {
    private var used = UsedAnchors()

    public init() {}

    /// `What is data?` → `what-is-data`; `ما هي البيانات؟` → `ما-هي-البيانات`. Letters and digits
    /// of every script are kept; Arabic diacritics and tatweel are dropped so that a heading keeps
    /// its id when a translator adds or removes vowel marks. A repeat gets `-2`, `-3`, …
    public mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        let count = (used[base] ?? 0) + 1
        used[base] = count
        var candidate = count == 1 ? base : "\(base)-\(count)"
        while count > 1 && used[candidate] != nil {
            candidate += "-\(count)"
        }
        if count > 1 { used[candidate] = 1 }
        return candidate
    }

    /// The anchors a page has used, with how often each base came: a list while the page has
    /// few headings (most have a dozen; hashing each anchor, French and Arabic ones normalised
    /// first, cost more than comparing it with the others), a dictionary past that.
    private struct UsedAnchors {
        private var few: [(anchor: String, count: Int)] = []
        private var many: [String: Int]?
        private static let listLimit = 32

        subscript(anchor: String) -> Int? {
            get {
                if let many { return many[anchor] }
                return few.first { $0.anchor == anchor }?.count
            }
            set {
                guard let newValue else { return }
                if many != nil {
                    many![anchor] = newValue
                } else if let index = few.firstIndex(where: { $0.anchor == anchor }) {
                    few[index].count = newValue
                } else if few.count < Self.listLimit {
                    few.append((anchor, newValue))
                } else {
                    var table = Dictionary(few, uniquingKeysWith: { first, _ in first })
                    table[anchor] = newValue
                    many = table
                    few = []
                }
            }
        }
    }

    public static func slug(_ text: String) -> String {
        // Most headings are ASCII: letters, digits and spaces need no Unicode table. French and
        // Arabic ones need few (every heading of every lesson passes here).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        return latinAndArabicSlug(text) ?? unicodeSlug(text)
    }

    /// `unicodeSlug` for a text of ASCII, Latin-1 and Arabic scalars, whose letters are lowered
    /// by an offset or have no case; nil for any other text.
    static func latinAndArabicSlug(_ text: String) -> String? {
        var slug = String.UnicodeScalarView()
        var pendingDash = false
        func keep(_ scalar: Unicode.Scalar) {
            if pendingDash && !slug.isEmpty { slug.append("-") }
            pendingDash = false
            slug.append(scalar)
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: keep(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x30...0x39, 0x61...0x7A, 0xDF...0xF6, 0xF8...0xFF, 0x0621...0x063A, 0x0641...0x064A, 0x0660...0x0669: keep(scalar)
            case 0x0640...0x0640, 0x064B...0x065F: continue   // tatweel, harakat
            case 0x09...0x0D, 0x20, 0x2D, 0x5F: pendingDash = true
            case 0...0x7F: continue
            case 0x80...0xFF, 0x0600...0x06FF:
                // Caseless here: their own properties decide, as in `unicodeSlug`.
                let properties = scalar.properties
                if properties.generalCategory == .nonspacingMark { continue }
                if properties.isAlphabetic || properties.numericType == .decimal { keep(scalar) }
                else if properties.isWhitespace { pendingDash = true }
            default:
                return nil
            }
        }
        return slug.isEmpty ? "section" : String(slug)
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
