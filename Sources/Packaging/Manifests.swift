import CourseModel
import Foundation

extension PackageBuilder {
    /// `packages.json` for hotspot catalogues, and a Kiwix `library.xml` so that
    /// `kiwix-serve --library library.xml` serves every ZIM at once.
    func writeManifests(_ packages: [Package], site: Site) -> [Diagnostic] {
        let sorted = packages.sorted { $0.file < $1.file }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var diagnostics: [Diagnostic] = []
        do {
            let json = try encoder.encode(Catalogue(packages: sorted))
            try json.write(to: URL(fileURLWithPath: "\(options.outputFolder)/packages.json"), options: .atomic)
            try Data(libraryXML(sorted.filter { $0.format == "zim" }).utf8)
                .write(to: URL(fileURLWithPath: "\(options.outputFolder)/library.xml"), options: .atomic)
        } catch {
            diagnostics.append(.error("cannot write the package catalogues: \(error.localizedDescription)"))
        }
        return diagnostics
    }

    struct Catalogue: Encodable {
        let format = "coursekit-packages"
        let version = 1
        let packages: [Package]
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
