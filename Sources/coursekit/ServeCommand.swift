import ArgumentParser
import Foundation
import CourseModel
import SiteBuilder
import Preview

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview while you write: build on every save, serve on http://127.0.0.1:8000, reload the page you are reading.")

    @OptionGroup var options: ContentOptions

    @OptionGroup var drafts: DraftOption

    @Option(help: "The port to serve on.")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on: 127.0.0.1 (this computer only), or 0.0.0.0 to preview on a phone over the same Wi-Fi.")
    var host = "127.0.0.1"

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coursekit-serve-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let content = try options.contentRoot()
        let session = PreviewSession(contentRoot: content, selection: drafts.selection(options), folder: folder)
        // Ctrl-C (or a terminal closed): remove the private build, then go.
        let stop = { (_: Int32) in session.stop(); Foundation.exit(0) }
        let signals = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { stop(number) }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        let first = await session.rebuild()
        Self.report(first, after: nil)
        if first.diagnostics.contains(where: \.isUsageError) {
            session.stop()
            throw Terminal.usageStatus
        }
        let shown = host == "0.0.0.0" ? "this computer's address on the network" : host
        // Written at once, not buffered: a script or a test may wait for this line.
        FileHandle.standardOutput.write(Data("Serving \(content) on http://\(shown):\(port)/ — edit and save, the page follows. Ctrl-C stops.\n".utf8))
        let watcher = Task { await session.watch { report, elapsed in Self.report(report, after: elapsed) } }
        defer { watcher.cancel() }
        do throws(PreviewServer.Failure) {
            try await PreviewServer(session: session, host: host, port: port).run()
        } catch {
            session.stop()
            Terminal.printError("error: \(error.description)")
            throw ExitCode.failure
        }
        session.stop()
    }

    /// Each build's problems once, then one line.
    private static func report(_ report: SiteBuild.Report, after elapsed: Duration?) {
        Terminal.print(report.diagnostics)
        let time = elapsed.map { String(format: " in %.2f s", Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) } ?? ""
        if report.diagnostics.hasErrors {
            Terminal.printError("Not rebuilt\(time): \(Terminal.counts(report.diagnostics)); the browser shows them over the last good build.")
        } else if elapsed != nil {
            Terminal.printError("Rebuilt\(time) (\(report.fileCount - report.unchangedFiles) of \(report.fileCount) files changed).")
        }
    }
}
