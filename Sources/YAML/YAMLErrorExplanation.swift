/// What libyaml said when it stopped, with its marks counted in the text (1-based, without the
/// line offset of a front matter or an exercise block).
struct YAMLProblem {
    var problem: String
    var context: String?
    var problemMark: YAMLMark
    var contextMark: YAMLMark
}

/// The last value libyaml read before it stopped: where a value that ran on over several lines
/// began, and whether a quote ended it.
struct YAMLScalarSpan {
    var start: YAMLMark
    var end: YAMLMark
    var isQuoted: Bool
}

/// libyaml's complaint told again in an author's words: what is wrong, what to write instead
/// and, when it can be guessed, the corrected line ("write it as: …"). libyaml names the
/// grammar rule it was in ("mapping values are not allowed in this context"); the author needs
/// to hear about the line they wrote, so each rule below reads that line's shape. The rules go
/// from the most specific; anything else keeps libyaml's words behind "YAML could not be read
/// here". The marks returned are in the text; the parser adds the line offset.
struct YAMLErrorExplanation {
    let problem: YAMLProblem
    let lastScalar: YAMLScalarSpan?
    let lines: YAMLSourceLines

    var error: YAMLError {
        controlCharacter() ?? tabInIndentation() ?? unclosedQuote() ?? unknownEscape() ?? unclosedBracket()
            ?? quoteEndedTheValueEarly() ?? markdownBullet() ?? valueStartingWithAnIndicator() ?? colonInsideAValue()
            ?? valueThatRanOn() ?? lineWithoutKey() ?? listOnTheLineOfItsKey() ?? lineOutOfLine() ?? fallback()
    }

    /// The corrected line, as the messages end; its indentation is left out (the author sees it
    /// at the line and column given).
    static func writeItAs(_ line: String) -> String {
        "; write it as: " + line.trimmingLeadingSpaces
    }

    private var message: String { problem.problem }
    private var problemMark: YAMLMark { problem.problemMark }
    private var contextMark: YAMLMark { problem.contextMark }

    // MARK: Characters

    private func tabInIndentation() -> YAMLError? {
        guard let line = lines[problemMark.line], let tab = line.tabColumn,
              message.contains("tab") || problemMark.column <= line.contentColumn else { return nil }
        let mark = YAMLMark(line: problemMark.line, column: tab)
        if line.isBlank {
            return YAMLError("this empty line holds a tab, which YAML reads as indentation: delete it", at: mark)
        }
        let expected = expectedIndentation(of: problemMark.line)
        let fix = expected == 0 ? "remove the tab, so that the line starts at the left edge" : "indent with \(spaces(expected))"
        return YAMLError("this line is indented with a tab; YAML needs spaces: \(fix)", at: mark)
    }

    /// How many spaces the line most likely meant: under the line above when that one opens a
    /// block (`key:`), else lined up with its key or its list item.
    private func expectedIndentation(of number: Int) -> Int {
        guard let line = lines[number], let above = lines.contentLine(above: number)?.line else { return 0 }
        if above.opensBlock { return above.keyIndentation + 2 }
        if line.isListItem, let dash = above.dashColumn { return dash - 1 }
        return above.key != nil ? above.keyIndentation : above.indentation
    }

    /// Invisible characters pasted in with text from another program.
    private func controlCharacter() -> YAMLError? {
        guard message.contains("control characters") else { return nil }
        let code = lines[problemMark.line]?.character(at: problemMark.column).map { " (U+\(hex($0.value)))" } ?? ""
        return YAMLError("this line holds a control character\(code), invisible in most editors and often pasted in with other text: delete it",
                         at: problemMark)
    }

    // MARK: Quotes and brackets

    private func unclosedQuote() -> YAMLError? {
        guard problem.context?.contains("quoted scalar") == true,
              message.contains("end of stream") || message.contains("document indicator"),
              let line = lines[contextMark.line], let quote = line.character(at: contextMark.column) else { return nil }
        var explanation = "this quote is never closed: add a closing \(quote) at the end of the value"
        let rest = line.text(from: contextMark.column + 1)
        if !rest.isEmpty && !rest.unicodeScalars.contains(quote) {
            explanation += Self.writeItAs(line.text + String(quote))
        }
        return YAMLError(explanation, at: contextMark)
    }

    /// `"C:\Users"`: in double quotes a backslash starts an escape such as `\n`.
    private func unknownEscape() -> YAMLError? {
        guard problem.context?.contains("quoted scalar") == true,
              message.contains("escape") || message.contains("hexdecimal"),
              let line = lines[problemMark.line] else { return nil }
        var backslash = problemMark.column
        while backslash > 1 && line.character(at: backslash) != "\\" { backslash -= 1 }
        var explanation = "a backslash in a \"…\" value starts an escape (like \\n for a new line): write a backslash as \\\\, or put the value in single quotes"
        if contextMark.line == problemMark.line, let inner = quotedText(in: line, openingAt: contextMark.column), !inner.contains("'") {
            explanation += Self.writeItAs(line.text(before: contextMark.column) + "'\(inner)'" + line.text(from: contextMark.column + inner.unicodeScalars.count + 2))
        }
        return YAMLError(explanation, at: YAMLMark(line: problemMark.line, column: backslash))
    }

    /// The text between a `"` and the next `"` not escaped, if the line closes it.
    private func quotedText(in line: YAMLLine, openingAt column: Int) -> String? {
        var index = column
        var inner = String.UnicodeScalarView()
        while let scalar = line.character(at: index + 1) {
            if scalar == "\"" && line.character(at: index) != "\\" { return String(inner) }
            inner.append(scalar)
            index += 1
        }
        return nil
    }

    private func unclosedBracket() -> YAMLError? {
        guard message.hasPrefix("did not find expected ','"), problem.context?.contains("flow") == true,
              let line = lines[contextMark.line], let opener = line.character(at: contextMark.column),
              opener == "[" || opener == "{" else { return nil }
        let (closers, end) = missingClosers(in: line, from: contextMark.column)
        guard let first = closers.first else { return nil }
        var explanation = "this '\(opener)' is never closed: end the \(opener == "[" ? "list" : "mapping") with '\(first)'"
        // A line ending in ',' goes on below: where the author meant to close it is not known.
        if let last = line.character(at: end - 1), !",[{".unicodeScalars.contains(last) {
            explanation += Self.writeItAs(line.text(before: end) + closers + line.text(from: end))
        }
        return YAMLError(explanation, at: contextMark)
    }

    /// The brackets still to close at the end of a line's flow collection (innermost first),
    /// and the column after its last item, before any comment.
    private func missingClosers(in line: YAMLLine, from column: Int) -> (String, end: Int) {
        var open: [Unicode.Scalar] = []
        var quote: Unicode.Scalar?
        var end = column
        var index = column
        while let scalar = line.character(at: index) {
            if let current = quote {
                if scalar == current { quote = nil }
            } else if scalar == "#" && line.character(at: index - 1).map(YAMLLine.isSpace) == true {
                break
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == "[" || scalar == "{" {
                open.append(scalar == "[" ? "]" : "}")
            } else if (scalar == "]" || scalar == "}") && !open.isEmpty {
                open.removeLast()
            }
            if !YAMLLine.isSpace(scalar) { end = index + 1 }
            index += 1
        }
        return (String(String.UnicodeScalarView(open.reversed())), end)
    }

    /// `title: 'It's here'`: the apostrophe closed the quotes, and the rest cannot be read.
    private func quoteEndedTheValueEarly() -> YAMLError? {
        guard message.hasPrefix("did not find expected"), let scalar = lastScalar, scalar.isQuoted,
              scalar.start.line == problemMark.line, scalar.end.line == problemMark.line,
              let line = lines[problemMark.line], problemMark.column > line.contentColumn,
              let quote = line.character(at: scalar.start.column) else { return nil }
        var value = line.text(from: scalar.start.column)
        if value.unicodeScalars.count >= 2, value.unicodeScalars.last == quote {
            value = String(value.unicodeScalars.dropFirst().dropLast())
        }
        let escaping = value.unicodeScalars.contains("\"") ? " (a \" inside it is written \\\")" : ""
        return YAMLError("this quote ends the value, and the text after it cannot be read: put the whole value in double quotes\(escaping)"
                         + Self.writeItAs(line.text(before: scalar.start.column) + value.yamlDoubleQuoted),
                         at: YAMLMark(line: problemMark.line, column: scalar.end.column - 1))
    }

    /// `* one` in a list, as Markdown allows: YAML reads '*' as a reference to another value.
    private func markdownBullet() -> YAMLError? {
        guard problem.context?.contains("alias") == true, let line = lines[contextMark.line],
              contextMark.column == line.contentColumn || contextMark.column == line.valueColumn,
              line.character(at: contextMark.column) == "*", line.character(at: contextMark.column + 1) == " " else { return nil }
        return YAMLError("list items start with '- ' in YAML, not '* '"
                         + Self.writeItAs(line.text(before: contextMark.column) + "- " + line.text(from: contextMark.column + 2)),
                         at: contextMark)
    }

    /// `question: *Which* one?`, `title: @home`, `- [Read](guide.md) first`: a value may not
    /// start with a character YAML gives a meaning to.
    private func valueStartingWithAnIndicator() -> YAMLError? {
        guard let (number, column) = indicatorStartingAValue(), let line = lines[number],
              let valueColumn = line.valueColumn, column == valueColumn,
              let indicator = line.character(at: column), let reason = Self.indicatorMeanings[indicator] else { return nil }
        return YAMLError("a value cannot start with '\(indicator)' (YAML reads it as \(reason)): put the value in double quotes"
                         + Self.writeItAs(line.text(before: column) + line.text(from: column).yamlDoubleQuoted),
                         at: YAMLMark(line: number, column: column))
    }

    private static let indicatorMeanings: [Unicode.Scalar: String] = [
        "*": "a reference to another value", "&": "a name for the value", "[": "a list", "{": "a mapping",
        "|": "a text on the lines below", ">": "a text on the lines below", "@": "a character it reserves",
        "`": "a character it reserves", "%": "a directive", "!": "a type tag",
    ]

    private func indicatorStartingAValue() -> (line: Int, column: Int)? {
        let context = problem.context ?? ""
        if message.hasPrefix("found character that cannot start any token") { return (problemMark.line, problemMark.column) }
        if context.contains("alias") || context.contains("anchor") || context.contains("block scalar") {
            return (contextMark.line, contextMark.column)
        }
        // A flow collection that ended, then more text: `- [Read](guide.md) first`.
        if message.hasPrefix("did not find expected"), let line = lines[problemMark.line], let valueColumn = line.valueColumn,
           problemMark.column > valueColumn, line.character(at: valueColumn) == "[" || line.character(at: valueColumn) == "{" {
            return (problemMark.line, valueColumn)
        }
        return nil
    }

    // MARK: Colons

    /// `title: Passwords: the basics`.
    private func colonInsideAValue() -> YAMLError? {
        guard message.hasPrefix("mapping values are not allowed"), let line = lines[problemMark.line],
              let valueColumn = line.valueColumn, valueColumn < problemMark.column,
              (lastScalar?.start.line ?? problemMark.line) == problemMark.line else { return nil }
        return YAMLError("a colon followed by a space inside a value starts a new key: put the value in double quotes"
                         + Self.writeItAs(line.text(before: valueColumn) + line.text(from: valueColumn).yamlDoubleQuoted),
                         at: problemMark)
    }

    /// A key-looking line read as more of the value above: that value ran on because its line
    /// lacks the space after ':' (`title:Passwords`), or because this line is indented more
    /// than the key it should line up with.
    private func valueThatRanOn() -> YAMLError? {
        guard message.hasPrefix("mapping values are not allowed"), let scalar = lastScalar, !scalar.isQuoted,
              scalar.start.line < problemMark.line, let start = lines[scalar.start.line],
              let line = lines[problemMark.line] else { return nil }
        if let missing = MissingSpaceAfterColon(start.text(from: scalar.start.column)) {
            return YAMLError(missing.message(after: start.text(before: scalar.start.column)),
                             at: YAMLMark(line: scalar.start.line, column: scalar.start.column + missing.colonOffset))
        }
        let mark = YAMLMark(line: problemMark.line, column: line.contentColumn)
        guard let key = start.key else {
            return YAMLError("this line is indented more than the line above it, so it is read as more of that value, which cannot hold ': ': line it up with the keys above, or put the value in double quotes",
                             at: mark)
        }
        // Two spaces in or more: a key meant to go under the one above, which has a value already.
        if line.indentation >= start.keyIndentation + 2, let valueColumn = start.valueColumn {
            return YAMLError("this key is indented under '\(key)', which already has its value ('\(start.text(from: valueColumn))'): leave that value out to put keys under '\(key)', or line this key up with it (\(spaces(start.keyIndentation)))",
                             at: mark)
        }
        return misaligned(line, above: "the key above it ('\(key)')", indentation: start.keyIndentation, at: mark)
    }

    /// `duration:5` in a mapping: libyaml looked for the key's ':' and reached the next line.
    private func lineWithoutKey() -> YAMLError? {
        guard message.hasPrefix("could not find expected ':'"), let line = lines[contextMark.line] else { return nil }
        let text = line.text(from: contextMark.column)
        if let missing = MissingSpaceAfterColon(text) {
            return YAMLError(missing.message(after: line.text(before: contextMark.column)),
                             at: YAMLMark(line: contextMark.line, column: contextMark.column + missing.colonOffset))
        }
        if text.unicodeScalars.first == "-", lines.contentLine(above: contextMark.line)?.line.isListItem == true {
            return YAMLError("put a space after '-' to make this line a list item"
                             + Self.writeItAs(line.text(before: contextMark.column) + "- " + String(text.unicodeScalars.dropFirst())),
                             at: contextMark)
        }
        if let missingDash = itemWithoutDash(line, number: contextMark.line) { return missingDash }
        return YAMLError("this line is not 'key: value', nor indented under the value above it: add its key and ': ', or indent it to go on with the value above",
                         at: contextMark)
    }

    // MARK: Indentation

    /// `objectives: - one`.
    private func listOnTheLineOfItsKey() -> YAMLError? {
        guard message.hasPrefix("block sequence entries are not allowed"), let line = lines[problemMark.line],
              let key = line.key, line.valueColumn == problemMark.column else { return nil }
        return YAMLError("a list cannot start on the line of its key: end the line after '\(key):' and put '\(line.text(from: problemMark.column))' on the next line, indented \(spaces(line.keyIndentation + 2))",
                         at: problemMark)
    }

    /// A key or a list item that lines up with nothing above it.
    private func lineOutOfLine() -> YAMLError? {
        guard message == "did not find expected key" || message == "did not find expected '-' indicator",
              let line = lines[problemMark.line], problemMark.column == line.contentColumn,
              let found = lines.contentLine(above: problemMark.line) else { return nil }
        let above = found.line
        if let dash = line.dashColumn {
            return listItemOutOfLine(dash: dash, above: above)
        }
        if let key = above.key, line.indentation != above.keyIndentation {
            return misaligned(line, above: "the key above it ('\(key)')", indentation: above.keyIndentation, at: problemMark)
        }
        if let missingDash = itemWithoutDash(line, number: problemMark.line) { return missingDash }
        guard line.indentation != above.indentation else { return nil }
        return misaligned(line, above: "the line above it", indentation: above.indentation, at: problemMark)
    }

    /// A line lined up with the dashes of the list above it (whose items hold no key), without one.
    private func itemWithoutDash(_ line: YAMLLine, number: Int) -> YAMLError? {
        guard let above = lines.contentLine(above: number), let dash = above.line.dashColumn, above.line.key == nil,
              line.indentation == dash - 1 else { return nil }
        let owner = ownerKey(ofListAt: above.number, dash: dash)
        let alternative = owner.map { ", or line it up with '\($0.key)' (\(spaces($0.indentation))) to start a new key" } ?? ""
        return YAMLError("this line is lined up with the list items above it but does not start with '- ': start it with '- ' to add an item\(alternative)",
                         at: YAMLMark(line: number, column: line.contentColumn))
    }

    private func listItemOutOfLine(dash: Int, above: YAMLLine) -> YAMLError? {
        // `objectives: Read` then `- one`: the item stands at or left of a key that has a value.
        if !above.isListItem, above.key != nil, !above.opensBlock, above.keyIndentation <= dash - 1 {
            return YAMLError("this list item comes after '\(above.text.trimmingLeadingSpaces)', which already has its value: a list goes under a key that ends with ':'",
                             at: problemMark)
        }
        guard let item = nearestListItem(above: problemMark.line), let itemDash = item.dashColumn, itemDash != dash else { return nil }
        return YAMLError("this list item is indented \(spaces(dash - 1)) but the one above it is indented \(spaces(itemDash - 1)): line up the items of one list",
                         at: problemMark)
    }

    private func nearestListItem(above number: Int) -> YAMLLine? {
        var number = number
        while let above = lines.contentLine(above: number) {
            if above.line.isListItem { return above.line }
            number = above.number
        }
        return nil
    }

    private func misaligned(_ line: YAMLLine, above: String, indentation: Int, at mark: YAMLMark) -> YAMLError {
        YAMLError("this line is indented \(spaces(line.indentation)) but \(above) is indented \(spaces(indentation)): line up keys of the same level",
                  at: mark)
    }

    /// The key a list hangs under: the nearest line above it whose key stands left of its dashes.
    private func ownerKey(ofListAt number: Int, dash: Int) -> (key: String, indentation: Int)? {
        var number = number
        while let above = lines.contentLine(above: number) {
            if let key = above.line.key, above.line.keyIndentation < dash - 1 { return (key, above.line.keyIndentation) }
            number = above.number
        }
        return nil
    }

    // MARK: Anything else

    private func fallback() -> YAMLError {
        let words = problem.context.map { "\(message) (\($0))" } ?? message
        return YAMLError("YAML could not be read here: \(words)", at: problemMark)
    }

    private func spaces(_ count: Int) -> String {
        count == 1 ? "1 space" : "\(count) spaces"
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
