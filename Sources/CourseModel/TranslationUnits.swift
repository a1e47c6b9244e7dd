/// A source lesson cut into the units a translator works with — its front matter, then each
/// top-level Markdown block — with the words to translate in each and the lesson's stamp.
/// Computed once, by the loader, for every file in its course's source locale; coverage and
/// the stamp command read it (and it is kept in the lesson pack, so an unchanged lesson is not
/// measured again).
public struct TranslationUnits: Sendable, Equatable {
    public struct Unit: Sendable, Equatable {
        /// `front matter`, `exercise`, `hint`, `solution`, or the block's kind (`paragraph`…).
        public var kind: String
        /// Line in the lesson file.
        public var line: Int
        public var words: Int

        public init(kind: String, line: Int, words: Int) {
            self.kind = kind
            self.line = line
            self.words = words
        }
    }

    /// The front matter first, then one unit per block of `compiled.outline.blocks`, in order.
    public var units: [Unit]
    /// The stamp of this version of the lesson: hashes of each unit's normalised text.
    public var stamp: SourceStamp

    public init(units: [Unit], stamp: SourceStamp) {
        self.units = units
        self.stamp = stamp
    }

    /// The front matter as a translator sees it: what its unit's stamp and words are made of.
    public static func frontMatterText(_ source: LessonSource) -> String {
        var text = "title: \(source.title)"
        for objective in source.objectives { text += "\n- \(objective)" }
        return text
    }
}
