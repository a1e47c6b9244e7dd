import Foundation
import Zlib

/// Writes zip archives that are the same bytes for the same files: entries in path order,
/// one fixed timestamp, no system-dependent attributes. Names are UTF-8 (flag bit 11), so
/// Arabic file names survive. Past 65,535 entries or 4 GB, the archive carries ZIP64 records
/// (a course with many small media files); below, it is a plain zip every tool reads.
struct ZipArchive {
    struct Entry {
        let path: String
        let source: Source

        init(path: String, data: Data) {
            self.path = path
            self.source = .data(data)
        }

        init(path: String, source: Source) {
            self.path = path
            self.source = source
        }
    }

    enum Source {
        case data(Data)
        /// A content file (media), read when it is written: a file above `streamedSize` is
        /// stored as it is, a piece at a time, so a 300 MB video never sits in memory (videos
        /// and images are compressed already; deflate would gain nothing).
        case file(String)
    }

    /// Files above this size are streamed and stored; below, read whole and deflated.
    static let streamedSize = 1 << 20

    /// The DOS date and time written for every entry.
    let date: DateComponents

    /// The largest value a classic zip field holds; above it, ZIP64 records carry the value.
    private static let max16 = 0xFFFF, max32 = 0xFFFF_FFFF

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The archive in memory (for small archives and tests).
    func archive(_ entries: [Entry]) -> Data {
        let sink = MemorySink()
        try? write(entries, to: sink)
        return sink.data
    }

    /// Writes the archive to a new file at `path`, holding at most one small entry in memory.
    func write(_ entries: [Entry], toFileAt path: String) throws(Failure) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot create \(path)")
        }
        let sink = FileSink(handle: handle)
        defer { try? handle.close() }
        try write(entries, to: sink)
        try sink.flush()
    }

    private func write(_ entries: [Entry], to output: ZipSink) throws(Failure) {
        var central = Data()
        let (dosTime, dosDate) = Self.dosTimestamp(date)
        for entry in entries.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            let name = Data(entry.path.utf8)
            let body = try Self.body(of: entry)
            let offset = output.count
            let sizesOverflow = body.storedSize >= Self.max32 || body.size >= Self.max32
            var local = Data()
            local.append(le32: 0x04034b50)
            local.append(le16: sizesOverflow ? 45 : 20); local.append(le16: 0x0800); local.append(le16: body.method)
            local.append(le16: dosTime); local.append(le16: dosDate)
            local.append(le32: body.crc); local.append(le32: Self.field32(body.storedSize)); local.append(le32: Self.field32(body.size))
            var localExtra = Data()
            if sizesOverflow { localExtra.appendZip64(values: [body.size, body.storedSize]) }
            local.append(le16: UInt16(name.count)); local.append(le16: UInt16(localExtra.count))
            try output.append(local); try output.append(name); try output.append(localExtra)
            try body.write(output)

            // In the central directory, only the fields that overflow go into the ZIP64 field, in this order.
            let wide = [body.size, body.storedSize, offset].filter { $0 >= Self.max32 }
            var centralExtra = Data()
            if !wide.isEmpty { centralExtra.appendZip64(values: wide) }
            central.append(le32: 0x02014b50)
            central.append(le16: wide.isEmpty ? 0x031E : 0x032D)   // made by: Unix, spec 3.0 (4.5 with ZIP64), so the permissions below are read
            central.append(le16: wide.isEmpty ? 20 : 45); central.append(le16: 0x0800); central.append(le16: body.method)
            central.append(le16: dosTime); central.append(le16: dosDate)
            central.append(le32: body.crc); central.append(le32: Self.field32(body.storedSize)); central.append(le32: Self.field32(body.size))
            central.append(le16: UInt16(name.count)); central.append(le16: UInt16(centralExtra.count)); central.append(le16: 0)
            central.append(le16: 0); central.append(le16: 0)
            central.append(le32: UInt32(0o100644) << 16)   // a regular file, rw-r--r--
            central.append(le32: Self.field32(offset))
            central.append(name)
            central.append(centralExtra)
        }
        let centralOffset = output.count
        try output.append(central)
        var end = Data()
        if entries.count >= Self.max16 || central.count >= Self.max32 || centralOffset >= Self.max32 {
            let recordOffset = output.count
            end.append(le32: 0x06064b50)               // ZIP64 end of central directory record
            end.append(le64: 44)
            end.append(le16: 0x032D); end.append(le16: 45)
            end.append(le32: 0); end.append(le32: 0)
            end.append(le64: UInt64(entries.count)); end.append(le64: UInt64(entries.count))
            end.append(le64: UInt64(central.count)); end.append(le64: UInt64(centralOffset))
            end.append(le32: 0x07064b50)               // its locator
            end.append(le32: 0); end.append(le64: UInt64(recordOffset)); end.append(le32: 1)
        }
        end.append(le32: 0x06054b50)
        end.append(le16: 0); end.append(le16: 0)
        end.append(le16: Self.field16(entries.count)); end.append(le16: Self.field16(entries.count))
        end.append(le32: Self.field32(central.count)); end.append(le32: Self.field32(centralOffset))
        end.append(le16: 0)
        try output.append(end)
    }

    /// An entry's bytes as the archive holds them.
    private struct Body {
        var method: UInt16
        var crc: UInt32
        /// Uncompressed and stored sizes.
        var size: Int
        var storedSize: Int
        var write: (ZipSink) throws(Failure) -> Void
    }

    private static func body(of entry: Entry) throws(Failure) -> Body {
        switch entry.source {
        case .data(let data):
            return deflated(data)
        case .file(let path):
            var status = stat()
            guard stat(path, &status) == 0 else { throw Failure(description: "cannot read \(path)") }
            guard Int(status.st_size) > streamedSize else {
                guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
                return deflated(data)
            }
            // Read twice: once for the checksum the header carries, once to copy.
            var crc: UInt32 = 0, size = 0
            try pieces(of: path) { piece throws(Failure) in
                crc = Deflate.crc32(piece, continuing: crc)
                size += piece.count
            }
            return Body(method: 0, crc: crc, size: size, storedSize: size) { output throws(Failure) in
                var copied = 0
                try pieces(of: path) { piece throws(Failure) in
                    try output.append(piece)
                    copied += piece.count
                }
                guard copied == size else { throw Failure(description: "\(path) changed while it was packaged") }
            }
        }
    }

    private static func deflated(_ data: Data) -> Body {
        let deflated = Deflate.raw(data)
        let (method, stored): (UInt16, Data) = deflated.count < data.count ? (8, deflated) : (0, data)
        return Body(method: method, crc: Deflate.crc32(data), size: data.count, storedSize: stored.count) { output throws(Failure) in
            try output.append(stored)
        }
    }

    private static func pieces(of path: String, _ body: (Data) throws(Failure) -> Void) throws(Failure) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot read \(path)") }
        defer { try? handle.close() }
        while true {
            let piece: Data
            do { piece = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw Failure(description: "cannot read \(path): \(error.localizedDescription)") }
            if piece.isEmpty { return }
            try body(piece)
        }
    }

    private static func field16(_ value: Int) -> UInt16 { value >= max16 ? UInt16(max16) : UInt16(value) }
    private static func field32(_ value: Int) -> UInt32 { value >= max32 ? UInt32(max32) : UInt32(value) }

    /// The years a DOS date holds.
    static let years = 1980...2107

    /// The DOS date of `date`, clamped to the years a zip can hold (the command line refuses
    /// others before this point; the clamp keeps a bad value from ever trapping).
    static func dosTimestamp(_ date: DateComponents) -> (time: UInt16, date: UInt16) {
        let year = min(max(date.year ?? years.lowerBound, years.lowerBound), years.upperBound)
        let month = min(max(date.month ?? 1, 1), 12), day = min(max(date.day ?? 1, 1), 31)
        return (0, UInt16((year - years.lowerBound) << 9 | month << 5 | day))
    }
}

extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le64 value: UInt64) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }

    /// A ZIP64 extended information extra field (0x0001) holding `values`, 8 bytes each.
    mutating func appendZip64(values: [Int]) {
        append(le16: 0x0001); append(le16: UInt16(values.count * 8))
        for value in values { append(le64: UInt64(value)) }
    }
}

/// Where an archive is written: memory, or a file through a buffer.
private protocol ZipSink: AnyObject {
    var count: Int { get }
    func append(_ data: Data) throws(ZipArchive.Failure)
}

private final class MemorySink: ZipSink {
    var data = Data()
    var count: Int { data.count }
    func append(_ data: Data) { self.data.append(data) }
}

private final class FileSink: ZipSink {
    let handle: FileHandle
    private var buffer = Data()
    private(set) var count = 0

    init(handle: FileHandle) {
        self.handle = handle
    }

    func append(_ data: Data) throws(ZipArchive.Failure) {
        buffer.append(data)
        count += data.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws(ZipArchive.Failure) {
        do { try handle.write(contentsOf: buffer) } catch { throw ZipArchive.Failure(description: error.localizedDescription) }
        buffer.removeAll(keepingCapacity: true)
    }
}
