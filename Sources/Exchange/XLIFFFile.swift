import Foundation
import Markdown
#if canImport(FoundationXML)
import FoundationXML
#endif

/// XLIFF 1.2, for tools that prefer it to PO (OmegaT, Trados, Crowdin, Weblate): one `<file>`
/// per lesson, one `<trans-unit>` per unit (`resname` is the context key), the reference as a
/// location context, the translator's note, `state="needs-review-translation"` and an
/// `<alt-trans>` with the previous source where the source changed.
public enum XLIFFFile {
    public static func write(_ catalog: LessonCatalog) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
        text += "  <file original=\"\(escaped(catalog.sourcePath))\" source-language=\"\(catalog.sourceLocale.code)\" "
        text += "target-language=\"\(catalog.locale.code)\" datatype=\"x-markdown\" tool-id=\"coursekit\">\n"
        text += "    <header>\n      <tool tool-id=\"coursekit\" tool-name=\"coursekit\"/>\n"
        text += "      <note from=\"coursekit\">source-stamp=\(catalog.sourceStamp) translation-hash=\(catalog.translationHash.isEmpty ? "none" : catalog.translationHash)</note>\n"
        text += "    </header>\n    <body>\n"
        for (index, unit) in catalog.units.enumerated() {
            text += "      <trans-unit id=\"u\(index + 1)\" resname=\"\(escaped(unit.key))\" xml:space=\"preserve\">\n"
            text += "        <source>\(escaped(unit.source))</source>\n"
            if !unit.target.isEmpty {
                text += "        <target state=\"\(unit.isFuzzy ? "needs-review-translation" : "translated")\">\(escaped(unit.target))</target>\n"
            }
            let (file, line) = splitReference(unit.reference)
            text += "        <context-group purpose=\"location\"><context context-type=\"sourcefile\">\(escaped(file))</context>"
            text += "<context context-type=\"linenumber\">\(line)</context></context-group>\n"
            text += "        <note from=\"developer\">\(escaped(unit.note))</note>\n"
            if unit.isFuzzy, let previous = unit.previousSource {
                text += "        <alt-trans><source>\(escaped(previous))</source></alt-trans>\n"
            }
            text += "      </trans-unit>\n"
        }
        return text + "    </body>\n  </file>\n</xliff>\n"
    }

    static func splitReference(_ reference: String) -> (String, String) {
        guard let colon = reference.lastIndex(of: ":") else { return (reference, "0") }
        return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
    }

    /// XML text and attribute values: what HTML escapes is what XML needs.
    static func escaped(_ text: String) -> String { HTMLText.escape(text) }

    // MARK: Reading

    /// The file's source path, the header note's fields and the units as PO entries.
    public static func read(_ data: Data) throws(POFile.ReadError) -> (header: [String: String], entries: [POFile.Entry]) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse() else {
            throw POFile.ReadError(message: "not valid XML: \(parser.parserError?.localizedDescription ?? "unreadable")", line: parser.lineNumber)
        }
        return (reader.header, reader.entries)
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var header: [String: String] = [:]
        var entries: [POFile.Entry] = []
        private var entry: POFile.Entry?
        private var text = ""
        private var reading: String?
        private var depthInAltTrans = 0
        private var inHeaderNote = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "file":
                header["X-Coursekit-Source"] = attributes["original"]
                header["Language"] = attributes["target-language"]
                header["X-Coursekit-Source-Locale"] = attributes["source-language"]
            case "trans-unit":
                entry = POFile.Entry(context: attributes["resname"] ?? attributes["id"] ?? "")
            case "alt-trans":
                depthInAltTrans += 1
            case "source" where depthInAltTrans == 0, "target" where depthInAltTrans == 0:
                reading = name
                text = ""
                if name == "target" {
                    entry?.line = parser.lineNumber
                    let state = attributes["state"] ?? "translated"
                    entry?.isFuzzy = state.hasPrefix("needs-") || state == "new"
                }
            case "note" where entry == nil:
                inHeaderNote = true
                text = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "alt-trans": depthInAltTrans -= 1
            case "source" where reading == "source": entry?.source = text; reading = nil
            case "target" where reading == "target": entry?.target = text; reading = nil
            case "trans-unit":
                if let entry { entries.append(entry) }
                entry = nil
            case "note" where inHeaderNote:
                inHeaderNote = false
                for field in text.split(separator: " ") {
                    let parts = field.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    if parts[0] == "source-stamp" { header["X-Coursekit-Source-Stamp"] = String(parts[1]) }
                    if parts[0] == "translation-hash" { header["X-Coursekit-Translation-Hash"] = String(parts[1]) }
                }
            default: break
            }
        }
    }
}
