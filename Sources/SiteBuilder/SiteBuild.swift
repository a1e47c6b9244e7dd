import Foundation
import Synchronization
import CourseModel
import CourseLoader
import Translation

/// The whole build: load the content, render every page, and write the output atomically,
/// but only when no error was found, so a broken file never changes what learners see.
public struct SiteBuild: Sendable {
    public var contentRoot: String
    public var outputPath: String
    public var selection: BuildSelection
    /// What to do when another build is writing the same output.
    public var contention: OutputWriter.Contention
    /// Compiled lessons kept between the builds of one process (`serve`): unchanged files are
    /// not parsed again.
    public var lessonCache: CompiledLessonCache?
    /// Whether the compiled site is kept, not freed, when the build ends: a command that exits
    /// right after spends no time taking apart a model of thousands of lessons (50 ms at 4,500
    /// lesson files). `serve`, which builds again and again, lets each go.
    public var keepsModelUntilExit = false
    /// How many files a rebuild may change in place rather than as a whole new tree (`InPlaceUpdate`).
    public var inPlaceLimit = InPlaceUpdate.smallChange

    public init(contentRoot: String, outputPath: String, selection: BuildSelection = BuildSelection(),
                contention: OutputWriter.Contention = .wait(waiting: { _ in })) {
        self.contentRoot = contentRoot
        self.outputPath = outputPath
        self.selection = selection
        self.contention = contention
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        /// Whether the output folder was replaced.
        public var wrote: Bool
        /// Whether nothing had changed since the last build, so nothing ran.
        public var upToDate: Bool
        public var courseCount: Int
        public var localeCount: Int
        public var pageCount: Int
        public var fileCount: Int
        /// Files taken from the previous output as they were: neither made nor written again.
        public var unchangedFiles: Int
        /// Time and Markdown parses per step.
        public var statistics: [StepStatistics]
    }

    /// Runs the build: load → check → coverage → keep compiled lessons → render → emit. `postProcess` is a last step
    /// over the files before they are written (the CLI's `--precompress` adds gzip files with
    /// it); `progress` hears each step's name as it starts (for a progress line on a terminal).
    ///
    /// When nothing the build reads changed since the last successful build into this output,
    /// and the output is as that build left it, nothing runs: the report says `upToDate` and
    /// repeats that build's diagnostics (`BuildState`). `variant` names what `postProcess`
    /// does, since a different one makes different output.
    public func run(postProcess: @escaping @Sendable ([OutputFile]) -> [OutputFile] = { $0 }, variant: String = "",
                    progress: (String) -> Void = { _ in }) -> Report {
        if let problem = outputProblem() {
            return Report(diagnostics: [problem], wrote: false, upToDate: false, courseCount: 0, localeCount: 0, pageCount: 0,
                          fileCount: 0, unchangedFiles: 0, statistics: [])
        }
        let options = "course=\(selection.courseID ?? "*") locale=\(selection.locale?.code ?? "*") variant=\(variant)"
        // coursekit's own files are looked at once: alone they name the lesson pack's compiler,
        // with the options the build state's tool.
        let coursekit = Snapshot.tool()
        var toolSnapshot = coursekit
        toolSnapshot.add("options \(options)")
        let tool = toolSnapshot.hash
        let inputs = Snapshot.inputs(contentRoot: contentRoot, options: options, tool: toolSnapshot)
        var stateWarning: [Diagnostic] = []
        var previous: OutputWriter.Previous?
        var previousChecks: [String: BuildState.CourseChecks] = [:]
        var previousCoverage: KeptLessons?
        switch BuildState.read(forOutput: outputPath) {
        case .state(let state) where state.inputs == inputs.hash && state.output == Snapshot.output(outputPath).hash:
            OutputWriter(outputPath: outputPath).tidy()
            return Report(diagnostics: state.diagnostics.map(\.diagnostic), wrote: false, upToDate: true,
                          courseCount: state.courseCount, localeCount: state.localeCount, pageCount: state.pageCount,
                          fileCount: state.fileCount, unchangedFiles: state.fileCount, statistics: [])
        case .state(let state) where state.tool == tool:
            previous = OutputWriter.Previous(output: state.output, fingerprints: state.fingerprints)
            previousChecks = state.lessonChecks
            previousCoverage = BuildState.readKeptLessons(forOutput: outputPath, tool: tool)
        case .unusable(let path):
            stateWarning.append(.warning("the last build's state cannot be read (damaged, or from another coursekit); it is ignored and everything is built",
                                                at: SourceLocation(file: path)))
        case .state, .none:
            break
        }
        var context = BuildContext(contentRoot: contentRoot, selection: selection)
        // Lessons compiled by earlier builds: this process's (serve), else those kept on disk
        // beside the output, so that only changed files are parsed.
        context.lessonCache = lessonCache
        context.lessonPack = lessonCache == nil ? LessonPackPlace(folder: BuildState.folder(forOutput: outputPath), compiler: coursekit.hash) : nil
        context.previousOutput = previous
        context.previousLessonChecks = previousChecks
        context.previousLessonCoverage = previousCoverage
        BuildPipeline([.load, .check, .coverage, .keepCompiledLessons, .render,
                       .emit(to: outputPath, postProcess: postProcess, contention: contention, inPlaceLimit: inPlaceLimit),
                       .settleFirstLessonPack])
            .run(&context, progress: progress)
        if context.lessonCache?.packWasDamaged == true {
            stateWarning.append(.warning("the compiled lessons kept by the last build cannot be read (damaged, or from another coursekit); they are ignored and the lessons parsed again",
                                         at: SourceLocation(file: BuildState.folder(forOutput: outputPath) + "/" + LessonPack.fileName)))
        }
        let rendered = context.rendered
        var report = Report(diagnostics: context.diagnostics, wrote: context.written != nil, upToDate: false,
                            courseCount: rendered?.courseCount ?? 0, localeCount: rendered?.locales.count ?? 0,
                            pageCount: rendered?.pageCount ?? 0, fileCount: context.written?.files ?? rendered?.files.count ?? 0,
                            unchangedFiles: context.written?.unchanged ?? 0, statistics: context.statistics)
        if let written = context.written {
            // Before the state: a state never names figures older than its own build's.
            if let kept = context.lessonCoverage { BuildState.writeKeptLessons(kept, forOutput: outputPath, tool: tool) }
            // With a racy input no "nothing changed" is recorded, but the fingerprints hold:
            // they are hashes of bytes, not of times.
            BuildState(version: BuildState.formatVersion, inputs: inputs.isRacy ? nil : inputs.hash, tool: tool,
                       output: written.output, fingerprints: written.fingerprints,
                       diagnostics: report.diagnostics.map(BuildState.StoredDiagnostic.init), lessonChecks: context.lessonChecks,
                       courseCount: report.courseCount,
                       localeCount: report.localeCount, pageCount: report.pageCount, fileCount: report.fileCount)
                .write(forOutput: outputPath)
        }
        report.diagnostics = stateWarning + report.diagnostics
        if keepsModelUntilExit { KeptUntilExit.keep(context) }
        return report
    }

    /// A hash of everything a build reads (file metadata, as for "nothing changed"): `serve`
    /// rebuilds when it changes.
    public func inputsHash() -> String {
        Snapshot.inputs(contentRoot: contentRoot, options: "watch").hash
    }

    /// An output that is empty, the content folder, inside it or around it: replacing it
    /// would lose the content, or the next build would read its own output as content.
    func outputProblem() -> Diagnostic? {
        guard !outputPath.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .usageError("the output folder is empty; name a folder, like --output Output")
        }
        let output = URL(fileURLWithPath: outputPath).standardizedFileURL.path
        let content = ContentFiles.realPath(contentRoot) ?? URL(fileURLWithPath: contentRoot).standardizedFileURL.path
        let realOutput = ContentFiles.realPath(output) ?? output
        for candidate in Set([output, realOutput]) {
            if candidate == content || candidate.hasPrefix(content + "/") || content.hasPrefix(candidate + "/") || candidate == "/" {
                return .usageError("the output folder \(outputPath) is, holds or is inside the content folder \(contentRoot); choose a folder beside it, like --output Output",
                              at: SourceLocation(file: outputPath))
            }
        }
        return nil
    }

    /// Loads and checks everything a build would, writes nothing, and returns the diagnostics.
    public func check() -> [Diagnostic] {
        var context = BuildContext(contentRoot: contentRoot, selection: selection)
        BuildPipeline.check.run(&context)
        return context.diagnostics
    }
}

extension BuildStep {
    /// Writes the rendered site beside the old output and swaps them, only when no error was
    /// found, so a broken file never changes what learners see.
    public static func emit(to outputPath: String, postProcess: @escaping @Sendable ([OutputFile]) -> [OutputFile],
                            contention: OutputWriter.Contention, inPlaceLimit: Int = InPlaceUpdate.smallChange) -> BuildStep {
        BuildStep("Writing output") { context in
            guard context.canProduce, let rendered = context.rendered else { return }
            do throws(OutputWriter.WriteError) {
                var writer = OutputWriter(outputPath: outputPath, contention: contention)
                writer.inPlaceLimit = inPlaceLimit
                context.written = try writer
                    .write(postProcess(rendered.files), previous: context.previousOutput)
                context.diagnostics += rendered.late.all
                // Written: the files (each lesson page's closure holds its course's plan) and the
                // previous output's listing are let go before the build state is written.
                context.rendered?.files = []
                context.previousOutput = nil
            } catch {
                context.diagnostics.append(.error(error.description, at: SourceLocation(file: outputPath)))
            }
        }
    }
}

/// Values a command keeps to the end of the process instead of freeing them (see
/// `SiteBuild.keepsModelUntilExit`).
enum KeptUntilExit {
    private static let kept = Mutex<[BuildContext]>([])

    static func keep(_ context: BuildContext) {
        kept.withLock { $0.append(context) }
    }
}
