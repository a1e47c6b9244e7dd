/// A place in a content file. Lines and columns are 1-based; columns count characters,
/// so an Arabic line points where an editor's cursor would.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:col`, leaving out the parts that are not known (0).
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0 && column > 0 { text += ":\(column)" }
        return text
    }
}

/// A problem found in the content, reported like a compiler does.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// A problem with how the command was called (a `--course` that names no course, an
    /// output folder that is the content folder), not with the content: the command line
    /// exits with the usage status for it, as for any mistyped option.
    public var isUsageError = false

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    /// An error in how the command was called (see `isUsageError`).
    public static func usageError(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        var diagnostic = Diagnostic(.error, message, at: location)
        diagnostic.isUsageError = true
        return diagnostic
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// `Content/data-basics/01-intro/02-x.fr.md:14:3: error: quiz 'q1' has no correct answer`
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Drops repeats, keeping first-seen order.
    public func uniqued() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }
    }

    /// Ordered by file, line and column, so a run reports in the order an author reads.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            let ka = (la?.file ?? "", la?.line ?? 0, la?.column ?? 0)
            let kb = (lb?.file ?? "", lb?.line ?? 0, lb?.column ?? 0)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }
}

/// A diagnostic can be thrown where one problem stops an operation (stamping a file).
extension Diagnostic: Error {}
