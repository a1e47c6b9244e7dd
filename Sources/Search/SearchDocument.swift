import Foundation
import CourseModel

/// One lesson page as search sees it: its title, its module, and its text cut at its headings,
/// with the text of each exercise apart (it ranks below the lesson's own text).
public struct SearchDocument: Sendable, Equatable {
    public var title: String
    /// Index into the index's list of module titles.
    public var module: Int
    /// The page, relative to the course's folder in the locale (`01-basics/02-tables.html`).
    public var url: String
    public var sections: [SearchSection]
    /// The page's text is in another language than the index's (a lesson not yet translated,
    /// shown in the source's): that language's code, for the result's `lang` and `dir`.
    public var otherLanguage: (code: String, direction: String)?

    public init(title: String, module: Int, url: String, sections: [SearchSection], otherLanguage: (code: String, direction: String)? = nil) {
        self.title = title
        self.module = module
        self.url = url
        self.sections = sections
        self.otherLanguage = otherLanguage
    }

    public static func == (lhs: SearchDocument, rhs: SearchDocument) -> Bool {
        lhs.title == rhs.title && lhs.module == rhs.module && lhs.url == rhs.url && lhs.sections == rhs.sections
            && lhs.otherLanguage?.code == rhs.otherLanguage?.code && lhs.otherLanguage?.direction == rhs.otherLanguage?.direction
    }
}

/// A part of a page a result can lead to: the text under one heading, or one exercise.
public struct SearchSection: Sendable, Equatable {
    public enum Kind: Int, Sendable {
        case text = 0
        case exercise = 1
    }

    public var kind: Kind
    /// The `id` a result link leads to (a heading's anchor, an exercise's); empty for the text
    /// above the first heading.
    public var anchor: String
    public var heading: String
    /// The text as it was taken off the page, its white space not yet collapsed: the index's
    /// tokenizer collapses it as it reads it (`SearchIndex.eachToken`). A second pass over
    /// every byte and a String per section were a sixth of the index's time.
    var extracted: [UInt8]

    /// The text, runs of white space as one space and none at the ends.
    public var text: String { TextExtractor.collapsed(extracted) }

    public init(kind: Kind, anchor: String, heading: String, text: String) {
        self.init(kind: kind, anchor: anchor, heading: heading, extracted: Array(text.utf8))
    }

    init(kind: Kind, anchor: String, heading: String, extracted: [UInt8]) {
        self.kind = kind
        self.anchor = anchor
        self.heading = heading
        self.extracted = extracted
    }

    public static func == (lhs: SearchSection, rhs: SearchSection) -> Bool {
        lhs.kind == rhs.kind && lhs.anchor == rhs.anchor && lhs.heading == rhs.heading && lhs.text == rhs.text
    }
}

extension SearchDocument {
    /// The searchable text of a lesson file, read from what the loader compiled: the HTML
    /// pieces with their tags taken off (cmark writes them, so they are well formed), cut at
    /// each heading. Code blocks are left out (learners search for words, and code would be
    /// most of the index); inline code stays. Each exercise is a section of its own, with its
    /// question, answers, feedback and explanation as the page shows them.
    public static func sections(of source: LessonSource) -> [SearchSection] {
        var extractor = TextExtractor()
        extractor.add(source.compiled) { block, extractor in
            guard let exercise = source.exercise(of: block) else { return false }
            extractor.startSection(kind: .exercise, anchor: "exercise-\(exercise.id)")
            for text in exercise.inlineTexts {
                // A fill text's blanks are placeholders: the page shows them as boxes.
                let shown = { (text: String) in
                    text.containsBytes(of: "xcoursekitblank")
                        ? text.replacingOccurrences(of: #"xcoursekitblank\d+x"#, with: "…", options: .regularExpression) : text
                }
                if let compiled = exercise.compiledTexts[text] {
                    var inner = TextExtractor()
                    inner.add(compiled) { _, _ in false }
                    extractor.addText(shown(inner.finish().map { $0.heading + " " + $0.text }.joined(separator: " ")))
                } else {
                    extractor.addText(shown(text))
                }
                extractor.addText(" ")
            }
            extractor.startSection(kind: .text, anchor: extractor.lastTextAnchor, heading: extractor.lastTextHeading, continued: true)
            return true
        }
        return extractor.finish()
    }
}

/// Takes the tags off compiled HTML and cuts the text at headings. Works on the HTML's bytes
/// (tags and entities are ASCII) and keeps each section's text as bytes until it is finished:
/// Character by Character, and then String by String, this was most of a search index's time.
struct TextExtractor {
    private(set) var sections: [SearchSection] = []
    private var kind = SearchSection.Kind.text
    private var anchor = ""
    private var text: [UInt8] = []
    private var heading: [UInt8] = []
    private(set) var lastTextAnchor = ""
    private(set) var lastTextHeading = ""
    /// The current section goes on with the text of a heading already listed (after an
    /// exercise): listed again only if it has text.
    private var continued = false
    /// Inside `<h1>`…`<h6>`: text goes to the heading.
    private var inHeading = false
    /// Inside `<pre>`: code, left out.
    private var inCode = false
    /// Inside a callout's title (`<p class="callout-title">`): the word "Tip", not the author's.
    private var inCalloutTitle = false

    /// Adds a compiled text; `block` is asked about each fenced block the page renders itself
    /// (true: it added it; false: a hint's or solution's Markdown, added here).
    mutating func add(_ compiled: CompiledMarkdown, block: (FencedBlock, inout TextExtractor) -> Bool) {
        for piece in compiled.pieces {
            switch piece {
            case .html(let html): addHTML(html)
            case .link, .calloutTitle: break   // an attribute value; the callout's own title word
            case .fencedBlock(let index):
                let fenced = compiled.fencedBlocks[index]
                if block(fenced, &self) { continue }
                if let content = fenced.content.first { add(content, block: block) }
            }
        }
    }

    mutating func addText(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inHeading { heading.append(contentsOf: bytes) } else { text.append(contentsOf: bytes) }
    }

    private mutating func append(_ byte: UInt8) {
        if inHeading { heading.append(byte) } else { text.append(byte) }
    }

    mutating func startSection(kind: SearchSection.Kind, anchor: String, heading: String = "", continued: Bool = false) {
        finishSection()
        self.kind = kind
        self.anchor = anchor
        self.heading = Array(heading.utf8)
        text.removeAll(keepingCapacity: true)
        self.continued = continued
        if kind == .text {
            lastTextAnchor = anchor
            lastTextHeading = heading
        }
    }

    mutating func finish() -> [SearchSection] {
        finishSection()
        return sections
    }

    private mutating func finishSection() {
        let heading = Self.collapsed(heading)
        let hasText = text.contains { !Self.isWhiteSpace($0) }
        if hasText || (!heading.isEmpty && !continued) {
            // Copied at its size; the buffer is kept for the next section (grown a section at a
            // time, each section's text was a dozen reallocations).
            sections.append(SearchSection(kind: kind, anchor: anchor, heading: heading,
                                          extracted: hasText ? text.withUnsafeBufferPointer { Array($0) } : []))
        }
    }

    private mutating func addHTML(_ html: [UInt8]) {
        html.withUnsafeBufferPointer { bytes in
            var textStart = 0
            while let open = bytes.firstIndex(of: UInt8(ascii: "<"), from: textStart) {
                addBytes(UnsafeBufferPointer(rebasing: bytes[textStart..<open]))
                guard let close = bytes.firstIndex(of: UInt8(ascii: ">"), from: open + 1) else { return }
                tag(UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close]))
                textStart = close + 1
            }
            addBytes(UnsafeBufferPointer(rebasing: bytes[textStart..<bytes.count]))
        }
    }

    private mutating func addBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, !inCode, !inCalloutTitle else { return }
        var start = 0
        while let amp = bytes.firstIndex(of: UInt8(ascii: "&"), from: start) {
            append(UnsafeBufferPointer(rebasing: bytes[start..<amp]))
            start = appendEntity(UnsafeBufferPointer(rebasing: bytes[amp...])) + amp
        }
        append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// Appends what the entity at the start of `bytes` stands for; returns the bytes it took.
    private mutating func appendEntity(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let semicolon = bytes.prefix(11).dropFirst().firstIndex(of: UInt8(ascii: ";")) else {
            append(UInt8(ascii: "&"))
            return 1
        }
        let decoded = Self.decodingEntities(Substring(String(decoding: bytes[...semicolon], as: UTF8.self)))
        addText(decoded)
        return semicolon + 1
    }

    /// What a tag's name means to the extractor.
    private enum TagName {
        case heading, pre, paragraph
        /// Words are apart after it (the text has no other separator there).
        case block
        case other
    }

    /// Tells the names apart by their length, then their letters (any case): every tag of
    /// every lesson passes here.
    private static func tagName(_ name: UnsafeBufferPointer<UInt8>) -> TagName {
        func letters(_ expected: StaticString) -> Bool {
            expected.withUTF8Buffer { expected in zip(name, expected).allSatisfy { $0 | 0x20 == $1 } }
        }
        switch name.count {
        case 1: return name[0] | 0x20 == UInt8(ascii: "p") ? .paragraph : .other
        case 2:
            if name[0] | 0x20 == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(name[1]) { return .heading }
            for block: StaticString in ["li", "td", "th", "tr", "br", "ul", "ol", "dt", "dd", "hr"] where letters(block) { return .block }
            return .other
        case 3: return letters("pre") ? .pre : letters("div") || letters("img") ? .block : .other
        case 5: return letters("table") ? .block : .other
        case 10: return letters("blockquote") ? .block : .other
        default: return .other
        }
    }

    private mutating func tag(_ tag: UnsafeBufferPointer<UInt8>) {
        let closing = tag.first == UInt8(ascii: "/")
        let nameStart = closing ? 1 : 0
        var nameEnd = nameStart
        while nameEnd < tag.count {
            let byte = tag[nameEnd]
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { break }
            nameEnd += 1
        }
        switch Self.tagName(UnsafeBufferPointer(rebasing: tag[nameStart..<nameEnd])) {
        case .heading:
            if closing {
                inHeading = false
                if kind == .text { lastTextHeading = Self.collapsed(heading) }
            } else {
                startSection(kind: .text, anchor: Self.idAttribute(in: tag) ?? "")
                inHeading = true
            }
        case .pre:
            inCode = !closing
        case .paragraph where !closing && tag.firstIndex(of: Self.calloutTitle) != nil:
            inCalloutTitle = true
        case .paragraph where closing && inCalloutTitle:
            inCalloutTitle = false
        case .paragraph, .block:
            append(UInt8(ascii: " "))
        case .other:
            break
        }
    }

    private static let calloutTitle = Array("callout-title".utf8), idAttributeStart = Array(" id=\"".utf8)

    /// The value of a heading tag's `id` (read on the tag's bytes: every heading of every
    /// lesson passes here).
    private static func idAttribute(in tag: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = tag.firstIndex(of: idAttributeStart) else { return nil }
        let valueStart = start + idAttributeStart.count
        let valueEnd = tag[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? tag.count
        let bytes = UnsafeBufferPointer(rebasing: tag[valueStart..<valueEnd])
        let value = String(decoding: bytes, as: UTF8.self)
        // Most ids hold no entity: not looked for again Character by Character.
        return bytes.firstIndex(of: UInt8(ascii: "&"), from: 0) == nil ? value : decodingEntities(Substring(value))
    }

    /// cmark's entities (`&amp;` `&lt;` `&gt;` `&quot;` and numeric ones) as characters.
    static func decodingEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = "", rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
            if let value = named[name] {
                result += value
            } else if name.hasPrefix("#"), let code = name.hasPrefix("#x") || name.hasPrefix("#X") ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()),
                      let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "&" + name + ";"
            }
            rest = after[after.index(after: semicolon)...]
        }
        return result + rest
    }

    /// What cmark's HTML and the extractor put between words: ASCII.
    @inline(__always)
    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// Runs of white space as one space, none at the ends.
    static func collapsed(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        bytes.withUnsafeBufferPointer { collapse($0, first: true, last: true, into: &result) }
        return String(decoding: result, as: UTF8.self)
    }

    /// Text with its white space collapsed: each run as one space, none where the whole text
    /// starts (`first`: these bytes begin it) or ends (`last`). The search tokenizer collapses
    /// each separator this way as it reads it (`SearchIndex.eachToken`).
    static func collapse(_ text: UnsafeBufferPointer<UInt8>, first: Bool, last: Bool, into collapsed: inout [UInt8]) {
        collapsed.removeAll(keepingCapacity: true)
        var pendingSpace = false
        for byte in text {
            if isWhiteSpace(byte) {
                pendingSpace = true
                continue
            }
            if pendingSpace && (!first || !collapsed.isEmpty) { collapsed.append(0x20) }
            pendingSpace = false
            collapsed.append(byte)
        }
        if pendingSpace && !last && (!first || !collapsed.isEmpty) { collapsed.append(0x20) }
    }
}

extension String {
    /// Whether `needle` occurs in the text, compared as UTF-8 bytes (Foundation's `contains`
    /// searched through CFString, for every exercise text of every lesson).
    func containsBytes(of needle: String) -> Bool {
        var text = self
        return text.withUTF8 { $0.firstIndex(of: Array(needle.utf8)) != nil }
    }
}
