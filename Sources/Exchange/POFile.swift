/// Gettext PO files, one per lesson and locale, for Poedit, Weblate, Crowdin and OmegaT: one
/// entry per unit with its context key (`msgctxt`), source reference (`#:`), translator comment
/// (`#.`), and `#, fuzzy` with the previous source (`#| msgid`) where the source changed. No
/// plurals. The header carries what an import needs: the source file, the stamp of the source
/// exported and the hash of the translation file then.
public enum POFile {
    public static func write(_ catalog: LessonCatalog) -> String {
        var text = "# \(catalog.sourcePath) in \(catalog.locale.code), from coursekit.\n"
        text += "# Translate each msgstr; keep `code`, links, [[blanks]] and **markup** as they are.\n"
        text += "msgid \"\"\nmsgstr \"\"\n"
        let header = [
            "Project-Id-Version: \(catalog.sourcePath)",
            "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator: ",
            "Language-Team: ",
            "Language: \(catalog.locale.code)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Coursekit-Source: \(catalog.sourcePath)",
            "X-Coursekit-Source-Locale: \(catalog.sourceLocale.code)",
            "X-Coursekit-Source-Stamp: \(catalog.sourceStamp)",
            "X-Coursekit-Translation-Hash: \(catalog.translationHash.isEmpty ? "none" : catalog.translationHash)",
        ]
        for field in header { text += quoted(field + "\n") + "\n" }
        for unit in catalog.units {
            text += "\n#. \(unit.note)\n#: \(unit.reference.replacingOccurrences(of: " ", with: "\u{2008}"))\n"
            if unit.isFuzzy && !unit.target.isEmpty {
                text += "#, fuzzy\n"
                if let previous = unit.previousSource { text += "#| msgid " + multiline(previous, prefix: "#| ") + "\n" }
            }
            text += "msgctxt " + multiline(unit.key, prefix: "") + "\n"
            text += "msgid " + multiline(unit.source, prefix: "") + "\n"
            text += "msgstr " + multiline(unit.target, prefix: "") + "\n"
        }
        return text
    }

    /// A string as PO writes it: on one line, or, when it holds line ends, `""` and one quoted
    /// line per line of the text (as msgmerge does), each line after the first prefixed.
    static func multiline(_ text: String, prefix: String) -> String {
        guard text.contains("\n"), text.count > 1 else { return quoted(text) }
        var lines: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" { lines.append(current); current = "" }
        }
        if !current.isEmpty { lines.append(current) }
        return "\"\"\n" + lines.map { prefix + quoted($0) }.joined(separator: "\n")
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    // MARK: Reading

    public struct Entry: Equatable, Sendable {
        public var context = ""
        public var source = ""
        public var target = ""
        public var isFuzzy = false
        /// Line of its `msgstr`, for errors about the translation.
        public var line = 0
    }

    public struct ReadError: Error, Equatable {
        public var message: String
        public var line: Int
    }

    /// The header's fields and the entries (the header entry left out).
    public static func read(_ text: String) throws(ReadError) -> (header: [String: String], entries: [Entry]) {
        var entries: [Entry] = []
        var entry = Entry()
        var field: String?
        var started = false
        func finish() {
            if started { entries.append(entry) }
            entry = Entry()
            field = nil
            started = false
        }
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpacesAndTabs
            let number = offset + 1
            if line.isEmpty { finish(); continue }
            if line.hasPrefix("#") {
                if field != nil && started && !entry.target.isEmpty || field == "msgstr" { finish() }
                if line.hasPrefix("#,") && line.contains("fuzzy") { entry.isFuzzy = true }
                continue
            }
            for keyword in ["msgctxt", "msgid_plural", "msgid", "msgstr"] where line.hasPrefix(keyword + " ") || line.hasPrefix(keyword + "[") {
                if keyword == "msgid_plural" || line.hasPrefix("msgstr[") {
                    throw ReadError(message: "plural forms are not used in coursekit files", line: number)
                }
                if (keyword == "msgctxt" || keyword == "msgid") && field == "msgstr" { finish() }
                started = true
                field = keyword
                if keyword == "msgstr" { entry.line = number }
                let value = try unquoted(line.dropFirst(keyword.count).trimmingSpacesAndTabs, line: number)
                append(value, to: keyword, of: &entry)
                break
            }
            if line.hasPrefix("\"") {
                guard let field else { throw ReadError(message: "a quoted string outside an entry", line: number) }
                append(try unquoted(line, line: number), to: field, of: &entry)
            } else if !["msgctxt", "msgid", "msgstr"].contains(where: { line.hasPrefix($0) }) {
                throw ReadError(message: "'\(line.prefix(40))' is not PO: an entry is msgctxt, msgid and msgstr lines", line: number)
            }
        }
        finish()
        var header: [String: String] = [:]
        if let first = entries.first, first.source.isEmpty, first.context.isEmpty {
            for field in first.target.split(separator: "\n") {
                guard let colon = field.firstIndex(of: ":") else { continue }
                header[String(field[..<colon])] = field[field.index(after: colon)...].trimmingSpacesAndTabs
            }
            entries.removeFirst()
        }
        return (header, entries)
    }

    private static func append(_ value: String, to field: String, of entry: inout Entry) {
        switch field {
        case "msgctxt": entry.context += value
        case "msgid": entry.source += value
        default: entry.target += value
        }
    }

    static func unquoted(_ text: String, line: Int) throws(ReadError) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw ReadError(message: "a PO string must be in double quotes", line: line)
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "\\", "\"": result.append(character)
                default: throw ReadError(message: "unknown escape '\\\(character)' in a PO string", line: line)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw ReadError(message: "a quote inside a PO string must be written \\\"", line: line)
            } else {
                result.append(character)
            }
        }
        if escaped { throw ReadError(message: "a PO string ends with a lone backslash", line: line) }
        return result
    }
}

extension StringProtocol {
    var trimmingSpacesAndTabs: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
