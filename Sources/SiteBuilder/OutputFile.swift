import Foundation

/// One file of a build, by its path inside the output folder.
public struct OutputFile: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case data(Data)
        /// Copied from a content file (media) at write time, so big videos are not held in memory.
        case copy(fromAbsolutePath: String)
    }

    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    public static func text(_ path: String, _ text: String) -> OutputFile {
        OutputFile(path: path, content: .data(Data(text.utf8)))
    }
}
