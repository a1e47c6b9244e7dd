import Testing
import Foundation
import CourseModel
@testable import SiteBuilder
@testable import Checks

/// Links and anchors that lead nowhere are reported once, at the link's file, line and column,
/// naming the lesson file whose headings were searched and what the author most likely meant.
@Suite struct LinkDiagnosticTests {
    private func diagnostics(_ root: String) -> [String] {
        SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check().map { diagnostic in
            diagnostic.description.replacingOccurrences(of: root + "/", with: "")
        }
    }

    private func lesson(_ title: String, _ body: String) -> String { "---\ntitle: \(title)\n---\n\n\(body)\n" }

    /// Lesson b in three languages, its headings translated (so are their anchors).
    private var translatedB: [String: String] {
        [
            "02-b.en.md": lesson("B", "## Part one\n\nOne.\n\n## Part two\n\nTwo.\n\n## Part three\n\nThree."),
            "02-b.fr.md": lesson("B", "## Première partie\n\nUn.\n\n## Deuxième partie\n\nDeux.\n\n## Troisième partie\n\nTrois."),
            "02-b.ar.md": lesson("B", "## الجزء الأول\n\nواحد.\n\n## الجزء الثاني\n\nاثنان.\n\n## الجزء الثالث\n\nثلاثة."),
        ]
    }

    // MARK: anchors

    /// Lesson a is not translated: its English text is shown on the en, fr and ar pages, each
    /// leading to b in its own language. A wrong anchor is still one mistake, at one place.
    @Test func aWrongAnchorInASourceLessonShownInEveryLocaleIsReportedOnce() {
        let root = Fixtures.minimalSite(lessons: translatedB.merging(["01-a.en.md": lesson("A", "See [it](02-b.md#part-thre).")]) { $1 })
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:5:5: warning: no heading '#part-thre' in c/01-m/02-b.en.md; did you mean '#part-three'?"])
    }

    /// An exercise's id and the page's own ids (`main`, `toc-title`) are anchors a link may
    /// name, on the same page and on another; a near miss is still reported.
    @Test func exercisesAndThePagesOwnIdsAreAnchors() {
        let quiz = "```quiz\nid: q1\nquestion: Which?\nanswers:\n  - text: This\n    correct: true\n  - text: That\n```"
        let lessons = [
            "01-a.en.md": lesson("A", "## Part one\n\n[Top](#main), [contents](#toc-title), [quiz](#exercise-q1).\n\n\(quiz)"),
            "02-b.en.md": lesson("B", "See [the quiz](01-a.md#exercise-q1), [its top](01-a.md#main) and [another](01-a.md#exercise-q2)."),
        ]
        #expect(diagnostics(Fixtures.minimalSite(lessons: lessons)) == [
            "c/01-m/02-b.en.md:5:66: warning: no heading '#exercise-q2' in c/01-m/01-a.en.md",
        ])
    }

    /// The anchor is right in the source; one translation of the lesson it leads to lacks the
    /// section, so the pages in that language open the lesson at its top. Said once, naming
    /// both files and the pages that suffer; the other translations translate the anchor.
    @Test func anAnchorATranslationHasNoHeadingForIsNamedWithThatTranslation() {
        var lessons = translatedB
        lessons["02-b.fr.md"] = lesson("B", "## Première partie\n\nUn.\n\n## Deuxième partie\n\nDeux et trois.")
        lessons["01-a.en.md"] = lesson("A", "Text.\n\nSee [the third part](02-b.md#part-three).")
        #expect(diagnostics(Fixtures.minimalSite(lessons: lessons)) == [
            "c/01-m/01-a.en.md:7:5: warning: '#part-three' is heading 3 of c/01-m/02-b.en.md, but c/01-m/02-b.fr.md has 2 headings, so on fr pages this link opens the top of the lesson",
        ])
    }

    @Test func anAnchorTwoTranslationsHaveNoHeadingForIsStillOneWarning() {
        var lessons = translatedB
        lessons["02-b.fr.md"] = lesson("B", "## Première partie\n\nUn.\n\n## Deuxième partie\n\nDeux et trois.")
        lessons["02-b.ar.md"] = lesson("B", "## الأجزاء كلها\n\nواحد واثنان وثلاثة.")
        lessons["01-a.en.md"] = lesson("A", "See [the third part](02-b.md#part-three).")
        #expect(diagnostics(Fixtures.minimalSite(lessons: lessons)) == [
            "c/01-m/01-a.en.md:5:5: warning: '#part-three' is heading 3 of c/01-m/02-b.en.md, but c/01-m/02-b.fr.md has 2 headings and c/01-m/02-b.ar.md has 1 heading, so on fr and ar pages this link opens the top of the lesson",
        ])
    }

    /// A translated lesson's link is judged against the version its readers see: the French
    /// one, with the nearest French heading.
    @Test func aWrongAnchorInATranslationNamesTheTranslatedLesson() {
        var lessons = translatedB
        lessons["01-a.en.md"] = lesson("A", "See [part two](02-b.md#part-two).")
        lessons["01-a.fr.md"] = lesson("A", "Voir [la partie deux](02-b.md#deuxieme-partie).")
        #expect(diagnostics(Fixtures.minimalSite(lessons: lessons)) == [
            "c/01-m/01-a.fr.md:5:6: warning: no heading '#deuxieme-partie' in c/01-m/02-b.fr.md; did you mean '#deuxième-partie'?",
        ])
    }

    @Test func aWrongAnchorOnTheSamePageNamesTheNearestHeading() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": lesson("A", "## Summary\n\nIn short: see [above](#summry).")])
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:7:15: warning: no heading '#summry' in c/01-m/01-a.en.md; did you mean '#summary'?"])
    }

    // MARK: lessons

    /// Two modules: `01-m` (lessons 01-a and 02-tables) and `02-cleaning` (lesson 03-dates).
    private func twoModules(linking body: String) -> String {
        Fixtures.minimalSite(lessons: [
            "01-a.en.md": lesson("A", body),
            "02-tables.en.md": lesson("Tables", "Text."),
        ], extra: [
            "c/02-cleaning/module.yaml": "title: {en: Cleaning}\n",
            "c/02-cleaning/03-dates.en.md": lesson("Dates", "Text."),
        ])
    }

    /// The suggestion is the lesson as the author would write it from this file, in the form
    /// they used: their folder part when the lesson is in it, their locale suffix or none.
    @Test(arguments: [
        // A lesson renumbered: the same name, another number.
        ("../02-cleaning/04-dates.md", "did you mean '../02-cleaning/03-dates.md'?"),
        // A name written without its NN- and with its locale, from another module.
        ("dates.en.md", "did you mean '../02-cleaning/03-dates.en.md'?"),
        // A misspelt folder.
        ("../02-claening/03-dates.md", "did you mean '../02-cleaning/03-dates.md'?"),
        // A misspelt name in this folder, written with ./ as the author did.
        ("./02-tabels.md", "did you mean './02-tables.md'?"),
    ])
    func aBrokenLessonLinkNamesTheNearestLesson(destination: String, suggestion: String) {
        let root = twoModules(linking: "Text.\n\nAs [before](\(destination)) shows.")
        let resolved = URL(fileURLWithPath: "/c/01-m/" + destination).standardized.path.dropFirst()
        #expect(diagnostics(root) == [
            "c/01-m/01-a.en.md:7:4: error: link '\(destination)' points to a lesson that does not exist (\(resolved)); \(suggestion)",
        ])
    }

    @Test func aBrokenLessonLinkWithNothingNearNamesNoLesson() {
        let root = twoModules(linking: "See [x](missing-lesson.md).")
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:5:5: error: link 'missing-lesson.md' points to a lesson that does not exist (c/01-m/missing-lesson.md)"])
    }
}

/// Link paths are resolved on bytes as the segment arithmetic says: `.` and empty segments
/// dropped, `..` taking the segment before it, nil above the root.
@Suite struct LinkPathTests {
    @Test func pathsNormaliseAsSegmentArithmeticSays() {
        func reference(_ path: String) -> String? {
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." {
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                } else {
                    parts.append(part)
                }
            }
            return parts.joined(separator: "/")
        }
        let pieces = ["a", "bc", ".", "..", "...", ".x", "دروس", "é f", "", "/"]
        var state: UInt64 = 42
        for _ in 0..<5_000 {
            var path = ""
            for _ in 0..<Int(state % 7) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                path += pieces[Int(state >> 33) % pieces.count] + (state & 1 == 0 ? "/" : "")
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1
            #expect(LinkTargets.normalize(path) == reference(path), "\(path)")
        }
        #expect(LinkTargets.normalize("c/m/../n/./l.md") == "c/n/l.md")
        #expect(LinkTargets.normalize("c/../../x.md") == nil)
    }
}
