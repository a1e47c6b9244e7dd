import Foundation
import CourseModel

/// Keeping a course on a learner's phone, for a site served over HTTP(S) (a camp server): the
/// service worker at the top of the site (`coursekit-sw.js`) downloads what a course's list
/// (`<course>/<locale>/offline.json`) names, answers from it when there is no network, and later
/// fetches only the files whose version changed. The web app manifest beside the list lets the
/// learner add the course to the home screen. Not in packages: a ZIM file or a Kolibri app is
/// already on the device, and on file:// a service worker cannot run.
enum OfflineCourse {
    static let workerPath = "coursekit-sw.js"

    static func listPath(_ course: String, _ locale: LocaleID) -> String { "\(course)/\(locale.code)/offline.json" }

    static func manifestPath(_ course: String, _ locale: LocaleID) -> String { "\(course)/\(locale.code)/manifest.webmanifest" }

    /// The service worker, from coursekit's resources.
    static func worker() -> OutputFile? {
        guard let theme = Bundle.module.url(forResource: "Theme", withExtension: nil),
              let data = try? Data(contentsOf: theme.appendingPathComponent("offline/coursekit-sw.js")) else { return nil }
        return OutputFile(path: workerPath, content: .data(data))
    }

    /// The list of one course in one locale: its pages in that locale, its assets and media,
    /// each with its size and the version of its bytes (`FileVersion`: the service worker
    /// fetches a file again only when that changed). Made after the other files are written;
    /// its fingerprint covers what they are made from, so a build that changed none of them
    /// takes it as it was. `files` are the listed files with what each is made from
    /// (`inputs(of:)`).
    static func list(course: String, locale: LocaleID, siteID: String, files: [(path: String, inputs: String)]) -> OutputFile {
        let sorted = files.sorted { $0.path < $1.path }
        let paths = sorted.map(\.path)
        var fingerprint = Fingerprint()
        fingerprint.add(["offline list 1", siteID, course, locale.code])
        for file in sorted { fingerprint.add([file.path, file.inputs]) }
        return OutputFile(path: listPath(course, locale), content: .summary(SummaryContent { facts in
            var total = 0
            let listed: [JSONValue] = paths.compactMap { path in
                guard let found = facts(path) else { return nil }   // a deferred file that came to nothing
                total += found.size
                return .object(["path": .string(path), "version": .string(found.version), "size": .number(found.size)])
            }
            let list = JSONValue.object([
                "format": .string("coursekit-offline"), "version": .number(1), "site": .string(siteID), "course": .string(course),
                "locale": .string(locale.code), "bytes": .number(total), "files": .array(listed),
            ])
            return Data((list.text + "\n").utf8)
        }), fingerprint: fingerprint.finalize())
    }

    /// What a file is made from, for the list's fingerprint: its own fingerprint, its bytes' hash,
    /// or a media file's size and modification time.
    static func inputs(of file: OutputFile) -> String {
        if let fingerprint = file.fingerprint { return fingerprint }
        switch file.content {
        case .data(let data): return ContentHash.hex(data)
        case .copy(let source):
            var status = stat()
            guard stat(source, &status) == 0 else { return "missing" }
            return "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
        case .deferred, .summary: return "made \(UUID())"   // unknown: made again every build
        }
    }

    /// The web app manifest: the course's name in the locale, its language and direction, where
    /// it starts, and the site's icon.
    static func webManifest(course: String, locale: LocaleID, name: String, direction: TextDirection, icon: String) -> OutputFile {
        let manifest = JSONValue.object([
            "name": .string(name), "short_name": .string(name), "lang": .string(locale.code), "dir": .string(direction.rawValue),
            "start_url": .string("index.html"), "scope": .string("./"), "display": .string("standalone"),
            "background_color": .string("#ffffff"), "theme_color": .string("#0b5cad"),
            "icons": .array([.object(["src": .string(icon), "sizes": .string("48x48"), "type": .string("image/png")])]),
        ])
        return OutputFile(path: manifestPath(course, locale), content: .data(Data((manifest.text + "\n").utf8)))
    }
}
