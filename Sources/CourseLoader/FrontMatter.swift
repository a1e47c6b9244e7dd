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
        // Walks the lines of the front matter only, on bytes (a line feed always ends a
        // character): the body, most of the file, is not looked at.
        let bytes = text.utf8
        let newline = UInt8(ascii: "\n")
        let firstEnd = bytes.firstIndex(of: newline) ?? bytes.endIndex
        guard isFence(text[..<firstEnd], closing: false) else { throw .missing }
        guard firstEnd < bytes.endIndex else { throw .unclosed }
        let yamlStart = bytes.index(after: firstEnd)
        var lineStart = yamlStart, yamlLines = 0
        while true {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline)
            if isFence(text[lineStart..<(lineEnd ?? bytes.endIndex)], closing: true) {
                let body = lineEnd.map { String(text[bytes.index(after: $0)...]) } ?? ""
                let yaml = yamlLines == 0 ? "" : String(text[yamlStart..<lineStart])
                return FrontMatter(yaml: yaml, yamlStartLine: 2, body: body, bodyStartLine: yamlLines + 3)
            }
            guard let lineEnd else { throw .unclosed }
            yamlLines += 1
            lineStart = bytes.index(after: lineEnd)
        }
    }

    /// `---` (or, closing, `...`) with nothing after it but spaces and tabs.
    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        let bytes = line.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, case let last = bytes[bytes.index(before: end)], last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            end = bytes.index(before: end)
        }
        let trimmed = bytes[..<end]
        return trimmed.elementsEqual("---".utf8) || (closing && trimmed.elementsEqual("...".utf8))
    }
}

extension LessonSource {
    /// The text of each translation unit as written — the front matter, then each top-level
    /// block —, read again from the file: the model keeps where each block is, not its text.
    /// Nil when the file cannot be read or changed since it was loaded.
    public func unitTexts(files: ContentFiles) -> [String]? {
        guard let data = try? files.readData(path), LessonReader.fileHash(data) == fileHash,
              let text = try? ContentFiles.decodeText(data), let parts = try? FrontMatter.split(text) else { return nil }
        return [TranslationUnits.frontMatterText(self)] + compiled.outline.texts(in: parts.body)
    }
}
