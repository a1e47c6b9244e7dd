internal import CCmarkGFM

/// A top-level block of a Markdown text, as written: the unit translators compare.
public struct SourceBlock: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case heading, paragraph, list, table, code, quote, html, rule, other
    }

    public var kind: Kind
    /// For a fenced code block, the first word of its info string (`quiz`, `python`).
    public var language: String
    /// The block's lines as written, without the lines around it.
    public var text: String
    /// First and last line in the Markdown text (1-based).
    public var startLine: Int
    public var endLine: Int
}

/// What a Markdown text holds, for comparing a translation with its source.
public struct MarkdownOutline: Sendable, Equatable {
    public var blocks: [SourceBlock]
    public var headings: Int
    public var codeBlocks: Int
    public var images: Int
    public var links: Int
}

extension MarkdownRenderer {
    /// The top-level blocks and the counts of headings, code blocks, images and links.
    public static func outline(of markdown: String) -> MarkdownOutline {
        let document = CmarkDocument(markdown, allowHTML: false)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [SourceBlock] = []
        var child = cmark_node_first_child(document.root)
        while let node = child {
            let start = Int(cmark_node_get_start_line(node)), end = max(start, Int(cmark_node_get_end_line(node)))
            let text = start >= 1 && start <= lines.count ? lines[(start - 1)..<min(end, lines.count)].joined(separator: "\n") : ""
            let (kind, language) = blockKind(node)
            blocks.append(SourceBlock(kind: kind, language: language, text: text, startLine: start, endLine: end))
            child = cmark_node_next(node)
        }
        var outline = MarkdownOutline(blocks: blocks, headings: 0, codeBlocks: 0, images: 0, links: 0)
        forEachNode(below: document.root) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING: outline.headings += 1
            case CMARK_NODE_CODE_BLOCK: outline.codeBlocks += 1
            case CMARK_NODE_IMAGE: outline.images += 1
            case CMARK_NODE_LINK: outline.links += 1
            default: break
            }
        }
        return outline
    }

    private static func blockKind(_ node: OpaquePointer) -> (SourceBlock.Kind, String) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING: return (.heading, "")
        case CMARK_NODE_PARAGRAPH: return (.paragraph, "")
        case CMARK_NODE_LIST: return (.list, "")
        case CMARK_NODE_BLOCK_QUOTE: return (.quote, "")
        case CMARK_NODE_HTML_BLOCK: return (.html, "")
        case CMARK_NODE_THEMATIC_BREAK: return (.rule, "")
        case CMARK_NODE_CODE_BLOCK: return (.code, TreeTransformer.fencedBlock(node)?.language ?? "")
        default:
            let name = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            return (name == "table" ? .table : .other, "")
        }
    }
}
