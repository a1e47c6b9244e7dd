import Testing
import Foundation
import CourseModel
@testable import CourseLoader

@Suite struct FrontMatterTests {
    @Test func splitsYAMLAndBodyWithLineNumbers() throws {
        let parts = try FrontMatter.split("---\ntitle: A\nduration: 5\n---\n\n# Body\n")
        #expect(parts.yaml == "title: A\nduration: 5\n")
        #expect(parts.yamlStartLine == 2)
        #expect(parts.body == "\n# Body\n")
        #expect(parts.bodyStartLine == 5)
    }

    @Test func acceptsDotsAndTrailingSpacesOnTheClosingLine() throws {
        #expect(try FrontMatter.split("---\ntitle: A\n...  \nbody").body == "body")
    }

    @Test func reportsMissingAndUnclosedFrontMatter() {
        #expect(throws: FrontMatter.SplitError.missing) { try FrontMatter.split("title: A\n") }
        #expect(throws: FrontMatter.SplitError.unclosed) { try FrontMatter.split("---\ntitle: A\n\n# Body\n") }
    }

    @Test func textIsDecodedWithoutBOMAndWithUnixLineEnds() throws {
        let text = try ContentFiles.decodeText(Data([0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: A\r\n---\rbody".utf8)))
        #expect(text == "---\ntitle: A\n---\nbody")
    }

    @Test func invalidUTF8IsFoundAtItsLine() {
        #expect(throws: ContentReadError.invalidUTF8(position: (line: 2, column: 4))) {
            try ContentFiles.decodeText(Data(Array("ok\nabc".utf8) + [0xFF] + Array("\n".utf8)))
        }
    }
}

@Suite struct LoaderTests {
    @Test func loadsTheFixtureTree() throws {
        let result = ContentLoader(root: Fixtures.tree).load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let site = try #require(result.site)
        #expect(site.locales.map(\.code) == ["en", "ar", "ckb"])
        #expect(site.title[LocaleID("ar")] == "مركز الاختبار")
        let course = try #require(site.courses.first)
        #expect(course.id == "demo")
        #expect(course.locales.map(\.code) == ["en", "ar", "ckb"])
        #expect(course.modules.map(\.slug) == ["basics", "more"])
        #expect(course.modules[0].lessons.map(\.slug) == ["first", "second"])
        #expect(course.modules[0].lessons.map(\.id) == ["first-steps", "second"])
        #expect(course.media == ["demo/media/pic.png"])
        let first = course.modules[0].lessons[0]
        #expect(first.sources.keys.map(\.code).sorted() == ["ar", "en"])
        let english = try #require(first.sources[LocaleID("en")])
        #expect(english.title == "First lesson")
        #expect(english.duration == 10)
        #expect(english.objectives == ["read a table", "write a formula"])
        #expect(english.bodyStartLine == 7)
        #expect(first.sources[LocaleID("ar")]?.sourceHash == "abc")
        let ckb = try #require(site.interfaceOverrides[LocaleID("ckb")])
        #expect(ckb.direction == .rtl)
        #expect(ckb.languageName == "کوردی")
        #expect(ckb.strings["lessons"] == .plural([.one: "{count} وانە", .other: "{count} وانە"]))
    }
}
