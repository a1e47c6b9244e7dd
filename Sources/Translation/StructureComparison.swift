import CourseModel
import Foundation

/// How a translation's structure differs from its source's, split by what a learner would
/// suffer from.
///
/// Translators add a note, link to a video in their language, split a long code sample or drop
/// a link that has no equivalent: that is translating, and such differences are **allowed** —
/// reported as information, with their lines. A lesson is a **mismatch** only where a learner
/// would be misled: an exercise that differs from the source's (its id, kind or answer key:
/// progress and answers would not be the source's), a section of the source missing here, a
/// heading at another level (the outline and screen-reader navigation change), or code that differs in substance (comments, string contents and spacing aside, which
/// translators rightly translate). Each names its place in both files.
struct StructureComparison: Equatable {
    /// What makes the lesson a mismatch.
    var misleading: [String] = []
    /// What a translator did on purpose, as far as can be told: information only.
    var allowed: [String] = []
    /// Lines (in the source file) of the source blocks a misleading difference concerns: their
    /// words count as still to translate, the rest as translated.
    var sourceLines: Set<Int> = []
    /// Lines of source headings a misleading difference concerns alone, not their section:
    /// a heading whose level changed (its section is translated).
    var sourceHeadings: Set<Int> = []

    init(_ translation: LessonSource, source: LessonSource) {
        compareExercises(translation, source)
        compareSections(translation, source)
        compareCode(translation, source)
        compareCounts(translation, source)
    }


    // MARK: exercises

    private mutating func compareExercises(_ translation: LessonSource, _ source: LessonSource) {
        let sourceIDs = Set(source.exercises.map(\.id)), translationIDs = Set(translation.exercises.map(\.id))
        for exercise in source.exercises where !translationIDs.contains(exercise.id) {
            misleading.append("exercise '\(exercise.id)' (source line \(exercise.line)) is missing here")
            sourceLines.insert(exercise.line)
        }
        for exercise in translation.exercises where !sourceIDs.contains(exercise.id) {
            misleading.append("exercise '\(exercise.id)' at line \(exercise.line) here is not in the source")
        }
        let byID = Dictionary(translation.exercises.map { ($0.id, $0) }) { first, _ in first }
        for there in source.exercises {
            guard let here = byID[there.id] else { continue }
            if here.kind != there.kind {
                misleading.append("exercise '\(here.id)' is a \(here.kind.rawValue) here (line \(here.line)), a \(there.kind.rawValue) in the source (line \(there.line))")
                sourceLines.insert(there.line)
            } else if here.answerKey != there.answerKey {
                misleading.append("exercise '\(here.id)' has \(here.answerKey) here (line \(here.line)), \(there.answerKey) in the source (line \(there.line))")
                sourceLines.insert(there.line)
            }
        }
        let sourceOrder = source.exercises.map(\.id).filter(translationIDs.contains)
        let translationOrder = translation.exercises.map(\.id).filter(sourceIDs.contains)
        if sourceOrder != translationOrder {
            misleading.append("the exercises are in another order here (\(translationOrder.joined(separator: ", "))) than in the source (\(sourceOrder.joined(separator: ", ")))")
        }
    }

    // MARK: sections

    /// Headings matched in order by their level and the ids of the exercises in their section
    /// — what a translator keeps. A pair with the same exercises at another level is a level
    /// changed (`##` made `###`: the outline and a screen reader's heading list are not the
    /// source's); a source heading left unmatched is a section missing here; one of the
    /// translation's is an added note.
    private mutating func compareSections(_ translation: LessonSource, _ source: LessonSource) {
        let theirs = source.compiled.headings, mine = translation.compiled.headings
        let signatures = (source: Self.sectionSignatures(source), translation: Self.sectionSignatures(translation))
        let pairs = Self.aligned(signatures.source, signatures.translation) { there, here in
            there == here ? 2 : there.exercises == here.exercises ? 1 : 0
        }
        for (index, other) in pairs where theirs[index].level != mine[other].level {
            let there = theirs[index], here = mine[other]
            misleading.append("heading '\(there.text)' is \(Self.marks(there.level)) in the source (\(source.path):\(source.fileLine(there.line))) "
                              + "and \(Self.marks(here.level)) here (\(translation.path):\(translation.fileLine(here.line)))")
            sourceHeadings.insert(source.fileLine(there.line))
        }
        for index in theirs.indices where !pairs.contains(where: { $0.0 == index }) {
            let heading = theirs[index]
            misleading.append("section \(Self.marks(heading.level)) \(heading.text) (source line \(source.fileLine(heading.line))) has no heading here")
            sourceLines.insert(source.fileLine(heading.line))
        }
        for index in mine.indices where !pairs.contains(where: { $0.1 == index }) {
            let heading = mine[index]
            allowed.append("a heading added here: \(Self.marks(heading.level)) \(heading.text) (line \(translation.fileLine(heading.line)))")
        }
    }

    /// `##` for a level 2 heading.
    static func marks(_ level: Int) -> String { String(repeating: "#", count: level) }

    /// A heading as matched across languages: its level and the ids of the exercises up to
    /// the next heading (its text is translated).
    struct SectionSignature: Equatable {
        var level: Int
        var exercises: [String]
    }

    static func sectionSignatures(_ text: LessonSource) -> [SectionSignature] {
        let headings = text.compiled.headings
        return headings.indices.map { index in
            let start = text.fileLine(headings[index].line)
            let end = index + 1 < headings.count ? text.fileLine(headings[index + 1].line) : Int.max
            return SectionSignature(level: headings[index].level, exercises: text.exercises.filter { $0.line > start && $0.line < end }.map(\.id))
        }
    }

    /// Indices of each list left out of a longest common subsequence of the two.
    static func unmatched<Element: Equatable>(_ a: [Element], _ b: [Element]) -> ([Int], [Int]) {
        let pairs = aligned(a, b) { $0 == $1 ? 1 : 0 }
        return (a.indices.filter { index in !pairs.contains { $0.0 == index } }, b.indices.filter { index in !pairs.contains { $0.1 == index } })
    }

    /// The pairs (index in `a`, index in `b`, both increasing) of an alignment of two lists
    /// with the greatest total score, a pair scoring `score` (0: never paired). An equal pair
    /// scoring twice a similar one, similar pairs fill the gaps between equal ones, and two
    /// headings that swapped levels read as two levels changed, not a section missing and one
    /// added.
    static func aligned<Element>(_ a: [Element], _ b: [Element], score: (Element, Element) -> Int) -> [(Int, Int)] {
        var best = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                let paired = score(a[i], b[j])
                best[i][j] = max(best[i + 1][j], best[i][j + 1], paired > 0 ? paired + best[i + 1][j + 1] : 0)
            }
        }
        var i = 0, j = 0, pairs: [(Int, Int)] = []
        while i < a.count && j < b.count {
            let paired = score(a[i], b[j])
            if paired > 0 && best[i][j] == paired + best[i + 1][j + 1] {
                pairs.append((i, j))
                i += 1
                j += 1
            } else if best[i + 1][j] >= best[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return pairs
    }

    // MARK: code

    /// The code samples, one after the other: the same in substance whatever their number of
    /// blocks (a sample split in two is allowed), not where the code itself changed.
    private mutating func compareCode(_ translation: LessonSource, _ source: LessonSource) {
        let theirs = Self.codeBlocks(source), mine = Self.codeBlocks(translation)
        let theirSubstance = theirs.map { Self.substance($0.literal) }, mySubstance = mine.map { Self.substance($0.literal) }
        if theirSubstance.joined() != mySubstance.joined() {
            if theirs.count == mine.count, let index = theirSubstance.indices.first(where: { theirSubstance[$0] != mySubstance[$0] }) {
                misleading.append("the code block at line \(translation.fileLine(mine[index].line)) differs from the source's at line \(source.fileLine(theirs[index].line)) (more than comments, text in quotes and spacing)")
                sourceLines.insert(source.fileLine(theirs[index].line))
            } else {
                let lines = { (text: LessonSource, blocks: [FencedBlock]) in blocks.map { String(text.fileLine($0.line)) }.joined(separator: ", ") }
                misleading.append("the code here (\(mine.count) blocks, lines \(lines(translation, mine))) differs from the source's (\(theirs.count), lines \(lines(source, theirs)))")
            }
        } else if theirs.count != mine.count {
            allowed.append("the same code in \(mine.count) blocks here, \(theirs.count) in the source")
        }
    }

    /// Fenced code shown as code: not exercises, hints or solutions (compared apart).
    static func codeBlocks(_ text: LessonSource) -> [FencedBlock] {
        text.compiled.fencedBlocks.filter { block in !["hint", "solution"].contains(block.language) && text.exercise(of: block) == nil }
    }

    /// Code without what translators translate: whole-line comments, the text inside quotes,
    /// and white space.
    static func substance(_ code: String) -> String {
        let commentStarts = ["#", "//", "--", ";", "%", "<!--", "/*", "*"]
        var kept = ""
        for line in code.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if commentStarts.contains(where: { trimmed.hasPrefix($0) }) { continue }
            var inQuote: Character? = nil
            for character in trimmed {
                if let quote = inQuote {
                    if character == quote { inQuote = nil; kept.append(character) }
                } else if character == "\"" || character == "'" {
                    inQuote = character
                    kept.append(character)
                } else if !character.isWhitespace {
                    kept.append(character)
                }
            }
        }
        return kept
    }

    // MARK: links and images

    private mutating func compareCounts(_ translation: LessonSource, _ source: LessonSource) {
        for isImage in [false, true] {
            let theirs = source.compiled.links.filter { $0.isImage == isImage }
            let mine = translation.compiled.links.filter { $0.isImage == isImage }
            guard theirs.count != mine.count else { continue }
            let name = isImage ? "images" : "links"
            allowed.append("\(mine.count) \(name) here, \(theirs.count) in the source")
        }
    }
}
