import ArgumentParser
import Foundation
import CourseModel

/// Everything coursekit prints goes through here. Progress is shown only on a terminal, so
/// CI logs and pipes get the diagnostics and the summary and nothing else.
struct Terminal {
    let isInteractive: Bool

    static let standardError = Terminal(isInteractive: allowsEscapes(STDERR_FILENO) && ProcessInfo.processInfo.environment["CI"] == nil)

    /// Colour only where a person reads it: a terminal that understands escape codes, without
    /// NO_COLOR set to a non-empty value (no-color.org: an empty one does not count).
    static var standardOutputIsInteractive: Bool {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        return allowsEscapes(STDOUT_FILENO) && noColor.isEmpty
    }

    /// A terminal, and not one that says it understands no escape codes (`TERM=dumb`: Emacs'
    /// shell, some editors' consoles).
    static func allowsEscapes(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
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

    /// The exit statuses, the same for every command (README, "Exit status"): 0 done; 1 the
    /// content has errors, or a gate (`--strict`, `--fail-under`) failed; 64 the command was
    /// called wrongly — an unknown option, a bad value, a `--course` or `--locale` that names
    /// nothing — as swift-argument-parser exits for a bad option (EX_USAGE).
    static let usageStatus = ExitCode.validationFailure

    /// Throws the exit status the diagnostics call for, if any.
    static func exitIfFailed(_ diagnostics: [Diagnostic]) throws {
        if diagnostics.contains(where: \.isUsageError) { throw usageStatus }
        if diagnostics.hasErrors { throw ExitCode.failure }
    }

    /// "2 errors, 1 warning"
    static func counts(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
