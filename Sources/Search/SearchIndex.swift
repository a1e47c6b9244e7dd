import Foundation
import Zlib

/// The search index of one course in one locale, as the script the browser loads when a
/// learner opens search (`coursekit-search.js` reads it).
///
/// A script, not JSON: pages opened from file:// cannot `fetch`, and a script file needs no
/// change to the pages' Content-Security-Policy (`script-src 'self'`). It calls
/// `coursekit.searchIndex({…})` with:
/// - `words`: every distinct word and separator of the text, as written (case, accents and
///   diacritics kept), most frequent first. The browser normalises each one once, so there is
///   one normaliser (coursekit.js's, shared with the exercise answer checker), and results
///   show the learner's words as the author wrote them;
/// - `textBytes`: the size of the text it holds, as UTF-8 (for `bench/search.py`);
/// - `modules`: module titles;
/// - `pages`: `[title, module, url, sections, lang?, dir?]` (`lang` and `dir` for a page
///   shown in another language than the index's), each section `[kind, anchor, heading, text]`
///   where `text` is the section's words as numbers into `words`, written with the digits of
///   `SearchIndex.digits` (one character for the 61 most frequent, two for the next 1,891…).
///   Two words in a row are separated by one space; any other separator is a token of its own.
///
/// That is the whole text, so snippets are cut from it and matched words are highlighted
/// where they are, and it costs about half the text's bytes (measured in docs/performance.md).
public struct SearchIndex: Sendable {
    public let script: Data
    /// Bytes of text the index covers (titles, headings, section text, as UTF-8).
    public let textBytes: Int

    /// The index's size against the text it covers: the budget says at most 0.6 of it, and
    /// at most 0.25 once gzipped (as a server sends it, and as a ZIM file stores it).
    public struct Budget: Sendable {
        public var bytes: Int
        public var gzipBytes: Int
        public var textBytes: Int
        public static let maximumRatio = 0.6
        public static let maximumGzipRatio = 0.25
        /// Below this much text, a dictionary of words cannot pay for itself: a course of two
        /// short lessons is not held to the ratios.
        public static let minimumText = 16_384

        public var exceeded: Bool {
            textBytes >= Self.minimumText
                && (Double(bytes) > Self.maximumRatio * Double(textBytes) || Double(gzipBytes) > Self.maximumGzipRatio * Double(textBytes))
        }
    }

    public init(documents: [SearchDocument], modules: [String], locale: String, direction: String) {
        var tokenized: [[(kind: Int, anchor: String, heading: String, tokens: [Substring])]] = []
        var frequency: [Substring: Int] = [:]
        var textBytes = 0
        for document in documents {
            textBytes += document.title.utf8.count
            tokenized.append(document.sections.map { section in
                textBytes += section.heading.utf8.count + section.text.utf8.count
                let tokens = Self.tokens(of: section.text)
                for token in tokens { frequency[token, default: 0] += 1 }
                return (section.kind.rawValue, section.anchor, section.heading, tokens)
            })
        }
        let words = frequency.keys.sorted { frequency[$0]! != frequency[$1]! ? frequency[$0]! > frequency[$1]! : $0 < $1 }
        var ids: [Substring: Int] = [:]
        for (id, word) in words.enumerated() { ids[word] = id }

        var json = "coursekit.searchIndex({\"v\":1,\"lang\":" + Self.quoted(locale) + ",\"dir\":" + Self.quoted(direction)
        json += ",\"textBytes\":\(textBytes)"
        json += ",\"modules\":[" + modules.map(Self.quoted).joined(separator: ",") + "]"
        json += ",\n\"words\":[" + words.map { Self.quoted(String($0)) }.joined(separator: ",") + "]"
        json += ",\n\"pages\":["
        for (index, document) in documents.enumerated() {
            if index > 0 { json += ",\n" }
            json += "[" + Self.quoted(document.title) + ",\(document.module)," + Self.quoted(document.url) + ",["
            json += tokenized[index].map { section in
                var encoded = ""
                for token in section.tokens { Self.append(ids[token]!, to: &encoded) }
                return "[\(section.kind)," + Self.quoted(section.anchor) + "," + Self.quoted(section.heading) + ",\"" + encoded + "\"]"
            }.joined(separator: ",")
            json += "]"
            if let other = document.otherLanguage { json += "," + Self.quoted(other.code) + "," + Self.quoted(other.direction) }
            json += "]"
        }
        json += "]});\n"
        script = Data(json.utf8)
        self.textBytes = textBytes
    }

    public var budget: Budget {
        Budget(bytes: script.count, gzipBytes: Deflate.gzip(script).count, textBytes: textBytes)
    }

    // MARK: tokens

    /// The text as words and the separators between them, a single space between two words
    /// left out (the browser puts it back). A word is a run of letters, marks and digits, with
    /// an apostrophe or a zero-width (non-)joiner inside it (`l'analyse`, `می‌خواهم`).
    static func tokens(of text: String) -> [Substring] {
        var tokens: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, index = start
        var inWord: Bool? = nil
        func close(at end: String.UnicodeScalarView.Index) {
            guard start < end, let inWord else { return }
            let token = Substring(scalars[start..<end])
            if inWord || token != " " { tokens.append(token) }
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            var isWord = isWordScalar(scalar)
            if !isWord, inWord == true, isJoiner(scalar) {
                let next = scalars.index(after: index)
                isWord = next < scalars.endIndex && isWordScalar(scalars[next])
            }
            if isWord != inWord {
                close(at: index)
                start = index
                inWord = isWord
            }
            index = scalars.index(after: index)
        }
        close(at: scalars.endIndex)
        return tokens
    }

    /// Letters, marks and digits: what the browser's `[\p{L}\p{M}\p{N}]` matches.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    /// Kept inside a word when a letter follows: apostrophes (French elisions, English
    /// possessives) and the zero-width non-joiner and joiner (Persian, Kurdish).
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{200C}" || scalar == "\u{200D}"
    }

    // MARK: writing

    /// The 92 printable ASCII characters that need no escaping in a JavaScript string: the
    /// first 61 end a number, the other 31 begin one (`coursekit-search.js` reads them back).
    static let digits = Array("!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~".utf8)
    static let finalDigits = 61

    static func append(_ id: Int, to text: inout String) {
        let continuing = digits.count - finalDigits
        var prefix: [UInt8] = []
        var rest = id / finalDigits
        while rest > 0 {
            rest -= 1
            prefix.append(digits[finalDigits + rest % continuing])
            rest /= continuing
        }
        text.unicodeScalars.append(contentsOf: prefix.reversed().map { Unicode.Scalar($0) })
        text.unicodeScalars.append(Unicode.Scalar(digits[id % finalDigits]))
    }

    /// A JSON string: quotes, backslashes and control characters escaped, and U+2028/U+2029
    /// too (line ends inside a string in older JavaScript engines).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
