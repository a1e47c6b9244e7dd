/// The lines of a YAML text, counted as libyaml counts them (1-based lines, columns in Unicode
/// scalars), so a message can quote the line libyaml complained about and guess its fix.
struct YAMLSourceLines {
    private let lines: [YAMLLine]

    init(_ bytes: [UInt8]) {
        lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            if scalars.last == "\r" { scalars.removeLast() }
            return YAMLLine(scalars)
        }
    }

    /// Line `number` (1-based); nil past either end, where libyaml's end-of-text marks point.
    subscript(number: Int) -> YAMLLine? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    /// The nearest line above `number` that holds more than spaces or a comment, with its number.
    func contentLine(above number: Int) -> (number: Int, line: YAMLLine)? {
        var candidate = min(number - 1, lines.count)
        while candidate >= 1 {
            let line = lines[candidate - 1]
            if !line.isBlank && !line.isComment { return (candidate, line) }
            candidate -= 1
        }
        return nil
    }
}

/// One line of YAML read by its shape, the way an author sees it: indentation, list dashes,
/// a key, a value. Only block style is understood; that is all a hint needs.
struct YAMLLine {
    let scalars: [Unicode.Scalar]
    /// Columns (1-based) of the first character that is neither a space nor a tab.
    let contentColumn: Int
    /// Column of the first tab before the content, if the indentation holds one.
    let tabColumn: Int?
    /// Column of the first `- ` on the line, when it is a list item.
    let dashColumn: Int?
    /// Column of the key (after any dashes), when the line is `key: …` or `key:`.
    let keyColumn: Int?
    let key: String?
    /// Column where the value starts: after `key: ` or after `- `. Nil when nothing follows.
    let valueColumn: Int?

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var index = 0
        var tab: Int?
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" {
            if scalars[index] == "\t" && tab == nil { tab = index + 1 }
            index += 1
        }
        contentColumn = index + 1
        tabColumn = tab
        var dash: Int?
        while index < scalars.count, scalars[index] == "-", index + 1 == scalars.count || Self.isSpace(scalars[index + 1]) {
            if dash == nil { dash = index + 1 }
            index += 1
            while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
        }
        dashColumn = dash
        if let colon = Self.keyColon(in: scalars, from: index) {
            keyColumn = index + 1
            key = String(String.UnicodeScalarView(scalars[index..<colon])).trimmingTrailingSpaces
            var value = colon + 1
            while value < scalars.count, Self.isSpace(scalars[value]) { value += 1 }
            valueColumn = value < scalars.count && scalars[value] != "#" ? value + 1 : nil
        } else {
            keyColumn = nil
            key = nil
            valueColumn = dash != nil && index < scalars.count ? index + 1 : nil
        }
    }

    var isBlank: Bool { contentColumn > scalars.count }
    var isComment: Bool { !isBlank && scalars[contentColumn - 1] == "#" }
    /// Spaces (or tabs) before the content.
    var indentation: Int { contentColumn - 1 }
    /// Where a key on this line stands: after its dashes, or at its content.
    var keyIndentation: Int { (keyColumn ?? contentColumn) - 1 }
    var isListItem: Bool { dashColumn != nil }

    /// A key with nothing after its colon, or a `|`/`>` block: what follows is indented under it.
    var opensBlock: Bool {
        guard key != nil else { return isListItem && valueColumn == nil }
        guard let valueColumn else { return true }
        return scalars[valueColumn - 1] == "|" || scalars[valueColumn - 1] == ">"
    }

    /// The character at a column, if the line reaches it.
    func character(at column: Int) -> Unicode.Scalar? {
        scalars.indices.contains(column - 1) ? scalars[column - 1] : nil
    }

    /// The text before a column.
    func text(before column: Int) -> String {
        String(String.UnicodeScalarView(scalars.prefix(max(0, column - 1))))
    }

    /// The text from a column to the end of the line, without trailing spaces.
    func text(from column: Int) -> String {
        String(String.UnicodeScalarView(scalars.dropFirst(max(0, column - 1)))).trimmingTrailingSpaces
    }

    /// The whole line without trailing spaces.
    var text: String { text(from: 1) }

    /// The colon ending a plain key that starts at `start`: the first `:` followed by a space,
    /// a tab or the line's end, before any ` #` comment. Quoted keys and flow collections are
    /// not keys for this purpose.
    private static func keyColon(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start < scalars.count, !"\"'[{#|>".unicodeScalars.contains(scalars[start]) else { return nil }
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "#" && index > start && isSpace(scalars[index - 1]) { return nil }
            if scalar == ":" && (index + 1 == scalars.count || isSpace(scalars[index + 1])) { return index }
            index += 1
        }
        return nil
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
}

extension String {
    var trimmingTrailingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    var trimmingLeadingSpaces: String {
        String(unicodeScalars.drop(while: YAMLLine.isSpace))
    }

    /// The text as a YAML double-quoted value, on one line: `"` and `\` escaped, line ends and
    /// tabs as `\n` and `\t`, other control characters as `\xNN`. (What coursekit writes into
    /// YAML — a new lesson's title, an imported translation, a corrected line — goes through here.)
    public var yamlDoubleQuoted: String {
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in unicodeScalars {
            switch scalar {
            case "\\", "\"": quoted.append("\\"); quoted.append(scalar)
            case "\n": quoted.append(contentsOf: "\\n".unicodeScalars)
            case "\t": quoted.append(contentsOf: "\\t".unicodeScalars)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                quoted.append(contentsOf: ("\\x" + String(repeating: "0", count: 2 - hex.count) + hex).unicodeScalars)
            default: quoted.append(scalar)
            }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
