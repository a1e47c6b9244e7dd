import ArgumentParser
import CourseLoader
import CourseModel
import Foundation
import Localization
import Translation
import Exchange
import Checks

extension CoverageFormat: ExpressibleByArgument {}

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what is translated, missing or out of date, and how many words are left.")

    @OptionGroup var options: ContentOptions

    @Option(help: "text, json, markdown or html.")
    var format: CoverageFormat = .text

    @Option(name: .customLong("fail-under"), help: "Exit 1 when a selected locale's coverage is below this percentage.")
    var failUnder: Double?

    func validate() throws {
        if let failUnder, !(0...100).contains(failUnder) {
            throw ValidationError("--fail-under is a percentage, from 0 to 100")
        }
    }

    func run() throws {
        let content = try options.contentRoot()
        let loaded = try loadSite(content, selection: options)
        try refuseSourceLocale(options, site: loaded.site)
        // A draft lesson is not published: nothing of it is counted, in any locale.
        let report = CoverageAnalyzer(site: loaded.site.withoutDrafts(), files: loaded.files,
                                      history: { GitHistory.versions(of: $0, in: content) })
            .report(.init(locale: options.selection.locale, courseID: options.course))
        print(report.rendered(as: format, color: format == .text && Terminal.standardOutputIsInteractive,
                              interface: InterfaceCatalog(overrides: loaded.site.interfaceOverrides), locale: loaded.site.defaultLocale),
              terminator: "")
        if let failUnder {
            let failing = report.locales(below: failUnder)
            for locale in failing {
                Terminal.printError("coverage of \(locale.locale) is \(String(format: "%.1f", locale.words.coverage)) %, below \(failUnder) %")
            }
            if !failing.isEmpty { throw ExitCode.failure }
        }
    }
}

struct Translations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tools for translators.", subcommands: [Stamp.self, MinorEdit.self, Export.self, Import.self])

    struct Stamp: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record in translations which version of the source they translate (their source_hash line).")

        @OptionGroup var options: ContentOptions

        @Flag(help: "Stamp every translation of --locale (in --course, if given) that has no stamp yet; those stamped for an older source are listed and left alone.")
        var all = false

        @Flag(help: "With --all: stamp the outdated translations too (only once they are updated).")
        var force = false

        @Flag(name: .customLong("dry-run"), help: "Say what would be stamped; change nothing.")
        var dryRun = false

        @Argument(help: "Translation files to stamp.")
        var files: [String] = []

        func validate() throws {
            if all && options.locale == nil { throw ValidationError("--all needs --locale, e.g. --all --locale ar") }
            if !all && files.isEmpty { throw ValidationError("name the translation files to stamp, or use --all --locale L") }
            if force && !all { throw ValidationError("--force goes with --all (a file named on the command line is stamped as it is)") }
        }

        func run() throws {
            let loaded = try loadSite(try options.contentRoot(near: files), selection: options)
            if all { try refuseSourceLocale(options, site: loaded.site) }
            let stamper = Stamper(site: loaded.site, files: loaded.files)
            let targets = all ? stamper.translations(locale: LocaleID(options.locale!), courseID: options.course) : files
            let stampOptions = Stamper.Options(onlyUnstamped: all && !force, dryRun: dryRun)
            var failed = false, leftAlone: [String] = []
            for target in targets {
                switch stamper.stamp(target, stampOptions) {
                case .success(.stamped(let path, let stamp)): print("stamped \(loaded.files.displayPath(path)) (\(stamp))")
                case .success(.wouldStamp(let path, let stamp)): print("would stamp \(loaded.files.displayPath(path)) (\(stamp))")
                case .success(.unchanged(let path)): print("up to date \(loaded.files.displayPath(path))")
                case .success(.leftOutdated(let path)): leftAlone.append(loaded.files.displayPath(path))
                case .failure(let diagnostic):
                    Terminal.printError(diagnostic.description)
                    failed = true
                }
            }
            if !leftAlone.isEmpty {
                print("left alone, stamped for an older version of their source (see `coursekit coverage`; update them, then stamp each, or use --all --force):")
                for path in leftAlone { print("  \(path)") }
            }
            if failed { throw ExitCode.failure }
        }
    }
}

extension Translations {
    struct MinorEdit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "minor-edit",
            abstract: "After a small fix in a source lesson (a typo), keep its up-to-date translations up to date.",
            discussion: """
            The translations stamped for the lesson as it was before the fix get its new stamp; those \
            stamped for an older version stay outdated. The version before the fix is the file as last \
            committed to git, or the file given with --previous.
            """)

        @OptionGroup var options: ContentOptions

        @Option(help: "The source lesson as it was before the fix (default: as last committed to git).")
        var previous: String?

        @Flag(name: .customLong("dry-run"), help: "Say what would be stamped; change nothing.")
        var dryRun = false

        @Argument(help: "The source lesson file you fixed.")
        var file: String

        func run() throws {
            let loaded = try loadSite(try options.contentRoot(near: [file]), selection: options)
            let earlier: String
            if let previous {
                guard let text = try? String(contentsOfFile: previous, encoding: .utf8) else {
                    Terminal.printError("error: \(previous) cannot be read")
                    throw ExitCode.failure
                }
                earlier = text
            } else {
                earlier = try Self.lastCommitted(file)
            }
            switch Stamper(site: loaded.site, files: loaded.files).stampMinorEdit(file, previous: earlier, dryRun: dryRun) {
            case .failure(let diagnostic):
                Terminal.printError(diagnostic.description)
                throw ExitCode.failure
            case .success(let outcomes):
                var leftAlone: [String] = []
                for outcome in outcomes {
                    switch outcome {
                    case .stamped(let path, let stamp): print("stamped \(loaded.files.displayPath(path)) (\(stamp))")
                    case .wouldStamp(let path, let stamp): print("would stamp \(loaded.files.displayPath(path)) (\(stamp))")
                    case .unchanged(let path): print("up to date \(loaded.files.displayPath(path))")
                    case .leftOutdated(let path): leftAlone.append(loaded.files.displayPath(path))
                    }
                }
                if outcomes.isEmpty { print("no translation was up to date before the fix; nothing to stamp") }
                if !leftAlone.isEmpty {
                    print("left alone, stamped for an older version than the one before the fix (they were outdated already):")
                    for path in leftAlone { print("  \(path)") }
                }
            }
        }

        /// The file as last committed to git.
        static func lastCommitted(_ file: String) throws -> String {
            guard let text = GitHistory.lastCommitted(file) else {
                Terminal.printError("error: \(file) is not in a git commit (or git cannot be run), so the version before the fix is unknown; commit before fixing, or give that version with --previous FILE")
                throw ExitCode.failure
            }
            return text
        }
    }
}

/// Coverage and stamping measure translations: a locale that is every selected course's source
/// is a mistake in the command, not an empty report.
func refuseSourceLocale(_ options: ContentOptions, site: Site) throws {
    guard let code = options.locale else { return }
    let locale = LocaleID(code)
    let courses = site.courses.filter { options.course == nil || $0.id == options.course }
    guard !courses.isEmpty, courses.allSatisfy({ $0.sourceLocale == locale }) else { return }
    let translations = Set(courses.flatMap(\.locales)).subtracting([locale]).map(\.code).sorted()
    Terminal.printError("error: '\(code)' is the source locale\(courses.count == 1 ? " of \(courses[0].id)" : " of every course"); name a translation\(translations.isEmpty ? "" : " (\(translations.joined(separator: ", ")))")")
    throw Terminal.usageStatus
}

/// Loads the content for a report or an edit: errors are shown, and only a tree that could not
/// be read at all stops the command.
func loadSite(_ root: String, selection: ContentOptions? = nil) throws -> (site: Site, files: ContentFiles) {
    let loader = ContentLoader(root: root)
    let result = loader.load()
    Terminal.print(result.diagnostics.filter { $0.severity == .error }.sortedByLocation())
    guard let site = result.site else { throw ExitCode.failure }
    if let selection {
        let problems = SelectionCheck.problems(site: site, courseID: selection.course, locale: selection.locale.map(LocaleID.init))
        Terminal.print(problems)
        try Terminal.exitIfFailed(problems)
    }
    return (site, loader.files)
}
