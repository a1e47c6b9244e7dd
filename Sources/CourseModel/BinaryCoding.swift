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

    @inlinable public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

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

    @inlinable public mutating func blob() throws(Damaged) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
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
