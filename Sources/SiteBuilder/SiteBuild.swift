import Foundation
import CourseModel
import CourseLoader

/// The whole build: load the content, render every page, and write the output atomically,
/// but only when no error was found, so a broken file never changes what learners see.
public struct SiteBuild: Sendable {
    public var contentRoot: String
    public var outputPath: String
    public var selection: BuildSelection

    public init(contentRoot: String, outputPath: String, selection: BuildSelection = BuildSelection()) {
        self.contentRoot = contentRoot
        self.outputPath = outputPath
        self.selection = selection
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        /// Whether the output folder was replaced.
        public var wrote: Bool
        public var courseCount: Int
        public var localeCount: Int
        public var pageCount: Int
        public var fileCount: Int
    }

    /// The steps of a build, reported as they start (for a progress line on a terminal).
    public enum Step: String, Sendable {
        case loading = "Reading content"
        case rendering = "Rendering pages"
        case writing = "Writing output"
    }

    /// Runs the build. `postProcess` is a last step over the files before they are written
    /// (the CLI's `--precompress` adds gzip files with it).
    public func run(postProcess: ([OutputFile]) -> [OutputFile] = { $0 }, progress: (Step) -> Void = { _ in }) -> Report {
        progress(.loading)
        let loader = ContentLoader(root: contentRoot)
        let loaded = loader.load()
        var report = Report(diagnostics: loaded.diagnostics, wrote: false, courseCount: 0, localeCount: 0, pageCount: 0, fileCount: 0)
        guard let site = loaded.site, !loaded.diagnostics.hasErrors else {
            report.diagnostics = report.diagnostics.sortedByLocation()
            return report
        }
        progress(.rendering)
        let rendered = SiteRenderer(site: site, files: loader.files, selection: selection).render()
        report.diagnostics = (loaded.diagnostics + rendered.diagnostics).sortedByLocation()
        report.courseCount = rendered.courseCount
        report.localeCount = rendered.locales.count
        report.pageCount = rendered.pageCount
        report.fileCount = rendered.files.count
        guard !report.diagnostics.hasErrors else { return report }
        progress(.writing)
        do {
            try OutputWriter(outputPath: outputPath).write(postProcess(rendered.files))
            report.wrote = true
        } catch {
            report.diagnostics.append(.error(error.description, at: SourceLocation(file: outputPath)))
        }
        return report
    }
}

extension SiteBuild {
    /// Loads and renders everything a build would, writes nothing, and returns the diagnostics.
    public func check() -> [Diagnostic] {
        let loader = ContentLoader(root: contentRoot)
        let loaded = loader.load()
        guard let site = loaded.site, !loaded.diagnostics.hasErrors else { return loaded.diagnostics.sortedByLocation() }
        let rendered = SiteRenderer(site: site, files: loader.files, selection: selection).render()
        return (loaded.diagnostics + rendered.diagnostics).sortedByLocation()
    }
}
