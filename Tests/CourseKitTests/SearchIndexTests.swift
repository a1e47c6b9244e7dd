import Foundation
import Testing
@testable import Search
import CourseLoader
import CourseModel
import Zlib

@Suite struct SearchIndexTests {
    private func lesson(_ body: String) throws -> LessonSource {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A lesson\n---\n\n" + body])
        let loaded = ContentLoader(root: root).load()
        return try #require(loaded.site?.courses.first?.modules.first?.lessons.first?.sources[LocaleID("en")])
    }

    @Test func sectionsFollowHeadingsLeaveCodeOutAndKeepExercisesApart() throws {
        let source = try lesson("""
            Intro with `inline code` and **bold** &amp; more.

            > [!TIP]
            > Save often.

            ## Cleaning dates

            | Date | Count |
            |---|---|
            | 2026-03-09 | 12 |

            ```python
            print("left out")
            ```

            ```quiz
            id: q1
            question: Which *column* holds dates?
            answers:
              - text: The first
                correct: true
                feedback: Yes, the first.
              - text: The second
            ```

            After the exercise.
            """)
        let sections = SearchDocument.sections(of: source)
        #expect(sections.map(\.kind) == [.text, .text, .exercise, .text])
        #expect(sections[0] == SearchSection(kind: .text, anchor: "", heading: "", text: "Intro with inline code and bold & more. Save often."))
        #expect(sections[1].anchor == "cleaning-dates" && sections[1].heading == "Cleaning dates")
        #expect(sections[1].text == "Date Count 2026-03-09 12")
        #expect(!sections.contains { $0.text.contains("left out") })
        #expect(sections[2].anchor == "exercise-q1")
        #expect(sections[2].text == "Which column holds dates? The first Yes, the first. The second")
        // The text after an exercise belongs to the heading above it again.
        #expect(sections[3] == SearchSection(kind: .text, anchor: "cleaning-dates", heading: "Cleaning dates", text: "After the exercise."))
    }

    @Test func tokensAreWordsAndTheSeparatorsBetweenThem() {
        #expect(SearchIndex.tokens(of: "l'analyse des données, enfin.") == ["l'analyse", "des", "données", ", ", "enfin", "."])
        // Diacritics are marks inside the word; the Arabic comma is a separator.
        #expect(SearchIndex.tokens(of: "البيانات مسجَّلة، والجدول") == ["البيانات", "مسجَّلة", "، ", "والجدول"])
        // A zero-width non-joiner stays inside a Persian word; a quote before a word is not part of it.
        #expect(SearchIndex.tokens(of: "می\u{200C}خواهم 'quoted'") == ["می\u{200C}خواهم", " '", "quoted", "'"])
    }

    /// The tokenizer collapses white space as it reads: on text as the extractor takes it off a
    /// page, it gives the tokens and the length of the same text collapsed first, for every mix
    /// of words, separators and white space (at the start, at the end, in runs, alone).
    @Test func tokensOfUncollapsedTextAreThoseOfTheCollapsedText() {
        let pieces = ["a", "données", "l'x", "البيانات", " ", "  ", "\n", "\t \r\n", "\u{0C}", ",", ". ", " ,\n", "،", "'", "(", "\u{200C}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        // Each token comes with how many bytes may be read from its start: its own at least, and
        // never past the text (a word is read 8 bytes at a time when there are 8).
        func tokens(_ text: String) -> (tokens: [[UInt8]], length: Int) {
            var tokens: [[UInt8]] = []
            let length = Array(text.utf8).withUnsafeBufferPointer { text in
                SearchIndex.eachToken(in: text) { token, readable in
                    tokens.append(Array(token))
                    let end = text.baseAddress! + text.count
                    if let start = token.baseAddress, start >= text.baseAddress!, start < end {
                        #expect(readable == end - start, "a word is readable to the end of the text")
                    } else {
                        #expect(readable == token.count, "a collapsed separator is readable to its own end")
                    }
                }
            }
            return (tokens, length)
        }
        for _ in 0..<3_000 {
            let text = (0..<next(9)).map { _ in pieces[next(pieces.count)] }.joined()
            let collapsed = SearchSection(kind: .text, anchor: "", heading: "", text: text).text
            let (raw, length) = tokens(text)
            #expect(raw == tokens(collapsed).tokens, "\(text.debugDescription)")
            #expect(length == collapsed.utf8.count, "\(text.debugDescription)")
        }
    }

    /// The word table numbers tokens as a dictionary would: one number per distinct token, in
    /// the order first seen, with its count; tokens of up to 8 bytes, of exactly 8, longer ones
    /// and prefixes of each other kept apart, over enough of them to grow the table. A token
    /// comes now alone, now with text after it (read in one load): the same token either way.
    @Test func theWordTableNumbersTokensAsADictionaryWould() {
        var tokens = ["a", "ab", "abcdefgh", "abcdefghi", "abcdefgh1", "données", "البيانات", "l'analyse", ", ", "x" + String(repeating: "y", count: 40)]
        tokens += (0..<3_000).map { "w\($0 * 7919 % 10_007)" } + (0..<500).map { "long-word-number-\($0)" }
        var table = SearchIndex.WordTable()
        var reference: [String: Int] = [:]
        var counts: [Int: Int] = [:]
        var state: UInt64 = 99
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let token = tokens[Int(state >> 33) % tokens.count]
            let followed = state >> 63 == 0
            let bytes = Array(token.utf8) + (followed ? Array("zq\u{1}é12345678".utf8) : [])
            let id = bytes.withUnsafeBufferPointer { buffer in
                table.id(of: UnsafeBufferPointer(rebasing: buffer[0..<token.utf8.count]), readable: buffer.count)
            }
            let expected = reference[token] ?? reference.count
            reference[token] = expected
            counts[expected, default: 0] += 1
            #expect(id == expected, "\(token)")
        }
        #expect(table.count == reference.count)
        for (token, id) in reference { #expect(table.withBytes(of: id) { Array($0) } == Array(token.utf8)) }
        let order = table.byFrequency()
        #expect(zip(order, order.dropFirst()).allSatisfy { counts[$0]! >= counts[$1]! })
    }

    /// The byte search the extractor and the fill blanks use, against a plain search, at every
    /// place: found at its first place, a near match skipped, missing past the end.
    @Test func aByteSequenceIsFoundWhereItFirstIs() {
        let text = Array("<p class=\"callout-titl\">callout-title<h2 id=\"a\"> id=\"b\"".utf8)
        for needle in ["callout-title", " id=\"", "<", "\"", "b\"", "callout-titles", "", "x"].map({ Array($0.utf8) }) {
            let plain = needle.isEmpty ? 0 : (0...(text.count - needle.count)).first { Array(text[$0..<$0 + needle.count]) == needle }
            #expect(text.withUnsafeBufferPointer { $0.firstIndex(of: needle) } == plain, "\(String(decoding: needle, as: UTF8.self))")
        }
    }

    @Test func digitsAreWrittenAsTheTableSays() {
        #expect(SearchIndex.digits.count == 92)
        #expect((0..<92).allSatisfy { SearchIndex.digit($0) == SearchIndex.digits[$0] })
    }

    @Test func wordNumbersReadBackWhateverTheirSize() {
        // The browser's decoder (coursekit-search.js), written again here.
        func decode(_ text: String) -> [Int] {
            let digits = SearchIndex.digits, final = SearchIndex.finalDigits
            var ids: [Int] = [], value = 0
            for byte in text.utf8 {
                let digit = digits.firstIndex(of: byte)!
                if digit < final { ids.append(value * final + digit); value = 0 } else { value = value * (digits.count - final) + (digit - final) + 1 }
            }
            return ids
        }
        let ids = Array(0..<5000) + [61 * 32 - 1, 61 * 32, 61 * 32 + 1, 120_000, 3_000_000]
        var bytes: [UInt8] = []
        for id in ids { SearchIndex.append(id, to: &bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(decode(text) == ids)
        #expect(!text.contains("\"") && !text.contains("\\"))
        var one: [UInt8] = []
        SearchIndex.append(60, to: &one)
        #expect(one.count == 1)
    }

    @Test func theIndexIsAScriptHoldingTheWholeTextInLessThanItsSize() throws {
        let words = ["data", "table", "column", "row", "value", "chart", "date", "count", "village", "water", "pump", "school"]
        var text = ""
        for index in 0..<3000 { text += words[(index * 7 + index / 5) % words.count] + (index % 11 == 10 ? ". " : " ") }
        let document = SearchDocument(title: "Numbers", module: 0, url: "m/a.html",
                                      sections: [SearchSection(kind: .text, anchor: "", heading: "", text: text)])
        let index = SearchIndex(documents: [document], modules: ["Module \"one\""], locale: "en", direction: "ltr")
        let script = String(decoding: index.script, as: UTF8.self)
        #expect(script.hasPrefix("coursekit.searchIndex({") && script.hasSuffix("});\n"))
        #expect(script.contains(#""modules":["Module \"one\""]"#))
        let budget = index.budget
        // The text as the index holds it: white space collapsed, the space at its end left out.
        #expect(budget.textBytes == text.utf8.count - 1 + "Numbers".utf8.count)
        #expect(Double(budget.bytes) < 0.6 * Double(budget.textBytes) && !budget.exceeded)
    }

    /// The budget's gzip size is level 9's whenever it can decide the verdict: the fast level
    /// that screens it first never gives fewer bytes, and an index past its budget is measured
    /// at level 9 (the size its warning gives).
    @Test func theBudgetMeasuresLevelNineWhereItMatters() throws {
        func index(_ word: (Int) -> String) -> SearchIndex {
            var text = ""
            for index in 0..<30_000 { text += word(index) + (index % 13 == 0 ? " نص عربي " : " ") }
            return SearchIndex(documents: [SearchDocument(title: "Big", module: 0, url: "m/a.html",
                                                          sections: [SearchSection(kind: .text, anchor: "", heading: "", text: text)])],
                               modules: ["M"], locale: "en", direction: "ltr")
        }
        let data = index { "word\($0 % 997)" }.script
        #expect(Deflate.gzipSize(data, level: 9) == Deflate.gzip(data).count)
        #expect(Deflate.gzipSize(data, level: 1) >= Deflate.gzipSize(data, level: 9))
        // The screening deflate: near level 9's size, and it stops at its limit.
        let fast = try #require(Deflate.fastGzipSize(data, atMost: data.count))
        let nine = Deflate.gzipSize(data, level: 9)
        #expect(Double(fast) * SearchIndex.screeningMargin > Double(nine) && fast < Deflate.gzipSize(data, level: 1) * 2)
        #expect(Deflate.fastGzipSize(data, atMost: fast + 64) == fast)
        #expect(Deflate.fastGzipSize(data, atMost: fast - 1) == nil)

        // Words that repeat: within the budget, screened by the fast level alone.
        let within = index { "word\($0 % 997)" }
        #expect(within.budget.textBytes >= SearchIndex.Budget.minimumText && !within.budget.exceeded)
        #expect(within.budget.gzipBytes >= Deflate.gzip(within.script).count)
        // Every word new: the index is about as big as its text, past the budget, measured at level 9.
        let past = index { "w\($0 * 7919 % 1_000_003)x" }
        #expect(past.budget.exceeded)
        #expect(past.budget.gzipBytes == Deflate.gzip(past.script).count)
    }

    /// The budget holds from 128 KB of text: a dozen real lessons (0.8× their text, a few KB)
    /// are not warned about; a large course whose index is as big is.
    @Test func theBudgetWarnsWhereTheBytesMatter() {
        let starterCourse = SearchIndex.Budget(bytes: 34_233, gzipBytes: 15_000, textBytes: 44_505)
        #expect(!starterCourse.exceeded)
        let large = SearchIndex.Budget(bytes: 160_000, gzipBytes: 40_000, textBytes: 200_000)
        #expect(large.exceeded)
        let largeButRepeating = SearchIndex.Budget(bytes: 70_000, gzipBytes: 40_000, textBytes: 200_000)
        #expect(!largeButRepeating.exceeded)
    }
}
