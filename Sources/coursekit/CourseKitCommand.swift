import ArgumentParser
import Foundation
import CourseModel
import SiteBuilder
import Translation
import Packaging
import CourseLoader

@main
struct CourseKitCommand: AsyncParsableCommand {
    /// coursekit's version, raised with each release (`coursekit --version`).
    static let version = "0.5.0"

    static let configuration = CommandConfiguration(
        commandName: "coursekit",
        abstract: "Compile multilingual Markdown + YAML courses into offline static HTML packages.",
        version: "coursekit \(version)",
        subcommands: [Build.self, Serve.self, Check.self, Coverage.self, Translations.self, Package.self, Init.self, New.self],
        defaultSubcommand: Build.self
    )

    /// As ArgumentParser's own `main`, after one look at the first word: `build`, the command
    /// run when none is named, takes no word of its own, so a first word that names no command
    /// is a mistyped one (`coursekit chek`) — said so, with the nearest command and the list,
    /// rather than as build's "unexpected argument".
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(first) && first != "help" {
                let nearest = Suggestion.nearest(to: first, among: names).map { " Did you mean '\($0)'?" } ?? ""
                Terminal.printError("error: '\(first)' is not a coursekit command.\(nearest)\nCommands: \(names.joined(separator: ", ")). See 'coursekit --help'.")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options shared by the commands that read content.
struct ContentOptions: ParsableArguments {
    @Option(help: "The content folder to read (default: the folder holding site.yaml, here or above, else ./Content).")
    var content: String?

    @Option(help: "Only this course (its folder name).")
    var course: String?

    @Option(help: "Only this locale (e.g. ar).")
    var locale: String?

    /// The content folder: as given, else found (`ContentSearch`), near `files` when a
    /// command is given files.
    func contentRoot(near files: [String] = []) throws -> String {
        try ContentSearch.root(given: content, near: files)
    }

    var selection: BuildSelection {
        BuildSelection(courseID: course, locale: locale.map(LocaleID.init))
    }
}

/// `--drafts`, for the commands that build pages (and `check`, which says what a build would).
struct DraftOption: ParsableArguments {
    @Flag(name: .customLong("drafts"), help: "Include draft lessons (draft: true in their front matter); they are left out by default.")
    var include = false

    func selection(_ options: ContentOptions) -> BuildSelection {
        var selection = options.selection
        selection.includeDrafts = include
        return selection
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder, replacing it only if the build succeeds.")

    @OptionGroup var options: ContentOptions

    @OptionGroup var drafts: DraftOption

    @Option(help: "The output folder; it is replaced as a whole, atomically (default: Output beside the content folder).")
    var output: String?

    @Flag(help: "Also write a .gz beside each text file, for nginx's gzip_static.")
    var precompress = false

    @Flag(help: "Print how long each build step took and how many Markdown texts it parsed.")
    var stats = false

    @Flag(help: "Fail at once, instead of waiting, when another build is writing the same output.")
    var noWait = false

    func run() throws {
        let start = ContinuousClock.now
        let terminal = Terminal.standardError
        let precompress = self.precompress
        let postProcess: @Sendable ([OutputFile]) -> [OutputFile] = { files in
            precompress ? Precompression.addingGzipFiles(files) : files
        }
        let content = try options.contentRoot()
        let output = self.output ?? ContentSearch.beside(content, "Output")
        let contention: OutputWriter.Contention = noWait ? .fail : .wait(waiting: { holder in
            Terminal.printError("Waiting for another coursekit build (\(holder.map { "process \($0)" } ?? "another process")) to finish writing \(output)…")
        })
        var build = SiteBuild(contentRoot: content, outputPath: output, selection: drafts.selection(options), contention: contention)
        build.keepsModelUntilExit = true
        let report = build.run(postProcess: postProcess, variant: precompress ? "precompress" : "") { step in terminal.progress(step + "…") }
        terminal.clearProgress()
        Terminal.print(report.diagnostics)
        if stats {
            for step in report.statistics {
                let name = step.step.padding(toLength: 24, withPad: " ", startingAt: 0)
                Terminal.printError("  \(name)" + String(format: "%8.3f s (CPU %.3f s)  %6d lessons and %d Markdown texts parsed, peak memory %d MiB", step.seconds, step.cpuSeconds, step.lessonParses,
                                           step.markdownParses, step.peakMemory >> 20))
            }
        }
        if report.upToDate {
            print("Up to date: nothing changed since the last build of \(output)/")
            return
        }
        guard report.wrote else {
            Terminal.printError("Build failed: \(Terminal.counts(report.diagnostics)); \(output) was not changed.")
            try Terminal.exitIfFailed(report.diagnostics)
            throw ExitCode.failure
        }
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
        let changed = report.unchangedFiles > 0 ? " (\(report.fileCount - report.unchangedFiles) of \(report.fileCount) files changed)" : ""
        print("Built \(plural(report.courseCount, "course")), \(plural(report.localeCount, "locale")), "
              + "\(plural(report.pageCount, "page")) in \(String(format: "%.2f", seconds)) s → \(output)/\(changed)")
    }
}

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content and report every problem, without writing anything.")

    @OptionGroup var options: ContentOptions

    @OptionGroup var drafts: DraftOption

    @Option(help: "text (like a compiler), json, or github (GitHub Actions annotations).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(name: .customLong("by-kind"), help: "With --format text: list the problems kind by kind, the most frequent first.")
    var byKind = false

    func run() throws {
        let diagnostics = SiteBuild(contentRoot: try options.contentRoot(), outputPath: "", selection: drafts.selection(options)).check()
        switch format {
        case .text:
            let kinds = DiagnosticReport.kinds(diagnostics)
            if byKind {
                for group in kinds {
                    Terminal.printError("\(group.count) × \(group.kind)")
                    for diagnostic in group.diagnostics { Terminal.printError("  " + diagnostic.description) }
                }
            } else {
                Terminal.print(diagnostics)
            }
            print(diagnostics.isEmpty ? "No problems found." : "Found \(Terminal.counts(diagnostics)).")
            // Many problems of a few kinds: say which, so the five broken links are not lost
            // among 122 missing alt texts.
            if diagnostics.count >= 5 && kinds.count > 1 && !byKind {
                let width = String(kinds[0].count).count
                for group in kinds {
                    print("  " + String(repeating: " ", count: width - String(group.count).count) + "\(group.count) × \(group.kind)")
                }
            }
        case .json:
            print(DiagnosticReport.json(diagnostics))
        case .github:
            for diagnostic in diagnostics { print(DiagnosticReport.githubAnnotation(diagnostic)) }
        }
        try Terminal.exitIfFailed(diagnostics)
        if strict && !diagnostics.isEmpty { throw ExitCode.failure }
    }
}
