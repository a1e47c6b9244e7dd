import Foundation

/// What a file's metadata says about its bytes, as git's index keeps it: a lesson file whose
/// size, modification and change times, inode and device are those it had when it was compiled
/// is not read again. The change time cannot be set back by `touch`, `cp -p` or `rsync -t`. An
/// identity taken less than `racyWindow` after the file's last change is not trusted (a second
/// change within the same tick of a coarse clock, as on FAT's 2 seconds, could keep it): such a
/// file is read and hashed, as every file is when there is no identity.
public struct FileIdentity: Sendable, Equatable {
    var size: Int
    var modified: Int
    var changed: Int
    var inode: UInt64
    var device: UInt64
    /// When the identity was taken (nanoseconds since 1970).
    var takenAt: Int

    /// Longer than the coarsest file times met (FAT: 2 s).
    public static let racyWindow = 2_500_000_000

    init(size: Int, modified: Int, changed: Int, inode: UInt64, device: UInt64, takenAt: Int) {
        (self.size, self.modified, self.changed, self.inode, self.device, self.takenAt) = (size, modified, changed, inode, device, takenAt)
    }

    /// The identity of the regular file `name` in the folder open as `folder` (not following a
    /// last symlink): asked relative to the folder, not by walking the whole path again for
    /// each of thousands of files.
    static func of(_ name: String, inFolder folder: Int32) -> FileIdentity? {
        var status = stat()
        guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return FileIdentity(size: Int(status.st_size), modified: Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec),
                            changed: Int(status.st_ctim.tv_sec) * 1_000_000_000 + Int(status.st_ctim.tv_nsec),
                            inode: UInt64(status.st_ino), device: UInt64(status.st_dev),
                            takenAt: Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec))
    }

    /// Whether this identity, taken earlier, still vouches for the file that now has `current`.
    func vouches(for current: FileIdentity) -> Bool {
        size == current.size && modified == current.modified && changed == current.changed && inode == current.inode
            && device == current.device && max(modified, changed) < takenAt - Self.racyWindow
    }
}
