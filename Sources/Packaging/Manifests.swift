import CourseModel
import Foundation

extension PackageBuilder {
    /// `packages.json` for hotspot catalogues, and a Kiwix `library.xml` so that
    /// `kiwix-serve --library library.xml` serves every ZIM at once. They list every package
    /// in the folder: this run's, and those of earlier runs still there as they were made
    /// (`earlierPackages`) — a partner who packages the Arabic ZIM today and the zips tomorrow
    /// into the same folder must not find the ZIM gone from the library. Returns what they list.
    func writeManifests(_ packages: [Package], site: Site) -> (listed: [Package], diagnostics: [Diagnostic]) {
        var (listed, diagnostics) = earlierPackages(besides: packages)
        listed = (listed + packages).sorted { $0.file < $1.file }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let json = try encoder.encode(Catalogue(packages: listed))
            try json.write(to: URL(fileURLWithPath: "\(options.outputFolder)/\(Self.catalogueName)"), options: .atomic)
            try Data(libraryXML(listed.filter { $0.format == "zim" }).utf8)
                .write(to: URL(fileURLWithPath: "\(options.outputFolder)/library.xml"), options: .atomic)
        } catch {
            diagnostics.append(.error("cannot write the package catalogues: \(error.localizedDescription)"))
        }
        return (listed, diagnostics)
    }

    static let catalogueName = "packages.json"

    struct Catalogue: Codable {
        var format = "coursekit-packages"
        var version = 1
        let packages: [Package]
    }

    /// The packages the folder's `packages.json` lists from earlier runs, other than those this
    /// run made again, each read back and kept only if its file is there with the size and
    /// SHA-256 listed: a file deleted since is dropped quietly, one changed since is dropped
    /// with a warning. Package files the catalogue does not know are named in a warning.
    func earlierPackages(besides current: [Package]) -> (packages: [Package], diagnostics: [Diagnostic]) {
        let folder = options.outputFolder
        let catalogue = "\(folder)/\(Self.catalogueName)"
        var diagnostics: [Diagnostic] = []
        var earlier: [Package] = []
        if let data = FileManager.default.contents(atPath: catalogue) {
            if let decoded = try? JSONDecoder().decode(Catalogue.self, from: data), decoded.format == "coursekit-packages" {
                earlier = decoded.packages
            } else {
                diagnostics.append(.warning("this catalogue cannot be read; it now lists only the packages made by this run",
                                            at: SourceLocation(file: catalogue)))
            }
        }
        let made = Set(current.map(\.file))
        var kept: [Package] = []
        for package in earlier where !made.contains(package.file) && Self.isPlainName(package.file) {
            let path = "\(folder)/\(package.file)"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let found = ContentHash.sizeAndHash(ofFileAt: path), found.size == package.size, found.sha256 == package.sha256 else {
                diagnostics.append(.warning("this package changed since coursekit made it; it is left out of packages.json and library.xml (make it again with coursekit package)",
                                            at: SourceLocation(file: path)))
                continue
            }
            kept.append(package)
        }
        let listed = made.union(kept.map(\.file))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where (name.hasSuffix(".zim") || name.hasSuffix(".zip")) && !name.hasPrefix(".") && !listed.contains(name) {
            diagnostics.append(.warning("this file is not in packages.json or library.xml (its entry was lost, or another tool made it); make it again with coursekit package to list it",
                                        at: SourceLocation(file: "\(folder)/\(name)")))
        }
        return (kept, diagnostics)
    }

    /// A package's file name as packages.json may give it: a name in the folder, never a path
    /// (a catalogue edited by hand must not make coursekit read elsewhere).
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".." && !name.hasPrefix(".")
    }

    func libraryXML(_ zims: [Package]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<library version=\"20110515\">\n"
        for zim in zims {
            guard let uuid = zim.uuid, let locale = zim.locales.first else { continue }
            let attributes: [(String, String)] = [
                ("id", uuid), ("path", zim.file), ("title", zim.title), ("language", PackageNaming.language3(LocaleID(locale))),
                ("creator", "coursekit"), ("publisher", options.publisher), ("date", zim.date),
                ("name", "coursekit_\(locale)_\(zim.course)"), ("tags", "_category:education;_ftindex:yes;coursekit;\(zim.course)"),
                ("size", String((zim.size + 1023) / 1024)),
            ]
            xml += "  <book " + attributes.map { "\($0.0)=\"\(Self.xmlEscape($0.1))\"" }.joined(separator: " ") + "/>\n"
        }
        return xml + "</library>\n"
    }

    /// Text for an XML attribute or element. Characters XML 1.0 cannot hold at all (control
    /// characters but tab and line ends, lone surrogates' stand-ins, U+FFFE/U+FFFF) are dropped:
    /// one of them in a course title made library.xml invalid and kiwix-serve refused the whole
    /// library.
    static func xmlEscape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: result += "&amp;"
            case 0x3C: result += "&lt;"
            case 0x3E: result += "&gt;"
            case 0x22: result += "&quot;"
            case 0x09, 0x0A, 0x0D: result.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x84, 0x86...0x9F, 0xFFFE, 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
