internal import CCmarkGFM
internal import CMarkdownArena
import Foundation
import CourseModel

/// Walks a cmark tree once to collect the nodes to change, then changes them (nodes are never
/// changed during the walk: cmark's iterator would lose its place). What depends on the page
/// that shows the text becomes a hole marked in the HTML (`CompiledPieces` cuts them out):
/// link destinations, callout titles, and the fenced blocks the page renders itself.
struct TreeTransformer {
    let options: MarkdownOptions
    /// Every fenced block becomes a hole (for `MarkdownRenderer.render`, whose caller decides).
    let everyFencedBlockIsAHole: Bool
    private(set) var headings: [Heading] = []
    private(set) var links: [LinkReference] = []
    private(set) var fencedBlocks: [FencedBlock] = []
    private var anchors = HeadingAnchors()
    private let columns: SourceColumns

    init(options: MarkdownOptions, everyFencedBlockIsAHole: Bool = false, columns: SourceColumns) {
        self.options = options
        self.everyFencedBlockIsAHole = everyFencedBlockIsAHole
        self.columns = columns
    }

    private struct Collected {
        var headings: [OpaquePointer] = []
        var codeBlocks: [OpaquePointer] = []
        var inlineCode: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var blockQuotes: [OpaquePointer] = []
    }

    /// How many of each the text had before it was transformed (for its `MarkdownOutline`).
    struct Counts {
        var headings = 0, codeBlocks = 0, images = 0, links = 0
    }

    mutating func transform(_ root: OpaquePointer) -> Counts {
        let nodes = collect(root)
        let images = nodes.links.count { cmark_node_get_type($0) == CMARK_NODE_IMAGE }
        let counts = Counts(headings: nodes.headings.count, codeBlocks: nodes.codeBlocks.count, images: images,
                            links: nodes.links.count - images)
        for node in nodes.links { markLink(node) }
        for node in nodes.headings { wrapHeading(node) }   // reads inline code text: before replacing it
        for node in nodes.inlineCode { replaceInlineCode(node) }
        for node in nodes.codeBlocks { replaceCodeBlock(node) }
        for node in nodes.blockQuotes { convertAlert(node) }
        return counts
    }

    private func collect(_ root: OpaquePointer) -> Collected {
        var collected = Collected()
        forEachNode(below: root) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING: collected.headings.append(node)
            case CMARK_NODE_CODE_BLOCK: collected.codeBlocks.append(node)
            case CMARK_NODE_CODE: collected.inlineCode.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE: collected.links.append(node)
            case CMARK_NODE_BLOCK_QUOTE: collected.blockQuotes.append(node)
            default: break
            }
        }
        return collected
    }

    // MARK: links

    /// The destination becomes a hole: cmark writes it escaped as `%01<index>%01`.
    private mutating func markLink(_ node: OpaquePointer) {
        guard let url = borrowed(cmark_node_get_url(node)) else { return }
        var reference = LinkReference(destination: url, isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                                      line: line(of: node), column: column(of: node))
        reference.label = plainText(of: node).trimmingSpaces
        _ = cmark_node_set_url(node, CompiledPieces.linkMarker(links.count))
        links.append(reference)
    }

    // MARK: headings

    private mutating func wrapHeading(_ node: OpaquePointer) {
        let level = Int(cmark_node_get_heading_level(node))
        let text = plainText(of: node).trimmingSpaces
        let anchor = anchors.anchor(for: text)
        headings.append(Heading(level: level, text: text, anchor: anchor, line: line(of: node), column: column(of: node)))
        // cmark's levels are 1 to 6; the tags are made once (interpolating the level, as text,
        // into every heading's tags was a fifth of wrapping it).
        replace(node, open: Self.headingOpenings[level] + HTMLText.escape(anchor) + "\">", close: Self.headingClosings[level], keepChildren: true)
    }

    private static let headingOpenings = (0...6).map { "<h\($0) id=\"" }
    private static let headingClosings = (0...6).map { "</h\($0)>\n" }

    /// The text a reader sees in a subtree: text, code and the alt text of images.
    private func plainText(of node: OpaquePointer) -> String {
        var text = ""
        forEachNode(below: node) { child in
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += borrowed(cmark_node_get_literal(child)) ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    // MARK: code

    /// Inline code is left to right, isolated from the text around it: `=SUM(B2:B9)` inside an
    /// Arabic sentence reads as the learner will type it, and a column name written in Arabic
    /// inside code (`اللترات`) still shows its letters right to left, as the bidi algorithm
    /// does inside any left-to-right run.
    private func replaceInlineCode(_ node: OpaquePointer) {
        let code = borrowed(cmark_node_get_literal(node)) ?? ""
        guard let custom = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        setCustom(custom, enter: "<code dir=\"ltr\">" + HTMLText.escape(code) + "</code>", exit: "")
        swap(node, for: custom)
    }

    /// A code block as a `FencedBlock`, or nil for an indented one (which is never an exercise).
    static func fencedBlock(_ node: OpaquePointer) -> FencedBlock? {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { return nil }
        let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
        let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        let language = String(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        return FencedBlock(language: language, info: info, literal: literal, line: Int(cmark_node_get_start_line(node)))
    }

    private mutating func replaceCodeBlock(_ node: OpaquePointer) {
        let fenced = Self.fencedBlock(node)
        if let fenced { fencedBlocks.append(fenced) }
        let html: String
        if let fenced, everyFencedBlockIsAHole || options.pageBlocks.contains(fenced.language) {
            html = CompiledPieces.blockMarker(fencedBlocks.count - 1)
        } else {
            html = Self.codeBlockHTML(fenced ?? FencedBlock(language: "", info: "", literal: borrowed(cmark_node_get_literal(node)) ?? "", line: line(of: node)))
        }
        guard let custom = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        setCustom(custom, enter: html, exit: "")
        swap(node, for: custom)
    }

    /// Code is left-to-right in every page; `tabindex` lets a keyboard user scroll a wide block.
    static func codeBlockHTML(_ block: FencedBlock) -> String {
        let languageClass = block.language.isEmpty ? "" : " class=\"language-\(HTMLText.escape(block.language))\""
        return "<pre dir=\"ltr\" tabindex=\"0\"><code\(languageClass)>\(HTMLText.escape(block.literal))</code></pre>\n"
    }

    // MARK: alerts

    /// `> [!NOTE]` on the first line of a block quote makes it a callout, as on GitHub.
    private func convertAlert(_ quote: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(quote),
              cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return }
        var markerNodes: [OpaquePointer] = []
        var marker = ""
        var child = cmark_node_first_child(paragraph)
        while let node = child, cmark_node_get_type(node) == CMARK_NODE_TEXT, marker.count < 12 {
            marker += borrowed(cmark_node_get_literal(node)) ?? ""
            markerNodes.append(node)
            child = cmark_node_next(node)
            if marker.hasSuffix("]") { break }
        }
        let trimmed = marker.trimmingSpaces
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
              let kind = CalloutKind(rawValue: trimmed.dropFirst(2).dropLast().lowercased()) else { return }
        // The marker must stand alone on its line.
        if let next = child, cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK, cmark_node_get_type(next) != CMARK_NODE_LINEBREAK { return }
        if let lineBreak = child { markerNodes.append(lineBreak) }
        for node in markerNodes { cmark_node_free(node) }   // free unlinks first
        if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }

        let title = CompiledPieces.calloutMarker(kind)
        let role = kind == .warning || kind == .caution ? "alert" : "note"
        replace(quote,
                open: "<div class=\"callout callout-\(kind.rawValue)\" role=\"\(role)\"><p class=\"callout-title\">\(title)</p>\n",
                close: "</div>\n", keepChildren: true)
    }

    // MARK: tree surgery

    /// Replaces `node` by a custom block written as `open` + children + `close`.
    private func replace(_ node: OpaquePointer, open: String, close: String, keepChildren: Bool) {
        guard let custom = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        setCustom(custom, enter: open, exit: close)
        if keepChildren {
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                _ = cmark_node_append_child(custom, child)
            }
        }
        swap(node, for: custom)
    }

    /// What cmark writes before and after a custom node's children (it copies both). Handed
    /// over from the Strings' own storage: a String passed to C as it is became an array first.
    private func setCustom(_ node: OpaquePointer, enter: String, exit: String) {
        _ = enter.withCString { cmark_node_set_on_enter(node, $0) }
        _ = exit.withCString { cmark_node_set_on_exit(node, $0) }
    }

    /// A node for the tree, from the same arena as the document's (`CmarkDocument`).
    private func newNode(_ type: cmark_node_type) -> OpaquePointer? {
        cmark_node_new_with_mem(type, coursekit_markdown_arena())
    }

    /// Puts `replacement` where `node` was. cmark refuses some placements (a table cell
    /// accepts no custom inline); then the original node stays and the replacement is dropped.
    private func swap(_ node: OpaquePointer, for replacement: OpaquePointer) {
        if cmark_node_replace(node, replacement) != 0 {
            cmark_node_free(node)
        } else {
            while let child = cmark_node_first_child(replacement) {
                cmark_node_unlink(child)
                _ = cmark_node_append_child(node, child)
            }
            cmark_node_free(replacement)
        }
    }

    /// The start column of a node, in characters; 0 when cmark does not know it.
    private func column(of node: OpaquePointer) -> Int {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        guard line > 0, column > 0 else { return 0 }
        return columns.characterColumn(line: line, byteColumn: column)
    }

    /// The start line of a node, or of its nearest ancestor that has one (inline nodes may not).
    private func line(of node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 { return line }
            current = cmark_node_parent(candidate)
        }
        return 1
    }

    private func borrowed(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension String {
    /// Without the spaces and tabs at either end, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` (space separators and tab) but without bridging
    /// to NSString: every heading and link of every lesson is trimmed.
    var trimmingSpaces: String {
        let isSpace = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator) }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
