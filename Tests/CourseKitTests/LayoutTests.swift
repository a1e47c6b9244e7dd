import Testing
import Foundation
import CourseModel
@testable import CourseLoader
@testable import SiteBuilder

/// Content laid out the way authors already do (issue "Authoring without surprises"): module
/// folders and lesson files without number prefixes, placed by `order:`, else by name; media
/// kept beside the lessons that show them; draft lessons left out of builds.
@Suite struct LayoutTests {
    private let site = "title: Test\nlocales: [en, ar]\n"
    private let course = "title: {en: Course}\nsource_locale: en\n"

    private func lesson(_ title: String, order: Int? = nil, extra: String = "", body: String = "Text.\n") -> String {
        "---\ntitle: \(title)\n" + (order.map { "order: \($0)\n" } ?? "") + extra + "---\n\n" + body
    }

    private func load(_ root: String) -> (site: Site, messages: [String]) {
        let result = ContentLoader(root: root).load()
        return (result.site!, result.diagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") })
    }

    private func check(_ root: String, drafts: Bool = false) -> [String] {
        SiteBuild(contentRoot: root, outputPath: "", selection: BuildSelection(includeDrafts: drafts)).check().map {
            $0.description.replacingOccurrences(of: root + "/", with: "")
        }
    }

    @Test func modulesWithoutPrefixesArePlacedByOrderThenName() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course,
            "c/later/module.yaml": "title: {en: Later}\norder: 3\n", "c/later/x.en.md": lesson("X"),
            "c/02-middle/y.en.md": lesson("Y"), "c/02-middle/module.yaml": "title: {en: Middle}\n",
            "c/first/module.yaml": "title: {en: First}\norder: 1\n", "c/first/z.en.md": lesson("Z"),
            "c/appendix/module.yaml": "title: {en: Appendix}\n", "c/appendix/w.en.md": lesson("W"),
        ])
        let (loaded, messages) = load(root)
        #expect(messages.isEmpty)
        #expect(loaded.courses[0].modules.map(\.slug) == ["first", "middle", "later", "appendix"])
    }

    @Test func lessonsWithoutPrefixesArePlacedByOrderThenName() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\n",
            "c/m/zebra.en.md": lesson("Zebra", order: 1), "c/m/02-middle.en.md": lesson("Middle"),
            "c/m/apple.en.md": lesson("Apple"), "c/m/banana.en.md": lesson("Banana", order: 5),
            "c/m/apple.ar.md": lesson("تفاحة"),
        ])
        let (loaded, messages) = load(root)
        #expect(messages.isEmpty)
        #expect(loaded.courses[0].modules[0].lessons.map(\.slug) == ["zebra", "middle", "banana", "apple"])
        #expect(loaded.courses[0].modules[0].lessons.last?.sources.keys.sorted() == [LocaleID("ar"), LocaleID("en")])
    }

    @Test func twoEqualNumbersAreAWarningNamingBoth() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course,
            "c/01-a/module.yaml": "title: {en: A}\n", "c/01-a/x.en.md": lesson("X", order: 2), "c/01-a/02-y.en.md": lesson("Y"),
            "c/b/module.yaml": "title: {en: B}\norder: 1\n", "c/b/z.en.md": lesson("Z"),
        ])
        // The loader reads modules and lessons in separate passes; a build reports by location.
        #expect(load(root).messages.sorted() == [
            "c/01-a/02-y.en.md: warning: lessons 'x' and 'y' both have the number 2 in this module (c/01-a/x.en.md and here); they are placed by name: give each its own number",
            "c/b: warning: modules 'c/01-a' and 'c/b' both have the number 1; they are placed by name: give each its own number",
        ])
    }

    @Test func aFolderWithoutLessonsIsReportedNotSkippedSilently() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course,
            "c/m/module.yaml": "title: {en: M}\n", "c/m/x.en.md": lesson("X"), "c/notes/todo.txt": "later\n",
        ])
        #expect(load(root).messages == [
            "c/notes: warning: folder 'notes' holds no lessons (.md files) and no module.yaml, so it is not a module and is not built; keep pictures in media/ or beside the lessons that use them",
        ])
    }

    @Test func aMissingModuleYAMLSaysWhatToWrite() {
        let root = Fixtures.content(["site.yaml": site, "c/course.yaml": course, "c/02-data-cleaning/x.en.md": lesson("X")])
        #expect(load(root).messages == [
            "c/02-data-cleaning: warning: module has no module.yaml, so its title is the folder name 'data-cleaning'; create c/02-data-cleaning/module.yaml with the two lines 'title:' and '  en: Data Cleaning'",
        ])
    }

    @Test func orderIsAWholeNumberAndReadFromTheSourceOnly() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\norder: first\n",
            "c/m/x.en.md": lesson("X", extra: "order: soon\n"), "c/m/x.ar.md": lesson("س", order: 2),
        ])
        #expect(load(root).messages == [
            "c/m/module.yaml:2:8: error: 'order' is the module's place in its course, a whole number like 'order: 2'",
            "c/m/x.ar.md:3:8: warning: 'order' is read from the source lesson only; remove it from the translation",
            "c/m/x.en.md:3:8: error: 'order' is the lesson's place in its module, a whole number like 'order: 3'",
        ])
    }

    @Test func mediaBesideLessonsAreWrittenBesideTheirPagesInEachLocale() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\"/></svg>\n"
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\n",
            "c/m/map.svg": svg, "c/m/pictures/well.svg": svg, "c/n/module.yaml": "title: {en: N}\n",
            "c/m/x.en.md": lesson("X", body: "![A map](map.svg)\n\n![A well](pictures/well.svg)\n"),
            "c/n/y.en.md": lesson("Y", body: "![The same map](../m/map.svg)\n\n![Missing](nothing.svg)\n"),
        ])
        #expect(check(root) == ["c/n/y.en.md:7:1: error: image 'nothing.svg' points to a missing file (c/n/nothing.svg)"])
        Fixtures.write(lesson("Y", body: "![The same map](../m/map.svg)\n"), to: root + "/c/n/y.en.md")
        let output = Fixtures.temporaryFolder() + "/Output"
        let build = SiteBuild(contentRoot: root, outputPath: output)
        #expect(build.run().wrote)
        for locale in ["en", "ar"] {
            #expect(Fixtures.read("\(output)/c/\(locale)/m/map.svg") == svg)
            #expect(Fixtures.read("\(output)/c/\(locale)/m/pictures/well.svg") == svg)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(output)/c/en/m/x.en.md"))
        #expect(!FileManager.default.fileExists(atPath: "\(output)/c/en/m/module.yaml"))
        #expect(Fixtures.read("\(output)/c/en/m/x.html").contains("src=\"map.svg\""))
        #expect(Fixtures.read("\(output)/c/en/m/x.html").contains("src=\"pictures/well.svg\""))
        #expect(Fixtures.read("\(output)/c/ar/n/y.html").contains("src=\"../m/map.svg\""))
    }

    @Test func scriptInAnSVGBesideALessonIsRefusedLikeInMedia() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\n",
            "c/m/x.en.md": lesson("X"), "c/m/page.html": "<script>alert(1)</script>\n",
        ])
        #expect(check(root) == [
            "c/m/page.html: error: 'page.html' is a .html file, which a browser could run script in on the learners' site; media may be images, sound, video and documents only (or set allow_active_media: true in course.yaml, if you trust who wrote it)",
        ])
    }

    @Test func draftLessonsAreLeftOutUnlessAskedFor() throws {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\n",
            "c/m/x.en.md": lesson("X", order: 1), "c/m/y.en.md": lesson("Y", order: 2, extra: "draft: true\n"),
        ])
        #expect(check(root).isEmpty)
        let output = Fixtures.temporaryFolder() + "/Output"
        let build = SiteBuild(contentRoot: root, outputPath: output)
        _ = build.run()
        #expect(FileManager.default.fileExists(atPath: "\(output)/c/en/m/x.html"))
        #expect(!FileManager.default.fileExists(atPath: "\(output)/c/en/m/y.html"))
        #expect(!Fixtures.read("\(output)/c/en/index.html").contains("y.html"))
        let withDrafts = SiteBuild(contentRoot: root, outputPath: output, selection: BuildSelection(includeDrafts: true))
        _ = withDrafts.run()
        #expect(FileManager.default.fileExists(atPath: "\(output)/c/en/m/y.html"))
    }

    @Test func aLinkToADraftSaysSo() {
        let root = Fixtures.content([
            "site.yaml": site, "c/course.yaml": course, "c/m/module.yaml": "title: {en: M}\n",
            "c/m/x.en.md": lesson("X", body: "See [the next one](y.md).\n"), "c/m/y.en.md": lesson("Y", extra: "draft: true\n"),
        ])
        #expect(check(root) == [
            "c/m/x.en.md:5:5: error: link 'y.md' leads to a draft lesson (draft: true), which is not built; remove the link until that lesson is published, or build with --drafts to see both",
        ])
        #expect(check(root, drafts: true).isEmpty)
    }
}
