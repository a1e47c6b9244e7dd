import CourseModel

/// Makes heading ids that stay readable in any script and are unique within a page.
public struct HeadingAnchors {
    /// The anchors a page has used, with how often each base came (most pages have a dozen).
    private var used = SmallStringMap<Int>(listLimit: 32)

    public init() {}

    /// `What is data?` → `what-is-data`; `ما هي البيانات؟` → `ما-هي-البيانات`. Letters and digits
    /// of every script are kept; Arabic diacritics and tatweel are dropped so that a heading keeps
    /// its id when a translator adds or removes vowel marks. A repeat gets `-2`, `-3`, …
    public mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        guard let seen = used.insert(1, for: base) else { return base }
        let count = seen + 1
        used.set(count, for: base)
        var candidate = "\(base)-\(count)"
        while used[candidate] != nil {
            candidate += "-\(count)"
        }
        used.set(1, for: candidate)
        return candidate
    }

    public static func slug(_ text: String) -> String {
        // Most headings are ASCII, French or Arabic: their letters need no Unicode table, or
        // few (every heading of every lesson passes here).
        latinAndArabicSlug(text) ?? unicodeSlug(text)
    }

    /// `unicodeSlug` for a text of ASCII, Latin-1 and Arabic scalars, whose letters are lowered
    /// by an offset or have no case; nil for any other text. Read and written as UTF-8 bytes:
    /// each of those scalars has one or two, and the slug is never longer than the text (a dash
    /// stands for at least one byte of space before the letter it precedes).
    static func latinAndArabicSlug(_ text: String) -> String? {
        var text = text
        var outside = false
        let slug = text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { slug in
                var count = 0, index = 0
                var pendingDash = false
                func keep(_ scalar: Unicode.Scalar) {
                    if pendingDash && count > 0 {
                        slug[count] = UInt8(ascii: "-")
                        count += 1
                    }
                    pendingDash = false
                    // One or two bytes: these scalars are below U+0800.
                    let value = scalar.value
                    if value < 0x80 {
                        slug[count] = UInt8(value)
                        count += 1
                    } else {
                        slug[count] = UInt8(0xC0 | (value >> 6))
                        slug[count + 1] = UInt8(0x80 | (value & 0x3F))
                        count += 2
                    }
                }
                while index < bytes.count {
                    let (scalar, length) = bytes.unicodeScalar(at: index)
                    index += length
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
                        outside = true
                        return 0
                    }
                }
                return count
            }
        }
        if outside { return nil }
        return slug.isEmpty ? "section" : slug
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
}
