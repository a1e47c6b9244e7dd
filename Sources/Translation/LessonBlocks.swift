import CourseModel
import CourseLoader

/// A source lesson cut into the units a translator works with, each with its text as
/// written: the loader's `TranslationUnits` beside the lesson's blocks.
public struct LessonBlocks: Sendable {
    public struct Block: Sendable, Equatable {
        public var kind: String
        /// Line in the lesson file.
        public var line: Int
        /// The block as written.
        public var text: String
        public var words: Int
    }

    public var blocks: [Block]
    /// Headings, code blocks, images and links, which translations must keep.
    public let outline: MarkdownOutline
    public let stamp: SourceStamp

    /// The units the loader measured (a lesson in its course's source locale), else measured here.
    public init(_ source: LessonSource) {
        let units = source.units ?? TranslationUnits(source)
        outline = source.compiled.outline
        let texts = [TranslationUnits.frontMatterText(source)] + outline.blocks.map(\.text)
        blocks = zip(units.units, texts).map { unit, text in Block(kind: unit.kind, line: unit.line, text: text, words: unit.words) }
        stamp = units.stamp
    }

    public var words: Int { blocks.reduce(0) { $0 + $1.words } }
}
