import Foundation
import Synchronization
import CourseModel
internal import CLibDeflate

/// The compiled lesson files of earlier builds, kept on disk (`lessons.pack` in the build's
/// cache folder) so that a build parses only the files that changed since: after a
/// one-paragraph edit in a site of 4,500 lesson files, one file is parsed instead of 4,500.
///
/// The file is a header (a magic line and the identity of the coursekit that wrote it) and
/// entries appended one after another: the content-relative path, the key the loader checks
/// (hash of the file's bytes, locale, course settings — `LessonReader`), a CRC-32 and the
/// compiled lesson with the parse's diagnostics and the file's metadata (`LessonCoding`,
/// `FileIdentity`). The last entry for a path is the one that counts. A build appends what it parsed; when the dead entries outweigh the
/// live ones, it writes the whole pack again (through a temporary file and a rename).
///
/// Never trusted: a pack with another header is ignored whole; an entry that is cut short or
/// fails its CRC is ignored, and the build says the cache was damaged and parses the file.
public final class LessonPack: Sendable {
    public static let fileName = "lessons.pack"
    static let magic = Array("coursekit lesson pack 3\n".utf8)
    /// The file is read this much at a time, and each piece's entries decoded on every core:
    /// the whole pack is never in memory at once (at 4,500 lessons it is about 55 MB).
    static let pieceSize = 4 << 20

    let path: String
    /// Identifies the coursekit build that may read this pack: any other writes a new one.
    let compiler: String
    /// Path → its last entry, decoded when the pack was opened; emptied by `forgetDecoded`.
    private let entries: Mutex<[String: Entry]>
    /// Where each path's last entry lies in the file, for copying it into a rewritten pack.
    private let locations: [String: Range<Int>]
    /// The file's size, and whether its entries reached its end (a build killed while appending
    /// leaves a cut-short tail, after which nothing more may be appended).
    private let size: Int
    private let readToTheEnd: Bool
    /// Whether the file was there but could not be read (another header, bytes cut short).
    public let wasDamaged: Bool

    struct Entry: Sendable {
        let key: String
        /// Nil when its bytes are not those written (CRC or layout).
        let stored: Stored?
    }

    /// A compiled lesson file as the pack keeps it: nil `source` when the file could not be
    /// compiled (its diagnostics say why).
    public struct Stored: Sendable {
        public var source: LessonSource?
        public var diagnostics: [Diagnostic]
        /// The file's metadata when it was read, when known: while it holds, the file is not read again.
        public var identity: FileIdentity? = nil
    }

    /// Opens and decodes the pack in `folder`, or an empty one when there is none or it is not
    /// usable. With `keysEndingWith`, only the entries whose key ends with a space and that are
    /// decoded: a load asks for no other (the content root is named another way, `/srv/Content`
    /// after `Content`), and decoding thousands of them beside the files parsed again took the
    /// build's memory past 200 MB.
    public init(folder: String, compiler: String, keysEndingWith keySuffix: String? = nil) {
        path = "\(folder)/\(Self.fileName)"
        self.compiler = compiler
        let read = Self.read(path, header: Self.header(compiler: compiler), keySuffix: keySuffix)
        entries = Mutex(read?.entries ?? [:])
        locations = read?.locations ?? [:]
        size = read?.size ?? 0
        readToTheEnd = read?.complete ?? false
        wasDamaged = read == nil && FileManager.default.fileExists(atPath: path)
    }

    private static func header(compiler: String) -> [UInt8] {
        var writer = BinaryWriter()
        writer.string(compiler)
        return magic + writer.bytes
    }

    private struct Read {
        var entries: [String: Entry] = [:]
        var locations: [String: Range<Int>] = [:]
        var size = 0
        var complete = false
    }

    /// Reads the file a piece at a time; nil when it is missing or its header is not this
    /// coursekit's. A damaged tail ends the reading there.
    private static func read(_ path: String, header: [UInt8], keySuffix: String?) -> Read? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        // Kept open by the lessons read from it, which read their HTML back from it when a page
        // needs it; closed when the last of them goes.
        let file = OpenFile(descriptor: descriptor)
        // One buffer for the whole file: an entry cut by the end of a piece moves to its start
        // and the rest of it is read after it (an entry longer than a piece grows the buffer).
        var buffer = [UInt8](repeating: 0, count: pieceSize)
        var filled = 0, offset = 0   // bytes in `buffer`; where `buffer` starts in the file
        var result = Read()
        var atEnd = false, checkedHeader = false
        while !atEnd {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { atEnd = true } else { filled += count }
            if !checkedHeader {
                guard filled >= header.count || atEnd else { continue }
                guard filled >= header.count, buffer[..<header.count].elementsEqual(header) else { return nil }
                checkedHeader = true
                buffer.removeSubrange(..<header.count)
                buffer += [UInt8](repeating: 0, count: header.count)
                filled -= header.count
                offset = header.count
            }
            let consumed = buffer.withUnsafeBytes {
                decodeEntries(in: UnsafeRawBufferPointer(rebasing: $0[..<filled]), of: file, at: offset, keySuffix: keySuffix, into: &result)
            }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { bytes in
                    if filled > consumed { memmove(bytes.baseAddress!, bytes.baseAddress! + consumed, filled - consumed) }
                }
                filled -= consumed
                offset += consumed
            }
        }
        result.size = offset + filled
        result.complete = filled == 0
        return result
    }

    /// Decodes the whole entries at the start of `buffer` (which begins at `offset` in the
    /// file), on every core; returns how many bytes they take.
    private static func decodeEntries(in buffer: UnsafeRawBufferPointer, of file: OpenFile, at offset: Int, keySuffix: String?,
                                      into result: inout Read) -> Int {
        var found: [(path: String, key: String, crc: UInt32, entry: Range<Int>, payload: Range<Int>)] = []
        var position = 0
        while position < buffer.count {
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: buffer[position...]))
            guard let path = try? reader.string(), let key = try? reader.string(), let crc = try? reader.int(),
                  let length = try? reader.count() else { break }
            let start = buffer.count - reader.remaining
            found.append((path, key, UInt32(truncatingIfNeeded: crc), position..<start + length, start..<start + length))
            position = start + length
        }
        let entries = found
        // Read-only while the threads run, and alive until they have all returned.
        nonisolated(unsafe) let bytes = buffer
        let stored = [Stored?].concurrentlyMade(count: entries.count) { index in
            // Not asked for by this load: left undecoded (a key that differs is never found).
            if let keySuffix, !Self.key(entries[index].key, endsWith: keySuffix) { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[entries[index].payload])
            guard crc(payload) == entries[index].crc else { return nil }
            var reader = BinaryReader(payload, in: file, at: offset + entries[index].payload.lowerBound)
            guard let stored = try? reader.stored(), reader.isAtEnd else { return nil }
            return stored
        }
        for (index, entry) in found.enumerated() {
            result.entries[entry.path] = Entry(key: entry.key, stored: stored[index])
            result.locations[entry.path] = offset + entry.entry.lowerBound..<offset + entry.entry.upperBound
        }
        return position
    }

    public enum Lookup {
        case found(Stored)
        case missing
        /// The entry is there but its bytes are not those written.
        case damaged
    }

    /// The compiled file at `path`, if the pack holds it under `key`. A found entry is taken out
    /// of the pack, not copied: a load asks for each file once, and the site it makes holds the
    /// lesson from then on (letting go of 4,500 copies afterwards was a pause of its own).
    public func take(_ path: String, key: String) -> Lookup {
        entries.withLock { entries in
            guard entries[path]?.key == key, let entry = entries.removeValue(forKey: path) else { return .missing }
            return entry.stored.map { .found($0) } ?? .damaged
        }
    }

    /// The compiled file at `path`, if the pack holds it under a key that ends with `settings`
    /// and its identity vouches for the file as it is now (`FileIdentity`), with that key;
    /// taken out of the pack, as by `take(_:key:)`.
    func take(_ path: String, identity: FileIdentity, settings: String) -> (key: String, stored: Stored)? {
        entries.withLock { entries in
            guard let index = entries.index(forKey: path), Self.key(entries[index].value.key, endsWith: settings),
                  entries[index].value.stored?.identity?.vouches(for: identity) == true,
                  let stored = entries[index].value.stored else { return nil }
            let key = entries.remove(at: index).value.key
            return (key, stored)
        }
    }

    /// Whether `key` ends with a space and `suffix` (compared as bytes, as keys are made).
    private static func key(_ key: String, endsWith suffix: String) -> Bool {
        let key = key.utf8, settings = suffix.utf8
        guard key.count > settings.count else { return false }
        let start = key.index(key.endIndex, offsetBy: -settings.count)
        return key[key.index(before: start)] == UInt8(ascii: " ") && key[start...].elementsEqual(settings)
    }

    /// Lets go of the decoded entries no load took (files deleted or renamed since).
    public func forgetDecoded() {
        entries.withLock { $0 = [:] }
    }

    /// CRC-32 (gzip's and zlib's), from libdeflate: several times as fast as zlib's on this
    /// machine, and the pack holds every lesson's HTML.
    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return libdeflate_crc32(0, base, bytes.count)
    }

    /// One entry's bytes, appended.
    static func appendEntry(path: String, key: String, _ stored: Stored, to bytes: inout [UInt8]) {
        var payload = BinaryWriter()
        payload.stored(stored)
        var entry = BinaryWriter()
        entry.string(path)
        entry.string(key)
        let crc = payload.bytes.withUnsafeBytes { Self.crc($0) }
        entry.int(Int(crc))
        entry.int(payload.bytes.count)
        bytes += entry.bytes
        bytes += payload.bytes
    }

    /// Saves what a load parsed: `fresh` (path → key and compiled file) are the new entries,
    /// `live` every path the load read. Appends the new entries while most of the file is
    /// live; else writes the pack anew (through a temporary file and a rename), with the live
    /// entries only. Best effort: a pack that cannot be written only means the next build
    /// parses more. Entries are encoded on every core, and written a few dozen at a time.
    public func save(fresh: [String: (key: String, stored: Stored)], live: Set<String>) {
        save(fresh: fresh.map { (path: $0.key, key: $0.value.key, stored: $0.value.stored) }, live: live)
    }

    /// The same, with the new entries as a list (no path twice): a build's are thousands of
    /// compiled lessons, and each copy of them into another collection raised its peak memory.
    public func save(fresh new: consuming [(path: String, key: String, stored: Stored)], live: Set<String>) {
        let freshPaths = Set(new.map(\.path))
        let kept = locations.filter { live.contains($0.key) && !freshPaths.contains($0.key) }.values.sorted { $0.lowerBound < $1.lowerBound }
        let keptBytes = kept.reduce(0) { $0 + $1.count }
        let header = Self.header(compiler: compiler)
        let appending = readToTheEnd && size - header.count - keptBytes <= keptBytes
        guard !appending || !new.isEmpty else { return }
        let target = appending ? path : "\(path).\(getpid())"
        if !appending {
            try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                     withIntermediateDirectories: true)
        }
        let descriptor = appending ? open(target, O_WRONLY | O_APPEND | O_CLOEXEC) : open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let file = PackFile(descriptor: descriptor)
        if !appending {
            file.write(header)
            copy(kept, to: file)
        }
        new.sort { $0.path < $1.path }
        let entries = new
        // A few dozen entries to a write: one write per entry, each under the file's lock, kept
        // the threads waiting on each other.
        let perWrite = 32
        DispatchQueue.concurrentPerform(iterations: (entries.count + perWrite - 1) / perWrite) { chunk in
            var bytes: [UInt8] = []
            for index in chunk * perWrite..<min(entries.count, (chunk + 1) * perWrite) {
                Self.appendEntry(path: entries[index].path, key: entries[index].key, entries[index].stored, to: &bytes)
            }
            file.write(bytes)
        }
        close(descriptor)
        if !appending && (file.failed || rename(target, path) != 0) { unlink(target) }
    }

    /// Copies entries of this pack's file, as they are, into a new one.
    private func copy(_ ranges: [Range<Int>], to file: PackFile) {
        guard let old = FileHandle(forReadingAtPath: path) else { return }
        defer { try? old.close() }
        for range in ranges {
            guard (try? old.seek(toOffset: UInt64(range.lowerBound))) != nil,
                  let bytes = try? old.read(upToCount: range.count), bytes.count == range.count else {
                file.failed = true
                return
            }
            file.write(Array(bytes))
        }
    }

    /// A file written whole entries at a time, by several threads.
    private final class PackFile: @unchecked Sendable {
        let descriptor: Int32
        private let lock = Mutex<Void>(())
        var failed = false

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// One `write` per run of whole entries, under a lock: a reader sees whole entries, or a
        /// cut-short tail.
        func write(_ bytes: [UInt8]) {
            lock.withLock { _ in
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if written != bytes.count { failed = true }
            }
        }
    }
}

extension BinaryWriter {
    mutating func stored(_ stored: LessonPack.Stored) {
        optional(stored.source) { $0.lessonSource($1) }
        array(stored.diagnostics) { $0.diagnostic($1) }
        optional(stored.identity) { writer, identity in
            for number in [identity.size, identity.modified, identity.changed, Int(bitPattern: UInt(identity.inode)),
                           Int(bitPattern: UInt(identity.device)), identity.takenAt] { writer.int(number) }
        }
    }
}

extension BinaryReader {
    mutating func stored() throws(Damaged) -> LessonPack.Stored {
        LessonPack.Stored(source: try optional { (reader: inout BinaryReader) throws(Damaged) in try reader.lessonSource() },
                          diagnostics: try array { (reader: inout BinaryReader) throws(Damaged) in try reader.diagnostic() },
                          identity: try optional { (reader: inout BinaryReader) throws(Damaged) in
                              FileIdentity(size: try reader.int(), modified: try reader.int(), changed: try reader.int(),
                                           inode: UInt64(UInt(bitPattern: try reader.int())), device: UInt64(UInt(bitPattern: try reader.int())),
                                           takenAt: try reader.int())
                          })
    }
}
