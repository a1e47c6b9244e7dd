internal import CCmarkGFM
internal import CMarkdownArena
internal import CMarkdownInlineCharacters
import Foundation
import Synchronization
import CourseModel

/// Compiles Markdown with cmark-gfm and the GFM extensions, adding what plain cmark lacks:
/// heading ids, GFM alerts as callouts, code kept left-to-right in right-to-left pages, and
/// holes for what depends on the page (links, callout titles, exercise and hint blocks).
public enum MarkdownCompiler {
    /// Compiles a lesson body (or a `hint` block's). Each call parses once; nothing else in
    /// coursekit parses Markdown.
    public static func compile(_ markdown: String, options: MarkdownOptions) -> CompiledMarkdown {
        CmarkRuntime.documents.add(1, ordering: .relaxed)
        return compile(markdown, options: options, inline: false, everyFencedBlockIsAHole: false)
    }

    /// Compiles a short text (a question, an answer, a feedback) as inline HTML: the same
    /// Markdown and the same safety as lesson text, without the surrounding `<p>`.
    public static func compileInline(_ markdown: String, options: MarkdownOptions) -> CompiledMarkdown {
        plainInline(markdown) ?? compile(markdown, options: options, inline: true, everyFencedBlockIsAHole: false)
    }

    /// A short text in which cmark would find no Markdown compiles to itself, `"` escaped as
    /// cmark escapes it; nil for any other text, which cmark compiles. Most questions, answers
    /// and feedback are such text, and a cmark document for each was a fiftieth of a clean
    /// build. Plain means: one line, of ASCII letters, digits, spaces and `.,;?!'"()-/%+=$`
    /// and of any non-ASCII character (cmark reads them all as text), starting with a letter
    /// or a non-ASCII character other than a byte-order mark (a digit may start a list, `-` or
    /// `+` an item, `#` a heading, and cmark drops a leading byte-order mark), ending with no
    /// space, and with no `www.` (an autolink). Anything that could be Markdown, an entity,
    /// HTML, an address or an autolink (`*_`[]<>&\~|#:@{}^`, tabs, line ends) is left to
    /// cmark. A test holds every plain text to cmark's own output.
    static func plainInline(_ text: String) -> CompiledMarkdown? {
        var text = text
        let html: [UInt8]? = text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last, last != UInt8(ascii: " "),
                  first >= 0x80 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20),
                  !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
            var quotes = 0
            for (index, byte) in bytes.enumerated() where byte < 0x80 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "'"),
                     UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "+"),
                     UInt8(ascii: "="), UInt8(ascii: "$"):
                    continue
                case UInt8(ascii: "\""):
                    quotes += 1
                case UInt8(ascii: "."):
                    // `www.` starts an autolink, in any case.
                    if index >= 3, bytes[(index - 3)..<index].allSatisfy({ $0 | 0x20 == UInt8(ascii: "w") }) { return nil }
                default:
                    return nil
                }
            }
            var html: [UInt8] = []
            html.reserveCapacity(bytes.count + 5 * quotes)
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { html.append(contentsOf: "&quot;".utf8) } else { html.append(byte) }
            }
            return html
        }
        guard let html else { return nil }
        return CompiledMarkdown(pieces: [.html(html)], headings: [], links: [], fencedBlocks: [],
                                outline: MarkdownOutline(blocks: [SourceBlock(kind: .paragraph, language: "", startLine: 1, endLine: 1)],
                                                         headings: 0, codeBlocks: 0, images: 0, links: 0))
    }

    static func compile(_ markdown: String, options: MarkdownOptions, inline: Bool, everyFencedBlockIsAHole: Bool) -> CompiledMarkdown {
        let markdown = CompiledPieces.withoutMarkerCharacter(markdown)
        let document = CmarkDocument(markdown, allowHTML: options.allowHTML)
        let blocks = document.topLevelBlocks()
        var transformer = TreeTransformer(options: options, everyFencedBlockIsAHole: everyFencedBlockIsAHole,
                                          columns: SourceColumns(markdown))
        let counts = transformer.transform(document.root)
        let outline = MarkdownOutline(blocks: blocks, headings: counts.headings, codeBlocks: counts.codeBlocks,
                                      images: counts.images, links: counts.links)
        let pieces = document.withHTML { html in CompiledPieces.split(inline ? withoutParagraph(html) : html) }
        var fencedBlocks = transformer.fencedBlocks
        for index in fencedBlocks.indices where options.markdownBlocks.contains(fencedBlocks[index].language) {
            fencedBlocks[index].content = [compileBlockBody(fencedBlocks[index], options: options)]
        }
        return CompiledMarkdown(pieces: pieces, headings: transformer.headings, links: transformer.links,
                                fencedBlocks: fencedBlocks, outline: outline)
    }

    /// A `hint` block's body, with its lines counted in the text around it.
    private static func compileBlockBody(_ block: FencedBlock, options: MarkdownOptions) -> CompiledMarkdown {
        var nested = options
        nested.pageBlocks = []
        nested.markdownBlocks = []
        var body = compile(block.literal, options: nested, inline: false, everyFencedBlockIsAHole: false)
        // Columns are not known: the block's lines lost their indentation when it sat in a list.
        for index in body.headings.indices {
            body.headings[index].line += block.line
            body.headings[index].column = 0
        }
        for index in body.links.indices {
            body.links[index].line += block.line
            body.links[index].column = 0
        }
        return body
    }

    /// `<p>text</p>\n` → `text`, when the text is one paragraph.
    private static func withoutParagraph(_ html: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard html.starts(with: "<p>".utf8), html.count >= 8, html[(html.count - 5)...].elementsEqual("</p>\n".utf8) else { return html }
        let inner = UnsafeBufferPointer(rebasing: html[3..<(html.count - 5)])
        // Another paragraph inside means several: kept whole. (Bytes: this runs for every exercise field.)
        let opensParagraph = inner.indices.contains { index in
            inner[index] == UInt8(ascii: "<") && inner[index...].starts(with: "<p>".utf8)
        }
        return opensParagraph ? html : inner
    }

    /// How many times cmark parsed a Markdown text in this process (`coursekit build --stats`
    /// reports it per step; a test holds it at one parse per lesson file).
    public static var parseCount: Int { CmarkRuntime.parses.load(ordering: .relaxed) }

    /// How many whole texts (lesson bodies) were compiled in this process; `parseCount` also
    /// counts the hint blocks and the exercise fields inside them that are not plain text
    /// (`plainInline`: those are not parsed).
    public static var documentCount: Int { CmarkRuntime.documents.load(ordering: .relaxed) }
}

/// Compiles and renders at once, filling the holes with `hooks`: for a text shown on one page
/// only (and for tests). Every fenced block is offered to `hooks.renderFencedBlock`.
public enum MarkdownRenderer {
    public static func render(_ markdown: String, options: MarkdownOptions,
                              hooks: MarkdownHooks = MarkdownHooks()) -> RenderedMarkdown {
        let compiled = MarkdownCompiler.compile(markdown, options: options, inline: false, everyFencedBlockIsAHole: true)
        let html = compiled.html(
            link: { hooks.rewriteLink(compiled.links[$0]) },
            calloutTitle: { options.calloutTitles[$0] ?? $0.rawValue.capitalized },
            block: { hooks.renderFencedBlock(compiled.fencedBlocks[$0]) })
        return RenderedMarkdown(html: html, headings: compiled.headings)
    }
}

/// Process-wide cmark state. cmark-gfm 0.29 keeps the inline parser's special characters in
/// static arrays that `cmark_parser_finish` changes and restores, so two parses at once on
/// different threads corrupt each other (strikethrough and autolinks vanish at random).
/// (Adding them once for good and emptying the extensions' lists does not do: the inline
/// parser finds the extension of a `~` delimiter through the same list, and loops forever
/// without it.) `CMarkdownInlineCharacters` takes the place of the library's function that
/// changes them, so they are added once and never taken out. The first document finishes under
/// `finishLock`; if the library called that function there, every later one finishes without
/// it. A library that binds the call inside itself keeps every finish under the lock.
enum CmarkRuntime {
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()
    static let finishLock = Mutex<Void>(())
    static let finishesAtOnce = Atomic<Bool>(false)
    static let parses = Atomic<Int>(0)
    static let documents = Atomic<Int>(0)
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// `cmark_parser_finish`, under the lock until the inline characters are known to be kept.
    static func finish(_ parser: OpaquePointer) -> OpaquePointer {
        if finishesAtOnce.load(ordering: .acquiring) { return cmark_parser_finish(parser) }
        let rootBits = finishLock.withLock { _ in
            let root = UInt(bitPattern: cmark_parser_finish(parser))
            if coursekit_markdown_inline_characters_kept() { finishesAtOnce.store(true, ordering: .releasing) }
            return root
        }
        return OpaquePointer(bitPattern: rootBits)!
    }
}

/// A parsed document and its parser; the parser owns the extension list the renderer needs.
/// Its memory comes from the thread's arena (`CMarkdownArena`): it is made, used and freed on
/// one thread (it is not Sendable), and everything cmark allocates for it goes at once.
final class CmarkDocument {
    let parser: OpaquePointer
    let root: OpaquePointer
    let options: Int32

    init(_ markdown: String, allowHTML: Bool) {
        _ = CmarkRuntime.registered
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if allowHTML { options |= CMARK_OPT_UNSAFE }
        self.options = options
        coursekit_markdown_arena_enter()
        guard let parser = cmark_parser_new_with_mem(options, coursekit_markdown_arena()) else { fatalError("cmark-gfm could not allocate a parser") }
        for name in CmarkRuntime.extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var markdown = markdown   // read in place: cmark copies what it is fed
        markdown.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        CmarkRuntime.parses.add(1, ordering: .relaxed)
        self.parser = parser
        self.root = CmarkRuntime.finish(parser)
    }

    /// Calls `body` with the document's HTML, in cmark's own buffer (not copied into a String:
    /// `CompiledPieces.split` reads it once and makes the pieces' Strings).
    func withHTML<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let html = cmark_render_html_with_mem(root, options, cmark_parser_get_syntax_extensions(parser), coursekit_markdown_arena()) else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        // Not freed: it is the arena's, and goes with the document.
        return html.withMemoryRebound(to: UInt8.self, capacity: strlen(html) + 1) { start in
            body(UnsafeBufferPointer(start: start, count: strlen(html)))
        }
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
        coursekit_markdown_arena_leave()
    }
}

/// Calls `visit` on `root` and every node below it, in document order. Nodes must not be
/// changed during the walk (cmark's iterator would lose its place): collect, then change.
func forEachNode(below root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
    guard let iterator = cmark_iter_new(root) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
    }
}
