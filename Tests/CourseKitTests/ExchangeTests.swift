import Testing
import Foundation
import CourseModel
import CourseLoader
import Translation
@testable import Exchange
@testable import SiteBuilder

/// Translators' round trip: lessons exported as PO and XLIFF, filled in a translation tool,
/// imported back into lesson files that build and count as translated.
@Suite struct ExchangeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A copy of the starter content that a test may change.
    private func starterContent() -> String {
        let root = Fixtures.temporaryFolder() + "/Content"
        try! FileManager.default.copyItem(atPath: Self.repository + "/Content", toPath: root)
        return root
    }

    private func load(_ root: String) -> (Site, ContentFiles) {
        let loaded = ContentLoader(root: root).load()
        return (loaded.site!, ContentFiles(root: root))
    }

    private func catalogs(_ root: String, locale: String, history: (@Sendable (String) -> [String])? = nil) -> [LessonCatalog] {
        let (site, files) = load(root)
        return site.courses.flatMap { course in
            course.lessons.map { try! LessonExport(course: course, files: files, history: history).catalog(of: $0, locale: LocaleID(locale)) }
        }
    }

    /// Writes each catalog as a file, its targets given by `fill`, and imports it.
    private func roundTrip(_ root: String, locale: String, format: String = "po", fill: (ExchangeUnit) -> String) -> [LessonImport.Outcome] {
        let folder = Fixtures.temporaryFolder()
        let (site, files) = load(root)
        return catalogs(root, locale: locale).map { catalog in
            var catalog = catalog
            for index in catalog.units.indices { catalog.units[index].target = fill(catalog.units[index]) }
            let path = "\(folder)/\(catalog.translationPath.replacingOccurrences(of: "/", with: "_")).\(format)"
            Fixtures.write(format == "po" ? POFile.write(catalog) : XLIFFFile.write(catalog), to: path)
            switch LessonImport(site: site, files: files).run(path, force: true) {
            case .success(let outcome): return outcome
            case .failure(let problems):
                if problems.diagnostics.hasErrors { Issue.record("\(problems.diagnostics)") }
                return LessonImport.Outcome(path: "", translated: 0, total: 1)
            }
        }
    }

    /// "FR " before every text: a machine-made translation that keeps all markup.
    private static func prefixed(_ unit: ExchangeUnit) -> String {
        unit.kind == .answers ? unit.source.split(separator: "|").map { "FR \($0)" }.joined(separator: "|") : "FR " + unit.source
    }

    @Test(arguments: ["po", "xlf"])
    func everyFrenchUnitTranslatedBuildsCompleteAndShowsTheNewText(format: String) throws {
        let root = starterContent()
        let outcomes = roundTrip(root, locale: "fr", format: format, fill: Self.prefixed)
        #expect(outcomes.allSatisfy { $0.isComplete })
        let (site, files) = load(root)
        let coverage = CoverageAnalyzer(site: site, files: files).report(.init(locale: LocaleID("fr")))
        let lessons = coverage.locales.flatMap(\.courses).flatMap(\.modules).flatMap(\.lessonDetails)
        #expect(!lessons.isEmpty && lessons.allSatisfy { $0.status == .complete }, "\(lessons.map { "\($0.id) \($0.status)" })")
        let output = Fixtures.temporaryFolder() + "/Output"
        let build = SiteBuild(contentRoot: root, outputPath: output)
        let report = build.run()
        #expect(report.wrote, "\(report.diagnostics)")
        let page = Fixtures.read("\(output)/data-basics/fr/working-with-data/charts.html")
        #expect(page.contains("<h1>FR Simple charts</h1>"))
        #expect(page.contains("FR A line chart"))
    }

    @Test func aCompleteArabicTranslationExportsEveryUnitAndComesBackTheSame() throws {
        let root = starterContent()
        let (before, files) = load(root)
        let catalogs = catalogs(root, locale: "ar")
        let translated = catalogs.filter { catalog in before.courses.flatMap(\.lessons).contains { $0.sources[LocaleID("ar")]?.path == catalog.translationPath } }
        let withArabic = before.courses.flatMap(\.lessons).filter { $0.sources[LocaleID("ar")] != nil }.count
        #expect(translated.count == withArabic && withArabic >= 5)
        for catalog in translated {
            #expect(catalog.units.allSatisfy { !$0.target.isEmpty && !$0.isFuzzy }, "\(catalog.units.filter { $0.target.isEmpty }.map(\.key))")
        }
        let arabic = LocaleID("ar")
        let textsBefore = Dictionary(uniqueKeysWithValues: before.courses.flatMap(\.lessons).compactMap { $0.sources[arabic] }.map { ($0.path, try! files.readText($0.path)) })
        let outcomes = roundTrip(root, locale: "ar") { $0.target }.filter { $0.translated > 0 }
        #expect(outcomes.count == withArabic && outcomes.allSatisfy { $0.isComplete })
        let (after, _) = load(root)
        var adapted: [String] = []
        for (old, new) in zip(before.courses.flatMap(\.lessons), after.courses.flatMap(\.lessons)) {
            guard let was = old.sources[LocaleID("ar")], let now = new.sources[LocaleID("ar")] else { continue }
            // A translation whose blocks differ from its source's (a translator's added note,
            // a split paragraph: coverage notes) comes back in the source's blocks.
            guard was.compiled.outline.blocks.map(\.kind) == old.sources[LocaleID("en")]!.compiled.outline.blocks.map(\.kind) else {
                adapted.append(was.path)
                continue
            }
            #expect(was.title == now.title && was.objectives == now.objectives && was.duration == now.duration)
            #expect(was.compiled.outline.blocks.map(\.kind) == now.compiled.outline.blocks.map(\.kind))
            #expect(was.compiled.headings.map(\.text) == now.compiled.headings.map(\.text))
            #expect(was.exercises.map(\.inlineTexts) == now.exercises.map(\.inlineTexts))
            #expect(was.exercises.map(\.answerKey) == now.exercises.map(\.answerKey))
            let units = { (source: LessonSource, text: String) in
                LessonExport.units(of: LessonText(source, text: text)!, lessonID: "l", reference: "").map(\.source)
            }
            #expect(units(was, textsBefore[was.path]!) == units(now, try files.readText(now.path)))
            #expect(now.sourceHash == new.sources[LocaleID("en")]?.units?.stamp.description)
        }
        #expect(adapted.count <= 2, "\(adapted)")
    }

    @Test func aChangedSourceParagraphIsFuzzyWithItsPreviousText() throws {
        let root = starterContent()
        let path = root + "/data-basics/01-data-around-us/01-what-is-data.en.md"
        let earlier = Fixtures.read(path)
        let old = "the time the water truck arrives"
        Fixtures.write(earlier.replacingOccurrences(of: old, with: "the hour the water truck comes"), to: path)
        let fr = catalogs(root, locale: "fr") { _ in [earlier] }.first { $0.sourcePath.hasSuffix("01-what-is-data.en.md") }!
        let changed = fr.units.filter(\.isFuzzy)
        #expect(changed.map(\.key) == ["what-is-data/introduction/paragraph-1"])
        #expect(changed.first?.previousSource?.contains(old) == true)
        #expect(changed.first?.target.contains("camion d'eau") == true)
        let po = POFile.write(fr)
        #expect(po.contains("#, fuzzy\n#| msgid \"\"\n#| \"Every day you collect **data** without noticing."))
        #expect(XLIFFFile.write(fr).contains("state=\"needs-review-translation\""))
        // The same earlier version committed from Windows, with "\r\n": the same previous text.
        let fromWindows = catalogs(root, locale: "fr") { _ in [earlier.replacingOccurrences(of: "\n", with: "\r\n")] }
            .first { $0.sourcePath.hasSuffix("01-what-is-data.en.md") }!
        #expect(fromWindows.units.filter(\.isFuzzy).map(\.previousSource) == changed.map(\.previousSource))
        // Without git, it is still to review, without the previous text.
        let withoutHistory = catalogs(root, locale: "fr").first { $0.sourcePath.hasSuffix("01-what-is-data.en.md") }!
        #expect(withoutHistory.units.filter(\.isFuzzy).map(\.previousSource) == [nil])
    }

    /// Each markup check, with a broken translation: an error at the msgstr's line naming the unit.
    @Test(arguments: [
        ("what-is-data/data-and-information/paragraph-1", "Les *données sont des faits.", "a * or _ is never closed"),
        ("what-is-data/introduction/paragraph-1", "Chaque jour, vous recueillez des **données sans y penser.", "a ** is never closed"),
        ("what-is-data/introduction/paragraph-1", "Chaque jour, vous recueillez des **données**.\n## Titre", "it starts a heading"),
        ("spreadsheets/cell-addresses/paragraph-2", "La cellule `B2 contient `1200`, `A3` dit `Sud`.", "a ` is never closed"),
        ("what-is-data/data-and-information/cell-1", "Données | valeurs", "which would add a table cell"),
        ("charts/bar-charts/image-1", "Barres](autre.svg", "link and image addresses differ"),
        ("tables/exercise-table-words/question", "- Quelle partie ?", "it starts a list item"),
        ("spreadsheets/exercise-cell-address/text", "La cellule de la colonne C, ligne 4, s'appelle [[1]]. Une formule commence par [[1]].", "its blanks differ"),
    ])
    func aBrokenTranslationIsRefusedAtItsLine(key: String, target: String, expected: String) throws {
        let root = starterContent()
        let (site, files) = load(root)
        let lesson = key.split(separator: "/")[0]
        var catalog = catalogs(root, locale: "fr").first { $0.units.first?.key == "\(lesson)/title" }!
        guard let index = catalog.units.firstIndex(where: { $0.key == key }) else {
            Issue.record("no unit \(key): \(catalog.units.map(\.key))")
            return
        }
        catalog.units[index].target = target
        let path = Fixtures.temporaryFolder() + "/\(lesson).fr.po"
        let text = POFile.write(catalog)
        Fixtures.write(text, to: path)
        let before = try? files.readText(catalog.translationPath)
        guard case .failure(let problems) = LessonImport(site: site, files: files).run(path, force: true) else {
            Issue.record("imported")
            return
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let msgstrLine = lines.indices.first { lines[$0] == "msgctxt \"\(key)\"" }.map { index in
            lines[index...].firstIndex { $0.hasPrefix("msgstr") }! + 1
        }
        #expect(problems.diagnostics.count == 1, "\(problems.diagnostics)")
        #expect(problems.diagnostics.first?.location == SourceLocation(file: path, line: msgstrLine ?? -1))
        #expect(problems.diagnostics.first?.message.hasPrefix("'\(key)': ") == true)
        #expect(problems.diagnostics.first?.message.contains(expected) == true, "\(problems.diagnostics)")
        #expect((try? files.readText(catalog.translationPath)) == before)
    }

    @Test func aTranslationEditedSinceTheExportIsNotReplaced() throws {
        let root = starterContent()
        let (site, files) = load(root)
        let catalog = catalogs(root, locale: "fr").first { $0.sourcePath.hasSuffix("02-tables.en.md") }!
        let path = Fixtures.temporaryFolder() + "/tables.fr.po"
        Fixtures.write(POFile.write(catalog), to: path)
        let translation = root + "/" + catalog.translationPath
        Fixtures.write(Fixtures.read(translation) + "\nUne phrase ajoutée.\n", to: translation)
        guard case .failure(let problems) = LessonImport(site: site, files: files).run(path) else {
            Issue.record("imported over a newer edit")
            return
        }
        #expect(problems.diagnostics.map(\.message) == [
            "\(files.displayPath(catalog.translationPath)) was changed after this file was exported; import with --force to replace it, or export again and translate the new file",
        ])
        #expect(Fixtures.read(translation).hasSuffix("Une phrase ajoutée.\n"))
        guard case .success = LessonImport(site: site, files: files).run(path, force: true) else {
            Issue.record("--force refused")
            return
        }
        #expect(!Fixtures.read(translation).contains("Une phrase ajoutée."))
    }

    @Test func courseAndModuleTitlesGoBackIntoTheirYAML() throws {
        let root = starterContent()
        let (site, files) = load(root)
        var catalog = CourseText.catalog(of: site.courses[0], locale: LocaleID("fr"))
        #expect(catalog.units.map(\.key).prefix(3) == ["data-basics/title", "data-basics/description", "data-basics/data-around-us/title"])
        #expect(catalog.units.allSatisfy { !$0.target.isEmpty })
        catalog.units[0].target = "Les données: « pas à pas »"
        catalog.units[2].target = "Autour de nous"
        let path = Fixtures.temporaryFolder() + "/course.fr.po"
        Fixtures.write(POFile.write(catalog), to: path)
        guard case .success(let outcome) = LessonImport(site: site, files: files).run(path) else {
            Issue.record("refused")
            return
        }
        #expect(outcome.path == "data-basics/course.yaml")
        let (after, _) = load(root)
        #expect(after.courses[0].title[LocaleID("fr")] == "Les données: « pas à pas »")
        #expect(after.courses[0].title[LocaleID("ar")] == site.courses[0].title[LocaleID("ar")])
        #expect(after.courses[0].description == site.courses[0].description)
        #expect(after.courses[0].modules[0].title[LocaleID("fr")] == "Autour de nous")
        #expect(ContentLoader(root: root).load().diagnostics.isEmpty)
    }

    @Test func poStringsComeBackAsWritten() throws {
        let texts = ["plain", "two\nlines\n", "quote \" and \\ backslash", "tab\there", "عربي: \"نص\"", "\n", ""]
        var catalog = LessonCatalog(sourcePath: "c/m/x.en.md", sourceLocale: LocaleID("en"), locale: LocaleID("fr"), sourceStamp: "ck1.x",
                                    translationHash: "", units: [])
        for (index, text) in texts.enumerated() {
            catalog.units.append(ExchangeUnit(key: "x/k-\(index)", kind: .paragraph, source: text.isEmpty ? "s" : text, target: text, reference: "c/m/x.en.md:1", note: "n"))
        }
        let read = try POFile.read(POFile.write(catalog))
        #expect(read.entries.map(\.target) == texts)
        #expect(read.entries.map(\.context) == catalog.units.map(\.key))
        #expect(read.header["X-Coursekit-Source"] == "c/m/x.en.md")
        let xliff = try XLIFFFile.read(Data(XLIFFFile.write(catalog).utf8))
        #expect(xliff.entries.map(\.target) == texts)
        #expect(xliff.header["X-Coursekit-Source"] == "c/m/x.en.md")
    }
}
