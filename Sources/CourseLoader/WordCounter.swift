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
        var words = 0
        var inWord = false
        var previous: Unicode.Scalar?
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                if !inWord { words += 1 }
                inWord = true
            } else if inWord, let before = previous, index + 1 < scalars.count, joins(scalar, before: before, after: scalars[index + 1]) {
                // stays in the word
            } else {
                inWord = false
            }
            previous = scalar
        }
        return words
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {   // the common case, without a Unicode property lookup
            let value = scalar.value | 0x20
            return (0x30...0x39).contains(scalar.value) || (0x61...0x7A).contains(value)
        }
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
        case "'", "\u{2019}": return before.properties.isAlphabetic && after.properties.isAlphabetic
        case ",", ".", "\u{066B}", "\u{066C}": return before.properties.numericType == .decimal && after.properties.numericType == .decimal
        default: return false
        }
    }
}
