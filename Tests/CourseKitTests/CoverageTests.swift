import Testing
import Markdown
import Foundation
import CourseModel
@testable import CourseLoader
@testable import Translation
import Localization

/// Translation coverage on Fixtures/coverage, which holds every status: complete, a
/// whitespace-only source edit (still complete), outdated, unstamped, a changed correct answer
/// (mismatch), a garbage source_hash, and missing lessons and titles.
@Suite struct CoverageTests {
    private func report(_ root: String, _ selection: CoverageAnalyzer.Selection = .init()) throws -> CoverageReport {
        let loader = ContentLoader(root: root)
        let site = try #require(loader.load().site)
        return CoverageAnalyzer(site: site, files: loader.files).report(selection)
    }

    private var fixture: String { Bundle.module.url(forResource: "Fixtures/coverage", withExtension: nil)!.path }

    @Test func theFixtureGivesTheExpectedJSON() throws {
        let expected = try String(contentsOf: Bundle.module.url(forResource: "Fixtures/coverage-expected", withExtension: "json")!, encoding: .utf8)
        #expect(try report(fixture).json() == expected)
        // And it reads back as the same report: the nulls as absent values.
        #expect(try JSONDecoder().decode(CoverageReport.self, from: Data(expected.utf8)) == report(fixture))
    }

    @Test func everyStatusIsFound() throws {
        let french = try #require(try report(fixture).locales.first { $0.locale == "fr" })
        let statuses = french.courses[0].modules[0].lessonDetails.map { "\($0.slug): \($0.status.rawValue)" }
        #expect(statuses == ["complete: complete", "whitespace: complete", "outdated: outdated", "unstamped: unstamped",
                             "mismatch: mismatch", "garbage: unstamped", "copied: copied", "missing: missing"])
        let garbage = french.courses[0].modules[0].lessonDetails[5]
        #expect(garbage.problems == ["source_hash '0000-not-a-stamp' is not a coursekit stamp; run: coursekit translations stamp cov/01-m/06-garbage.fr.md"])
        let mismatch = french.courses[0].modules[0].lessonDetails[4]
        #expect(mismatch.problems == ["exercise 'pick' has correct answer 2 here (line 8), correct answer 1 in the source (line 7)"])
        // Only the exercise's words are still to translate: the rest of the lesson is.
        #expect(mismatch.words.wordsToTranslate > 0 && mismatch.words.wordsToTranslate < mismatch.words.sourceWords)
        #expect(french.missingTitles == [MissingTitle(file: "cov/course.yaml", key: "description", sourceText: "Every translation status.")])
        #expect(french.lessons == StatusCounts(complete: 2, unstamped: 2, copied: 1, outdated: 1, mismatch: 1, missing: 1))
        // An unstamped or copied translation is not counted as translated.
        let details = french.courses[0].modules[0].lessonDetails
        for lesson in details where [.unstamped, .copied].contains(lesson.status) {
            #expect(lesson.words.wordsToTranslate == lesson.words.sourceWords && lesson.words.sourceWords > 0, "\(lesson.slug)")
        }
    }

    @Test func filtersByLocaleAndCourse() throws {
        #expect(try report(fixture, .init(locale: LocaleID("ar"))).locales.map(\.locale) == ["ar"])
        #expect(try report(fixture, .init(courseID: "nope")).locales.allSatisfy { $0.courses.isEmpty })
    }

    @Test func failUnderNamesTheLocalesBelow() throws {
        let coverage = try report(fixture)
        #expect(coverage.locales(below: 20).map(\.locale) == ["ar"])
        #expect(coverage.locales(below: 50).map(\.locale) == ["fr", "ar"])
        #expect(coverage.locales(below: 10).isEmpty)
    }

    @Test func everyFormatShowsTheChangedBlocks() throws {
        let coverage = try report(fixture)
        for format in CoverageFormat.allCases {
            let text = coverage.rendered(as: format)
            #expect(text.contains("Second paragraph has changed a lot."), "\(format)")
            #expect(text.contains("A new paragraph was added at the end."), "\(format)")
        }
        #expect(!coverage.rendered(as: .text).contains("\u{1B}["))
        #expect(coverage.rendered(as: .text, color: true).contains("\u{1B}[32mcomplete"))
        let html = coverage.rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }
}

/// coverage.html speaks the site's default locale: its headings, statuses and change
/// summaries, its direction and its decimal separator.
@Suite struct CoveragePageLanguageTests {
    private var fixture: String { Bundle.module.url(forResource: "Fixtures/coverage", withExtension: nil)!.path }

    private func page(in locale: String) throws -> String {
        let loader = ContentLoader(root: fixture)
        let site = try #require(loader.load().site)
        return CoverageAnalyzer(site: site, files: loader.files).report()
            .rendered(as: .html, interface: InterfaceCatalog(), locale: LocaleID(locale))
    }

    @Test func arabicPageIsArabicFromRightToLeft() throws {
        let html = try page(in: "ar")
        #expect(html.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(html.contains("<title>حالة الترجمات</title>"))
        let catalog = InterfaceCatalog()
        for status in LessonStatus.allCases where status != .draft {   // the fixture has every status but draft
            let name = catalog.text("coverage_status_\(status.rawValue)", LocaleID("ar"))
            #expect(html.contains("class=\"status \(status.rawValue)\" data-label=\"الحالة\">\(name)</td>"), "\(status)")
        }
        // The outdated lesson's changed paragraph, in Arabic, with its plural of words.
        #expect(html.contains("(فقرة): نص معدَّل"))
        // No English chrome is left (lesson text and diagnostics may be English).
        for english in ["Translation coverage", "Words to translate", "Lesson</th>", ">outdated<", "words still to translate", "Line "] {
            #expect(!html.contains(english), "\(english)")
        }
        // Each translated locale's heading names it in its own language and direction.
        #expect(html.contains("<span lang=\"fr\" dir=\"ltr\">Français</span>"))
    }

    @Test func frenchPageUsesTheFrenchDecimalComma() throws {
        let html = try page(in: "fr")
        #expect(html.contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(html.contains("<h1>État des traductions</h1>"))
        #expect(html.range(of: #"— \d+,\d %</h2>"#, options: .regularExpression) != nil)
        #expect(html.range(of: #"— \d+\.\d %</h2>"#, options: .regularExpression) == nil)
    }
}

@Suite struct WordCountTests {
    @Test func frenchWordsFollowUnicodeBoundaries() {
        // l'information and aujourd'hui are one word each; c'est-à-dire is three; 1 200,50 is two.
        #expect(WordCounter.count("L'information, c'est-à-dire les données « brutes », vaut 1 200,50 € aujourd'hui.") == 11)
    }

    @Test func arabicWordsFollowUnicodeBoundaries() {
        // The Arabic comma without a space separates; diacritics stay inside their word; ١٬٢٠٠ is one number.
        #expect(WordCounter.count("البيانات،والمعلومات هي ما نستنتجه منها: ١٬٢٠٠ قيمة مسجَّلة.") == 9)
    }

    /// The counter decides most scalars from ranges (French and Arabic letters, marks, digits)
    /// instead of Unicode's properties: both must say the same of every scalar.
    @Test func theFastCasesAgreeWithUnicodesProperties() {
        let disagreeing = (0...0xFFFF).compactMap(Unicode.Scalar.init).filter {
            WordCounter.isWordScalar($0) != WordCounter.hasWordProperties($0)
        }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(10).map { String($0.value, radix: 16) })")
        // And the joining rules' ASCII answers, over every ASCII scalar.
        let ascii = (0...0x7F).compactMap(Unicode.Scalar.init)
        #expect(ascii.filter { WordCounter.isAlphabetic($0) != $0.properties.isAlphabetic }.isEmpty)
        #expect(ascii.filter { WordCounter.isDecimalDigit($0) != ($0.properties.numericType == .decimal) }.isEmpty)
        #expect(WordCounter.count("Élève à l'école, شَمْس ٣٫٥ œuvre") == 6)
    }

    @Test func codeIsNotCountedButExerciseTextIs() throws {
        let body = "Four words of prose.\n\n```python\nprint('not counted at all')\n```\n\n```quiz\nid: not-counted\nquestion: Three words here\nanswers:\n  - {text: yes, correct: true}\n  - no\n```\n"
        var source = LessonSource(locale: LocaleID("en"), path: "x.en.md", title: "Two words", duration: nil, objectives: ["one"],
                                  sourceHash: nil, compiled: MarkdownCompiler.compile(body, options: MarkdownOptions()), bodyStartLine: 4)
        var exercises = ExerciseReader(files: ContentFiles(root: "/content"), path: source.path, bodyStartLine: 4, options: MarkdownOptions(), countsWords: true)
        source.exercises = exercises.read(source.compiled.fencedBlocks)
        source.units = TranslationUnits(source, body: body, exerciseWords: exercises.translatableWords)
        let blocks = try #require(LessonBlocks(source))
        #expect(blocks.blocks.map(\.words) == [3, 4, 0, 5])
        #expect(blocks.words == 12)
    }
}

@Suite struct StampTests {
    private func load(_ root: String) throws -> (Site, ContentFiles) {
        let loader = ContentLoader(root: root)
        return (try #require(loader.load().site), loader.files)
    }

    private func status(_ root: String, lesson: String, locale: String = "fr") throws -> LessonCoverage {
        let (site, files) = try load(root)
        let report = CoverageAnalyzer(site: site, files: files).report(.init(locale: LocaleID(locale)))
        return try #require(report.locales.first?.courses.first?.modules.flatMap(\.lessonDetails).first { $0.slug == lesson })
    }

    /// A stamp means "this translates that version": a translation whose structure differs is
    /// refused with the differences; `--all` leaves outdated ones alone; a dry run writes nothing.
    @Test func stampingMeansSomething() throws {
        let quiz = { (correct: Int) in
            "```quiz\nid: q\nquestion: Which?\nanswers:\n  - text: \"1\"\n" + (correct == 1 ? "    correct: true\n" : "")
                + "  - text: \"2\"\n" + (correct == 2 ? "    correct: true\n" : "") + "```\n"
        }
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\n---\n\nText with [a link](02-b.md).\n\n" + quiz(1),
            "01-a.fr.md": "---\ntitle: Traduction\n---\n\nTexte sans lien.\n\n" + quiz(2),
            "02-b.en.md": "---\ntitle: B\n---\n\nFirst.\n",
            "02-b.fr.md": "---\ntitle: B fr\n---\n\nPremier.\n",
        ])
        var (site, files) = try load(root)
        let mismatched = Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.fr.md")
        guard case .failure(let refusal) = mismatched else { Issue.record("a mismatched translation was stamped"); return }
        #expect(refusal.message.contains("exercise 'q' has correct answer 2 here (line 7), correct answer 1 in the source (line 7)"), "\(refusal.message)")
        #expect(!Fixtures.read(root + "/c/01-m/01-a.fr.md").contains("source_hash"))

        let translation = root + "/c/01-m/02-b.fr.md"
        let dryRun = try Stamper(site: site, files: files).stamp(translation, .init(dryRun: true)).get()
        guard case .wouldStamp = dryRun else { Issue.record("\(dryRun)"); return }
        #expect(!Fixtures.read(translation).contains("source_hash"))
        guard case .stamped = try Stamper(site: site, files: files).stamp(translation).get() else { Issue.record("not stamped"); return }

        // The source changes: --all leaves the now outdated translation alone; --force stamps it.
        Fixtures.write(Fixtures.read(root + "/c/01-m/02-b.en.md").replacingOccurrences(of: "First.", with: "First, changed."), to: root + "/c/01-m/02-b.en.md")
        (site, files) = try load(root)
        let before = Fixtures.read(translation)
        #expect(try Stamper(site: site, files: files).stamp(translation, .init(onlyUnstamped: true)).get() == .leftOutdated(path: "c/01-m/02-b.fr.md"))
        #expect(Fixtures.read(translation) == before)
        guard case .stamped = try Stamper(site: site, files: files).stamp(translation, .init(onlyUnstamped: false)).get() else { Issue.record("not stamped"); return }
    }

    @Test func stampThenEditThenCoverage() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\nduration: 5\n---\n\nFirst paragraph.\n\nSecond paragraph here.\n\n## A heading\n",
            "01-a.fr.md": "---\n# a translator's comment\ntitle: Traduction\nduration: 5\n---\n\nPremier paragraphe.\n\nDeuxième paragraphe ici.\n\n## Un titre\n",
        ])
        let translation = root + "/c/01-m/01-a.fr.md"
        let original = Fixtures.read(translation)
        #expect(try status(root, lesson: "a").status == .unstamped)

        let (site, files) = try load(root)
        let outcome = try Stamper(site: site, files: files).stamp(translation).get()
        guard case .stamped(_, let stamp) = outcome else { Issue.record("not stamped"); return }
        #expect(try status(root, lesson: "a").status == .complete)

        // Only the source_hash line was added; every other line is as it was.
        let stamped = Fixtures.read(translation)
        #expect(stamped.components(separatedBy: "\n").filter { !$0.hasPrefix("source_hash:") } == original.components(separatedBy: "\n"))
        #expect(stamped.contains("\nsource_hash: \(stamp)\n---\n"))
        #expect(stamp.count < 60)

        // Stamping again changes nothing.
        let (again, againFiles) = try load(root)
        #expect(try Stamper(site: again, files: againFiles).stamp(translation).get() == .unchanged(path: "c/01-m/01-a.fr.md"))

        // A one-paragraph edit of the source: outdated, naming that paragraph and counting its words only.
        let source = root + "/c/01-m/01-a.en.md"
        Fixtures.write(Fixtures.read(source).replacingOccurrences(of: "Second paragraph here.", with: "Second paragraph, now with five more words."), to: source)
        let outdated = try status(root, lesson: "a")
        #expect(outdated.status == .outdated)
        #expect(outdated.changes == [BlockChange(change: .changed, block: "paragraph", line: 8, text: "Second paragraph, now with five more words.", words: 7)])
        #expect(outdated.words.wordsToTranslate == 7)
    }

    @Test func whitespaceOnlySourceEditsDoNotStaleATranslation() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\n---\n\nOne long paragraph that an author will re-wrap.\n\n```\nkeep  inner  spaces\n```\n",
            "01-a.fr.md": "---\ntitle: Traduction\n---\n\nUn long paragraphe.\n\n```\nkeep  inner  spaces\n```\n",
        ])
        let (site, files) = try load(root)
        _ = try Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.fr.md").get()
        Fixtures.write("---\r\ntitle: Source   \r\n---\r\n\r\nOne long paragraph that\r\nan author   will re-wrap.  \r\n\r\n\r\n```\r\nkeep  inner  spaces   \r\n```\r\n", to: root + "/c/01-m/01-a.en.md")
        #expect(try status(root, lesson: "a").status == .complete)
        // Inside code, spaces are meaningful.
        Fixtures.write("---\ntitle: Source\n---\n\nOne long paragraph that an author will re-wrap.\n\n```\nkeep inner spaces\n```\n", to: root + "/c/01-m/01-a.en.md")
        #expect(try status(root, lesson: "a").status == .outdated)
    }

    @Test func stampingKeepsCRLFAndBOM() {
        let text = "\u{FEFF}---\r\ntitle: Titre\r\nsource_hash: old\r\n---\r\nCorps\r\n"
        #expect(Stamper.settingSourceHash("ck1.abc", in: text) == "\u{FEFF}---\r\ntitle: Titre\r\nsource_hash: ck1.abc\r\n---\r\nCorps\r\n")
        #expect(Stamper.settingSourceHash("ck1.abc", in: "no front matter") == nil)
    }

    @Test func stampingUpdatesQuotedAndBlockScalarKeysAndCROnlyFiles() {
        #expect(Stamper.settingSourceHash("ck1.new", in: "---\ntitle: T\n\"source_hash\": old\n---\nBody\n")
                == "---\ntitle: T\nsource_hash: ck1.new\n---\nBody\n")
        #expect(Stamper.settingSourceHash("ck1.new", in: "---\n'source_hash' : old\ntitle: T\n---\n")
                == "---\nsource_hash: ck1.new\ntitle: T\n---\n")
        #expect(Stamper.settingSourceHash("ck1.new", in: "---\ntitle: T\nsource_hash: |\n  ck1.old\n  more\nduration: 5\n---\nBody\n")
                == "---\ntitle: T\nsource_hash: ck1.new\nduration: 5\n---\nBody\n")
        #expect(Stamper.settingSourceHash("ck1.new", in: "---\rtitle: T\r---\rBody\r") == "---\rtitle: T\rsource_hash: ck1.new\r---\rBody\r")
        #expect(Stamper.settingSourceHash("ck1.new", in: "---\nsource_hashes: x\n---\n") == "---\nsource_hashes: x\nsource_hash: ck1.new\n---\n")
    }

    /// A translator's file keeps its mode, and its hard links (a CAT tool's folder linking it).
    @Test func stampingKeepsModeAndHardLinks() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\n---\n\nText.\n",
            "01-a.fr.md": "---\ntitle: Traduction\n---\n\nTexte.\n",
            "02-b.en.md": "---\ntitle: Source B\n---\n\nText.\n",
            "02-b.fr.md": "---\ntitle: Traduction B\n---\n\nTexte.\n",
        ])
        let translation = root + "/c/01-m/01-a.fr.md", linked = root + "/c/01-m/02-b.fr.md"
        chmod(translation, 0o640)
        let outside = Fixtures.temporaryFolder() + "/cat-tool-copy.md"
        #expect(link(linked, outside) == 0)
        let (site, files) = try load(root)
        _ = try Stamper(site: site, files: files).stamp(translation).get()
        _ = try Stamper(site: site, files: files).stamp(linked).get()
        var status = stat()
        stat(translation, &status)
        #expect(status.st_mode & 0o777 == 0o640)
        #expect(Fixtures.read(translation).contains("source_hash: ck1."))
        #expect(Fixtures.read(outside) == Fixtures.read(linked))
        #expect(Fixtures.read(outside).contains("source_hash: ck1."))
        stat(linked, &status)
        #expect(status.st_nlink == 2)
    }

    @Test func theSourceItselfIsNotStamped() throws {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\nText\n"])
        let (site, files) = try load(root)
        let result = Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.en.md")
        guard case .failure(let diagnostic) = result else { Issue.record("stamped a source"); return }
        #expect(diagnostic.message == "this is the source lesson; stamp its translations")
    }

    @Test func stampsParseBackAndGarbageDoesNot() {
        let stamp = SourceStamp(whole: "0123456789ab", blocks: ["Ab", "-_"])
        #expect(SourceStamp(parsing: stamp.description) == stamp)
        for garbage in ["", "abc", "ck1.0123.Ab", "ck1.0123456789AB.Ab", "ck1.0123456789ab.A", "ck2.0123456789ab.Ab"] {
            #expect(SourceStamp(parsing: garbage) == nil, "\(garbage)")
        }
    }

    @Test func blockDiffPairsChangesAndFindsAddedAndRemovedBlocks() {
        #expect(BlockDiff.changes(old: ["a", "b", "c"], new: ["a", "B", "c"]) == [.changed(current: 1, old: 1)])
        #expect(BlockDiff.changes(old: ["a", "c"], new: ["a", "b", "c"]) == [.added(current: 1)])
        #expect(BlockDiff.changes(old: ["a", "b", "c"], new: ["a", "c"]) == [.removed(before: 1)])
        #expect(BlockDiff.changes(old: ["a", "b"], new: ["a", "b", "x", "y"]) == [.added(current: 2), .added(current: 3)])
    }

    /// A moved block is the same block: nothing to translate again; what else changed around
    /// it still pairs as before.
    @Test func aMovedBlockIsNotAChange() {
        // Two blocks that swapped places both moved; one that moved past others moved alone.
        #expect(BlockDiff.changes(old: ["a", "b", "c"], new: ["b", "a", "c"]) == [.moved(current: 0), .moved(current: 1)])
        #expect(BlockDiff.changes(old: ["a", "b", "c", "d"], new: ["a", "d", "B", "c"]) == [.moved(current: 1), .changed(current: 2, old: 1)])
        #expect(BlockDiff.changes(old: ["a", "b", "c", "d", "e"], new: ["b", "c", "d", "e", "a"]) == [.moved(current: 4)])
        #expect(BlockDiff.changes(old: ["a", "b", "c", "d"], new: ["a", "c", "b", "d"]) == [.moved(current: 1), .moved(current: 2)])
    }

    @Test func aParagraphSwapCostsNoWords() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\n---\n\nFirst paragraph of the lesson.\n\nSecond paragraph of the lesson.\n",
            "01-a.fr.md": "---\ntitle: Traduction\n---\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n",
        ])
        let (site, files) = try load(root)
        _ = try Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.fr.md").get()
        let source = root + "/c/01-m/01-a.en.md"
        Fixtures.write("---\ntitle: Source\n---\n\nSecond paragraph of the lesson.\n\nFirst paragraph of the lesson.\n", to: source)
        let swapped = try status(root, lesson: "a")
        #expect(swapped.status == .outdated)
        #expect(swapped.changes.map(\.change) == [.moved, .moved])
        #expect(swapped.words.wordsToTranslate == 0)
    }
}

@Suite struct InterfaceCoverageTests {
    @Test func aLocaleWithoutABuiltInCatalogCountsItsInterfaceStrings() throws {
        let site = try #require(ContentLoader(root: Fixtures.tree).load().site)
        let report = CoverageAnalyzer(site: site).report()
        let kurdish = try #require(report.locales.first { $0.locale == "ckb" })
        let interface = try #require(kurdish.interface)
        #expect(interface.total > 50)
        #expect(interface.missing.count == interface.total - 2)   // ui/ckb.yaml gives `next` and `lessons`
        #expect(!interface.missing.contains("next"))
        #expect(report.locales.first { $0.locale == "ar" }?.interface == nil)
        // The fixture's ckb locale has no titles at all.
        #expect(kurdish.missingTitles.map(\.file) == ["site.yaml", "demo/course.yaml", "demo/course.yaml", "demo/01-basics/module.yaml", "demo/02-more/module.yaml"])
    }
}

/// Stamps already written into translations must keep their value: the fast normalisation
/// gives what the grapheme-based definition gave, on text built to trip it up.
@Suite struct NormalisationTests {
    static func referenceCollapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func referenceTrimLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed()) }
            .joined(separator: "\n")
    }

    /// 5,000 texts of 1 to 16 pieces each, the same every run.
    static func texts(of pieces: [String], seed: UInt64) -> [String] {
        var state = seed
        return (0..<5_000).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (0..<Int(state >> 60) + 1).map { index in pieces[Int((state >> UInt64(index * 5 % 55)) % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func linksAndTagsAreStrippedAsTheRegularExpressionsDid() {
        let pieces = ["[a]", "(b)", "](", ")", "<", ">", "<b>", "< b>", "<>", "x", " ", "\n", "\u{00A0}", "é", "]", "(", "\t", "ب"]
        for text in Self.texts(of: pieces, seed: 7) {
            #expect(TranslationText.withoutLinkDestinations(text) == text.replacingOccurrences(of: #"\]\([^)]*\)"#, with: "]", options: .regularExpression), "\(text)")
            #expect(TranslationText.withoutTags(text) == text.replacingOccurrences(of: #"<[^>\s][^>]*>"#, with: " ", options: .regularExpression), "\(text)")
        }
    }

    @Test func fastNormalisationMatchesTheGraphemeDefinition() {
        let pieces = ["a", "é", "e\u{301}", "البيانات", "\u{064E}", "\u{0640}", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{00A0}",
                      "\u{2003}", " \u{301}", "\u{200D}", "\u{093E}", "x", "```", "1,200", "\u{1F469}\u{200D}\u{1F4BB}", "\u{000B}", "\u{2028}"]
        for text in Self.texts(of: pieces, seed: 42) {
            #expect(TranslationText.collapse(text) == Self.referenceCollapse(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            // Lesson text has only "\n" line ends (the loader turns "\r\n" and "\r" into "\n").
            let lines = text.replacingOccurrences(of: "\r", with: "")
            #expect(TranslationText.trimLines(lines) == Self.referenceTrimLines(lines), "\(lines.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

@Suite struct CoverageSchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every key of the coverage JSON, at any depth.
    static func keys(_ value: Any) -> Set<String> {
        switch value {
        case let object as [String: Any]: Set(object.keys).union(object.values.flatMap { keys($0) })
        case let array as [Any]: Set(array.flatMap { keys($0) })
        default: []
        }
    }

    /// The schema docs/coverage.md shows names exactly the keys the JSON has: on a fixture with
    /// every lesson status and block change, and a site with a locale without a built-in catalog.
    /// A translation that adds a note, links to one more page and splits a code sample is
    /// complete, with those differences as notes; one whose answer key differs is a mismatch
    /// naming the exercise and both lines, and only the exercise's words are left to translate.
    @Test func translatorsChoicesAreNotesAndOnlyWhatMisleadsIsAMismatch() throws {
        let source = """
            ---
            title: Totals
            ---

            Add the litres of every day to get the total for the week.

            ```python
            # the total of the week
            total = sum(litres)
            print("Total:", total)
            ```

            ## Practice

            Try it with the numbers of your own village.

            ```quiz
            id: q
            question: Which function adds numbers?
            answers:
              - text: sum
                correct: true
              - text: max
            ```

            """
        let translation = { (correct: String) in """
            ---
            title: Totaux
            source_hash: STAMP
            ---

            Additionnez les litres de chaque jour pour obtenir le total de la semaine.

            ```python
            # le total de la semaine
            total = sum(litres)
            ```

            ```python
            print("Total :", total)
            ```

            ## Note pour les animateurs

            Voir aussi [la vidéo](https://example.org/video) en français.

            ## Pratique

            Essayez avec les nombres de votre village.

            ```quiz
            id: q
            question: Quelle fonction additionne des nombres ?
            answers:
              - text: sum
                \(correct == "sum" ? "correct: true" : "")
              - text: max
                \(correct == "max" ? "correct: true" : "")
            ```

            """ }
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": source, "01-a.fr.md": translation("sum"), "02-b.en.md": source,
                                                  "02-b.fr.md": translation("max")])
        func load(_ root: String) throws -> (Site, ContentFiles) {
            let loader = ContentLoader(root: root)
            return (try #require(loader.load().site), loader.files)
        }
        var (site, files) = try load(root)
        let stamp = try #require(LessonBlocks(site.courses[0].lessons[0].sources[LocaleID("en")]!)).stamp.description
        for name in ["01-a.fr.md", "02-b.fr.md"] {
            Fixtures.write(Fixtures.read(root + "/c/01-m/" + name).replacingOccurrences(of: "STAMP", with: stamp), to: root + "/c/01-m/" + name)
        }
        (site, files) = try load(root)
        let lessons = CoverageAnalyzer(site: site, files: files).report().locales.first { $0.locale == "fr" }!.courses[0].modules[0].lessonDetails
        let adapted = lessons[0], misleading = lessons[1]
        #expect(adapted.status == LessonStatus.complete && adapted.problems == [] && adapted.words.wordsToTranslate == 0)
        #expect(adapted.notes == ["a heading added here: ## Note pour les animateurs (line 17)", "the same code in 2 blocks here, 1 in the source",
                                  "1 links here, 0 in the source"])
        #expect(misleading.status == LessonStatus.mismatch)
        #expect(misleading.problems == ["exercise 'q' has correct answer 2 here (line 25), correct answer 1 in the source (line 17)"],
                "\(misleading.problems)")
        let exerciseWords = try #require(LessonBlocks(site.courses[0].lessons[1].sources[LocaleID("en")]!)).blocks.first { $0.kind == "exercise" }!.words
        #expect(misleading.words.wordsToTranslate == exerciseWords && exerciseWords > 0)
        // Code changed in substance (not its comments or quoted text) misleads.
        #expect(StructureComparison.substance("# le total\ntotal = sum(litres)\nprint(\"Total :\", total)")
                == StructureComparison.substance("# the total\ntotal = sum(litres)\nprint(\"Total:\", total)"))
        #expect(StructureComparison.substance("total = max(litres)") != StructureComparison.substance("total = sum(litres)"))
        // The same code saved with another spelling of the same characters (é precomposed, or e
        // and a combining accent) is the same code.
        #expect(StructureComparison.same(StructureComparison.substance("âge <- 30"), StructureComparison.substance("a\u{302}ge <- 30")))
        #expect(!StructureComparison.same(StructureComparison.substance("âge <- 30"), StructureComparison.substance("age <- 30")))
        // A section of the source missing here misleads; its heading is named with its line.
        #expect(StructureComparison.unmatched([2, 3, 2], [2, 2]) == ([1], []))
        #expect(StructureComparison.unmatched([2, 2], [2, 3, 2]) == ([], [1]))
    }

    @Test func theDocumentedSchemaIsTheOutput() throws {
        let documentation = try String(contentsOfFile: "\(Self.repository)/docs/coverage.md", encoding: .utf8)
        let section = try #require(documentation.range(of: "## JSON (`--format json`)"))
        let block = documentation[section.upperBound...].split(separator: "```", omittingEmptySubsequences: false)[1]
        let documented = Set(block.matches(of: /"([a-z_]+)"\s*:/).map { String($0.output.1) })
        var output: Set<String> = []
        for root in [Bundle.module.url(forResource: "Fixtures/coverage", withExtension: nil)!.path, Fixtures.tree] {
            let loader = ContentLoader(root: root)
            let site = try #require(loader.load().site)
            let json = try JSONSerialization.jsonObject(with: Data(CoverageAnalyzer(site: site, files: loader.files).report().json().utf8))
            output.formUnion(Self.keys(json))
        }
        #expect(documented.subtracting(output).isEmpty, "documented, never written: \(documented.subtracting(output).sorted())")
        #expect(output.subtracting(documented).isEmpty, "written, not documented: \(output.subtracting(documented).sorted())")
    }
}

@Suite struct AnswerKeyTests {
    /// The answer key as messages name it: never an empty value ("correct answers  here").
    @Test func aQuizAnswerKeyReadsWell() {
        func quiz(_ correct: [Bool]) -> Exercise {
            Exercise(id: "q", hasExplicitID: true, kind: .quiz, question: "?", explanation: nil,
                     body: .quiz(correct.enumerated().map { QuizAnswer(text: "a\($0.offset)", correct: $0.element, feedback: nil) }), line: 1)
        }
        #expect(quiz([false, false]).answerKey == "no correct answer")
        #expect(quiz([false, true]).answerKey == "correct answer 2")
        #expect(quiz([true, false, true]).answerKey == "correct answers 1, 3")
    }

    /// Compared without its text, two keys are the same exactly when their texts are.
    @Test func answerKeysCompareAsTheirTextsDo() {
        let bodies: [Exercise.Body] = [
            .quiz([QuizAnswer(text: "a", correct: true, feedback: nil), QuizAnswer(text: "b", correct: false, feedback: nil)]),
            .quiz([QuizAnswer(text: "x", correct: true, feedback: nil)]),
            .quiz([QuizAnswer(text: "a", correct: false, feedback: nil), QuizAnswer(text: "b", correct: true, feedback: nil)]),
            .quiz([QuizAnswer(text: "a", correct: false, feedback: nil)]),
            .fill(FillText(segments: [], blanks: [["a"]])), .fill(FillText(segments: [], blanks: [["a"], ["b"]])),
            .short(ShortAnswer(accepted: ["a"], pattern: nil)), .short(ShortAnswer(accepted: [], pattern: "^a$")),
            .order(["a", "b"]), .order(["a", "b", "c"]),
            .match([MatchPair(left: "a", right: "b")]), .match([]),
        ]
        let exercises = bodies.map { Exercise(id: "e", hasExplicitID: true, kind: .quiz, question: nil, explanation: nil, body: $0, line: 1) }
        for mine in exercises {
            for theirs in exercises {
                #expect(mine.hasSameAnswerKey(as: theirs) == (mine.answerKey == theirs.answerKey), "\(mine.answerKey) / \(theirs.answerKey)")
            }
        }
    }
}

@Suite struct MinorEditTests {
    /// A typo fixed in the source: the translation that was up to date stays so, the one that
    /// was outdated already stays outdated, and a dry run changes nothing.
    @Test func aMinorEditKeepsUpToDateTranslationsUpToDate() throws {
        let first = "---\ntitle: Source\n---\n\nFirst paragraph.\n\nSecond paragrahp with a typo.\n"
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: Source\n---\n\nFirst paragraph.\n",
            "01-a.fr.md": "---\ntitle: Traduction\n---\n\nPremier paragraphe.\n",
            "01-a.ar.md": "---\ntitle: ترجمة\n---\n\nالفقرة الأولى.\n",
        ])
        let source = root + "/c/01-m/01-a.en.md"
        func load() throws -> (Site, ContentFiles) {
            let loader = ContentLoader(root: root)
            return (try #require(loader.load().site), loader.files)
        }
        // Arabic is stamped for the first version; then a paragraph is added, and French is
        // stamped for that (with its typo).
        var (site, files) = try load()
        _ = try Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.ar.md").get()
        Fixtures.write(first, to: source)
        Fixtures.write("---\ntitle: Traduction\n---\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n", to: root + "/c/01-m/01-a.fr.md")
        (site, files) = try load()
        _ = try Stamper(site: site, files: files).stamp(root + "/c/01-m/01-a.fr.md").get()
        // The typo is fixed.
        Fixtures.write(first.replacingOccurrences(of: "paragrahp", with: "paragraph"), to: source)
        (site, files) = try load()
        let frBefore = Fixtures.read(root + "/c/01-m/01-a.fr.md")
        let dry = try Stamper(site: site, files: files).stampMinorEdit(source, previous: first, dryRun: true).get()
        #expect(dry.count == 2 && dry.contains(.leftOutdated(path: "c/01-m/01-a.ar.md")))
        #expect(Fixtures.read(root + "/c/01-m/01-a.fr.md") == frBefore)
        let outcomes = try Stamper(site: site, files: files).stampMinorEdit(source, previous: first).get()
        #expect(outcomes.contains { if case .stamped(path: "c/01-m/01-a.fr.md", _) = $0 { true } else { false } })
        (site, files) = try load()
        let report = CoverageAnalyzer(site: site, files: files).report()
        let statuses = report.locales.flatMap { locale in locale.courses.flatMap { $0.modules.flatMap { $0.lessonDetails.map { "\(locale.locale) \($0.status.rawValue)" } } } }
        #expect(statuses.sorted() == ["ar outdated", "fr complete"])
        // A translation is not a source.
        guard case .failure = Stamper(site: site, files: files).stampMinorEdit(root + "/c/01-m/01-a.fr.md", previous: first) else {
            Issue.record("a translation was taken for a source"); return
        }
    }
}

@Suite struct WordDiffTests {
    @Test func wordsDeletedAndInsertedAreMarkedInRuns() {
        let diff = WordDiff.render(old: "Sort the column by date, then remove the duplicates.",
                                   new: "Sort the table by date, then remove every duplicate row.",
                                   same: { $0 }, deleted: { "[-\($0)-]" }, inserted: { "{+\($0)+}" })
        #expect(diff == "Sort the [-column-] {+table+} by date, then remove [-the duplicates.-] {+every duplicate row.+}")
        #expect(WordDiff.pieces(old: "same words", new: "same   words") == [.same("same words")])
        #expect(WordDiff.pieces(old: "", new: "new text") == [.inserted("new text")])
    }
}

@Suite struct ChangedPlaceTests {
    @Test func theFirstChangedLineAndExerciseField() {
        #expect(ChangedPlace.firstChangedLine(old: "- one.\n- two.\n- three.", new: "- one.\n- two\n- three.") == 1)
        #expect(ChangedPlace.firstChangedLine(old: "| a | b |\n|---|---|\n| 1 | 2 |", new: "| a | b |\n|---|---|\n| 1 | 3 |") == 2)
        let quiz = "```quiz\nid: q\nquestion: Pick\nanswers:\n  - {text: yes, correct: true}\n  - {text: no}\n```"
        #expect(ChangedPlace.changedField(old: quiz, new: quiz.replacingOccurrences(of: "Pick", with: "Choose")) == "question")
        #expect(ChangedPlace.changedField(old: quiz, new: quiz.replacingOccurrences(of: "{text: no}", with: "{text: no, correct: true}")) == "answers[2].correct")
        #expect(ChangedPlace.changedField(old: quiz, new: quiz) == nil)
    }
}

/// A copied translation is told by its body's hash: XXH3-128 as `xxhsum -H2` writes it.
@Suite struct BodyHashTests {
    @Test func theBodyHashIsXXH3OfTheBody() {
        func hash(_ text: String) -> String { Array(text.utf8).withUnsafeBufferPointer { LessonReader.bodyHash($0) } }
        #expect(hash("") == "99aa06d3014798d86001c324468d497f")
        #expect(hash("coursekit") == "dc30395daad9aa5bfd209d7fc36c6a80")
    }
}

/// Word counts read runs of ASCII letters and digits at once; they are the counts of the
/// definition read scalar by scalar, on every mix of ASCII words, joiners, digits and Arabic.
@Suite struct WordCountRunTests {
    @Test func countsAreThoseOfTheScalarByScalarDefinition() {
        func reference(_ text: String) -> Int {
            let scalars = Array(text.unicodeScalars)
            var words = 0, inWord = false
            for (index, scalar) in scalars.enumerated() {
                if WordCounter.isWordScalar(scalar) {
                    if !inWord { words += 1 }
                    inWord = true
                } else if inWord, index > 0, index + 1 < scalars.count,
                          ((scalar == "'" || scalar == "\u{2019}") && WordCounter.isAlphabetic(scalars[index - 1]) && WordCounter.isAlphabetic(scalars[index + 1]))
                            || ([",", ".", "\u{066B}", "\u{066C}"].contains(scalar) && WordCounter.isDecimalDigit(scalars[index - 1]) && WordCounter.isDecimalDigit(scalars[index + 1])) {
                    // stays in the word
                } else {
                    inWord = false
                }
            }
            return words
        }
        let pieces = ["a", "Zb", "12", "l", "'", "\u{2019}", ",", ".", " ", "-", "é", "البيانات", "١٬٢", "\u{064E}", "\u{0640}", "x9", "\n", "€"]
        var state: UInt64 = 5
        for _ in 0..<5_000 {
            let text = (0..<Int(state % 12)).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return pieces[Int(state >> 33) % pieces.count]
            }.joined()
            state = state &* 6_364_136_223_846_793_005 &+ 1
            #expect(WordCounter.count(text) == reference(text), "\(text.debugDescription)")
        }
    }
}
