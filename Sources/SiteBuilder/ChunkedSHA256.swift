import Crypto
import CourseModel

/// SHA-256 of many short values, fed to the hash a few kilobytes at a time: fingerprints and
/// snapshots add thousands of names and numbers per build, and each `update` of the hash has
/// a cost of its own. The digest is that of the same bytes, in the same order.
struct ChunkedSHA256 {
    private var hasher = SHA256()
    private var pending: [UInt8] = []
    private static let chunk = 16_384

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.chunk {
            pending.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func append(_ number: some FixedWidthInteger) {
        withUnsafeBytes(of: number.littleEndian) { append($0) }
    }

    /// The digest, as lowercase hex.
    var hex: String {
        var hasher = hasher
        pending.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return ContentHash.hex(digest: hasher.finalize())
    }
}
