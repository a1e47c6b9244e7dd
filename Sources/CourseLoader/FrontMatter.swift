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
        // Walks the lines of the front matter only; the body, most of the file, is not split.
        var lines = text[...].split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first, closing: false) else { throw .missing }
        var rest = lines.count > 1 ? lines[1] : ""
        var yamlLines: [Substring] = []
        while true {
            lines = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            guard let line = lines.first, !(lines.count == 1 && line.isEmpty && rest.isEmpty) else { throw .unclosed }
            rest = lines.count > 1 ? lines[1] : ""
            if isFence(line, closing: true) { break }
            if lines.count == 1 { throw .unclosed }
            yamlLines.append(line)
        }
        let yaml = yamlLines.isEmpty ? "" : yamlLines.joined(separator: "\n") + "\n"
        return FrontMatter(yaml: yaml, yamlStartLine: 2, body: String(rest), bodyStartLine: yamlLines.count + 3)
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var trimmed = line
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}

extension LessonSource {
    /// The text of each translation unit as written — the front matter, then each top-level
    /// block —, read again from the file: the model keeps where each block is, not its text.
    /// Nil when the file cannot be read or changed since it was loaded.
    public func unitTexts(files: ContentFiles) -> [String]? {
        guard let data = try? files.readData(path), ContentHash.hex(data) == fileHash,
              let text = try? ContentFiles.decodeText(data), let parts = try? FrontMatter.split(text) else { return nil }
        return [TranslationUnits.frontMatterText(self)] + compiled.outline.texts(in: parts.body)
    }
}
