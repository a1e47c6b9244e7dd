/// JSON for embedding in `<script type="application/json">`: keys sorted so builds are
/// byte-identical, and `<`, `>`, `&` escaped so no text can close the script element.
/// Written by hand because every lesson page has some: Foundation's JSONSerialization, going
/// through Objective-C-style objects, took 3 % of a whole build.
indirect enum JSONValue: Equatable {
    case string(String)
    case number(Int)
    case array([JSONValue])
    case object([String: JSONValue])

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let string): Self.write(string, to: &out)
        case .number(let number): out += String(number)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                Self.write(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    private static func write(_ string: String, to out: inout String) {
        out += "\""
        var plainStart = string.unicodeScalars.startIndex
        var index = plainStart
        let scalars = string.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escaped: String? = switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "\u{8}": "\\b"
            case "\u{C}": "\\f"
            case "<": "\\u003c"
            case ">": "\\u003e"
            case "&": "\\u0026"
            default: scalar.value < 0x20 ? "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) : nil
            }
            if let escaped {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                out += escaped
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }
}
