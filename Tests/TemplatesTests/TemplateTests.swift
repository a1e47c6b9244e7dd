import Foundation
import Synchronization
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

    /// Text given as UTF-8 bytes (a body inside the layout) renders as the same text would.
    @Test func textAsBytesRendersAsText() throws {
        struct Page: TemplateObject {
            let value: TemplateValue
            func value(named name: String) -> TemplateValue? { name == "v" ? value : nil }
        }
        var library = TemplateLibrary()
        library.register(try Template("{{v}}|{{{v}}}|{{#v}}[{{.}}]{{/v}}|{{^v}}none{{/v}}\n  {{> p}}"), named: "page")
        library.register(try Template("{{{v}}}\n"), named: "p")
        for text in ["<b>البيانات & \"data\"</b>", ""] {
            let asText = library.render(.object(Page(value: .text(text))), withTemplate: "page")
            let asBytes = library.render(.object(Page(value: .utf8(Array(text.utf8)))), withTemplate: "page")
            #expect(asText != nil && asBytes == asText, "\(text)")
            #expect(library.renderBytes(.object(Page(value: .utf8(Array(text.utf8)))), withTemplate: "page") == asText.map { Array($0.utf8) })
        }
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
            let escaped = HTMLEscape.escaped(text)
            #expect(escaped.unicodeScalars.elementsEqual(reference(text).unicodeScalars), "\(text)")
        }
        let plain = "kept: " + HTMLEscape.escaped("Nothing to escape in this title: البيانات")
        #expect(plain == "kept: Nothing to escape in this title: البيانات")
    }
}

/// A value shared by many pages (a module of the course outline) is rendered once by each
/// section, and the kept HTML is used only where it cannot differ.
@Suite struct SharedRenderingTests {
    /// A shared value that counts how often its names are asked.
    final class Shared: TemplateObject {
        let names: [String: String]
        let renderings: TemplateRenderings? = TemplateRenderings()
        let asked = Mutex<Int>(0)
        init(_ names: [String: String]) { self.names = names }
        func value(named name: String) -> TemplateValue? {
            asked.withLock { $0 += 1 }
            return names[name].map(TemplateValue.text)
        }
    }

    struct Page: TemplateObject {
        let shared: [any TemplateObject]
        let label: String
        func value(named name: String) -> TemplateValue? {
            switch name {
            case "items": TemplateValue(shared)
            case "label": TemplateValue(label)
            default: nil
            }
        }
    }

    /// Pages rendered in turn with one template, as a build does.
    func render(_ source: String, _ pages: Page...) throws -> [String?] {
        var library = TemplateLibrary()
        library.register(try Template(source), named: "page")
        return pages.map { library.render(.object($0), withTemplate: "page") }
    }

    @Test func aSectionShowingOnlyTheSharedValuesNamesRendersItOnce() throws {
        let module = Shared(["title": "Cleaning <data>", "href": "../m/a.html"])
        let template = "<ol>{{#items}}<li><a href=\"{{href}}\">{{title}}</a></li>{{/items}}</ol>"
        let pages = try render(template, Page(shared: [module], label: "one"), Page(shared: [module], label: "two"))
        #expect(pages[0] == "<ol><li><a href=\"../m/a.html\">Cleaning &lt;data&gt;</a></li></ol>")
        #expect(pages[1] == pages[0])
        #expect(module.asked.withLock { $0 } == 2, "two names asked once: the second page used the kept HTML")
    }

    @Test func aSectionShowingANameOfThePageAroundIsRenderedOnEachPage() throws {
        let module = Shared(["title": "Cleaning data"])
        // `label` is not the module's: it comes from the page, and differs from page to page.
        let template = "{{#items}}{{title}} ({{label}}){{/items}}"
        let pages = try render(template, Page(shared: [module], label: "page one"), Page(shared: [module], label: "page two"))
        #expect(pages == ["Cleaning data (page one)", "Cleaning data (page two)"])
    }

    /// A page that has a name the other pages lack.
    struct FlaggedPage: TemplateObject {
        let shared: [any TemplateObject]
        func value(named name: String) -> TemplateValue? {
            switch name {
            case "items": TemplateValue(shared)
            case "flag": .bool(true)
            default: nil
            }
        }
    }

    @Test func aNameFoundNowhereIsAskedAgainOnTheNextPage() throws {
        let module = Shared(["title": "Cleaning data"])
        var library = TemplateLibrary()
        library.register(try Template("{{#items}}{{title}}{{#flag}} *{{/flag}}{{/items}}"), named: "page")
        #expect(library.render(.object(Page(shared: [module], label: "")), withTemplate: "page") == "Cleaning data")
        #expect(library.render(.object(FlaggedPage(shared: [module])), withTemplate: "page") == "Cleaning data *")
    }

    @Test func aPartialsIndentationIsNeverTakenFromAKeptRendering() throws {
        let module = Shared(["title": "Cleaning data"])
        var library = TemplateLibrary()
        library.register(try Template("<nav>\n  {{> list}}\n</nav>\n"), named: "page")
        library.register(try Template("{{#items}}\n<li>{{title}}</li>\n{{/items}}\n"), named: "list")
        let page = Page(shared: [module], label: "")
        let expected = "<nav>\n  <li>Cleaning data</li>\n</nav>\n"
        #expect(library.render(.object(page), withTemplate: "page") == expected)
        #expect(library.render(.object(page), withTemplate: "page") == expected)
    }
}
