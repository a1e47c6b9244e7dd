import CourseModel
import CourseLoader

/// A source lesson cut into the units a translator works with, as the loader measured them
/// (`TranslationUnits`), beside the lesson's outline.
public struct LessonBlocks: Sendable {
    public struct Block: Sendable, Equatable {
        public var kind: String
        /// Line in the lesson file.
        public var line: Int
        public var words: Int
    }

    public var blocks: [Block]
    /// Headings, code blocks, images and links, which translations must keep.
    public let outline: MarkdownOutline
    public let stamp: SourceStamp

    /// Nil for a file the loader did not measure: one not in its course's source locale.
    public init?(_ source: LessonSource) {
        guard let units = source.units else { return nil }
        outline = source.compiled.outline
        blocks = units.units.map { Block(kind: $0.kind, line: $0.line, words: $0.words) }
        stamp = units.stamp
    }

    public var words: Int { blocks.reduce(0) { $0 + $1.words } }
}
