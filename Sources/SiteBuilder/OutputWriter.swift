import Foundation
import CourseModel
import Synchronization
import CFileSwap

/// Writes a build beside the old output and swaps the two at the end, so that an interrupted
/// or failed build leaves the previous output complete and untouched.
///
/// The new tree is written to `.<name>.coursekit-new-<pid>` in the same parent folder, then
/// exchanged with the old one in one `renameat2(RENAME_EXCHANGE)` call: at no moment is there
/// no output. One build writes at a time (`OutputLock`); leftovers of killed builds are
/// removed by the next run, and only they: a folder is removed only when it has coursekit's
/// staging name and marker, and only under the lock, when no other build can be writing.
public struct OutputWriter: Sendable {
    public let outputPath: String
    /// What to do when another build holds the output's lock.
    public let contention: Contention
    /// How many files a rebuild may write or remove in place (`InPlaceUpdate`) rather than as a
    /// whole new tree; 0 always writes a whole tree.
    public var inPlaceLimit = InPlaceUpdate.smallChange
    /// Marks a folder written by coursekit, so a mistyped `--output ~` is never replaced.
    static let markerName = ".coursekit-output"
    /// Marks a staging folder while it is written.
    static let stagingMarkerName = ".coursekit-staging"

    /// Whether an output-relative path is one of coursekit's markers (not a file of the site).
    static func isMarker(_ path: String) -> Bool { path == markerName || path == stagingMarkerName }

    public enum Contention: Sendable {
        /// Wait for the other build; `waiting` hears its process id first (to say so).
        case wait(waiting: @Sendable (Int32?) -> Void)
        /// Give up at once.
        case fail
    }

    public init(outputPath: String, contention: Contention = .wait(waiting: { _ in })) {
        var path = outputPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.outputPath = path
        self.contention = contention
    }

    public enum WriteError: Error, CustomStringConvertible {
        case notOurs(String)
        case busy(String, holder: Int32?)
        case io(String)

        public var description: String {
            switch self {
            case .notOurs(let path):
                "\(path) exists and was not written by coursekit; choose another --output or empty it first"
            case .busy(let path, let holder):
                "another coursekit build (\(holder.map { "process \($0)" } ?? "a process") is writing \(path); try again when it has finished"
            case .io(let message): message
            }
        }
    }

    // URL rather than NSString path functions: those crash on Linux for a one-letter relative path.
    private var parent: String { URL(fileURLWithPath: outputPath).deletingLastPathComponent().path }
    private var name: String { URL(fileURLWithPath: outputPath).lastPathComponent }
    private var temporaryPrefix: String { ".\(name).coursekit-" }

    /// Removes killed builds' leftovers when no build is writing (a build that finds nothing to
    /// do still tidies up); does nothing while another build holds the lock.
    public func tidy() {
        guard let lock = try? OutputLock(output: outputPath, contention: .fail) else { return }
        defer { lock.release() }
        removeLeftovers()
    }

    /// The previous build's output, as its build state describes it: files may be taken from
    /// it instead of written again, if it is still exactly as that build left it.
    public struct Previous: Sendable {
        /// The hash of the output's metadata when that build ended (`Snapshot.output`).
        var output: String
        /// Output path → the fingerprint of the file that build wrote there.
        var fingerprints: [String: String]
    }

    /// What a write did.
    public struct Written: Sendable {
        /// The hash of the new output's metadata, taken under the lock (no other build can
        /// have swapped in between), for the build state.
        public var output: String
        /// The fingerprint of every file written with one, by path, for the next build.
        public var fingerprints: [String: String]
        /// Files in the new output.
        public var files: Int
        /// Of those, files taken from the previous output as they were (neither made nor written).
        public var unchanged: Int
    }

    /// Writes and swaps. With `previous`, a file whose fingerprint is the one the previous
    /// build wrote, or whose bytes are those already there, is hard-linked from the previous
    /// output instead of written (copied where the disk has no hard links, as on FAT): a
    /// rebuild writes only what changed, and the swap stays one atomic step.
    @discardableResult
    public func write(_ files: [OutputFile], previous: Previous? = nil) throws(WriteError) -> Written {
        let fileManager = FileManager.default
        // `--output dist/site` where dist/ is not there yet: made, as `mkdir -p` would.
        do {
            try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot make the folder \(parent) for the output: \(error.localizedDescription)")
        }
        let lock: OutputLock
        do throws(OutputLock.Failure) {
            switch contention {
            case .wait(let waiting): lock = try OutputLock(output: outputPath, contention: .wait(waiting: waiting))
            case .fail: lock = try OutputLock(output: outputPath, contention: .fail)
            }
        } catch {
            switch error {
            case .busy(let holder): throw .busy(outputPath, holder: holder)
            case .io(let message): throw .io(message)
            }
        }
        defer { lock.release() }
        removeLeftovers()
        try checkReplaceable()
        // Under the lock: no other build can change the output between this look and the swap.
        let before = previous.map { _ in Snapshot.output(outputPath) }
        let reusable = previous.flatMap { previous in
            before?.hash == previous.output ? Reuse(folder: outputPath, fingerprints: previous.fingerprints, files: before?.files ?? []) : nil
        }
        let staging = "\(parent)/\(temporaryPrefix)new-\(ProcessInfo.processInfo.processIdentifier)"
        let pass: Pass
        var updatedInPlace: InPlaceUpdate?, applying = false
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try Self.writeBytes(Data("coursekit staging folder of process \(getpid())\n".utf8), to: "\(staging)/\(Self.stagingMarkerName)")
            // The early flushes end before anything else happens to the folder, written or not.
            let writeback = EarlyWriteback(folder: staging)
            let written = Result { try Self.writeChanged(files, under: staging, reusing: reusable, writeback: writeback) }
            let flushFailure = writeback.finish()
            pass = try written.get()
            if let flushFailure { throw SystemError(message: "cannot flush \(staging) to disk: \(flushFailure)") }
            if let reusable, let update = InPlaceUpdate(pass, existing: reusable.files, files: files, output: outputPath, limit: inPlaceLimit) {
                try Self.flushToDisk(staging)
                applying = true
                try update.apply(from: staging)
                Self.removeOurFolder(staging)
                updatedInPlace = update
            } else {
                try Self.complete(staging, with: pass.unchanged, from: reusable)
                try Self.writeBytes(Data("coursekit build output\n".utf8), to: "\(staging)/\(Self.markerName)")
                try fileManager.removeItem(atPath: "\(staging)/\(Self.stagingMarkerName)")
                try Self.flushToDisk(staging)
            }
        } catch {
            Self.removeOurFolder(staging)
            // Half an update in place leaves whole old and new files; the next build, finding the
            // output unlike its state, writes a whole new tree.
            throw .io("cannot \(applying ? "update \(outputPath)" : "write the new output in \(staging)"): \(error.localizedDescription)")
        }
        if updatedInPlace == nil { try swapIntoPlace(staging) }
        var fingerprints: [String: String] = [:]
        for file in files where !pass.absent.contains(file.path) {
            if let fingerprint = file.fingerprint { fingerprints[file.path] = fingerprint }
        }
        // After a change in place, only the folders it touched are looked at again.
        let after = if let updatedInPlace, let before {
            Snapshot.output(outputPath, after: before, changedBelow: updatedInPlace.topFolders)
        } else {
            Snapshot.output(outputPath)
        }
        return Written(output: after.hash, fingerprints: fingerprints,
                       files: pass.written.count + pass.unchanged.count, unchanged: pass.unchanged.count)
    }

    /// The previous output, when files may be taken from it.
    struct Reuse: Sendable {
        let folder: String
        let fingerprints: [String: String]
        /// Every file in it (not folders), output-relative.
        let files: [String]

        /// Whether the previous output's file at the same path is the file `file` would make:
        /// same fingerprint, or (`bytes`, once made) the same bytes.
        func holds(_ file: OutputFile, bytes: Data? = nil) -> Bool {
            guard let bytes else { return file.fingerprint != nil && fingerprints[file.path] == file.fingerprint }
            let old = "\(folder)/\(file.path)"
            var status = stat()
            return stat(old, &status) == 0 && Int(status.st_size) == bytes.count && FileManager.default.contents(atPath: old) == bytes
        }

        /// Whether the previous output's file at the same path has the bytes of the content file
        /// `source` (a media file, compared a piece at a time: videos are big).
        func holds(_ file: OutputFile, sameAs source: String) -> Bool {
            let old = "\(folder)/\(file.path)"
            var sourceStatus = stat(), oldStatus = stat()
            guard stat(source, &sourceStatus) == 0, stat(old, &oldStatus) == 0, sourceStatus.st_size == oldStatus.st_size,
                  let one = FileHandle(forReadingAtPath: source), let other = FileHandle(forReadingAtPath: old) else { return false }
            defer { try? one.close(); try? other.close() }
            while true {
                let piece = one.readData(ofLength: 1 << 20)
                guard piece == other.readData(ofLength: 1 << 20) else { return false }
                if piece.isEmpty { return true }
            }
        }
    }

    /// What the first pass over the files found.
    struct Pass: Sendable {
        /// Files it wrote into the staging folder: new, or changed since the previous output.
        var written: [String] = []
        /// Files the previous output holds as they are.
        var unchanged: [String] = []
        /// Deferred files that came to nothing (a `.gz` no smaller).
        var absent: Set<String> = []
        /// The size and hash of files written from bytes, taken while the bytes were at hand
        /// (only when a summary will ask for them).
        var measured: [String: FileFacts] = [:]
    }

    /// Writes the files that are new or changed into `root`, on every core: a deferred file (a
    /// page) is rendered by the thread that writes it, and its bytes are let go at once. A file
    /// the previous output holds as it is (its fingerprint, else its bytes) is only listed.
    static func writeChanged(_ files: [OutputFile], under root: String, reusing previous: Reuse?,
                             writeback: EarlyWriteback? = nil) throws -> Pass {
        let summaries = files.filter(\.isSummary)
        // A file written from bytes is hashed on its writer's thread, with its bytes still in
        // memory; reading the whole new tree back after it was written was a tenth of a clean
        // build's wall time, on one core at the end.
        var pass = try writeEach(files.filter { !$0.isSummary }, under: root, reusing: previous, measuring: !summaries.isEmpty,
                                 writeback: writeback)
        guard !summaries.isEmpty else { return pass }
        // Every other file is in place now: in `root` when written, in the previous output when
        // unchanged. Each is read and hashed at most once, whatever the summaries that name it.
        let facts = WrittenFacts(root: root, written: Set(pass.written), previous: previous?.folder, measured: pass.measured)
        let made = summaries.map { file -> OutputFile in
            guard case .summary(let summary) = file.content else { return file }
            return .deferred(file.path, fingerprint: file.fingerprint) { summary.make(facts.of) }
        }
        let more = try writeEach(made, under: root, reusing: previous, measuring: false, writeback: writeback)
        pass.written += more.written
        pass.unchanged += more.unchanged
        return pass
    }

    /// The size and hash of each file of the output being written, read once.
    private final class WrittenFacts: Sendable {
        let root: String
        let written: Set<String>
        let previous: String?
        private let known = Mutex<[String: FileFacts?]>([:])

        init(root: String, written: Set<String>, previous: String?, measured: [String: FileFacts]) {
            self.root = root
            self.written = written
            self.previous = previous
            known.withLock { known in for (path, facts) in measured { known[path] = facts } }
        }

        func of(_ path: String) -> FileFacts? {
            if let found = known.withLock({ $0[path] }) { return found }
            let folder = written.contains(path) ? root : previous
            let found = folder.flatMap { folder in FileVersion.sizeAndVersion(ofFileAt: "\(folder)/\(path)") }
                .map { FileFacts(size: $0.size, version: $0.version) }
            known.withLock { $0[path] = found }
            return found
        }
    }

    private static func writeEach(_ files: [OutputFile], under root: String, reusing previous: Reuse?, measuring: Bool,
                                  writeback: EarlyWriteback?) throws -> Pass {
        let pass = Mutex(Pass())
        let folders = Mutex<Set<String>>([root])
        let failure = Mutex<(any Error)?>(nil)
        // One folder's files on one thread: two threads creating files in one folder wait for
        // each other on the folder's lock in the kernel.
        let runs = sameFolderRuns(files.map(\.path))
        DispatchQueue.concurrentPerform(iterations: runs.count) { run in
            for index in runs[run] {
                guard failure.withLock({ $0 == nil }) else { return }
                let file = files[index]
                do {
                    switch try writeFile(file, under: root, reusing: previous, folders: folders, measuring: measuring, writeback: writeback) {
                    case .unchanged: pass.withLock { $0.unchanged.append(file.path) }
                    case .written(let facts):
                        pass.withLock { pass in
                            pass.written.append(file.path)
                            if let facts { pass.measured[file.path] = facts }
                        }
                    case .none: pass.withLock { _ = $0.absent.insert(file.path) }
                    }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return pass.withLock { $0 }
    }

    /// Makes `root` a whole output: the files unchanged since the previous output are
    /// hard-linked from it (copied where the disk has no hard links, as on FAT), on every core.
    static func complete(_ root: String, with unchanged: [String], from previous: Reuse?) throws {
        guard let previous, !unchanged.isEmpty else { return }
        let folders = Mutex<Set<String>>([root])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: unchanged.count) { index in
            let destination = "\(root)/\(unchanged[index])", old = "\(previous.folder)/\(unchanged[index])"
            do {
                try makeFolder(of: destination, folders: folders)
                if link(old, destination) != 0 { try FileManager.default.copyItem(atPath: old, toPath: destination) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Index ranges of consecutive paths in the same folder.
    static func sameFolderRuns(_ paths: [String]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        func folder(_ path: String) -> Substring { path[..<(path.lastIndex(of: "/") ?? path.startIndex)] }
        for index in paths.indices.dropFirst() where folder(paths[index]) != folder(paths[start]) {
            runs.append(start..<index)
            start = index
        }
        if !paths.isEmpty { runs.append(start..<paths.count) }
        return runs
    }

    /// Creates the folder a file goes in, once per folder whatever the threads: with one
    /// mkdir(2) when its parent exists, as it mostly does (Foundation's looks at every
    /// folder of the path first).
    private static func makeFolder(of destination: String, folders: borrowing Mutex<Set<String>>) throws {
        let folder = String(destination[..<(destination.lastIndex(of: "/") ?? destination.startIndex)])
        guard !folders.withLock({ $0.contains(folder) }) else { return }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        folders.withLock { _ = $0.insert(folder) }
    }

    /// Writes every file into `root` (a package's folder: there is no previous output).
    static func writeAll(_ files: [OutputFile], under root: String) throws {
        _ = try writeChanged(files, under: root, reusing: nil)
    }

    enum FileOutcome {
        /// The previous output holds it as it is.
        case unchanged
        /// Written; with its size and hash when they were asked for and its bytes were at hand.
        case written(FileFacts?)
        /// A deferred file that came to nothing.
        case none
    }

    /// Writes one file, unless the previous output holds it as it is.
    private static func writeFile(_ file: OutputFile, under root: String, reusing previous: Reuse?,
                                  folders: borrowing Mutex<Set<String>>, measuring: Bool, writeback: EarlyWriteback?) throws -> FileOutcome {
        if previous?.holds(file) == true { return .unchanged }
        let destination = "\(root)/\(file.path)"
        let bytes: Data?
        switch file.content {
        case .data(let data): bytes = data
        case .copy(let source):
            if previous?.holds(file, sameAs: source) == true { return .unchanged }
            try makeFolder(of: destination, folders: folders)
            try FileManager.default.copyItem(atPath: source, toPath: destination)
            return .written(nil)   // a media file: read back only if a summary names it
        case .deferred(let deferred): bytes = deferred.make()
        case .summary(let summary): bytes = summary.make { _ in nil }   // `writeChanged` makes them with sizes
        }
        guard let bytes else { return .none }
        if previous?.holds(file, bytes: bytes) == true { return .unchanged }
        try makeFolder(of: destination, folders: folders)
        try writeBytes(bytes, to: destination)
        writeback?.wrote(bytes.count)
        return .written(measuring ? FileFacts(size: bytes.count, version: FileVersion.of(bytes)) : nil)
    }

    struct SystemError: Error, LocalizedError {
        let message: String
        var errorDescription: String? { message }
    }

    /// Writes a new file with plain system calls. Foundation's `Data.write` syncs every file to
    /// disk, one after the other; the build syncs the whole new tree once, before the swap.
    static func writeBytes(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try writeBytes($0, to: path) }
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try writeBytes($0, to: path) }
    }

    private static func writeBytes(_ buffer: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemError(message: "\(path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(descriptor) }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError(message: "\(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Puts everything written under `folder` on the disk before the swap, so a power cut
    /// (common where a Raspberry Pi serves a camp) cannot leave a swapped-in site of empty files.
    static func flushToDisk(_ folder: String) throws {
        guard coursekit_sync_filesystem(folder) == 0 else {
            throw SystemError(message: "cannot flush \(folder) to disk: \(String(cString: strerror(errno)))")
        }
    }

    private func swapIntoPlace(_ staging: String) throws(WriteError) {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: outputPath) else {
            guard rename(staging, outputPath) == 0 else { throw .io("cannot move the new output to \(outputPath): \(String(cString: strerror(errno)))") }
            return
        }
        if coursekit_exchange_paths(staging, outputPath) == 0 {
            Self.removeOurFolder(staging)   // now holds the previous output
            return
        }
        // A filesystem without RENAME_EXCHANGE: two renames, with a short window between them.
        let old = "\(parent)/\(temporaryPrefix)old-\(ProcessInfo.processInfo.processIdentifier)"
        guard rename(outputPath, old) == 0 else { throw .io("cannot move the old output aside: \(String(cString: strerror(errno)))") }
        guard rename(staging, outputPath) == 0 else {
            _ = rename(old, outputPath)
            throw .io("cannot move the new output to \(outputPath): \(String(cString: strerror(errno)))")
        }
        Self.removeOurFolder(old)
    }

    /// An existing output may be replaced when coursekit wrote it, when it is empty, or when
    /// it holds only the README that coursekit writes (as in a fresh clone of a project that
    /// commits `Output/README.md`). Any other README is the user's: the folder is refused.
    private func checkReplaceable() throws(WriteError) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: outputPath, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notOurs(outputPath) }
        let entries = (try? fileManager.contentsOfDirectory(atPath: outputPath)) ?? []
        if entries.contains(Self.markerName) || entries.isEmpty { return }
        if entries == ["README.md"], fileManager.contents(atPath: "\(outputPath)/README.md") == Data(OutputReadme.text.utf8) { return }
        throw .notOurs(outputPath)
    }

    /// Removes what killed builds left beside the output: `.<name>.coursekit-new-<pid>` and
    /// `-old-<pid>` folders that hold coursekit's staging or output marker (or nothing). Nothing
    /// else, whatever its name. Runs under the output's lock, so no live build's folder is there.
    public func removeLeftovers() {
        let fileManager = FileManager.default
        // Asked once: each asking makes a URL, which looks at the disk (an output in a folder
        // of 40,000 entries, like a busy /tmp, took 40,000 stats for a build with nothing to do).
        let (parent, prefix) = (parent, temporaryPrefix)
        for entry in (try? fileManager.contentsOfDirectory(atPath: parent)) ?? [] {
            // Under the lock no other build is writing: a staging folder here is a killed build's.
            // (Its process id is not asked after: ids are reused, and a live stranger would keep
            // the leftover forever.)
            guard Self.isStagingName(entry, prefix: prefix) else { continue }
            let path = "\(parent)/\(entry)"
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            // Empty: a build killed between creating its folder and marking it (nothing to lose).
            let isEmpty = (try? fileManager.contentsOfDirectory(atPath: path))?.isEmpty == true
            guard isEmpty || fileManager.fileExists(atPath: "\(path)/\(Self.stagingMarkerName)")
                    || fileManager.fileExists(atPath: "\(path)/\(Self.markerName)") else { continue }
            Self.removeOurFolder(path)
        }
    }

    /// Removes a folder coursekit wrote, its markers last: a build killed half-way through
    /// leaves a folder that still says it is ours, so the next build can finish the job (one
    /// killed while deleting the previous output once left a folder no cleanup would touch).
    static func removeOurFolder(_ path: String) {
        let fileManager = FileManager.default
        let markers: Set<String> = [markerName, stagingMarkerName]
        let entries = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
        for entry in entries where !markers.contains(entry) { try? fileManager.removeItem(atPath: "\(path)/\(entry)") }
        for entry in entries where markers.contains(entry) { try? fileManager.removeItem(atPath: "\(path)/\(entry)") }
        try? fileManager.removeItem(atPath: path)
    }

    /// `.<name>.coursekit-new-<pid>` or `-old-<pid>`: the names staging folders have.
    static func isStagingName(_ entry: String, prefix: String) -> Bool {
        ["new-", "old-"].contains { entry.hasPrefix(prefix + $0) && Int32(entry.dropFirst(prefix.count + $0.count)) != nil }
    }

}
