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
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                Self.write(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func write(_ string: String, to out: inout String) {
        // On the UTF-8 bytes: what is escaped is ASCII, and most strings have none of it.
        var string = string
        let escaped: [UInt8]? = string.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): result += #"\""#.utf8
                case UInt8(ascii: "\\"): result += #"\\"#.utf8
                case UInt8(ascii: "\n"): result += #"\n"#.utf8
                case UInt8(ascii: "\r"): result += #"\r"#.utf8
                case UInt8(ascii: "\t"): result += #"\t"#.utf8
                case 0x08: result += #"\b"#.utf8
                case 0x0C: result += #"\f"#.utf8
                case UInt8(ascii: "<"): result += #"\u003c"#.utf8
                case UInt8(ascii: ">"): result += #"\u003e"#.utf8
                case UInt8(ascii: "&"): result += #"\u0026"#.utf8
                case ..<0x20: result += #"\u00"#.utf8 + [hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
                default: result.append(byte)
                }
            }
            return result
        }
        out += "\""
        if let escaped { out += String(decoding: escaped, as: UTF8.self) } else { out += string }
        out += "\""
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
