import Foundation
import Synchronization

/// One file of a build, by its path inside the output folder.
public struct OutputFile: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case data(Data)
        /// Copied from a content file (media) at write time, so big videos are not held in memory.
        case copy(fromAbsolutePath: String)
        /// Made at write time (a lesson page), so a build never holds every page in memory and
        /// pages are rendered on every core while others are written. Nil: no file after all
        /// (a `.gz` that would not be smaller).
        case deferred(DeferredContent)
        /// Made after every other file of the output, from their sizes (a course's list of
        /// files for keeping it on a phone, which says how much it will download).
        case summary(SummaryContent)
    }

    public var path: String
    public var content: Content
    /// SHA-256 of everything the file is made from (`Fingerprint`), for the files that have
    /// one: a file whose fingerprint is the one the previous build wrote at the same path is
    /// taken from the previous output as it is, neither made nor written again.
    public var fingerprint: String?

    public init(path: String, content: Content, fingerprint: String? = nil) {
        self.path = path
        self.content = content
        self.fingerprint = fingerprint
    }

    public static func text(_ path: String, _ text: String) -> OutputFile {
        OutputFile(path: path, content: .data(Data(text.utf8)))
    }

    /// A file made when it is written.
    public static func deferred(_ path: String, fingerprint: String? = nil, _ make: @escaping @Sendable () -> Data?) -> OutputFile {
        OutputFile(path: path, content: .deferred(DeferredContent(make)), fingerprint: fingerprint)
    }

    /// The file's bytes (nil when a deferred file turns out not to be written). A summary made
    /// here, outside a write, knows no sizes.
    public func bytes() -> Data? {
        switch content {
        case .data(let data): data
        case .copy(let source): FileManager.default.contents(atPath: source)
        case .deferred(let deferred): deferred.make()
        case .summary(let summary): summary.make { _ in nil }
        }
    }

    public var isSummary: Bool {
        if case .summary = content { true } else { false }
    }
}

/// The maker of a summary file, given the size and version (`FileVersion`) of any other file
/// of the output by its path (nil: no such file).
public final class SummaryContent: Sendable, Equatable {
    public let make: @Sendable (_ facts: (String) -> FileFacts?) -> Data

    public init(_ make: @escaping @Sendable (_ facts: (String) -> FileFacts?) -> Data) {
        self.make = make
    }

    public static func == (lhs: SummaryContent, rhs: SummaryContent) -> Bool { lhs === rhs }
}

/// What a summary reads of another file of the output.
public struct FileFacts: Sendable {
    public var size: Int
    /// `FileVersion`: a hash of its bytes.
    public var version: String
}

/// The maker of a deferred file; two are equal only when they are the same maker.
public final class DeferredContent: Sendable, Equatable {
    public let make: @Sendable () -> Data?

    public init(_ make: @escaping @Sendable () -> Data?) {
        self.make = make
    }

    public static func == (lhs: DeferredContent, rhs: DeferredContent) -> Bool { lhs === rhs }
}

extension RenderedSite {
    /// Every deferred file made now, on every core: for a tree several formats read (a course
    /// in one locale goes into a ZIM file and a Kolibri app), so each page is rendered once.
    public func materialized() -> RenderedSite {
        let deferred = files.indices.filter { if case .deferred = files[$0].content { true } else { false } }
        let bytes = [Data?].concurrentlyMade(count: deferred.count) { index in files[deferred[index]].bytes() }
        let results = Dictionary(uniqueKeysWithValues: zip(deferred, bytes))
        var copy = self
        copy.files = files.indices.compactMap { index in
            guard let result = results[index] else { return files[index] }
            return result.map { OutputFile(path: files[index].path, content: .data($0), fingerprint: files[index].fingerprint) }
        }
        return copy
    }
}
