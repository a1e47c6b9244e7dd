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

    /// The split reads bytes; it cuts every text as splitting its lines as Characters did
    /// (the reference below): lines of fences, near-fences, marks after a dash or a space,
    /// blank lines, with and without a last line feed, in every order up to three lines.
    @Test func cutsEveryTextAsTheCharacterSplitDid() {
        let pieces = ["---", "--- \t", "...", "... ", "--", "----", " ---", "---\u{301}", "- \u{301}", "title: A", "", "é ---"]
        var texts = [""], all = [""]
        for _ in 0..<3 {
            texts = texts.flatMap { text in pieces.flatMap { piece in [text + piece + "\n", text + piece] } }
            all += texts
        }
        for text in all {
            let split = Result { () throws(FrontMatter.SplitError) in try FrontMatter.split(text) }
            let reference = Result { () throws(FrontMatter.SplitError) in try Self.referenceSplit(text) }
            #expect(split == reference, "\(text.debugDescription)")
        }
    }

    /// The split as it was written on Characters.
    private static func referenceSplit(_ text: String) throws(FrontMatter.SplitError) -> FrontMatter {
        func isFence(_ line: Substring, closing: Bool) -> Bool {
            var trimmed = line
            while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
            return trimmed == "---" || (closing && trimmed == "...")
        }
        var lines = text[...].split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first, closing: false) else { throw .missing }
        var rest = lines.count > 1 ? lines[1] : ""
        var yamlLines: [Substring] = []
        while true {
            lines = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            guard let line = lines.first, !(lines.count == 1 && line.isEmpty && rest.isEmpty) else { throw .unclosed }
            rest = lines.count > 1 ? lines[1] : ""
            if isFence(line, closing: true) { break }
            if lines.count == 1 { throw .unclosed }
            yamlLines.append(line)
        }
        let yaml = yamlLines.isEmpty ? "" : yamlLines.joined(separator: "\n") + "\n"
        return FrontMatter(yaml: yaml, yamlStartLine: 2, body: String(rest), bodyStartLine: yamlLines.count + 3)
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
