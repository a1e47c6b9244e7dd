import Foundation
import CourseModel

/// The version of an output file in the offline lists: the first 16 hex digits of the SHA-256
/// of its bytes. The service worker compares a file's version with the one it kept and fetches
/// again only what changed, so the versions must stay what earlier coursekits wrote: a faster
/// hash (XXH3 was measured at 2 % of a clean build's CPU less) would change every version once,
/// and every phone would download every course again, videos included.
enum FileVersion {
    static let digits = 16

    static func of(_ bytes: some DataProtocol) -> String {
        String(ContentHash.hex(bytes).prefix(digits))
    }

    /// A file's size and version, read a megabyte at a time (a video may be large); nil when it
    /// cannot be read.
    static func sizeAndVersion(ofFileAt path: String) -> (size: Int, version: String)? {
        ContentHash.sizeAndHash(ofFileAt: path).map { ($0.size, String($0.sha256.prefix(digits))) }
    }
}
