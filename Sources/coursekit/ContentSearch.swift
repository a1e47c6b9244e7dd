import ArgumentParser
import Foundation

/// Where the content is when `--content` is not given, as git finds its repository: the folder
/// holding `site.yaml` — here or in a folder above (an author working inside a course folder),
/// or above the files a command is given (`translations stamp ../fr/x.fr.md`) — else
/// `./Content`. When none is found, the error says where it looked and how to say it.
enum ContentSearch {
    static func root(given: String?, near files: [String] = []) throws -> String {
        if let given { return given }
        let fileManager = FileManager.default
        let here = fileManager.currentDirectoryPath
        var tried: [String] = []
        let starts = files.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: here)).deletingLastPathComponent().standardizedFileURL.path }
            + [here]
        for start in starts {
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                tried.append(folder.path)
                if fileManager.fileExists(atPath: folder.appendingPathComponent("site.yaml").path) {
                    return folder.path == here ? "." : relative(folder.path, to: here)
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        if fileManager.fileExists(atPath: "\(here)/Content") { return "Content" }
        let places = Array(NSOrderedSet(array: starts).array as! [String])
        Terminal.printError("error: no content found: no site.yaml in \(places.joined(separator: ", ")) or any folder above \(places.count > 1 ? "them" : "it"), and no ./Content folder. "
                            + "Run coursekit in the folder that holds Content/, or name it: --content PATH")
        throw ExitCode.validationFailure
    }

    /// A folder beside the content root (`Output`, `Packages`): never inside it, where the next
    /// build would read it as content.
    static func beside(_ root: String, _ name: String) -> String {
        let parent = URL(fileURLWithPath: root).deletingLastPathComponent().standardizedFileURL.path
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        return parent == here ? name : relative("\(parent)/\(name)", to: here)
    }

    /// `path` from `folder`, when it lies below it; else as it is (absolute).
    private static func relative(_ path: String, to folder: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }
}
