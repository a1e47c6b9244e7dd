/// The media type of an output file, by its extension: what a ZIM entry records and what
/// `serve` sends. One table, so a file is the same type wherever it is read.
public enum MediaType {
    public static func of(_ path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html"
        case "css": "text/css"
        case "js": "application/javascript"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "mp3": "audio/mpeg"
        case "mp4": "video/mp4"
        case "webm": "video/webm"
        case "pdf": "application/pdf"
        case "txt", "md": "text/plain"
        case "csv": "text/csv"
        default: "application/octet-stream"
        }
    }
}
