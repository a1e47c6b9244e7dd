internal import CZlib
internal import CLibDeflate
import Foundation

/// zlib's deflate, as zip entries (raw) and gzip files (with a header) need it.
public enum Deflate {
    /// Raw deflate, for a zip entry. Level 9: packages are built once and downloaded many times.
    public static func raw(_ data: Data) -> Data { compress(data, windowBits: -15) }

    /// A gzip file with no name and no timestamp in its header, so the same input gives the
    /// same bytes (what nginx's gzip_static serves).
    public static func gzip(_ data: Data) -> Data { compress(data, windowBits: 15 + 16) }

    /// CRC-32 of `data`; `continuing` the CRC of what came before it, for a file read in pieces.
    public static func crc32(_ data: Data, continuing previous: UInt32 = 0) -> UInt32 {
        data.withUnsafeBytes { buffer in
            UInt32(CZlib.crc32(uLong(previous), buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count)))
        }
    }

    /// The size of `data` gzipped at `level` (1 fastest … 9 smallest), without keeping the
    /// compressed bytes: raw deflate plus `gzip`'s header and trailer, whose sizes are fixed
    /// (no name, no timestamp), so zlib is not asked for the CRC-32 the trailer would hold.
    public static func gzipSize(_ data: Data, level: Int32) -> Int {
        var size = 0
        guard deflate(data, level: level, windowBits: -15, into: { size += $0.count }) else { return 0 }
        return size + gzipFraming
    }

    /// The size `data` takes gzipped by libdeflate's fastest level, or nil when that is more than
    /// `limit` bytes, or so near it that libdeflate wants more room to write (it stops there).
    /// About twice as fast as zlib's level 1, and smaller: within a few tenths of a percent of
    /// zlib's level 9 on search indexes (docs/performance.md).
    public static func fastGzipSize(_ data: Data, atMost limit: Int) -> Int? {
        guard limit > gzipFraming, let compressor = libdeflate_alloc_compressor(1) else { return nil }
        defer { libdeflate_free_compressor(compressor) }
        let room = min(limit - gzipFraming, libdeflate_deflate_compress_bound(compressor, data.count))
        var output = [UInt8](repeating: 0, count: max(room, 1))
        let size = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { output in
                libdeflate_deflate_compress(compressor, input.baseAddress, input.count, output.baseAddress, room)
            }
        }
        return size == 0 ? nil : size + gzipFraming
    }

    /// A gzip member's header (10 bytes, no optional fields) and trailer (CRC-32 and size).
    static let gzipFraming = 10 + 8

    /// Level 9; an empty result when zlib fails.
    private static func compress(_ data: Data, windowBits: Int32) -> Data {
        var output = Data()
        output.reserveCapacity(data.count / 2)
        guard deflate(data, level: 9, windowBits: windowBits, into: { output.append($0) }) else { return Data() }
        return output
    }

    /// Deflates `data`, handing the compressed bytes to `output` a piece at a time (one small
    /// buffer, whatever the size); whether zlib finished.
    private static func deflate(_ data: Data, level: Int32, windowBits: Int32,
                                into output: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { deflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        return data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            return scratch.withUnsafeMutableBufferPointer { buffer in
                var status = Z_OK
                while status == Z_OK {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CZlib.deflate(&stream, Z_FINISH)
                    output(UnsafeBufferPointer(rebasing: buffer[..<(buffer.count - Int(stream.avail_out))]))
                }
                return status == Z_STREAM_END
            }
        }
    }
}
