import Testing
import Foundation
@testable import SiteBuilder

/// The YAML mistakes an author makes by hand, loaded through the real loader: each is told in
/// plain words with its fix (and the corrected line when it can be guessed), at the file, line
/// and column the author's editor shows.
@Suite struct YAMLDiagnosticTests {
    private func check(_ root: String) -> [String] {
        SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check().map { diagnostic in
            diagnostic.description.replacingOccurrences(of: root + "/", with: "")
        }
    }

    /// The diagnostics of one lesson file, `c/01-m/01-a.en.md`.
    private func lesson(_ text: String) -> [String] {
        check(Fixtures.minimalSite(lessons: ["01-a.en.md": text]))
    }

    /// A lesson whose body (from line 5) holds `block`.
    private func exercise(_ block: String) -> [String] {
        lesson("---\ntitle: A\n---\n\n" + block)
    }

    private func courseYAML(_ text: String) -> [String] {
        check(Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\nText.\n"], extra: ["c/course.yaml": text]))
    }

    private let file = "c/01-m/01-a.en.md"

    // MARK: Tabs

    @Test func tabIndentingAListInFrontMatter() {
        #expect(lesson("---\ntitle: A\nobjectives:\n\t- Read a table\n---\nText.\n")
            == ["\(file):4:1: error: this line is indented with a tab; YAML needs spaces: indent with 2 spaces"])
    }

    @Test func tabBeforeAKeyOfTheSameLevel() {
        #expect(lesson("---\ntitle: A\n\tduration: 5\n---\nText.\n")
            == ["\(file):3:1: error: this line is indented with a tab; YAML needs spaces: remove the tab, so that the line starts at the left edge"])
    }

    @Test func tabInsideTheIndentationOfAnExercise() {
        let block = "```quiz\nid: q1\nanswers:\n  - text: Paris\n  \tcorrect: true\n  - Lyon\n```\n"
        #expect(exercise(block) == ["\(file):9:3: error: quiz exercise: this line is indented with a tab; YAML needs spaces: indent with 4 spaces"])
    }

    @Test func tabOnAnEmptyLine() {
        #expect(lesson("---\ntitle: A\n\t\nduration: 5\n---\nText.\n")
            == ["\(file):3:1: error: this empty line holds a tab, which YAML reads as indentation: delete it"])
    }

    // MARK: Colons

    @Test func colonInsideATitle() {
        #expect(lesson("---\ntitle: Passwords: the basics\n---\nText.\n")
            == ["\(file):2:17: error: a colon followed by a space inside a value starts a new key: put the value in double quotes; write it as: title: \"Passwords: the basics\""])
    }

    @Test func colonInsideAValueWithQuotesAndBackslashes() {
        #expect(lesson("---\ntitle: Say \"hi\": a \\ b\n---\nText.\n")
            == ["\(file):2:16: error: a colon followed by a space inside a value starts a new key: put the value in double quotes; write it as: title: \"Say \\\"hi\\\": a \\\\ b\""])
    }

    @Test func colonInsideAQuestion() {
        #expect(exercise("```short\nid: s1\nquestion: Step 1: which command?\nanswers: [ls]\n```\n")
            == ["\(file):7:17: error: short exercise: a colon followed by a space inside a value starts a new key: put the value in double quotes; write it as: question: \"Step 1: which command?\""])
    }

    /// In a list `- Step one: open` is valid YAML, a mapping: the schema tells it.
    @Test func colonInsideAListItem() {
        #expect(exercise("```order\nid: o1\nsteps:\n  - Step one: open the file\n  - Save it\n```\n")
            == ["\(file):8:5: error: a colon followed by a space inside a value starts a new key, so this is read as a key and its value: put the value in double quotes; write it as: - \"Step one: open the file\""])
    }

    // MARK: ' #'

    @Test func hashAfterATitleCutsItShort() {
        #expect(lesson("---\ntitle: Lesson #2 basics\n---\nText.\n")
            == ["\(file):2:15: warning: the text after ' #' is left out, since ' #' starts a comment in YAML (the value is only 'Lesson'): put the value in double quotes; write it as: title: \"Lesson #2 basics\""])
    }

    @Test func hashAfterAQuestion() {
        let block = "```quiz\nid: q1\nquestion: Which is item #3?\nanswers:\n  - {text: a, correct: true}\n  - b\n```\n"
        #expect(exercise(block)
            == ["\(file):7:25: warning: quiz exercise: the text after ' #' is left out, since ' #' starts a comment in YAML (the value is only 'Which is item'): put the value in double quotes; write it as: question: \"Which is item #3?\""])
    }

    @Test func hashStartingAValue() {
        #expect(lesson("---\ntitle: A\nobjectives:\n  - #hashtags\n---\nText.\n")
            == ["\(file):4:5: warning: the text after ' #' is left out, since ' #' starts a comment in YAML (the value is empty): put the value in double quotes; write it as: - \"#hashtags\""])
    }

    /// Comments written on purpose stay quiet: two spaces before '#', after a number, after a
    /// single word with a space after '#', after an empty value, or on their own line.
    @Test func deliberateCommentsAreNotWarnedAbout() {
        let frontMatter = "---\ntitle: Data basics  # working title\nduration: 20 # minutes\nid: basics # keep it\nsource_hash: # set by stamp\n# a comment\n---\nText.\n"
        #expect(lesson(frontMatter).isEmpty)
        #expect(courseYAML("title: {en: Course}\nsource_locale: en # English\nlocales: [en, fr]  # more later\n").isEmpty)
    }

    // MARK: The space after ':'

    @Test func missingSpaceInAOneLineFrontMatter() {
        #expect(lesson("---\ntitle:Passwords\n---\nText.\n")
            == ["\(file):2:6: error: 'title:Passwords' is read as one text, not a key and its value: put a space after ':'; write it as: title: Passwords"])
    }

    @Test func missingSpaceOnTheFirstOfSeveralLines() {
        #expect(lesson("---\ntitle:Passwords\nduration: 5\n---\nText.\n")
            == ["\(file):2:6: error: 'title:Passwords' is read as one text, not a key and its value: put a space after ':'; write it as: title: Passwords"])
    }

    @Test func missingSpaceOnALineOfAMapping() {
        #expect(lesson("---\ntitle: A\nduration:5\n---\nText.\n")
            == ["\(file):3:9: error: 'duration:5' is read as one text, not a key and its value: put a space after ':'; write it as: duration: 5"])
    }

    @Test func missingSpaceInAnExerciseAndInCourseYAML() {
        #expect(exercise("```short\nquestion:Why?\n```\n")
            == ["\(file):6:9: error: 'question:Why?' is read as one text, not a key and its value: put a space after ':'; write it as: question: Why?"])
        #expect(courseYAML("title:Course\n")
            == ["c/course.yaml:1:6: error: 'title:Course' is read as one text, not a key and its value: put a space after ':'; write it as: title: Course"])
    }

    @Test func missingSpaceAfterAListDash() {
        #expect(lesson("---\ntitle: A\nobjectives:\n  - one\n  -two\n---\nText.\n")
            == ["\(file):5:3: error: put a space after '-' to make this line a list item; write it as: - two"])
    }

    @Test func nonBreakingSpaceAfterAColon() {
        #expect(lesson("---\ntitle:\u{A0}Passwords\n---\nText.\n")
            == ["\(file):2:6: error: the space after 'title:' is a non-breaking space, which YAML does not read as a space: type an ordinary space instead; write it as: title: Passwords"])
        #expect(lesson("---\ntitle: A\nduration:\u{A0}5\n---\nText.\n")
            == ["\(file):3:9: error: the space after 'duration:' is a non-breaking space, which YAML does not read as a space: type an ordinary space instead; write it as: duration: 5"])
    }

    // MARK: Indentation

    @Test func keyIndentedMoreThanTheOneAbove() {
        #expect(courseYAML("title:\n  en: Course\n   fr: Cours\n")
            == ["c/course.yaml:3:4: error: this line is indented 3 spaces but the key above it ('en') is indented 2 spaces: line up keys of the same level"])
    }

    @Test func keyIndentedLessThanTheOneAbove() {
        #expect(courseYAML("title:\n  en: Course\n fr: Cours\n")
            == ["c/course.yaml:3:2: error: this line is indented 1 space but the key above it ('en') is indented 2 spaces: line up keys of the same level"])
    }

    @Test func keyOfAnAnswerNotLinedUp() {
        let block = "```quiz\nid: q1\nanswers:\n  - text: Paris\n  correct: true\n  - Lyon\n```\n"
        #expect(exercise(block)
            == ["\(file):9:3: error: quiz exercise: this line is indented 2 spaces but the key above it ('text') is indented 4 spaces: line up keys of the same level"])
    }

    @Test func keyNestedUnderAKeyThatHasAValue() {
        #expect(courseYAML("title: Course\n  en: Course\n")
            == ["c/course.yaml:2:3: error: this key is indented under 'title', which already has its value ('Course'): leave that value out to put keys under 'title', or line this key up with it (0 spaces)"])
    }

    @Test func listItemsNotLinedUp() {
        #expect(lesson("---\ntitle: A\nobjectives:\n  - one\n - two\n---\nText.\n")
            == ["\(file):5:2: error: this list item is indented 1 space but the one above it is indented 2 spaces: line up the items of one list"])
    }

    /// Lined up with the nearest item, not with the line just above (a key of the item before).
    @Test func listItemsOfMappingsNotLinedUp() {
        let block = "```quiz\nid: q1\nanswers:\n  - text: Paris\n    correct: true\n - Lyon\n```\n"
        #expect(exercise(block)
            == ["\(file):10:2: error: quiz exercise: this list item is indented 1 space but the one above it is indented 2 spaces: line up the items of one list"])
    }

    @Test func markdownBulletsInAList() {
        #expect(lesson("---\ntitle: A\nobjectives:\n  * Read a table\n---\nText.\n")
            == ["\(file):4:3: error: list items start with '- ' in YAML, not '* '; write it as: - Read a table"])
    }

    @Test func lineInAListWithoutItsDash() {
        let message = "this line is lined up with the list items above it but does not start with '- ': start it with '- ' to add an item, or line it up with 'objectives' (0 spaces) to start a new key"
        #expect(lesson("---\ntitle: A\nobjectives:\n  - one\n  two\n---\nText.\n") == ["\(file):5:3: error: \(message)"])
        #expect(lesson("---\ntitle: A\nobjectives:\n  - one\n  duration: 5\n---\nText.\n") == ["\(file):5:3: error: \(message)"])
    }

    @Test func listOnTheLineOfItsKey() {
        #expect(lesson("---\ntitle: A\nobjectives: - one\n---\nText.\n")
            == ["\(file):3:13: error: a list cannot start on the line of its key: end the line after 'objectives:' and put '- one' on the next line, indented 2 spaces"])
    }

    @Test func listUnderAKeyThatHasAValue() {
        #expect(lesson("---\ntitle: A\nobjectives: Read\n- one\n---\nText.\n")
            == ["\(file):4:1: error: this list item comes after 'objectives: Read', which already has its value: a list goes under a key that ends with ':'"])
    }

    // MARK: Quotes and brackets

    @Test func unclosedQuote() {
        #expect(lesson("---\ntitle: \"Passwords\nduration: 5\n---\nText.\n")
            == ["\(file):2:8: error: this quote is never closed: add a closing \" at the end of the value; write it as: title: \"Passwords\""])
        #expect(exercise("```short\nid: s1\nquestion: 'Why?\nanswers: [x]\n```\n")
            == ["\(file):7:11: error: short exercise: this quote is never closed: add a closing ' at the end of the value; write it as: question: 'Why?'"])
    }

    @Test func quoteInsideAQuotedValue() {
        #expect(lesson("---\ntitle: 'It's here'\n---\nText.\n")
            == ["\(file):2:11: error: this quote ends the value, and the text after it cannot be read: put the whole value in double quotes; write it as: title: \"It's here\""])
        #expect(lesson("---\ntitle: \"A \"quoted\" word\"\n---\nText.\n")
            == ["\(file):2:11: error: this quote ends the value, and the text after it cannot be read: put the whole value in double quotes (a \" inside it is written \\\"); write it as: title: \"A \\\"quoted\\\" word\""])
    }

    @Test func unclosedBracket() {
        #expect(lesson("---\ntitle: A\nobjectives: [one, two\n---\nText.\n")
            == ["\(file):3:13: error: this '[' is never closed: end the list with ']'; write it as: objectives: [one, two]"])
        #expect(courseYAML("title: {en: Course, fr: Cours\nsource_locale: en\n")
            == ["c/course.yaml:1:8: error: this '{' is never closed: end the mapping with '}'; write it as: title: {en: Course, fr: Cours}"])
    }

    /// A list going on over several lines: where it was meant to close is not guessed.
    @Test func unclosedBracketOfAListOnSeveralLines() {
        #expect(courseYAML("title: {en: Course}\nlocales: [en,\n  fr\n")
            == ["c/course.yaml:2:10: error: this '[' is never closed: end the list with ']'"])
    }

    // MARK: Other mistakes

    @Test func duplicateKey() {
        #expect(lesson("---\ntitle: A\nduration: 5\ntitle: B\n---\nText.\n")
            == ["\(file):4:1: error: 'title' is written twice (first at line 2): keep one"])
        #expect(exercise("```short\nid: s1\nanswers: [a]\nid: s2\n```\n")
            == ["\(file):8:1: error: short exercise: 'id' is written twice (first at line 6): keep one"])
    }

    @Test func valueStartingWithACharacterYAMLGivesAMeaning() {
        #expect(exercise("```short\nid: s1\nquestion: *Which* one?\nanswers: [a]\n```\n")
            == ["\(file):7:11: error: short exercise: a value cannot start with '*' (YAML reads it as a reference to another value): put the value in double quotes; write it as: question: \"*Which* one?\""])
        #expect(lesson("---\ntitle: A\nobjectives:\n  - [Read](guide.md) the guide\n---\nText.\n")
            == ["\(file):4:5: error: a value cannot start with '[' (YAML reads it as a list): put the value in double quotes; write it as: - \"[Read](guide.md) the guide\""])
        #expect(lesson("---\ntitle: @home\n---\nText.\n")
            == ["\(file):2:8: error: a value cannot start with '@' (YAML reads it as a character it reserves): put the value in double quotes; write it as: title: \"@home\""])
    }

    @Test func backslashInADoubleQuotedValue() {
        #expect(lesson("---\ntitle: \"C:\\Users\\me\"\n---\nText.\n")
            == ["\(file):2:11: error: a backslash in a \"…\" value starts an escape (like \\n for a new line): write a backslash as \\\\, or put the value in single quotes; write it as: title: 'C:\\Users\\me'"])
    }

    @Test func lineThatIsNotAKey() {
        #expect(lesson("---\ntitle: A long title\nthat goes on\n---\nText.\n")
            == ["\(file):3:1: error: this line is not 'key: value', nor indented under the value above it: add its key and ': ', or indent it to go on with the value above"])
    }

    @Test func anythingElseKeepsLibYAMLsWords() {
        #expect(lesson("---\ntitle: !x!y z\n---\nText.\n")
            == ["\(file):2:8: error: YAML could not be read here: found undefined tag handle (while parsing a node)"])
    }
}
