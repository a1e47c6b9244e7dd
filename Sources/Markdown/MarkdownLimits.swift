import CourseModel

/// Guards against Markdown that would make the parser work for minutes: cmark-gfm's time grows
/// with the square of the nesting depth of lists and block quotes. No lesson needs more than a
/// few levels; a hostile or broken file may have thousands.
public enum MarkdownLimits {
    public static let maximumNesting = 64
    public static let maximumIndentation = 256
    /// cmark-gfm's table extension is quadratic in the number of columns (24,000 took 13 s).
    public static let maximumTableColumns = 1_000

    /// The first table delimiter row (`|---|:--:|`) with more cells than the limit: its line
    /// (1-based) and its number of cells.
    public static func excessiveTableColumns(in markdown: String) -> (line: Int, columns: Int)? {
        TextLines.first(in: markdown) { line in
            guard line.count > maximumTableColumns else { return nil }   // each cell needs at least one '-'
            var cells = 0
            var cellHasDash = false
            for byte in line {
                switch byte {
                case UInt8(ascii: "|"):
                    if cellHasDash { cells += 1 }
                    cellHasDash = false
                case UInt8(ascii: "-"): cellHasDash = true
                case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"): break
                default: return nil   // not a delimiter row
                }
            }
            if cellHasDash { cells += 1 }
            return cells > maximumTableColumns ? cells : nil
        }.map { (line: $0.line, columns: $0.value) }
    }

    /// The first line (1-based) whose leading containers nest deeper than the limits, with the
    /// depth found there.
    public static func excessiveNesting(in markdown: String) -> (line: Int, depth: Int)? {
        TextLines.first(in: markdown) { line in
            let (markers, columns) = leadingContainers(line)
            return markers > maximumNesting || columns > maximumIndentation ? max(markers, columns / 2) : nil
        }.map { (line: $0.line, depth: $0.value) }
    }

    /// Counts the block-quote and list markers at the start of a line, and its indentation.
    private static func leadingContainers(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> (markers: Int, columns: Int) {
        var markers = 0, columns = 0
        var index = line.startIndex
        func isBlank(_ position: Int) -> Bool {
            position == line.endIndex || line[position] == UInt8(ascii: " ") || line[position] == UInt8(ascii: "\t")
        }
        while index < line.endIndex {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: " "): columns += 1
            case UInt8(ascii: "\t"): columns += 4
            case UInt8(ascii: ">"): markers += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"):
                guard isBlank(index + 1) else { return (markers, columns) }
                markers += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < line.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[end]) { end += 1 }
                guard end < line.endIndex, line[end] == UInt8(ascii: ".") || line[end] == UInt8(ascii: ")"),
                      isBlank(end + 1) else { return (markers, columns) }
                markers += 1
                index = end
            default:
                return (markers, columns)
            }
            index += 1
        }
        return (markers, columns)
    }
}
