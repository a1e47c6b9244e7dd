/// How a Markdown body is turned into HTML.
public struct MarkdownOptions: Sendable {
    /// Render the author's raw HTML (a course opts in with `allow_html: true`); otherwise it is
    /// replaced by a comment, so a translator cannot add a script to a page.
    public var allowHTML: Bool
    /// Titles shown on GFM alerts (`> [!NOTE]`), in the page's language.
    public var calloutTitles: [CalloutKind: String]

    public init(allowHTML: Bool = false, calloutTitles: [CalloutKind: String] = [:]) {
        self.allowHTML = allowHTML
        self.calloutTitles = calloutTitles
    }
}

/// The GFM alert kinds, written `> [!NOTE]` on the first line of a block quote.
public enum CalloutKind: String, CaseIterable, Sendable, Hashable {
    case note, tip, important, warning, caution
}

/// A heading of a lesson, for its table of contents.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    /// The `id` attribute: Unicode letters kept (Arabic stays Arabic), so a link copied from the
    /// address bar reads the same as the heading.
    public var anchor: String
    /// Line in the Markdown body (1-based).
    public var line: Int
}

/// A link or image destination met while rendering, handed to the caller to rewrite.
public struct LinkReference: Sendable, Equatable {
    public var destination: String
    public var isImage: Bool
    /// The link's text, or an image's alt text.
    public var label: String = ""
    /// Line in the Markdown body (1-based).
    public var line: Int
}

/// A fenced code block, handed to the caller, which may replace it with its own HTML
/// (an exercise widget, for instance).
public struct FencedBlock: Sendable, Equatable {
    /// The first word of the info string (`quiz`, `python`); empty when there is none.
    public var language: String
    public var info: String
    public var literal: String
    /// Line of the opening fence in the Markdown body (1-based).
    public var line: Int
}

/// What rendering a Markdown body gives back.
public struct RenderedMarkdown: Sendable, Equatable {
    public var html: String
    public var headings: [Heading]
}

/// Hooks the caller supplies; each may return nil to keep the default.
public struct MarkdownHooks {
    public var rewriteLink: (LinkReference) -> String?
    public var renderFencedBlock: (FencedBlock) -> String?

    public init(rewriteLink: @escaping (LinkReference) -> String? = { _ in nil },
                renderFencedBlock: @escaping (FencedBlock) -> String? = { _ in nil }) {
        self.rewriteLink = rewriteLink
        self.renderFencedBlock = renderFencedBlock
    }
}
