import Foundation

/// One build at a time per output folder: an exclusive `flock` on `.<name>.coursekit.lock`
/// beside it, held from cleaning up leftovers until the new output is swapped in. The lock
/// dies with its process (a killed build never leaves a stale lock), and the file keeps the
/// holder's process id so a waiting build can say whom it waits for.
///
/// The lock file stays: removing it would let a third build lock a new file while a second
/// still waits on the old one.
struct OutputLock {
    private let descriptor: Int32

    /// Whether a build that finds the lock taken waits for it or gives up at once.
    enum Contention: Sendable {
        /// Wait; `waiting` hears the holder's process id first (nil when unknown).
        case wait(waiting: @Sendable (Int32?) -> Void)
        case fail
    }

    enum Failure: Error {
        case busy(holder: Int32?)
        case io(String)
    }

    static func path(forOutput outputPath: String) -> String {
        let url = URL(fileURLWithPath: outputPath)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).coursekit.lock").path
    }

    init(output outputPath: String, contention: Contention) throws(Failure) {
        let path = Self.path(forOutput: outputPath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("cannot open the lock \(path): \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(descriptor)
            guard case .wait(let waiting) = contention else {
                close(descriptor)
                throw .busy(holder: holder)
            }
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw .io("cannot lock \(path): \(String(cString: strerror(errno)))")
                }
            }
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = descriptor
    }

    /// The process id the holder wrote, if it could be read.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Lets the next build in. (Also done by the system when the process ends, however it ends.)
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
