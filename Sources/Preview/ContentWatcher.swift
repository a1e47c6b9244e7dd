import Foundation

/// Tells when something under the content folder may have changed, with Linux's inotify: each
/// folder is watched (new ones as they appear), and the kernel wakes the preview at a save
/// instead of the preview stat-ing every file four times a second (80 ms a time at 4,500
/// lessons). An event only says "look": the preview still compares the content's metadata
/// hash, so an event that changed nothing builds nothing. Nil where inotify cannot be used (a
/// full watch table, another system): the preview then polls.
final class ContentWatcher: @unchecked Sendable {
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "coursekit.serve.watcher")
    /// Watch descriptor → folder; touched only on `queue`.
    private var folders: [Int32: String] = [:]
    private static let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
                                     | IN_DELETE_SELF | IN_MOVE_SELF)

    init?(root: String) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        var ok = true
        queue.sync { ok = self.watchTree(root) }
        guard ok else {
            close(descriptor)
            return nil
        }
    }

    deinit {
        close(descriptor)
    }

    /// Waits up to `milliseconds` for events; true when any came (all pending ones are read).
    func waitForEvents(milliseconds: Int32) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.drain(milliseconds: milliseconds)) }
        }
    }

    private func drain(milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var any = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            any = true
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: inotify_event.self) }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, event.len > 0,
                   let folder = folders[event.wd] {
                    let name = String(decoding: buffer[nameStart..<(nameStart + Int(event.len))].prefix { $0 != 0 }, as: UTF8.self)
                    if !name.hasPrefix(".") { _ = watchTree("\(folder)/\(name)") }
                }
                offset = nameStart + Int(event.len)
            }
        }
        return any
    }

    /// Watches a folder and every folder below it (hidden ones aside, as the loader skips them).
    private func watchTree(_ folder: String) -> Bool {
        let added = inotify_add_watch(descriptor, folder, Self.mask)
        guard added >= 0 else { return false }
        folders[added] = folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = "\(folder)/\(name)"
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue, !watchTree(path) { return false }
        }
        return true
    }
}
