internal import CCmarkGFM
import CourseModel

extension CmarkDocument {
    /// The top-level blocks and the counts of headings, code blocks, images and links, read
    /// before the tree is transformed.
    func outline(of markdown: String) -> MarkdownOutline {
        let document = self
        var blocks: [SourceBlock] = []
        var child = cmark_node_first_child(document.root)
        while let node = child {
            let start = Int(cmark_node_get_start_line(node)), end = max(start, Int(cmark_node_get_end_line(node)))
            let (kind, language) = blockKind(node)
            blocks.append(SourceBlock(kind: kind, language: language, startLine: start, endLine: end))
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

    private func blockKind(_ node: OpaquePointer) -> (SourceBlock.Kind, String) {
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
