import Foundation
import CourseModel

/// Everything coursekit prints goes through here. Progress is shown only on a terminal, so
/// CI logs and pipes get the diagnostics and the summary and nothing else.
struct Terminal {
    let isInteractive: Bool

    static let standardError = Terminal(isInteractive: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil)

    /// Colour only where a person reads it: a terminal, without NO_COLOR set.
    static var standardOutputIsInteractive: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func progress(_ message: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8))
    }

    func clearProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(diagnostic.description) }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// "2 errors, 1 warning"
    static func counts(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
