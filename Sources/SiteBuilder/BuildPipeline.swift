import Foundation
import CourseModel
import CourseLoader
import Checks
import Markdown
import Translation

/// Everything a build knows, filled in by its steps in order. Each step reads what the steps
/// before it left here; none reads the content folder again but `load` (and `emit`, which
/// copies media).
public struct BuildContext: Sendable {
    public let contentRoot: String
    public let selection: BuildSelection
    public let files: ContentFiles
    /// The compiled content (`load`); present when anything could be read.
    public var site: Site?
    public var diagnostics: [Diagnostic] = []
    /// Translation coverage of what is built (`coverage`).
    public var coverage: CoverageReport?
    /// Every output file, in memory (`render`).
    public var rendered: RenderedSite?
    /// Compiled lesson files of an earlier build in this process (`serve`), for `load`.
    public var lessonCache: CompiledLessonCache?
    /// Where the lesson pack of earlier builds is kept (`LessonPack`), when there is no
    /// `lessonCache`: `load` reads it, `keepCompiledLessons` adds to it.
    public var lessonPack: LessonPackPlace?
    /// The previous build's output, which `emit` may take unchanged files from.
    var previousOutput: OutputWriter.Previous?
    /// The problems the previous build found in each course's lessons, with the fingerprint of
    /// what they were found in (`Fingerprint.courseChecks`): `check` takes them again for a
    /// course whose fingerprint is the same.
    var previousLessonChecks: [String: BuildState.CourseChecks] = [:]
    /// This build's, for the next one.
    var lessonChecks: [String: BuildState.CourseChecks] = [:]
    /// Each lesson's translation figures as the previous build measured them (`coverage`
    /// takes those whose files did not change), and as this build did, for the next.
    var previousLessonCoverage: KeptLessons?
    var lessonCoverage: KeptLessons?
    /// The hash of the content files every page reads (`Fingerprint.contentKey`), taken once.
    var contentKey: String?
    /// What `keepCompiledLessons` did for a first build (nothing was built there before): made
    /// the cache folder, or left the pack for after the output is written.
    var firstLessonPack: FirstLessonPack?
    /// What `emit` wrote, when it replaced the output folder.
    public var written: OutputWriter.Written?
    /// How long each step took and how much Markdown it parsed (`coursekit build --stats`).
    public var statistics: [StepStatistics] = []

    public init(contentRoot: String, selection: BuildSelection = BuildSelection()) {
        self.contentRoot = contentRoot
        self.selection = selection
        self.files = ContentFiles(root: contentRoot)
    }

    /// Whether a step that makes output may run: something loaded and nothing is wrong.
    var canProduce: Bool { site != nil && !diagnostics.hasErrors }
}

/// A first build's lesson pack (see `BuildStep.keepCompiledLessons`).
enum FirstLessonPack: Sendable {
    /// Kept before rendering, in this cache folder, which the build made.
    case made(String)
    /// To keep once the output is written: the folder around the output does not exist yet.
    case afterOutput
}

/// Where a build keeps its lesson pack, and the coursekit it belongs to (`Snapshot.tool()`).
public struct LessonPackPlace: Sendable {
    public var folder: String
    public var compiler: String
}

/// What one step cost.
public struct StepStatistics: Sendable {
    public var step: String
    public var seconds: Double
    /// Processor time the step took, on every thread: against `seconds`, how well it used
    /// the cores.
    public var cpuSeconds: Double
    /// Markdown texts parsed during the step (lesson bodies, hint blocks, exercise fields):
    /// only `load` parses; every later step reads what it compiled.
    public var markdownParses: Int
    /// Of those, whole lesson bodies.
    public var lessonParses: Int
    /// The process's peak resident memory so far, in bytes, when the step ended.
    public var peakMemory: Int
}

/// One named step of a build.
public struct BuildStep: Sendable {
    public let name: String
    let run: @Sendable (inout BuildContext) -> Void

    public init(_ name: String, run: @escaping @Sendable (inout BuildContext) -> Void) {
        self.name = name
        self.run = run
    }

    /// Reads `Content/` and compiles every lesson once: the model every later step reads. Draft
    /// lessons are read (their files' problems are reported) and then left out, unless asked for.
    public static let load = BuildStep("Reading content") { context in
        if context.lessonCache == nil, let pack = context.lessonPack {
            // A lesson's key ends with the content root's name (`LessonReader`): only those of
            // this one are decoded.
            context.lessonCache = CompiledLessonCache(pack: LessonPack(folder: pack.folder, compiler: pack.compiler,
                                                                       keysEndingWith: context.files.displayRoot))
        }
        let loaded = ContentLoader(root: context.contentRoot, cache: context.lessonCache).load()
        context.site = context.selection.includeDrafts ? loaded.site : loaded.site?.withoutDrafts()
        context.diagnostics += loaded.diagnostics
    }

    /// Adds the lessons `load` compiled to the lesson pack, for the next build: beside an output
    /// that was built before (an author fixing the errors of a failed build rebuilds often), or
    /// for a first build that can still write its output. It runs before `render`, so that the
    /// pack's encoding and the pages' rendering are not in memory at once (at 4,500 lessons,
    /// together they passed 150 MB); a first build that then fails takes its pack away again
    /// (`settleFirstLessonPack`), and leaves nothing.
    public static let keepCompiledLessons = BuildStep("Keeping compiled lessons") { context in
        // Nothing loaded (site.yaml unreadable): no lesson was read, and none may be dropped.
        guard let pack = context.lessonPack, context.site != nil else { return }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: pack.folder) {
            context.lessonCache?.save()
        } else if context.canProduce {
            // Beside the output: a folder that does not exist yet is left to the output's
            // writing to make, and the pack waits for it (`settleFirstLessonPack`).
            guard fileManager.fileExists(atPath: URL(fileURLWithPath: pack.folder).deletingLastPathComponent().path) else {
                context.firstLessonPack = .afterOutput
                return
            }
            context.lessonCache?.save()
            context.firstLessonPack = .made(pack.folder)
        }
    }

    /// For a first build: removes the lesson pack `keepCompiledLessons` made if the output was
    /// not written, or keeps the lessons now if it waited for the output's folder.
    public static let settleFirstLessonPack = BuildStep("Tidying") { context in
        switch context.firstLessonPack {
        case .made(let folder) where context.written == nil:
            try? FileManager.default.removeItem(atPath: folder)
        case .afterOutput where context.written != nil:
            context.lessonCache?.save()
        default:
            break
        }
    }

    /// Links, anchors, images and headings across files; runs beside load errors, so one run
    /// reports every problem.
    public static let check = BuildStep("Checking") { context in
        guard let site = context.site else { return }
        context.diagnostics += SelectionCheck.problems(site: site, courseID: context.selection.courseID, locale: context.selection.locale)
        var keys: [String: String] = [:]
        for course in site.courses { keys[course.id] = Fingerprint.courseChecks(course, locale: context.selection.locale, files: context.files) }
        let reused = context.previousLessonChecks.filter { keys[$0.key] == $0.value.key }.mapValues { $0.diagnostics.map(\.diagnostic) }
        let checked = ContentChecks(site: site, files: context.files, courseID: context.selection.courseID,
                                    locale: context.selection.locale).run(reusing: reused)
        context.diagnostics += checked.diagnostics
        context.lessonChecks = checked.lessonProblems.reduce(into: [:]) { stored, course in
            if let key = keys[course.key] {
                stored[course.key] = BuildState.CourseChecks(key: key, diagnostics: course.value.map(BuildState.StoredDiagnostic.init))
            }
        }
    }

    /// The site's own theme (`theme/`), if it has one: its templates must compile. (`render`
    /// reads it too; this is for `check`, which renders nothing.)
    public static let theme = BuildStep("Checking the theme") { context in
        context.diagnostics += Theme.load(files: context.files).diagnostics
    }

    /// Translation coverage of the selected courses, once for the whole build.
    public static let coverage = BuildStep("Measuring translations") { context in
        guard context.canProduce, let site = context.site else { return }
        let contentKey = Fingerprint.contentKey(site: site, files: context.files)
        context.contentKey = contentKey
        let shared = contentKey + " " + context.files.displayRoot
        let kept = context.previousLessonCoverage?.valid(for: shared) ?? KeptLessons(sharedInputs: shared)
        let measured = CoverageAnalyzer(site: site, files: context.files)
            .report(CoverageAnalyzer.Selection(courseID: context.selection.courseID), reusing: kept)
        context.coverage = measured.report
        context.lessonCoverage = measured.lessons
    }

    /// Every page and file of the site, in memory.
    public static let render = BuildStep("Rendering pages") { context in
        guard context.canProduce, let site = context.site, let coverage = context.coverage else { return }
        var renderer = SiteRenderer(site: site, files: context.files, selection: context.selection, coverage: coverage)
        renderer.contentKey = context.contentKey
        let rendered = renderer.render()
        context.rendered = rendered
        context.diagnostics += rendered.diagnostics
    }
}

/// Steps run top to bottom over one context.
public struct BuildPipeline: Sendable {
    public var steps: [BuildStep]

    public init(_ steps: [BuildStep]) {
        self.steps = steps
    }

    /// What `coursekit check` runs: everything that can find a problem, nothing that writes.
    public static let check = BuildPipeline([.load, .check, .theme])

    public func run(_ context: inout BuildContext, progress: (String) -> Void = { _ in }) {
        for step in steps {
            progress(step.name)
            let start = ContinuousClock.now
            let parsesBefore = MarkdownCompiler.parseCount, documentsBefore = MarkdownCompiler.documentCount
            let before = ProcessUsage.now()
            step.run(&context)
            let elapsed = (ContinuousClock.now - start).components
            let after = ProcessUsage.now()
            context.statistics.append(StepStatistics(step: step.name,
                                                     seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                                                     cpuSeconds: after.cpuSeconds - before.cpuSeconds,
                                                     markdownParses: MarkdownCompiler.parseCount - parsesBefore,
                                                     lessonParses: MarkdownCompiler.documentCount - documentsBefore,
                                                     peakMemory: after.peakMemory))
        }
        context.diagnostics = context.diagnostics.uniqued().sortedByLocation()
    }

}

/// What the process has used so far, from one getrusage(2): user and system time on every
/// thread, and its peak resident memory.
struct ProcessUsage {
    var cpuSeconds: Double
    /// Bytes.
    var peakMemory: Int

    static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return ProcessUsage(cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakMemory: usage.ru_maxrss * 1024)
    }
}
