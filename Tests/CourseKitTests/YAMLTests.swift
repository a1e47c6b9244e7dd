import Testing
@testable import YAML

@Suite struct YAMLTests {
    @Test func buildsATreeWithMarks() throws {
        let node = try #require(try YAMLParser().parse("title:\n  en: What is data?\n  ar: ما هي البيانات؟\nduration: 20\nobjectives:\n  - one\n  - \"two\"\n"))
        #expect(node["title"]?["en"]?.string == "What is data?")
        #expect(node["title"]?["ar"]?.string == "ما هي البيانات؟")
        #expect(node["title"]?["ar"]?.mark == YAMLMark(line: 3, column: 7))
        #expect(node["duration"]?.int == 20)
        #expect(node["objectives"]?.items?.map(\.string) == ["one", "two"])
        #expect(node["objectives"]?.items?[1].int == nil)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let node = try #require(try YAMLParser().parse("عنوان: قيمة\n"))
        #expect(node["عنوان"]?.mark == YAMLMark(line: 1, column: 8))
    }

    @Test func lineOffsetShiftsMarks() throws {
        let node = try #require(try YAMLParser().parse("a: 1\nb: 2\n", lineOffset: 1))
        #expect(node["b"]?.mark.line == 3)
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        #expect(throws: YAMLError("this key is indented under 'title', which already has its value ('a'): leave that value out to put keys under 'title', or line this key up with it (0 spaces)",
                                  at: YAMLMark(line: 2, column: 3))) {
            try YAMLParser().parse("title: a\n  en: b\n")
        }
        // An unclosed bracket is reported where it was opened, shifted by the line offset.
        #expect(throws: YAMLError("this '[' is never closed: end the list with ']'; write it as: a: [1, 2]", at: YAMLMark(line: 2, column: 4))) {
            try YAMLParser().parse("a: [1, 2\nb: 3\n", lineOffset: 1)
        }
    }

    @Test func duplicateKeysAreRejected() {
        #expect(throws: YAMLError("'id' is written twice (first at line 1): keep one", at: YAMLMark(line: 3, column: 1))) {
            try YAMLParser().parse("id: a\ntitle: b\nid: c\n")
        }
    }

    /// A mapping's keys are kept in a list while it has few, in a table past that: a repeat is
    /// found in the list (a mapping of 12 keys), across the change and in the table (40 keys),
    /// and forty different keys are all kept.
    @Test(arguments: [3, 15, 16, 17, 30])
    func duplicateKeysAreRejectedInLargeMappings(repeated: Int) throws {
        let few = (1...12).map { "key\($0): \($0)\n" }.joined()
        #expect(throws: YAMLError("'key\(repeated % 12)' is written twice (first at line \(repeated % 12)): keep one", at: YAMLMark(line: 13, column: 1))) {
            try YAMLParser().parse(few + "key\(repeated % 12): again\n")
        }
        let keys = (1...40).map { "key\($0): \($0)\n" }.joined()
        #expect(throws: YAMLError("'key\(repeated)' is written twice (first at line \(repeated)): keep one", at: YAMLMark(line: 41, column: 1))) {
            try YAMLParser().parse(keys + "key\(repeated): again\n")
        }
        let root = try YAMLParser().parse(keys)
        #expect((1...40).allSatisfy { root?["key\($0)"]?.string == "\($0)" })
    }

    @Test func warningsComeWithTheDocumentAtTheirFileLine() throws {
        let document = try YAMLParser().parseDocument("id: a\ntitle: Lesson #2\n", lineOffset: 1)
        #expect(document.root?["title"]?.string == "Lesson")
        #expect(document.warnings.map(\.mark) == [YAMLMark(line: 3, column: 15)])
        #expect(try YAMLParser().parseDocument("title: Lesson  # a comment\n").warnings.isEmpty)
    }

    @Test func aliasBombsStop() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(throws: YAMLError.self) { try YAMLParser().parse(text) }
        let small = try? YAMLParser().parse("base: &b {x: 1}\ncopy: *b\n")
        #expect(small?["copy"]?["x"]?.string == "1")
    }

    @Test func controlCharactersGiveALine() {
        do {
            _ = try YAMLParser().parse("a: 1\nb: \u{07}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.mark == YAMLMark(line: 2, column: 4))
            #expect(error.message == "this line holds a control character (U+0007), invisible in most editors and often pasted in with other text: delete it")
        }
    }

    @Test func emptyDocumentIsNil() throws {
        #expect(try YAMLParser().parse("") == nil)
        #expect(try YAMLParser().parse("# only a comment\n") == nil)
    }

    @Test func booleansAndNulls() throws {
        let node = try #require(try YAMLParser().parse("a: yes\nb: false\nc: \"true\"\nd: ~\n"))
        #expect(node["a"]?.bool == true)
        #expect(node["b"]?.bool == false)
        #expect(node["c"]?.bool == nil)
        #expect(node["d"]?.isNull == true)
    }
}

/// What a YAML text may cost, counted after aliases are expanded.
@Suite struct YAMLLimitTests {
    @Test func aliasesMayNotRepeatMoreThanTheValueCap() {
        // 300 aliases of one 90 kB objective once made a 51 MB site.
        let yaml = "text: &t \"\(String(repeating: "x", count: 90_000))\"\nobjectives:\n" + String(repeating: "  - *t\n", count: 300)
        #expect(throws: YAMLError.self) { try YAMLParser().parse(yaml) }
        do { _ = try YAMLParser().parse(yaml) } catch {
            #expect(error.message == "aliases repeat more than 100 kB of text in this file; write the text out where it is needed")
            #expect(error.mark.line == 4)
        }
        // A few short aliases are fine.
        #expect((try? YAMLParser().parse("a: &n Name\nb: *n\nc: *n\n")) != nil)
    }

    @Test func oneValueMayNotPassTheCap() {
        let yaml = "question: " + String(repeating: "y", count: 100_001) + "\n"
        do {
            _ = try YAMLParser().parse(yaml)
            Issue.record("a 100 kB value was accepted")
        } catch {
            #expect(error.message.hasPrefix("this value is 100 kB; a value may be at most 100 kB"))
        }
    }

    @Test func manyValuesWithoutAliasesAreNotBlamedOnAliases() {
        let yaml = "answers:\n" + String(repeating: "  - a\n", count: 100_001)
        do {
            _ = try YAMLParser().parse(yaml)
            Issue.record("100,001 answers were accepted")
        } catch {
            #expect(error.message == "more than 100000 values here; no course file needs as many: split it")
        }
        let laughs = "a: &a [\"\", \"\", \"\", \"\", \"\", \"\", \"\", \"\", \"\", \"\"]\n"
            + (1...6).map { "l\($0): &l\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*l\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n")
        do {
            _ = try YAMLParser().parse(laughs)
            Issue.record("a billion laughs of empty strings was accepted")
        } catch {
            #expect(error.message == "YAML expands to more than 100000 values (aliases repeated too often?)")
        }
    }
}
