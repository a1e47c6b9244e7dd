internal import CZim
import Foundation

/// A ZIM file for the Kiwix readers, written with Debian's libzim through CZim.
///
/// One at a time in a process: two libzim writers at once (each with its Xapian indexes)
/// crashed the process as it exited, one run in two. So a writer holds `writing` from its
/// start to its finish or abandonment.
final class ZimArchive {
    private var handle: OpaquePointer?
    private var error = [CChar](repeating: 0, count: 512)
    private static let writing = NSLock()
    private var holdsLock = true

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts writing; `indexLanguage` (ISO 639-3) turns on the full-text index Kiwix searches.
    init(path: String, indexLanguage: String?, uuid: [UInt8]) throws(Failure) {
        Self.writing.lock()
        let started = uuid.withUnsafeBufferPointer { uuidBuffer in
            coursekit_zim_start(path, indexLanguage, uuidBuffer.baseAddress, &error, error.count)
        }
        guard let started else {
            releaseLock()
            throw Failure(description: message)
        }
        handle = started
    }

    private func releaseLock() {
        guard holdsLock else { return }
        holdsLock = false
        Self.writing.unlock()
    }

    func addItem(path: String, mimetype: String, title: String, data: Data, frontArticle: Bool) throws(Failure) {
        let status = data.withUnsafeBytes { buffer in
            coursekit_zim_add_item(handle, path, mimetype, title, buffer.baseAddress, buffer.count, frontArticle ? 1 : 0, &error, error.count)
        }
        if status != 0 { throw Failure(description: "\(path): \(message)") }
    }

    /// A file read from disk by libzim as it writes (media: never all in memory).
    func addFile(path: String, mimetype: String, filePath: String) throws(Failure) {
        if coursekit_zim_add_file(handle, path, mimetype, "", filePath, &error, error.count) != 0 { throw Failure(description: "\(path): \(message)") }
    }

    func addMetadata(_ name: String, _ value: String) throws(Failure) {
        if coursekit_zim_add_metadata(handle, name, value, &error, error.count) != 0 { throw Failure(description: "\(name): \(message)") }
    }

    func addIllustration(size: UInt32, png: Data) throws(Failure) {
        let status = png.withUnsafeBytes { buffer in
            coursekit_zim_add_illustration(handle, size, buffer.baseAddress, buffer.count, &error, error.count)
        }
        if status != 0 { throw Failure(description: "illustration: \(message)") }
    }

    func setMainPath(_ path: String) { coursekit_zim_set_main_path(handle, path) }

    func finish() throws(Failure) {
        let finishing = handle
        handle = nil
        defer { releaseLock() }
        if coursekit_zim_finish(finishing, &error, error.count) != 0 { throw Failure(description: message) }
    }

    deinit {
        if let handle { coursekit_zim_abandon(handle) }
        releaseLock()
    }

    private var message: String {
        String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
