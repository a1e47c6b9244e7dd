internal import CCmarkGFM
import Foundation
import Synchronization

/// Renders one Markdown body with cmark-gfm and the GFM extensions, adding what plain cmark
/// lacks: heading ids, GFM alerts as callouts, code kept left-to-right in right-to-left pages,
/// link rewriting and caller-rendered fenced blocks.
public enum MarkdownRenderer {
    public static func render(_ markdown: String, options: MarkdownOptions,
                              hooks: MarkdownHooks = MarkdownHooks()) -> RenderedMarkdown {
        let parsed = CmarkDocument(markdown, allowHTML: options.allowHTML)
        var transformer = TreeTransformer(options: options, hooks: hooks)
        transformer.transform(parsed.root)
        return RenderedMarkdown(html: parsed.renderHTML(), headings: transformer.headings)
    }
}

/// Process-wide cmark state. cmark-gfm 0.29 keeps the inline parser's special characters in
/// static arrays that `cmark_parser_finish` changes and restores, so two parses at once on
/// different threads corrupt each other (strikethrough and autolinks vanish at random).
enum CmarkRuntime {
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()
    static let finishLock = Mutex<Void>(())
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
}

/// A parsed document and its parser; the parser owns the extension list the renderer needs.
final class CmarkDocument {
    let parser: OpaquePointer
    let root: OpaquePointer
    let options: Int32

    init(_ markdown: String, allowHTML: Bool) {
        _ = CmarkRuntime.registered
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if allowHTML { options |= CMARK_OPT_UNSAFE }
        self.options = options
        guard let parser = cmark_parser_new(options) else { fatalError("cmark-gfm could not allocate a parser") }
        for name in CmarkRuntime.extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let rootBits = CmarkRuntime.finishLock.withLock { _ in UInt(bitPattern: cmark_parser_finish(parser)) }
        self.parser = parser
        self.root = OpaquePointer(bitPattern: rootBits)!
    }

    func fencedBlocks() -> [FencedBlock] {
        var blocks: [FencedBlock] = []
        forEachNode(below: root) { node in
            if cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK, let block = TreeTransformer.fencedBlock(node) { blocks.append(block) }
        }
        return blocks
    }

    func renderHTML() -> String {
        guard let html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }
}

extension MarkdownRenderer {
    /// Renders a short text (a question, an answer, a feedback) as inline HTML: the same
    /// Markdown and the same safety as lesson text, without the surrounding `<p>`.
    public static func renderInline(_ markdown: String, options: MarkdownOptions,
                                    hooks: MarkdownHooks = MarkdownHooks()) -> String {
        let html = render(markdown, options: options, hooks: hooks).html
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n") else { return html }
        let inner = html.dropFirst(3).dropLast(5)
        return inner.contains("<p>") ? html : String(inner)
    }

    /// The fenced code blocks of a Markdown text, in order, without rendering it: the loader
    /// reads exercise blocks with this.
    public static func fencedBlocks(in markdown: String) -> [FencedBlock] {
        CmarkDocument(markdown, allowHTML: false).fencedBlocks()
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
