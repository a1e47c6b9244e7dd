import Foundation
import Synchronization
import CFileSwap

/// Starts putting a new output on the disk while it is still being made. The output is made
/// durable by one syncfs before the swap (`OutputWriter.flushToDisk`); left to the end, that
/// syncfs waited for the whole tree with both cores idle (0.2–0.4 s of a 2.9 s clean build at
/// L). Each time another `interval` of bytes has been written, a thread of its own asks the
/// kernel to write out what is there so far while the pages go on being made, so the last
/// syncfs waits only for the rest.
///
/// An early flush's failure is kept and given by `finish`, and fails the build as the last
/// flush's would: Linux reports a write error to the first syncfs that asks, and not again to
/// a descriptor opened after it, so the last flush alone could miss it.
final class EarlyWriteback: Sendable {
    /// Bytes written between two early flushes.
    static let interval = 24 << 20

    private struct State {
        var written = 0
        var next = EarlyWriteback.interval
        var flushing = false
        var finished = false
        var failure: String?
    }

    private let folder: String
    private let flush: @Sendable (String) -> String?
    private let state = Mutex(State())
    private let flushes = DispatchGroup()
    private let queue = DispatchQueue(label: "coursekit.early-writeback")

    /// `flush` writes out the filesystem holding `folder`; it returns why it failed, or nil.
    init(folder: String, flush: @escaping @Sendable (String) -> String? = EarlyWriteback.syncFilesystem) {
        self.folder = folder
        self.flush = flush
    }

    static func syncFilesystem(_ folder: String) -> String? {
        coursekit_sync_filesystem(folder) == 0 ? nil : String(cString: strerror(errno))
    }

    /// `bytes` more were written under the folder.
    func wrote(_ bytes: Int) {
        let due = state.withLock { state -> Bool in
            state.written += bytes
            guard state.written >= state.next, !state.flushing, !state.finished else { return false }
            state.next = state.written + Self.interval
            state.flushing = true
            return true
        }
        guard due else { return }
        flushes.enter()
        queue.async { [self] in
            let failure = self.flush(folder)
            state.withLock { state in
                state.flushing = false
                state.failure = state.failure ?? failure
            }
            flushes.leave()
        }
    }

    /// No flush starts after this; returns when the one under way (if any) has ended, with the
    /// first early flush's failure (nil when every one succeeded).
    func finish() -> String? {
        state.withLock { $0.finished = true }
        flushes.wait()
        return state.withLock { $0.failure }
    }
}
