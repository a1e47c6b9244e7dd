import Testing
import Foundation
import CourseModel
import CourseLoader
import Translation
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

    @Test func anyTitleIsWrittenAsValidYAML() throws {
        let folder = Fixtures.temporaryFolder() + "/Content"
        _ = try Scaffold.initialize(at: folder)
        let titles = ["Lesson #2: C# basics", "'Single' and \"double\" quotes", "Back\\slash", "كلمات المرور: الأساسيات", "- starts like a list", "yes"]
        for (index, title) in titles.enumerated() {
            _ = try Scaffold.newLesson(in: folder, at: "my-course/first-module/title-\(index)", title: title)
        }
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: folder, outputPath: output).run()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        for (index, title) in titles.enumerated() {
            let page = Fixtures.read("\(output)/my-course/en/first-module/title-\(index).html")
            let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
            #expect(page.contains("<h1>\(escaped)</h1>"), "\(title)")
        }
    }

    @Test func aCourseWithoutNumbersGetsLessonsAndModulesWithoutNumbers() throws {
        let folder = Fixtures.content([
            "site.yaml": "title: T\nlocales: [fr, en]\n", "c/course.yaml": "title: {fr: Cours}\nsource_locale: fr\n",
            "c/bases/module.yaml": "title: {fr: Bases}\n", "c/bases/accueil.fr.md": "---\ntitle: Accueil\n---\n\nTexte.\n",
        ])
        #expect(try Scaffold.newLesson(in: folder, at: "c/bases/suite").hasSuffix("c/bases/suite.fr.md"))
        #expect(try Scaffold.newLesson(in: folder, at: "c/bases/accueil", locale: LocaleID("en")).hasSuffix("c/bases/accueil.en.md"))
        #expect(try Scaffold.newLesson(in: folder, at: "c/pratique/premier").hasSuffix("c/pratique/premier.fr.md"))
        #expect(Fixtures.read(folder + "/c/pratique/module.yaml") == "title:\n  fr: \"Pratique\"\n")
        #expect(try Scaffold.newTranslation(in: folder, of: "c/bases/suite", locale: LocaleID("en")).hasSuffix("c/bases/suite.en.md"))
        let loaded = ContentLoader(root: folder).load()
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics)")
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

@Suite struct NewTranslationTests {
    /// A new translation starts as a draft copy of its source: the same exercises (ids and
    /// answers), not shown to learners, all of it still to translate; without the mark, a copy
    /// still unchanged is reported as copied, not translated.
    @Test func aNewTranslationIsADraftCopyOfItsSource() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\nid: first\nduration: 5\n---\n\nSome text with [a link](01-a.md).\n\n```quiz\nid: pick\nquestion: Pick one\nanswers:\n  - {text: yes, correct: true}\n  - no\n```\n",
        ])
        let path = try Scaffold.newTranslation(in: root, of: "c/m/a", locale: LocaleID("fr"))
        #expect(path.hasSuffix("/c/01-m/01-a.fr.md"))
        let text = Fixtures.read(path)
        #expect(text.contains("draft: true") && !text.contains("id: first") && text.contains("id: pick"))
        let loader = ContentLoader(root: root)
        let loaded = loader.load()
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics)")
        let site = try #require(loaded.site)
        let lesson = try #require(site.courses.first?.lessons.first)
        #expect(lesson.sources[LocaleID("fr")]?.isDraft == true && lesson.shownTranslation(LocaleID("fr")) == nil)
        func status() throws -> LessonCoverage {
            let loader = ContentLoader(root: root)
            let site = try #require(loader.load().site)
            let french = try #require(CoverageAnalyzer(site: site, files: loader.files).report(.init(locale: LocaleID("fr"))).locales.first)
            return try #require(french.courses.first?.modules.first?.lessonDetails.first)
        }
        let draft = try status()
        #expect(draft.status == .draft && draft.words.wordsToTranslate == draft.words.sourceWords)
        Fixtures.write(text.replacingOccurrences(of: "draft: true\n", with: ""), to: path)
        #expect(try status().status == .copied)   // its text is still the source's
        // The source locale, an unknown lesson and an existing translation are refused.
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newTranslation(in: root, of: "c/m/a", locale: LocaleID("en")) }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newTranslation(in: root, of: "c/m/nope", locale: LocaleID("ar")) }
        #expect(throws: Scaffold.Failure.self) { try Scaffold.newTranslation(in: root, of: "c/m/a", locale: LocaleID("fr")) }
    }
}
