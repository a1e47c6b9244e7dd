import Synchronization

/// A Markdown text compiled once, in the loader: its HTML, cut where the HTML depends on the
/// page that shows it, and everything later steps read (headings, links, fenced blocks, the
/// top-level blocks translators compare). Checks, coverage, rendering and packaging read this
/// value; none of them parses Markdown again.
///
/// The same lesson text appears on several pages (its own, and the pages of locales it is the
/// fallback for), and a link in it leads to a different file from each; so do callout titles
/// and exercise widgets. Those are the holes (`Piece.link`, `.calloutTitle`, `.fencedBlock`).
public struct CompiledMarkdown: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        /// HTML written as it is, as UTF-8 (cmark's own bytes: no String is made of them, nor
        /// checked, on their way into a page).
        case html([UInt8])
        /// The destination of `links[index]`, as resolved for the page, escaped for an attribute.
        case link(Int)
        /// The title of a GFM alert (`> [!NOTE]`), in the language of the text.
        case calloutTitle(CalloutKind)
        /// `fencedBlocks[index]`: an exercise, a hint, a solution, or code whose language names one.
        case fencedBlock(Int)
    }

    /// The HTML, in pieces. A text taken from the lesson pack keeps them encoded and decodes
    /// them when a page reads them (`PieceStore`): after an edit almost no page is made again,
    /// and the pieces are nine tenths of what the pack holds.
    public var pieces: [Piece] {
        get { store.pieces }
        set { store = PieceStore(newValue) }
    }
    private var store: PieceStore
    public var headings: [Heading]
    /// Every link and image, in document order.
    public var links: [LinkReference] {
        get { details.value.links }
        set { details.change { $0.links = newValue } }
    }
    /// Every fenced code block, in document order. Those whose language the page renders
    /// itself (exercise kinds, `hint`, `solution`) are holes in `pieces`; the others are
    /// already HTML there.
    public var fencedBlocks: [FencedBlock] {
        get { details.value.fencedBlocks }
        set { details.change { $0.fencedBlocks = newValue } }
    }
    /// The top-level blocks and the counts of headings, code blocks, images and links.
    public var outline: MarkdownOutline {
        get { details.value.outline }
        set { details.change { $0.outline = newValue } }
    }
    /// Links, fenced blocks and outline: for a text taken from the lesson pack, decoded when
    /// first read (`DetailStore`). After an edit, the lessons of the courses that did not change
    /// are neither checked nor compared with their sources again, and never read them.
    private var details: DetailStore

    /// What `details` holds.
    public struct Details: Sendable, Equatable {
        public var links: [LinkReference]
        public var fencedBlocks: [FencedBlock]
        public var outline: MarkdownOutline

        public init(links: [LinkReference], fencedBlocks: [FencedBlock], outline: MarkdownOutline) {
            self.links = links
            self.fencedBlocks = fencedBlocks
            self.outline = outline
        }
    }

    public init(pieces: [Piece], headings: [Heading], links: [LinkReference], fencedBlocks: [FencedBlock],
                outline: MarkdownOutline) {
        store = PieceStore(pieces)
        self.headings = headings
        details = DetailStore(Details(links: links, fencedBlocks: fencedBlocks, outline: outline))
    }

    /// A compiled text whose pieces `decode` makes each time they are read, and whose details
    /// `decodeDetails` makes once, when they are first read.
    public init(decodingPiecesLater decode: @escaping @Sendable () -> [Piece], headings: [Heading],
                decodingDetailsLater decodeDetails: @escaping @Sendable () -> Details) {
        store = PieceStore(decode)
        self.headings = headings
        details = DetailStore(decodeDetails)
    }

    /// Markdown with nothing in it.
    public static let empty = CompiledMarkdown(pieces: [], headings: [], links: [], fencedBlocks: [],
                                               outline: MarkdownOutline(blocks: [], headings: 0, codeBlocks: 0, images: 0, links: 0))
}

/// The pieces of a compiled text: made, or decoded from bytes each time they are read (a
/// lesson's pieces are read by its page and the pages it stands in for, at most once each per
/// build; keeping them decoded as well as encoded would hold them twice).
struct PieceStore: Sendable, Equatable {
    private enum Storage: Sendable {
        case made([CompiledMarkdown.Piece])
        case decodedWhenRead(@Sendable () -> [CompiledMarkdown.Piece])
    }

    private let storage: Storage

    init(_ pieces: [CompiledMarkdown.Piece]) { storage = .made(pieces) }
    init(_ decode: @escaping @Sendable () -> [CompiledMarkdown.Piece]) { storage = .decodedWhenRead(decode) }

    var pieces: [CompiledMarkdown.Piece] {
        switch storage {
        case .made(let pieces): pieces
        case .decodedWhenRead(let decode): decode()
        }
    }

    static func == (lhs: PieceStore, rhs: PieceStore) -> Bool { lhs.pieces == rhs.pieces }
}

/// A compiled text's details, made, or decoded once, the first time they are read, by
/// whichever thread reads them first.
struct DetailStore: Sendable, Equatable {
    private enum Storage: Sendable {
        case made(CompiledMarkdown.Details)
        case decodedOnce(DecodedOnce)
    }

    private final class DecodedOnce: Sendable {
        private enum State { case encoded(@Sendable () -> CompiledMarkdown.Details), decoded(CompiledMarkdown.Details) }
        private let state: Mutex<State>

        init(_ decode: @escaping @Sendable () -> CompiledMarkdown.Details) { state = Mutex(.encoded(decode)) }

        var value: CompiledMarkdown.Details {
            state.withLock { state in
                switch state {
                case .decoded(let details): return details
                case .encoded(let decode):
                    let details = decode()
                    state = .decoded(details)   // the bytes are let go
                    return details
                }
            }
        }
    }

    private var storage: Storage

    init(_ details: CompiledMarkdown.Details) { storage = .made(details) }
    init(_ decode: @escaping @Sendable () -> CompiledMarkdown.Details) { storage = .decodedOnce(DecodedOnce(decode)) }

    var value: CompiledMarkdown.Details {
        switch storage {
        case .made(let details): details
        case .decodedOnce(let once): once.value
        }
    }

    mutating func change(_ body: (inout CompiledMarkdown.Details) -> Void) {
        var details = value
        body(&details)
        storage = .made(details)
    }

    static func == (lhs: DetailStore, rhs: DetailStore) -> Bool { lhs.value == rhs.value }
}

/// The GFM alert kinds, written `> [!NOTE]` on the first line of a block quote.
public enum CalloutKind: String, CaseIterable, Sendable, Hashable {
    case note, tip, important, warning, caution
}

/// A heading of a lesson, for its table of contents and for links to it.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    /// The `id` attribute: Unicode letters kept (Arabic stays Arabic), so a link copied from the
    /// address bar reads the same as the heading.
    public var anchor: String
    /// Line in the Markdown text (1-based).
    public var line: Int
    /// Column of its first character on that line (1-based, in characters); 0 when unknown.
    public var column: Int = 0

    public init(level: Int, text: String, anchor: String, line: Int, column: Int = 0) {
        self.level = level
        self.text = text
        self.anchor = anchor
        self.line = line
        self.column = column
    }
}

/// A link or image destination as the author wrote it.
public struct LinkReference: Sendable, Equatable {
    public var destination: String
    public var isImage: Bool
    /// The link's text, or an image's alt text.
    public var label: String = ""
    /// Line in the Markdown text (1-based).
    public var line: Int
    /// Column of its `[` (or an image's `!`) on that line (1-based, in characters); 0 when unknown.
    public var column: Int = 0

    public init(destination: String, isImage: Bool, label: String = "", line: Int, column: Int = 0) {
        self.destination = destination
        self.isImage = isImage
        self.label = label
        self.line = line
        self.column = column
    }
}

/// A fenced code block.
public struct FencedBlock: Sendable, Equatable {
    /// The first word of the info string (`quiz`, `python`); empty when there is none.
    public var language: String
    public var info: String
    public var literal: String
    /// Line of the opening fence in the Markdown text (1-based).
    public var line: Int
    /// For `hint` and `solution` blocks, whose body is Markdown: that body, compiled. Its lines
    /// are those of the enclosing text. (An array of at most one: a struct cannot hold itself.)
    public var content: [CompiledMarkdown]

    public init(language: String, info: String, literal: String, line: Int, content: [CompiledMarkdown] = []) {
        self.language = language
        self.info = info
        self.literal = literal
        self.line = line
        self.content = content
    }
}

/// A top-level block of a Markdown text: the unit translators compare. Where it is, not its
/// text: the text is cut from the Markdown when it is needed (`MarkdownOutline.texts(in:)`), so
/// the model does not hold every lesson twice (at 1,500 lessons in three locales, 39 MB).
public struct SourceBlock: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case heading, paragraph, list, table, code, quote, html, rule, other
    }

    public var kind: Kind
    /// For a fenced code block, the first word of its info string (`quiz`, `python`).
    public var language: String
    /// First and last line in the Markdown text (1-based).
    public var startLine: Int
    public var endLine: Int

    public init(kind: Kind, language: String, startLine: Int, endLine: Int) {
        self.kind = kind
        self.language = language
        self.startLine = startLine
        self.endLine = endLine
    }
}

/// What a Markdown text holds, for comparing a translation with its source.
public struct MarkdownOutline: Sendable, Equatable {
    public var blocks: [SourceBlock]
    public var headings: Int
    public var codeBlocks: Int
    public var images: Int
    public var links: Int

    public init(blocks: [SourceBlock], headings: Int, codeBlocks: Int, images: Int, links: Int) {
        self.blocks = blocks
        self.headings = headings
        self.codeBlocks = codeBlocks
        self.images = images
        self.links = links
    }

    /// Each block's lines as written in `markdown` (the text this outline was compiled from,
    /// with "\n" line ends), without the lines around it.
    public func texts(in markdown: String) -> [String] {
        let bytes = Array(markdown.utf8)
        var lineStarts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        let lineCount = lineStarts.count
        return blocks.map { block in
            guard block.startLine >= 1 && block.startLine <= lineCount else { return "" }
            let last = min(block.endLine, lineCount)
            let end = last < lineCount ? lineStarts[last] - 1 : bytes.count
            return String(decoding: bytes[lineStarts[block.startLine - 1]..<end], as: UTF8.self)
        }
    }
}
