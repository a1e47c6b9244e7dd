import CourseModel
import Foundation

/// Diagnostics for machines: JSON for scripts, annotations for GitHub Actions.
enum DiagnosticReport {
    struct Entry: Encodable {
        let severity: String
        let message: String
        let file: String?
        let line: Int?
        let column: Int?
    }

    struct Document: Encodable {
        let errors: Int
        let warnings: Int
        let diagnostics: [Entry]
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { diagnostic in
            Entry(severity: diagnostic.severity.rawValue, message: diagnostic.message, file: diagnostic.location?.file,
                  line: diagnostic.location.flatMap { $0.line > 0 ? $0.line : nil },
                  column: diagnostic.location.flatMap { $0.column > 0 ? $0.column : nil })
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(errors: errors, warnings: diagnostics.count - errors, diagnostics: entries))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A diagnostic's kind: its message's first clause with what differs between two of the
    /// same kind — quoted names, paths, numbers — left out (`image '…' has no alt text`). A
    /// content with 122 images without alt text and 5 broken links then reads as two kinds.
    static func kind(of diagnostic: Diagnostic) -> String {
        let clause = diagnostic.message.components(separatedBy: "; ").first ?? diagnostic.message
        // A quoted name opens after a space or "(" and closes before one (so "learner's" stays).
        let unquoted = clause.replacingOccurrences(of: #"(?<=^|[\s(])'[^']*'(?=$|[\s),.:;])"#, with: "'…'", options: .regularExpression)
        let words = unquoted.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard word.contains("/") else { return String(word) }
            return (word.hasPrefix("(") ? "(" : "") + "…" + (word.hasSuffix(")") ? ")" : "")
        }
        let general = words.joined(separator: " ").replacingOccurrences(of: #"\d+"#, with: "N", options: .regularExpression)
        return "\(diagnostic.severity.rawValue): \(general)"
    }

    /// Kinds with how many diagnostics of each, most frequent first (then errors first).
    static func kinds(_ diagnostics: [Diagnostic]) -> [(kind: String, count: Int, diagnostics: [Diagnostic])] {
        var groups: [String: [Diagnostic]] = [:]
        var order: [String] = []
        for diagnostic in diagnostics {
            let kind = kind(of: diagnostic)
            if groups[kind] == nil { order.append(kind) }
            groups[kind, default: []].append(diagnostic)
        }
        return order.map { (kind: $0, count: groups[$0]!.count, diagnostics: groups[$0]!) }
            .sorted { ($0.count, $0.kind.hasPrefix("error") ? 1 : 0) > ($1.count, $1.kind.hasPrefix("error") ? 1 : 0) }
    }

    /// `::error file=Content/x.md,line=3,col=1::message`, escaped as the Actions runner expects.
    static func githubAnnotation(_ diagnostic: Diagnostic) -> String {
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=\(escapeProperty(location.file))")
            if location.line > 0 { properties.append("line=\(location.line)") }
            if location.column > 0 { properties.append("col=\(location.column)") }
        }
        let head = properties.isEmpty ? "" : " " + properties.joined(separator: ",")
        return "::\(diagnostic.severity.rawValue)\(head)::\(escapeData(diagnostic.message))"
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
