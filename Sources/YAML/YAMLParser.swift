internal import CLibYAML
import CourseModel

/// Reads YAML text into `YAMLNode`s with libyaml's event parser.
///
/// Rejects what a content file never needs and a hostile one might use: duplicate keys,
/// more than one document, more than `maxNodes` values, and aliases that would expand past
/// `maxNodes` ("billion laughs") or repeat more than `maxValueBytes` of text (300 aliases of
/// one 90 kB text once made a 51 MB site).
public struct YAMLParser: Sendable {
    /// Upper bound on nodes built, counting every alias expansion.
    public var maxNodes: Int
    /// Upper bound on one value's length, and on all the text aliases repeat in one document.
    public static let maxValueBytes = 100_000
    /// Deepest nesting accepted; libyaml itself has no limit and recursion would overflow the stack.
    public var maxDepth: Int

    public init(maxNodes: Int = 100_000, maxDepth: Int = 200) {
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    /// Parses one YAML document. Marks are shifted by `lineOffset` so a front matter block
    /// reports lines of the file it sits in. An empty document gives nil.
    public func parse(_ text: String, lineOffset: Int = 0) throws(YAMLError) -> YAMLNode? {
        try parseDocument(text, lineOffset: lineOffset).root
    }

    /// Parses one YAML document, with warnings about what it says that its author most likely
    /// did not mean (text cut off by a ' #'). Errors and warnings are in plain words with their fix.
    public func parseDocument(_ text: String, lineOffset: Int = 0) throws(YAMLError) -> YAMLDocument {
        if let conflict = ConflictMarkers.first(in: text) {
            throw YAMLError(ConflictMarkers.message(conflict.marker), at: YAMLMark(line: lineOffset + conflict.line, column: 1))
        }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0] }   // libyaml asserts on a NULL input pointer
        let length = text.utf8.isEmpty ? 0 : bytes.count
        var builder = TreeBuilder(lineOffset: lineOffset, maxNodes: maxNodes, maxDepth: maxDepth, text: bytes)
        let result: Result<YAMLDocument, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            // The parser is large and keeps pointers into itself: keep it on the heap, unmoved.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) != 0 else {
                return .failure(YAMLError("the YAML reader could not start (out of memory)", at: YAMLMark(line: lineOffset + 1, column: 1)))
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, buffer.baseAddress, length)
            do throws(YAMLError) {
                let root = try builder.run(parser)
                return .success(YAMLDocument(root: root, warnings: builder.warnings))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// A YAML document read: its root (nil when empty) and its warnings.
public struct YAMLDocument: Sendable, Equatable {
    public var root: YAMLNode?
    public var warnings: [YAMLWarning]

    public init(root: YAMLNode?, warnings: [YAMLWarning] = []) {
        self.root = root
        self.warnings = warnings
    }
}

/// Turns the event stream into a tree. One instance per parse.
private struct TreeBuilder {
    let lineOffset: Int
    let maxNodes: Int
    let maxDepth: Int
    let text: [UInt8]
    var warnings: [YAMLWarning] = []
    /// The last value read: an error's explanation starts from it.
    var lastScalar: YAMLScalarSpan?
    /// The text's lines, cut when a warning or an error needs them.
    private var cachedLines: YAMLSourceLines?
    /// Whether ' #' occurs at all: without it no value can lose text to a comment, and the
    /// lines need not be cut.
    private let mayHaveComments: Bool
    var anchors: [String: YAMLNode] = [:]
    var nodeCount = 0
    /// Nodes and bytes of text that aliases repeated.
    var aliasNodes = 0
    var aliasBytes = 0

    init(lineOffset: Int, maxNodes: Int, maxDepth: Int, text: [UInt8]) {
        self.lineOffset = lineOffset
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.text = text
        mayHaveComments = zip(text, text.dropFirst()).contains { $0 == UInt8(ascii: " ") && $1 == UInt8(ascii: "#") }
    }

    mutating func run(_ parser: UnsafeMutablePointer<yaml_parser_t>) throws(YAMLError) -> YAMLNode? {
        var document: YAMLNode?
        var documents = 0
        while true {
            var event = try next(parser)
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return document
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLError("only one YAML document is allowed here; remove the second '---'", at: mark(event.start_mark))
                }
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            default:
                document = try node(from: &event, parser: parser, depth: 0)
            }
        }
    }

    private mutating func next(_ parser: UnsafeMutablePointer<yaml_parser_t>) throws(YAMLError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw error(of: parser) }
        return event
    }

    private mutating func node(from event: inout yaml_event_t, parser: UnsafeMutablePointer<yaml_parser_t>,
                               depth: Int) throws(YAMLError) -> YAMLNode {
        let start = mark(event.start_mark)
        guard depth <= maxDepth else { throw YAMLError("YAML nested deeper than \(maxDepth) levels", at: start) }
        try count(1, at: start)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else { throw YAMLError("unknown alias '*\(name)'", at: start) }
            aliasNodes += size(of: target)
            aliasBytes += textBytes(of: target)
            if aliasBytes > YAMLParser.maxValueBytes {
                throw YAMLError("aliases repeat more than \(YAMLParser.maxValueBytes / 1000) kB of text in this file; write the text out where it is needed",
                                at: start)
            }
            try count(size(of: target), at: start)
            return target
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            if scalar.length > YAMLParser.maxValueBytes {
                throw YAMLError("this value is \(scalar.length / 1000) kB; a value may be at most \(YAMLParser.maxValueBytes / 1000) kB: no lesson needs more, and learners pay for every byte",
                                at: start)
            }
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            let span = YAMLScalarSpan(start: textMark(event.start_mark), end: textMark(event.end_mark), isQuoted: quoted)
            lastScalar = span
            if plain { warnAboutAComment(after: value, span) }
            let node = YAMLNode.scalar(value, plain: plain, start)
            remember(node, anchor: scalar.anchor)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = string(event.data.sequence_start.anchor)
            var items: [YAMLNode] = []
            while true {
                var child = try next(parser)
                defer { yaml_event_delete(&child) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(from: &child, parser: parser, depth: depth + 1))
            }
            let node = YAMLNode.sequence(items, start)
            if let anchor { anchors[anchor] = node }
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = string(event.data.mapping_start.anchor)
            var pairs: [YAMLPair] = []
            // Where each key was first written, to find one written twice (front matter and
            // exercises have a handful of keys).
            var keys = SmallStringMap<YAMLMark>(listLimit: 16)
            while true {
                var keyEvent = try next(parser)
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(from: &keyEvent, parser: parser, depth: depth + 1)
                var valueEvent = try next(parser)
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(from: &valueEvent, parser: parser, depth: depth + 1)
                if let name = key.string {
                    if let first = keys.insert(key.mark, for: name) {
                        throw YAMLError("'\(name)' is written twice (first at line \(first.line)): keep one", at: key.mark)
                    }
                }
                pairs.append(YAMLPair(key: key, value: value))
            }
            let node = YAMLNode.mapping(pairs, start)
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw YAMLError("unexpected YAML structure", at: start)
        }
    }

    private mutating func warnAboutAComment(after value: String, _ span: YAMLScalarSpan) {
        guard mayHaveComments, let warning = CommentAfterValue.warning(value: value, start: span.start, end: span.end, lines: lines()) else { return }
        warnings.append(YAMLWarning(warning.message, at: shifted(warning.mark)))
    }

    private mutating func lines() -> YAMLSourceLines {
        if let cachedLines { return cachedLines }
        let lines = YAMLSourceLines(text)
        cachedLines = lines
        return lines
    }

    private mutating func remember(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?) {
        if let name = string(anchor) { anchors[name] = node }
    }

    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        nodeCount += nodes
        if nodeCount > maxNodes {
            throw aliasNodes > 0
                ? YAMLError("YAML expands to more than \(maxNodes) values (aliases repeated too often?)", at: mark)
                : YAMLError("more than \(maxNodes) values here; no course file needs as many: split it", at: mark)
        }
    }

    /// Bytes of text in a node and everything under it.
    private func textBytes(of node: YAMLNode) -> Int {
        switch node {
        case .scalar(let value, _, _): value.utf8.count
        case .sequence(let items, _): items.reduce(0) { $0 + textBytes(of: $1) }
        case .mapping(let pairs, _): pairs.reduce(0) { $0 + textBytes(of: $1.key) + textBytes(of: $1.value) }
        }
    }

    private func size(of node: YAMLNode) -> Int {
        switch node {
        case .scalar: 1
        case .sequence(let items, _): items.reduce(1) { $0 + size(of: $1) }
        case .mapping(let pairs, _): pairs.reduce(1) { $0 + size(of: $1.key) + size(of: $1.value) }
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func mark(_ raw: yaml_mark_t) -> YAMLMark {
        shifted(textMark(raw))
    }

    /// A libyaml mark counted in the text, 1-based.
    private func textMark(_ raw: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(raw.line) + 1, column: Int(raw.column) + 1)
    }

    /// A mark in the text moved to the file the text sits in.
    private func shifted(_ mark: YAMLMark) -> YAMLMark {
        YAMLMark(line: mark.line + lineOffset, column: mark.column)
    }

    private mutating func error(of parser: UnsafeMutablePointer<yaml_parser_t>) -> YAMLError {
        var problem = YAMLProblem(problem: parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML",
                                  context: parser.pointee.context.map { String(cString: $0) },
                                  problemMark: textMark(parser.pointee.problem_mark),
                                  contextMark: textMark(parser.pointee.context_mark))
        if parser.pointee.error == YAML_READER_ERROR {
            // Reader errors (bad encoding, control characters) carry only a byte offset.
            problem.problemMark = position(ofByte: Int(parser.pointee.problem_offset))
        }
        let explained = YAMLErrorExplanation(problem: problem, lastScalar: lastScalar, lines: lines()).error
        return YAMLError(explained.message, at: shifted(explained.mark))
    }

    /// Line and column (in characters) of a byte offset in the text.
    private func position(ofByte offset: Int) -> YAMLMark {
        var line = 1, column = 1
        for byte in text.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }
}
