import Foundation

/// Earlier versions of content files, from git, for the commands that compare a source lesson
/// with the version a translation was made from (`coverage`, `translations minor-edit`).
/// Outside a git repository, or where git is missing, there are none.
enum GitHistory {
    /// The file as committed in each of the last `limit` commits that changed it, newest
    /// first. `path` is relative to `folder`.
    static func versions(of path: String, in folder: String, limit: Int = 50) -> [String] {
        guard let log = run(["log", "--format=%H", "-n", String(limit), "--", path], in: folder) else { return [] }
        return String(decoding: log, as: UTF8.self).split(separator: "\n").compactMap { commit in
            run(["show", "\(commit):./\(path)"], in: folder).flatMap { String(data: $0, encoding: .utf8) }
        }
    }

    /// The file as last committed, read in its own folder; nil outside git or when it was never
    /// committed.
    static func lastCommitted(_ file: String) -> String? {
        let url = URL(fileURLWithPath: file)
        return run(["show", "HEAD:./\(url.lastPathComponent)"], in: url.deletingLastPathComponent().path)
            .flatMap { String(data: $0, encoding: .utf8) }
    }

    /// What `git -C folder arguments…` writes, when it succeeds.
    private static func run(_ arguments: [String], in folder: String) -> Data? {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", folder] + arguments
        let output = Pipe()
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        do { try git.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        return git.terminationStatus == 0 ? data : nil
    }
}
