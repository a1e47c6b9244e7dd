import Foundation
import SiteBuilder

/// Paths of the fixtures shipped with the tests, and throwaway content trees written per test.
enum Fixtures {
    static var tree: String {
        Bundle.module.url(forResource: "Fixtures/tree", withExtension: nil)!.path
    }

    /// A new empty folder, inside this test run's folder.
    static func temporaryFolder(_ name: String = "coursekit-test") -> String {
        let path = "\(runFolder)/\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// One folder under the system's temporary folder for the whole test run, removed when the
    /// run ends: the tests make some two hundred sites and outputs, and left them all behind.
    static let runFolder: String = {
        let path = NSTemporaryDirectory() + "coursekit-tests-\(getpid())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.runFolder) }
        return path
    }()

    /// A copy of the fixture tree that a test may change.
    static func copyOfTree() -> String {
        let destination = temporaryFolder() + "/Content"
        try! FileManager.default.copyItem(atPath: tree, toPath: destination)
        return destination
    }

    /// Writes `files` (content-relative path → text) into a new content folder.
    static func content(_ files: [String: String]) -> String {
        let root = temporaryFolder() + "/Content"
        for (path, text) in files { write(text, to: "\(root)/\(path)") }
        return root
    }

    static func write(_ text: String, to path: String) {
        write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! data.write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Every file below a folder with its bytes, for byte-for-byte comparisons of two outputs.
    static func snapshot(_ root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
        for case let relative as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(relative)", isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: "\(root)/\(relative)")
            }
        }
        return result
    }

    /// A minimal valid site with one course and the given lesson files (module `01-m`).
    static func minimalSite(lessons: [String: String], extra: [String: String] = [:]) -> String {
        var files: [String: String] = [
            "site.yaml": "title: Test\nlocales: [en, fr, ar]\n",
            "c/course.yaml": "title: {en: Course}\nsource_locale: en\n",
            "c/01-m/module.yaml": "title: {en: Module}\n",
        ]
        for (name, text) in lessons { files["c/01-m/\(name)"] = text }
        files.merge(extra) { _, new in new }
        return content(files)
    }

    /// Builds `minimalSite(lessons:)` and returns the output folder; nil when nothing was written.
    static func builtMinimalSite(lessons: [String: String]) -> String? {
        let output = temporaryFolder() + "/Output"
        return SiteBuild(contentRoot: minimalSite(lessons: lessons), outputPath: output).run().wrote ? output : nil
    }
}
