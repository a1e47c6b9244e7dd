import Foundation

/// A small change to an output, made in place: the few files a rebuild wrote into its staging
/// folder are renamed over the old ones, and the files no longer made are removed. An author's
/// save changes a handful of files, and building a whole new tree of hard links for them (then
/// removing the old one) costs more than the rest of the rebuild at a few thousand pages.
///
/// Each rename replaces one whole file in one step, so a reader never sees half a page. New
/// files come first, changed ones next, removals last: at every moment each link of each page
/// leads to a file. A build killed half-way leaves whole old and new pages side by side; the
/// output then no longer matches the build state, so the next build writes a whole new tree
/// and swaps it in. A larger change (or one where a file takes the place of a folder) is
/// written as a whole new tree and swapped in at once, as a clean build is.
public struct InPlaceUpdate {
    /// At most this many files written or removed (or a twentieth of the output, if more).
    public static let smallChange = 64

    let output: String
    /// Written files, new ones first.
    let renames: [String]
    let removals: [String]

    /// Nil when the change is not small, or cannot be made by renaming files.
    init?(_ pass: OutputWriter.Pass, existing: [String], files: [OutputFile], output: String, limit: Int) {
        let made = Set(pass.written + pass.unchanged)
        let removals = existing.filter { !made.contains($0) && !OutputWriter.isMarker($0) }.sorted()
        let changes = pass.written.count + removals.count
        guard limit > 0, changes <= max(limit, files.count / 20) else { return nil }
        var new: [String] = [], replaced: [String] = []
        for path in pass.written.sorted() {
            switch Self.kind(of: "\(output)/\(path)") {
            case nil: new.append(path)
            case S_IFREG: replaced.append(path)
            default: return nil   // a folder or something else where the file goes
            }
            // Every folder above it must be a folder (or not there yet).
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                guard let kind = Self.kind(of: "\(output)/\(folder)") else { continue }
                guard kind == S_IFDIR else { return nil }
            }
        }
        self.output = output
        renames = new + replaced
        self.removals = removals
    }

    /// The folders at the top of the output that the update writes or removes files in.
    var topFolders: Set<String> {
        Set((renames + removals).compactMap { path in path.firstIndex(of: "/").map { String(path[..<$0]) } })
    }

    func apply(from staging: String) throws {
        for path in renames {
            let destination = "\(output)/\(path)"
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            guard rename("\(staging)/\(path)", destination) == 0 else {
                throw OutputWriter.SystemError(message: "\(destination): \(String(cString: strerror(errno)))")
            }
        }
        for path in removals {
            guard unlink("\(output)/\(path)") == 0 || errno == ENOENT else {
                throw OutputWriter.SystemError(message: "\(output)/\(path): \(String(cString: strerror(errno)))")
            }
            // Folders left empty go too, as a clean build would not make them.
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                if rmdir("\(output)/\(folder)") != 0 { break }
            }
        }
    }

    /// `S_IFREG`, `S_IFDIR`… of a path (not following a last symlink); nil when there is nothing.
    private static func kind(of path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }
}
