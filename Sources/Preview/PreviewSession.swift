import Foundation
import CourseModel
import SiteBuilder
import CourseLoader

/// An author's preview: the content built into a private folder (never the user's `Output/`),
/// built again whenever it changes, with each build's outcome told to whoever listens (the
/// pages open in browsers, the terminal).
///
/// Changes are found with inotify (`ContentWatcher`), which wakes the session at a save, or,
/// where it cannot be used, by polling four times a second; either way the content's metadata
/// hash (the one a no-op build compares: a stat of every file) decides whether anything
/// changed. A burst of saves is built once, when the content has stopped changing for a
/// moment. Each build reuses the previous one's compiled lessons (`CompiledLessonCache`) and
/// unchanged pages (`SiteBuild`'s fingerprints).
public actor PreviewSession {
    /// What the pages are told after each build.
    public struct State: Sendable, Equatable {
        /// Counts the builds that changed the site: a page built before the current one reloads.
        public var generation: Int
        /// The last build's errors, `file:line:col: message`; the site stays as the last good build.
        public var errors: [String]
    }

    public let folder: String
    private let contentRoot: String
    private let build: SiteBuild
    private(set) public var state = State(generation: 0, errors: [])
    private var listeners: [UUID: AsyncStream<State>.Continuation] = [:]

    /// `folder` is created and owned by the session: `stop` removes it.
    public init(contentRoot: String, selection: BuildSelection, folder: String) {
        self.folder = folder
        self.contentRoot = contentRoot
        var build = SiteBuild(contentRoot: contentRoot, outputPath: folder + "/Output", selection: selection, contention: .fail)
        build.lessonCache = CompiledLessonCache()
        self.build = build
    }

    public var outputPath: String { build.outputPath }

    /// Builds now; returns the report (the terminal prints its diagnostics) and tells listeners.
    @discardableResult
    public func rebuild() -> SiteBuild.Report {
        let report = build.run()
        if report.wrote { state.generation += 1 }
        state.errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        for listener in listeners.values { listener.yield(state) }
        return report
    }

    /// Each state from now on, starting with the current one.
    public func updates() -> AsyncStream<State> {
        let (stream, continuation) = AsyncStream<State>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        listeners[id] = continuation
        continuation.yield(state)
        continuation.onTermination = { _ in Task { await self.forget(id) } }
        return stream
    }

    private func forget(_ id: UUID) {
        listeners[id] = nil
    }

    /// Watches for changes and rebuilds until cancelled; `rebuilt` hears each report.
    public func watch(every interval: Duration = .milliseconds(250), rebuilt: @Sendable (SiteBuild.Report, Duration) -> Void) async {
        let watcher = ContentWatcher(root: contentRoot)
        var seen = build.inputsHash()
        while !Task.isCancelled {
            if let watcher {
                // Woken by a save; every 2 s anyway, should an event have been missed.
                _ = await watcher.waitForEvents(milliseconds: 2000)
            } else {
                try? await Task.sleep(for: interval)
            }
            var current = build.inputsHash()
            guard current != seen else { continue }
            // Wait until the saves stop: an editor writing several files builds once.
            if let watcher {
                while !Task.isCancelled, await watcher.waitForEvents(milliseconds: 150) {}
                current = build.inputsHash()
            } else {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    let next = build.inputsHash()
                    if next == current { break }
                    current = next
                }
            }
            seen = current
            let start = ContinuousClock.now
            let report = rebuild()
            rebuilt(report, ContinuousClock.now - start)
        }
    }

    /// Removes the private folder and what the builds kept beside it.
    public nonisolated func stop() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
