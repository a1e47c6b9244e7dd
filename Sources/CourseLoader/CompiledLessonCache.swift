import Foundation
import Synchronization
import CourseModel

/// Compiled lesson files kept between builds in one process (`coursekit serve`): a file whose
/// bytes and course settings are those of the last build is not parsed again. Keyed by the
/// SHA-256 of the file's bytes, so a file rewritten with the same text is a hit and any
/// changed byte a miss; the parse's diagnostics are kept with it and reported again.
public final class CompiledLessonCache: Sendable {
    struct Entry: Sendable {
        let key: String
        let source: LessonSource?
        let diagnostics: [Diagnostic]
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let found = Atomic<Int>(0)

    public init() {}

    func entry(for path: String, key: String) -> Entry? {
        let entry = entries.withLock { $0[path] }.flatMap { $0.key == key ? $0 : nil }
        if entry != nil { found.add(1, ordering: .relaxed) }
        return entry
    }

    /// How many files were taken from the cache instead of parsed, since it was made.
    public var hits: Int { found.load(ordering: .relaxed) }

    func store(_ entry: Entry, for path: String) {
        entries.withLock { $0[path] = entry }
    }

    /// Forgets the files a load did not read (deleted or renamed), so memory follows the content.
    func keepOnly(_ paths: Set<String>) {
        entries.withLock { $0 = $0.filter { paths.contains($0.key) } }
    }

    /// How many files are kept.
    public var count: Int { entries.withLock { $0.count } }
}
