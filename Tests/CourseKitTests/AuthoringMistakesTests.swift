import Testing
import Foundation
import CourseModel
@testable import SiteBuilder

/// The new-author round, repeatable: each mistake authors were seen to make (a new "Digital
/// essentials" module written with thirty deliberate mistakes, real course repositories
/// converted) as a fixture of its own, giving exactly one message, at the line to fix, that
/// says what to do — or, for a layout authors already use, none. (The command line's mistakes
/// — `--version`, `coursekit chek`, NO_COLOR, TERM=dumb, running inside a course folder — are
/// in Tests/browser/test_command_line.py; `new lesson`'s in ScaffoldTests; a heading level
/// changed in a translation in HeadingLevelCoverageTests.)
@Suite struct AuthoringMistakesTests {
    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        let files: [String: String]
        let expected: [String]
        var testDescription: String { name }
    }

    static let site = "title: Test\nlocales: [en, fr]\n"
    static let course = "title: {en: Course}\nsource_locale: en\n"
    static let module = "title: {en: Module}\n"
    static let lesson = "---\ntitle: A lesson\n---\n\nText.\n"

    /// A site with one course `c`, module `01-m` holding `01-a.en.md` unless replaced.
    static func mistake(_ name: String, _ files: [String: String], _ expected: [String]) -> Mistake {
        var all = ["site.yaml": site, "c/course.yaml": course, "c/01-m/module.yaml": module, "c/01-m/01-a.en.md": lesson]
        all.merge(files) { _, new in new }
        return Mistake(name: name, files: all.filter { !$0.value.isEmpty }, expected: expected)
    }

    static let quiz = "```quiz\nid: q\nquestion: Which?\nanswers:\n  - text: This\n    correct: true\n  - text: That\n```\n"

    static let mistakes: [Mistake] = [
        mistake("a tab indents an exercise", ["c/01-m/01-a.en.md": "---\ntitle: A\n---\n\n" + quiz.replacingOccurrences(of: "  - text: That", with: "\t- text: That")], ["c/01-m/01-a.en.md:11:1: error: quiz exercise: this line is indented with a tab; YAML needs spaces: indent with 4 spaces"]),
        mistake("a colon in an unquoted title", ["c/01-m/01-a.en.md": "---\ntitle: Passwords: the basics\n---\n\nText.\n"], ["c/01-m/01-a.en.md:2:17: error: a colon followed by a space inside a value starts a new key: put the value in double quotes; write it as: title: \"Passwords: the basics\""]),
        mistake("a # in an unquoted title", ["c/01-m/01-a.en.md": "---\ntitle: Lesson #2 basics\n---\n\nText.\n"], ["c/01-m/01-a.en.md:2:15: warning: the text after ' #' is left out, since ' #' starts a comment in YAML (the value is only 'Lesson'): put the value in double quotes; write it as: title: \"Lesson #2 basics\""]),
        mistake("no space after a colon", ["c/01-m/01-a.en.md": "---\ntitle:Passwords\n---\n\nText.\n"], ["c/01-m/01-a.en.md:2:6: error: 'title:Passwords' is read as one text, not a key and its value: put a space after ':'; write it as: title: Passwords"]),
        mistake("a key indented one space too far", ["c/course.yaml": "title:\n  en: Course\n   fr: Cours\nsource_locale: en\n"], ["c/course.yaml:3:4: error: this line is indented 3 spaces but the key above it ('en') is indented 2 spaces: line up keys of the same level"]),
        mistake("a quote never closed", ["c/01-m/01-a.en.md": "---\ntitle: \"Passwords\n---\n\nText.\n"], ["c/01-m/01-a.en.md:2:8: error: this quote is never closed: add a closing \" at the end of the value; write it as: title: \"Passwords\""]),
        mistake("a bracket never closed", ["c/course.yaml": "title: {en: Course}\nsource_locale: en\nlocales: [en, fr\n"], ["c/course.yaml:3:10: error: this '[' is never closed: end the list with ']'; write it as: locales: [en, fr]"]),
        mistake("a key written twice", ["c/01-m/01-a.en.md": "---\ntitle: A\nduration: 10\ntitle: B\n---\n\nText.\n"], ["c/01-m/01-a.en.md:4:1: error: 'title' is written twice (first at line 2): keep one"]),
        mistake("a lesson as x.md and x.en.md", ["c/01-m/01-a.md": lesson], ["c/01-m/01-a.md: error: lesson 'a' in 'en' is written twice, here and in c/01-m/01-a.en.md; both would become 'a.html': rename or remove one"]),
        mistake("an unknown callout", ["c/01-m/01-a.en.md": "---\ntitle: A\n---\n\n> [!TIPS]\n> Save often.\n"], ["c/01-m/01-a.en.md:5:3: warning: unknown callout '[!TIPS]': it shows as a plain quote with the marker in it; did you mean '[!TIP]'? callouts are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]"]),
        mistake("an empty section", ["c/01-m/01-a.en.md": "---\ntitle: A\n---\n\n## What you learned\n\n## Practice\n\nText.\n"], ["c/01-m/01-a.en.md:5:1: warning: the section '## What you learned' is empty: the next heading follows at once; write its text under it, or remove the heading"]),
        mistake("a wrong #anchor to another lesson", [
            "c/01-m/01-a.en.md": "---\ntitle: A\n---\n\nSee [part two](02-b.md#part-tow).\n",
            "c/01-m/02-b.en.md": "---\ntitle: B\n---\n\n## Part two\n\nText.\n",
        ], ["c/01-m/01-a.en.md:5:5: warning: no heading '#part-tow' in c/01-m/02-b.en.md; did you mean '#part-two'?"]),
        mistake("a link to a lesson renumbered", [
            "c/01-m/01-a.en.md": "---\ntitle: A\n---\n\nNext: [dates](03-dates.md).\n",
            "c/01-m/02-dates.en.md": "---\ntitle: Dates\n---\n\nText.\n",
        ], ["c/01-m/01-a.en.md:5:7: error: link '03-dates.md' points to a lesson that does not exist (c/01-m/03-dates.md); did you mean '02-dates.md'?"]),
        mistake("a module without module.yaml", ["c/01-m/module.yaml": ""], ["c/01-m: warning: module has no module.yaml, so its title is the folder name 'm'; create c/01-m/module.yaml with the two lines 'title:' and '  en: M'"]),
        mistake("module folders without number prefixes", [
            "c/01-m/module.yaml": "", "c/01-m/01-a.en.md": "",
            "c/getting-started/module.yaml": "title: {en: Getting started}\norder: 1\n",
            "c/getting-started/welcome.en.md": lesson,
        ], []),
        mistake("a picture beside the lesson that shows it", [
            "c/01-m/01-a.en.md": "---\ntitle: A\n---\n\n![A map of the camp](map.svg)\n",
            "c/01-m/map.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>\n",
        ], []),
    ]

    @Test(arguments: mistakes)
    func eachMistakeGetsOneMessageSayingWhatToDo(_ mistake: Mistake) {
        let root = Fixtures.content(mistake.files)
        let messages = SiteBuild(contentRoot: root, outputPath: "").check().map {
            $0.description.replacingOccurrences(of: root + "/", with: "")
        }
        #expect(messages == mistake.expected)
    }
}
