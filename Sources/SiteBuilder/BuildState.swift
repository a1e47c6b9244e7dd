import Foundation
import Crypto
import CourseModel
import Translation
import CourseLoader

/// What the last successful build saw, kept beside its output in
/// `.<output>.coursekit-cache/state`, so a build with nothing changed writes nothing and
/// ends at once (an author's build-on-save, a partner's cron job).
///
/// "Nothing changed" is judged on file metadata, as git's index and ninja do: the path, size,
/// modification and change times and inode of every content file (hidden files aside, as the
/// loader skips them), of every output file, of coursekit's own executable and resource
/// bundles, plus the build options. The change time (ctime) cannot be set back by `touch`,
/// `cp -p` or `rsync -t`, so a file whose bytes changed always looks changed. A file changed
/// within `racyWindow` before the snapshot is "racy" — its next change could keep the same
/// times, as on a FAT-formatted USB stick, which keeps times to 2 seconds —: no state is kept
/// then, and the next build runs in full. A missing, corrupt or foreign state file only means
/// a full build.
struct BuildState: Sendable, Equatable {
    static let formatVersion = 4

    var version: Int
    /// SHA-256 of the inputs' metadata (see `Snapshot`); nil when a file was too recent to
    /// trust its times ("racy"), so that the next build runs whatever they say.
    var inputs: String?
    /// SHA-256 of coursekit's own files' metadata and the build options: the fingerprints
    /// below hold only while these stay the same.
    var tool: String
    /// SHA-256 of the output's metadata, as written.
    var output: String
    /// The fingerprint of each file written with one (`Fingerprint`), by output path: the
    /// next build takes a file with the same fingerprint from this output as it is.
    var fingerprints: [String: String]
    /// The last build's report, given again when nothing changed.
    var diagnostics: [StoredDiagnostic]
    /// The problems found in each course's lessons, by course id, with the fingerprint of what
    /// they were found in: a course whose lessons did not change is not checked again.
    var lessonChecks: [String: CourseChecks] = [:]
    var courseCount: Int
    var localeCount: Int
    var pageCount: Int
    var fileCount: Int

    struct CourseChecks: Sendable, Equatable {
        var key: String
        var diagnostics: [StoredDiagnostic]
    }

    struct StoredDiagnostic: Sendable, Equatable {
        var severity: String
        var message: String
        var file: String?
        var line: Int
        var column: Int

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
            file = diagnostic.location?.file
            line = diagnostic.location?.line ?? 0
            column = diagnostic.location?.column ?? 0
        }

        var diagnostic: Diagnostic {
            Diagnostic(Diagnostic.Severity(rawValue: severity) ?? .warning, message,
                       at: file.map { SourceLocation(file: $0, line: line, column: column) })
        }
    }

    /// `.<name>.coursekit-cache` beside the output: never inside it (it would be copied to USB
    /// sticks and camp servers with the site), and not a name the leftover cleanup removes.
    static func folder(forOutput outputPath: String) -> String {
        let url = URL(fileURLWithPath: outputPath)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).coursekit-cache").path
    }

    enum Stored {
        case none
        case state(BuildState)
        /// Unreadable, or written by another version of coursekit: ignored.
        case unusable(path: String)
    }

    static let fileName = "state"
    /// The first bytes of the file: what it is, and the layout of what follows.
    static let magic = Array("coursekit build state \(formatVersion)\n".utf8)

    static func read(forOutput outputPath: String) -> Stored {
        let path = folder(forOutput: outputPath) + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        let state = decode(data, magic: magic) { (reader: inout BinaryReader) throws(BinaryReader.Damaged) in
            try BuildState(reading: &reader)
        }
        return state.map { .state($0) } ?? .unusable(path: path)
    }

    func write(forOutput outputPath: String) {
        var writer = BinaryWriter(header: Self.magic, capacity: 128 * fingerprints.count)
        write(to: &writer)
        Self.writeFile(Self.fileName, of: writer, forOutput: outputPath)
    }

    /// Each lesson's translation figures, with what they were measured from (`KeptLessons`),
    /// kept in a file of their own beside the state: a build with nothing to do does not read
    /// them. Written by `tool` and read only by it; a file that cannot be read is ignored (each
    /// figure is checked against its lesson's files before it is used).
    static let keptLessonsFileName = "coverage"
    private static let keptLessonsMagic = Array("coursekit lesson coverage 1\n".utf8)

    static func readKeptLessons(forOutput outputPath: String, tool: String) -> KeptLessons? {
        guard let data = FileManager.default.contents(atPath: folder(forOutput: outputPath) + "/" + keptLessonsFileName) else { return nil }
        return decode(data, magic: keptLessonsMagic) { (reader: inout BinaryReader) throws(BinaryReader.Damaged) -> KeptLessons? in
            try reader.string() == tool ? try reader.keptLessons() : nil
        } ?? nil
    }

    static func writeKeptLessons(_ kept: KeptLessons, forOutput outputPath: String, tool: String) {
        // Sized for what a lesson's figures usually take: at 3,000 lessons, copies of a
        // megabyte at the end of a build raised its peak memory.
        var writer = BinaryWriter(header: keptLessonsMagic, capacity: 512 * kept.lessons.count)
        writer.string(tool)
        writer.keptLessons(kept)
        writeFile(keptLessonsFileName, of: writer, forOutput: outputPath)
    }

    /// What a file's bytes hold after `magic`, read whole by `body`; nil when they are another
    /// kind of file's, damaged, or have bytes left over.
    private static func decode<T>(_ data: Data, magic: [UInt8],
                                  _ body: (inout BinaryReader) throws(BinaryReader.Damaged) -> T) -> T? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> T? in
            guard bytes.starts(with: magic) else { return nil }
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[magic.count...]))
            guard let value = try? body(&reader), reader.isAtEnd else { return nil }
            return value
        }
    }

    /// Writes `writer`'s bytes (their header first) as `name` in the cache folder, through a
    /// temporary file and a rename, so a reader never sees half of it. Best effort: a file not
    /// written only means the next build does more.
    private static func writeFile(_ name: String, of writer: BinaryWriter, forOutput outputPath: String) {
        let folder = Self.folder(forOutput: outputPath)
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        let temporary = "\(folder)/\(name).\(getpid())"
        guard (try? OutputWriter.writeBytes(writer.bytes, to: temporary)) != nil else { return }
        if rename(temporary, "\(folder)/\(name)") != 0 { unlink(temporary) }
    }

    // Field by field, in this order (`BinaryWriter`): the state is read by every build, and
    // JSON took 80 ms of a rebuild at 4,500 pages.
    private func write(to writer: inout BinaryWriter) {
        writer.optional(inputs) { $0.string($1) }
        writer.string(tool)
        writer.string(output)
        writer.array(fingerprints.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value)
        }
        writer.array(diagnostics) { $1.write(to: &$0) }
        writer.array(lessonChecks.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.string(entry.value.key)
            writer.array(entry.value.diagnostics) { $1.write(to: &$0) }
        }
        for count in [courseCount, localeCount, pageCount, fileCount] { writer.int(count) }
    }

}


extension BuildState {
    fileprivate init(reading reader: inout BinaryReader) throws(BinaryReader.Damaged) {
        version = Self.formatVersion
        inputs = try reader.optional { (reader: inout BinaryReader) throws(BinaryReader.Damaged) in try reader.string() }
        tool = try reader.string()
        output = try reader.string()
        fingerprints = [:]
        for _ in 0..<(try reader.count()) { fingerprints[try reader.string()] = try reader.string() }
        diagnostics = try reader.array { (reader: inout BinaryReader) throws(BinaryReader.Damaged) in try StoredDiagnostic(reading: &reader) }
        lessonChecks = [:]
        for _ in 0..<(try reader.count()) {
            let course = try reader.string()
            lessonChecks[course] = CourseChecks(key: try reader.string(),
                                                diagnostics: try reader.array { (reader: inout BinaryReader) throws(BinaryReader.Damaged) in
                                                    try StoredDiagnostic(reading: &reader)
                                                })
        }
        courseCount = try reader.int()
        localeCount = try reader.int()
        pageCount = try reader.int()
        fileCount = try reader.int()
    }
}

extension BuildState.StoredDiagnostic {
    func write(to writer: inout BinaryWriter) {
        writer.string(severity)
        writer.string(message)
        writer.optional(file) { $0.string($1) }
        writer.int(line)
        writer.int(column)
    }

    init(reading reader: inout BinaryReader) throws(BinaryReader.Damaged) {
        severity = try reader.string()
        message = try reader.string()
        file = try reader.optional { (reader: inout BinaryReader) throws(BinaryReader.Damaged) in try reader.string() }
        line = try reader.int()
        column = try reader.int()
    }
}

/// The metadata of a set of files, hashed.
struct Snapshot {
    /// Each entry is hashed as it is met — its label, then its metadata as numbers — rather
    /// than written out as a line of text: a rebuild looks at some 14,000 entries.
    private var hasher = ChunkedSHA256()
    /// Whether a file changed so recently that its next change might keep the same times.
    private(set) var isRacy = false
    /// The files (not folders) met by `addTree`, relative to its root, when asked to keep them.
    private(set) var files: [String] = []
    /// What `addTree` found below each folder at the top, by name: a later snapshot of the same
    /// tree may take them again for the folders it knows to be unchanged (`output(_:after:changedBelow:)`).
    private(set) var parts: [String: Part] = [:]

    struct Part: Sendable {
        var hash: String
        var files: [String]
        var isRacy: Bool
    }
    private let takenAt: TimeInterval
    /// Longer than the coarsest file times met (FAT: 2 s).
    static let racyWindow: TimeInterval = 2.5

    init(takenAt: TimeInterval = Date().timeIntervalSince1970) {
        self.takenAt = takenAt
    }

    mutating func add(_ line: String) { addLabel(line, kind: 0) }

    private mutating func addLabel(_ label: String, kind: UInt8) {
        hasher.append(label)
        hasher.append(UInt8(0))
        hasher.append(kind)
    }

    /// Every file below `root` (hidden names skipped when `skipHidden`), with its metadata;
    /// with `listingFiles`, their root-relative paths are kept in `files`. Symlinked folders
    /// are followed, as the loader follows them, each real folder once within each folder at
    /// the top (told by device and inode). Read with readdir and fstatat in each folder:
    /// thousands of files are looked at by every build, twice or three times, so the folders
    /// at the top are walked on every core, each into a snapshot of its own whose hash is added
    /// in its place.
    ///
    /// `reusing` gives what an earlier snapshot of the same tree found below folders at the top
    /// that have not changed since: they are not walked again.
    mutating func addTree(_ root: String, label: String, skipHidden: Bool, listingFiles: Bool = false,
                          reusing earlier: [String: Part] = [:]) {
        var status = stat()
        guard stat(root, &status) == 0, let top = Self.entries(of: root, skipHidden: skipHidden) else { return }
        let rootIdentity = [UInt64(status.st_dev), UInt64(status.st_ino)]
        let takenAt = takenAt
        let parts = [Part?].concurrentlyMade(count: top.count) { index in
            guard let status = top[index].status, status.st_mode & S_IFMT == S_IFDIR else { return nil }
            let name = top[index].name
            if let part = earlier[name] { return part }
            var part = Snapshot(takenAt: takenAt)
            var visited: Set<[UInt64]> = [rootIdentity]
            part.walk("\(root)/\(name)", "\(label)/\(name)", name, [UInt64(status.st_dev), UInt64(status.st_ino)],
                      visited: &visited, skipHidden: skipHidden, listingFiles: listingFiles)
            return Part(hash: part.hash, files: part.files, isRacy: part.isRacy)
        }
        for (index, (name, status)) in top.enumerated() {
            let childLabel = "\(label)/\(name)"
            guard let status else {
                addLabel(childLabel, kind: 1)
                continue
            }
            add(status, label: childLabel)
            if let part = parts[index] {
                addLabel(part.hash, kind: 3)
                files += part.files
                isRacy = isRacy || part.isRacy
                self.parts[name] = part
            } else if listingFiles && status.st_mode & S_IFMT != S_IFDIR {
                files.append(name)
            }
        }
    }

    private mutating func walk(_ folder: String, _ folderLabel: String, _ relative: String, _ identity: [UInt64],
                               visited: inout Set<[UInt64]>, skipHidden: Bool, listingFiles: Bool) {
        guard visited.insert(identity).inserted, let entries = Self.entries(of: folder, skipHidden: skipHidden) else { return }
        for (name, status) in entries {
            let childLabel = "\(folderLabel)/\(name)"
            let childRelative = relative.isEmpty ? name : "\(relative)/\(name)"
            guard let status else {
                addLabel(childLabel, kind: 1)
                continue
            }
            add(status, label: childLabel)
            if status.st_mode & S_IFMT == S_IFDIR {
                walk("\(folder)/\(name)", childLabel, childRelative, [UInt64(status.st_dev), UInt64(status.st_ino)],
                     visited: &visited, skipHidden: skipHidden, listingFiles: listingFiles)
            } else if listingFiles {
                files.append(childRelative)
            }
        }
    }

    /// A folder's entries, sorted by name, with their metadata (following symlinks; nil when
    /// it cannot be had); nil when the folder cannot be read.
    private static func entries(of folder: String, skipHidden: Bool) -> [(name: String, status: stat?)]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var entries: [(name: String, status: stat?)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || (skipHidden && name.hasPrefix(".")) { continue }
            var status = stat()
            entries.append((name, fstatat(dirfd(directory), name, &status, 0) == 0 ? status : nil))
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return entries
    }

    /// Adds one file's metadata (following symlinks); returns it, nil when missing.
    @discardableResult
    mutating func addFile(_ path: String, label: String) -> stat? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            addLabel(label, kind: 1)
            return nil
        }
        add(status, label: label)
        return status
    }

    private mutating func add(_ status: stat, label: String) {
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        let changed = Double(status.st_ctim.tv_sec) + Double(status.st_ctim.tv_nsec) / 1e9
        if max(modified, changed) > takenAt - Self.racyWindow { isRacy = true }
        addLabel(label, kind: 2)
        for number in [Int64(status.st_mode), Int64(status.st_size), Int64(bitPattern: UInt64(status.st_ino)),
                       Int64(status.st_mtim.tv_sec), Int64(status.st_mtim.tv_nsec), Int64(status.st_ctim.tv_sec), Int64(status.st_ctim.tv_nsec)] {
            hasher.append(number)
        }
    }

    var hash: String { hasher.hex }

    /// coursekit itself and the options: `tool()` with the options added.
    static func tool(options: String) -> Snapshot {
        var snapshot = tool()
        snapshot.add("options \(options)")
        return snapshot
    }

    /// coursekit itself: its executable and the resource bundles beside it (theme, interface
    /// strings). Its hash names the coursekit a lesson pack belongs to.
    static func tool() -> Snapshot {
        var snapshot = Snapshot()
        snapshot.add("coursekit build state \(BuildState.formatVersion)")
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        snapshot.addFile(executable.path, label: "executable")
        let tools = executable.deletingLastPathComponent().path
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: tools)) ?? []).sorted() where name.hasSuffix(".resources") {
            snapshot.addTree("\(tools)/\(name)", label: "resources/\(name)", skipHidden: false)
        }
        return snapshot
    }

    /// Everything a build reads: coursekit and the options (`tool`, taken here unless given),
    /// and the content tree.
    static func inputs(contentRoot: String, options: String, tool: Snapshot? = nil) -> Snapshot {
        var snapshot = tool ?? Self.tool(options: options)
        snapshot.addFile(contentRoot, label: "content")
        snapshot.addTree(contentRoot, label: "content", skipHidden: true)
        return snapshot
    }

    /// The output as it stands: a file added, removed or changed there means a full build.
    /// Its files are listed in `files`.
    static func output(_ outputPath: String) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.addTree(outputPath, label: "output", skipHidden: false, listingFiles: true)
        return snapshot
    }

    /// The output after a change made in place below the folders at the top named in
    /// `changedBelow` (and beside them): those are walked again, the others taken from
    /// `earlier`, the snapshot taken before the change. The same hash as `output(_:)`, for a
    /// fraction of the files looked at (one course's folder after an author's edit).
    static func output(_ outputPath: String, after earlier: Snapshot, changedBelow: Set<String>) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.addTree(outputPath, label: "output", skipHidden: false, listingFiles: true,
                         reusing: earlier.parts.filter { !changedBelow.contains($0.key) })
        return snapshot
    }
}
