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

    public static func hex(digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
