import Testing
import Foundation
import CourseModel
import Markdown
@testable import CourseLoader

/// The lesson pack keeps compiled lessons between builds: what it gives back must be exactly
/// what the loader compiled, and a damaged pack must never be trusted.
@Suite struct LessonPackTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func roundTrip(_ stored: LessonPack.Stored) throws -> LessonPack.Stored {
        var writer = BinaryWriter()
        writer.stored(stored)
        return try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            let read = try reader.stored()
            #expect(reader.isAtEnd)
            return read
        }
    }

    /// Every lesson of the starter course and of the browser tests' every-kind lesson (all six
    /// exercise kinds, hints, solutions, callouts, images, links, Arabic) comes back equal.
    @Test func everyCompiledLessonComesBackAsItWas() throws {
        var count = 0
        for root in ["\(Self.repository)/Content", "\(Self.repository)/Tests/browser/content"] {
            let site = try #require(ContentLoader(root: root).load().site)
            for source in site.courses.flatMap({ $0.lessons.flatMap { $0.sources.values } }) {
                let stored = LessonPack.Stored(source: source, diagnostics: [.warning("w", at: SourceLocation(file: source.path, line: 3, column: 2))])
                let back = try Self.roundTrip(stored)
                #expect(back.source == source, "\(source.path)")
                #expect(back.diagnostics == stored.diagnostics)
                count += 1
            }
        }
        #expect(count >= 15)
    }

    /// The fields no fixture lesson sets come back too.
    @Test func everyFieldComesBack() throws {
        var source = LessonSource(locale: LocaleID("ar"), path: "c/01-m/01-a.ar.md", title: "عنوان", duration: 15,
                                  objectives: ["one", "اثنان"], sourceHash: "ck1.abc", compiled: .empty, bodyStartLine: 7)
        source.explicitID = "a-lesson"
        source.explicitIDLine = 3
        source.explicitIDColumn = 5
        source.withdrawal = "its exercises differ"
        source.isDraft = true
        source.order = 7
        source.fileHash = "00ff"
        source.bodyHash = "11ee"
        source.units = TranslationUnits(units: [.init(kind: "front matter", line: 1, words: 3)], stamp: SourceStamp(whole: "0123456789ab", blocks: ["Ab"]))
        var code = Exercise(id: "c1", hasExplicitID: true, kind: .code, question: nil, explanation: "Because",
                            body: .code(CodeExercise(html: "<p>", css: "p{}", js: "x()", checks: [.init(test: "1", message: "m")],
                                                     solution: (html: "<b>", css: "", js: "y()"))), line: 9)
        code.idLine = 10
        code.idColumn = 5
        // Added out of order: the pack keeps them sorted, and they read back as the same texts.
        code.compiledTexts["m"] = .empty
        code.compiledTexts["Because"] = CompiledMarkdown(pieces: [.html(Array("Because".utf8))], headings: [], links: [], fencedBlocks: [],
                                                         outline: MarkdownOutline(blocks: [], headings: 0, codeBlocks: 0, images: 0, links: 0))
        source.exercises = [
            code,
            Exercise(id: "s", hasExplicitID: false, kind: .short, question: "Q", explanation: nil,
                     body: .short(ShortAnswer(accepted: ["a"], pattern: "^a$")), line: 20),
            Exercise(id: "f", hasExplicitID: false, kind: .fill, question: nil, explanation: nil,
                     body: .fill(FillText(segments: [.text("x "), .blank(0)], blanks: [["5", "five"]])), line: 30),
            Exercise(id: "o", hasExplicitID: false, kind: .order, question: nil, explanation: nil, body: .order(["1", "2"]), line: 40),
            Exercise(id: "m", hasExplicitID: false, kind: .match, question: nil, explanation: nil,
                     body: .match([MatchPair(left: "l", right: "r")]), line: 50),
            Exercise(id: "q", hasExplicitID: false, kind: .quiz, question: "Q?", explanation: nil,
                     body: .quiz([QuizAnswer(text: "yes", correct: true, feedback: "good"), QuizAnswer(text: "no", correct: false, feedback: nil)]), line: 60),
        ]
        let hint = CompiledMarkdown(pieces: [.html(Array("<p>h</p>".utf8))], headings: [], links: [], fencedBlocks: [], outline: CompiledMarkdown.empty.outline)
        source.compiled = CompiledMarkdown(
            pieces: [.html(Array("<p>".utf8)), .link(0), .calloutTitle(.warning), .fencedBlock(0)],
            headings: [Heading(level: 2, text: "Practice", anchor: "practice", line: 4, column: 1)],
            links: [LinkReference(destination: "x.md#a", isImage: false, label: "x", line: 5, column: 3),
                    LinkReference(destination: "../media/a.png", isImage: true, label: "alt", line: 6, column: 1)],
            fencedBlocks: [FencedBlock(language: "hint", info: "hint", literal: "h", line: 8, content: [hint])],
            outline: MarkdownOutline(blocks: [SourceBlock(kind: .table, language: "", startLine: 1, endLine: 2)],
                                     headings: 1, codeBlocks: 2, images: 3, links: 4))
        var usage = Diagnostic.usageError("u")
        usage.location = nil
        let stored = LessonPack.Stored(source: source, diagnostics: [usage, .error("e", at: SourceLocation(file: "f", line: 1, column: 2))])
        let back = try Self.roundTrip(stored)
        #expect(back.source == source)
        #expect(back.diagnostics == stored.diagnostics)
        #expect(try Self.roundTrip(LessonPack.Stored(source: nil, diagnostics: [])).source == nil)
    }

    /// Saved, then read by a new pack (a new build): found under its key only. A pack written
    /// by another coursekit is ignored whole; a changed byte in an entry makes that entry
    /// damaged, not wrong.
    @Test func aPackIsReadBackAndNeverTrustedWhenDamaged() throws {
        let folder = Fixtures.temporaryFolder()
        let source = LessonSource(locale: LocaleID("en"), path: "c/01-m/01-a.en.md", title: "A lesson title", duration: nil,
                                  objectives: [], sourceHash: nil, compiled: .empty, bodyStartLine: 4)
        LessonPack(folder: folder, compiler: "one").save(fresh: ["p": ("k", .init(source: source, diagnostics: []))], live: ["p"])
        guard case .found(let stored) = LessonPack(folder: folder, compiler: "one").take("p", key: "k") else {
            Issue.record("the saved entry is not found"); return
        }
        #expect(stored.source == source)
        // Taken, not copied: the load that asked holds it now.
        let opened = LessonPack(folder: folder, compiler: "one")
        guard case .found = opened.take("p", key: "k"), case .missing = opened.take("p", key: "k") else {
            Issue.record("an entry was taken twice"); return
        }
        guard case .missing = LessonPack(folder: folder, compiler: "one").take("p", key: "other") else { Issue.record("a wrong key matched"); return }
        let foreign = LessonPack(folder: folder, compiler: "two")
        #expect(foreign.wasDamaged)
        guard case .missing = foreign.take("p", key: "k") else { Issue.record("a foreign pack was trusted"); return }
        // Change one byte of the title.
        let path = "\(folder)/\(LessonPack.fileName)"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let title = try #require(bytes.firstRange(of: Data("A lesson title".utf8)))
        bytes[title.lowerBound] = UInt8(ascii: "B")
        try bytes.write(to: URL(fileURLWithPath: path))
        guard case .damaged = LessonPack(folder: folder, compiler: "one").take("p", key: "k") else { Issue.record("a damaged entry was used"); return }
    }

    /// A lesson taken from the pack reads its HTML and details back from the pack's file when a
    /// page needs them. A build replaces the pack (a new file renamed over it) or appends to it
    /// before it renders: the lesson still reads what was checked when the pack was read.
    @Test func aTakenLessonReadsItsHTMLBackAfterThePackIsReplaced() throws {
        let folder = Fixtures.temporaryFolder()
        func source(_ text: String) -> LessonSource {
            let body = "# \(text)\n\nSee [the next lesson](02-b.md) and `code`.\n\n| date | n |\n|---|---|\n| 2026-03-09 | 5 |\n"
            return LessonSource(locale: LocaleID("fr"), path: "c/01-m/01-a.fr.md", title: text, duration: nil, objectives: [],
                                sourceHash: nil, compiled: MarkdownCompiler.compile(body, options: MarkdownOptions()), bodyStartLine: 4)
        }
        let first = source("Première version")
        LessonPack(folder: folder, compiler: "c").save(fresh: ["p": ("1", .init(source: first, diagnostics: []))], live: ["p"])
        guard case .found(let stored) = LessonPack(folder: folder, compiler: "c").take("p", key: "1"), let taken = stored.source else {
            Issue.record("the saved entry is not found"); return
        }
        // Appended to, then replaced by a pack that holds only another version.
        LessonPack(folder: folder, compiler: "c").save(fresh: ["q": ("1", .init(source: source("Autre"), diagnostics: []))], live: ["p", "q"])
        LessonPack(folder: folder, compiler: "c").save(fresh: ["p": ("2", .init(source: source("Seconde version"), diagnostics: []))], live: ["p"])
        guard case .found(let replaced) = LessonPack(folder: folder, compiler: "c").take("p", key: "2") else {
            Issue.record("the new entry is not found"); return
        }
        #expect(replaced.source?.title == "Seconde version")
        #expect(taken.compiled.pieces == first.compiled.pieces)
        #expect(taken.compiled.links == first.compiled.links)
        #expect(taken.compiled.outline == first.compiled.outline)
        #expect(taken.compiled.pieces.first == .html(Array("<h1 id=\"première-version\">\nPremière version\n</h1>\n<p>See <a href=\"".utf8)))
    }

    /// New entries are appended; entries of files no longer read are dropped once they
    /// outweigh the live ones, so the pack does not grow without end.
    @Test func deadEntriesAreDropped() throws {
        let folder = Fixtures.temporaryFolder()
        let path = "\(folder)/\(LessonPack.fileName)"
        func source(_ title: String) -> LessonPack.Stored {
            .init(source: LessonSource(locale: LocaleID("en"), path: "x", title: title, duration: nil, objectives: [],
                                       sourceHash: nil, compiled: .empty, bodyStartLine: 1), diagnostics: [])
        }
        let size = { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        LessonPack(folder: folder, compiler: "c").save(fresh: ["a": ("1", source("a")), "b": ("1", source("b"))], live: ["a", "b"])
        let two = size()
        for round in 2...20 {
            LessonPack(folder: folder, compiler: "c").save(fresh: ["a": ("\(round)", source("a"))], live: ["a", "b"])
        }
        #expect(size() < two * 3, "the pack grew to \(size()) bytes for two entries of \(two / 2)")
        let pack = LessonPack(folder: folder, compiler: "c")
        guard case .found = pack.take("a", key: "20"), case .found = pack.take("b", key: "1") else {
            Issue.record("live entries were lost"); return
        }
    }

    /// Opened for a load that names the content root one way, the pack decodes only the
    /// entries compiled under that name: the others are never found, and never taken for damage.
    @Test func onlyEntriesOfTheContentRootAsNamedAreDecoded() {
        let folder = Fixtures.temporaryFolder()
        func stored(_ title: String) -> LessonPack.Stored {
            .init(source: LessonSource(locale: LocaleID("en"), path: "x", title: title, duration: nil, objectives: [],
                                       sourceHash: nil, compiled: .empty, bodyStartLine: 1), diagnostics: [])
        }
        LessonPack(folder: folder, compiler: "c").save(fresh: ["a": ("h en Content", stored("a")), "b": ("h en /srv/Content", stored("b"))],
                                                       live: ["a", "b"])
        let pack = LessonPack(folder: folder, compiler: "c", keysEndingWith: "Content")
        guard case .found(let found) = pack.take("a", key: "h en Content") else { Issue.record("the entry asked for is not found"); return }
        #expect(found.source?.title == "a")
        guard case .missing = pack.take("b", key: "h en Content") else { Issue.record("an entry of another root was used"); return }
        guard case .found = LessonPack(folder: folder, compiler: "c").take("b", key: "h en /srv/Content") else {
            Issue.record("the other root's entry is gone"); return
        }
    }

    /// The pack is read a few megabytes at a time: an entry larger than a piece, and entries cut
    /// by the end of a piece, are read whole.
    @Test func entriesLargerThanAPieceAreReadWhole() throws {
        let folder = Fixtures.temporaryFolder()
        func stored(_ title: String) -> LessonPack.Stored {
            .init(source: LessonSource(locale: LocaleID("en"), path: "x", title: title, duration: nil, objectives: [],
                                       sourceHash: nil, compiled: .empty, bodyStartLine: 1), diagnostics: [])
        }
        let big = String(repeating: "Ab", count: LessonPack.pieceSize * 3 / 4)
        var fresh: [String: (key: String, stored: LessonPack.Stored)] = ["big": ("k", stored(big))]
        for index in 0..<300 { fresh["small-\(index)"] = ("k", stored(String(repeating: "x", count: 20_000 + index))) }
        LessonPack(folder: folder, compiler: "c").save(fresh: fresh, live: Set(fresh.keys))
        let pack = LessonPack(folder: folder, compiler: "c")
        #expect(!pack.wasDamaged)
        for (path, entry) in fresh {
            guard case .found(let found) = pack.take(path, key: "k") else { Issue.record("\(path) not found"); continue }
            #expect(found.source?.title == entry.stored.source?.title)
        }
    }
}
