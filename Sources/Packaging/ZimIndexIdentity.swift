import Foundation
import Crypto

/// libzim gives the archive the UUID coursekit asks for, but Xapian gives each search index
/// inside it (titles, full text) a random one: the same course made twice differed in 32 bytes
/// and the checksum, so every mirror and every partner's Kiwix library downloaded an unchanged
/// book again. This replaces each index's UUID with one derived from the archive's, and
/// rewrites the archive's MD5 checksum, which covers them.
///
/// The indexes are found through the archive's own directory (entries `X/fulltext/xapian` and
/// `X/title/xapian`, each a Xapian database stored whole in an uncompressed cluster), never by
/// searching the bytes: a media file could hold the same bytes by chance.
enum ZimIndexIdentity {
    /// A Xapian "glass" database starts with this, a two-byte format version, then its UUID.
    static let glassMagic = Array("\u{0F}\rXapian Glass".utf8)
    static let indexPaths = ["fulltext/xapian", "title/xapian"]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func stamp(zimAt path: String, uuid: [UInt8]) throws(Malformed) {
        guard let file = FileHandle(forUpdatingAtPath: path) else { throw Malformed(description: "cannot open \(path)") }
        defer { try? file.close() }
        let reader = Reader(file: file)
        let header = try reader.bytes(at: 0, count: 80)
        guard header.prefix(4) == [0x5A, 0x49, 0x4D, 0x04] else { throw Malformed(description: "not a ZIM file") }
        let entryCount = Int(header.le32(at: 24)), pathPointers = header.le64(at: 32), clusterPointers = header.le64(at: 48)
        let checksumPosition = header.le64(at: 72)
        var number = 0
        for index in 0..<entryCount {
            let entry = try reader.le64(at: pathPointers + UInt64(index) * 8)
            let fixed = try reader.bytes(at: entry, count: 16)
            guard fixed.le16(at: 0) != 0xFFFF, fixed[3] == UInt8(ascii: "X") else { continue }   // redirects; other namespaces
            let name = try reader.bytes(at: entry + 16, count: 32)
            guard let end = name.firstIndex(of: 0), let entryPath = String(validating: name[..<end], as: UTF8.self),
                  indexPaths.contains(entryPath) else { continue }
            let cluster = try reader.le64(at: clusterPointers + UInt64(fixed.le32(at: 8)) * 8)
            let info = try reader.bytes(at: cluster, count: 1)[0]
            guard info & 0x0F <= 1 else { throw Malformed(description: "the index \(entryPath) is in a compressed cluster") }
            let blob = Int(fixed.le32(at: 12))
            let offset = info & 0x10 == 0 ? UInt64(try reader.le32(at: cluster + 1 + UInt64(blob) * 4))
                                          : try reader.le64(at: cluster + 1 + UInt64(blob) * 8)
            let start = cluster + 1 + offset
            guard try reader.bytes(at: start, count: glassMagic.count) == glassMagic else { continue }
            number += 1
            let derived = Array(SHA256.hash(data: uuid + Array("xapian index \(number)".utf8)).prefix(16))
            try reader.write(derived, at: start + UInt64(glassMagic.count) + 2)
        }
        try reader.write(try reader.md5(upTo: checksumPosition), at: checksumPosition)
    }

    /// Reads and writes at offsets of an open file.
    private struct Reader {
        let file: FileHandle

        func bytes(at offset: UInt64, count: Int) throws(Malformed) -> [UInt8] {
            do {
                try file.seek(toOffset: offset)
                guard let data = try file.read(upToCount: count), data.count == count else { throw Malformed(description: "truncated") }
                return Array(data)
            } catch let error as Malformed {
                throw error
            } catch {
                throw Malformed(description: error.localizedDescription)
            }
        }

        func le32(at offset: UInt64) throws(Malformed) -> UInt32 { try bytes(at: offset, count: 4).le32(at: 0) }
        func le64(at offset: UInt64) throws(Malformed) -> UInt64 { try bytes(at: offset, count: 8).le64(at: 0) }

        func write(_ bytes: [UInt8], at offset: UInt64) throws(Malformed) {
            do {
                try file.seek(toOffset: offset)
                try file.write(contentsOf: Data(bytes))
            } catch {
                throw Malformed(description: error.localizedDescription)
            }
        }

        /// MD5 of the bytes before `end`, read a piece at a time: ZIM files with videos are big.
        func md5(upTo end: UInt64) throws(Malformed) -> [UInt8] {
            var hasher = Insecure.MD5()
            var position: UInt64 = 0
            while position < end {
                let piece = try bytes(at: position, count: Int(min(1 << 20, end - position)))
                hasher.update(data: piece)
                position += UInt64(piece.count)
            }
            return Array(hasher.finalize())
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func le16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    fileprivate func le32(at offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) } }
    fileprivate func le64(at offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(self[offset + $1]) << (8 * $1) } }
}
