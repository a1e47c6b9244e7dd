import Crypto
import Foundation

/// SHA-256 for content hashes, source stamps and fingerprinted asset names, from swift-crypto
/// (BoringSSL's assembly on Linux, CryptoKit on Apple systems): the build hashes every lesson
/// file and page, so the hash must be fast as well as right.
public enum ContentHash {
    public static func digest<Bytes: DataProtocol>(_ input: Bytes) -> [UInt8] {
        Array(SHA256.hash(data: input))
    }

    /// A file's size and SHA-256, read a megabyte at a time (a video may be large); nil when
    /// it cannot be read.
    public static func sizeAndHash(ofFileAt path: String) -> (size: Int, sha256: String)? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        var hasher = SHA256()
        var size = 0
        while let piece = try? file.read(upToCount: 1 << 20), !piece.isEmpty {
            hasher.update(data: piece)
            size += piece.count
        }
        return (size, hex(digest: hasher.finalize()))
    }

    /// The digest as 64 lowercase hex digits.
    public static func hex<Bytes: DataProtocol>(_ input: Bytes) -> String {
        hex(digest: digest(input))
    }

    /// Written straight into the string's storage: fingerprints and snapshots ask for thousands
    /// of digests per build, and going through a generic sequence a byte at a time was a
    /// twentieth of planning a rebuild's pages.
    public static func hex(digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                func digit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }   // 0-9, a-f
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = digit(byte >> 4)
                    text[2 * index + 1] = digit(byte & 0x0f)
                }
                return bytes.count * 2
            }
        }
    }
}
