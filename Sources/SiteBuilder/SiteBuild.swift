import Foundation
import CourseModel
import CourseLoader

/// The whole build: load the content, render every page, and write the output atomically,
/// but only when no error was found, so a broken file never changes what learners see.
public struct SiteBuild: Sendable {
    public var contentRoot: String
    public var outputPath: String
    public var selection: BuildSelection
    /// What to do when another build is writing the same output.
    public var contention: OutputWriter.Contention

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
        public var courseCount: Int
        public var localeCount: Int
        public var pageCount: Int
        public var fileCount: Int
        /// Time and Markdown parses per step.
        public var statistics: [StepStatistics]
    }

    /// Runs the build: load → check → coverage → render → emit. `postProcess` is a last step
    /// over the files before they are written (the CLI's `--precompress` adds gzip files with
    /// it); `progress` hears each step's name as it starts (for a progress line on a terminal).
    public func run(postProcess: @escaping @Sendable ([OutputFile]) -> [OutputFile] = { $0 },
                    progress: (String) -> Void = { _ in }) -> Report {
        var context = BuildContext(contentRoot: contentRoot, selection: selection)
        BuildPipeline([.load, .check, .coverage, .render, .emit(to: outputPath, postProcess: postProcess, contention: contention)])
            .run(&context, progress: progress)
        let rendered = context.rendered
        return Report(diagnostics: context.diagnostics, wrote: context.wroteOutput,
                      courseCount: rendered?.courseCount ?? 0, localeCount: rendered?.locales.count ?? 0,
                      pageCount: rendered?.pageCount ?? 0, fileCount: rendered?.files.count ?? 0,
                      statistics: context.statistics)
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
                            contention: OutputWriter.Contention) -> BuildStep {
        BuildStep("Writing output") { context in
            guard context.canProduce, let rendered = context.rendered else { return }
            do throws(OutputWriter.WriteError) {
                try OutputWriter(outputPath: outputPath, contention: contention).write(postProcess(rendered.files))
                context.wroteOutput = true
            } catch {
                context.diagnostics.append(.error(error.description, at: SourceLocation(file: outputPath)))
            }
        }
    }
}
