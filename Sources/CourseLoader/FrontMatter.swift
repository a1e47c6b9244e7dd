import CourseModel

/// A lesson file cut in two: the YAML between the `---` lines, and the Markdown after.
public struct FrontMatter: Sendable, Equatable {
    public var yaml: String
    /// File line of the first YAML line (the one after the opening `---`).
    public var yamlStartLine: Int
    public var body: String
    /// File line of the first body line.
    public var bodyStartLine: Int

    public enum SplitError: Error, Equatable {
        /// The file does not begin with `---`.
        case missing
        /// No closing `---` (or `...`) line.
        case unclosed
    }

    /// Splits text (already `\n`-only, BOM removed). The opening line must be exactly `---`;
    /// the closing one `---` or `...`, trailing spaces allowed.
    public static func split(_ text: String) throws(SplitError) -> FrontMatter {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first, closing: false) else { throw .missing }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { isFence($0, closing: true) }) else { throw .unclosed }
        let yaml = lines[..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return FrontMatter(yaml: yaml.isEmpty ? "" : yaml + "\n", yamlStartLine: 2, body: body, bodyStartLine: end + 3)
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var trimmed = line
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
