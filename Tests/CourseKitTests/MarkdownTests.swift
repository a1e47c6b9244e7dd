import Testing
import Synchronization
@testable import Markdown
import CourseModel

@Suite struct MarkdownTests {
    @Test func escapingReplacesTheFiveCharactersAndKeepsEveryOtherByte() {
        #expect(HTMLText.escape("") == "")
        #expect(HTMLText.escape("Plain text, نص عربي, é") == "Plain text, نص عربي, é")
        #expect(HTMLText.escape("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;")
        #expect(HTMLText.escape("عدد <السكان> & \u{301}") == "عدد &lt;السكان&gt; &amp; \u{301}")
    }

    private func html(_ markdown: String, allowHTML: Bool = false) -> String {
        MarkdownRenderer.render(markdown, options: MarkdownOptions(allowHTML: allowHTML)).html
    }

    @Test func gfmExtensionsAreOn() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ www.example.org\n\n- [x] done\n")
        #expect(out.contains("<table tabindex=\"0\">"))   // a wide table scrolls inside itself: focusable
        #expect(out.contains("<del>old</del>"))
        #expect(out.contains("<a href=\"http://www.example.org\">"))
        #expect(out.contains("type=\"checkbox\""))
    }

    @Test func shortNumericTableCellsStayWhole() {
        let out = html("| Date | Village | Litres | Note |\n|---|---|---:|---|\n| 2026-03-09 | North | 5 500 | filled in the morning by the driver 12 |\n| ٢٠٢٦/٠٣/٠٩ | B2 | [x](a.md) 3 | 10 km |\n")
        #expect(out.contains("<td class=\"nowrap\">2026-03-09</td>"))
        #expect(out.contains("<td align=\"right\" class=\"nowrap\">5 500</td>"))
        #expect(out.contains("<td class=\"nowrap\">٢٠٢٦/٠٣/٠٩</td>"))
        #expect(out.contains("<td class=\"nowrap\">B2</td>") && out.contains("<td class=\"nowrap\">10 km</td>"))
        // Words, long text and cells holding a tag wrap as before; header cells without a digit too.
        #expect(out.contains("<td>North</td>") && out.contains("<td>filled in the morning by the driver 12</td>"))
        #expect(out.contains("<th>Date</th>") && !out.contains("class=\"nowrap\"><a"))
    }

    @Test func rawHTMLIsSuppressedUnlessAllowed() {
        let source = "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>\n"
        let safe = html(source)
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("onclick"))
        #expect(safe.contains("raw HTML omitted"))
        let allowed = html("<b>bold</b>\n", allowHTML: true)
        #expect(allowed.contains("<b>bold</b>"))
    }

    @Test func headingsGetStableUnicodeAnchors() {
        let rendered = MarkdownRenderer.render("# What is data?\n\n## ما هي البيانات؟\n\n## What is data?\n\n### `SUM` and *more*\n",
                                               options: MarkdownOptions())
        #expect(rendered.headings.map(\.anchor) == ["what-is-data", "ما-هي-البيانات", "what-is-data-2", "sum-and-more"])
        #expect(rendered.headings.map(\.level) == [1, 2, 2, 3])
        #expect(rendered.headings[3].text == "SUM and more")
        #expect(rendered.html.contains("<h2 id=\"ما-هي-البيانات\">\nما هي البيانات؟\n</h2>"))
        #expect(rendered.html.contains("<h3 id=\"sum-and-more\">\n<code dir=\"ltr\">SUM</code> and <em>more</em>\n</h3>"))
    }

    @Test func arabicDiacriticsDoNotChangeAnchors() {
        #expect(HeadingAnchors.slug("البَيَانَات") == HeadingAnchors.slug("البيانات"))
        #expect(HeadingAnchors.slug("جـــدول") == "جدول")
        #expect(HeadingAnchors.slug("!!!") == "section")
    }

    /// ASCII, French and Arabic headings take a shortcut on their bytes; for ASCII it must give
    /// the anchors the Unicode definition gives (anchors are links: a changed one breaks every
    /// link to it).
    @Test func asciiAnchorsFollowTheUnicodeDefinition() {
        var state: UInt64 = 3
        for _ in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 59)
            let text = String(decoding: (0..<length).map { UInt8(truncatingIfNeeded: (state >> UInt64($0 * 2 % 57)) & 0x7F) }, as: UTF8.self)
            #expect(HeadingAnchors.latinAndArabicSlug(text) == HeadingAnchors.unicodeSlug(text), "\(Array(text.utf8))")
        }
    }

    /// And for French and Arabic: every scalar of Latin-1 and of the Arabic block, alone and in
    /// random runs with ASCII, gives the anchor the definition gives.
    @Test func frenchAndArabicAnchorsFollowTheUnicodeDefinition() {
        let scalars = (Array(0x00...0xFF) + Array(0x0600...0x06FF)).compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let text = "A\(scalar)b \(scalar)"
            #expect(HeadingAnchors.latinAndArabicSlug(text) == HeadingAnchors.unicodeSlug(text), "U+\(String(scalar.value, radix: 16))")
        }
        var state: UInt64 = 5
        for _ in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 60)
            let text = String(String.UnicodeScalarView((0..<length).map { scalars[Int((state >> UInt64($0 * 4 % 53)) % UInt64(scalars.count))] }))
            #expect(HeadingAnchors.latinAndArabicSlug(text) == HeadingAnchors.unicodeSlug(text), "\(text.unicodeScalars.map(\.value))")
        }
        #expect(HeadingAnchors.latinAndArabicSlug("Œuvre") == nil, "a letter outside Latin-1 takes the definition's way")
        #expect(HeadingAnchors.slug("Œuvre complète") == "œuvre-complète")
    }

    @Test func alertsBecomeCallouts() {
        let out = MarkdownRenderer.render("> [!WARNING]\n> Save your file **first**.\n\n> Plain quote\n",
                                          options: MarkdownOptions(calloutTitles: [.warning: "تحذير"])).html
        #expect(out.contains("<div class=\"callout callout-warning\" role=\"alert\"><p class=\"callout-title\">تحذير</p>\n<p>Save your file <strong>first</strong>.</p>\n</div>"))
        #expect(out.contains("<blockquote>\n<p>Plain quote</p>\n</blockquote>"))
        #expect(!out.contains("[!WARNING]"))
    }

    @Test func codeStaysLeftToRight() {
        let out = html("النتيجة `=SUM(B2:B9)` هنا\n\n```python\nprint(\"<b>\")\n```\n")
        #expect(out.contains("<code dir=\"ltr\">=SUM(B2:B9)</code>"))
        #expect(out.contains("<pre dir=\"ltr\" tabindex=\"0\"><code class=\"language-python\">print(&quot;&lt;b&gt;&quot;)\n</code></pre>"))
    }

    @Test func linksAreHandedToTheRewriter() {
        var seen: [LinkReference] = []
        let hooks = MarkdownHooks(rewriteLink: { reference in
            seen.append(reference)
            return reference.destination == "02-next.md" ? "next.html" : nil
        })
        let out = MarkdownRenderer.render("Intro\n\nGo [on](02-next.md).\n\n![chart](../media/c.png)\n",
                                          options: MarkdownOptions(), hooks: hooks).html
        #expect(out.contains("<a href=\"next.html\">on</a>"))
        #expect(seen.map(\.destination) == ["02-next.md", "../media/c.png"])
        #expect(seen.map(\.line) == [3, 5])
        #expect(seen.map(\.isImage) == [false, true])
    }

    @Test func fencedBlocksCanBeReplaced() {
        let hooks = MarkdownHooks(renderFencedBlock: { block in
            block.language == "quiz" ? "<div class=\"quiz\" data-line=\"\(block.line)\"></div>\n" : nil
        })
        let out = MarkdownRenderer.render("Text\n\n```quiz\nid: q1\n```\n\n```\nplain\n```\n",
                                          options: MarkdownOptions(), hooks: hooks).html
        #expect(out.contains("<div class=\"quiz\" data-line=\"3\"></div>"))
        #expect(out.contains("<pre dir=\"ltr\" tabindex=\"0\"><code>plain\n</code></pre>"))
    }

    /// cmark-gfm's inline parser shares its special characters between threads
    /// (`CmarkRuntime`): a parse finishing beside another can lose its strikethrough and
    /// autolinks. Many of both, on eight tasks at once, with no lock around the finishes:
    /// the library's calls reach `CMarkdownInlineCharacters`, which never takes them out.
    @Test func parallelParsesMatchSerialOutput() async {
        let source = "# T\n\n~~gone~~ and www.example.org and | a |\n\n| a | b |\n|---|---|\n| ~~x~~ | y |\n"
            + String(repeating: "Some *words* with ~~struck~~ text, https://example.org/x and `code`.\n\n", count: 20)
        let expected = html(source)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<300).filter { _ in MarkdownRenderer.render(source, options: MarkdownOptions()).html != expected }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        let finishesAtOnce = CmarkRuntime.finishesAtOnce.load(ordering: .relaxed)
        #expect(finishesAtOnce, "cmark_parser_finish still runs one document at a time")
    }
}

@Suite struct MarkdownTableTests {
    @Test func inlineCodeInTableCellsIsKept() {
        let out = MarkdownRenderer.render("| Formula | Gives |\n|---|---|\n| `=SUM(B2:B6)` | total |\n", options: MarkdownOptions()).html
        #expect(out.contains("<td><code>=SUM(B2:B6)</code></td>"))
    }
}

@Suite struct BidiTests {
    /// Always left to right (isolated by the stylesheet), whatever its first letter: code is
    /// typed as it reads, and Arabic letters inside it still run right to left.
    @Test func inlineCodeIsLeftToRightWhateverItsFirstLetter() {
        let out = MarkdownRenderer.render("اكتب `=SUM(B2:B9)` في `اللترات` أو `1200`\n", options: MarkdownOptions()).html
        #expect(out.contains("<code dir=\"ltr\">=SUM(B2:B9)</code>"))
        #expect(out.contains("<code dir=\"ltr\">اللترات</code>"))
        #expect(out.contains("<code dir=\"ltr\">1200</code>"))
    }
}

@Suite struct CompiledMarkdownTests {
    /// The page fills link holes with its own escaping: it must be cmark's, byte for byte, or a
    /// compiled page would differ from what cmark renders.
    @Test func hrefEscapingIsCmarksForEveryByte() {
        var destinations = (0x21..<0x7F).map { "a\(Character(Unicode.Scalar(UInt8($0))))b" }
        destinations += ["ما-هي-البيانات", "données.md#l'été", "x%20y&z", "https://example.org/?q=a b"]
        for destination in destinations {
            let viaCmark = MarkdownRenderer.render("[x](<\(destination)>)\n", options: MarkdownOptions(),
                                                   hooks: MarkdownHooks(rewriteLink: { _ in nil })).html
            let compiled = MarkdownCompiler.compile("[x](<placeholder>)\n", options: MarkdownOptions())
            let filled = compiled.html(link: { _ in destination }, calloutTitle: { $0.rawValue }, block: { _ in nil })
            // Destinations cmark does not take as written (a `<` or `>` inside angle brackets) are not links.
            guard viaCmark.contains("<a href") else { continue }
            #expect(filled == viaCmark, "destination \(destination)")
        }
    }

    @Test func holesAreCutWhereThePageDecides() {
        let compiled = MarkdownCompiler.compile("> [!TIP]\n> Read [on](02-next.md).\n\n```quiz\nid: q\n```\n\n```python\nx = 1\n```\n",
                                                options: MarkdownOptions(pageBlocks: ["quiz"]))
        #expect(compiled.pieces.contains(.calloutTitle(.tip)))
        #expect(compiled.pieces.contains(.link(0)))
        #expect(compiled.pieces.contains(.fencedBlock(0)))
        #expect(compiled.fencedBlocks.map(\.language) == ["quiz", "python"])
        #expect(!compiled.pieces.contains(.fencedBlock(1)), "python is code, already HTML")
        let html = compiled.html(link: { _ in "next.html" }, calloutTitle: { _ in "Tip" }, block: { _ in "<div>quiz</div>" })
        #expect(html.contains("<p class=\"callout-title\">Tip</p>"))
        #expect(html.contains("<a href=\"next.html\">on</a>"))
        #expect(html.contains("<div>quiz</div>\n"))
        #expect(html.contains("<code class=\"language-python\">x = 1\n</code>"))
        // A block's HTML ends with a line feed, as cmark ends a custom block: one is added to
        // HTML that ends otherwise, "\r\n" (one character) included, and none to HTML ending with one.
        for (block, ending) in [("<div>q</div>\n", "</div>\n<h"), ("<div>q</div>", "</div>\n<h"), ("<div>q</div>\r\n", "</div>\r\n\n<h")] {
            let around = MarkdownCompiler.compile("```quiz\nid: q\n```\n\n## After\n", options: MarkdownOptions(pageBlocks: ["quiz"]))
            let filled = around.html(link: { _ in nil }, calloutTitle: { _ in "" }, block: { _ in block })
            #expect(Array(filled.utf8).firstRange(of: Array(ending.utf8)) != nil, "\(block.debugDescription): \(filled.debugDescription)")
        }
    }

    @Test func authorTextCannotPoseAsAHole() {
        let compiled = MarkdownCompiler.compile("A \u{1}B0\u{1} and \u{1}Cnote\u{1} and \"%010%01\" and [x](%010%01)\n", options: MarkdownOptions())
        #expect(compiled.pieces.filter { if case .html = $0 { false } else { true } } == [.link(0)])
        #expect(compiled.links.map(\.destination) == ["%010%01"])
    }

    /// Plain exercise texts skip cmark: whatever the text, when the shortcut takes it, it gives
    /// cmark's own compiled text, and it takes the plain ones.
    @Test func plainInlineTextsCompileAsCmarkCompilesThem() {
        let pieces = ["a", "Z", "é", "Ü", "ب", "ة", "9", " ", "  ", ".", ",", ";", "?", "!", "'", "\"", "(", ")", "-", "/", "%", "+",
                      "=", "$", "www", "WWW", "w", "*", "_", "`", "[", "]", "<", ">", "&", "\\", "~", "|", "#", ":", "@", "\n", "\t",
                      "\u{A0}", "\u{2028}", "\u{FEFF}", "\u{200B}", "\u{1}", "1.", "1)", "- ", "+ ", "---", "&amp;", "http://x.org", "a@b.org", "ok"]
        var state: UInt64 = 21
        var plain = 0
        for _ in 0..<6_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let count = 1 + Int(state >> 61)
            let text = (0..<count).map { position -> String in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return pieces[Int(state >> 33) % pieces.count]
            }.joined()
            guard let fast = MarkdownCompiler.plainInline(text) else { continue }
            plain += 1
            #expect(fast == MarkdownCompiler.compile(text, options: MarkdownOptions(), inline: true, everyFencedBlockIsAHole: false),
                    "\(text.debugDescription)")
        }
        #expect(plain > 300)
        #expect(MarkdownCompiler.plainInline("Which statement about compute is true?") != nil)
        #expect(MarkdownCompiler.plainInline("ما هي البيانات؟") != nil)
        for markdown in ["1. first", "- item", "**bold**", "see www.example.org", "a & b", "x: y", "Title\nnext", "ends with space "] {
            #expect(MarkdownCompiler.plainInline(markdown) == nil, "\(markdown)")
        }
    }

    /// The split reads eight bytes at a time to the next `<`, `"` or marker: from every start in
    /// random HTML-like bytes, it finds the byte a search one byte at a time finds.
    @Test func theSplitFindsEverySpecialByte() {
        var state: UInt64 = 11
        let alphabet: [UInt8] = Array("<\"\u{1}a >=/é".utf8) + [0x80, 0xFF, 0x00, 0x7F, 0x21]
        for _ in 0..<400 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 58)
            let bytes: [UInt8] = (0..<length).map { position in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                // Runs without a special byte, as in text, with one now and then.
                return state >> 61 == 0 ? alphabet[Int(state >> 32) % 3] : alphabet[3 + Int(state >> 32) % (alphabet.count - 3)]
            }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...length {
                    let expected = buffer[start...].firstIndex { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "\"") || $0 == 0x01 } ?? length
                    #expect(CompiledPieces.nextSpecialByte(buffer, from: start) == expected, "\(bytes) from \(start)")
                }
            }
        }
    }

    /// cmark's memory comes from each thread's arena, used again once no document is alive on
    /// the thread: texts compiled on every core at once, each with a hint compiled inside it
    /// while it is alive, come out as when compiled one at a time.
    @Test func textsCompiledOnEveryCoreAtOnceComeOutAsAlone() {
        let options = MarkdownOptions(markdownBlocks: ["hint"])
        let texts = (0..<64).map { index in
            "# Lesson \(index)\n\n" + String(repeating: "Some *text* with `code` and a [link](\(index).md).\n\n", count: index % 7 + 1)
                + "| a | b |\n|---|---|\n| \(index) | 2026-03-0\(index % 9 + 1) |\n\n```hint\n## Hint \(index)\n\nSee [there](x.md#\(index)).\n```\n"
        }
        let alone = texts.map { MarkdownCompiler.compile($0, options: options) }
        let together = [CompiledMarkdown].concurrentlyMade(count: texts.count * 4) { index in
            MarkdownCompiler.compile(texts[index % texts.count], options: options)
        }
        for (index, compiled) in together.enumerated() {
            #expect(compiled == alone[index % texts.count], "text \(index % texts.count)")
        }
        #expect(alone[5].fencedBlocks[0].content.first?.headings.map(\.anchor) == ["hint-5"])
    }

    @Test func hintBodiesAreCompiledWithTheirLessonsLines() {
        let compiled = MarkdownCompiler.compile("Intro\n\n```hint\nSee [the table](02-tables.md).\n```\n",
                                                options: MarkdownOptions(markdownBlocks: ["hint"]))
        let hint = compiled.fencedBlocks[0].content.first
        #expect(hint?.links.map(\.line) == [4])
        #expect(hint?.links.map(\.destination) == ["02-tables.md"])
    }
}

/// Heading ids keep their rules whatever number of headings a page has: the list of a page's
/// anchors gives the ids a dictionary gave, repeats, canonically equal spellings and pages
/// past the list's size included.
@Suite struct HeadingAnchorsTests {
    @Test func idsAreThoseOfTheDictionaryDefinition() {
        func reference(_ texts: [String]) -> [String] {
            var used: [String: Int] = [:]
            return texts.map { text in
                let base = HeadingAnchors.slug(text)
                let count = used[base, default: 0] + 1
                used[base] = count
                var candidate = count == 1 ? base : "\(base)-\(count)"
                while count > 1 && used[candidate] != nil { candidate += "-\(count)" }
                if count > 1 { used[candidate] = 1 }
                return candidate
            }
        }
        let headings = ["Data", "data", "Data 2", "Data-2", "Café", "Cafe\u{301}", "البيانات", "البيانات 2", "", "Data-2-2"]
        var state: UInt64 = 7
        for length in [1, 5, 20, 33, 40, 120] {
            for _ in 0..<20 {
                let texts = (0..<length).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return headings[Int(state >> 33) % headings.count] + (state & 0x100 == 0 ? "" : " \(state >> 60)")
                }
                var anchors = HeadingAnchors()
                #expect(texts.map { anchors.anchor(for: $0) } == reference(texts), "\(texts)")
            }
        }
    }
}
