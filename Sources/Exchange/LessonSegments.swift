import CourseModel
import Foundation

/// A lesson's Markdown body cut into what a translator translates and what stays as written:
/// each heading, paragraph, list item, table cell, quote or callout paragraph, the alt text of
/// an image on its own line, and the Markdown of hint and solution blocks is a unit; markers,
/// fences, code, table rules, blank lines and exercise blocks (whose text fields are units of
/// their own, `ExerciseFields`) are kept. Putting the units' texts back, in their order, gives
/// the body again: the same text for the source's own texts, a translation for translated ones.
///
/// Cut along the blocks the loader compiled (`MarkdownOutline`): a block's lines are read as
/// written, without parsing Markdown again.
struct LessonSegments {
    enum Piece: Equatable {
        case kept(String)
        /// `units[index]`.
        case unit(Int)
        /// An exercise block, written again from its fields (`exercises[index]`).
        case exercise(Int)
    }

    struct Unit: Equatable {
        /// What it is, for the translator's comment and the checks on import.
        var kind: UnitKind
        var text: String
        /// Line in the body (1-based).
        var line: Int
        /// Written before each line of a translation after its first (a quote's `> `, a list
        /// item's indentation).
        var continuation: String = ""
        /// Where it sits in the lesson's structure, for aligning a translation with its source:
        /// the block's index in the body, then its place in the block.
        var block: Int
        var place: Int
    }

    var pieces: [Piece] = []
    var units: [Unit] = []
    /// The fenced exercise blocks, in order, by their index among the compiled fenced blocks.
    var exercises: [Int] = []

    /// Cuts `body`, the Markdown the outline was compiled from.
    init(body: String, outline: MarkdownOutline, fencedBlocks: [FencedBlock]) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var next = 1
        var fenced = 0
        for (index, block) in outline.blocks.enumerated() {
            guard block.startLine >= next, block.endLine <= lines.count else { continue }
            keepLines(lines, from: next, to: block.startLine - 1)
            let blockLines = Array(lines[(block.startLine - 1)..<block.endLine])
            var cutter = BlockCutter(block: index, firstLine: block.startLine)
            if block.kind == .code {
                let fence = fencedBlocks.dropFirst(fenced).firstIndex { $0.line == block.startLine }
                if let fence { fenced = fence + 1 }
                if Exercise.Kind(rawValue: block.language) != nil, let fence {
                    exercises.append(fence)
                    cutter.pieces = [.exercise(exercises.count - 1)]
                } else if block.language == "hint" || block.language == "solution" {
                    cutter.cutMarkdownBlock(blockLines)
                } else {
                    cutter.keep(blockLines.joined(separator: "\n"))
                }
            } else {
                cutter.cut(blockLines, kind: block.kind)
            }
            append(cutter)
            if block.endLine < lines.count { pieces.append(.kept("\n")) }
            next = block.endLine + 1
        }
        keepLines(lines, from: next, to: lines.count)
    }

    private mutating func keepLines(_ lines: [String], from first: Int, to last: Int) {
        guard first <= last else { return }
        let text = lines[(first - 1)..<last].joined(separator: "\n")
        pieces.append(.kept(text + (last < lines.count ? "\n" : "")))
    }

    private mutating func append(_ cutter: BlockCutter) {
        for piece in cutter.pieces {
            switch piece {
            case .unit(let index):
                pieces.append(.unit(units.count))
                units.append(cutter.units[index])
            default:
                pieces.append(piece)
            }
        }
    }

    /// The body with each unit's text given by `text(index)`.
    func body(_ text: (Int) -> String, exercise: (Int) -> String) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .kept(let kept): result += kept
            case .unit(let index):
                let lines = text(index).split(separator: "\n", omittingEmptySubsequences: false)
                result += lines.joined(separator: "\n" + units[index].continuation)
            case .exercise(let index): result += exercise(index)
            }
        }
        return result
    }
}

/// What a unit is. Its raw value is what the translator's comment calls it.
public enum UnitKind: String, Sendable, Equatable {
    case title = "lesson title"
    case objective
    case heading
    case paragraph
    case listItem = "list item"
    case tableCell = "table cell"
    case quote = "quote paragraph"
    case imageAlt = "image alt text"
    case hint = "hint"
    case solution = "solution"
    case exerciseField = "exercise text"
    case answers = "accepted answers"
    case courseTitle = "course title"
    case courseDescription = "course description"
    case moduleTitle = "module title"
}

/// Cuts one block's lines into pieces.
private struct BlockCutter {
    let block: Int
    let firstLine: Int
    var pieces: [LessonSegments.Piece] = []
    var units: [LessonSegments.Unit] = []
    /// The unit being read: its text lines so far.
    private var open: (kind: UnitKind, lines: [String], line: Int, continuation: String)?

    init(block: Int, firstLine: Int) {
        self.block = block
        self.firstLine = firstLine
    }

    mutating func keep(_ text: String) {
        closeUnit()
        if case .kept(let before)? = pieces.last {
            pieces[pieces.count - 1] = .kept(before + text)
        } else {
            pieces.append(.kept(text))
        }
    }

    /// A unit of its own, or kept when there is nothing in it to translate (numbers, code).
    mutating func unit(_ kind: UnitKind, _ text: String, line: Int, continuation: String = "") {
        closeUnit()
        guard BlockCutter.hasWords(text) else { return keep(text) }
        pieces.append(.unit(units.count))
        units.append(.init(kind: kind, text: text, line: line, continuation: continuation, block: block, place: units.count))
    }

    private mutating func openUnit(_ kind: UnitKind, first: String, line: Int, continuation: String) {
        closeUnit()
        open = (kind, [first], line, continuation)
    }

    private mutating func closeUnit() {
        guard let current = open else { return }
        open = nil
        unit(current.kind, current.lines.joined(separator: "\n"), line: current.line, continuation: current.continuation)
    }

    mutating func cut(_ lines: [String], kind: SourceBlock.Kind) {
        switch kind {
        case .heading: cutHeading(lines)
        case .paragraph: cutParagraph(lines)
        case .list: cutItems(lines, prefix: "", kind: .listItem)
        case .table: cutTable(lines)
        case .quote: cutQuote(lines)
        case .code, .html, .rule, .other: keep(lines.joined(separator: "\n"))
        }
        closeUnit()
    }

    private mutating func cutHeading(_ lines: [String]) {
        let line = lines[0]
        if lines.count == 2 {   // Setext: the text, then === or ---.
            unit(.heading, line, line: firstLine)
            keep("\n" + lines[1])
            return
        }
        let hashes = line.prefix { $0 == "#" || $0 == " " }
        keep(String(hashes))
        unit(.heading, String(line.dropFirst(hashes.count)), line: firstLine)
    }

    private mutating func cutParagraph(_ lines: [String]) {
        if lines.count == 1, let image = BlockCutter.loneImage(lines[0]) {
            keep(image.before)
            unit(.imageAlt, image.alt, line: firstLine)
            keep(image.after)
            return
        }
        let indent = String(lines[0].prefix { $0 == " " })
        keep(indent)
        unit(.paragraph, lines.map { String($0.drop { $0 == " " }) }.joined(separator: "\n"), line: firstLine)
    }

    /// List items, each its own unit; a fenced block inside an item is kept as written.
    private mutating func cutItems(_ lines: [String], prefix: String, kind: UnitKind) {
        var fence: String?
        for (offset, line) in lines.enumerated() {
            let lineNumber = firstLine + offset
            let separator = offset == 0 ? "" : "\n"
            let content = String(line.drop { $0 == " " })
            if let open = fence {
                keep(separator + line)
                if content.hasPrefix(open) { fence = nil }
                continue
            }
            if content.hasPrefix("```") || content.hasPrefix("~~~") {
                fence = String(content.prefix(3))
                keep(separator + line)
            } else if let marker = BlockCutter.itemMarker(line) {
                keep(separator)
                keep(marker)
                openUnit(kind, first: String(line.dropFirst(marker.count)), line: lineNumber,
                         continuation: prefix + String(repeating: " ", count: marker.count - prefix.count))
            } else if content.isEmpty {
                keep(separator + line)
            } else if open != nil {
                open!.lines.append(content)
            } else {
                let indent = String(line.prefix { $0 == " " })
                keep(separator + indent)
                openUnit(kind, first: content, line: lineNumber, continuation: indent)
            }
        }
    }

    private mutating func cutTable(_ lines: [String]) {
        for (offset, line) in lines.enumerated() {
            if offset > 0 { keep("\n") }
            if offset == 1 { keep(line); continue }   // the delimiter row
            for cell in BlockCutter.cells(of: line) {
                switch cell {
                case .kept(let text): keep(text)
                case .cell(let text) where text.allSatisfy({ $0 == " " }):
                    keep(text)
                case .cell(let text):
                    let leading = text.prefix { $0 == " " }, trailing = text.reversed().prefix { $0 == " " }
                    let inner = text.count > leading.count ? String(text.dropFirst(leading.count).dropLast(trailing.count)) : ""
                    keep(String(leading))
                    unit(.tableCell, inner, line: firstLine + offset)
                    keep(String(trailing))
                }
            }
        }
    }

    /// A quote or callout: its `[!NOTE]` line kept, each paragraph (or list item) a unit.
    private mutating func cutQuote(_ lines: [String]) {
        for (offset, line) in lines.enumerated() {
            let separator = offset == 0 ? "" : "\n"
            let marker = BlockCutter.quoteMarker(line)
            let content = String(line.dropFirst(marker.count))
            let lineNumber = firstLine + offset
            if content.trimmingCharacters(in: .whitespaces).isEmpty || (content.hasPrefix("[!") && content.hasSuffix("]")) {
                keep(separator + line)
            } else if let item = BlockCutter.itemMarker(content) {
                keep(separator + marker + item)
                openUnit(.quote, first: String(content.dropFirst(item.count)), line: lineNumber,
                         continuation: marker + String(repeating: " ", count: item.count))
            } else if open != nil {
                open!.lines.append(content)
            } else {
                keep(separator + marker)
                openUnit(.quote, first: content, line: lineNumber, continuation: marker)
            }
        }
    }

    /// A hint or solution: its fences kept, the Markdown inside cut into paragraphs and items.
    mutating func cutMarkdownBlock(_ lines: [String]) {
        guard lines.count >= 2 else { return keep(lines.joined(separator: "\n")) }
        keep(lines[0] + "\n")
        let inside = Array(lines[1..<(lines.count - 1)])
        var inner = BlockCutter(block: block, firstLine: firstLine + 1)
        inner.units = units
        inner.cutItems(inside, prefix: "", kind: lines[0].contains("solution") ? .solution : .hint)
        inner.closeUnit()
        units = inner.units
        for piece in inner.pieces {
            if case .kept(let text) = piece { keep(text) } else { closeUnit(); pieces.append(piece) }
        }
        keep("\n" + lines[lines.count - 1])
    }

    // MARK: Reading lines

    /// `- `, `* `, `+ `, `1. `, `1) `, with the indentation before and a task box after.
    static func itemMarker(_ line: String) -> String? {
        let indent = line.prefix { $0 == " " }
        var rest = line.dropFirst(indent.count)
        var marker = String(indent)
        if let first = rest.first, "-*+".contains(first) {
            marker.append(first)
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let close = rest.first, close == "." || close == ")" else { return nil }
            marker += digits + String(close)
            rest = rest.dropFirst()
        }
        let spaces = rest.prefix { $0 == " " }
        guard !spaces.isEmpty || rest.isEmpty else { return nil }
        marker += spaces
        rest = rest.dropFirst(spaces.count)
        for box in ["[ ] ", "[x] ", "[X] "] where rest.hasPrefix(box) { marker += box }
        return marker
    }

    /// `> `, `>`, or `   > ` at the start of a quote's line.
    static func quoteMarker(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        guard line.dropFirst(indent.count).first == ">" else { return String(indent) }
        var marker = String(indent) + ">"
        if line.dropFirst(marker.count).first == " " { marker += " " }
        return marker
    }

    /// `![alt](destination)` alone on a line.
    static func loneImage(_ line: String) -> (before: String, alt: String, after: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("!["), trimmed.hasSuffix(")"), let close = trimmed.range(of: "]("),
              !trimmed[close.upperBound...].contains("]("), !trimmed.dropFirst(2)[..<close.lowerBound].contains("[") else { return nil }
        let indent = String(line.prefix { $0 == " " })
        return (indent + "![", String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close.lowerBound]),
                String(trimmed[close.lowerBound...]))
    }

    enum TableCell { case kept(String), cell(String) }

    /// A table row's cells between its pipes; `\|` and pipes in code spans stay in their cell.
    static func cells(of line: String) -> [TableCell] {
        var result: [TableCell] = []
        var current = "", inCode = false, escaped = false
        var started = false
        let indent = line.prefix { $0 == " " }
        result.append(.kept(String(indent)))
        for character in line.dropFirst(indent.count) {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { current.append(character); escaped = true; continue }
            if character == "`" { inCode.toggle() }
            if character == "|" && !inCode {
                if started || !current.isEmpty { result.append(.cell(current)) }
                result.append(.kept("|"))
                current = ""
                started = true
                continue
            }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(.cell(current)) } else if !current.isEmpty { result.append(.kept(current)) }
        return result
    }

    /// Whether a text has anything to translate: a letter (in code spans too, which may hold
    /// an example value in words: `North`). Numbers and dates alone are kept.
    static func hasWords(_ text: String) -> Bool {
        text.contains { $0.isLetter }
    }
}
