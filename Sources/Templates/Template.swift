import Synchronization

/// A Mustache template, parsed once into a flat program whose names are already split at
/// their dots, so that rendering a page only walks the program and looks names up. It follows
/// the Mustache specification's required parts (variables, sections, inverted sections,
/// comments, partials with their indentation, set delimiters, standalone lines);
/// `Tests/TemplatesTests` runs the specification's own tests. Lambdas, inheritance and
/// swift-mustache's transforms are not supported, and say so at their line and column.
public struct Template: Sendable {
    /// The parsed tree, as the parser builds it; `Program` is what renders.
    enum Node: Sendable {
        /// Literal text, one line at most (split after each newline, so that a partial's
        /// indentation can go in front of each of its lines).
        case text(String)
        case variable(Name, escaped: Bool)
        /// `id` is unique in the process: a value shared by many pages keeps its rendering by
        /// section (`TemplateRenderings`).
        case section(Name, [Node], inverted: Bool, id: Int)
        case partial(String, indentation: String)
    }

    /// A dotted name, split once: `a.b` is `["a", "b"]`; `.` (the current value) is `[]`.
    struct Name: Sendable {
        let parts: [String]
    }

    let program: Program
    /// The templates this one includes (`{{> name}}`), in order, once each.
    public let partialNames: [String]

    public init(_ source: String) throws(TemplateError) {
        var parser = TemplateParser(source)
        program = Program(try parser.parse())
        partialNames = parser.partialNames
    }
}

/// A template's tree laid out flat: a section's body is the instructions after it, up to its
/// `end`, and every text, name and indentation is a range of one table. Rendering reads only
/// plain numbers from the instructions, so walking a page's template counts no references
/// (copying each node's strings and arrays out of the tree was a third of the templates' time).
struct Program: Sendable {
    /// A range of `bytes` or of `parts`.
    struct Span: Sendable {
        var start: Int32
        var count: Int32
        var isEmpty: Bool { count == 0 }
    }

    enum Instruction: Sendable {
        /// Literal text (one line at most, see `Template.Node.text`), in `bytes`.
        case text(Span)
        /// A name's parts in `parts`.
        case variable(name: Span, escaped: Bool)
        /// Its body is the instructions from the next one up to `end`.
        case section(name: Span, end: Int32, inverted: Bool, id: Int)
        /// The partial's name in `parts`, the indentation in `bytes`.
        case partial(name: Int32, indentation: Span)
    }

    private(set) var instructions: [Instruction] = []
    /// Every literal text and partial indentation, one after another.
    private(set) var bytes: [UInt8] = []
    /// Every name's parts, and every partial's name.
    private(set) var parts: [String] = []

    init(_ nodes: [Template.Node]) {
        add(nodes)
    }

    private mutating func add(_ nodes: [Template.Node]) {
        for node in nodes {
            switch node {
            case .text(let text):
                instructions.append(.text(bytesSpan(text)))
            case .variable(let name, let escaped):
                instructions.append(.variable(name: partsSpan(name.parts), escaped: escaped))
            case .section(let name, let children, let inverted, let id):
                let name = partsSpan(name.parts)
                let start = instructions.count
                instructions.append(.text(Span(start: 0, count: 0)))   // in place of the section, once its end is known
                add(children)
                instructions[start] = .section(name: name, end: Int32(instructions.count), inverted: inverted, id: id)
            case .partial(let name, let indentation):
                let name = partsSpan([name])
                instructions.append(.partial(name: name.start, indentation: bytesSpan(indentation)))
            }
        }
    }

    private mutating func bytesSpan(_ text: String) -> Span {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return Span(start: Int32(start), count: Int32(bytes.count - start))
    }

    private mutating func partsSpan(_ names: [String]) -> Span {
        let start = parts.count
        parts.append(contentsOf: names)
        return Span(start: Int32(start), count: Int32(names.count))
    }
}

/// A template that cannot be parsed: what is wrong, and where (1-based, the column in characters).
public struct TemplateError: Error, Sendable, Equatable {
    public let message: String
    public let line: Int
    public let column: Int
}

/// Reads a template in two passes: tags and text first (with their byte ranges), then the tree,
/// where a section, comment, partial or delimiter tag alone on its line takes the line with it.
struct TemplateParser {
    private let bytes: [UInt8]
    private(set) var partialNames: [String] = []

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    private enum Kind: Equatable {
        case variable(escaped: Bool), sectionStart(inverted: Bool), sectionEnd, comment, partial, delimiters
        /// Takes its line when alone on it.
        var canStandAlone: Bool {
            switch self {
            case .variable: false
            default: true
            }
        }
    }

    private struct Tag {
        let kind: Kind
        let name: String
        /// From the opening delimiter to the end of the closing one.
        let range: Range<Int>
    }

    private enum Token {
        case text(Range<Int>)
        case tag(Tag)
    }

    mutating func parse() throws(TemplateError) -> [Template.Node] {
        let tokens = try tokenize()
        return try tree(trimStandaloneLines(tokens))
    }

    // MARK: tags and text

    private func tokenize() throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var position = 0
        while position < bytes.count {
            guard let start = find(open, from: position) else { break }
            if start > position { tokens.append(.text(position..<start)) }
            var contentStart = start + open.count
            let sigil: UInt8? = contentStart < bytes.count ? bytes[contentStart] : nil
            // `{{{name}}}` and `{{=<% %>=}}` end with their sigil's pair before the delimiter.
            let pair: UInt8? = switch sigil {
            case UInt8(ascii: "{"): UInt8(ascii: "}")
            case UInt8(ascii: "="): UInt8(ascii: "=")
            default: nil
            }
            let closing = (pair.map { [$0] } ?? []) + close
            guard let end = find(closing, from: contentStart + (pair == nil ? 0 : 1)) else {
                throw error("this tag is never closed (\(String(decoding: close, as: UTF8.self)) is missing)", at: start)
            }
            let kind: Kind
            switch sigil {
            case UInt8(ascii: "#"): kind = .sectionStart(inverted: false)
            case UInt8(ascii: "^"): kind = .sectionStart(inverted: true)
            case UInt8(ascii: "/"): kind = .sectionEnd
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "&"), UInt8(ascii: "{"): kind = .variable(escaped: false)
            case UInt8(ascii: "="): kind = .delimiters
            case UInt8(ascii: "<"), UInt8(ascii: "$"):
                throw error("template inheritance ({{< and {{$) is not supported; use partials ({{> name}})", at: start)
            case UInt8(ascii: "%"):
                throw error("pragmas ({{% …}}) are not supported", at: start)
            default: kind = .variable(escaped: true)
            }
            if kind != .variable(escaped: true) { contentStart += 1 }
            let name = trimmed(contentStart..<end)
            let range = start..<(end + closing.count)
            switch kind {
            case .comment:
                break
            case .delimiters:
                let parts = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw error("a delimiter change is written {{=<% %>=}}: two delimiters, without spaces or = in them", at: start)
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            default:
                try check(name, kind: kind, at: start)
            }
            tokens.append(.tag(Tag(kind: kind, name: name, range: range)))
            position = range.upperBound
        }
        if position < bytes.count { tokens.append(.text(position..<bytes.count)) }
        return tokens
    }

    private func check(_ name: String, kind: Kind, at start: Int) throws(TemplateError) {
        if name.isEmpty { throw error("this tag names nothing", at: start) }
        if name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            throw error("'\(name)' is not a name: names have no spaces", at: start)
        }
        if name.contains("(") {
            throw error("'\(name)': transforms such as uppercased(name) are not supported", at: start)
        }
        if kind != .partial, name != ".", name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw error("'\(name)' is not a name: a dot separates two names", at: start)
        }
    }

    // MARK: standalone lines

    /// A section, comment, partial or delimiter tag with only spaces or tabs around it on its
    /// line takes the whole line, newline included: templates can put each on its own line
    /// without leaving blank lines in the page. A partial keeps the spaces before it as the
    /// indentation of each line it adds.
    private func trimStandaloneLines(_ tokens: [Token]) -> [(token: Token, indentation: String)] {
        var result: [(token: Token, indentation: String)] = []
        var skipUntil = 0
        for token in tokens {
            switch token {
            case .text(let range):
                let start = max(range.lowerBound, skipUntil)
                result.append((.text(start..<max(start, range.upperBound)), ""))
            case .tag(let tag):
                guard tag.kind.canStandAlone, let line = standaloneLine(tag.range) else {
                    result.append((token, ""))
                    continue
                }
                if case .text(let previous)? = result.last?.token {
                    result[result.count - 1].token = .text(previous.lowerBound..<max(previous.lowerBound, line.lowerBound))
                }
                let indentation = String(decoding: bytes[line.lowerBound..<tag.range.lowerBound], as: UTF8.self)
                result.append((token, tag.kind == .partial ? indentation : ""))
                skipUntil = line.upperBound
            }
        }
        return result
    }

    /// The line a tag stands alone on (from its start to after its newline), if it does.
    private func standaloneLine(_ tag: Range<Int>) -> Range<Int>? {
        var lineStart = tag.lowerBound
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") {
            guard isBlank(bytes[lineStart - 1]) else { return nil }
            lineStart -= 1
        }
        var lineEnd = tag.upperBound
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") {
            guard isBlank(bytes[lineEnd]) || (bytes[lineEnd] == UInt8(ascii: "\r") && lineEnd + 1 < bytes.count && bytes[lineEnd + 1] == UInt8(ascii: "\n")) else { return nil }
            lineEnd += 1
        }
        return lineStart..<min(lineEnd + 1, bytes.count)
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    // MARK: the tree

    private mutating func tree(_ tokens: [(token: Token, indentation: String)]) throws(TemplateError) -> [Template.Node] {
        var open: [(tag: Tag, nodes: [Template.Node])] = [(Tag(kind: .comment, name: "", range: 0..<0), [])]
        for (token, indentation) in tokens {
            switch token {
            case .text(let range):
                open[open.count - 1].nodes += lines(range).map(Template.Node.text)
            case .tag(let tag):
                switch tag.kind {
                case .variable(let escaped):
                    open[open.count - 1].nodes.append(.variable(name(tag.name), escaped: escaped))
                case .sectionStart:
                    open.append((tag, []))
                case .sectionEnd:
                    guard open.count > 1 else { throw error("{{/\(tag.name)}} closes no section", at: tag.range.lowerBound) }
                    let (start, nodes) = open.removeLast()
                    guard start.name == tag.name else {
                        throw error("{{/\(tag.name)}} closes the section {{#\(start.name)}} opened at line \(position(start.range.lowerBound).line)",
                                    at: tag.range.lowerBound)
                    }
                    let inverted = start.kind == .sectionStart(inverted: true)
                    open[open.count - 1].nodes.append(.section(name(start.name), nodes, inverted: inverted,
                                                               id: Self.sectionCount.add(1, ordering: .relaxed).newValue))
                case .partial:
                    if !partialNames.contains(tag.name) { partialNames.append(tag.name) }
                    open[open.count - 1].nodes.append(.partial(tag.name, indentation: indentation))
                case .comment, .delimiters:
                    break
                }
            }
        }
        if open.count > 1, let unclosed = open.last {
            throw error("the section {{#\(unclosed.tag.name)}} is never closed ({{/\(unclosed.tag.name)}} is missing)", at: unclosed.tag.range.lowerBound)
        }
        return open[0].nodes
    }

    private static let sectionCount = Atomic<Int>(0)

    private func name(_ text: String) -> Template.Name {
        Template.Name(parts: text == "." ? [] : text.split(separator: ".").map(String.init))
    }

    /// The text of a range, cut after each newline.
    private func lines(_ range: Range<Int>) -> [String] {
        var lines: [String] = []
        var start = range.lowerBound
        for index in range where bytes[index] == UInt8(ascii: "\n") {
            lines.append(String(decoding: bytes[start...index], as: UTF8.self))
            start = index + 1
        }
        if start < range.upperBound { lines.append(String(decoding: bytes[start..<range.upperBound], as: UTF8.self)) }
        return lines
    }

    // MARK: bytes

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start + needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private func trimmed(_ range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = range.upperBound
        let space: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        while lower < upper, space(bytes[lower]) { lower += 1 }
        while upper > lower, space(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// Line and column (in characters) of a byte offset.
    private func position(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1)
    }

    private func error(_ message: String, at offset: Int) -> TemplateError {
        let (line, column) = position(offset)
        return TemplateError(message: message, line: line, column: column)
    }
}
