#if canImport(Glibc)
import Glibc
#endif
/// Values as bytes, field by field in a fixed order and without names: what coursekit keeps
/// between builds (the lesson pack, the build state) is read back in a fraction of the time
/// JSON takes. Numbers are zig-zag varints, strings their UTF-8 with its length first. A
/// reader throws at any byte out of place, and what it was reading is not used.
public struct BinaryWriter: Sendable {
    public var bytes: [UInt8] { storage }
    @usableFromInline var storage: [UInt8] = []

    @inlinable public init() { storage.reserveCapacity(16_384) }

    /// A writer whose bytes start with `header` (a file's magic line), with room for about
    /// `capacity` bytes: a file written from it needs no copy to put the two together.
    @inlinable public init(header: [UInt8], capacity: Int) {
        storage.reserveCapacity(max(capacity, header.count))
        storage.append(contentsOf: header)
    }

    @inlinable public mutating func int(_ value: Int) {
        // Zig-zag, then 7 bits a byte: small numbers (lines, counts) take one byte.
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while rest >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        storage.append(UInt8(rest))
    }

    @inlinable public mutating func bool(_ value: Bool) { storage.append(value ? 1 : 0) }

    /// Bytes as they are, with their count first.
    @inlinable public mutating func blob(_ bytes: [UInt8]) {
        int(bytes.count)
        storage.append(contentsOf: bytes)
    }

    @inlinable public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            storage.append(contentsOf: utf8)
        }
    }

    @inlinable public mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    @inlinable public mutating func array<T>(_ values: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }
}

/// Reads what `BinaryWriter` wrote; any byte out of place throws, and the entry is not used.
public struct BinaryReader {
    public struct Damaged: Error {
        @inlinable public init() {}
    }

    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var offset = 0
    /// The open file `bytes` were read from, and where they start in it: a blob read with
    /// `blobReadLater` is then read again from the file when it is needed, not copied now.
    @usableFromInline let file: (file: OpenFile, start: Int)?

    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        file = nil
    }

    /// A reader of bytes that lie at `start` in `file`, which stays open as long as a blob read
    /// from it may be.
    public init(_ bytes: UnsafeRawBufferPointer, in file: OpenFile, at start: Int) {
        self.bytes = bytes
        self.file = (file, start)
    }

    @inlinable public var isAtEnd: Bool { offset == bytes.count }
    @inlinable public var remaining: Int { bytes.count - offset }

    @inlinable public mutating func int() throws(Damaged) -> Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let signed = Int64(bitPattern: result)
        return Int((signed >> 1) ^ -(signed & 1))
    }

    @inlinable public mutating func count() throws(Damaged) -> Int {
        let count = try int()
        // Every element takes at least one byte: a larger count is damage, not a big array.
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        return count
    }

    @inlinable public mutating func bool() throws(Damaged) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    /// A blob, to be read when `read` is called: again from the file when the reader knows
    /// it (nothing is copied now), or from a copy made now. `read` gives nil when the file can
    /// no longer be read.
    public mutating func blobReadLater() throws(Damaged) -> @Sendable () -> [UInt8]? {
        let length = try count()
        defer { offset += length }
        guard let (file, start) = file else {
            let copy = Array(bytes[offset..<offset + length])
            return { copy }
        }
        let range = (start + offset)..<(start + offset + length)
        return { file.read(range) }
    }

    /// Bytes as they are (what `BinaryWriter.blob` or `string` wrote), copied now.
    @inlinable public mutating func blob() throws(Damaged) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
    }

    @inlinable public mutating func string() throws(Damaged) -> String {
        let length = try count()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
        offset += length
        return text
    }

    @inlinable public mutating func optional<T>(_ read: (inout BinaryReader) throws(Damaged) -> T) throws(Damaged) -> T? {
        try bool() ? try read(&self) : nil
    }

    @inlinable public mutating func array<T>(_ read: (inout BinaryReader) throws(Damaged) -> T) throws(Damaged) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    @inlinable public mutating func choice<T: RawRepresentable<String>>(_: T.Type) throws(Damaged) -> T {
        guard let value = T(rawValue: try string()) else { throw Damaged() }
        return value
    }
}

/// A file kept open while values read from it may read more of it: a build's compiled lessons
/// keep their HTML in the lesson pack and read it back when a page needs it. The pack is
/// replaced by a rename or grown by appending, never rewritten in place, so the bytes an open
/// descriptor reads stay those that were checked when it was read the first time.
public final class OpenFile: Sendable {
    private let descriptor: Int32

    /// Takes `descriptor` over: it is closed when the last value that reads from it goes.
    public init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The bytes in `range`, or nil when they cannot all be read.
    public func read(_ range: Range<Int>) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while done < range.count {
                let count = pread(descriptor, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        return complete ? bytes : nil
    }
}
