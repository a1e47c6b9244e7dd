import Foundation
import FlyingFox
import FlyingSocks
import CourseModel
import SiteBuilder
import CourseLoader

/// Serves a `PreviewSession`'s folder over HTTP with FlyingFox, and tells open pages, over a
/// WebSocket, when to reload or which problems to show.
///
/// Only what `serve` sends differs from a build's output: each HTML page gets the live-reload
/// script (`/__coursekit/live.js`, a file of the same origin, so the pages' policy lets it run),
/// the build it came from (`<meta name="coursekit-generation">`), and `connect-src 'self'` in
/// its policy, for the WebSocket. Requests are answered from the built folder only: a path
/// with `..`, a NUL, or one that resolves (through a link) outside the folder is not found.
public struct PreviewServer: Sendable {
    public let session: PreviewSession
    public let host: String
    public let port: UInt16

    public init(session: PreviewSession, host: String, port: UInt16) {
        self.session = session
        self.host = host
        self.port = port
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Serves until cancelled.
    public func run() async throws(Failure) {
        let address: sockaddr_in
        do {
            address = try .inet(ip4: host == "localhost" ? "127.0.0.1" : host, port: port)
        } catch {
            throw Failure(description: "--host \(host) is not an IPv4 address (like 127.0.0.1, or 0.0.0.0 to let phones on the network connect)")
        }
        let server = HTTPServer(address: address, logger: .disabled)
        let session = self.session
        await server.appendRoute("GET /__coursekit/live.js") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .init("Cache-Control"): "no-store"],
                         body: Self.liveScript)
        }
        await server.appendRoute("GET /__coursekit/socket", to: .webSocket(LiveMessages(session: session)))
        // No service worker in the preview: an author must see each save, never a copy kept
        // on the device. Its registration fails, and the course home offers no keeping.
        await server.appendRoute("GET /coursekit-sw.js") { _ in Self.notFound }
        await server.appendRoute("GET *") { request in
            await Self.file(request.path, session: session)
        }
        do {
            try await server.run()
        } catch is CancellationError {
            return
        } catch let error as SocketError {
            if case .failed(_, let errno, _) = error, errno == EADDRINUSE {
                throw Failure(description: "port \(port) is in use (another coursekit serve, or another server); choose another with --port")
            }
            throw Failure(description: "cannot serve on \(host):\(port): \(error)")
        } catch {
            throw Failure(description: "cannot serve on \(host):\(port): \(error)")
        }
    }

    static let liveScript: Data = {
        guard let url = Bundle.module.url(forResource: "live", withExtension: "js", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else { return Data() }
        return data
    }()

    /// The built file at a request path, or 404.
    static func file(_ requestPath: String, session: PreviewSession) async -> HTTPResponse {
        let root = await session.outputPath
        let generation = await session.state.generation
        guard let path = safePath(requestPath, under: root) else { return notFound }
        guard var data = FileManager.default.contents(atPath: path) else { return notFound }
        let type = contentType(path)
        if type.hasPrefix("text/html") { data = withLiveReload(data, generation: generation) }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .init("Cache-Control"): "no-store"], body: data)
    }

    static let notFound = HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("Not found\n".utf8))

    /// The file a request path names inside `root` (a folder's `index.html`), or nil when the
    /// path leaves it in any way.
    static func safePath(_ requestPath: String, under root: String) -> String? {
        let decoded = requestPath.removingPercentEncoding ?? requestPath
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !decoded.contains("\0"), !decoded.contains("\\"), !segments.contains(where: { $0 == ".." || $0 == "." }),
              let realRoot = ContentFiles.realPath(root) else { return nil }
        var candidate = ([realRoot] + segments.map(String.init)).joined(separator: "/")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
            candidate += "/index.html"
        }
        guard let real = ContentFiles.realPath(candidate), real.hasPrefix(realRoot + "/") else { return nil }
        return real
    }

    /// A page as `serve` sends it: the reload script, the build it belongs to, and a policy
    /// that lets the script open its WebSocket. (Nothing of this is in a build's output.)
    static func withLiveReload(_ page: Data, generation: Int) -> Data {
        var html = String(decoding: page, as: UTF8.self)
        // The policy as the template wrote it: escaped in the attribute.
        for quote in ["'", "&#39;", "&#x27;"] {
            html = html.replacingOccurrences(of: "connect-src \(quote)none\(quote)", with: "connect-src \(quote)self\(quote)")
        }
        let tags = "<meta name=\"coursekit-generation\" content=\"\(generation)\"><script src=\"/__coursekit/live.js\" defer></script>\n"
        if let head = html.range(of: "</head>") {
            html.insert(contentsOf: tags, at: head.lowerBound)
        } else {
            html += tags
        }
        return Data(html.utf8)
    }

    /// The media type, with the charset of every text file coursekit writes.
    static func contentType(_ path: String) -> String {
        let type = MediaType.of(path)
        return type.hasPrefix("text/") ? type + "; charset=utf-8" : type
    }
}

/// Each page's WebSocket: it is sent the session's state now and after every build.
struct LiveMessages: WSMessageHandler {
    let session: PreviewSession

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let updates = await session.updates()
        return AsyncStream { continuation in
            let task = Task {
                for await state in updates {
                    let json = (try? JSONSerialization.data(withJSONObject: ["generation": state.generation, "errors": state.errors])) ?? Data("{}".utf8)
                    continuation.yield(.text(String(decoding: json, as: UTF8.self)))
                }
                continuation.finish()
            }
            // The page closed: stop listening.
            let closing = Task {
                for await _ in client {}
                task.cancel()
                continuation.finish()
            }
            continuation.onTermination = { _ in
                task.cancel()
                closing.cancel()
            }
        }
    }
}
