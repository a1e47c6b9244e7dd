import Testing
import Foundation
import CourseModel
@testable import Authoring
@testable import SiteBuilder

@Suite struct ScaffoldTests {
    @Test func initGivesAContentFolderThatBuildsWithoutAWarning() throws {
        let folder = Fixtures.temporaryFolder() + "/Content"
        let written = try Scaffold.initialize(at: folder)
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["01-welcome.en.md", "01-welcome.fr.md", "01-welcome.ar.md"])
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: folder, outputPath: output).run()
        #expect(report.wrote)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let arabic = Fixtures.read("\(output)/my-course/ar/first-module/welcome.html")
        for kind in Exercise.Kind.allCases { #expect(arabic.contains("data-exercise-kind=\"\(kind.rawValue)\""), "\(kind)") }
        #expect(arabic.contains("<h1>أهلًا بك</h1>"))
    }

    @Test func newLessonsAreNumberedAfterTheLastOneAndModulesAreCreated() throws {
        let folder = Fixtures.temporaryFolder() + "/Content"
        _ = try Scaffold.initialize(at: folder)
        let second = try Scaffold.newLesson(in: folder, at: "my-course/first-module/second-step")
        #expect(second.hasSuffix("my-course/01-first-module/02-second-step.en.md"))
        let other = try Scaffold.newLesson(in: folder, at: "my-course/practice/more-practice", title: "More practice")
        #expect(other.hasSuffix("my-course/02-practice/01-more-practice.en.md"))
        #expect(Fixtures.read(other).hasPrefix("---\ntitle: \"More practice\"\n"))
        // A colon in a title stays in the title; a module named by its folder is found, not made again.
        let colon = try Scaffold.newLesson(in: folder, at: "my-course/01-first-module/passwords", title: "Passwords: the \"basics\"")
        #expect(colon.hasSuffix("my-course/01-first-module/03-passwords.en.md"))
        let translation = try Scaffold.newLesson(in: folder, at: "my-course/first-module/second-step", locale: LocaleID("fr"))
        #expect(translation.hasSuffix("my-course/01-first-module/02-second-step.fr.md"))
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: folder, outputPath: output).run()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.pageCount == 1 + 3 + 3 * (1 + 4))
        #expect(Fixtures.read("\(output)/my-course/en/first-module/passwords.html").contains("<h1>Passwords: the &quot;basics&quot;</h1>"))
    }

    @Test func badRequestsAreRefused() throws {
        let folder = Fixtures.temporaryFolder() + "/Content"
        _ = try Scaffold.initialize(at: folder)
        #expect(throws: Scaffold.Failure.self) { try Scaffold.initialize(at: folder) }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/only-two") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "no-course/m/lesson") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/first-module/Welcome Back") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/first-module/welcome") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/first-module/x", title: "Line\ntitle: injected") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/03-01-x/lesson") }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newLesson(in: folder, at: "my-course/first-module/04-numbered") }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/my-course/02-01-x"))
    }
}
