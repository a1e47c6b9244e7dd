/// Named templates that may include each other (`{{> name}}`), rendered against typed values.
public struct TemplateLibrary: Sendable {
    private var templates: [String: Template] = [:]

    /// How deep partials may include partials before rendering stops: a theme that includes
    /// itself is refused when it is loaded, and this keeps any other loop from crashing a build.
    static let maximumDepth = 64

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    public func template(named name: String) -> Template? {
        templates[name]
    }

    /// The named template with `value` as its context; nil when there is no such template.
    public func render(_ value: TemplateValue, withTemplate name: String) -> String? {
        renderBytes(value, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same, as the UTF-8 bytes a page file is written from (no String made of them).
    public func renderBytes(_ value: TemplateValue, withTemplate name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self, stack: [value])
        renderer.render(template.program, indentation: [], depth: 0)
        return renderer.output
    }
}

/// One rendering: the context stack (innermost value last) and the bytes so far.
private struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var output: [UInt8] = []
    /// The lowest place in the stack a name was found since a shared value's section started
    /// (-1: a name was not found, so the page around might have had it).
    private var lowestReach = Int.max

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
        output.reserveCapacity(32_768)
    }

    /// A program's tables, read in place while it renders.
    private struct Code {
        let instructions: UnsafeBufferPointer<Program.Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let parts: UnsafeBufferPointer<String>

        func bytes(_ span: Program.Span) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.count)])
        }
    }

    mutating func render(_ program: Program, indentation: [UInt8], depth: Int) {
        program.instructions.withUnsafeBufferPointer { instructions in
            program.bytes.withUnsafeBufferPointer { bytes in
                program.parts.withUnsafeBufferPointer { parts in
                    run(Code(instructions: instructions, bytes: bytes, parts: parts), instructions.indices,
                        indentation: indentation, depth: depth)
                }
            }
        }
    }

    private mutating func run(_ code: Code, _ range: Range<Int>, indentation: [UInt8], depth: Int) {
        var index = range.lowerBound
        while index < range.upperBound {
            let instruction = code.instructions[index]
            index += 1
            switch instruction {
            case .text(let span):
                indent(indentation)
                output.append(contentsOf: code.bytes(span))
            case .variable(let name, let escaped):
                switch resolve(name, code) {
                case .text(var string)?:
                    string.withUTF8 { show($0, escaped: escaped, indentation: indentation) }
                case .utf8(let bytes)?:
                    bytes.withUnsafeBufferPointer { show($0, escaped: escaped, indentation: indentation) }
                case .bool(let bool)?:
                    indent(indentation)
                    output.append(contentsOf: (bool ? "true" : "false").utf8)
                default:
                    continue
                }
            case .section(let name, let end, let inverted, let id):
                let body = index..<Int(end)
                index = Int(end)
                let value = resolve(name, code)
                if inverted {
                    if !(value?.isTruthy ?? false) { run(code, body, indentation: indentation, depth: depth) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .bool:
                    run(code, body, indentation: indentation, depth: depth)
                case .list(let items):
                    for item in items { renderPushing(item, code, body, section: id, indentation: indentation, depth: depth) }
                case .text, .utf8, .object:
                    renderPushing(value, code, body, section: id, indentation: indentation, depth: depth)
                case .none:
                    continue
                }
            case .partial(let name, let partialIndentation):
                guard depth < TemplateLibrary.maximumDepth, let template = library.template(named: code.parts[Int(name)]) else { continue }
                render(template.program, indentation: indentation + code.bytes(partialIndentation), depth: depth + 1)
            }
        }
    }

    private mutating func renderPushing(_ value: TemplateValue, _ code: Code, _ body: Range<Int>, section: Int,
                                        indentation: [UInt8], depth: Int) {
        // A shared value's section is rendered once and kept. Not under a partial's
        // indentation: where a line starts would depend on the text before the section.
        guard case .object(let object) = value, let renderings = object.renderings, indentation.isEmpty else {
            stack.append(value)
            run(code, body, indentation: indentation, depth: depth)
            stack.removeLast()
            return
        }
        if let kept = renderings.rendering(ofSection: section) {
            output.append(contentsOf: kept)
            return
        }
        let start = output.count, floor = stack.count, outerReach = lowestReach
        lowestReach = Int.max
        stack.append(value)
        run(code, body, indentation: indentation, depth: depth)
        stack.removeLast()
        if lowestReach >= floor {
            renderings.keep(Array(output[start...]), ofSection: section)
        }
        lowestReach = min(outerReach, lowestReach)
    }

    /// A partial's indentation goes before each of its lines, not inside the values it shows.
    private mutating func indent(_ indentation: [UInt8]) {
        if !indentation.isEmpty, output.isEmpty || output.last == UInt8(ascii: "\n") {
            output.append(contentsOf: indentation)
        }
    }

    /// The first part of a name is looked up from the innermost value outwards; the others
    /// only inside what the first found (`a.b` never finds a `b` elsewhere).
    private mutating func resolve(_ name: Program.Span, _ code: Code) -> TemplateValue? {
        guard !name.isEmpty else {
            lowestReach = min(lowestReach, stack.count - 1)
            return stack.last
        }
        let first = Int(name.start)
        var found: TemplateValue?
        var place = stack.count - 1
        while place >= 0 {
            if case .object(let object) = stack[place], let child = object.value(named: code.parts[first]) {
                found = child
                break
            }
            place -= 1
        }
        lowestReach = min(lowestReach, place)
        for part in (first + 1)..<(first + Int(name.count)) {
            guard case .object(let object)? = found else { return nil }
            found = object.value(named: code.parts[part])
        }
        return found
    }

    /// A value's text, escaped by `{{name}}` and as it is by `{{{name}}}`; nothing for an empty one.
    private mutating func show(_ text: UnsafeBufferPointer<UInt8>, escaped: Bool, indentation: [UInt8]) {
        guard !text.isEmpty else { return }
        indent(indentation)
        if escaped { HTMLEscape.append(text, to: &output) } else { output.append(contentsOf: text) }
    }
}

/// `{{value}}`'s escaping: the five characters that matter in HTML text and attribute values,
/// replaced byte by byte; a text without any of them is appended as it is.
public enum HTMLEscape {
    /// The text escaped; itself when it holds none of the five.
    public static func escaped(_ text: String) -> String {
        var text = text
        let escaped: [UInt8]? = text.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return nil }
            var result: [UInt8] = []
            append(bytes, to: &result)
            return result
        }
        return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// Onto a page's bytes: a text without any of the five is copied as it is.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard bytes.contains(where: needsEscape) else {
            output.append(contentsOf: bytes)
            return
        }
        output.reserveCapacity(output.count + bytes.count + 16)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
