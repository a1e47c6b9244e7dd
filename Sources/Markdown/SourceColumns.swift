/// Turns cmark's columns (bytes from the start of a line) into the columns authors see and
/// editors show (characters): `[link]` after an Arabic word is at column 7, not 12.
struct SourceColumns {
    /// The text itself (a native String: its UTF-8 is read in place, not copied).
    private var text: String
    /// Byte offset of the start of each line; line 1 starts at 0.
    private let lineStarts: [Int]

    init(_ text: String) {
        var text = text
        self.lineStarts = text.withUTF8 { bytes in
            var starts = [0]
            var offset = 0
            while let newline = bytes.firstIndex(of: UInt8(ascii: "\n"), from: offset) {
                starts.append(newline + 1)
                offset = newline + 1
            }
            return starts
        }
        self.text = text
    }

    /// The 1-based character column of a 1-based byte column on a 1-based line.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return 0 }
        let start = lineStarts[line - 1]
        var text = text
        return text.withUTF8 { bytes in
            let end = min(start + byteColumn - 1, bytes.count)
            guard start <= end else { return 0 }
            // Every byte that does not continue a UTF-8 sequence starts a character.
            return bytes[start..<end].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
    }
}
