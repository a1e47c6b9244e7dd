import Foundation
internal import CXXHash

/// The version of an output file in the offline lists: XXH3-64 of its bytes, as 16 hex digits.
/// The service worker only compares a file's version with the one it kept, to fetch again what
/// changed; nothing trusts it against tampering (the server that sends the list sends the
/// files too). Every page of a site build is measured as it is written, and SHA-256 was a
/// twentieth of a clean build's time; XXH3 reads the same bytes about ten times as fast.
enum FileVersion {
    static func of(_ bytes: UnsafeRawBufferPointer) -> String {
        hex(XXH3_64bits(bytes.baseAddress, bytes.count))
    }

    static func of(_ data: Data) -> String {
        data.withUnsafeBytes { of($0) }
    }

    /// A file's size and version, read a megabyte at a time (a video may be large); nil when it
    /// cannot be read.
    static func sizeAndVersion(ofFileAt path: String) -> (size: Int, version: String)? {
        guard let file = FileHandle(forReadingAtPath: path), let state = XXH3_createState() else { return nil }
        defer {
            XXH3_freeState(state)
            try? file.close()
        }
        XXH3_64bits_reset(state)
        var size = 0
        while let piece = try? file.read(upToCount: 1 << 20), !piece.isEmpty {
            piece.withUnsafeBytes { _ = XXH3_64bits_update(state, $0.baseAddress, $0.count) }
            size += piece.count
        }
        return (size, hex(XXH3_64bits_digest(state)))
    }

    /// Big-endian, as XXH3's canonical form and `xxhsum -H3` write it.
    private static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
