/// `title:Passwords`: a key and its value with no space after the colon, which YAML reads as one
/// text. Recognised only when what stands before the colon looks like a key (letters, digits,
/// `_`, `-`) and what follows is not `//`, so an address (`https://…`) is not taken for one.
/// A non-breaking space after the colon (Option-Space on a Mac, French keyboards) is no space
/// to YAML either, and looks like one: it is named.
public struct MissingSpaceAfterColon: Sendable, Equatable {
    public let key: String
    public let value: String
    /// Where the colon is, in Unicode scalars from the start of the text.
    public let colonOffset: Int
    /// The colon is followed by a space YAML does not count, such as U+00A0.
    public let hasUnusualSpace: Bool

    public init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":"), colon > 0, colon + 1 < scalars.count,
              scalars[..<colon].allSatisfy(Self.isKeyCharacter),
              !YAMLLine.isSpace(scalars[colon + 1]), scalars[colon + 1] != ":",
              !(scalars[colon + 1] == "/" && scalars.dropFirst(colon + 2).first == "/") else { return nil }
        key = String(String.UnicodeScalarView(scalars[..<colon]))
        hasUnusualSpace = scalars[colon + 1].properties.isWhitespace
        let rest = scalars[(colon + 1)...].drop { $0.properties.isWhitespace }
        value = Self.firstLine(of: String(String.UnicodeScalarView(rest)))
        colonOffset = colon
    }

    /// The message, with the corrected line after `prefix` (the line's indentation or `- `).
    public func message(after prefix: String = "") -> String {
        let problem = hasUnusualSpace
            ? "the space after '\(key):' is a non-breaking space, which YAML does not read as a space: type an ordinary space instead"
            : "'\(key):\(value)' is read as one text, not a key and its value: put a space after ':'"
        return problem + YAMLErrorExplanation.writeItAs(prefix + "\(key): \(value)")
    }

    /// A value that ran on over several lines each missing its space (`title:A` then `id:b`)
    /// reaches the schema as one text joined with spaces; the first line ends where the next
    /// `key:value` begins.
    private static func firstLine(of value: String) -> String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        guard let next = words.dropFirst().firstIndex(where: { MissingSpaceAfterColon(String($0)) != nil }) else { return value }
        return words[..<next].joined(separator: " ").trimmingTrailingSpaces
    }

    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" || scalar == "-"
    }
}
