import CourseModel

/// Counts words the way translators are paid for them, for every script: a word is a run of
/// letters, digits and combining marks, following the Unicode word-boundary rules (UAX #29)
/// where they matter for French and Arabic:
/// - an apostrophe between letters joins (`l'information` is one word, as in word processors);
/// - a hyphen, a slash or any punctuation separates (`peut-être` is two, as UAX #29 says);
/// - `,` `.` `٫` `٬` between digits join (`1,200.50` and `١٬٢٠٠` are one);
/// - Arabic diacritics, tatweel and zero-width joiners stay inside their word, and punctuation
///   without spaces separates (`البيانات،والمعلومات` is two).
public enum WordCounter {
    public static func count(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { count($0) }
    }

    /// The same over UTF-8 (valid, as a String's), scalar by scalar in place: every paragraph
    /// of every lesson is counted.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var words = 0
        var inWord = false
        var previous: Unicode.Scalar?
        var index = 0
        while index < bytes.count {
            if bytes[index].isASCIILetterOrDigit {
                // A run of ASCII letters and digits at once: one word at most, started here
                // unless one already was.
                if !inWord { words += 1 }
                inWord = true
                var end = index + 1
                while end < bytes.count, bytes[end].isASCIILetterOrDigit { end += 1 }
                previous = Unicode.Scalar(bytes[end - 1])
                index = end
                continue
            }
            let (scalar, length) = bytes.unicodeScalar(at: index)
            if isWordScalar(scalar) {
                if !inWord { words += 1 }
                inWord = true
            } else if inWord, let before = previous, index + length < bytes.count,
                      joins(scalar, before: before, after: bytes.unicodeScalar(at: index + length).scalar) {
                // stays in the word
            } else {
                inWord = false
            }
            previous = scalar
            index += length
        }
        return words
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        // The common cases without a Unicode property lookup (slow, and this runs for every
        // scalar of every lesson): ASCII, French letters, Arabic letters, marks and digits.
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0...0x7F: return false
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF: return true          // Latin-1 letters
        case 0x0621...0x063A, 0x0640...0x065F, 0x0660...0x0669: return true   // Arabic letters, tatweel, harakat, digits
        default: return hasWordProperties(scalar)
        }
    }

    /// The definition, from Unicode's properties (the fast cases above agree with it: a test
    /// compares them over the Basic Multilingual Plane).
    static func hasWordProperties(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType == .decimal { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .modifierLetter: return true
        default: return scalar == "\u{200C}" || scalar == "\u{200D}" || scalar == "\u{0640}"
        }
    }

    private static func joins(_ scalar: Unicode.Scalar, before: Unicode.Scalar, after: Unicode.Scalar) -> Bool {
        // Properties only for the few joining scalars: looking them up is slow, and this runs
        // after every word.
        switch scalar {
        case "'", "\u{2019}": return isAlphabetic(before) && isAlphabetic(after)
        case ",", ".", "\u{066B}", "\u{066C}": return isDecimalDigit(before) && isDecimalDigit(after)
        default: return false
        }
    }

    /// Unicode's Alphabetic property, which in ASCII is only the letters (every sentence's
    /// last word is followed by a full stop or a comma: no lookup for those).
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.isAlphabetic }
        return (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
    }

    /// A decimal digit of any script (numeric type decimal), which in ASCII is only 0–9.
    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.numericType == .decimal }
        return (0x30...0x39).contains(scalar.value)
    }
}
