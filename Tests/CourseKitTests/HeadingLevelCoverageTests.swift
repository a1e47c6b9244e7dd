import Testing
import Foundation
import CourseModel
@testable import CourseLoader
@testable import Translation

/// A translation whose headings are at other levels than its source's misleads the outline and
/// a screen reader's list of headings: coverage calls it a mismatch, and says a level changed
/// (not that a section is missing and another was added), at its line in both files.
@Suite struct HeadingLevelCoverageTests {
    private func french(_ lessons: [String: String]) throws -> [LessonCoverage] {
        let loader = ContentLoader(root: Fixtures.minimalSite(lessons: lessons))
        let site = try #require(loader.load().site)
        let report = CoverageAnalyzer(site: site, files: loader.files).report()
        return try #require(report.locales.first { $0.locale == "fr" }).courses[0].modules[0].lessonDetails
    }

    private let source = "---\ntitle: A\n---\n\n## Part one\n\nOne.\n\n### A detail\n\nMore.\n\n## Part two\n\nTwo.\n"

    @Test func aHeadingMadeDeeperOrShallowerIsAMismatchNamingBothLines() throws {
        // `### A detail` made `##`, and `## Part two` made `###`: each file's outline is valid
        // on its own (check says nothing), but not the source's.
        let translation = "---\ntitle: A\n---\n\n## Première partie\n\nUn.\n\n## Un détail\n\nPlus.\n\n### Deuxième partie\n\nDeux.\n"
        let lesson = try #require(try french(["01-a.en.md": source, "01-a.fr.md": translation]).first)
        #expect(lesson.status == .mismatch)
        #expect(lesson.problems == [
            "heading 'A detail' is ### in the source (c/01-m/01-a.en.md:9) and ## here (c/01-m/01-a.fr.md:9)",
            "heading 'Part two' is ## in the source (c/01-m/01-a.en.md:13) and ### here (c/01-m/01-a.fr.md:13)",
        ])
        #expect(lesson.notes == [])
        // The sections are translated: only the two headings' words are left to do.
        #expect(lesson.words.wordsToTranslate == 4)
    }

    /// A section left out and a note added stay what they were beside a level changed (a
    /// heading is matched by its level and its exercises only: one in the source's place at
    /// another level is taken for it).
    @Test func aMissingSectionAndAnAddedNoteAreNotLevelChanges() throws {
        let longer = source + "\n## Part three\n\nThree.\n"
        let missing = "---\ntitle: A\n---\n\n## Première partie\n\nUn.\n\n#### Un détail\n\nPlus.\n\n## Deuxième partie\n\nDeux.\n"
        let noted = "---\ntitle: B\n---\n\n## Première partie\n\nUn.\n\n### Un détail\n\nPlus.\n\n### Note du traducteur\n\nVoir.\n\n## Deuxième partie\n\nDeux.\n"
        let lessons = try french(["01-a.en.md": longer, "01-a.fr.md": missing, "02-b.en.md": source, "02-b.fr.md": noted])
        #expect(lessons[0].status == .mismatch)
        #expect(lessons[0].problems == [
            "heading 'A detail' is ### in the source (c/01-m/01-a.en.md:9) and #### here (c/01-m/01-a.fr.md:9)",
            "section ## Part three (source line 17) has no heading here",
        ])
        #expect(lessons[1].problems == [] && lessons[1].notes == ["a heading added here: ### Note du traducteur (line 13)"])
    }

    /// `translations stamp` refuses a file whose heading levels differ, with the same words.
    @Test func stampingRefusesAChangedLevel() throws {
        let translation = "---\ntitle: A\n---\n\n## Première partie\n\nUn.\n\n### Un détail\n\nPlus.\n\n### Deuxième partie\n\nDeux.\n"
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": source, "01-a.fr.md": translation])
        let loader = ContentLoader(root: root)
        let site = try #require(loader.load().site)
        guard case .failure(let refusal) = Stamper(site: site, files: loader.files).stamp(root + "/c/01-m/01-a.fr.md") else {
            Issue.record("a translation with a heading at another level was stamped")
            return
        }
        #expect(refusal.message.contains("(heading 'Part two' is ## in the source (c/01-m/01-a.en.md:13) and ### here (c/01-m/01-a.fr.md:13))"), "\(refusal.message)")
    }
}
