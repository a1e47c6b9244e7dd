/// Direction facts the Unicode bidi algorithm would find, for choosing `dir` attributes.
public enum BidiText {
    /// `rtl` when the first letter of `text` belongs to a right-to-left script (Hebrew, Arabic,
    /// Syriac, Thaana, N'Ko and their presentation forms), else `ltr`: digits and punctuation
    /// are skipped, as the bidi algorithm's "first strong character" rule does.
    public static func firstStrongDirection(_ text: String) -> String {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x0590...0x08FF).contains(value) || (0xFB1D...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value) {
                if scalar.properties.isAlphabetic { return "rtl" }
                continue
            }
            if scalar.properties.isAlphabetic { return "ltr" }
        }
        return "ltr"
    }
}
