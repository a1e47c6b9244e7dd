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
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self, stack: [value])
        renderer.render(template.nodes, indentation: "", depth: 0)
        return renderer.output
    }
}

/// One rendering: the context stack (innermost value last) and the text so far.
private struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var output = ""
    /// The lowest place in the stack a name was found since a shared value's section started
    /// (-1: a name was not found, so the page around might have had it).
    private var lowestReach = Int.max

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
        output.reserveCapacity(16_384)
    }

    mutating func render(_ nodes: [Template.Node], indentation: String, depth: Int) {
        for index in nodes.indices {
            switch nodes[index] {
            case .text(let text):
                indent(indentation)
                output += text
            case .variable(let name, let escaped):
                guard let value = resolve(name) else { continue }
                let text: String
                switch value {
                case .text(let string): text = string
                case .bool(let bool): text = bool ? "true" : "false"
                case .list, .object, .none: continue
                }
                guard !text.isEmpty else { continue }
                indent(indentation)
                if escaped { HTMLEscape.append(text, to: &output) } else { output += text }
            case .section(let name, let children, let inverted, let id):
                let value = resolve(name)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, indentation: indentation, depth: depth) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .bool:
                    render(children, indentation: indentation, depth: depth)
                case .list(let items):
                    for item in items { renderPushing(item, children, section: id, indentation: indentation, depth: depth) }
                case .text, .object:
                    renderPushing(value, children, section: id, indentation: indentation, depth: depth)
                case .none:
                    continue
                }
            case .partial(let name, let partialIndentation):
                guard depth < TemplateLibrary.maximumDepth, let template = library.template(named: name) else { continue }
                render(template.nodes, indentation: indentation + partialIndentation, depth: depth + 1)
            }
        }
    }

    private mutating func renderPushing(_ value: TemplateValue, _ nodes: [Template.Node], section: Int, indentation: String, depth: Int) {
        // A shared value's section is rendered once and kept. Not under a partial's
        // indentation: where a line starts would depend on the text before the section.
        guard case .object(let object) = value, let renderings = object.renderings, indentation.isEmpty else {
            stack.append(value)
            render(nodes, indentation: indentation, depth: depth)
            stack.removeLast()
            return
        }
        if let kept = renderings.rendering(ofSection: section) {
            output += kept
            return
        }
        let start = output.utf8.count, floor = stack.count, outerReach = lowestReach
        lowestReach = Int.max
        stack.append(value)
        render(nodes, indentation: indentation, depth: depth)
        stack.removeLast()
        if lowestReach >= floor {
            renderings.keep(String(output.utf8[output.utf8.index(output.utf8.startIndex, offsetBy: start)...])!, ofSection: section)
        }
        lowestReach = min(outerReach, lowestReach)
    }

    /// A partial's indentation goes before each of its lines, not inside the values it shows.
    private mutating func indent(_ indentation: String) {
        if !indentation.isEmpty, output.isEmpty || output.utf8.last == UInt8(ascii: "\n") {
            output += indentation
        }
    }

    /// The first part of a name is looked up from the innermost value outwards; the others
    /// only inside what the first found (`a.b` never finds a `b` elsewhere).
    private mutating func resolve(_ name: Template.Name) -> TemplateValue? {
        guard let first = name.parts.first else {
            lowestReach = min(lowestReach, stack.count - 1)
            return stack.last
        }
        var found: TemplateValue?
        var place = stack.count - 1
        while place >= 0 {
            if case .object(let object) = stack[place], let child = object.value(named: first) {
                found = child
                break
            }
            place -= 1
        }
        lowestReach = min(lowestReach, place)
        for part in name.parts.dropFirst() {
            guard case .object(let object)? = found else { return nil }
            found = object.value(named: part)
        }
        return found
    }
}

/// `{{value}}`'s escaping: the five characters that matter in HTML text and attribute values,
/// replaced byte by byte; a text without any of them is appended as it is.
public enum HTMLEscape {
    public static func append(_ text: String, to output: inout String) {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        output += escaped ?? text
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
