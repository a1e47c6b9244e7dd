import Foundation
import CFileSwap

/// Writes a build beside the old output and swaps the two at the end, so that an interrupted
/// or failed build leaves the previous output complete and untouched.
///
/// The new tree is written to `.<name>.coursekit-new-<pid>` in the same parent folder, then
/// exchanged with the old one in one `renameat2(RENAME_EXCHANGE)` call: at no moment is there
/// no output. Leftovers of killed builds are removed by the next run.
public struct OutputWriter: Sendable {
    public let outputPath: String
    /// Marks a folder written by coursekit, so a mistyped `--output ~` is never replaced.
    static let markerName = ".coursekit-output"

    public init(outputPath: String) {
        var path = outputPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.outputPath = path
    }

    public enum WriteError: Error, CustomStringConvertible {
        case notOurs(String)
        case io(String)

        public var description: String {
            switch self {
            case .notOurs(let path):
                "\(path) exists and was not written by coursekit; choose another --output or empty it first"
            case .io(let message): message
            }
        }
    }

    // URL rather than NSString path functions: those crash on Linux for a one-letter relative path.
    private var parent: String { URL(fileURLWithPath: outputPath).deletingLastPathComponent().path }
    private var name: String { URL(fileURLWithPath: outputPath).lastPathComponent }
    private var temporaryPrefix: String { ".\(name).coursekit-" }

    public func write(_ files: [OutputFile]) throws(WriteError) {
        let fileManager = FileManager.default
        removeLeftovers()
        try checkReplaceable()
        let staging = "\(parent)/\(temporaryPrefix)new-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            var folders: Set<String> = [staging]
            for file in files { try writeFile(file, under: staging, knownFolders: &folders) }
            try Self.writeBytes(Data("coursekit build output\n".utf8), to: "\(staging)/\(Self.markerName)")
            try Self.flushToDisk(staging)
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw .io("cannot write the new output in \(staging): \(error.localizedDescription)")
        }
        try swapIntoPlace(staging)
    }

    private func writeFile(_ file: OutputFile, under root: String, knownFolders: inout Set<String>) throws {
        let destination = "\(root)/\(file.path)"
        let folder = String(destination[..<(destination.lastIndex(of: "/") ?? destination.startIndex)])
        if knownFolders.insert(folder).inserted {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        switch file.content {
        case .data(let data):
            try Self.writeBytes(data, to: destination)
        case .copy(let source):
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        }
    }

    struct SystemError: Error, LocalizedError {
        let message: String
        var errorDescription: String? { message }
    }

    /// Writes a new file with plain system calls. Foundation's `Data.write` syncs every file to
    /// disk, one after the other; the build syncs the whole new tree once, before the swap.
    static func writeBytes(_ data: Data, to path: String) throws {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemError(message: "\(path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(descriptor) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
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
            try? fileManager.removeItem(atPath: staging)   // now holds the previous output
            return
        }
        // A filesystem without RENAME_EXCHANGE: two renames, with a short window between them.
        let old = "\(parent)/\(temporaryPrefix)old-\(ProcessInfo.processInfo.processIdentifier)"
        guard rename(outputPath, old) == 0 else { throw .io("cannot move the old output aside: \(String(cString: strerror(errno)))") }
        guard rename(staging, outputPath) == 0 else {
            _ = rename(old, outputPath)
            throw .io("cannot move the new output to \(outputPath): \(String(cString: strerror(errno)))")
        }
        try? fileManager.removeItem(atPath: old)
    }

    /// An existing output may be replaced when coursekit wrote it, or when it is empty but for
    /// a README (as in a fresh clone of a project that commits `Output/README.md`).
    private func checkReplaceable() throws(WriteError) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: outputPath, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notOurs(outputPath) }
        let entries = (try? fileManager.contentsOfDirectory(atPath: outputPath)) ?? []
        if entries.contains(Self.markerName) || entries.allSatisfy({ $0 == "README.md" }) { return }
        throw .notOurs(outputPath)
    }

    /// Removes `.<name>.coursekit-*` folders that a killed build left behind.
    public func removeLeftovers() {
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(temporaryPrefix) {
            try? fileManager.removeItem(atPath: "\(parent)/\(entry)")
        }
    }
}
