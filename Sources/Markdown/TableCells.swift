/// Short numeric cells of a table kept on one line: a date (`2026-03-09`), an amount
/// (`5 500`), a time or a cell address, which a narrow phone at a large text size would
/// otherwise break at its hyphen or space ("2026-" / "03-09"). The page's stylesheet gives
/// `.nowrap` cells `white-space: nowrap`; a long text cell still wraps, and a table too wide
/// for the screen scrolls inside itself.
enum TableCells {
    /// At most this many characters, at least one of them a digit, at most `maximumLetters`
    /// letters (`B2`, `10 km`).
    static let maximumLength = 24
    static let maximumLetters = 4

    /// `html` (cmark's) with `class="nowrap"` on each such `<td>` and `<th>`. Works on bytes:
    /// every lesson's HTML goes through it.
    static func markingShortNumericCells(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        var copied = 0, index = 0
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), t = UInt8(ascii: "t")
        while index + 3 < bytes.count {
            guard bytes[index] == lt, bytes[index + 1] == t, bytes[index + 2] == UInt8(ascii: "d") || bytes[index + 2] == UInt8(ascii: "h"),
                  bytes[index + 3] == gt || bytes[index + 3] == UInt8(ascii: " ") else { index += 1; continue }
            guard let tagEnd = bytes[index...].firstIndex(of: gt) else { break }
            // The cell's content runs to the next tag; it must be that cell's closing tag.
            let contentEnd = bytes[(tagEnd + 1)...].firstIndex(of: lt) ?? bytes.count
            let closing: [UInt8] = [lt, UInt8(ascii: "/"), t, bytes[index + 2], gt]
            if contentEnd + closing.count <= bytes.count, Array(bytes[contentEnd..<(contentEnd + closing.count)]) == closing,
               isShortNumeric(String(decoding: bytes[(tagEnd + 1)..<contentEnd], as: UTF8.self)) {
                result += bytes[copied..<tagEnd]
                result += Array(" class=\"nowrap\"".utf8)
                copied = tagEnd
            }
            index = tagEnd + 1
        }
        guard copied > 0 else { return html }
        result += bytes[copied...]
        return String(decoding: result, as: UTF8.self)
    }

    /// A table too wide for a phone scrolls inside itself (the stylesheet makes it a scrolling
    /// block), so it takes the keyboard focus, as a wide code block does: a keyboard user can
    /// then scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable).
    /// Works on bytes, as the cells above: Foundation's search on every lesson's HTML was a
    /// tenth of a clean build's CPU at L.
    static func focusableTables(_ html: String) -> String {
        var html = html
        // Read in place: most lessons' HTML is returned as it is, without a copy.
        let changed: [UInt8]? = html.withUTF8 { bytes in
            var result: [UInt8] = []
            var copied = 0, index = 0
            while index + tableTag.count <= bytes.count {
                if bytes[index] == tableTag[0] && bytes[index..<(index + tableTag.count)].elementsEqual(tableTag) {
                    result += bytes[copied..<(index + tableTag.count - 1)]
                    result += focusable
                    copied = index + tableTag.count - 1
                    index += tableTag.count
                } else {
                    index += 1
                }
            }
            guard copied > 0 else { return nil }
            result += bytes[copied...]
            return result
        }
        return changed.map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    private static let tableTag = Array("<table>".utf8), focusable = Array(" tabindex=\"0\"".utf8)

    /// Short, with a digit and few letters.
    static func isShortNumeric(_ text: String) -> Bool {
        var length = 0, letters = 0, digits = 0
        for scalar in text.unicodeScalars {
            length += 1
            if length > maximumLength { return false }
            if scalar.properties.numericType != nil { digits += 1 } else if scalar.properties.isAlphabetic { letters += 1 }
        }
        return digits > 0 && letters <= maximumLetters
    }
}
