import Testing
import Foundation
import CourseModel
@testable import CourseLoader
@testable import SiteBuilder

/// Bad input gives a diagnostic at the right file, line and column, and every problem of a
/// run is reported, not only the first.
@Suite struct DiagnosticTests {
    private func diagnostics(_ root: String) -> [String] {
        SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check().map { diagnostic in
            diagnostic.description.replacingOccurrences(of: root + "/", with: "")
        }
    }

    private let valid = "---\ntitle: A lesson\n---\n\nText.\n"

    @Test func yamlSyntaxErrorInCourseYAML() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": valid], extra: ["c/course.yaml": "title: {en: Course}\nlocales: [en, fr\n"])
        #expect(diagnostics(root) == ["c/course.yaml:2:10: error: this '[' is never closed: end the list with ']'; write it as: locales: [en, fr]"])
    }

    @Test func unknownFrontMatterKeyNamesTheNearestKnownOne() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\nobjetives: [x]\n---\nText\n"])
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:3:1: warning: unknown key 'objetives' in the front matter; did you mean 'objectives'?"])
    }

    @Test func missingTitle() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\nduration: 5\n---\nText\n"])
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:2:1: error: lesson needs a 'title' in its front matter"])
    }

    @Test func durationThatIsNotANumber() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\nduration: soon\n---\nText\n"])
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:3:11: error: 'duration' is a number of minutes, like 'duration: 20'"])
    }

    @Test func unclosedAndMissingFrontMatter() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n\nText\n", "02-b.en.md": "# No front matter\n"])
        #expect(diagnostics(root) == [
            "c/01-m/01-a.en.md:1:1: error: front matter opened here is never closed with a '---' line",
            "c/01-m/02-b.en.md:1:1: error: lesson has no front matter: start the file with a '---' line, a 'title:' line and another '---' line",
        ])
    }

    @Test func brokenLessonLinkAndMissingImageAtTheirLines() {
        let body = "---\ntitle: A\n---\n\nIntro.\n\nSee [b](02-nope.md).\n\n![chart](../media/none.png)\n"
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": body])
        #expect(diagnostics(root) == [
            "c/01-m/01-a.en.md:7:5: error: link '02-nope.md' points to a lesson that does not exist (c/01-m/02-nope.md)",
            "c/01-m/01-a.en.md:9:1: error: image '../media/none.png' points to a missing file (c/media/none.png)",
        ])
    }

    @Test func linkThatLeavesTheContentRootIsNotFollowed() {
        let body = "---\ntitle: A\n---\n[secret](../../../../etc/passwd)\n"
        let found = diagnostics(Fixtures.minimalSite(lessons: ["01-a.en.md": body]))
        #expect(found == ["c/01-m/01-a.en.md:4:1: error: link '../../../../etc/passwd' leaves the content folder; it is not followed"])
    }

    @Test func invalidUTF8PointsAtTheByte() {
        let root = Fixtures.minimalSite(lessons: [:])
        Fixtures.write(Data(Array("---\ntitle: caf".utf8) + [0xE9] + Array("\n---\n".utf8)), to: root + "/c/01-m/01-a.en.md")
        #expect(diagnostics(root) == ["c/01-m/01-a.en.md:2:11: error: file is not UTF-8 text; save it as UTF-8"])
    }

    @Test func translationWithoutSource() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": valid, "02-b.fr.md": valid])
        #expect(diagnostics(root) == ["c/01-m/02-b.fr.md: error: lesson 'b' has no file in the source locale 'en'; translations need a source"])
    }

    @Test func everyErrorOfARunIsReported() {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\nduration: 5\n---\n",
            "02-b.en.md": "---\ntitle: [unclosed\n---\n",
            "03-c.en.md": "no front matter\n",
        ], extra: ["c/01-m/module.yaml": "title: {en: M}\ntitel: x\n"])
        let found = diagnostics(root)
        #expect(found.count == 4, "\(found)")
        #expect(found.filter { $0.contains(": error: ") }.count == 3)
        #expect(found.contains("c/01-m/module.yaml:2:1: warning: unknown key 'titel' in module.yaml; did you mean 'title'?"))
    }

    @Test func lessonFileInALocaleTheCourseDoesNotList() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": valid, "01-a.de.md": valid])
        #expect(diagnostics(root) == ["c/01-m/01-a.de.md: warning: locale 'de' of this lesson is not one of the course's locales (en, fr, ar); it is not built"])
    }
}
