import Foundation
import Zlib
import CourseModel

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
        /// Gzipped at level 9; for an index within its budget, possibly the larger size of a
        /// faster level (`SearchIndex.budget`).
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
        // in order of frequency: one table lookup per token, on the text's bytes (a Substring
        // and a Dictionary per token were most of the index's time, a fifth of a clean build).
        var words = WordTable()
        var sectionIDs: [[[Int32]]] = []
        var textBytes = 0
        for document in documents {
            textBytes += document.title.utf8.count
            sectionIDs.append(document.sections.map { section in
                textBytes += section.heading.utf8.count
                var ids: [Int32] = []
                ids.reserveCapacity(section.extracted.count / 4)   // a word and a space take five bytes or so
                section.extracted.withUnsafeBufferPointer { bytes in
                    textBytes += Self.eachToken(in: bytes) { token, readable in ids.append(Int32(words.id(of: token, readable: readable))) }
                }
                return ids
            })
        }
        let order = words.byFrequency()
        var rank = [Int](repeating: 0, count: order.count)
        for (position, id) in order.enumerated() { rank[id] = position }
        let numbers = WordNumbers(rank: rank)

        var script = JSONBytes()
        script.raw("coursekit.searchIndex({\"v\":1,\"lang\":")
        script.quoted(locale)
        script.raw(",\"dir\":")
        script.quoted(direction)
        script.raw(",\"textBytes\":\(textBytes),\"modules\":[")
        script.list(modules) { $0.quoted($1) }
        script.raw("],\n\"words\":[")
        script.list(order) { script, id in words.withBytes(of: id) { script.quoted($0) } }
        script.raw("],\n\"pages\":[")
        script.list(documents.indices, separator: ",\n") { script, index in
            script.page(documents[index], sectionIDs: sectionIDs[index], numbers: numbers)
        }
        script.raw("]});\n")
        self.script = Data(script.bytes)
        self.textBytes = textBytes
    }

    /// The budget counts the index gzipped by zlib at level 9. Every build measures every index
    /// it makes (at 75 indexes, level 9 alone was a twentieth of a clean build), so a fast
    /// deflate screens first: libdeflate's level 1, never more than a few tenths of a percent
    /// below zlib's level 9 on indexes (docs/performance.md). An index whose fast size is within
    /// the budget with `screeningMargin` to spare is within it by level 9's size too; level 9
    /// runs only for the others (its exact size is what the warning says).
    public var budget: Budget {
        // Below the budget's minimum text the index cannot be past it: its fast size is told,
        // and level 9 never runs (a starter course's index is 0.45 of its text gzipped).
        guard textBytes >= Budget.minimumText else {
            return Budget(bytes: script.count, gzipBytes: Deflate.fastGzipSize(script, atMost: .max) ?? 0, textBytes: textBytes)
        }
        let limit = Int(Budget.maximumGzipRatio * Double(textBytes) / Self.screeningMargin)
        if let fast = Deflate.fastGzipSize(script, atMost: limit) {
            let screened = Budget(bytes: script.count, gzipBytes: fast, textBytes: textBytes)
            if !screened.exceeded { return screened }
        }
        return Budget(bytes: script.count, gzipBytes: Deflate.gzipSize(script, level: 9), textBytes: textBytes)
    }

    /// How far below the budget the fast size must be. On the benchmark's 75 indexes libdeflate's
    /// level 1 is never below zlib's level 9 (0.1 % above it at the closest); even libdeflate's
    /// level 6, which searches far harder, is at most 2.7 % below it.
    static let screeningMargin = 1.05

    // MARK: tokens

    /// The text as words and the separators between them, a single space between two words
    /// left out (the browser puts it back). A word is a run of letters, marks and digits, with
    /// an apostrophe or a zero-width (non-)joiner inside it (`l'analyse`, `می‌خواهم`). White
    /// space is collapsed first: runs of it as one space, none at the ends.
    static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            _ = eachToken(in: bytes) { token, _ in tokens.append(String(decoding: token, as: UTF8.self)) }
        }
        return tokens
    }

    /// Calls `body` with each token of UTF-8 text (see `tokens(of:)`), in order, and how many
    /// bytes may be read from the token's start (the token and the text after it); returns the
    /// length of the text with its white space collapsed (what the tokens and the spaces left
    /// out add up to).
    ///
    /// Collapsing only changes separators, never where a word starts or ends (white space is
    /// never part of a word), so it is done here, separator by separator, rather than in a
    /// pass over the whole text before.
    @discardableResult
    static func eachToken(in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ token: UnsafeBufferPointer<UInt8>, _ readable: Int) -> Void) -> Int {
        var index = 0, length = 0
        var separator: [UInt8] = []
        // A word, then the separator after it, and so on: each loop runs to the end of its
        // token, ASCII bytes without a scalar decoded (every byte of every index passes here).
        while index < bytes.count {
            let start = index
            if isWordScalar(bytes.unicodeScalar(at: index).scalar) {
                index = wordEnd(in: bytes, from: index)
                length += index - start
                body(UnsafeBufferPointer(rebasing: bytes[start..<index]), bytes.count - start)
                continue
            }
            index = separatorEnd(in: bytes, from: index)
            // A separator begins the text only as the first token, and ends it only as the last.
            let first = start == 0, last = index == bytes.count
            if index - start == 1 && bytes[start] == 0x20 && !first && !last {
                length += 1   // the single space between two words, left out
                continue
            }
            TextExtractor.collapse(UnsafeBufferPointer(rebasing: bytes[start..<index]), first: first, last: last, into: &separator)
            length += separator.count
            if separator.isEmpty || (separator.count == 1 && separator[0] == 0x20) { continue }
            separator.withUnsafeBufferPointer { body($0, $0.count) }
        }
        return length
    }

    /// The end of the word starting at `start`: letters, marks and digits, and a joiner
    /// (`isJoiner`) where one of them follows it.
    private static func wordEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte.isASCIILetterOrDigit {
                index += 1
                continue
            }
            let (scalar, width) = bytes.unicodeScalar(at: index)
            if byte >= 0x80, isWordScalar(scalar) {
                index += width
                continue
            }
            let next = index + width
            guard isJoiner(scalar), next < bytes.count, isWordScalar(bytes.unicodeScalar(at: next).scalar) else { return index }
            index = next
        }
        return index
    }

    /// The end of the separator starting at `start`: up to the next word's first scalar.
    private static func separatorEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte.isASCIILetterOrDigit { return index }
                index += 1
                continue
            }
            let (scalar, width) = bytes.unicodeScalar(at: index)
            if isWordScalar(scalar) { return index }
            index += width
        }
        return index
    }

    /// Letters, marks and digits: what the browser's `[\p{L}\p{M}\p{N}]` matches.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return UInt8(value).isASCIILetterOrDigit }
        // The letters of French and Arabic text, without asking Unicode's tables each time:
        // Latin-1 and Latin Extended letters (× and ÷ aside), and Arabic letters, marks and
        // digits (its punctuation — ، ؛ ؟ ٪ ٫ ٬ ۔ — lies outside these ranges). Inlined where
        // every scalar of every index is read; the tables are asked out of line.
        if (0x00C0...0x024F).contains(value) { return value != 0x00D7 && value != 0x00F7 }
        if (0x0621...0x0669).contains(value) || (0x066E...0x06D3).contains(value) { return true }
        return hasWordCategory(scalar)
    }

    @inline(never)
    private static func hasWordCategory(_ scalar: Unicode.Scalar) -> Bool {
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

    static func append(_ id: Int, to text: inout [UInt8]) {
        let continuing = 92 - finalDigits
        let start = text.count
        var rest = id / finalDigits
        while rest > 0 {
            rest -= 1
            text.append(digit(finalDigits + rest % continuing))
            rest /= continuing
        }
        if text.count - start > 1 { text[start...].reverse() }
        text.append(digit(id % finalDigits))
    }

    /// Each word's number as `append` writes it, made once per word: a section's text is then
    /// copied from them, a few bytes a word (written digit by digit for every word of every
    /// section, they were a twentieth of the index's time).
    struct WordNumbers {
        private var bytes: [UInt8] = []
        private var starts: [Int] = [0]

        /// `rank[id]`: the number word `id` is written as.
        init(rank: [Int]) {
            starts.reserveCapacity(rank.count + 1)
            for number in rank {
                SearchIndex.append(number, to: &bytes)
                starts.append(bytes.count)
            }
        }

        /// The numbers of `ids`, one after another.
        func write(_ ids: [Int32], to output: inout [UInt8]) {
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    var total = 0
                    for id in ids { total += starts[Int(id) + 1] - starts[Int(id)] }
                    var at = output.count
                    output.append(contentsOf: repeatElement(0, count: total))
                    output.withUnsafeMutableBufferPointer { output in
                        for id in ids {
                            for index in starts[Int(id)]..<starts[Int(id) + 1] {
                                output[at] = bytes[index]
                                at += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// `digits[value]`, by arithmetic: they are `!` to `~` without `"` and `\\`. (Every word of
    /// every section is written with them, and reading the array was a retain and a release.)
    @inline(__always)
    static func digit(_ value: Int) -> UInt8 {
        var code = 0x21 + value
        if code >= 0x22 { code += 1 }
        if code >= 0x5C { code += 1 }
        return UInt8(code)
    }

    /// The distinct tokens of an index, numbered as first seen, with how often each comes:
    /// an open-addressing table over the tokens' bytes (compared as bytes: String's own
    /// hashing normalises each non-ASCII string first, and two spellings are two words here
    /// anyway). Its arrays are its own memory, not Swift arrays: a lookup per token of every
    /// index, each with a uniqueness check for every array it wrote, was a twentieth of a build.
    /// Not copyable: it frees that memory when it goes.
    struct WordTable: ~Copyable {
        /// The tokens' bytes, one after another; token `id` is `bytes[starts[id]..<starts[id + 1]]`.
        private var bytes = Storage<UInt8>(capacity: 1 << 14)
        private var starts = Storage<Int32>(capacity: 1 << 10)
        private var counts = Storage<Int32>(capacity: 1 << 10)
        /// Each token's bytes when it has up to 8 (zero-padded), its hash when longer.
        private var keys = Storage<UInt64>(capacity: 1 << 10)
        /// Token number + 1 in each slot, 0 for an empty one; a power of two long.
        private var slots: UnsafeMutableBufferPointer<Int32>

        init() {
            slots = .allocate(capacity: 1024)
            slots.initialize(repeating: 0)
            starts.append(0)
        }

        deinit {
            slots.deallocate()
            bytes.deallocate()
            starts.deallocate()
            counts.deallocate()
            keys.deallocate()
        }

        var count: Int { counts.count }

        /// The token's number; `readable` bytes may be read from its start (at least its own).
        mutating func id(of token: UnsafeBufferPointer<UInt8>, readable: Int) -> Int {
            let key = Self.key(token, readable: readable)
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: Self.spread(key)) & mask
            while slots[slot] != 0 {
                let id = Int(slots[slot]) - 1
                // A token of up to 8 bytes is its key (no token holds a NUL byte: cmark
                // writes U+FFFD for one), so equal keys and lengths are equal tokens.
                if keys[id] == key && (token.count <= 8 ? length(of: id) == token.count : equals(id, token)) {
                    counts[id] += 1
                    return id
                }
                slot = (slot + 1) & mask
            }
            let id = counts.count
            slots[slot] = Int32(id + 1)
            bytes.append(contentsOf: token)
            starts.append(Int32(bytes.count))
            counts.append(1)
            keys.append(key)
            if counts.count * 2 > slots.count { grow() }
            return id
        }

        private func length(of id: Int) -> Int { Int(starts[id + 1] - starts[id]) }

        func withBytes<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            body(bytes.slice(Int(starts[id])..<Int(starts[id + 1])))
        }

        /// Token numbers, most frequent first; ties in the order of their bytes.
        func byFrequency() -> [Int] {
            (0..<counts.count).sorted { a, b in
                if counts[a] != counts[b] { return counts[a] > counts[b] }
                return bytes.slice(Int(starts[a])..<Int(starts[a + 1])).lexicographicallyPrecedes(bytes.slice(Int(starts[b])..<Int(starts[b + 1])))
            }
        }

        private func equals(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
            let start = Int(starts[id])
            guard Int(starts[id + 1]) - start == token.count else { return false }
            return token.isEmpty || memcmp(bytes.base + start, token.baseAddress!, token.count) == 0
        }

        private mutating func grow() {
            let old = slots
            slots = .allocate(capacity: old.count * 2)
            slots.initialize(repeating: 0)
            old.deallocate()
            let mask = slots.count - 1
            for id in 0..<counts.count {
                var slot = Int(truncatingIfNeeded: Self.spread(keys[id])) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(id + 1)
            }
        }

        /// A token's bytes as a number when it has up to 8, read 8 at a time and mixed when it
        /// is longer (hashing byte by byte was a fifth of the table's time). A short token with
        /// 8 bytes readable from its start is read in one load, its own bytes kept.
        @inline(__always)
        private static func key(_ token: UnsafeBufferPointer<UInt8>, readable: Int) -> UInt64 {
            guard let base = token.baseAddress else { return 0 }
            if token.count <= 8 && readable >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
                return token.count == 8 ? word : word & ((1 << UInt64(8 * token.count)) - 1)
            }
            var hash: UInt64 = 0
            var index = 0
            if token.count > 8 {
                hash = UInt64(token.count) &* 0x9E37_79B9_7F4A_7C15
                while index + 8 <= token.count {
                    hash = (hash ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                    hash ^= hash >> 31
                    index += 8
                }
            }
            // The last bytes, little-endian, one by one (a copy of under 8 bytes was a call to
            // memmove for every token).
            var tail: UInt64 = 0, shift: UInt64 = 0
            while index < token.count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            return token.count > 8 ? (hash ^ tail) &* 0x94D0_49BB_1331_11EB : tail
        }

        /// A key mixed so that its low bits, which pick the slot, depend on all of it.
        @inline(__always)
        private static func spread(_ key: UInt64) -> UInt64 {
            let mixed = key &* 0x9E37_79B9_7F4A_7C15
            return mixed ^ (mixed >> 29)
        }

        /// A growing array in memory of its own (freed with the table).
        struct Storage<Element> {
            private(set) var base: UnsafeMutablePointer<Element>
            private(set) var count = 0
            private var capacity: Int

            init(capacity: Int) {
                self.capacity = capacity
                base = .allocate(capacity: capacity)
            }

            subscript(index: Int) -> Element {
                get { base[index] }
                nonmutating set { base[index] = newValue }
            }

            func slice(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
                UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
            }

            mutating func append(_ element: Element) {
                reserve(count + 1)
                (base + count).initialize(to: element)
                count += 1
            }

            mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
                reserve(count + elements.count)
                if let source = elements.baseAddress { (base + count).initialize(from: source, count: elements.count) }
                count += elements.count
            }

            private mutating func reserve(_ needed: Int) {
                guard needed > capacity else { return }
                capacity = max(needed, capacity * 2)
                let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
                grown.moveInitialize(from: base, count: count)
                base.deallocate()
                base = grown
            }

            /// Only for trivial elements (numbers, bytes): nothing to deinitialise.
            func deallocate() { base.deallocate() }
        }
    }

    /// The script's bytes as they are written.
    struct JSONBytes {
        var bytes: [UInt8] = []

        mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

        /// Each item written by `write`, with `separator` between them.
        mutating func list<Items: Sequence>(_ items: Items, separator: String = ",", _ write: (inout JSONBytes, Items.Element) -> Void) {
            for (position, item) in items.enumerated() {
                if position > 0 { raw(separator) }
                write(&self, item)
            }
        }

        /// `[title, module, url, [[kind, anchor, heading, "text as word numbers"]…], lang?, dir?]`.
        mutating func page(_ document: SearchDocument, sectionIDs: [[Int32]], numbers: WordNumbers) {
            raw("[")
            quoted(document.title)
            raw(",\(document.module),")
            quoted(document.url)
            raw(",[")
            list(zip(document.sections, sectionIDs)) { script, pair in
                let (section, ids) = pair
                script.raw("[")
                script.bytes.append(UInt8(ascii: "0") + UInt8(section.kind.rawValue))
                script.raw(",")
                script.quoted(section.anchor)
                script.raw(",")
                script.quoted(section.heading)
                script.raw(",\"")
                numbers.write(ids, to: &script.bytes)
                script.raw("\"]")
            }
            raw("]")
            if let other = document.otherLanguage {
                raw(",")
                quoted(other.code)
                raw(",")
                quoted(other.direction)
            }
            raw("]")
        }

        mutating func quoted(_ text: String) {
            var text = text
            text.withUTF8 { quoted($0) }
        }

        /// A JSON string: quotes, backslashes and control characters escaped, and U+2028/U+2029
        /// too (line ends inside a string in older JavaScript engines).
        mutating func quoted(_ text: UnsafeBufferPointer<UInt8>) {
            bytes.append(UInt8(ascii: "\""))
            var index = 0
            while index < text.count {
                let byte = text[index]
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case 0..<0x20: raw(String(format: "\\u%04x", byte))
                case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && (text[index + 2] == 0xA8 || text[index + 2] == 0xA9):
                    raw(text[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

}
