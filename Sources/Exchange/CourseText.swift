import Foundation
import CourseModel
import CourseLoader
import YAML

/// The course's own texts as units — its title and description (course.yaml) and each module's
/// title (module.yaml) — exported beside its lessons as `course.<locale>.po`, and written back
/// into those files' per-locale maps on import.
public enum CourseText {
    /// The catalog of a course's texts in `locale`, its targets what the files say already.
    public static func catalog(of course: Course, locale: LocaleID) -> LessonCatalog {
        let source = course.sourceLocale
        var units: [ExchangeUnit] = []
        func add(_ key: String, _ kind: UnitKind, _ text: LocalizedText, file: String, note: String) {
            guard let original = text[source], !original.isEmpty else { return }
            var unit = ExchangeUnit(key: key, kind: kind, source: original, reference: "\(file):1", note: note)
            unit.target = text[locale] ?? ""
            units.append(unit)
        }
        let courseFile = "\(course.id)/course.yaml"
        add("\(course.id)/title", .courseTitle, course.title, file: courseFile, note: "the course's title, in the catalog and on every page")
        add("\(course.id)/description", .courseDescription, course.description, file: courseFile, note: "the course's description, in the catalog")
        for module in course.modules {
            add("\(course.id)/\(module.slug)/title", .moduleTitle, module.title, file: "\(module.directory)/module.yaml", note: "a module's title")
        }
        return LessonCatalog(sourcePath: courseFile, sourceLocale: source, locale: locale, sourceStamp: "", translationHash: "", units: units)
    }

    /// Writes the translated texts of `entries` into course.yaml and module.yaml files; returns
    /// the files changed, or a problem.
    static func write(_ entries: [String: POFile.Entry], course: Course, locale: LocaleID, files: ContentFiles) -> Result<[String], ImportProblem> {
        var changed: [String] = []
        var edits: [(file: String, key: String, text: String)] = []
        for unit in catalog(of: course, locale: locale).units {
            guard let entry = entries[unit.key], !entry.target.isEmpty, !entry.isFuzzy, entry.source == unit.source else { continue }
            if let problem = MarkupCheck.problems(source: unit.source, target: entry.target, kind: unit.kind).first {
                return .failure(ImportProblem(message: "'\(unit.key)': \(problem)", line: entry.line))
            }
            let file = unit.kind == .moduleTitle
                ? (course.modules.first { "\(course.id)/\($0.slug)/title" == unit.key }.map { "\($0.directory)/module.yaml" } ?? "")
                : "\(course.id)/course.yaml"
            edits.append((file, unit.kind == .courseDescription ? "description" : "title", entry.target))
        }
        for (file, fileEdits) in Dictionary(grouping: edits, by: \.file) {
            guard var text = (try? files.readText(file)) ?? (file.hasSuffix("module.yaml") ? "" : nil) else {
                return .failure(ImportProblem(message: "\(files.displayPath(file)) cannot be read", line: 0))
            }
            for edit in fileEdits {
                guard let updated = settingText(edit.text, of: edit.key, in: locale, sourceLocale: course.sourceLocale, yaml: text) else {
                    return .failure(ImportProblem(message: "\(files.displayPath(file)): '\(edit.key)' cannot be updated (it is not text or a map of locale to text)", line: 0))
                }
                text = updated
            }
            guard let absolute = files.absolutePath(file) ?? files.absolutePath(String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])).map({ $0 + "/module.yaml" }),
                  (try? Data(text.utf8).write(to: URL(fileURLWithPath: absolute), options: .atomic)) != nil else {
                return .failure(ImportProblem(message: "cannot write \(files.displayPath(file))", line: 0))
            }
            changed.append(file)
        }
        return .success(changed.sorted())
    }

    struct ImportProblem: Error {
        var message: String
        var line: Int
    }

    /// `yaml` with `key`'s text in `locale` set to `text`: the key's value written again as a
    /// block map of locale to quoted text (its other locales kept), the rest of the file as it is.
    static func settingText(_ text: String, of key: String, in locale: LocaleID, sourceLocale: LocaleID, yaml: String) -> String? {
        guard let root = try? YAMLParser().parse(yaml) ?? .mapping([], YAMLMark(line: 1, column: 1)), let pairs = root.pairs else { return nil }
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var values: [(String, String)] = []
        var range: Range<Int>
        if let index = pairs.firstIndex(where: { $0.key.string == key }) {
            let value = pairs[index].value
            if let plain = value.string {
                values = [(sourceLocale.code, plain)]
            } else if let map = value.pairs {
                values = map.compactMap { pair in pair.key.string.flatMap { code in pair.value.string.map { (code, $0) } } }
            } else {
                return nil
            }
            let first = pairs[index].key.mark.line - 1
            let next = index + 1 < pairs.count ? pairs[index + 1].key.mark.line - 1 : lines.count
            // The value's lines, without the blank lines and comments before the next key.
            var end = next
            while end > first + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty || lines[end - 1].hasPrefix("#") { end -= 1 }
            range = first..<end
        } else {
            range = lines.count..<lines.count
        }
        if let existing = values.firstIndex(where: { $0.0 == locale.code }) { values[existing].1 = text } else { values.append((locale.code, text)) }
        let written = ["\(key):"] + values.map { "  \($0.0): \($0.1.yamlDoubleQuoted)" }
        lines.replaceSubrange(range, with: written)
        return lines.joined(separator: "\n") + "\n"
    }
}
