import Foundation
import Synchronization
import CourseModel

/// Compiled lesson files kept between builds: a file whose bytes and course settings are those
/// of an earlier build is not parsed again. Keyed by a hash of the file's bytes (XXH3-128,
/// `LessonReader.fileHash`), so a file rewritten with the same text is a hit and any changed
/// byte a miss; the parse's diagnostics are kept with it and reported again.
///
/// In memory, between the builds of one process (`coursekit serve`); and on disk, between
/// processes, when made with a `LessonPack` (`coursekit build` keeps one beside its output).
public final class CompiledLessonCache: Sendable {
    struct Entry: Sendable {
        let key: String
        let source: LessonSource?
        let diagnostics: [Diagnostic]
        /// The file's metadata when it was read (see `FileIdentity`).
        var identity: FileIdentity? = nil
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Entries compiled since the pack was read: what `save` adds to it.
    private let fresh = Mutex<[String: Entry]>([:])
    /// The files the last load read (`keepOnly`): what stays in the pack.
    private let kept = Mutex<Set<String>?>(nil)
    private let pack: LessonPack?
    private let found = Atomic<Int>(0)
    private let damaged = Atomic<Bool>(false)

    public init(pack: LessonPack? = nil) {
        self.pack = pack
        if pack?.wasDamaged == true { damaged.store(true, ordering: .relaxed) }
    }

    func entry(for path: String, key: String) -> Entry? {
        if let entry = entries.withLock({ $0[path] }), entry.key == key {
            found.add(1, ordering: .relaxed)
            return entry
        }
        switch pack?.take(path, key: key) {
        case .found(let stored):
            // Not copied into `entries`: the pack keeps it, and a build of thousands of lessons
            // spent a tenth of its loading copying them from one dictionary to the other.
            found.add(1, ordering: .relaxed)
            return Entry(key: key, source: stored.source, diagnostics: stored.diagnostics, identity: stored.identity)
        case .damaged:
            damaged.store(true, ordering: .relaxed)
            return nil
        case .missing, nil:
            return nil
        }
    }

    /// The entry of a file that was not read again: one whose metadata is as it was when it was
    /// compiled (`FileIdentity`), under course settings `settings` (the end of its key).
    func entry(for path: String, identity: FileIdentity, settings: String) -> Entry? {
        if let entry = entries.withLock({ $0[path] }), entry.key.hasSuffix(" " + settings), entry.identity?.vouches(for: identity) == true {
            found.add(1, ordering: .relaxed)
            return entry
        }
        guard let (key, stored) = pack?.take(path, identity: identity, settings: settings) else { return nil }
        found.add(1, ordering: .relaxed)
        return Entry(key: key, source: stored.source, diagnostics: stored.diagnostics, identity: stored.identity)
    }

    /// How many files were taken from the cache instead of parsed, since it was made.
    public var hits: Int { found.load(ordering: .relaxed) }

    /// Whether the pack on disk was found damaged or foreign (and was not trusted).
    public var packWasDamaged: Bool { damaged.load(ordering: .relaxed) }

    func store(_ entry: Entry, for path: String) {
        entries.withLock { $0[path] = entry }
        if pack != nil { fresh.withLock { $0[path] = entry } }
    }

    /// Forgets the files a load did not read (deleted or renamed), so memory follows the content.
    func keepOnly(_ paths: Set<String>) {
        entries.withLock { $0 = $0.filter { paths.contains($0.key) } }
        kept.withLock { $0 = paths }
        pack?.forgetDecoded()
    }

    /// How many files are kept.
    public var count: Int { entries.withLock { $0.count } }

    /// Writes what was compiled since the pack was read into it, and drops from it the files
    /// the last load did not read.
    public func save() {
        guard let pack else { return }
        let live = kept.withLock { $0 } ?? Set(entries.withLock { $0.keys })
        let new = fresh.withLock { entries in
            defer { entries = [:] }
            return entries.compactMap { path, entry in
                live.contains(path) ? (path: path, key: entry.key,
                                       stored: LessonPack.Stored(source: entry.source, diagnostics: entry.diagnostics, identity: entry.identity)) : nil
            }
        }
        pack.save(fresh: new, live: live)
    }
}
