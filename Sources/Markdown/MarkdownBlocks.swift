internal import CCmarkGFM
import CourseModel

extension CmarkDocument {
    /// The top-level blocks, read before the tree is transformed (`TreeTransformer` counts the
    /// headings, code blocks, images and links in the walk it makes anyway).
    func topLevelBlocks() -> [SourceBlock] {
        var blocks: [SourceBlock] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            let start = Int(cmark_node_get_start_line(node)), end = max(start, Int(cmark_node_get_end_line(node)))
            let (kind, language) = blockKind(node)
            blocks.append(SourceBlock(kind: kind, language: language, startLine: start, endLine: end))
            child = cmark_node_next(node)
        }
        return blocks
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
