import Foundation

/// The fingerprint of a source lesson that a translation records as `source_hash:`.
///
/// `ck1.<whole>.<blocks>`: `whole` is 12 hex digits of a SHA-256 over the lesson's meaningful
/// content (title, objectives, and each block with its whitespace normalised), so an edit that
/// only re-wraps lines, changes line endings or trailing spaces does not stale a translation.
/// `blocks` has two characters per block (12 bits of its hash), in order, the front matter
/// first: enough for `coverage` to name the blocks that changed, were added or were removed,
/// while the whole stamp stays one short line.
public struct SourceStamp: Sendable, Equatable, CustomStringConvertible {
    public var whole: String
    public var blocks: [String]

    static let prefix = "ck1"

    public var description: String { "\(Self.prefix).\(whole).\(blocks.joined())" }

    /// Reads a stamp; nil when the text is not one (a hash of garbage is reported, not trusted).
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix, parts[1].count == 12,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }), parts[2].count % 2 == 0,
              parts[2].allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        whole = String(parts[1])
        blocks = stride(from: 0, to: parts[2].count, by: 2).map { offset in
            let start = parts[2].index(parts[2].startIndex, offsetBy: offset)
            return String(parts[2][start..<parts[2].index(start, offsetBy: 2)])
        }
    }

    public init(whole: String, blocks: [String]) {
        self.whole = whole
        self.blocks = blocks
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// Two base64url characters from the first 12 bits of a unit's digest (a small String:
    /// nothing allocated for it).
    public static func shortHash(digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { digest in
            let bits = Int(digest[0]) << 4 | Int(digest[1] >> 4)
            return String(unsafeUninitializedCapacity: 2) { text in
                text[0] = alphabetBytes[bits >> 6]
                text[1] = alphabetBytes[bits & 0x3F]
                return 2
            }
        }
    }

    private static let alphabetBytes = Array(alphabet.map { $0.asciiValue! })
}
