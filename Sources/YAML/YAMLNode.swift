/// A position in a YAML text: 1-based line and column (columns count characters).
public struct YAMLMark: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A YAML value with the place it was written. libyaml gives every scalar as text; what a
/// scalar means (a number, a boolean) is decided by whoever reads it, with `bool`/`int` below.
public indirect enum YAMLNode: Sendable, Equatable {
    case scalar(String, plain: Bool, YAMLMark)
    case sequence([YAMLNode], YAMLMark)
    case mapping([YAMLPair], YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// The text of a scalar; nil for collections.
    public var string: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// A plain (unquoted) `~`, `null` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let text, let plain, _) = self { return plain && ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// YAML 1.2 core booleans, plus the 1.1 yes/no/on/off authors still write.
    public var bool: Bool? {
        guard case .scalar(let text, let plain, _) = self, plain else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    public var int: Int? {
        guard case .scalar(let text, let plain, _) = self, plain else { return nil }
        return Int(text)
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    /// The value under a string key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.string == key }?.value
    }

    /// What kind of value this is, in words for a diagnostic.
    public var kindName: String {
        switch self {
        case .scalar: "a text value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A YAML text that could not be read, with where.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var mark: YAMLMark

    public init(_ message: String, at mark: YAMLMark) {
        self.message = message
        self.mark = mark
    }

    public var description: String { "\(mark.line):\(mark.column): \(message)" }
}

/// Something a YAML text says that its author most likely did not mean, with where.
public struct YAMLWarning: Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var mark: YAMLMark

    public init(_ message: String, at mark: YAMLMark) {
        self.message = message
        self.mark = mark
    }

    public var description: String { "\(mark.line):\(mark.column): \(message)" }
}
