import Testing
import Foundation
import CourseModel
@testable import SiteBuilder
import Translation
import CourseLoader

/// A rebuild into an existing output must give the bytes a clean build gives, whatever changed
/// in between: 60 random edits in sequence (lessons and translations edited, added, deleted and
/// renamed, titles, media, theme files, interface strings, the output itself tampered with, and
/// nothing at all), each followed by a rebuild and a clean build that are compared file by file.
@Suite struct IncrementalBuildTests {
    /// SplitMix64: the same edits on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// A small course on disk that the edits change.
    struct Site {
        let root: String
        var counter = 0

        var course: String { "\(root)/c" }
        var modules: [String] { ["\(course)/01-first", "\(course)/02-second"] }

        func lessonFiles(in module: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: module)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        }

        /// Lesson stems (`03-x`) of a module that have an English source.
        func lessons(in module: String) -> [String] {
            lessonFiles(in: module).filter { $0.hasSuffix(".en.md") }.map { String($0.dropLast(6)) }
        }

        static func lesson(title: String, text: String, locale: String) -> String {
            """
            ---
            title: \(title)
            duration: 10
            ---

            ## \(locale == "ar" ? "مقدمة" : "Introduction")

            \(text)

            ![A chart of water use](../media/chart.svg)

            > [!TIP]
            > \(text)

            ```quiz
            question: Pick **one**
            answers:
              - text: this one
                correct: true
              - text: that one
            ```

            """
        }

        mutating func make() {
            Fixtures.write("title: {en: Test site, fr: Site, ar: موقع}\nlocales: [en, fr, ar]\n", to: "\(root)/site.yaml")
            Fixtures.write("title: {en: Course, fr: Cours}\nsource_locale: en\nlocales: [en, fr, ar]\n", to: "\(course)/course.yaml")
            Fixtures.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", to: "\(course)/media/chart.svg")
            for (index, module) in modules.enumerated() {
                Fixtures.write("title: {en: Module \(index + 1), fr: Module \(index + 1) fr}\n", to: "\(module)/module.yaml")
                for number in 1...3 { addLesson(in: module, number: number, translated: number != 3) }
            }
        }

        mutating func addLesson(in module: String, number: Int, translated: Bool) {
            counter += 1
            let stem = String(format: "%02d-lesson-%d", number, counter)
            Fixtures.write(Self.lesson(title: "Lesson \(counter)", text: "Text of lesson \(counter).", locale: "en"), to: "\(module)/\(stem).en.md")
            if translated {
                Fixtures.write(Self.lesson(title: "Leçon \(counter)", text: "Texte de la leçon \(counter).", locale: "fr"), to: "\(module)/\(stem).fr.md")
                Fixtures.write(Self.lesson(title: "الدرس \(counter)", text: "نص الدرس \(counter).", locale: "ar"), to: "\(module)/\(stem).ar.md")
            }
        }
    }

    enum Edit: CaseIterable {
        case editLesson, addLesson, addTranslation, deleteLesson, deleteTranslation, renameLesson
        case courseTitle, moduleTitle, media, themeAsset, themeTemplate, interfaceStrings, tamperOutput, nothing
    }

    /// Applies one edit; returns what it did, for the failure message.
    static func apply(_ edit: Edit, to site: inout Site, output: String, random: inout Random) -> String {
        let fileManager = FileManager.default
        let module = random.pick(site.modules)
        switch edit {
        case .editLesson:
            guard let file = site.lessonFiles(in: module).randomElement(using: &random) else { return "nothing to edit" }
            let path = "\(module)/\(file)"
            Fixtures.write(Fixtures.read(path) + "\nOne more paragraph, number \(random.below(1000)).\n", to: path)
            return "edited \(file)"
        case .addLesson:
            let number = (site.lessons(in: module).compactMap { Int($0.prefix(2)) }.max() ?? 0) + 1
            site.addLesson(in: module, number: number, translated: random.below(2) == 0)
            return "added lesson \(number) to \(module)"
        case .addTranslation:
            for stem in site.lessons(in: module) {
                for locale in ["fr", "ar"] where !fileManager.fileExists(atPath: "\(module)/\(stem).\(locale).md") {
                    Fixtures.write(Site.lesson(title: "Traduction \(stem)", text: "Traduit.", locale: locale), to: "\(module)/\(stem).\(locale).md")
                    return "translated \(stem) into \(locale)"
                }
            }
            return "nothing to translate"
        case .deleteLesson:
            let lessons = site.lessons(in: module)
            guard lessons.count > 1, let stem = lessons.randomElement(using: &random) else { return "kept the last lesson" }
            for file in site.lessonFiles(in: module) where file.hasPrefix(stem + ".") { try? fileManager.removeItem(atPath: "\(module)/\(file)") }
            return "deleted \(stem)"
        case .deleteTranslation:
            guard let file = site.lessonFiles(in: module).filter({ !$0.hasSuffix(".en.md") }).randomElement(using: &random) else { return "no translation" }
            try? fileManager.removeItem(atPath: "\(module)/\(file)")
            return "deleted \(file)"
        case .renameLesson:
            guard let stem = site.lessons(in: module).randomElement(using: &random) else { return "nothing to rename" }
            site.counter += 1
            let renamed = "\(stem.prefix(2))-renamed-\(site.counter)"
            for file in site.lessonFiles(in: module) where file.hasPrefix(stem + ".") {
                try? fileManager.moveItem(atPath: "\(module)/\(file)", toPath: "\(module)/\(renamed)\(file.dropFirst(stem.count))")
            }
            return "renamed \(stem) to \(renamed)"
        case .courseTitle:
            Fixtures.write("title: {en: Course \(random.below(1000)), ar: دورة}\nsource_locale: en\nlocales: [en, fr, ar]\n", to: "\(site.course)/course.yaml")
            return "course title"
        case .moduleTitle:
            Fixtures.write("title: {en: Module \(random.below(1000)), fr: Module fr}\n", to: "\(module)/module.yaml")
            return "title of \(module)"
        case .media:
            let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(random.below(1000))\"/>"
            return toggle("\(site.course)/media/extra.svg", contents: svg) ? "removed media" : "added media"
        case .themeAsset:
            let css = "body { color: #\(random.below(900) + 100); }\n"
            return toggle("\(site.root)/theme/assets/partner.css", contents: css, mayRemove: random.below(2) == 0)
                ? "removed a theme asset" : "theme asset"
        case .themeTemplate:
            let template = "<h1>{{title}}</h1>\n<ul>{{#courses}}<li><a href=\"{{href}}\">{{title}}</a></li>{{/courses}}</ul>\n"
            return toggle("\(site.root)/theme/templates/catalog.mustache", contents: template) ? "removed the catalog template" : "catalog template"
        case .interfaceStrings:
            Fixtures.write("strings:\n  next: \"Suivant \(random.below(100))\"\n", to: "\(site.root)/ui/fr.yaml")
            return "interface strings"
        case .tamperOutput:
            let victim = "\(output)/index.html"
            guard fileManager.fileExists(atPath: victim) else { return "no output to tamper with" }
            try? fileManager.removeItem(atPath: victim)
            return "deleted index.html from the output"
        case .nothing:
            return "nothing"
        }
    }

    /// Removes the file when it is there (and `mayRemove`), else writes it; true when removed.
    static func toggle(_ path: String, contents: String, mayRemove: Bool = true) -> Bool {
        if mayRemove, FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
            return true
        }
        Fixtures.write(contents, to: path)
        return false
    }

    @Test func sixtyRandomEditsRebuildToTheBytesOfACleanBuild() throws {
        var site = Site(root: Fixtures.temporaryFolder() + "/Content")
        site.make()
        let output = Fixtures.temporaryFolder() + "/Output"
        var random = Random(state: 20261127)
        #expect(SiteBuild(contentRoot: site.root, outputPath: output).run().wrote)
        var incremental = SiteBuild(contentRoot: site.root, outputPath: output)
        incremental.lessonCache = CompiledLessonCache()
        var upToDate = 0, partial = 0
        for round in 1...60 {
            let edit = random.pick(Edit.allCases)
            let what = Self.apply(edit, to: &site, output: output, random: &random)
            if round % 12 == 0 {
                // Let the edit age past the racy window, so the rebuild keeps its state; then a
                // second rebuild with nothing changed must find everything up to date.
                Thread.sleep(forTimeInterval: Snapshot.racyWindow + 0.2)
                _ = incremental.run()
                let again = incremental.run()
                #expect(again.upToDate, "round \(round): nothing changed, yet the build ran")
                if again.upToDate { upToDate += 1 }
            }
            // As `serve` builds (unchanged lesson files from the compiled-lesson cache in memory),
            // or as `coursekit build` does (from the lesson pack beside the output), in turn.
            // Every third round writes a whole new tree even for a small change, so both ways of
            // writing a rebuild are compared.
            var packed = SiteBuild(contentRoot: site.root, outputPath: output)
            incremental.inPlaceLimit = round % 3 == 0 ? 0 : InPlaceUpdate.smallChange
            packed.inPlaceLimit = incremental.inPlaceLimit
            let rebuild = round % 2 == 0 ? incremental.run() : packed.run()
            let clean = Fixtures.temporaryFolder() + "/Output"
            let fresh = SiteBuild(contentRoot: site.root, outputPath: clean).run()
            #expect(fresh.wrote, "round \(round) (\(what)): \(fresh.diagnostics)")
            #expect(rebuild.wrote || rebuild.upToDate, "round \(round) (\(what)): \(rebuild.diagnostics)")
            if rebuild.wrote, rebuild.unchangedFiles > 0, rebuild.unchangedFiles < rebuild.fileCount { partial += 1 }
            #expect(rebuild.diagnostics == fresh.diagnostics, "round \(round) (\(what))")
            let (mine, theirs) = (Fixtures.snapshot(output), Fixtures.snapshot(clean))
            #expect(mine == theirs, "round \(round) (\(what)): \(Set(mine.keys).symmetricDifference(theirs.keys).sorted().prefix(5)) \(mine.keys.filter { mine[$0] != theirs[$0] }.sorted().prefix(5))")
            try? FileManager.default.removeItem(atPath: clean)
        }
        #expect(upToDate == 5)
        // Most rebuilds took some files from the previous output and wrote others: the
        // comparison above is of incremental builds, not of full ones.
        #expect(partial >= 30, "only \(partial) of 60 rebuilds were partial")
    }

    /// A translation's figures are taken from the previous build only while its files and its
    /// source's are the same: an edited source outdates its stamped translation on the rebuild
    /// as on a clean build, and the other lesson's figures, taken as they were, match too.
    @Test func anEditedSourceOutdatesItsTranslationOnARebuild() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\nFirst paragraph.\n\nSecond paragraph.\n",
            "01-a.fr.md": "---\ntitle: A fr\n---\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n",
            "02-b.en.md": "---\ntitle: B\n---\n\nOther text.\n",
            "02-b.fr.md": "---\ntitle: B fr\n---\n\nAutre texte.\n",
        ])
        let loaded = ContentLoader(root: root).load()
        let site = try #require(loaded.site)
        for stem in ["01-a", "02-b"] {
            guard case .stamped = try Stamper(site: site, files: ContentFiles(root: root)).stamp(root + "/c/01-m/\(stem).fr.md").get() else {
                Issue.record("\(stem) not stamped"); return
            }
        }
        let output = Fixtures.temporaryFolder() + "/Output"
        #expect(SiteBuild(contentRoot: root, outputPath: output).run().wrote)
        Fixtures.write(Fixtures.read(root + "/c/01-m/01-a.en.md") + "\nA third paragraph.\n", to: root + "/c/01-m/01-a.en.md")
        let rebuild = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(rebuild.wrote && rebuild.unchangedFiles > 0)
        let clean = Fixtures.temporaryFolder() + "/Output"
        #expect(SiteBuild(contentRoot: root, outputPath: clean).run().wrote)
        #expect(Fixtures.snapshot(output) == Fixtures.snapshot(clean))
        let coverage = String(decoding: try #require(Fixtures.snapshot(output)["coverage.html"]), as: UTF8.self)
        #expect(coverage.contains("outdated"))

        // A translation renamed with another number, its bytes unchanged: the report names it
        // where it is now.
        try FileManager.default.moveItem(atPath: root + "/c/01-m/02-b.fr.md", toPath: root + "/c/01-m/07-b.fr.md")
        #expect(SiteBuild(contentRoot: root, outputPath: output).run().wrote)
        try FileManager.default.removeItem(atPath: clean)
        #expect(SiteBuild(contentRoot: root, outputPath: clean).run().wrote)
        #expect(Fixtures.snapshot(output) == Fixtures.snapshot(clean))
    }

    /// Figures kept from an earlier report are taken only for the same files at the same
    /// places: a translation renamed with another number, its bytes unchanged, is reported
    /// where it is now.
    @Test func keptFiguresFollowARenamedTranslation() throws {
        let root = Fixtures.minimalSite(lessons: ["02-b.en.md": "---\ntitle: B\n---\n\nOther text.\n",
                                                  "02-b.fr.md": "---\ntitle: B fr\n---\n\nAutre texte.\n"])
        func measure(reusing kept: KeptLessons) throws -> (file: String?, kept: KeptLessons) {
            let site = try #require(ContentLoader(root: root).load().site)
            let measured = CoverageAnalyzer(site: site, files: ContentFiles(root: root)).report(.init(), reusing: kept)
            let french = try #require(measured.report.locales.first { $0.locale == "fr" })
            return (french.courses.first?.modules.first?.lessonDetails.first?.file, measured.lessons)
        }
        let first = try measure(reusing: KeptLessons(sharedInputs: "s"))
        #expect(first.file == "c/01-m/02-b.fr.md" && first.kept.lessons.count == 2)
        try FileManager.default.moveItem(atPath: root + "/c/01-m/02-b.fr.md", toPath: root + "/c/01-m/07-b.fr.md")
        #expect(try measure(reusing: first.kept).file == "c/01-m/07-b.fr.md")
    }

    @Test func anEditedLessonRewritesOnlyWhatItChanged() throws {
        var site = Site(root: Fixtures.temporaryFolder() + "/Content")
        site.make()
        let output = Fixtures.temporaryFolder() + "/Output"
        let first = SiteBuild(contentRoot: site.root, outputPath: output).run()
        #expect(first.wrote && first.unchangedFiles == 0)
        let module = site.modules[0], stem = site.lessons(in: site.modules[0])[0]
        let inode = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: "\(output)/\(path)")[.systemFileNumber] as? UInt64) ?? 0 }
        let pages = try FileManager.default.subpathsOfDirectory(atPath: output).filter { $0.hasSuffix(".html") || $0.hasSuffix(".json") || $0.hasSuffix("search-index.js") }
        let before = Dictionary(uniqueKeysWithValues: pages.map { ($0, inode($0)) })
        Fixtures.write(Fixtures.read("\(module)/\(stem).en.md") + "\nOne more paragraph.\n", to: "\(module)/\(stem).en.md")
        let second = SiteBuild(contentRoot: site.root, outputPath: output).run()
        #expect(second.wrote)
        let rewritten = pages.filter { inode($0) != before[$0] }.sorted()
        let slug = String(stem.drop { $0 != "-" }.dropFirst())
        // The lesson's English page, the English list of files a phone keeps (that page's
        // version and size), the English search index (its words), and the coverage report,
        // which counts them. Nothing else: the
        // course homes say how much is translated, 0 % before and after (this site's
        // translations are not stamped, so none counts as translated).
        let lessonPage = "c/en/\(String(module.split(separator: "/").last!.drop { $0 != "-" }.dropFirst()))/\(slug).html"
        #expect(rewritten == [lessonPage, "c/en/offline.json", "c/en/search-index.js", "coverage.html"], "\(rewritten)")
        #expect(second.unchangedFiles == second.fileCount - rewritten.count)
        // The state names the output as it is, though only the course's folder was looked at
        // again after the change in place: the next build with nothing changed does nothing.
        guard case .state(let state) = BuildState.read(forOutput: output) else {
            Issue.record("no build state after the rebuild")
            return
        }
        #expect(state.output == Snapshot.output(output).hash)
    }
}

extension Array {
    fileprivate func randomElement(using random: inout IncrementalBuildTests.Random) -> Element? {
        isEmpty ? nil : self[random.below(count)]
    }
}

@Suite struct BuildStateTests {
    /// A damaged or foreign state file is never trusted: the build runs in full and says so.
    @Test func aDamagedStateIsIgnoredWithAWarning() throws {
        let content = Fixtures.copyOfTree()
        let output = Fixtures.temporaryFolder() + "/Output"
        Fixtures.write("coursekit build state 3\nnot what a build writes", to: BuildState.folder(forOutput: output) + "/" + BuildState.fileName)
        let report = SiteBuild(contentRoot: content, outputPath: output).run()
        #expect(report.wrote)
        #expect(report.diagnostics.contains { $0.message.hasPrefix("the last build's state cannot be read") && $0.severity == .warning })
    }

    /// The state lives beside the output, never inside it (it would travel to USB sticks).
    @Test func theStateIsKeptBesideTheOutput() throws {
        let parent = Fixtures.temporaryFolder()
        #expect(BuildState.folder(forOutput: "\(parent)/Output") == "\(parent)/.Output.coursekit-cache")
    }
}

@Suite struct CompiledLessonCacheTests {
    /// A second load in the same process parses only the file that changed; the others, and
    /// their warnings, come from the cache.
    @Test func onlyChangedFilesAreParsedAgain() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\nobjetives: [x]\n---\n\nText A.\n",
            "02-b.en.md": "---\ntitle: B\n---\n\nText B.\n",
            "03-c.en.md": "---\ntitle: C\n---\n\nText C.\n",
        ])
        let cache = CompiledLessonCache()
        let first = ContentLoader(root: root, cache: cache).load()
        #expect(cache.hits == 0 && cache.count == 3)
        Fixtures.write("---\ntitle: B\n---\n\nText B, edited.\n", to: "\(root)/c/01-m/02-b.en.md")
        let second = ContentLoader(root: root, cache: cache).load()
        #expect(cache.hits == 2)
        #expect(second.diagnostics == first.diagnostics && second.diagnostics.count == 1, "the cached file's warning is reported again")
        let lessons = try #require(second.site?.courses.first?.lessons)
        #expect(lessons.map { $0.sources.values.first!.title } == ["A", "B", "C"])
        // A deleted file leaves the cache.
        try FileManager.default.removeItem(atPath: "\(root)/c/01-m/03-c.en.md")
        _ = ContentLoader(root: root, cache: cache).load()
        #expect(cache.count == 2)
    }
}

@Suite struct FileIdentityTests {
    /// A lesson file whose metadata is as it was is not read again; one whose bytes changed is,
    /// even when its size stayed the same and its modification time was set back (the change
    /// time cannot be), and even when it changed right after the build that compiled it.
    @Test func aChangedFileIsReadAgainWhateverItsTimesSay() throws {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\nText one.\n"])
        let path = "\(root)/c/01-m/01-a.en.md"
        let output = Fixtures.temporaryFolder() + "/Output"
        // Age the file past the racy window, so its identity is trusted.
        Thread.sleep(forTimeInterval: Double(FileIdentity.racyWindow) / 1e9 + 0.2)
        #expect(SiteBuild(contentRoot: root, outputPath: output).run().wrote)
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        Fixtures.write("---\ntitle: A\n---\n\nText two.\n", to: path)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        #expect(SiteBuild(contentRoot: root, outputPath: output).run().wrote)
        #expect(Fixtures.read("\(output)/c/en/m/a.html").contains("Text two."))
    }
}
