import CourseModel
import YAML

/// Reads values out of YAML nodes for one file, collecting diagnostics instead of stopping,
/// so that one run reports every problem.
struct SchemaReader {
    let file: String
    let files: ContentFiles
    var diagnostics: [Diagnostic] = []
    /// The site's locales: a per-locale text in another locale is a warning (a typo, or a
    /// locale to add to site.yaml).
    var knownLocales: [LocaleID]?

    init(file: String, files: ContentFiles) {
        self.file = file
        self.files = files
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        files.location(file, line: node.mark.line, column: node.mark.column)
    }

    mutating func error(_ message: String, at node: YAMLNode?) {
        diagnostics.append(.error(message, at: node.map(location) ?? files.location(file)))
    }

    mutating func warning(_ message: String, at node: YAMLNode?) {
        diagnostics.append(.warning(message, at: node.map(location) ?? files.location(file)))
    }

    /// The top-level mapping of a file; an empty file or another shape is reported.
    mutating func mapping(_ root: YAMLNode?, what: String) -> YAMLNode? {
        guard let root else {
            error("\(what) is empty", at: nil)
            return nil
        }
        guard root.pairs != nil else {
            if case .scalar(let text, plain: true, let mark) = root, let missing = MissingSpaceAfterColon(text) {
                // `title:Passwords` alone is one text to YAML, not a mapping.
                diagnostics.append(.error(missing.message(), at: files.location(file, line: mark.line, column: mark.column + missing.colonOffset)))
            } else {
                error("\(what) must be a mapping of keys to values, found \(root.kindName)", at: root)
            }
            return nil
        }
        return root
    }

    /// Warns about each key not in `known`, naming the nearest known key when one is close.
    mutating func checkKeys(_ mapping: YAMLNode, known: [String], what: String) {
        for pair in mapping.pairs ?? [] {
            guard let key = pair.key.string else {
                error("keys in \(what) must be text", at: pair.key)
                continue
            }
            guard !known.contains(key) else { continue }
            if let nearest = Suggestion.nearest(to: key, among: known) {
                warning("unknown key '\(key)' in \(what); did you mean '\(nearest)'?", at: pair.key)
            } else {
                warning("unknown key '\(key)' in \(what); known keys: \(known.joined(separator: ", "))", at: pair.key)
            }
        }
    }

    mutating func string(_ node: YAMLNode?, key: String) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let text = node.string else {
            if let written = Self.textWithColon(node) {
                error("a colon followed by a space inside a value starts a new key, so this is read as a key and its value: put the value in double quotes; write it as: - \(written.yamlDoubleQuoted)",
                      at: node)
            } else {
                error("'\(key)' must be text, found \(node.kindName)", at: node)
            }
            return nil
        }
        return text
    }

    /// `- Step one: open the file`, where text was expected: YAML reads a list item holding
    /// ': ' as a mapping of one key. Its text back, when key and value are plain and on one line.
    private static func textWithColon(_ node: YAMLNode) -> String? {
        guard let pairs = node.pairs, pairs.count == 1,
              case .scalar(let key, plain: true, let keyMark) = pairs[0].key,
              case .scalar(let value, plain: true, let valueMark) = pairs[0].value,
              keyMark.line == valueMark.line, !value.isEmpty else { return nil }
        return "\(key): \(value)"
    }

    mutating func bool(_ node: YAMLNode?, key: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else {
            error("'\(key)' must be true or false", at: node)
            return nil
        }
        return value
    }

    mutating func strings(_ node: YAMLNode?, key: String) -> [String] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            error("'\(key)' must be a list, found \(node.kindName)", at: node)
            return []
        }
        return items.compactMap { string($0, key: key) }
    }

    mutating func locale(_ node: YAMLNode?, key: String) -> LocaleID? {
        guard let code = string(node, key: key) else { return nil }
        guard LocaleID.isWellFormed(code) else {
            error("'\(code)' is not a locale code (write it like en, fr, ar, ckb or pt-BR)", at: node)
            return nil
        }
        return LocaleID(code)
    }

    mutating func locales(_ node: YAMLNode?, key: String) -> [LocaleID] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            error("'\(key)' must be a list of locale codes, found \(node.kindName)", at: node)
            return []
        }
        var result: [LocaleID] = []
        for item in items {
            guard let locale = locale(item, key: key) else { continue }
            if result.contains(locale) {
                warning("locale '\(locale)' is listed twice", at: item)
            } else if let same = result.first(where: { $0.code.lowercased() == locale.code.lowercased() }) {
                // Their folders and files would collide on FAT USB sticks and on macOS.
                error("locales '\(same)' and '\(locale)' differ only in case; write each locale once, in lower case", at: item)
            } else {
                result.append(locale)
            }
        }
        return result
    }

    /// `{en: "…", fr: "…"}`, or plain text meaning the text in `plainLocale`.
    mutating func localizedText(_ node: YAMLNode?, key: String, plainLocale: LocaleID) -> LocalizedText {
        guard let node, !node.isNull else { return LocalizedText() }
        if let text = node.string { return LocalizedText([plainLocale: text]) }
        guard let pairs = node.pairs else {
            error("'\(key)' must be text or a mapping of locale to text (en: …, ar: …)", at: node)
            return LocalizedText()
        }
        var values: [LocaleID: String] = [:]
        for pair in pairs {
            guard let code = pair.key.string, LocaleID.isWellFormed(code) else {
                error("'\(pair.key.string ?? "?")' in '\(key)' is not a locale code (write it like en, fr, ar)", at: pair.key)
                continue
            }
            if let knownLocales, !knownLocales.contains(LocaleID(code)) {
                warning("'\(code)' in '\(key)' is not one of the site's locales (\(knownLocales.map(\.code).joined(separator: ", "))); its text is not shown", at: pair.key)
            }
            if let text = string(pair.value, key: "\(key).\(code)") { values[LocaleID(code)] = text }
        }
        return LocalizedText(values)
    }
}

/// "Did you mean …?" for misspelt keys: the known word within a small edit distance.
public enum Suggestion {
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, word.count / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// Levenshtein distance over characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
