import Crypto
import Foundation

/// SHA-256 for content hashes, source stamps and fingerprinted asset names, from swift-crypto
/// (BoringSSL's assembly on Linux, CryptoKit on Apple systems): the build hashes every lesson
/// file and page, so the hash must be fast as well as right.
public enum ContentHash {
    public static func digest<Bytes: DataProtocol>(_ input: Bytes) -> [UInt8] {
        Array(SHA256.hash(data: input))
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
