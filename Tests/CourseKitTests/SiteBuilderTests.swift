import Testing
import Foundation
import CourseModel
@testable import SiteBuilder
@testable import CourseLoader
import Localization

/// Builds of the fixture tree, read back from disk.
@Suite struct SiteBuilderTests {
    private func build(_ content: String = Fixtures.tree, output: String? = nil) -> (output: String, report: SiteBuild.Report) {
        let output = output ?? Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: content, outputPath: output).run()
        return (output, report)
    }

    /// Offline-list versions are what earlier coursekits wrote (the first 16 hex digits of the
    /// SHA-256, as `sha256sum` writes it), the same whether the bytes were at hand or a file is
    /// read back a megabyte at a time: a phone that kept a course fetches nothing again.
    @Test func aFileVersionIsTheStartOfItsSHA256() throws {
        #expect(FileVersion.of(Data()) == "e3b0c44298fc1c14")
        #expect(FileVersion.of(Data("coursekit".utf8)) == "2c0723dbc9e8f747")
        let bytes = Data((0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        let path = Fixtures.temporaryFolder() + "/large.bin"
        try bytes.write(to: URL(fileURLWithPath: path))
        let read = try #require(FileVersion.sizeAndVersion(ofFileAt: path))
        #expect(read.size == bytes.count && read.version == FileVersion.of(bytes))
        #expect(FileVersion.sizeAndVersion(ofFileAt: path + ".missing") == nil)
    }

    @Test func buildsEveryPage() {
        let (output, report) = build()
        #expect(report.wrote)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        // chooser + 3 catalogs + 3 locales × (course home + 3 lessons)
        #expect(report.pageCount == 16)
        for page in ["index.html", "ar/index.html", "demo/en/index.html", "demo/ar/basics/first.html",
                     "demo/ckb/more/last.html", "demo/media/pic.png", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: "\(output)/\(page)"), "\(page)")
        }
    }

    @Test func markdownLinksBecomeLinksBetweenPagesOfTheSameLocale() {
        let (output, _) = build()
        let english = Fixtures.read("\(output)/demo/en/basics/first.html")
        #expect(english.contains("<a href=\"second.html#part-two\">second lesson</a>"))
        #expect(english.contains("<a href=\"../more/last.html\">last one</a>"))
        #expect(english.contains("<img src=\"../../media/pic.png\" alt=\"A picture\" />"))
        #expect(english.contains("<a href=\"https://example.org/page\">site</a>"))
        let arabic = Fixtures.read("\(output)/demo/ar/basics/first.html")
        #expect(arabic.contains("<a href=\"second.html\">الدرس الثاني</a>"))
        let second = Fixtures.read("\(output)/demo/ckb/basics/second.html")
        #expect(second.contains("<a href=\"first.html\">the first</a>"))
    }

    @Test func arabicPagesAreRightToLeftWithCodeLeftToRight() {
        let (output, _) = build()
        let page = Fixtures.read("\(output)/demo/ar/basics/first.html")
        #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(page.contains("<code dir=\"ltr\">SUM</code>"))
        #expect(page.contains("<p class=\"callout-title\">نصيحة</p>"))
        #expect(page.contains("<a href=\"../../en/basics/first.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"))
        let english = Fixtures.read("\(output)/demo/en/basics/first.html")
        #expect(english.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(english.contains("<a href=\"../../ar/basics/first.html\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"))
    }

    @Test func aFourthLocaleTakesItsDirectionAndStringsFromUI() {
        let (output, report) = build()
        let page = Fixtures.read("\(output)/demo/ckb/basics/first.html")
        #expect(page.contains("<html lang=\"ckb\" dir=\"rtl\">"))
        #expect(page.contains("<span class=\"pager-label\">دواتر</span>"))
        #expect(page.contains("<span class=\"pager-label\">Previous</span>") == false)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func missingTranslationFallsBackToTheSourceUnderABanner() {
        let (output, _) = build()
        let page = Fixtures.read("\(output)/demo/ar/basics/second.html")
        #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(page.contains("<p class=\"fallback-banner\" role=\"note\">لم يُترجَم هذا الدرس إلى العربية بعد، فهو معروض هنا بلغته الأصلية (الإنجليزية).</p>"))
        #expect(page.contains("<div class=\"lesson-body\" lang=\"en\" dir=\"ltr\">"))
        #expect(page.contains("<header class=\"lesson-header\" lang=\"en\" dir=\"ltr\">\n<h1>Second lesson</h1>"))
        // The switcher marks the locale in which this lesson is missing.
        #expect(page.contains("aria-current=\"page\">العربية</a> <small class=\"language-missing\" lang=\"ar\" dir=\"rtl\">(لم يُترجَم بعد)</small>"))
        // A translated lesson has no banner.
        #expect(!Fixtures.read("\(output)/demo/ar/basics/first.html").contains("fallback-banner"))
    }

    @Test func courseHomeListsModulesLessonsDurationsAndObjectives() {
        let (output, _) = build()
        let home = Fixtures.read("\(output)/demo/ar/index.html")
        #expect(home.contains("<h2 id=\"module-basics\">الأساسيات</h2>"))
        #expect(home.contains("<h2 id=\"module-more\" lang=\"en\" dir=\"ltr\">More</h2>"))
        #expect(home.contains("<p class=\"meta\">وحدتان · 3 دروس · 15 دقيقة</p>"))
        #expect(home.contains("<li>read a table</li>"))
        #expect(home.contains("<span class=\"badge\">لم يُترجَم بعد</span>"))
    }

    @Test func assetsAreFingerprintedAndLinkedRelatively() throws {
        let (output, _) = build()
        let assets = try FileManager.default.contentsOfDirectory(atPath: "\(output)/demo/assets").sorted()
        #expect(assets.count == 7)
        #expect(assets.allSatisfy { $0.range(of: #"^(coursekit(-exercises|-preview|-search)?|icon-48)\.[0-9a-f]{10}\.(css|js|html|png)$"#, options: .regularExpression) != nil })
        let page = Fixtures.read("\(output)/demo/en/more/last.html")
        #expect(page.contains("href=\"../../assets/\(assets.first { $0.hasPrefix("coursekit.") && $0.hasSuffix(".css") }!)\""))
    }

    @Test func theSameInputGivesByteIdenticalOutput() {
        let first = Fixtures.snapshot(build().output)
        let second = Fixtures.snapshot(build().output)
        #expect(first.count > 10)
        #expect(first == second)
    }

    @Test func aFailingBuildLeavesThePreviousOutputUntouched() throws {
        let content = Fixtures.copyOfTree()
        let (output, report) = build(content)
        #expect(report.wrote)
        let before = Fixtures.snapshot(output)
        Fixtures.write("---\ntitle: [broken\n---\n", to: "\(content)/demo/02-more/01-last.en.md")
        let failed = build(content, output: output).report
        #expect(!failed.wrote)
        #expect(failed.diagnostics.hasErrors)
        #expect(Fixtures.snapshot(output) == before)
        let parent = (output as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".Output.coursekit-cache", ".Output.coursekit.lock", "Output"])
    }

    /// The lesson pack is kept before pages are rendered (`keepCompiledLessons`); a first build
    /// that fails after that (here at rendering, on a broken theme) or before it leaves nothing.
    @Test func aFailingFirstBuildLeavesNothing() throws {
        let brokenTheme = Fixtures.copyOfTree()
        Fixtures.write("<main>{{#title}}\n", to: "\(brokenTheme)/theme/templates/lesson.mustache")
        let brokenLesson = Fixtures.copyOfTree()
        Fixtures.write("---\ntitle: [broken\n---\n", to: "\(brokenLesson)/demo/02-more/01-last.en.md")
        for content in [brokenTheme, brokenLesson] {
            let (output, report) = build(content)
            #expect(!report.wrote)
            #expect(report.diagnostics.hasErrors)
            let parent = (output as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0 != ".Output.coursekit.lock" } == [])
            // An output in a folder that does not exist yet: the folder is not made either.
            let folder = Fixtures.temporaryFolder()
            #expect(!build(content, output: "\(folder)/dist/site").report.wrote)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
        }
        // When it succeeds, the lessons are kept once the output's folder is there.
        let folder = Fixtures.temporaryFolder()
        #expect(build(output: "\(folder)/dist/site").report.wrote)
        #expect(FileManager.default.fileExists(atPath: "\(folder)/dist/.site.coursekit-cache/\(LessonPack.fileName)"))
    }

    @Test func aSuccessfulRebuildReplacesTheOutputAndCleansLeftovers() throws {
        let content = Fixtures.copyOfTree()
        let (output, _) = build(content)
        let parent = (output as NSString).deletingLastPathComponent
        // What a build killed half-way leaves behind (its process is gone).
        var gone: Int32 = 4_000_000
        while kill(gone, 0) == 0 || errno != ESRCH { gone -= 1 }
        Fixtures.write("partial", to: "\(parent)/.Output.coursekit-new-\(gone)/index.html")
        Fixtures.write("coursekit staging folder\n", to: "\(parent)/.Output.coursekit-new-\(gone)/.coursekit-staging")
        Fixtures.write("---\ntitle: Renamed\n---\nNew.\n", to: "\(content)/demo/02-more/01-last.en.md")
        #expect(build(content, output: output).report.wrote)
        #expect(Fixtures.read("\(output)/demo/en/more/last.html").contains("<h1>Renamed</h1>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == [".Output.coursekit-cache", ".Output.coursekit.lock", "Output"])
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() {
        let output = Fixtures.temporaryFolder() + "/Documents"
        Fixtures.write("precious", to: "\(output)/thesis.txt")
        let report = build(output: output).report
        #expect(!report.wrote)
        #expect(report.diagnostics.last?.message.contains("was not written by coursekit") == true)
        #expect(Fixtures.read("\(output)/thesis.txt") == "precious")
    }
}

@Suite struct InterfaceTests {
    @Test func arabicPluralCategoriesFollowCLDR() {
        let ar = LocaleID("ar")
        let expected: [(Int, PluralCategory)] = [
            (0, .zero), (1, .one), (2, .two), (3, .few), (10, .few), (11, .many), (99, .many),
            (100, .other), (101, .other), (102, .other), (103, .few), (111, .many), (1000, .other),
        ]
        for (count, category) in expected {
            #expect(PluralRules.category(for: count, in: ar) == category, "\(count)")
        }
    }

    @Test func englishAndFrenchPlurals() {
        #expect(PluralRules.category(for: 1, in: LocaleID("en")) == .one)
        #expect(PluralRules.category(for: 0, in: LocaleID("en")) == .other)
        #expect(PluralRules.category(for: 0, in: LocaleID("fr")) == .one)
        #expect(PluralRules.category(for: 2, in: LocaleID("fr")) == .other)
        #expect(PluralRules.category(for: 1_000_000, in: LocaleID("fr")) == .many)
    }

    @Test func countedStringsUseThePluralForm() {
        let catalog = InterfaceCatalog()
        let ar = LocaleID("ar")
        #expect(catalog.count("lessons", 0, ar) == "لا توجد دروس")
        #expect(catalog.count("lessons", 1, ar) == "درس واحد")
        #expect(catalog.count("lessons", 2, ar) == "درسان")
        #expect(catalog.count("lessons", 5, ar) == "5 دروس")
        #expect(catalog.count("lessons", 11, ar) == "11 درسًا")
        #expect(catalog.count("lessons", 100, ar) == "100 درس")
        #expect(catalog.count("lessons", 1, LocaleID("en")) == "1 lesson")
        #expect(catalog.count("lessons", 0, LocaleID("fr")) == "0 leçon")
    }

    @Test func overridesReplaceStringsAndUnknownLocalesFallBackToEnglish() {
        let catalog = InterfaceCatalog(overrides: [
            LocaleID("fr"): InterfaceOverrides(strings: ["next": .plain("Leçon suivante")], sourcePath: "ui/fr.yaml"),
            LocaleID("fa"): InterfaceOverrides(languageName: "فارسی", strings: ["next": .plain("بعدی")], sourcePath: "ui/fa.yaml"),
        ])
        #expect(catalog.text("next", LocaleID("fr")) == "Leçon suivante")
        #expect(catalog.text("previous", LocaleID("fr")) == "Précédent")
        #expect(catalog.text("next", LocaleID("fa")) == "بعدی")
        #expect(catalog.text("previous", LocaleID("fa")) == "Previous")
        #expect(catalog.direction(LocaleID("fa")) == .rtl)
        #expect(catalog.languageName(LocaleID("fa")) == "فارسی")
    }

    /// In a sentence a language is named in the reader's language («affichée en anglais»),
    /// from CLDR for the built-in locales, from a new locale's ui file where it says so.
    @Test func languagesAreNamedInTheReadersLanguage() {
        let catalog = InterfaceCatalog(overrides: [
            LocaleID("ckb"): InterfaceOverrides(languageName: "کوردی", languageNames: ["en": "ئینگلیزی"], sourcePath: "ui/ckb.yaml"),
        ])
        let (en, fr, ar, ckb) = (LocaleID("en"), LocaleID("fr"), LocaleID("ar"), LocaleID("ckb"))
        #expect(catalog.languageName(en, in: fr) == "anglais")
        #expect(catalog.languageName(fr, in: fr) == "français")
        #expect(catalog.languageName(en, in: ar) == "الإنجليزية")
        #expect(catalog.languageName(ar, in: en) == "Arabic")
        #expect(catalog.languageName(en, in: ckb) == "ئینگلیزی")
        #expect(catalog.languageName(en) == "English", "the switcher keeps each name in itself")
    }
}

@Suite struct OutputLayoutTests {
    @Test func relativeLinksBetweenOutputFiles() {
        #expect(OutputLayout.link(from: "c/en/m/a.html", to: "c/en/m/b.html") == "b.html")
        #expect(OutputLayout.link(from: "c/en/m/a.html", to: "c/en/n/b.html") == "../n/b.html")
        #expect(OutputLayout.link(from: "c/en/m/a.html", to: "c/assets/x.css") == "../../assets/x.css")
        #expect(OutputLayout.link(from: "index.html", to: "ar/index.html") == "ar/index.html")
        #expect(OutputLayout.link(from: "c/ar/index.html", to: "ar/index.html") == "../../ar/index.html")
        #expect(OutputLayout.link(from: "c/en/index.html", to: "c/media/a b.png") == "../media/a%20b.png")
    }

    /// The byte-wise link gives what segment-by-segment path arithmetic gives, on paths that
    /// share prefixes in and across segments, with spaces, Arabic and accented names.
    @Test func linksMatchSegmentArithmetic() {
        func reference(from: String, to: String) -> String {
            let fromFolders = from.split(separator: "/").dropLast()
            let toParts = to.split(separator: "/")
            var common = 0
            while common < fromFolders.count, common < toParts.count - 1, fromFolders[fromFolders.startIndex + common] == toParts[common] { common += 1 }
            return (Array(repeating: "..", count: fromFolders.count - common) + toParts[common...].map(String.init))
                .map(OutputLayout.percentEncodePathSegment).joined(separator: "/")
        }
        let segments = ["c", "cc", "c2", "en", "ar", "m", "media", "a b", "دروس", "é", "x.html", "index.html"]
        var state: UInt64 = 11
        func path() -> String {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let depth = Int(state >> 61) + 1
            return (0..<depth).map { segments[Int((state >> UInt64(3 + $0 * 5)) % UInt64(segments.count))] }.joined(separator: "/")
        }
        for _ in 0..<5_000 {
            let from = path(), to = path()
            #expect(OutputLayout.link(from: from, to: to) == reference(from: from, to: to), "\(from) → \(to)")
        }
    }

    /// Exercise data and script strings are JSON written by hand: it must be what Foundation's
    /// JSONSerialization (sorted keys, slashes as they are) wrote, with `<`, `>`, `&` escaped.
    @Test func handWrittenJSONMatchesFoundation() throws {
        func foundation(_ value: Any) throws -> String {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
                .replacingOccurrences(of: ">", with: "\\u003e").replacingOccurrences(of: "&", with: "\\u0026")
        }
        let pieces = ["a", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}", "<", ">", "&", "é", "ب", "\u{2028}", "😀", " ", "</script>"]
        var state: UInt64 = 5
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let text = (0..<Int(state >> 60)).map { pieces[Int((state >> UInt64(4 + $0 * 4)) % UInt64(pieces.count))] }.joined()
            #expect(JSONValue.array([.string(text), .number(Int(state >> 50))]).text == (try foundation([text, Int(state >> 50)])), "\(text.unicodeScalars.map(\.value))")
        }
        // Key order, on the real interface strings (letters, digits and underscores).
        let keys = InterfaceCatalog().keys.shuffled()
        let object = Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.object(["other": .string($0)])) })
        #expect(JSONValue.object(object).text == (try foundation(Dictionary(uniqueKeysWithValues: keys.map { ($0, ["other": $0]) }))))
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(ContentHash.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex(Array(String(repeating: "a", count: 1000).utf8)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

@Suite struct ThemeTests {
    @Test func aPartnerThemeReplacesTemplatesAndAssets() throws {
        let content = Fixtures.copyOfTree()
        Fixtures.write("<p class=\"partner\">{{title}} — {{t.next}}</p>\n{{{body}}}", to: "\(content)/theme/templates/lesson.mustache")
        Fixtures.write("body { color: teal; }\n", to: "\(content)/theme/assets/coursekit.css")
        Fixtures.write("logo", to: "\(content)/theme/assets/logo.svg")
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: content, outputPath: output).run()
        #expect(report.wrote, "\(report.diagnostics)")
        let page = Fixtures.read("\(output)/demo/fr/basics/first.html")
        #expect(page.isEmpty) // fr is not a locale of the fixture site
        let arabic = Fixtures.read("\(output)/demo/ar/basics/first.html")
        #expect(arabic.contains("<p class=\"partner\">الدرس الأول — التالي</p>"))
        let assets = try FileManager.default.contentsOfDirectory(atPath: "\(output)/demo/assets").sorted()
        let css = try #require(assets.first { $0.hasPrefix("coursekit.") && $0.hasSuffix(".css") })
        #expect(Fixtures.read("\(output)/demo/assets/\(css)") == "body { color: teal; }\n")
        #expect(assets.contains("logo.svg"))
    }

    @Test func aBrokenTemplateIsReportedAtItsLine() {
        let content = Fixtures.copyOfTree()
        Fixtures.write("<h1>\n{{#title}}\n<p>never closed</p>\n", to: "\(content)/theme/templates/course.mustache")
        let diagnostics = SiteBuild(contentRoot: content, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location?.file == "\(content)/theme/templates/course.mustache")
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.message.hasPrefix("template error") == true)
    }

    /// A template that includes itself used to recurse until the build crashed (SIGSEGV).
    @Test func aTemplateThatIncludesItselfIsAnErrorNotACrash() {
        let content = Fixtures.copyOfTree()
        Fixtures.write("<main>{{> course}}{{> nosuch}}</main>", to: "\(content)/theme/templates/lesson.mustache")
        Fixtures.write("<div>{{> lesson}}</div>", to: "\(content)/theme/templates/course.mustache")
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: content, outputPath: output).run()
        #expect(!report.wrote)
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains("template 'lesson' includes itself (lesson → course → lesson); a page would never finish"), "\(messages)")
        #expect(messages.contains("template 'course' includes itself (course → lesson → course); a page would never finish"))
        #expect(messages.contains { $0.hasPrefix("{{> nosuch}} names no template") })
        #expect(report.diagnostics.first { $0.message.hasPrefix("template 'lesson'") }?.location?.file == "\(content)/theme/templates/lesson.mustache")
    }
}

@Suite struct TranslatedAnchorTests {
    /// The course outline lists each lesson with its own exercises, for the done marks: a
    /// lesson without any has none, whatever the page around it has (a missing value used to
    /// be looked up in the page's model, and took the page's exercises).
    @Test func theOutlineListsEachLessonWithItsOwnExercises() throws {
        let output = try #require(Fixtures.builtMinimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\n```quiz\nid: q1\nquestion: Yes?\nanswers:\n  - text: Yes\n    correct: true\n  - text: No\n```\n",
            "02-b.en.md": "---\ntitle: B\n---\n\nNothing to answer here.\n",
        ]))
        let page = Fixtures.read("\(output)/c/en/m/a.html")
        #expect(page.contains("<div class=\"lesson-progress\" data-lesson=\"a\" data-exercises=\"q1\""))
        #expect(page.contains("<li data-lesson=\"a\" data-exercises=\"q1\">"))
        #expect(page.contains("<li data-lesson=\"b\"><a "))
    }

    /// On the course home, a lesson without a duration shows none (it showed its module's total,
    /// looked up in the module around it).
    @Test func aLessonWithoutADurationShowsNone() throws {
        let output = try #require(Fixtures.builtMinimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\nduration: 10\n---\n\nText.\n",
            "02-b.en.md": "---\ntitle: B\n---\n\nText.\n",
        ]))
        let home = Fixtures.read("\(output)/c/en/index.html")
        let items = home.components(separatedBy: "<li class=\"lesson-item\"").dropFirst().map { $0.components(separatedBy: "</li>")[0] }
        #expect(items.count == 2)
        #expect(items.first?.contains("<span class=\"meta\">") == true)
        #expect(items.last?.contains("data-lesson=\"b\"") == true && items.last?.contains("<span class=\"meta\">") == false)
    }

    @Test func aLinkToAHeadingLeadsToTheSameHeadingInTheReadersLanguage() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\nSee [part two](02-b.md#part-two).\n",
            "01-a.fr.md": "---\ntitle: A\n---\n\nVoir [la partie deux](02-b.md#part-two).\n",
            "02-b.en.md": "---\ntitle: B\n---\n\n## Part one\n\nOne.\n\n## Part two\n\nTwo.\n",
            "02-b.fr.md": "---\ntitle: B\n---\n\n## Première partie\n\nUn.\n\n## Deuxième partie\n\nDeux.\n",
        ])
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        // cmark percent-encodes hrefs; browsers decode the fragment before looking for the id.
        #expect(Fixtures.read("\(output)/c/fr/m/a.html").contains("<a href=\"b.html#deuxi%C3%A8me-partie\">la partie deux</a>"))
        #expect(Fixtures.read("\(output)/c/en/m/a.html").contains("<a href=\"b.html#part-two\">part two</a>"))
        // Arabic has no translation of b: the English page, with the English anchor, is shown.
        #expect(Fixtures.read("\(output)/c/ar/m/a.html").contains("<a href=\"b.html#part-two\">part two</a>"))
    }

    @Test func anAnchorInNoVersionIsReported() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\nSee [it](02-b.md#part-three).\n",
            "02-b.en.md": "---\ntitle: B\n---\n\n## Part one\n\nOne.\n\n## Part two\n\nTwo.\n",
        ])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        // Once, at the line to fix, naming the lesson file whose headings were searched.
        #expect(diagnostics.map(\.message).count == 1)
        #expect(diagnostics.first?.message.hasPrefix("no heading '#part-three' in ") == true)
        #expect(diagnostics.first?.message.hasSuffix("c/01-m/02-b.en.md") == true)
        #expect(diagnostics.allSatisfy { $0.location?.line == 5 && $0.severity == .warning })
    }
}

@Suite struct LessonLayoutTests {
    /// A callout kind that does not exist, and sections left without text, at their line and column.
    @Test func unknownCalloutsAndEmptySectionsAreReported() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\n> [!TIPS]\n> Save often.\n\n## Summary\n\n## Practice\n\n### Step one\n\nDo it.\n\n## Done\n",
        ])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        #expect(diagnostics.map { "\($0.location!.line):\($0.location!.column): \($0.message)" } == [
            "5:3: unknown callout '[!TIPS]': it shows as a plain quote with the marker in it; did you mean '[!TIP]'? callouts are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]",
            "8:1: the section '## Summary' is empty: the next heading follows at once; write its text under it, or remove the heading",
            "16:1: the section '## Done' is empty: it ends the lesson; write its text under it, or remove the heading",
        ])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        // `## Practice` is not empty: its text is under `### Step one`. A quote that only starts
        // with a bracket, and a known callout, are not reported.
        #expect(LessonLayout.unknownCallout(in: "> [!NOTE]") == nil && LessonLayout.unknownCallout(in: "> [link](x.md)") == nil)
    }
}

@Suite struct CheckStagesTests {
    /// Problems found by every stage — YAML, an exercise, a link, an anchor, an image — come
    /// out of one run of `check`: an author fixes them all at once.
    @Test func checkReportsEveryStageInOneRun() {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: [unclosed\n---\n\nText.\n",
            "02-b.en.md": """
            ---
            title: B
            ---

            See [nothing](09-nope.md) and [there](03-c.md#nowhere).

            ![](../media/chart.svg)

            ```quiz
            id: q1
            question: Which?
            answers:
              - text: this
              - text: that
            ```

            """,
            "03-c.en.md": "---\ntitle: C\n---\n\n## Somewhere\n\nText.\n",
        ], extra: ["c/media/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        let found = diagnostics.map { "\($0.location.map { URL(fileURLWithPath: $0.file).lastPathComponent } ?? ""):\($0.location?.line ?? 0): \($0.message)" }
        #expect(found.contains { $0.hasPrefix("01-a.en.md:2: ") && $0.contains("this '[' is never closed") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("02-b.en.md:13: ") && $0.contains("has no correct answer") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("02-b.en.md:5: ") && $0.contains("points to a lesson that does not exist") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("02-b.en.md:5: ") && $0.contains("no heading '#nowhere' in") && $0.hasSuffix("03-c.en.md") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("02-b.en.md:7: ") && $0.contains("has no alt text") }, "\(found)")
    }
}

@Suite struct SlugCollisionTests {
    @Test func twoLessonFilesForOnePageAreAnError() {
        let root = Fixtures.minimalSite(lessons: [
            "04-cleaning.en.md": "---\ntitle: Cleaning\n---\n\nText.\n",
            "06-cleaning.en.md": "---\ntitle: Cleaning again\n---\n\nText.\n",
            "07-tables.md": "---\ntitle: Tables\n---\n\nText.\n",
            "07-tables.en.md": "---\ntitle: Tables\n---\n\nText.\n",
        ])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        let collisions = diagnostics.filter { $0.message.contains("is written twice") }
        #expect(collisions.count == 2, "\(diagnostics)")
        #expect(collisions.allSatisfy { $0.severity == .error })
        #expect(collisions.contains { $0.location?.file.hasSuffix("06-cleaning.en.md") == true && $0.message.contains("04-cleaning.en.md") && $0.message.contains("'cleaning.html'") })
        #expect(collisions.contains { $0.message.contains("07-tables") && $0.message.contains("'tables.html'") })
    }
}

@Suite struct LocaleCaseTests {
    /// `en` and `EN` would make folders that collide on FAT USB sticks and on macOS.
    @Test func localesThatDifferOnlyInCaseAreAnError() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\nText.\n"],
                                        extra: ["site.yaml": "title: Test\nlocales: [en, EN, fr]\n"])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        #expect(diagnostics.contains { $0.severity == .error && $0.message == "locales 'en' and 'EN' differ only in case; write each locale once, in lower case" && $0.location?.line == 2 },
                "\(diagnostics)")
    }
}

/// "On this page" nests each `###` under its `##`: the reader sees sections and their parts,
/// not one list numbered through both levels.
@Suite struct TableOfContentsTests {
    @Test func subsectionsAreNestedUnderTheirSection() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\n### Before\n\n## One\n\n### One a\n\n### One b\n\n## Two\n\n#### Deep\n",
        ])
        let output = Fixtures.temporaryFolder() + "/Output"
        #expect(SiteBuild(contentRoot: root, outputPath: output).run().wrote)
        let page = Fixtures.read("\(output)/c/en/m/a.html")
        #expect(page.contains("<li><a href=\"#before\">Before</a></li>"
            + "<li><a href=\"#one\">One</a><ul><li><a href=\"#one-a\">One a</a></li><li><a href=\"#one-b\">One b</a></li></ul></li>"
            + "<li><a href=\"#two\">Two</a></li>"))
        #expect(!page.contains("href=\"#deep\""))
    }
}

/// A link a learner's browser cannot open is a warning at its line and column, naming the scheme.
@Suite struct LinkSchemeTests {
    @Test func onlyWebMailAndPhoneAddressesPassQuietly() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\nSee [assign](mdn:js/Object/assign) and [the site](HTTPS://example.org).\n\n"
                + "Write to [us](mailto:team@example.org), call [the helpline](tel:+33123456789), or [fetch it](ftp://example.org/a.csv).\n",
        ])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
            .map { $0.description.replacingOccurrences(of: root + "/", with: "") }
        #expect(diagnostics == [
            "c/01-m/01-a.en.md:5:5: warning: link 'mdn:js/Object/assign' has a 'mdn:' address, which a learner's browser cannot open; use an http(s) or mailto: address, or a path to a lesson or media file",
            "c/01-m/01-a.en.md:7:83: warning: link 'ftp://example.org/a.csv' has a 'ftp:' address, which a learner's browser cannot open; use an http(s) or mailto: address, or a path to a lesson or media file",
        ])
    }
}
