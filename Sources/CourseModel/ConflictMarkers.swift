/// Lines a merge left behind (`<<<<<<< HEAD`, `|||||||`, `>>>>>>> theirs`). Translations come
/// back through git from several volunteers; a conflict left in a file would otherwise pass:
/// in Markdown `>>>>>>>` is seven nested quotes and the `=======` between them turns the line
/// above into a heading, and in YAML the markers give a syntax error that does not say why.
public enum ConflictMarkers {
    /// The first marker line (1-based) and its marker, outside fenced blocks whose info string
    /// `skipsFence` accepts (a lesson on git may show a conflict in a code block). Markers stand
    /// at the start of a line: seven `<`, `|` or `>`, then a space or the end of the line.
    /// `=======` alone is not looked for: it is also a heading underline.
    public static func first(in text: String, skipsFence: (String) -> Bool = { _ in false }) -> (line: Int, marker: String)? {
        guard mayHoldMarker(text) else { return nil }
        var openFence: (character: UInt8, length: Int, skipped: Bool)? = nil
        return TextLines.first(in: text) { line -> String? in
            if let fence = fenceMark(line) {
                if let open = openFence {
                    if fence.character == open.character, fence.length >= open.length, fence.info.isEmpty { openFence = nil }
                } else {
                    openFence = (fence.character, fence.length, skipsFence(fence.info))
                }
                return nil
            }
            return openFence?.skipped == true ? nil : marker(line)
        }.map { (line: $0.line, marker: $0.value) }
    }

    /// Whether a line of `text` starts with seven `<`, `|` or `>`. Most texts have none, and
    /// then no line needs a closer look (every lesson file passes here: the lines are found
    /// with memchr, and only their first bytes read).
    static func mayHoldMarker(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let first = bytes[start]
                if first == UInt8(ascii: "<") || first == UInt8(ascii: "|") || first == UInt8(ascii: ">"),
                   start + 7 <= bytes.count, (1..<7).allSatisfy({ bytes[start + $0] == first }) {
                    return true
                }
                start = TextLines.lineEnd(in: bytes, from: start) + 1
            }
            return false
        }
    }

    /// The error to give at the marker's line.
    public static func message(_ marker: String) -> String {
        "a merge conflict was left here (a '\(marker)' line): keep the right text, then delete the '<<<<<<<', '=======' and '>>>>>>>' lines"
    }

    private static func marker(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        guard line.count >= 7 else { return nil }
        for marker in [UInt8(ascii: "<"), UInt8(ascii: "|"), UInt8(ascii: ">")] where line.prefix(7).allSatisfy({ $0 == marker }) {
            let next = line.dropFirst(7).first
            if next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\r") {
                return String(repeating: String(UnicodeScalar(marker)), count: 7)
            }
        }
        return nil
    }

    /// A fence line (up to three spaces, then three or more backticks or tildes): its character,
    /// length and the first word of its info string.
    private static func fenceMark(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> (character: UInt8, length: Int, info: String)? {
        let trimmed = line.drop { $0 == UInt8(ascii: " ") }
        guard line.count - trimmed.count <= 3, let first = trimmed.first,
              first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let length = trimmed.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        let info = trimmed.dropFirst(length).drop { $0 == UInt8(ascii: " ") }
            .prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "{") }
        return (first, length, String(decoding: info, as: UTF8.self))
    }
}
