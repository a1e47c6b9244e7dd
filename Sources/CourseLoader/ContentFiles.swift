import Foundation
import CourseModel

/// Reads files under the content root, and only there: a path that leaves the root, or a
/// symlink that points out of it, is refused, so a course cannot make the build read
/// `/etc/passwd` or a partner's private files.
public struct ContentFiles: Sendable {
    /// The root as the user wrote it (`Content`), used in diagnostics.
    public let displayRoot: String
    /// The root with symlinks resolved, used for the containment check.
    private let realRoot: String

    public init(root: String) {
        displayRoot = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        realRoot = Self.realPath(root.isEmpty ? "." : root) ?? URL(fileURLWithPath: root).standardizedFileURL.path
    }

    /// The path with every symlink, `.` and `..` resolved by the system (realpath(3)); nil when
    /// it does not exist. Foundation's resolvingSymlinksInPath leaves some links unresolved.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `Content/data-basics/course.yaml` for `data-basics/course.yaml`.
    public func displayPath(_ relative: String) -> String {
        if relative.isEmpty { return displayRoot }
        return displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
    }

    public func location(_ relative: String, line: Int = 0, column: Int = 0) -> SourceLocation {
        SourceLocation(file: displayPath(relative), line: line, column: column)
    }

    /// Absolute path of a content-relative path, or nil when it resolves outside the root.
    public func absolutePath(_ relative: String) -> String? {
        let joined = relative.isEmpty ? realRoot : "\(realRoot)/\(relative)"
        guard let resolved = Self.realPath(joined), resolved == realRoot || resolved.hasPrefix(realRoot + "/") else { return nil }
        return resolved
    }

    public func exists(_ relative: String) -> Bool {
        guard let path = absolutePath(relative) else { return false }
        return FileManager.default.fileExists(atPath: path)
    }

    public func isDirectory(_ relative: String) -> Bool {
        guard let path = absolutePath(relative) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Names in a folder, sorted by byte order so every machine sees the same order.
    public func list(_ relative: String) -> [String] { listAll(relative) }

    /// Whether a path is a regular file (not a folder, a FIFO, a socket or a device: opening a
    /// FIFO would wait forever for a writer).
    public func isRegularFile(_ relative: String) -> Bool {
        absolutePath(relative).map(Self.isRegularFile(atAbsolutePath:)) ?? false
    }

    private static func isRegularFile(atAbsolutePath path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Every regular file below a folder, content-relative, sorted; the entries that are links
    /// leading outside the root, and those that are neither files nor folders (FIFOs, sockets,
    /// devices), skipped and listed apart. Loops of symlinked folders are cut by remembering
    /// the real folders already walked.
    /// `skipping` leaves out paths before anything is asked of the disk about them (a module
    /// folder's lessons, read by the lesson reader already).
    public func filesRecursively(_ relative: String, skipping: (String) -> Bool = { _ in false }) -> (files: [String], outside: [String], special: [String]) {
        var result: [String] = []
        var outside: [String] = []
        var special: [String] = []
        var visited: Set<String> = []
        // `real` is the folder's path with every symlink resolved: an entry that is not a
        // symlink is then looked at once, in place (the media of 150 modules are thousands of
        // files, and resolving each one's whole path again was three walks of it per file).
        func walk(_ folder: String, real: String) {
            guard visited.insert(real).inserted else { return }
            for name in Self.namesInFolder(atRealPath: real) {
                let child = "\(folder)/\(name)"
                if skipping(child) { continue }
                var status = stat()
                if lstat("\(real)/\(name)", &status) == 0, status.st_mode & S_IFMT != S_IFLNK {
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: walk(child, real: "\(real)/\(name)")
                    case S_IFREG: result.append(child)
                    default: special.append(child)
                    }
                    continue
                }
                // A symlink (or a file gone since the listing): checked as any path is.
                guard let target = absolutePath(child) else { outside.append(child); continue }
                if isDirectory(child) { walk(child, real: target) } else if isRegularFile(child) { result.append(child) } else { special.append(child) }
            }
        }
        if let real = absolutePath(relative) { walk(relative, real: real) }
        return (result, outside, special)
    }

    /// Names in a folder, including those whose target lies outside the root.
    private func listAll(_ relative: String) -> [String] {
        absolutePath(relative).map(Self.namesInFolder(atRealPath:)) ?? []
    }

    /// The names in a folder, hidden ones left out, sorted by their bytes.
    /// Read with readdir: Foundation's listing cost more than the rest of looking at a module.
    private static func namesInFolder(atRealPath path: String) -> [String] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Reads the file `name` of a folder whose real path (`absolutePath`) is `realFolder`: a
    /// file that is not a symlink is opened there at once (`O_NOFOLLOW`), without resolving its
    /// whole path again — a module's lessons are read by the thousand; a symlink is resolved
    /// and checked as `readData` does.
    public func readData(named name: String, inFolder relative: String, realFolder: String) throws(ContentReadError) -> Data {
        let descriptor = open("\(realFolder)/\(name)", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return try readData("\(relative)/\(name)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notAFile }
        var data = Data(count: Int(status.st_size))
        var filled = 0
        let complete = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Bool in
            while filled < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return count == 0 }
                filled += count
            }
            return true
        }
        guard complete else { throw .unreadable }
        // A file that shrank while it was read keeps what it had.
        if filled < data.count { data.removeSubrange(filled...) }
        return data
    }

    public func readData(_ relative: String) throws(ContentReadError) -> Data {
        guard let path = absolutePath(relative) else { throw .outsideRoot }
        guard Self.isRegularFile(atAbsolutePath: path) else { throw .notAFile }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable }
        return data
    }

    /// A text file as an author meant it: UTF-8, without a byte-order mark, with `\n` line ends.
    public func readText(_ relative: String) throws(ContentReadError) -> String {
        try Self.decodeText(try readData(relative))
    }

    public static func decodeText(_ data: Data) throws(ContentReadError) -> String {
        // Validated where the bytes are (every lesson of every build passes here).
        let byteOrderMark = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let decoded = data.withUnsafeBytes { raw in
            String(validating: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[byteOrderMark...]), as: UTF8.self)
        }
        guard var text = decoded else {
            throw .invalidUTF8(position: firstInvalidUTF8([UInt8](data.dropFirst(byteOrderMark))))
        }
        guard text.withUTF8({ $0.firstIndex(of: UInt8(ascii: "\r"), from: 0) != nil }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Line and column of the first byte that is not UTF-8, for the diagnostic.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        var index = 0
        while index < bytes.count {
            let length = utf8SequenceLength(bytes, at: index)
            if length == 0 {
                let column = (String(validating: bytes[lineStart..<index], as: UTF8.self)?.count ?? 0) + 1
                return (line, column)
            }
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return (line, 1)
    }

    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }
}

public enum ContentReadError: Error, Equatable {
    case outsideRoot
    case unreadable
    /// A FIFO, a socket or a device where a file was expected.
    case notAFile
    case invalidUTF8(position: (line: Int, column: Int))

    public static func == (lhs: ContentReadError, rhs: ContentReadError) -> Bool {
        switch (lhs, rhs) {
        case (.outsideRoot, .outsideRoot), (.unreadable, .unreadable), (.notAFile, .notAFile): true
        case let (.invalidUTF8(a), .invalidUTF8(b)): a == b
        default: false
        }
    }

    public var message: String {
        switch self {
        case .outsideRoot: "path leaves the content folder (or is a broken link); it is not read"
        case .unreadable: "file cannot be read"
        case .notAFile: "this is not a file (a FIFO, a socket or a device); it is not read"
        case .invalidUTF8: "file is not UTF-8 text; save it as UTF-8"
        }
    }
}
