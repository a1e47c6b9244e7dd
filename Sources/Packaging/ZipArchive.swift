import Foundation

/// Writes zip archives that are the same bytes for the same files: entries in path order,
/// one fixed timestamp, no extra fields, no system-dependent attributes. Names are UTF-8
/// (flag bit 11), so Arabic file names survive. Archives stay under 4 GB (no zip64).
struct ZipArchive {
    struct Entry {
        let path: String
        let data: Data
    }

    /// The DOS date and time written for every entry.
    let date: DateComponents

    func archive(_ entries: [Entry]) -> Data {
        var output = Data()
        var central = Data()
        let (dosTime, dosDate) = dosTimestamp()
        for entry in entries.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            let name = Data(entry.path.utf8)
            let crc = Deflate.crc32(entry.data)
            let deflated = Deflate.raw(entry.data)
            let (method, body): (UInt16, Data) = deflated.count < entry.data.count ? (8, deflated) : (0, entry.data)
            let offset = UInt32(output.count)
            var local = Data()
            local.append(le32: 0x04034b50)
            local.append(le16: 20); local.append(le16: 0x0800); local.append(le16: method)
            local.append(le16: dosTime); local.append(le16: dosDate)
            local.append(le32: crc); local.append(le32: UInt32(body.count)); local.append(le32: UInt32(entry.data.count))
            local.append(le16: UInt16(name.count)); local.append(le16: 0)
            output.append(local); output.append(name); output.append(body)

            central.append(le32: 0x02014b50)
            central.append(le16: 0x031E)   // made by: Unix, spec 3.0, so the permissions below are read
            central.append(le16: 20); central.append(le16: 0x0800); central.append(le16: method)
            central.append(le16: dosTime); central.append(le16: dosDate)
            central.append(le32: crc); central.append(le32: UInt32(body.count)); central.append(le32: UInt32(entry.data.count))
            central.append(le16: UInt16(name.count)); central.append(le16: 0); central.append(le16: 0)
            central.append(le16: 0); central.append(le16: 0)
            central.append(le32: UInt32(0o100644) << 16)   // a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        let centralOffset = UInt32(output.count)
        output.append(central)
        output.append(le32: 0x06054b50)
        output.append(le16: 0); output.append(le16: 0)
        output.append(le16: UInt16(entries.count)); output.append(le16: UInt16(entries.count))
        output.append(le32: UInt32(central.count)); output.append(le32: centralOffset)
        output.append(le16: 0)
        return output
    }

    private func dosTimestamp() -> (time: UInt16, date: UInt16) {
        let year = max(1980, date.year ?? 1980), month = date.month ?? 1, day = date.day ?? 1
        let date = UInt16((year - 1980) << 9 | month << 5 | day)
        return (0, date)
    }
}

extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
