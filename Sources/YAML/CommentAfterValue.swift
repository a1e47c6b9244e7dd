/// ` #` right after a value starts a comment in YAML, so `title: Lesson #2 basics` is the title
/// "Lesson" and no error says so. The text is lost without a trace, so it is worth a warning;
/// but a YAML file written by hand may carry a comment on purpose, and that must stay quiet.
///
/// The rule: warn when one space, exactly, stands between a text value and '#', and the text
/// reads on: the value has several words (`title: Lesson about #hashtags`, `question: Which
/// is item #3?`) or the '#' is glued to what follows (`title: Lesson #2`). Text typed in a
/// sentence has one space before '#'; a comment written on purpose usually stands further off
/// (two spaces is what yamllint and most style guides ask) and has a space after '#', and one
/// word before it is a setting, not a sentence (`source_locale: en # English`). Numbers,
/// true/false and null are not text that went missing (`duration: 20 # minutes`). An empty
/// value followed by '#' is warned about when a non-space follows it (`color: #FF0000`), not
/// for `key: # note`.
enum CommentAfterValue {
    /// The warning for a plain scalar read from `start` to `end` (libyaml's marks, in the text).
    static func warning(value: String, start: YAMLMark, end: YAMLMark, lines: YAMLSourceLines) -> YAMLWarning? {
        guard let line = lines[end.line], line.character(at: end.column) == " " else { return nil }
        let hash = end.column + 1
        guard line.character(at: hash) == "#" else { return nil }
        let node = YAMLNode.scalar(value, plain: true, start)
        guard node.bool == nil, value.isEmpty || !node.isNull, Double(value) == nil else { return nil }
        let gluedToTheText = line.character(at: hash + 1).map { !YAMLLine.isSpace($0) } ?? false
        guard gluedToTheText || value.unicodeScalars.contains(" ") else { return nil }
        let what = value.isEmpty ? "the value is empty" : "the value is only '\(value)'"
        return YAMLWarning("the text after ' #' is left out, since ' #' starts a comment in YAML (\(what)): put the value in double quotes"
                           + (correctedLine(line, start: start, end: end, hash: hash).map(YAMLErrorExplanation.writeItAs) ?? ""),
                           at: YAMLMark(line: end.line, column: hash))
    }

    /// The line with its value and the text after '#' in double quotes; only for a value that
    /// is the whole of a `key: …` or `- …` line (not an item in `[…]`, nor a value on several lines).
    private static func correctedLine(_ line: YAMLLine, start: YAMLMark, end: YAMLMark, hash: Int) -> String? {
        guard start.line == end.line else { return nil }
        if start.column == end.column {
            let before = line.text(before: start.column)
            guard before.hasSuffix(":") || before.hasSuffix("-") else { return nil }
            return before + " " + line.text(from: hash).yamlDoubleQuoted
        }
        guard start.column == line.valueColumn else { return nil }
        return line.text(before: start.column) + line.text(from: start.column).yamlDoubleQuoted
    }
}
