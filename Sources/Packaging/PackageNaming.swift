import Crypto
import SiteBuilder
import CourseModel
import Foundation

/// Names and codes the Kiwix catalogue and partners' hotspots expect.
enum PackageNaming {
    /// `data-basics_ar_2026-11.zim`: course, locales, month, like Kiwix's own catalogue names.
    static func fileName(course: String, locales: [LocaleID], date: DateComponents, suffix: String) -> String {
        "\(course)_\(locales.map(\.code).joined(separator: "-"))_\(month(date))\(suffix)"
    }

    static func month(_ date: DateComponents) -> String {
        String(format: "%04d-%02d", date.year ?? 1970, date.month ?? 1)
    }

    static func day(_ date: DateComponents) -> String {
        String(format: "%04d-%02d-%02d", date.year ?? 1970, date.month ?? 1, date.day ?? 1)
    }

    /// ISO 639-3 codes, which ZIM metadata and the Kiwix apps use.
    static let iso639_3: [String: String] = [
        "ar": "ara", "en": "eng", "fr": "fra", "fa": "fas", "prs": "prs", "ckb": "ckb", "ku": "kur", "kmr": "kmr",
        "ps": "pus", "ur": "urd", "uk": "ukr", "ru": "rus", "es": "spa", "pt": "por", "de": "deu", "tr": "tur",
        "so": "som", "ti": "tir", "am": "amh", "sw": "swa", "ha": "hau", "bn": "ben", "my": "mya", "he": "heb",
    ]

    static func language3(_ locale: LocaleID) -> String { iso639_3[locale.language] ?? locale.language }

    static func mimetype(_ path: String) -> String { MediaType.of(path) }

    /// An archive's UUID, from its name and every file in it (version 4 and variant bits set):
    /// the same course makes the same book, and a changed one a new book for Kiwix libraries.
    static func uuid(for name: String, contents files: [OutputFile]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("\(name)\n".utf8))
        for file in files {
            hasher.update(data: Array("\(file.path)\n".utf8))
            switch file.content {
            case .copy(let source): hasher.update(data: Array((ContentHash.sizeAndHash(ofFileAt: source)?.sha256 ?? "unreadable").utf8))
            default: hasher.update(data: file.bytes() ?? Data())
            }
        }
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    static func uuidString(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.map(String.init).joined(separator: "-")
    }

    /// Text shortened to `limit` characters, with an ellipsis, for ZIM's Title (30) and Description (80).
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
