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
        var lineNumber = 0
        for line in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.count > maximumTableColumns else { continue }   // each cell needs at least one '-'
            var cells = 0
            var cellHasDash = false
            var isDelimiterRow = true
            for byte in line {
                switch byte {
                case UInt8(ascii: "|"):
                    if cellHasDash { cells += 1 }
                    cellHasDash = false
                case UInt8(ascii: "-"): cellHasDash = true
                case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"): break
                default: isDelimiterRow = false
                }
                if !isDelimiterRow { break }
            }
            if cellHasDash { cells += 1 }
            if isDelimiterRow, cells > maximumTableColumns { return (lineNumber, cells) }
        }
        return nil
    }

    /// The first line (1-based) whose leading containers nest deeper than the limits, with the
    /// depth found there.
    public static func excessiveNesting(in markdown: String) -> (line: Int, depth: Int)? {
        var lineNumber = 0
        for line in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let (markers, columns) = leadingContainers(line)
            if markers > maximumNesting || columns > maximumIndentation { return (lineNumber, max(markers, columns / 2)) }
        }
        return nil
    }

    /// Counts the block-quote and list markers at the start of a line, and its indentation.
    private static func leadingContainers(_ line: Substring.UTF8View.SubSequence) -> (markers: Int, columns: Int) {
        var markers = 0, columns = 0
        var index = line.startIndex
        func isBlank(_ position: Substring.UTF8View.Index) -> Bool {
            position == line.endIndex || line[position] == UInt8(ascii: " ") || line[position] == UInt8(ascii: "\t")
        }
        while index < line.endIndex {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: " "): columns += 1
            case UInt8(ascii: "\t"): columns += 4
            case UInt8(ascii: ">"): markers += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"):
                guard isBlank(line.index(after: index)) else { return (markers, columns) }
                markers += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < line.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[end]) { end = line.index(after: end) }
                guard end < line.endIndex, line[end] == UInt8(ascii: ".") || line[end] == UInt8(ascii: ")"),
                      isBlank(line.index(after: end)) else { return (markers, columns) }
                markers += 1
                index = end
            default:
                return (markers, columns)
            }
            index = line.index(after: index)
        }
        return (markers, columns)
    }
}
