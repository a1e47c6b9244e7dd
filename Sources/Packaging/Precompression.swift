import Foundation
import SiteBuilder

/// Writes `page.html.gz` beside `page.html` (and the same for CSS, JS, SVG, JSON, XML, text),
/// so nginx's `gzip_static on` sends the compressed file with no work on a camp's small server.
/// Only when it saves space; media copied from the content are compressed when they are SVG.
public enum Precompression {
    static let extensions: Set<String> = ["html", "css", "js", "svg", "json", "xml", "txt", "md"]

    public static func addingGzipFiles(_ files: [OutputFile]) -> [OutputFile] {
        var result = files
        for file in files {
            guard let dot = file.path.lastIndex(of: "."), extensions.contains(String(file.path[file.path.index(after: dot)...]).lowercased()) else { continue }
            let data: Data?
            switch file.content {
            case .data(let bytes): data = bytes
            case .copy(let source): data = FileManager.default.contents(atPath: source)
            }
            guard let data, data.count > 256 else { continue }
            let compressed = Deflate.gzip(data)
            if !compressed.isEmpty && compressed.count < data.count {
                result.append(OutputFile(path: file.path + ".gz", content: .data(compressed)))
            }
        }
        return result.sorted { $0.path < $1.path }
    }
}
