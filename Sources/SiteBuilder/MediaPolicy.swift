import Foundation

/// An HTML file a course ships in its media (allowed by `allow_active_media`) is served beside
/// the pages, on the learners' own site: it gets the pages' content policy as its first `<meta>`,
/// so it loads nothing from elsewhere, runs no inline script and sends nothing anywhere — the
/// policy a web server adds (docs/deploy.md) cannot reach a file opened from a USB stick.
enum MediaPolicy {
    static func withPagesPolicy(_ html: Data) -> Data {
        let meta = Data("<meta http-equiv=\"Content-Security-Policy\" content=\"\(PageKit.contentSecurityPolicy)\">".utf8)
        let bytes = [UInt8](html)
        // First in the file — before any script it holds, even one written before `<head>` —
        // but after a byte-order mark and a doctype (before one, the page would fall into
        // quirks mode). The parser puts a leading <meta> into the head it makes.
        var insertAt = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var start = insertAt
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let doctype = Array("<!doctype".utf8)
        if bytes.count >= start + doctype.count, zip(bytes[start..<start + doctype.count], doctype).allSatisfy({ $0 | 0x20 == $1 | 0x20 }),
           let close = bytes[start...].firstIndex(of: UInt8(ascii: ">")) {
            insertAt = close + 1
        }
        var result = Data(bytes[..<insertAt])
        result.append(meta)
        result.append(contentsOf: bytes[insertAt...])
        return result
    }
}
