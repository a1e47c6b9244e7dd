import Foundation

/// Writes zip archives that are the same bytes for the same files: entries in path order,
/// one fixed timestamp, no system-dependent attributes. Names are UTF-8 (flag bit 11), so
/// Arabic file names survive. Past 65,535 entries or 4 GB, the archive carries ZIP64 records
/// (a course with many small media files); below, it is a plain zip every tool reads.
struct ZipArchive {
    struct Entry {
        let path: String
        let data: Data
    }

    /// The DOS date and time written for every entry.
    let date: DateComponents

    /// The largest value a classic zip field holds; above it, ZIP64 records carry the value.
    private static let max16 = 0xFFFF, max32 = 0xFFFF_FFFF

    func archive(_ entries: [Entry]) -> Data {
        var output = Data()
        var central = Data()
        let (dosTime, dosDate) = Self.dosTimestamp(date)
        for entry in entries.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            let name = Data(entry.path.utf8)
            let crc = Deflate.crc32(entry.data)
            let deflated = Deflate.raw(entry.data)
            let (method, body): (UInt16, Data) = deflated.count < entry.data.count ? (8, deflated) : (0, entry.data)
            let offset = output.count
            let sizesOverflow = body.count >= Self.max32 || entry.data.count >= Self.max32
            var local = Data()
            local.append(le32: 0x04034b50)
            local.append(le16: sizesOverflow ? 45 : 20); local.append(le16: 0x0800); local.append(le16: method)
            local.append(le16: dosTime); local.append(le16: dosDate)
            local.append(le32: crc); local.append(le32: Self.field32(body.count)); local.append(le32: Self.field32(entry.data.count))
            var localExtra = Data()
            if sizesOverflow { localExtra.appendZip64(values: [entry.data.count, body.count]) }
            local.append(le16: UInt16(name.count)); local.append(le16: UInt16(localExtra.count))
            output.append(local); output.append(name); output.append(localExtra); output.append(body)

            // In the central directory, only the fields that overflow go into the ZIP64 field, in this order.
            let wide = [entry.data.count, body.count, offset].filter { $0 >= Self.max32 }
            var centralExtra = Data()
            if !wide.isEmpty { centralExtra.appendZip64(values: wide) }
            central.append(le32: 0x02014b50)
            central.append(le16: wide.isEmpty ? 0x031E : 0x032D)   // made by: Unix, spec 3.0 (4.5 with ZIP64), so the permissions below are read
            central.append(le16: wide.isEmpty ? 20 : 45); central.append(le16: 0x0800); central.append(le16: method)
            central.append(le16: dosTime); central.append(le16: dosDate)
            central.append(le32: crc); central.append(le32: Self.field32(body.count)); central.append(le32: Self.field32(entry.data.count))
            central.append(le16: UInt16(name.count)); central.append(le16: UInt16(centralExtra.count)); central.append(le16: 0)
            central.append(le16: 0); central.append(le16: 0)
            central.append(le32: UInt32(0o100644) << 16)   // a regular file, rw-r--r--
            central.append(le32: Self.field32(offset))
            central.append(name)
            central.append(centralExtra)
        }
        let centralOffset = output.count
        output.append(central)
        if entries.count >= Self.max16 || central.count >= Self.max32 || centralOffset >= Self.max32 {
            let recordOffset = output.count
            output.append(le32: 0x06064b50)               // ZIP64 end of central directory record
            output.append(le64: 44)
            output.append(le16: 0x032D); output.append(le16: 45)
            output.append(le32: 0); output.append(le32: 0)
            output.append(le64: UInt64(entries.count)); output.append(le64: UInt64(entries.count))
            output.append(le64: UInt64(central.count)); output.append(le64: UInt64(centralOffset))
            output.append(le32: 0x07064b50)               // its locator
            output.append(le32: 0); output.append(le64: UInt64(recordOffset)); output.append(le32: 1)
        }
        output.append(le32: 0x06054b50)
        output.append(le16: 0); output.append(le16: 0)
        output.append(le16: Self.field16(entries.count)); output.append(le16: Self.field16(entries.count))
        output.append(le32: Self.field32(central.count)); output.append(le32: Self.field32(centralOffset))
        output.append(le16: 0)
        return output
    }

    private static func field16(_ value: Int) -> UInt16 { value >= max16 ? UInt16(max16) : UInt16(value) }
    private static func field32(_ value: Int) -> UInt32 { value >= max32 ? UInt32(max32) : UInt32(value) }

    /// The years a DOS date holds.
    static let years = 1980...2107

    /// The DOS date of `date`, clamped to the years a zip can hold (the command line refuses
    /// others before this point; the clamp keeps a bad value from ever trapping).
    static func dosTimestamp(_ date: DateComponents) -> (time: UInt16, date: UInt16) {
        let year = min(max(date.year ?? years.lowerBound, years.lowerBound), years.upperBound)
        let month = min(max(date.month ?? 1, 1), 12), day = min(max(date.day ?? 1, 1), 31)
        return (0, UInt16((year - years.lowerBound) << 9 | month << 5 | day))
    }
}

extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le64 value: UInt64) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }

    /// A ZIP64 extended information extra field (0x0001) holding `values`, 8 bytes each.
    mutating func appendZip64(values: [Int]) {
        append(le16: 0x0001); append(le16: UInt16(values.count * 8))
        for value in values { append(le64: UInt64(value)) }
    }
}
