import Testing
import Foundation
import Synchronization
import CourseModel
@testable import SiteBuilder
@testable import Preview

/// Nothing of the user's is ever deleted or replaced by a build's output handling.
@Suite struct OutputSafetyTests {
    private let page = [OutputFile.text("index.html", "<p>new</p>\n")]

    @Test func aFolderHoldingTheUsersOwnReadmeIsNeverReplaced() throws {
        let output = Fixtures.temporaryFolder() + "/Output"
        Fixtures.write("Deployment notes for the camp server: do not lose these.\n", to: "\(output)/README.md")
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(outputPath: output).write(page) }
        #expect(Fixtures.read("\(output)/README.md") == "Deployment notes for the camp server: do not lose these.\n")
    }

    @Test func theReadmeCoursekitWritesMayBeReplaced() throws {
        let output = Fixtures.temporaryFolder() + "/Output"
        Fixtures.write(OutputReadme.text, to: "\(output)/README.md")
        try OutputWriter(outputPath: output).write(page)
        #expect(Fixtures.read("\(output)/index.html") == "<p>new</p>\n")
    }

    @Test func cleanupRemovesOnlyStagingFoldersOfFinishedBuilds() throws {
        let parent = Fixtures.temporaryFolder()
        let output = "\(parent)/Output"
        let gone = Self.finishedProcessID()
        // A user's own file and folder whose names look like ours, and a real leftover.
        Fixtures.write("mine\n", to: "\(parent)/.Output.coursekit-notes")
        Fixtures.write("mine too\n", to: "\(parent)/.Output.coursekit-new-\(gone)/plan.txt")
        Fixtures.write("coursekit staging folder\n", to: "\(parent)/.Output.coursekit-old-\(gone)/.coursekit-staging")
        // Also when the build then refuses the output folder.
        Fixtures.write("not coursekit's\n", to: "\(output)/page.html")
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(outputPath: output).write(page) }
        let left = try FileManager.default.contentsOfDirectory(atPath: parent).sorted()
        #expect(left == [".Output.coursekit-new-\(gone)", ".Output.coursekit-notes", ".Output.coursekit.lock", "Output"])
        #expect(Fixtures.read("\(parent)/.Output.coursekit-new-\(gone)/plan.txt") == "mine too\n")
    }

    @Test func aSecondBuildWaitsOrRefusesWhileTheFirstWrites() throws {
        let output = Fixtures.temporaryFolder() + "/Output"
        let held = try OutputLock(output: output, contention: .fail)
        defer { held.release() }
        do {
            try OutputWriter(outputPath: output, contention: .fail).write(page)
            Issue.record("a build wrote while another held the lock")
        } catch {
            guard case .busy(_, let holder) = error else { Issue.record("unexpected \(error)"); return }
            #expect(holder == getpid())
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A process id that no running process has.
    private static func finishedProcessID() -> Int32 {
        var pid: Int32 = 4_000_000
        while kill(pid, 0) == 0 || errno != ESRCH { pid -= 1 }
        return pid
    }
}

@Suite struct OutputPlaceTests {
    /// An output that would replace or swallow the content is refused before anything runs.
    @Test func anOutputAtInsideOrAroundTheContentIsRefused() {
        let content = Fixtures.copyOfTree()
        let parent = (content as NSString).deletingLastPathComponent
        for output in ["", content, "\(content)/Output", parent, "/"] {
            let report = SiteBuild(contentRoot: content, outputPath: output).run()
            #expect(!report.wrote, "\(output)")
            #expect(report.diagnostics.count == 1 && report.diagnostics[0].severity == .error, "\(output): \(report.diagnostics)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(content)/site.yaml"))
        #expect(SiteBuild(contentRoot: content, outputPath: "\(parent)/Output").run().wrote)
    }
}

@Suite struct DiscoveryWarningTests {
    /// What coursekit skips, it says: a lesson saved as .markdown or .MD, an asset it cannot
    /// read, a template linking outside the content.
    @Test func skippedFilesAreNamed() throws {
        let root = Fixtures.minimalSite(lessons: [
            "01-a.en.md": "---\ntitle: A\n---\n\nText.\n",
            "02-b.en.markdown": "---\ntitle: B\n---\n\nText.\n",
            "03-c.en.MD": "---\ntitle: C\n---\n\nText.\n",
            "notes.txt": "not a lesson, not Markdown",
        ])
        try FileManager.default.createDirectory(atPath: "\(root)/theme/assets", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/theme/templates", withIntermediateDirectories: true)
        #expect(mkfifo("\(root)/theme/assets/pipe.css", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/theme/templates/lesson.mustache", withDestinationPath: "/etc/hostname")
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(report.wrote, "\(report.diagnostics)")
        let found = report.diagnostics.map { "\(URL(fileURLWithPath: $0.location?.file ?? "").lastPathComponent): \($0.message)" }
        #expect(found.contains("02-b.en.markdown: '02-b.en.markdown' is not read: lesson files end in .md, not .markdown; rename it"), "\(found)")
        #expect(found.contains("03-c.en.MD: '03-c.en.MD' is not read: lesson files end in .md, not .MD; rename it"))
        #expect(found.contains { $0.hasPrefix("pipe.css: theme asset not copied: this is not a file") })
        #expect(found.contains { $0.hasPrefix("lesson.mustache: this template is a link leading outside the content folder") })
        #expect(!found.contains { $0.hasPrefix("notes.txt") })
    }
}

/// `serve` answers from its built folder only.
@Suite struct PreviewPathTests {
    @Test func pathsThatLeaveTheBuiltFolderAreNotFound() throws {
        let folder = Fixtures.temporaryFolder()
        let site = folder + "/Output"
        Fixtures.write("<p>page</p>", to: "\(site)/c/en/index.html")
        Fixtures.write("secret", to: "\(folder)/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(site)/c/leak.txt", withDestinationPath: "\(folder)/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(site)/c/outside", withDestinationPath: folder)
        #expect(PreviewServer.safePath("/c/en/", under: site)?.hasSuffix("/c/en/index.html") == true)
        for path in ["/c/leak.txt", "/c/outside/secret.txt", "/../secret.txt", "/c/%2e%2e/%2e%2e/secret.txt", "/c/en/%00", "/c\\..\\x"] {
            #expect(PreviewServer.safePath(path, under: site) == nil, "\(path)")
        }
    }
}

/// The early flushes that let the disk write a new output while it is being made.
@Suite struct EarlyWritebackTests {
    /// A flush starts once an interval of bytes is written, never beside another, never after
    /// `finish`; `finish` returns only once the flush under way has ended.
    @Test func aFlushStartsEachIntervalAndFinishWaitsForIt() {
        let events = Mutex<[String]>([]), started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let writeback = EarlyWriteback(folder: "/output") { folder in
            events.withLock { $0.append("flush \(folder)") }
            started.signal()
            release.wait()
            events.withLock { $0.append("flushed") }
            return nil
        }
        writeback.wrote(EarlyWriteback.interval - 1)
        #expect(events.withLock { $0 }.isEmpty)
        writeback.wrote(1)
        started.wait()
        writeback.wrote(3 * EarlyWriteback.interval)   // while the first flush runs: none more
        DispatchQueue.global().async { release.signal() }
        #expect(writeback.finish() == nil)
        events.withLock { $0.append("finished") }
        writeback.wrote(5 * EarlyWriteback.interval)   // after finish: none
        #expect(events.withLock { $0 } == ["flush /output", "flushed", "finished"])
    }

    /// Linux tells a write error to the first syncfs that asks: an early flush's failure is
    /// given by `finish`, and fails the build as the last flush's would.
    @Test func anEarlyFlushsFailureIsGivenByFinish() {
        let writeback = EarlyWriteback(folder: "/output") { _ in "Input/output error" }
        writeback.wrote(EarlyWriteback.interval)
        #expect(writeback.finish() == "Input/output error")
    }
}
