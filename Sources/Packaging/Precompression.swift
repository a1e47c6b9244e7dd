import Foundation
import Zlib
import SiteBuilder

/// Writes `page.html.gz` beside `page.html` (and the same for CSS, JS, SVG, JSON, XML, text),
/// so nginx's `gzip_static on` sends the compressed file with no work on a camp's small server.
/// Only when it saves space; media copied from the content are compressed when they are SVG.
public enum Precompression {
    static let extensions: Set<String> = ["html", "css", "js", "svg", "json", "xml", "txt", "md"]

    /// A `.gz` file beside each text file, made when it is written (a deferred page is then
    /// rendered a second time, for its `.gz`; the build keeps no page in memory).
    public static func addingGzipFiles(_ files: [OutputFile]) -> [OutputFile] {
        var result = files
        for file in files where !file.isSummary {   // a summary is small, and made only when written
            guard let dot = file.path.lastIndex(of: "."), extensions.contains(String(file.path[file.path.index(after: dot)...]).lowercased()) else { continue }
            result.append(.deferred(file.path + ".gz", fingerprint: file.fingerprint.map { "gzip " + $0 }) {
                guard let data = file.bytes(), data.count > 256 else { return nil }
                let compressed = Deflate.gzip(data)
                return !compressed.isEmpty && compressed.count < data.count ? compressed : nil
            })
        }
        return result.sorted { $0.path < $1.path }
    }
}
