import CourseModel

/// How a Markdown text is compiled.
public struct MarkdownOptions: Sendable {
    /// Render the author's raw HTML (a course opts in with `allow_html: true`); otherwise it is
    /// replaced by a comment, so a translator cannot add a script to a page.
    public var allowHTML: Bool
    /// Fenced blocks the page renders itself (exercise kinds, `hint`, `solution`): they stay
    /// holes in the compiled HTML instead of becoming code.
    public var pageBlocks: Set<String>
    /// Of those, the ones whose body is Markdown, compiled with the text around them.
    public var markdownBlocks: Set<String>
    /// Titles shown on GFM alerts by `MarkdownRenderer.render` (compiled text keeps a hole).
    public var calloutTitles: [CalloutKind: String]

    public init(allowHTML: Bool = false, pageBlocks: Set<String> = [], markdownBlocks: Set<String> = [],
                calloutTitles: [CalloutKind: String] = [:]) {
        self.allowHTML = allowHTML
        self.pageBlocks = pageBlocks.union(markdownBlocks)
        self.markdownBlocks = markdownBlocks
        self.calloutTitles = calloutTitles
    }
}

/// What rendering a Markdown text for one page gives back.
public struct RenderedMarkdown: Sendable, Equatable {
    public var html: String
    public var headings: [Heading]

    public init(html: String, headings: [Heading]) {
        self.html = html
        self.headings = headings
    }
}

/// How the holes of compiled Markdown are filled for one page; each may return nil to keep
/// the default (the link as written, the block as code).
public struct MarkdownHooks {
    public var rewriteLink: (LinkReference) -> String?
    public var renderFencedBlock: (FencedBlock) -> String?

    public init(rewriteLink: @escaping (LinkReference) -> String? = { _ in nil },
                renderFencedBlock: @escaping (FencedBlock) -> String? = { _ in nil }) {
        self.rewriteLink = rewriteLink
        self.renderFencedBlock = renderFencedBlock
    }
}
