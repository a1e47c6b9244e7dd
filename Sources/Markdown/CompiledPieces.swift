import CourseModel

/// The holes of compiled HTML and how they are marked while cmark writes it.
///
/// A hole is written as U+0001, a tag, U+0001: in custom nodes cmark writes it as it is, and
/// in a link destination it escapes it to `%01<index>%01` inside the attribute's quotes. U+0001
/// has no use in a lesson, so the compiler replaces it in the author's text beforehand, and
/// nothing an author writes can pose as a hole.
enum CompiledPieces {
    static let marker: UInt8 = 0x01

    static func linkMarker(_ index: Int) -> String { "\u{1}\(index)\u{1}" }
    /// Ends with a line break, as the HTML of a block does: cmark adds one after a custom block
    /// that lacks it, and `split` drops it again.
    static func blockMarker(_ index: Int) -> String { "\u{1}B\(index)\u{1}\n" }
    static func calloutMarker(_ kind: CalloutKind) -> String { "\u{1}C\(kind.rawValue)\u{1}" }

    /// The author's text with U+0001 replaced by U+FFFD (what an HTML parser shows for it).
    static func withoutMarkerCharacter(_ markdown: String) -> String {
        var markdown = markdown
        guard markdown.withUTF8({ $0.firstIndex(of: marker, from: 0) != nil }) else { return markdown }   // memchr
        return markdown.replacingOccurrences(of: "\u{1}", with: "\u{FFFD}")
    }

    /// Cuts cmark's HTML at its holes, and marks its tables and short numeric cells on the way
    /// (`TableCells`). One pass over cmark's own buffer: every lesson's HTML goes through it,
    /// and three passes, each over a copy, were a twentieth of a clean build.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [CompiledMarkdown.Piece] {
        var pieces: [CompiledMarkdown.Piece] = []
        var literal: [UInt8] = []   // the HTML piece being made, when an attribute was added to it
        var copied = 0              // bytes before it are in `literal` or in `pieces`
        var index = 0
        func take(upTo end: Int) {
            if end > copied { literal.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end])) }
            copied = end
        }
        func flush(upTo end: Int) {
            take(upTo: end)
            // Copied to an array of its own size (the lesson keeps it for the whole build).
            if !literal.isEmpty { pieces.append(.html(literal.withUnsafeBufferPointer { Array($0) })) }
            literal.removeAll(keepingCapacity: true)
        }
        while true {
            index = nextSpecialByte(bytes, from: index)
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "<"):
                if TableCells.isTable(bytes, at: index) {
                    take(upTo: index + 6)
                    literal.append(contentsOf: TableCells.focusableAttribute.utf8)
                    index += 7
                } else if let tagEnd = TableCells.shortNumericCellTagEnd(bytes, at: index) {
                    take(upTo: tagEnd)
                    literal.append(contentsOf: TableCells.nowrapAttribute.utf8)
                    index = tagEnd + 1
                } else {
                    index += 1
                }
            case marker:
                if let (piece, end) = customHole(bytes, at: index) {
                    flush(upTo: index)
                    pieces.append(piece)
                    index = end
                    copied = end
                } else {
                    index += 1
                }
            case UInt8(ascii: "\""):
                if let (link, end) = linkHole(bytes, at: index + 1) {
                    flush(upTo: index + 1)
                    pieces.append(.link(link))
                    index = end
                    copied = end
                } else {
                    index += 1
                }
            default:
                preconditionFailure("nextSpecialByte stops only at '<', '\"' or a marker")
            }
        }
        flush(upTo: bytes.count)
        return pieces
    }

    /// The index of the first `<`, `"` or marker byte at or after `start` (`bytes.count` if
    /// none): the only bytes `split` looks at. Eight bytes at a time: most of a lesson's HTML
    /// is text between them, and reading it a byte at a time was most of the split's time.
    static func nextSpecialByte(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            // Each byte equal to one of the three becomes 0x80 in `found`; a byte above the
            // first such one may be flagged wrongly (a borrow), so only the lowest flag is used.
            func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let found = zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "<"))))
                    | zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
                    | zeroBytes(word ^ (ones &* UInt64(marker)))
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == marker { return index }
            index += 1
        }
        return index
    }

    /// `\u{1}B12\u{1}` or `\u{1}Cnote\u{1}` at `start`: the piece and the index after it.
    private static func customHole(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (CompiledMarkdown.Piece, Int)? {
        guard let close = bytes[(start + 1)...].firstIndex(of: marker), close > start + 1 else { return nil }
        let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 2)..<close]), as: UTF8.self)
        switch bytes[start + 1] {
        case UInt8(ascii: "B"):
            let end = close + 1 < bytes.count && bytes[close + 1] == UInt8(ascii: "\n") ? close + 2 : close + 1
            return Int(tag).map { (.fencedBlock($0), end) }
        case UInt8(ascii: "C"): return CalloutKind(rawValue: tag).map { (.calloutTitle($0), close + 1) }
        default: return nil
        }
    }

    /// `%01<digits>%01"` at `start` (just inside an attribute's quote): the link index and the
    /// index of the closing quote.
    private static func linkHole(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        func isEscapedMarker(at index: Int) -> Bool {
            bytes[index] == UInt8(ascii: "%") && bytes[index + 1] == UInt8(ascii: "0") && bytes[index + 2] == UInt8(ascii: "1")
        }
        guard bytes.count > start + 7, isEscapedMarker(at: start) else { return nil }
        var end = start + 3
        var value = 0
        while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
            value = value * 10 + Int(bytes[end] - UInt8(ascii: "0"))
            end += 1
        }
        guard end > start + 3, end + 3 < bytes.count, isEscapedMarker(at: end),
              bytes[end + 3] == UInt8(ascii: "\"") else { return nil }
        return (value, end + 3)
    }

    /// Escapes a URL for an `href` or `src` exactly as cmark-gfm does (houdini's href escaping):
    /// `&` and `'` as entities, bytes outside its safe set as `%XX`, the rest as they are.
    static func escapeHref(_ url: String) -> String {
        var result = [UInt8]()
        result.reserveCapacity(url.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            if byte < 128 && hrefSafe[Int(byte)] {
                result.append(byte)
            } else if byte == UInt8(ascii: "&") {
                result += Array("&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                result += Array("&#x27;".utf8)
            } else {
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Letters, digits and `-_.+!*(),%#@?=;:/$~`.
    private static let hrefSafe: [Bool] = (0..<128).map { code in
        let scalar = Unicode.Scalar(UInt8(code))
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "-_.+!*(),%#@?=;:/$~".unicodeScalars.contains(scalar)
    }
}

extension CompiledMarkdown {
    /// The HTML for one page: `link(i)` gives the destination of `links[i]` on that page (nil
    /// keeps it as written), `calloutTitle` the title of an alert, `block(i)` the HTML of
    /// `fencedBlocks[i]` (nil shows it as code).
    public func html(link: (Int) -> String?, calloutTitle: (CalloutKind) -> String, block: (Int) -> String?) -> String {
        String(decoding: htmlBytes(link: link, calloutTitle: calloutTitle, block: block), as: UTF8.self)
    }

    /// The same, as UTF-8 bytes (a page's body).
    public func htmlBytes(link: (Int) -> String?, calloutTitle: (CalloutKind) -> String, block: (Int) -> String?) -> [UInt8] {
        // (A String's UTF-8 is appended with one copy of its storage.)
        var html: [UInt8] = []
        for piece in pieces {
            switch piece {
            case .html(let bytes): html.append(contentsOf: bytes)
            case .link(let index): html.append(contentsOf: CompiledPieces.escapeHref(link(index) ?? links[index].destination).utf8)
            case .calloutTitle(let kind): html.append(contentsOf: HTMLText.escape(calloutTitle(kind)).utf8)
            case .fencedBlock(let index):
                let block = block(index) ?? TreeTransformer.codeBlockHTML(fencedBlocks[index])
                html.append(contentsOf: block.utf8)
                if !Self.endsWithLineFeed(block) { html.append(UInt8(ascii: "\n")) }   // as cmark ends a custom block
            }
        }
        return html
    }

    /// Whether the last character is "\n" (not "\r\n", one character of its own, as
    /// `hasSuffix("\n")` says), read on the last two bytes.
    static func endsWithLineFeed(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.last == UInt8(ascii: "\n") else { return false }
        return utf8.count < 2 || utf8[utf8.index(utf8.endIndex, offsetBy: -2)] != UInt8(ascii: "\r")
    }
}
