/// What a translated unit must keep of its source's markup, checked on import so that one
/// broken string is reported at its line instead of breaking a lesson (or a whole language, as
/// some tools do): the files its links and images lead to, its images, its blanks; code spans
/// and emphasis closed; no new table cell; no block of its own (a fence, a heading, a list, a
/// quote). What a translator may choose — to stress another word, to show a spreadsheet
/// function by its French name — is left to them: the starter courses' own translations do both.
enum MarkupCheck {
    static func problems(source: String, target: String, kind: UnitKind) -> [String] {
        var problems: [String] = []
        // A code span may be translated (an example value in words, a spreadsheet function whose
        // name the learner's spreadsheet shows in their language: `SUM` is `SOMME` in French), or
        // left out where the translation says it otherwise; one left open breaks the paragraph.
        if backtickRuns(target) % 2 != 0 {
            problems.append("a ` is never closed: every `code` span needs a backtick at both ends")
        }
        // The file a link leads to is kept; its #anchor may name the translated heading.
        let sourceLinks = destinations(source).map(withoutFragment), targetLinks = destinations(target).map(withoutFragment)
        if sourceLinks.sorted() != targetLinks.sorted() {
            problems.append("its link and image addresses differ from the source's (\(listed(sourceLinks)) in the source, \(listed(targetLinks)) here): translate the text in [ ] and keep each (address)")
        }
        if imageCount(source) != imageCount(target) {
            problems.append("it has \(imageCount(target)) images (![…](…)) and the source \(imageCount(source))")
        }
        // Emphasis may move with the words (a translation may stress another word, or add the
        // English label in italics); a marker left open turns the rest of the text bold.
        let targetEmphasis = emphasis(target)
        if targetEmphasis.strong % 2 != 0 {
            problems.append("a ** is never closed: write **bold** with two asterisks at both ends")
        }
        if targetEmphasis.plain % 2 != 0 {
            problems.append("a * or _ is never closed: write *italic* with one at both ends")
        }
        let sourceBlanks = blanks(source), targetBlanks = blanks(target)
        if sourceBlanks != targetBlanks {
            problems.append("its blanks differ from the source's (\(listed(sourceBlanks)) in the source, \(listed(targetBlanks)) here): keep each [[n]] once")
        }
        if kind == .tableCell, pipes(target) > pipes(source) {
            problems.append("it holds a '|', which would add a table cell: write \\| for a pipe in the text")
        }
        if let construct = blockConstruct(target, comparedWith: source) {
            problems.append("it starts \(construct), a block of its own, which would break the lesson's structure: keep the unit one \(kind.rawValue)")
        }
        return problems
    }

    private static func listed(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The contents of `code spans`.
    static func codeSpans(_ text: String) -> [String] {
        var spans: [String] = [], current: String?
        var ticks = 0
        var characters = Array(text)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            guard character == "`" else { current?.append(character); continue }
            var run = 1
            while characters.first == "`" { run += 1; characters = characters.dropFirst() }
            if current == nil { current = ""; ticks = run } else if run == ticks { spans.append(current!); current = nil } else { current! += String(repeating: "`", count: run) }
        }
        return spans
    }

    /// Runs of backticks: each opens or closes a code span.
    private static func backtickRuns(_ text: String) -> Int {
        var runs = 0, previous: Character = " "
        for character in text {
            if character == "`" && previous != "`" { runs += 1 }
            previous = character
        }
        return runs
    }

    /// Text outside code spans.
    private static func outsideCode(_ text: String) -> String {
        var result = "", inCode = false
        for character in text {
            if character == "`" { inCode.toggle(); continue }
            if !inCode { result.append(character) }
        }
        return result
    }

    private static func withoutFragment(_ destination: String) -> String {
        destination.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? destination
    }

    /// `](destination)` of every link and image.
    static func destinations(_ text: String) -> [String] {
        let plain = Array(outsideCode(text))
        var found: [String] = []
        var index = 0
        while index + 1 < plain.count {
            if plain[index] == "]" && plain[index + 1] == "(" {
                var end = index + 2
                while end < plain.count && plain[end] != ")" { end += 1 }
                found.append(String(plain[(index + 2)..<min(end, plain.count)]))
                index = end
            }
            index += 1
        }
        return found
    }

    private static func imageCount(_ text: String) -> Int {
        outsideCode(text).components(separatedBy: "![").count - 1
    }

    /// `**` markers, and single `*` markers and `_` ones at word edges (not in link
    /// destinations).
    private static func emphasis(_ text: String) -> (strong: Int, plain: Int) {
        var plainText = outsideCode(text)
        for destination in destinations(text) { plainText = plainText.replacingOccurrences(of: "](\(destination))", with: "]") }
        let strong = plainText.components(separatedBy: "**").count - 1
        let rest = Array(plainText.replacingOccurrences(of: "**", with: " "))
        var plain = 0
        // `*` works inside a word too (Arabic joins «و» to the next word: `و*السلة*`); `_` only
        // at a word's edge (snake_case is not emphasis).
        for (index, character) in rest.enumerated() where character == "*" || character == "_" {
            let before = index > 0 ? rest[index - 1] : " ", after = index + 1 < rest.count ? rest[index + 1] : " "
            if character == "*" || !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber) { plain += 1 }
        }
        return (strong, plain)
    }

    /// `[[1]]`, `[[2]]`… in a fill text.
    private static func blanks(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            let inside = rest[open.upperBound..<close.lowerBound]
            if !inside.isEmpty, inside.allSatisfy(\.isNumber) { found.append(String(inside)) }
            rest = rest[close.upperBound...]
        }
        return found.sorted()
    }

    private static func pipes(_ text: String) -> Int {
        var count = 0, escaped = false
        for character in outsideCode(text) {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    /// The first line of the target that starts a block (a fence, a heading, a list item, a
    /// quote) where the source's lines start none.
    private static func blockConstruct(_ target: String, comparedWith source: String) -> String? {
        func starts(_ line: Substring) -> String? {
            let content = line.drop { $0 == " " }
            if content.hasPrefix("```") || content.hasPrefix("~~~") { return "a code fence" }
            if content.hasPrefix("#") && content.drop(while: { $0 == "#" }).first == " " { return "a heading" }
            if content.hasPrefix(">") { return "a quote" }
            if let first = content.first, "-*+".contains(first), content.dropFirst().first == " " { return "a list item" }
            let digits = content.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let mark = content.dropFirst(digits.count).first, mark == "." || mark == ")",
               content.dropFirst(digits.count + 1).first == " " { return "a numbered list item" }
            return nil
        }
        let sourceStarts = source.split(separator: "\n").compactMap(starts)
        let targetStarts = target.split(separator: "\n").compactMap(starts)
        guard targetStarts.count > sourceStarts.count else { return nil }
        return targetStarts.first { !sourceStarts.contains($0) } ?? targetStarts.first
    }
}
