import Foundation
import CourseModel
import CZlib

/// The compiled lesson files of earlier builds, kept on disk (`lessons.pack` in the build's
/// cache folder) so that a build parses only the files that changed since: after a
/// one-paragraph edit in a site of 4,500 lesson files, one file is parsed instead of 4,500.
///
/// The file is a header (a magic line and the identity of the coursekit that wrote it) and
/// entries appended one after another: the content-relative path, the key the loader checks
/// (hash of the file's bytes, locale, course settings — `LessonReader`), a CRC-32 and the
/// compiled lesson with the parse's diagnostics (`LessonCoding`). The last entry for a path is
/// the one that counts. A build appends what it parsed; when the dead entries outweigh the
/// live ones, it writes the whole pack again (through a temporary file and a rename).
///
/// Never trusted: a pack with another header is ignored whole; an entry that is cut short or
/// fails its CRC is ignored, and the build says the cache was damaged and parses the file.
public final class LessonPack: Sendable {
    public static let fileName = "lessons.pack"
    static let magic = Array("coursekit lesson pack 1\n".utf8)

    let path: String
    /// Identifies the coursekit build that may read this pack: any other writes a new one.
    let compiler: String
    private let contents: Data
    /// Path → where its last entry lies in `contents`.
    private let index: [String: Location]
    /// Whether the file was there but could not be read (another header, bytes cut short).
    public let wasDamaged: Bool

    struct Location: Sendable {
        let key: String
        let entry: Range<Int>
        let payload: Range<Int>
        let crc: UInt32
    }

    /// A compiled lesson file as the pack keeps it: nil `source` when the file could not be
    /// compiled (its diagnostics say why).
    public struct Stored: Sendable {
        public var source: LessonSource?
        public var diagnostics: [Diagnostic]
    }

    /// Opens the pack in `folder`, or an empty one when there is none or it is not usable.
    public init(folder: String, compiler: String) {
        path = "\(folder)/\(Self.fileName)"
        self.compiler = compiler
        guard let data = FileManager.default.contents(atPath: path) else {
            (contents, index, wasDamaged) = (Data(), [:], false)
            return
        }
        if let index = Self.readIndex(data, compiler: compiler) {
            (contents, self.index, wasDamaged) = (data, index, false)
        } else {
            (contents, index, wasDamaged) = (Data(), [:], true)
        }
    }

    private static func header(compiler: String) -> [UInt8] {
        var writer = BinaryWriter()
        writer.string(compiler)
        return magic + writer.bytes
    }

    /// The entries of a pack, or nil when its header is not this coursekit's. A damaged tail
    /// (a build killed while appending) ends the index there.
    private static func readIndex(_ data: Data, compiler: String) -> [String: Location]? {
        let header = header(compiler: compiler)
        guard data.count >= header.count, data.prefix(header.count).elementsEqual(header) else { return nil }
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [String: Location] in
            var index: [String: Location] = [:]
            var offset = header.count
            while offset < buffer.count {
                var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
                guard let path = try? reader.string(), let key = try? reader.string(), let crc = try? reader.int(),
                      let length = try? reader.count() else { break }
                let start = buffer.count - reader.remaining
                let end = start + length
                index[path] = Location(key: key, entry: offset..<end, payload: start..<end, crc: UInt32(truncatingIfNeeded: crc))
                offset = end
            }
            return index
        }
    }

    public enum Lookup {
        case found(Stored)
        case missing
        /// The entry is there but its bytes are not those written.
        case damaged
    }

    /// The compiled file at `path`, if the pack holds it under `key`.
    public func lookup(_ path: String, key: String) -> Lookup {
        guard let location = index[path], location.key == key else { return .missing }
        return contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Lookup in
            let payload = UnsafeRawBufferPointer(rebasing: buffer[location.payload])
            guard Self.crc(payload) == location.crc else { return .damaged }
            var reader = BinaryReader(payload)
            guard let stored = try? reader.stored(), reader.isAtEnd else { return .damaged }
            return .found(stored)
        }
    }

    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return UInt32(CZlib.crc32(0, base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    /// One entry's bytes.
    static func entry(path: String, key: String, _ stored: Stored) -> [UInt8] {
        var payload = BinaryWriter()
        payload.stored(stored)
        var entry = BinaryWriter()
        entry.string(path)
        entry.string(key)
        let crc = payload.bytes.withUnsafeBytes { Self.crc($0) }
        entry.int(Int(crc))
        entry.int(payload.bytes.count)
        return entry.bytes + payload.bytes
    }

    /// Saves what a load parsed: `fresh` (path → key and compiled file) are the new entries,
    /// `live` every path the load read. Appends the new entries; writes the pack anew when it
    /// is missing, damaged, from another coursekit, or mostly dead entries. Best effort: a
    /// pack that cannot be written only means the next build parses more.
    public func save(fresh: [String: (key: String, stored: Stored)], live: Set<String>) {
        let kept = index.filter { live.contains($0.key) && fresh[$0.key] == nil }
        let newEntries = fresh.sorted { $0.key < $1.key }.flatMap { Self.entry(path: $0.key, key: $0.value.key, $0.value.stored) }
        let liveBytes = kept.values.reduce(0) { $0 + $1.entry.count } + newEntries.count
        let deadBytes = contents.count - Self.header(compiler: compiler).count - (liveBytes - newEntries.count)
        if !contents.isEmpty && deadBytes <= liveBytes {
            if !newEntries.isEmpty { append(newEntries) }
        } else if !fresh.isEmpty || !contents.isEmpty {
            rewrite(kept: kept, newEntries: newEntries)
        }
    }

    private func append(_ bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // One write: another build reading meanwhile sees the whole entry or a cut-short tail,
        // which it ignores.
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    private func rewrite(kept: [String: Location], newEntries: [UInt8]) {
        var bytes = Self.header(compiler: compiler)
        contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            for location in kept.values.sorted(by: { $0.entry.lowerBound < $1.entry.lowerBound }) {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[location.entry]))
            }
        }
        bytes.append(contentsOf: newEntries)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(path).\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if written != bytes.count || rename(temporary, path) != 0 { unlink(temporary) }
    }
}

extension BinaryWriter {
    mutating func stored(_ stored: LessonPack.Stored) {
        optional(stored.source) { $0.lessonSource($1) }
        array(stored.diagnostics) { $0.diagnostic($1) }
    }
}

extension BinaryReader {
    mutating func stored() throws(Damaged) -> LessonPack.Stored {
        LessonPack.Stored(source: try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.lessonSource() },
                          diagnostics: try array { (reader: inout BinaryReader) throws(Damaged) in try reader.diagnostic() })
    }
}
