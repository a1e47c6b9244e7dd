import Crypto
import CourseModel
import Foundation
import Markdown

/// The fingerprint of a source lesson that a translation records as `source_hash:`.
///
/// `ck1.<whole>.<blocks>`: `whole` is 12 hex digits of a SHA-256 over the lesson's meaningful
/// content (title, objectives, and each block with its whitespace normalised), so an edit that
/// only re-wraps lines, changes line endings or trailing spaces does not stale a translation.
/// `blocks` has two characters per block (12 bits of its hash), in order, the front matter
/// first: enough for `coverage` to name the blocks that changed, were added or were removed,
/// while the whole stamp stays one short line.
public struct SourceStamp: Sendable, Equatable, CustomStringConvertible {
    public var whole: String
    public var blocks: [String]

    static let prefix = "ck1"

    public var description: String { "\(Self.prefix).\(whole).\(blocks.joined())" }

    /// Reads a stamp; nil when the text is not one (a hash of garbage is reported, not trusted).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix, parts[1].count == 12,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }), parts[2].count % 2 == 0,
              parts[2].allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        whole = String(parts[1])
        blocks = stride(from: 0, to: parts[2].count, by: 2).map { offset in
            let start = parts[2].index(parts[2].startIndex, offsetBy: offset)
            return String(parts[2][start..<parts[2].index(start, offsetBy: 2)])
        }
    }

    public init(whole: String, blocks: [String]) {
        self.whole = whole
        self.blocks = blocks
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// Two base64url characters from the first 12 bits of a digest.
    static func shortHash(_ text: String) -> String {
        let digest = ContentHash.digest(Array(text.utf8))
        let bits = Int(digest[0]) << 4 | Int(digest[1] >> 4)
        return String([alphabet[bits >> 6], alphabet[bits & 0x3F]])
    }
}

/// A source lesson cut into the units a translator works with: its front matter, then each
/// top-level Markdown block, each with normalised text and a word count.
public struct LessonBlocks: Sendable {
    public struct Block: Sendable, Equatable {
        public var kind: String
        /// Line in the lesson file.
        public var line: Int
        /// The block as written.
        public var text: String
        public var words: Int
    }

    public var blocks: [Block]
    /// Headings, code blocks, images and links, which translations must keep.
    public let outline: MarkdownOutline
    /// The stamp of this version of the lesson: hashes of each block's normalised text. (The
    /// normalised texts are hashed as they are made and not kept: at 1,500 lessons they were
    /// 18 MB held through the whole coverage step.)
    public let stamp: SourceStamp

    public init(_ source: LessonSource) {
        var frontMatter = "title: \(source.title)"
        for objective in source.objectives { frontMatter += "\n- \(objective)" }
        var blocks = [Block(kind: "front matter", line: 1, text: frontMatter,
                            words: WordCounter.count(([source.title] + source.objectives).joined(separator: "\n")))]
        var stamp = StampHasher()
        stamp.add(kind: "front matter", normalized: Self.collapse(frontMatter))
        outline = source.compiled.outline
        for block in outline.blocks {
            let exercise = Exercise.Kind(rawValue: block.language) != nil
            let kind = exercise ? "exercise" : block.language == "hint" || block.language == "solution" ? block.language : block.kind.rawValue
            let verbatim = block.kind == .code && !["hint", "solution"].contains(block.language)
            blocks.append(Block(kind: kind, line: source.bodyStartLine + block.startLine - 1, text: block.text,
                                words: Self.words(block, exercise: exercise)))
            stamp.add(kind: kind, normalized: verbatim ? Self.trimLines(block.text) : Self.collapse(block.text))
        }
        self.blocks = blocks
        self.stamp = stamp.finalize()
    }

    public var words: Int { blocks.reduce(0) { $0 + $1.words } }

    /// The whole lesson's hash (its blocks' `kind\nnormalised text`, joined by U+0001) and
    /// each block's short hash, made block by block.
    private struct StampHasher {
        private var whole = SHA256()
        private var blocks: [String] = []

        mutating func add(kind: String, normalized: String) {
            let unit = "\(kind)\n\(normalized)"
            if !blocks.isEmpty { whole.update(data: [0x01]) }
            whole.update(data: Array(unit.utf8))
            blocks.append(SourceStamp.shortHash(unit))
        }

        func finalize() -> SourceStamp {
            SourceStamp(whole: String(ContentHash.hex(digest: whole.finalize()).prefix(12)), blocks: blocks)
        }
    }

    /// Whitespace inside prose does not matter to a reader: re-wrapping is not a change. Runs
    /// of whitespace characters become one space, none at either end. Read scalar by scalar
    /// (grapheme breaking is slow, and every lesson of every build passes here), with the
    /// grapheme rules that matter: a mark after a space belongs to the space's character, one
    /// after a line end or a tab starts a character of its own (GB4, GB9, GB9a).
    static func collapse(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false, extendable = false
        for scalar in text.unicodeScalars {
            let isWhitespace = scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
            if isWhitespace || (extendable && continuesCharacter(scalar)) {
                if isWhitespace { extendable = !isControl(scalar) }
                pendingSpace = !result.isEmpty
                continue
            }
            extendable = false
            if pendingSpace { result.append(UInt8(ascii: " ")) }
            pendingSpace = false
            if scalar.isASCII { result.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { result.append($0) } }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Line ends, tabs and the line and paragraph separators: characters of their own.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Whether a scalar is part of the character before it (grapheme rules GB9, GB9a).
    private static func continuesCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        if scalar == "\u{200D}" || scalar.properties.isGraphemeExtend { return true }
        return scalar.properties.generalCategory == .spacingMark
    }

    /// In code, indentation matters; only trailing spaces and tabs are ignored. (The loader
    /// turned every line end into "\n".)
    static func trimLines(_ text: String) -> String {
        let blanks: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for (number, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if number > 0 { result.append(UInt8(ascii: "\n")) }
            var end = line.endIndex
            while end > line.startIndex, blanks.contains(line[line.index(before: end)]) { end = line.index(before: end) }
            result += line[..<end]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Words a translator translates: prose, and the text fields of exercises; not code.
    static func words(_ block: SourceBlock, exercise: Bool) -> Int {
        if exercise { return ExerciseWords.count(block.text) }
        if block.kind == .code && !["hint", "solution"].contains(block.language) { return 0 }
        var text = block.text
        if block.kind == .code { text = text.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n") }
        // Link destinations and HTML tags are not translated.
        if text.utf8.contains(UInt8(ascii: "]")) { text = withoutLinkDestinations(text) }
        if text.utf8.contains(UInt8(ascii: "<")) { text = withoutTags(text) }
        return WordCounter.count(text)
    }

    /// `[text](destination)` → `[text]`: what `\]\([^)]*\)` → `]` does, without a regular
    /// expression (they are slow, and every paragraph with a link passes here).
    static func withoutLinkDestinations(_ text: String) -> String {
        replacingSpans(of: text, with: "]", closedBy: ")") { scalars, index in scalars[index] == "]" && scalars[index + 1] == "(" }
    }

    /// Each HTML tag → a space: what `<[^>\s][^>]*>` → ` ` does, without a regular expression.
    static func withoutTags(_ text: String) -> String {
        replacingSpans(of: text, with: " ", closedBy: ">") { scalars, index in
            scalars[index] == "<" && scalars[index + 1] != ">" && !scalars[index + 1].properties.isWhitespace
        }
    }

    /// Each span that `opens` at two scalars and ends at the next `closer` after them becomes
    /// `replacement`; an opening with no closer stays as it is.
    private static func replacingSpans(of text: String, with replacement: Unicode.Scalar, closedBy closer: Unicode.Scalar,
                                       opens: ([Unicode.Scalar], Int) -> Bool) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if index + 1 < scalars.count, opens(scalars, index), let close = scalars[(index + 2)...].firstIndex(of: closer) {
                result.append(replacement)
                index = close + 1
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}
