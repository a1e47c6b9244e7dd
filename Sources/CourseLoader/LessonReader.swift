import Foundation
import Synchronization
import CourseModel
import Markdown
import YAML
internal import CXXHash

/// Reads the lesson files of one module folder: `NN-slug.<locale>.md`, or `slug.<locale>.md`
/// placed by `order:` in its front matter, else by name.
struct LessonReader: Sendable {
    let files: ContentFiles
    let folder: String
    let context: LessonContext
    /// Compiled files of an earlier build in this process, when there is one (`serve`).
    let cache: CompiledLessonCache?
    var diagnostics: [Diagnostic] = []
    /// Files whose Markdown was compiled by this reader (not taken from the cache).
    var compiledFiles = 0

    static let frontMatterKeys = ["title", "id", "duration", "objectives", "source_hash", "draft", "order"]
    /// Above this, a lesson is too heavy for a learner's phone and data plan.
    static let largeLessonBytes = 1_000_000
    /// Above this, a lesson is refused: no lesson needs it, and a 50 MB file took 40 s and
    /// 2.4 GB to build (docs/authoring.md lists the limits).
    static let maximumLessonBytes = 5_000_000

    init(files: ContentFiles, folder: String, context: LessonContext, cache: CompiledLessonCache? = nil) {
        self.files = files
        self.folder = folder
        self.context = context
        self.cache = cache
    }

    private struct FileName {
        /// From an `NN-` prefix.
        let order: Int?
        let slug: String
        let locale: LocaleID
    }

    mutating func readAll() -> [Lesson] {
        var named: [(path: String, name: FileName)] = []
        for name in files.list(folder) {
            let path = "\(folder)/\(name)"
            guard name.hasSuffix(".md") else {
                if let kind = Self.markdownLookalike(name) {
                    diagnostics.append(.warning("'\(name)' is not read: lesson files end in .md, not \(kind); rename it", at: files.location(path)))
                }
                continue
            }
            if let fileName = parseName(name, path: path) { named.append((path, fileName)) }
        }
        // Reading and compiling a file is independent of the others: on every core. (cmark
        // finishes one parse at a time, but reading, YAML, exercises and rendering overlap.)
        let lessonFiles = named
        let realFolder = files.absolutePath(folder)
        let reader = LessonReader(files: files, folder: folder, context: context, cache: cache)
        // Each file's metadata is asked relative to its folder, opened once (`FileIdentity`);
        // a folder that cannot be opened leaves its files without one: they are read and hashed.
        let folderDescriptor = realFolder.map { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? -1
        defer { if folderDescriptor >= 0 { close(folderDescriptor) } }
        let read = [(source: LessonSource?, diagnostics: [Diagnostic], compiled: Int)].concurrentlyMade(count: lessonFiles.count) { index in
            var fileReader = reader
            let source = fileReader.readSource(lessonFiles[index].path, locale: lessonFiles[index].name.locale, realFolder: realFolder,
                                               folderDescriptor: folderDescriptor)
            return (source, fileReader.diagnostics, fileReader.compiledFiles)
        }
        var bySlug: [String: (order: Int?, sources: [LocaleID: LessonSource])] = [:]
        for (index, (path, fileName)) in named.enumerated() {
            let result = read[index]
            diagnostics += result.diagnostics
            compiledFiles += result.compiled
            guard let source = result.source else { continue }
            if let first = bySlug[fileName.slug]?.sources[fileName.locale] {
                // Both would be written to one page: one lesson would silently vanish.
                diagnostics.append(.error("lesson '\(fileName.slug)' in '\(fileName.locale)' is written twice, here and in \(files.displayPath(first.path)); both would become '\(fileName.slug).html': rename or remove one",
                                          at: files.location(path)))
                continue
            }
            var entry = bySlug[fileName.slug] ?? (fileName.order, [:])
            entry.sources[fileName.locale] = source
            bySlug[fileName.slug] = entry
        }
        var lessons: [(order: Int?, lesson: Lesson)] = []
        for (slug, entry) in bySlug {
            guard let source = entry.sources[context.sourceLocale] else {
                let path = entry.sources.values.map(\.path).min()!
                diagnostics.append(.error("lesson '\(slug)' has no file in the source locale '\(context.sourceLocale)'; translations need a source",
                                          at: files.location(path)))
                continue
            }
            let id = lessonID(source, slug: slug)
            var sources = entry.sources
            for locale in sources.keys { sources[locale]!.exercises = Self.withDefaultIDs(sources[locale]!.exercises, lessonID: id) }
            withdrawStaleTranslations(&sources, sourceLocale: context.sourceLocale)
            var lesson = Lesson(slug: slug, id: id, sources: sources)
            lesson.isDraft = source.isDraft
            lessons.append((entry.order ?? source.order, lesson))
        }
        let ordered = Ordering.sorted(lessons.map { (order: $0.order, name: $0.lesson.slug, item: $0.lesson) })
        for tie in ordered.ties {
            let path = tie.second.sources[context.sourceLocale]!.path
            let first = tie.first.sources[context.sourceLocale]!.path
            diagnostics.append(.warning("lessons '\(tie.first.slug)' and '\(tie.second.slug)' both have the number \(tie.order) in this module (\(files.displayPath(first)) and here); they are placed by name: give each its own number",
                                        at: files.location(path)))
        }
        return ordered.items
    }

    /// `.MD`, `.markdown`, `.mdown`, `.mkd`: Markdown an author meant as a lesson.
    static func markdownLookalike(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let ending = String(name[dot...])
        return [".md", ".markdown", ".mdown", ".mkd", ".mkdn"].contains(ending.lowercased()) ? ending : nil
    }

    /// `01-what-is-data.fr.md` → order 1, slug `what-is-data`, locale `fr`. A file without a
    /// locale part is in the course's source locale.
    private mutating func parseName(_ name: String, path: String) -> FileName? {
        var stem = String(name.dropLast(3))
        var locale = context.sourceLocale
        if let dot = stem.lastIndex(of: ".") {
            let code = String(stem[stem.index(after: dot)...])
            guard LocaleID.isWellFormed(code) else {
                diagnostics.append(.error("'\(code)' in '\(name)' is not a locale code; name lessons like 01-what-is-data.en.md", at: files.location(path)))
                return nil
            }
            locale = LocaleID(code)
            stem = String(stem[..<dot])
        }
        let prefixed = CourseReader.splitOrder(stem)
        let slug = prefixed?.slug ?? stem
        guard CourseReader.isSlug(slug) else {
            diagnostics.append(.error("lesson file '\(name)' must be named slug.<locale>.md or NN-slug.<locale>.md with a-z, 0-9 and '-' in the slug (e.g. 01-what-is-data.en.md)",
                                      at: files.location(path)))
            return nil
        }
        guard context.courseLocales.contains(locale) else {
            diagnostics.append(.warning("locale '\(locale)' of this lesson is not one of the course's locales (\(context.courseLocales.map(\.code).joined(separator: ", "))); it is not built",
                                        at: files.location(path)))
            return nil
        }
        return FileName(order: prefixed?.order, slug: slug, locale: locale)
    }

    private mutating func readSource(_ path: String, locale: LocaleID, realFolder: String?, folderDescriptor: Int32) -> LessonSource? {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path
        // The course settings a compiled file depends on besides its bytes (and the content
        // root's name, which its diagnostics show).
        let settings = "\(locale.code) \(context.cacheKey) \(files.displayRoot)"
        let identity = folderDescriptor >= 0 ? FileIdentity.of(name, inFolder: folderDescriptor) : nil
        if let cache, let identity, let entry = cache.entry(for: path, identity: identity, settings: settings) {
            diagnostics += entry.diagnostics
            return entry.source
        }
        let data: Data
        do {
            if let realFolder, path.contains("/") {
                data = try files.readData(named: name, inFolder: folder, realFolder: realFolder)
            } else {
                data = try files.readData(path)
            }
        } catch {
            diagnostics.append(.error(error.message, at: files.location(path)))
            return nil
        }
        let fileHash = Self.fileHash(data)
        guard let cache else { return parse(data, path: path, locale: locale, fileHash: fileHash) }
        let key = "\(fileHash) \(settings)"
        if var entry = cache.entry(for: path, key: key) {
            diagnostics += entry.diagnostics
            // The same bytes with other metadata (touched, copied back): kept with the new
            // metadata, so the next build need not read it.
            if let identity, entry.identity != identity {
                entry.identity = identity
                cache.store(entry, for: path)
            }
            return entry.source
        }
        let before = diagnostics.count
        let source = parse(data, path: path, locale: locale, fileHash: fileHash)
        cache.store(CompiledLessonCache.Entry(key: key, source: source, diagnostics: Array(diagnostics[before...]), identity: identity), for: path)
        return source
    }

    /// Reads one lesson file's bytes: text decoding, front matter, YAML, exercises. Also the
    /// entry point of the fuzzer, which feeds it arbitrary bytes. `fileHash` is the bytes'
    /// hash (`fileHash(_:)`), when the caller has it already.
    mutating func parse(_ data: Data, path: String, locale: LocaleID, fileHash: String? = nil) -> LessonSource? {
        if data.count > Self.maximumLessonBytes {
            diagnostics.append(.error("lesson is \(String(format: "%.1f", Double(data.count) / 1_000_000)) MB; the limit is \(Self.maximumLessonBytes / 1_000_000) MB: split it into several lessons (learners download each one whole)",
                                      at: files.location(path)))
            return nil
        }
        let text: String
        do {
            text = try ContentFiles.decodeText(data)
        } catch {
            var location = files.location(path)
            if case .invalidUTF8(let position) = error { location = files.location(path, line: position.line, column: position.column) }
            diagnostics.append(.error(error.message, at: location))
            return nil
        }
        if text.allSatisfy(\.isWhitespace) {
            diagnostics.append(.error("lesson file is empty; it needs front matter with a title (---, title: …, ---)", at: files.location(path, line: 1, column: 1)))
            return nil
        }
        if text.utf8.count > Self.largeLessonBytes {
            let megabytes = String(format: "%.1f", Double(text.utf8.count) / 1_000_000)
            diagnostics.append(.warning("lesson is \(megabytes) MB; learners pay for every megabyte and cheap phones render it slowly: split it into several lessons",
                                        at: files.location(path)))
        }
        let blocks = context.markdownOptions.pageBlocks
        if let conflict = ConflictMarkers.first(in: text, skipsFence: { !blocks.contains($0) }) {
            diagnostics.append(.error(ConflictMarkers.message(conflict.marker), at: files.location(path, line: conflict.line, column: 1)))
            return nil
        }
        let parts: FrontMatter
        do {
            parts = try FrontMatter.split(text)
        } catch .missing {
            diagnostics.append(.error("lesson has no front matter: start the file with a '---' line, a 'title:' line and another '---' line",
                                      at: files.location(path, line: 1, column: 1)))
            return nil
        } catch {
            diagnostics.append(.error("front matter opened here is never closed with a '---' line", at: files.location(path, line: 1, column: 1)))
            return nil
        }
        if let (line, depth) = MarkdownLimits.excessiveNesting(in: parts.body) {
            diagnostics.append(.error("lists or quotes nest \(depth) levels deep here; more than \(MarkdownLimits.maximumNesting) is refused: no lesson needs it, and parsing slows down with every level",
                                      at: files.location(path, line: parts.bodyStartLine + line - 1, column: 1)))
            return nil
        }
        if let (line, columns) = MarkdownLimits.excessiveTableColumns(in: parts.body) {
            diagnostics.append(.error("this table has \(columns) columns; more than \(MarkdownLimits.maximumTableColumns) is refused: no phone can show it, and parsing slows down with the square of the columns",
                                      at: files.location(path, line: parts.bodyStartLine + line - 1, column: 1)))
            return nil
        }
        var source = readFrontMatter(parts, path: path, locale: locale)
        source?.fileHash = fileHash ?? Self.fileHash(data)
        return source
    }

    /// What tells a copied translation from its source (`LessonSource.bodyHash`): XXH3-128 of
    /// the body, as 32 hex digits. Only compared with another body's, never kept across
    /// versions of coursekit nor trusted against tampering; SHA-256 of every lesson body was a
    /// fiftieth of a clean build.
    static func bodyHash(_ body: UnsafeBufferPointer<UInt8>) -> String {
        xxh128Hex(UnsafeRawBufferPointer(body))
    }

    /// What names a lesson file's bytes (`LessonSource.fileHash`): XXH3-128, as 32 hex digits.
    /// It keys the lesson pack, the pages' fingerprints and the coverage a build keeps, all of
    /// which belong to one coursekit (`Snapshot.tool`, the executable's identity), so no other
    /// version ever compares with it; SHA-256 of every lesson file was a hundredth of a clean
    /// build.
    static func fileHash(_ data: Data) -> String {
        data.withUnsafeBytes(xxh128Hex)
    }

    private static func xxh128Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var canonical = XXH128_canonical_t()   // big-endian, as xxhsum writes it
        XXH128_canonicalFromHash(&canonical, XXH3_128bits(bytes.baseAddress, bytes.count))
        return withUnsafeBytes(of: canonical.digest) { ContentHash.hex(digest: $0) }
    }

    private mutating func readFrontMatter(_ parts: FrontMatter, path: String, locale: LocaleID) -> LessonSource? {
        let root: YAMLNode?
        do {
            let document = try YAMLParser().parseDocument(parts.yaml, lineOffset: parts.yamlStartLine - 1)
            root = document.root
            for warning in document.warnings {
                diagnostics.append(.warning(warning.message, at: files.location(path, line: warning.mark.line, column: warning.mark.column)))
            }
        } catch {
            diagnostics.append(.error(error.message, at: files.location(path, line: error.mark.line, column: error.mark.column)))
            return nil
        }
        var schema = SchemaReader(file: path, files: files)
        defer { diagnostics += schema.diagnostics }
        guard let root else {
            schema.diagnostics.append(.error("front matter is empty; a lesson needs at least 'title:'", at: files.location(path, line: 1, column: 1)))
            return nil
        }
        guard let mapping = schema.mapping(root, what: "the front matter") else { return nil }
        schema.checkKeys(mapping, known: Self.frontMatterKeys, what: "the front matter")
        guard let title = schema.string(mapping["title"], key: "title"), !title.isEmpty else {
            schema.error("lesson needs a 'title' in its front matter", at: mapping["title"] ?? mapping)
            return nil
        }
        var duration: Int?
        if let node = mapping["duration"], !node.isNull {
            if let minutes = node.int, minutes > 0 { duration = minutes } else {
                schema.error("'duration' is a number of minutes, like 'duration: 20'", at: node)
            }
        }
        let objectives = schema.strings(mapping["objectives"], key: "objectives")
        let sourceHash = schema.string(mapping["source_hash"], key: "source_hash")
        if let id = mapping["id"], locale != context.sourceLocale {
            schema.warning("'id' is read from the source lesson only; remove it from the translation", at: id)
        }
        let draft = schema.bool(mapping["draft"], key: "draft") ?? false
        var order: Int?
        if let node = mapping["order"], !node.isNull {
            if locale != context.sourceLocale {
                schema.warning("'order' is read from the source lesson only; remove it from the translation", at: node)
            } else if let number = node.int, number >= 0 {
                order = number
            } else {
                schema.error("'order' is the lesson's place in its module, a whole number like 'order: 3'", at: node)
            }
        }
        compiledFiles += 1
        var source = LessonSource(locale: locale, path: path, title: title, duration: duration, objectives: objectives,
                                  sourceHash: sourceHash, compiled: MarkdownCompiler.compile(parts.body, options: context.markdownOptions),
                                  bodyStartLine: parts.bodyStartLine)
        schema.diagnostics += LessonLayout.warnings(source.compiled, body: parts.body, bodyStartLine: parts.bodyStartLine, path: path, files: files)
        var exerciseReader = ExerciseReader(files: files, path: path, bodyStartLine: parts.bodyStartLine,
                                            options: context.markdownOptions, countsWords: locale == context.sourceLocale)
        source.exercises = exerciseReader.read(source.compiled.fencedBlocks)
        schema.diagnostics += exerciseReader.diagnostics
        source.order = order
        source.isDraft = draft
        if draft && locale != context.sourceLocale {
            source.withdrawal = "it is a draft (draft: true in its front matter)"
        }
        if locale == context.sourceLocale {
            for (index, exercise) in source.exercises.enumerated() where !exercise.hasExplicitID {
                schema.diagnostics.append(.warning("\(exercise.kind.rawValue) exercise \(index + 1) has no id; its progress is keyed on its position, which changes when exercises move; give it an 'id'",
                                                   at: files.location(path, line: exercise.line)))
            }
        }
        if locale == context.sourceLocale {
            source.units = TranslationUnits(source, body: parts.body, exerciseWords: exerciseReader.translatableWords)
        }
        var body = parts.body   // hashed in place, not copied into an array first
        source.bodyHash = body.withUTF8 { Self.bodyHash($0) }
        if locale == context.sourceLocale, let id = schema.string(mapping["id"], key: "id") {
            if CourseReader.isSlug(id), let mark = mapping["id"]?.mark {
                source.explicitID = id
                source.explicitIDLine = mark.line
                source.explicitIDColumn = mark.column
            } else {
                schema.error("lesson id '\(id)' must use only a-z, 0-9, '-' and '_' (progress is stored under it)", at: mapping["id"])
            }
        }
        return source
    }

    /// An exercise without an id is `<lesson-id>-<n>`, n counting the lesson's exercises from 1.
    static func withDefaultIDs(_ exercises: [Exercise], lessonID: String) -> [Exercise] {
        exercises.enumerated().map { index, exercise in
            var exercise = exercise
            if !exercise.hasExplicitID { exercise.id = "\(lessonID)-\(index + 1)" }
            return exercise
        }
    }

    /// A translation keeps the source's exercises: same number, order, kinds, ids and answer
    /// key. One that does not is withdrawn (`LessonSource.withdrawal`) with a warning: its
    /// locale's pages show the source until it is fixed, and the rest of the site builds.
    private mutating func withdrawStaleTranslations(_ sources: inout [LocaleID: LessonSource], sourceLocale: LocaleID) {
        guard let source = sources[sourceLocale] else { return }
        for translation in sources.values.sorted(by: { $0.locale < $1.locale }) where translation.locale != sourceLocale {
            var sourcePath: String { files.displayPath(source.path) }
            var problems: [(message: String, line: Int)] = []
            if translation.exercises.count != source.exercises.count {
                problems.append(("this translation has \(translation.exercises.count) exercises and its source \(sourcePath) has \(source.exercises.count); keep the same exercises in the same order",
                                 translation.exercises.first?.line ?? 1))
            } else {
                for (mine, theirs) in zip(translation.exercises, source.exercises) {
                    let difference: String? =
                        mine.kind != theirs.kind ? "is a \(mine.kind.rawValue) here and a \(theirs.kind.rawValue) in the source"
                        : mine.id != theirs.id ? "has id '\(mine.id)' here and '\(theirs.id)' in the source"
                        : !mine.hasSameAnswerKey(as: theirs) ? "has \(mine.answerKey) here and \(theirs.answerKey) in the source"
                        : nil
                    if let difference { problems.append(("exercise '\(theirs.id)' differs from the source \(sourcePath):\(theirs.line): it \(difference)", mine.line)) }
                }
            }
            guard let first = problems.first else { continue }
            let shownInstead = "; until it is fixed, \(translation.locale.code) pages show this lesson from the source"
            for problem in problems {
                diagnostics.append(.warning(problem.message + shownInstead, at: files.location(translation.path, line: problem.line)))
            }
            sources[translation.locale]?.withdrawal = first.message
        }
    }

    private func lessonID(_ source: LessonSource, slug: String) -> String {
        source.explicitID ?? slug
    }
}

extension TranslationUnits {
    /// The units and stamp of a source lesson's text as it was at some other time (an earlier
    /// version from git, for `translations minor-edit`), compiled as the loader compiles the
    /// file at `path` in `course`; nil when that text does not compile.
    public static func ofEarlierVersion(_ text: String, path: String, course: Course, files: ContentFiles) -> TranslationUnits? {
        earlierVersion(text, path: path, course: course, files: files)?.units
    }

    /// A source lesson's text as it was at some other time, compiled as the loader compiles the
    /// file at `path` in `course` (translation exchange: the text a translation was made from).
    public static func earlierSource(_ text: String, path: String, course: Course, files: ContentFiles) -> LessonSource? {
        let context = LessonContext(courseLocales: course.locales, sourceLocale: course.sourceLocale, allowHTML: course.allowHTML)
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        var reader = LessonReader(files: files, folder: folder, context: context)
        return reader.parse(Data(text.utf8), path: path, locale: course.sourceLocale)
    }

    /// The same, with the text of each unit (front matter, then each block), for showing what
    /// changed since.
    public static func earlierVersion(_ text: String, path: String, course: Course, files: ContentFiles) -> (units: TranslationUnits, texts: [String])? {
        let context = LessonContext(courseLocales: course.locales, sourceLocale: course.sourceLocale, allowHTML: course.allowHTML)
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        var reader = LessonReader(files: files, folder: folder, context: context)
        guard let source = reader.parse(Data(text.utf8), path: path, locale: course.sourceLocale), let units = source.units,
              let decoded = try? ContentFiles.decodeText(Data(text.utf8)), let parts = try? FrontMatter.split(decoded) else { return nil }
        return (units, [frontMatterText(source)] + source.compiled.outline.texts(in: parts.body))
    }
}
