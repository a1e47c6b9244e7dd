import Foundation
import Testing
@testable import Templates

/// What the specification leaves to each implementation: errors, where they are, and what
/// coursekit refuses rather than renders wrongly.
@Suite struct TemplateErrorTests {
    func error(_ source: String) -> TemplateError? {
        do {
            _ = try Template(source)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnclosedSectionIsReportedWhereItOpens() {
        let found = error("<h1>\n  {{#title}}\n<p>never closed</p>\n")
        #expect(found == TemplateError(message: "the section {{#title}} is never closed ({{/title}} is missing)", line: 2, column: 3))
    }

    @Test func aSectionClosedByAnotherNameSaysWhichOneIsOpen() {
        let found = error("{{#a}}\n{{#b}}\n{{/a}}")
        #expect(found == TemplateError(message: "{{/a}} closes the section {{#b}} opened at line 2", line: 3, column: 1))
    }

    @Test func anUnclosedTagIsReportedWithItsColumnInCharacters() {
        let found = error("<p>العربية {{title</p>")
        #expect(found == TemplateError(message: "this tag is never closed (}} is missing)", line: 1, column: 12))
    }

    @Test func featuresOutsideTheSpecificationsRequiredPartsAreRefused() {
        #expect(error("{{uppercased(title)}}")?.message == "'uppercased(title)': transforms such as uppercased(name) are not supported")
        #expect(error("{{<parent}}{{/parent}}")?.message.hasPrefix("template inheritance") == true)
        #expect(error("{{% CONTENT_TYPE: TEXT}}")?.message == "pragmas ({{% …}}) are not supported")
        #expect(error("{{/a}}")?.message == "{{/a}} closes no section")
        #expect(error("{{}}")?.message == "this tag names nothing")
        #expect(error("{{a..b}}")?.message == "'a..b' is not a name: a dot separates two names")
        #expect(error("{{=<% %> x=}}")?.message.hasPrefix("a delimiter change") == true)
    }

    @Test func partialsAreListedOnceInOrder() throws {
        #expect(try Template("{{> b}}{{#x}}{{>a}}{{/x}}{{> b}}").partialNames == ["b", "a"])
    }

    /// A theme that includes itself is refused by coursekit's theme loader; the library stops
    /// any loop anyway instead of crashing.
    @Test func aPartialLoopStops() throws {
        var library = TemplateLibrary()
        library.register(try Template("x{{> loop}}"), named: "loop")
        let output = try #require(library.render(.bool(true), withTemplate: "loop"))
        #expect(output == String(repeating: "x", count: TemplateLibrary.maximumDepth + 1))
    }
}

@Suite struct HTMLEscapeTests {
    /// The five characters that matter in HTML text and attributes, wherever they are, and nothing else.
    @Test func escapesTheFiveCharacters() {
        let reference = { (text: String) in
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;")
        }
        let alphabet = Array("ab <>&\"'é\u{0338}بيانات\u{200F}1\n")
        var seed: UInt64 = 7
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int(seed % 40) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            var escaped = ""
            HTMLEscape.append(text, to: &escaped)
            #expect(escaped.unicodeScalars.elementsEqual(reference(text).unicodeScalars), "\(text)")
        }
        var plain = "kept: "
        HTMLEscape.append("Nothing to escape in this title: البيانات", to: &plain)
        #expect(plain == "kept: Nothing to escape in this title: البيانات")
    }
}
