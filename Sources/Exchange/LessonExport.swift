import Foundation
import CourseModel
import CourseLoader
import Translation

/// Makes a lesson's catalog for one locale: the source's units with their keys, references and
/// notes; the translation's text as targets where there is one, lined up block by block; and,
/// where the source changed since the translation's stamp, those units marked to review with
/// the text they were translated from (from git, when it has that version).
public struct LessonExport: Sendable {
    let course: Course
    let files: ContentFiles
    /// Earlier versions of a source file, newest first (git), to recover a changed unit's
    /// previous text; nil when there is no history.
    let history: (@Sendable (String) -> [String])?

    public init(course: Course, files: ContentFiles, history: (@Sendable (String) -> [String])? = nil) {
        self.course = course
        self.files = files
        self.history = history
    }

    public enum Failure: Error, Equatable {
        case unreadable(String)
    }

    public func catalog(of lesson: Lesson, locale: LocaleID) throws(Failure) -> LessonCatalog {
        guard let source = lesson.sources[course.sourceLocale], let stamp = source.units?.stamp else {
            throw .unreadable("lesson '\(lesson.slug)' has no file in the source locale")
        }
        let sourceText = try text(source)
        var units = Self.units(of: sourceText, lessonID: lesson.id, reference: source.path)   // content-relative: the same wherever it is exported
        var translationHash = ""
        if let translation = lesson.sources[locale] {
            let translated = try text(translation)
            translationHash = (try? files.readData(translation.path)).map { ContentHash.hex($0) } ?? ""
            fill(&units, from: translated, source: sourceText)
            markChanged(&units, translation: translation, source: sourceText, stamp: stamp)
        }
        return LessonCatalog(sourcePath: source.path, sourceLocale: course.sourceLocale, locale: locale,
                             sourceStamp: stamp.description, translationHash: translationHash, units: units)
    }

    private func text(_ source: LessonSource) throws(Failure) -> LessonText {
        guard let text = try? files.readText(source.path), let cut = LessonText(source, text: text) else {
            throw .unreadable("\(files.displayPath(source.path)) cannot be read as a lesson")
        }
        return cut
    }

    // MARK: Units

    static let keepMarkup = "keep `code`, links, [[blanks]] and **markup** as they are"

    /// The units of a lesson file in order: title, objectives, then the body's units and each
    /// exercise's fields where the exercise stands.
    static func units(of lesson: LessonText, lessonID: String, reference: String) -> [ExchangeUnit] {
        let source = lesson.source
        let line = { (bodyLine: Int) in "\(reference):\(source.fileLine(bodyLine))" }
        var units = [ExchangeUnit(key: "\(lessonID)/title", kind: .title, source: source.title, reference: "\(reference):1",
                                  note: "lesson title")]
        for (index, objective) in source.objectives.enumerated() {
            units.append(ExchangeUnit(key: "\(lessonID)/objective-\(index + 1)", kind: .objective, source: objective,
                                      reference: "\(reference):1", note: "learning objective \(index + 1); \(keepMarkup)"))
        }
        let headings = source.compiled.headings
        var counts: [String: Int] = [:]
        let exercises = lesson.exercises
        for piece in lesson.segments.pieces {
            switch piece {
            case .kept: continue
            case .unit(let index):
                let unit = lesson.segments.units[index]
                let section = headings.last { $0.line <= unit.line }?.anchor ?? "introduction"
                let name = unit.kind == .heading ? "heading" : Self.shortName(unit.kind)
                let counter = "\(section)/\(name)"
                counts[counter, default: 0] += 1
                let key = unit.kind == .heading ? "\(lessonID)/\(section)/heading" : "\(lessonID)/\(counter)-\(counts[counter]!)"
                units.append(ExchangeUnit(key: key, kind: unit.kind, source: unit.text, reference: line(unit.line),
                                          note: "\(unit.kind.rawValue); \(keepMarkup)"))
            case .exercise(let index):
                guard index < exercises.count else { continue }
                let exercise = exercises[index]
                for field in ExerciseFields(exercise).fields {
                    units.append(ExchangeUnit(key: "\(lessonID)/exercise-\(exercise.id)/\(field.name)", kind: field.kind, source: field.text,
                                              reference: "\(reference):\(exercise.line)",
                                              note: "\(exercise.kind.rawValue) exercise, \(field.note); \(keepMarkup)"))
                }
            }
        }
        return units
    }

    static func shortName(_ kind: UnitKind) -> String {
        switch kind {
        case .listItem: "item"
        case .tableCell: "cell"
        case .imageAlt: "image"
        case .quote: "quote"
        default: kind.rawValue
        }
    }

    // MARK: Lining up a translation

    /// Targets from a translation: title and objectives by place, exercise fields by exercise id
    /// and field, body units block by block (blocks lined up by kind, units by place in them).
    private func fill(_ units: inout [ExchangeUnit], from translation: LessonText, source: LessonText) {
        var byKey = Dictionary(uniqueKeysWithValues: Self.targets(translation, source: source))
        for index in units.indices {
            if let target = byKey.removeValue(forKey: units[index].key.replacingFirstSegment(with: Self.anyLesson)) { units[index].target = target }
        }
    }

    /// The lesson id in keys when two versions of one lesson are lined up.
    static let anyLesson = "lesson"

    /// The translation's texts under the keys of the source units they line up with (keys with
    /// `anyLesson` for the lesson id).
    static func targets(_ translation: LessonText, source: LessonText) -> [(String, String)] {
        let lessonID = anyLesson
        let sourceUnits = units(of: source, lessonID: lessonID, reference: "")
        var found: [(String, String)] = []
        // Front matter and exercises.
        let translated = units(of: translation, lessonID: lessonID, reference: "")
        let translatedByKey = Dictionary(translated.map { ($0.key, $0.source) }, uniquingKeysWith: { first, _ in first })
        for unit in sourceUnits where unit.kind == .title || unit.kind == .objective || unit.key.contains("/exercise-") {
            if let text = translatedByKey[unit.key] { found.append((unit.key, text)) }
        }
        // Body units, block by block.
        let keyOf = Dictionary(uniqueKeysWithValues: zip(bodyUnitOrder(source), sourceUnits.filter(isBodyUnit).map(\.key)))
        let sourceBlocks = source.unitsByBlock, translationBlocks = translation.unitsByBlock
        for pair in BlockDiff.commonPairs(source.blockSignatures, translation.blockSignatures) {
            let mine = sourceBlocks[pair.old] ?? [], theirs = translationBlocks[pair.new] ?? []
            for (place, unit) in mine.enumerated() where place < theirs.count {
                if let key = keyOf[UnitPlace(block: unit.block, place: unit.place)] { found.append((key, theirs[place].text)) }
            }
        }
        return found
    }

    struct UnitPlace: Hashable {
        let block: Int
        let place: Int
    }

    static func isBodyUnit(_ unit: ExchangeUnit) -> Bool {
        unit.kind != .title && unit.kind != .objective && !unit.key.contains("/exercise-")
    }

    /// The body units' places, in the order `units(of:)` lists them.
    static func bodyUnitOrder(_ lesson: LessonText) -> [UnitPlace] {
        lesson.segments.pieces.compactMap { piece in
            guard case .unit(let index) = piece else { return nil }
            let unit = lesson.segments.units[index]
            return UnitPlace(block: unit.block, place: unit.place)
        }
    }

    // MARK: What changed since the translation

    /// Units of blocks that changed, or were added, since the source version the translation is
    /// stamped with: to review, with the text they had then when git has that version.
    private func markChanged(_ units: inout [ExchangeUnit], translation: LessonSource, source: LessonText, stamp: SourceStamp) {
        guard let written = translation.sourceHash, written != stamp.description else { return }
        let old = SourceStamp(parsing: written)
        let previous = old.flatMap { earlierVersion(of: source.source, stamped: $0) }
        // Unit 0 of a stamp is the front matter; block i is unit i + 1.
        var changedBlocks = Set<Int>(), frontMatterChanged = old == nil
        if let old {
            for change in BlockDiff.changes(old: old.blocks, new: stamp.blocks) {
                switch change {
                case .changed(let current, _):
                    if current == 0 { frontMatterChanged = true } else { changedBlocks.insert(current - 1) }
                case .added(let current):
                    if current == 0 { frontMatterChanged = true } else { changedBlocks.insert(current - 1) }
                case .moved, .removed: break
                }
            }
        } else {
            changedBlocks = Set(source.source.compiled.outline.blocks.indices)
        }
        let previousTexts = previous.map { Dictionary(Self.targets($0, source: source), uniquingKeysWith: { first, _ in first }) } ?? [:]
        let places = Dictionary(uniqueKeysWithValues: zip(units.filter(Self.isBodyUnit).map(\.key), Self.bodyUnitOrder(source)))
        for index in units.indices where !units[index].target.isEmpty {
            let unit = units[index]
            let changed: Bool
            if let place = places[unit.key] {
                changed = changedBlocks.contains(place.block)
            } else if unit.kind == .title || unit.kind == .objective {
                changed = frontMatterChanged
            } else {
                changed = false   // exercise fields: the exercise block's own change marks its body units
            }
            guard changed else { continue }
            units[index].isFuzzy = true
            if let before = previousTexts[unit.key.replacingFirstSegment(with: Self.anyLesson)], before != unit.source {
                units[index].previousSource = before
            }
        }
    }

    /// The source as it was when `stamp` was made, from git.
    private func earlierVersion(of source: LessonSource, stamped stamp: SourceStamp) -> LessonText? {
        guard let history else { return nil }
        for committed in history(source.path) {
            // The file as committed, its line ends made "\n" as the loader makes them (an editor
            // on Windows commits "\r\n"), so that it is cut as the loader cut it.
            guard let text = try? ContentFiles.decodeText(Data(committed.utf8)),
                  let version = TranslationUnits.earlierSource(text, path: source.path, course: course, files: files),
                  version.units?.stamp.description == stamp.description else { continue }
            return LessonText(version, text: text)
        }
        return nil
    }
}

extension String {
    /// `what-is-data/section/paragraph-1` → `lesson/section/paragraph-1`.
    func replacingFirstSegment(with replacement: String) -> String {
        guard let slash = firstIndex(of: "/") else { return replacement }
        return replacement + self[slash...]
    }
}
