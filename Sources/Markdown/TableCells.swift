import CourseModel

/// Short numeric cells of a table kept on one line: a date (`2026-03-09`), an amount
/// (`5 500`), a time or a cell address, which a narrow phone at a large text size would
/// otherwise break at its hyphen or space ("2026-" / "03-09"). The page's stylesheet gives
/// `.nowrap` cells `white-space: nowrap`; a long text cell still wraps, and a table too wide
/// for the screen scrolls inside itself.
///
/// A table too wide for a phone scrolls inside itself (the stylesheet makes it a scrolling
/// block), so it takes the keyboard focus, as a wide code block does: a keyboard user can
/// then scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable).
///
/// Both are added to cmark's HTML by `CompiledPieces.split`, in the one pass it makes over
/// every lesson's HTML; these functions look at one tag of it.
enum TableCells {
    /// At most this many characters, at least one of them a digit, at most `maximumLetters`
    /// letters (`B2`, `10 km`).
    static let maximumLength = 24
    static let maximumLetters = 4

    /// What a short numeric cell's opening tag gets, before its `>`.
    static let nowrapAttribute = " class=\"nowrap\""
    /// What `<table>` gets, before its `>`.
    static let focusableAttribute = " tabindex=\"0\""

    /// Whether `<table>` starts at `index`.
    static func isTable(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 7 <= bytes.count && bytes[index + 1] == UInt8(ascii: "t") && bytes[index + 2] == UInt8(ascii: "a")
            && bytes[index + 3] == UInt8(ascii: "b") && bytes[index + 4] == UInt8(ascii: "l")
            && bytes[index + 5] == UInt8(ascii: "e") && bytes[index + 6] == UInt8(ascii: ">")
    }

    /// When a `<td>` or `<th>` (with or without attributes) opens at `index` and its content,
    /// up to its closing tag with no tag between, is short and numeric: the index of the
    /// opening tag's `>`.
    static func shortNumericCellTagEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "t"),
              bytes[index + 2] == UInt8(ascii: "d") || bytes[index + 2] == UInt8(ascii: "h"),
              bytes[index + 3] == UInt8(ascii: ">") || bytes[index + 3] == UInt8(ascii: " ") else { return nil }
        guard let tagEnd = bytes.firstIndex(of: UInt8(ascii: ">"), from: index + 3) else { return nil }
        // The cell's content runs to the next tag; it must be that cell's closing tag.
        let contentEnd = bytes.firstIndex(of: UInt8(ascii: "<"), from: tagEnd + 1) ?? bytes.count
        guard contentEnd + 5 <= bytes.count, bytes[contentEnd + 1] == UInt8(ascii: "/"),
              bytes[contentEnd + 2] == UInt8(ascii: "t"), bytes[contentEnd + 3] == bytes[index + 2],
              bytes[contentEnd + 4] == UInt8(ascii: ">"),
              isShortNumeric(UnsafeBufferPointer(rebasing: bytes[(tagEnd + 1)..<contentEnd])) else { return nil }
        return tagEnd
    }

    /// Short, with a digit and few letters (counted in Unicode scalars: Arabic-Indic digits
    /// count as digits).
    static func isShortNumeric(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.allSatisfy({ $0 < 0x80 }) else { return isShortNumeric(String(decoding: text, as: UTF8.self)) }
        guard text.count <= maximumLength else { return false }
        var letters = 0, digits = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): letters += 1
            default: break
            }
        }
        return digits > 0 && letters <= maximumLetters
    }

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
