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
        /// Below this much text, a dictionary of words cannot pay for itself: in a course of a
        /// dozen real lessons most words appear once or twice, and its index is about 0.8× its
        /// text (the starter courses: 19–34 KB, 10–15 KB gzipped); the ratios hold for courses
        /// whose words repeat, and the warning is kept for where the bytes matter.
        public static let minimumText = 131_072

        public var exceeded: Bool {
            textBytes >= Self.minimumText
                && (Double(bytes) > Self.maximumRatio * Double(textBytes) || Double(gzipBytes) > Self.maximumGzipRatio * Double(textBytes))
        }
    }

    public init(documents: [SearchDocument], modules: [String], locale: String, direction: String) {
        // Each distinct token gets a number when first seen, then the numbers are given again
        // in order of frequency: one dictionary lookup per token.
        var tokenized: [[(kind: Int, anchor: String, heading: String, ids: [Int])]] = []
        var firstSeen: [Token: Int] = [:]
        var distinct: [Substring] = [], counts: [Int] = []
        var textBytes = 0
        for document in documents {
            textBytes += document.title.utf8.count
            tokenized.append(document.sections.map { section in
                textBytes += section.heading.utf8.count + section.text.utf8.count
                let ids = Self.tokens(of: section.text).map { token in
                    if let id = firstSeen[Token(token)] {
                        counts[id] += 1
                        return id
                    }
                    firstSeen[Token(token)] = distinct.count
                    distinct.append(token)
                    counts.append(1)
                    return distinct.count - 1
                }
                return (section.kind.rawValue, section.anchor, section.heading, ids)
            })
        }
        let order = distinct.indices.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : distinct[$0].utf8.lexicographicallyPrecedes(distinct[$1].utf8)
        }
        var rank = [Int](repeating: 0, count: distinct.count)
        for (position, id) in order.enumerated() { rank[id] = position }
        let words = order.map { distinct[$0] }

        var json = "coursekit.searchIndex({\"v\":1,\"lang\":" + Self.quoted(locale) + ",\"dir\":" + Self.quoted(direction)
        json += ",\"textBytes\":\(textBytes)"
        json += ",\"modules\":[" + modules.map(Self.quoted).joined(separator: ",") + "]"
        json += ",\n\"words\":[" + words.map { Self.quoted(String($0)) }.joined(separator: ",") + "]"
        json += ",\n\"pages\":["
        for (index, document) in documents.enumerated() {
            if index > 0 { json += ",\n" }
            json += "[" + Self.quoted(document.title) + ",\(document.module)," + Self.quoted(document.url) + ",["
            json += tokenized[index].map { section in
                var encoded: [UInt8] = []
                for id in section.ids { Self.append(rank[id], to: &encoded) }
                return "[\(section.kind)," + Self.quoted(section.anchor) + "," + Self.quoted(section.heading) + ",\""
                    + String(decoding: encoded, as: UTF8.self) + "\"]"
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
        let value = scalar.value
        if value < 0x80 { return (0x61...0x7A).contains(value | 0x20) || (0x30...0x39).contains(value) }
        // The letters of French and Arabic text, without asking Unicode's tables each time:
        // Latin-1 and Latin Extended letters (× and ÷ aside), and Arabic letters, marks and
        // digits (its punctuation — ، ؛ ؟ ٪ ٫ ٬ ۔ — lies outside these ranges).
        if (0x00C0...0x024F).contains(value) { return value != 0x00D7 && value != 0x00F7 }
        if (0x0621...0x0669).contains(value) || (0x066E...0x06D3).contains(value) { return true }
        return switch scalar.properties.generalCategory {
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

    static func append(_ id: Int, to text: inout [UInt8]) {
        let continuing = digits.count - finalDigits
        let start = text.count
        var rest = id / finalDigits
        while rest > 0 {
            rest -= 1
            text.append(digits[finalDigits + rest % continuing])
            rest /= continuing
        }
        text[start...].reverse()
        text.append(digits[id % finalDigits])
    }

    /// A word or separator as a dictionary key: compared and hashed by its bytes (String's own
    /// hashing normalises each non-ASCII string first, most of the index's time in Arabic; and
    /// two spellings are two words here anyway).
    struct Token: Hashable {
        let text: Substring

        init(_ text: Substring) { self.text = text }

        static func == (lhs: Token, rhs: Token) -> Bool {
            var left = lhs.text, right = rhs.text
            return left.withUTF8 { a in right.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) } }
        }

        func hash(into hasher: inout Hasher) {
            var text = self.text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
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
