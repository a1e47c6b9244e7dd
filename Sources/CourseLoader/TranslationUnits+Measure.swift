import Crypto
import CourseModel
import Foundation

extension TranslationUnits {
    /// Cuts a lesson into its units, normalises each and counts its words; `body` is the
    /// Markdown its `compiled` was compiled from, `exerciseWords` the words of its exercise
    /// blocks by line in the body (`ExerciseReader.translatableWords`; a block missing there did
    /// not parse, and has none).
    init(_ source: LessonSource, body: String, exerciseWords: [Int: Int]) {
        let frontMatter = Self.frontMatterText(source)
        var units = [Unit(kind: "front matter", line: 1, words: WordCounter.count(([source.title] + source.objectives).joined(separator: "\n")))]
        var stamp = TranslationText.StampHasher()
        stamp.add(kind: "front matter", normalized: TranslationText.collapse(frontMatter))
        for (block, text) in zip(source.compiled.outline.blocks, source.compiled.outline.texts(in: body)) {
            let exercise = Exercise.Kind(rawValue: block.language) != nil
            let hintOrSolution = block.language == "hint" || block.language == "solution"
            let kind = exercise ? "exercise" : hintOrSolution ? block.language : block.kind.rawValue
            let verbatim = block.kind == .code && !hintOrSolution
            let words = exercise ? exerciseWords[block.startLine] ?? 0 : TranslationText.words(block, text: text)
            units.append(Unit(kind: kind, line: source.bodyStartLine + block.startLine - 1, words: words))
            stamp.add(kind: kind, normalized: verbatim ? TranslationText.trimLines(text) : TranslationText.collapse(text))
        }
        self.init(units: units, stamp: stamp.finalize())
    }
}

/// How a lesson's text is measured for translators: normalised for its stamp (re-wrapping is
/// not a change), and counted in words (code, link destinations and tags are not translated).
enum TranslationText {
    /// The whole lesson's hash (its units' `kind\nnormalised text`, joined by U+0001) and
    /// each unit's short hash, made unit by unit. (The normalised texts are hashed as they are
    /// made and not kept: at 1,500 lessons they were 18 MB.)
    struct StampHasher {
        private var whole = SHA256()
        private var blocks: [String] = []

        /// Hashes `kind`, a line feed and `normalized` as one text, without making it.
        mutating func add(kind: String, normalized: String) {
            if !blocks.isEmpty { whole.update(data: [0x01]) }
            var block = SHA256()
            func update(_ part: UnsafeBufferPointer<UInt8>) {
                whole.update(bufferPointer: UnsafeRawBufferPointer(part))
                block.update(bufferPointer: UnsafeRawBufferPointer(part))
            }
            var kind = kind, lineFeed = "\n", normalized = normalized
            kind.withUTF8(update)
            lineFeed.withUTF8(update)
            normalized.withUTF8(update)
            blocks.append(SourceStamp.shortHash(digest: block.finalize()))
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
        // On the UTF-8 in place, ASCII without a scalar decoded; written straight into the
        // result's storage (a space only ever replaces one or more white space bytes).
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0, index = 0
                var pendingSpace = false, extendable = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte > 0x20 && byte < 0x80 {
                        // A run of ASCII that is not white space, copied whole.
                        var end = index + 1
                        while end < bytes.count, bytes[end] > 0x20, bytes[end] < 0x80 { end += 1 }
                        if pendingSpace {
                            output[count] = 0x20
                            count += 1
                            pendingSpace = false
                        }
                        UnsafeMutableRawPointer(output.baseAddress! + count)
                            .copyMemory(from: bytes.baseAddress! + index, byteCount: end - index)
                        count += end - index
                        index = end
                        extendable = false
                        continue
                    }
                    let isWhitespace: Bool, continues: Bool, control: Bool, length: Int
                    if byte < 0x80 {
                        isWhitespace = byte == 0x20 || (0x09...0x0D).contains(byte)
                        continues = false
                        control = byte < 0x20
                        length = 1
                    } else {
                        let scalar: Unicode.Scalar
                        (scalar, length) = bytes.unicodeScalar(at: index)
                        isWhitespace = scalar.properties.isWhitespace
                        continues = extendable && continuesCharacter(scalar)
                        control = isControl(scalar)
                    }
                    if isWhitespace || continues {
                        if isWhitespace { extendable = !control }
                        pendingSpace = count > 0
                    } else {
                        extendable = false
                        if pendingSpace {
                            output[count] = 0x20
                            count += 1
                            pendingSpace = false
                        }
                        for offset in 0..<length { output[count + offset] = bytes[index + offset] }
                        count += length
                    }
                    index += length
                }
                return count
            }
        }
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

    /// Words a translator translates in a block other than an exercise: prose; not code.
    static func words(_ block: SourceBlock, text: String) -> Int {
        let isHintOrSolution = block.language == "hint" || block.language == "solution"
        if block.kind == .code && !isHintOrSolution { return 0 }
        var text = text
        if block.kind == .code { text = text.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n") }
        // Link destinations and HTML tags are not translated. Read on the UTF-8 in place: every
        // block of every source lesson is counted.
        return text.withUTF8 { bytes in
            let brackets = bytes.firstIndex(of: UInt8(ascii: "]"), from: 0) != nil
            let tags = bytes.firstIndex(of: UInt8(ascii: "<"), from: 0) != nil
            guard brackets || tags else { return WordCounter.count(bytes) }
            var kept = Array(bytes)
            if brackets { kept = withoutLinkDestinations(kept) }
            if tags { kept = withoutTags(kept) }
            return kept.withUnsafeBufferPointer { WordCounter.count($0) }
        }
    }

    /// `[text](destination)` → `[text]`: what `\]\([^)]*\)` → `]` does, without a regular
    /// expression (they are slow, and every paragraph with a link passes here).
    static func withoutLinkDestinations(_ text: String) -> String {
        String(decoding: withoutLinkDestinations(Array(text.utf8)), as: UTF8.self)
    }

    /// Each HTML tag → a space: what `<[^>\s][^>]*>` → ` ` does, without a regular expression.
    static func withoutTags(_ text: String) -> String {
        String(decoding: withoutTags(Array(text.utf8)), as: UTF8.self)
    }

    static func withoutLinkDestinations(_ text: [UInt8]) -> [UInt8] {
        replacingSpans(of: text, opener: UInt8(ascii: "]"), with: UInt8(ascii: "]"), closedBy: UInt8(ascii: ")")) { bytes, index in
            bytes[index + 1] == UInt8(ascii: "(")
        }
    }

    static func withoutTags(_ text: [UInt8]) -> [UInt8] {
        replacingSpans(of: text, opener: UInt8(ascii: "<"), with: UInt8(ascii: " "), closedBy: UInt8(ascii: ">")) { bytes, index in
            let next = bytes.unicodeScalar(at: index + 1).scalar
            return next != ">" && !next.properties.isWhitespace
        }
    }

    /// Each span that opens at `opener` (where `opens` says so of the scalar after it) and ends
    /// at the next `closer` after that scalar becomes `replacement`; an opening with no closer
    /// stays as it is. On UTF-8 bytes: the three are ASCII, and no byte of another scalar is.
    private static func replacingSpans(of text: [UInt8], opener: UInt8, with replacement: UInt8, closedBy closer: UInt8,
                                       opens: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> [UInt8] {
        text.withUnsafeBufferPointer { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == opener, index + 1 < bytes.count, opens(bytes, index),
                   let close = bytes.firstIndex(of: closer, from: index + 2) {
                    result.append(replacement)
                    index = close + 1
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            return result
        }
    }
}
