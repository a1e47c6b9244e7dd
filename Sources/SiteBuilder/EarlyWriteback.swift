import Foundation
import Synchronization
import CFileSwap

/// Starts putting a new output on the disk while it is still being made. The output is made
/// durable by one syncfs before the swap (`OutputWriter.flushToDisk`); left to the end, that
/// syncfs waited for the whole tree with both cores idle (0.2–0.4 s of a 2.9 s clean build at
/// L). Each time another `interval` of bytes has been written, a thread of its own asks the
/// kernel to write out what is there so far while the pages go on being made, so the last
/// syncfs waits only for the rest. Nothing here is needed for durability: the last syncfs is.
final class EarlyWriteback: Sendable {
    /// Bytes written between two early flushes.
    static let interval = 24 << 20

    private struct State {
        var written = 0
        var next = EarlyWriteback.interval
        var flushing = false
        var finished = false
    }

    private let folder: String
    private let flush: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let flushes = DispatchGroup()
    private let queue = DispatchQueue(label: "coursekit.early-writeback")

    /// `flush` writes out the filesystem holding `folder` (a failure shows in the last,
    /// checked syncfs).
    init(folder: String, flush: @escaping @Sendable (String) -> Void = { _ = coursekit_sync_filesystem($0) }) {
        self.folder = folder
        self.flush = flush
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
            self.flush(folder)
            state.withLock { $0.flushing = false }
            flushes.leave()
        }
    }

    /// No flush starts after this; returns when the one under way (if any) has ended.
    func finish() {
        state.withLock { $0.finished = true }
        flushes.wait()
    }
}
