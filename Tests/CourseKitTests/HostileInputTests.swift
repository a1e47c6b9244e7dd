import Testing
import Foundation
import CourseModel
@testable import SiteBuilder
import CourseLoader

/// Each tree of Fixtures/hostile is a file a volunteer, a broken editor or an attacker could
/// produce. Each gives the exact diagnostic, or builds safely; and a failed build leaves the
/// previous Output/ byte for byte as it was.
@Suite struct HostileInputTests {
    private func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/hostile/\(name)", withExtension: nil)!.path
    }

    /// Builds `name` over an Output/ holding a good build, and returns the diagnostics (paths
    /// relative to the fixture) and whether Output/ is still exactly the good build.
    private func buildOverGoodOutput(_ name: String) -> (diagnostics: [String], unchanged: Bool, wrote: Bool, output: String) {
        let output = Fixtures.temporaryFolder() + "/Output"
        #expect(SiteBuild(contentRoot: Fixtures.tree, outputPath: output).run().wrote)
        let before = Fixtures.snapshot(output)
        let root = fixture(name)
        let report = SiteBuild(contentRoot: root, outputPath: output).run()
        let diagnostics = report.diagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") }
        return (diagnostics, Fixtures.snapshot(output) == before, report.wrote, output)
    }

    @Test(arguments: [
        ("invalid-utf8", ["c/01-m/01-a.en.md:2:11: error: file is not UTF-8 text; save it as UTF-8"]),
        ("crlf", ["c/01-m/01-a.en.md:3:1: warning: unknown key 'objetives' in the front matter; did you mean 'objectives'?",
                  "c/01-m/02-b.en.md:3:11: error: 'duration' is a number of minutes, like 'duration: 20'"]),
        ("empty", ["c/01-m/01-a.en.md:1:1: error: lesson file is empty; it needs front matter with a title (---, title: …, ---)",
                   "c/01-m/02-b.en.md:1:1: error: lesson file is empty; it needs front matter with a title (---, title: …, ---)"]),
        ("unclosed-front-matter", ["c/01-m/01-a.en.md:1:1: error: front matter opened here is never closed with a '---' line"]),
        ("billion-laughs", ["c/01-m/01-a.en.md:7:17: error: aliases repeat more than 100 kB of text in this file; write the text out where it is needed"]),
        ("aliased-text", ["c/01-m/01-a.en.md:237:5: error: aliases repeat more than 100 kB of text in this file; write the text out where it is needed"]),
        ("deep-nesting", [
            "c/01-m/01-a.en.md:5:1: error: lists or quotes nest 10000 levels deep here; more than 64 is refused: no lesson needs it, and parsing slows down with every level",
            "c/01-m/02-b.en.md:5:1: error: lists or quotes nest 10000 levels deep here; more than 64 is refused: no lesson needs it, and parsing slows down with every level"]),
        ("wide-table", [
            "c/01-m/01-a.en.md:8:1: error: this table has 1500 columns; more than 1000 is refused: no phone can show it, and parsing slows down with the square of the columns"]),
        ("file-names", [
            "c/01-m/01-a b.en.md: error: lesson file '01-a b.en.md' must be named slug.<locale>.md or NN-slug.<locale>.md with a-z, 0-9 and '-' in the slug (e.g. 01-what-is-data.en.md)",
            "c/01-m/02-بيانات.en.md: error: lesson file '02-بيانات.en.md' must be named slug.<locale>.md or NN-slug.<locale>.md with a-z, 0-9 and '-' in the slug (e.g. 01-what-is-data.en.md)"]),
        ("leaving-root", [
            "c/01-m/01-a.en.md:5:1: error: link '../../../../../../etc/passwd' leaves the content folder; it is not followed",
            "c/01-m/01-a.en.md:7:1: error: image '/etc/hostname' is an absolute path; write it relative to this file (like ../media/chart.png) so it works offline",
            "c/01-m/01-a.en.md:9:1: error: image '../../../site.yaml' leaves the content folder; it is not followed"]),
        ("symlinks", [
            "c/01-m/02-b.en.md: error: path leaves the content folder (or is a broken link); it is not read",
            "c/media/secret.txt: warning: 'c/media/secret.txt' points outside the content folder; it is not copied into the package"]),
    ])
    func badInputIsReportedAndOutputStaysAsItWas(name: String, expected: [String]) {
        let result = buildOverGoodOutput(name)
        #expect(result.diagnostics == expected)
        #expect(!result.wrote)
        #expect(result.unchanged)
    }

    @Test func aLessonOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Big\n---\n\n" + String(repeating: "A long line of text without end. ", count: 160_000),
        ])
        let report = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").run()
        #expect(!report.wrote)
        #expect(report.diagnostics.map(\.message) == ["lesson is 5.3 MB; the limit is 5 MB: split it into several lessons (learners download each one whole)"])
        // Counted by the loader itself: parses of other tests running meanwhile do not blur it.
        #expect(ContentLoader(root: root).load().compiledFiles == 0)
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let result = buildOverGoodOutput("bom")
        #expect(result.diagnostics.isEmpty)
        #expect(Fixtures.read("\(result.output)/c/en/m/a.html").contains("<h1>With a BOM</h1>"))
    }

    @Test func unsafeURLsAreRemoved() {
        let result = buildOverGoodOutput("unsafe-urls")
        #expect(result.diagnostics == [
            "c/01-m/01-a.en.md:5:1: warning: link with a 'javascript:' address is not allowed and was removed",
            "c/01-m/01-a.en.md:5:52: warning: link with a 'data:' address is not allowed and was removed",
            "c/01-m/01-a.en.md:7:1: warning: image with a 'data:' address is not allowed and was removed",
            "c/01-m/01-a.en.md:7:50: warning: link with a 'vbscript:' address is not allowed and was removed",
            "c/01-m/01-a.en.md:7:71: warning: link with a 'file:' address is not allowed and was removed",
        ])
        let page = Fixtures.read("\(result.output)/c/en/m/a.html").lowercased()
        for scheme in ["javascript:", "data:text", "data:image/svg", "vbscript:", "file:"] { #expect(!page.contains(scheme), "\(scheme)") }
    }

    @Test func rawHTMLAndHostileExerciseTextNeverBecomeMarkup() {
        let result = buildOverGoodOutput("raw-html")
        #expect(result.diagnostics.isEmpty)
        let page = Fixtures.read("\(result.output)/c/en/m/a.html")
        let scripts = page.components(separatedBy: "<script").dropFirst().map { String($0.prefix(30)) }
        #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"../../assets/") || $0.hasPrefix(" type=\"application/json\"") }, "\(scripts)")
        for markup in ["onerror=", "onclick=", "onload=", "<iframe src=\"https", "<style>", "<img src=x", "<svg"] {
            #expect(!page.contains(markup), "\(markup)")
        }
        #expect(page.contains("&lt;/span&gt;&lt;/section&gt;&lt;img src=x onerror=alert(6)&gt;") || page.contains("raw HTML omitted"))
    }

    @Test func aTwoMegabyteLessonBuildsWithAWarning() throws {
        let paragraph = "Data are recorded values; information is what we conclude from them. "
        let body = String(repeating: String(repeating: paragraph, count: 20) + "\n\n", count: 1_500)
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: Huge\n---\n\n" + body])
        #expect(body.utf8.count > 2_000_000)
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(report.wrote)
        #expect(report.diagnostics.map(\.message) == ["lesson is 2.1 MB; learners pay for every megabyte and cheap phones render it slowly: split it into several lessons"])
    }

    @Test func aSymlinkLoopInMediaEndsAndLinksOutAreNotFollowed() {
        let found = ContentFiles(root: fixture("symlinks")).filesRecursively("c/media")
        #expect(found.files == ["c/media/chart.svg"])
        #expect(found.outside == ["c/media/secret.txt"])
    }

    /// A symlink to a file or folder inside the root is followed and listed under its own
    /// name; a FIFO is listed apart, never opened.
    @Test func linksInsideTheRootAreFollowedAndAFIFOIsSetApart() throws {
        let root = Fixtures.content(["c/media/chart.svg": "<svg/>", "c/shared/logo.svg": "<svg/>", "c/shared/icons/a.svg": "<svg/>"])
        try FileManager.default.createSymbolicLink(atPath: "\(root)/c/media/logo.svg", withDestinationPath: "../shared/logo.svg")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/c/media/icons", withDestinationPath: "\(root)/c/shared/icons")
        #expect(mkfifo("\(root)/c/media/pipe", 0o644) == 0)
        let found = ContentFiles(root: root).filesRecursively("c/media")
        #expect(found.files == ["c/media/chart.svg", "c/media/icons/a.svg", "c/media/logo.svg"])
        #expect(found.outside.isEmpty)
        #expect(found.special == ["c/media/pipe"])
    }
}

/// A merge left its markers in a translation or a YAML file: an error at the marker's line,
/// never a page of nested quotes; a conflict shown in a code block (a lesson on git) is text.
@Suite struct ConflictMarkerTests {
    private func diagnostics(_ lessons: [String: String], extra: [String: String] = [:]) -> [String] {
        let root = Fixtures.minimalSite(lessons: lessons, extra: extra)
        return ContentLoader(root: root).load().diagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") }
    }

    private let english = "---\ntitle: Email\n---\n\nWrite to your teacher.\n\nSay who you are.\n"

    @Test func markersInALessonAreAnErrorAtTheirLine() {
        let french = "---\ntitle: Courriel\n---\n\n<<<<<<< HEAD\nÉcrivez à votre enseignant.\n=======\nÉcris à ton enseignant.\n>>>>>>> traduction-amina\n\nDites qui vous êtes.\n"
        #expect(diagnostics(["01-a.en.md": english, "01-a.fr.md": french]) == [
            "c/01-m/01-a.fr.md:5:1: error: a merge conflict was left here (a '<<<<<<<' line): keep the right text, then delete the '<<<<<<<', '=======' and '>>>>>>>' lines"])
        // Half resolved: the first marker deleted, the others left.
        let halfResolved = french.replacingOccurrences(of: "<<<<<<< HEAD\n", with: "")
        #expect(diagnostics(["01-a.en.md": english, "01-a.fr.md": halfResolved]) == [
            "c/01-m/01-a.fr.md:8:1: error: a merge conflict was left here (a '>>>>>>>' line): keep the right text, then delete the '<<<<<<<', '=======' and '>>>>>>>' lines"])
    }

    @Test func aConflictShownInACodeBlockAndAHeadingUnderlineAreText() {
        let lesson = "---\ntitle: Git\n---\n\nMerging\n=======\n\n```text\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n```\n\n~~~~\n>>>>>>>\n~~~~\n"
        #expect(diagnostics(["01-a.en.md": lesson]).isEmpty)
    }

    @Test func markersInAnExerciseAndInYAMLFilesAreErrorsAtTheirLine() {
        let quiz = "---\ntitle: Quiz\n---\n\nText.\n\n```quiz\nid: q\n<<<<<<< HEAD\nquestion: One?\n=======\nquestion: Two?\n>>>>>>> other\nanswers: [{text: a, correct: true}, b]\n```\n"
        let module = "title:\n<<<<<<< HEAD\n  en: Module\n=======\n  en: The module\n>>>>>>> other\n"
        let found = diagnostics(["01-a.en.md": quiz], extra: ["c/01-m/module.yaml": module])
        #expect(found.map { $0.components(separatedBy: ": error: ")[0] } == ["c/01-m/module.yaml:2:1", "c/01-m/01-a.en.md:9:1"])
        #expect(found.allSatisfy { $0.contains("a merge conflict was left here (a '<<<<<<<' line)") })
    }
}
