import CourseLoader
import CourseModel
import Foundation

/// Writes `source_hash:` into translations: the stamp of their source lesson as it is now.
/// Only that line changes; every other byte of the file (BOM, line endings, comments, key
/// order) stays as the translator wrote it.
public struct Stamper: Sendable {
    let site: Site
    let files: ContentFiles

    public init(site: Site, files: ContentFiles) {
        self.site = site
        self.files = files
    }

    public enum Outcome: Sendable, Equatable {
        case stamped(path: String, stamp: String)
        case unchanged(path: String)
        /// `dryRun`: what would be stamped.
        case wouldStamp(path: String, stamp: String)
        /// `onlyUnstamped` (`stamp --all`): a translation stamped for an older source, left as it
        /// is — stamping it would call it up to date unread.
        case leftOutdated(path: String)
    }

    /// How a stamp is made.
    public struct Options: Sendable {
        /// Leave translations stamped for an older version of their source as they are.
        public var onlyUnstamped = false
        /// Say what would change, change nothing.
        public var dryRun = false

        public init(onlyUnstamped: Bool = false, dryRun: Bool = false) {
            self.onlyUnstamped = onlyUnstamped
            self.dryRun = dryRun
        }
    }

    /// After a minor edit of a source lesson — a typo fixed, nothing a translation has to follow:
    /// each translation stamped for `previous` (the source's text before the edit) gets the
    /// source's new stamp, so the translations that were up to date stay so; those stamped for
    /// an older version stay outdated, and unstamped ones unstamped. `userPath` names the
    /// source lesson file.
    public func stampMinorEdit(_ userPath: String, previous: String, dryRun: Bool = false) -> Result<[Outcome], Diagnostic> {
        guard let (course, lesson, source) = find(userPath), source.locale == course.sourceLocale else {
            return .failure(.error("not a source lesson in \(files.displayRoot) (name the file in the course's source locale that you edited)",
                                   at: SourceLocation(file: userPath)))
        }
        guard let before = TranslationUnits.ofEarlierVersion(previous, path: source.path, course: course, files: files) else {
            return .failure(.error("the version before the edit cannot be read as a lesson", at: files.location(source.path)))
        }
        guard let now = source.units else {
            return .failure(.error("the source lesson could not be measured", at: files.location(source.path)))
        }
        var outcomes: [Outcome] = []
        for translation in lesson.sources.values.sorted(by: { $0.locale < $1.locale }) where translation.locale != course.sourceLocale {
            let stamp = translation.sourceHash.flatMap(SourceStamp.init(parsing:))?.description
            if stamp == now.stamp.description {
                outcomes.append(.unchanged(path: translation.path))
                continue
            }
            guard stamp == before.stamp.description else {
                if stamp != nil { outcomes.append(.leftOutdated(path: translation.path)) }
                continue
            }
            switch setStamp(now.stamp.description, in: translation, dryRun: dryRun) {
            case .success(let outcome): outcomes.append(outcome)
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        return .success(outcomes)
    }

    /// Translations of `locale` in every (or one) course, content-relative paths, sorted.
    public func translations(locale: LocaleID, courseID: String? = nil) -> [String] {
        site.courses.filter { courseID == nil || $0.id == courseID }.flatMap { course in
            course.lessons.compactMap { course.sourceLocale == locale ? nil : $0.sources[locale]?.path }
        }.sorted()
    }

    /// Stamps one translation, given as a path the user typed (relative to the working folder)
    /// or content-relative. A translation whose structure no longer matches its source is
    /// refused, naming the differences: a stamp says "this translates that version", and a
    /// translation with other exercises or links does not.
    public func stamp(_ userPath: String, _ options: Options = Options()) -> Result<Outcome, Diagnostic> {
        guard let (course, lesson, translation) = find(userPath) else {
            return .failure(.error("not a lesson translation in \(files.displayRoot)", at: SourceLocation(file: userPath)))
        }
        guard translation.locale != course.sourceLocale, let source = lesson.sources[course.sourceLocale] else {
            return .failure(.error("this is the source lesson; stamp its translations", at: files.location(translation.path)))
        }
        guard let blocks = LessonBlocks(source) else {
            return .failure(.error("the source lesson could not be measured", at: files.location(source.path)))
        }
        let problems = StructureComparison(translation, source: source).misleading
        if !problems.isEmpty {
            return .failure(.error("not stamped: it does not match its source \(files.displayPath(source.path)) (\(problems.joined(separator: "; "))); make it match, then stamp it",
                                   at: files.location(translation.path)))
        }
        let stamp = blocks.stamp.description
        if options.onlyUnstamped, let old = translation.sourceHash.flatMap(SourceStamp.init(parsing:)), old.description != stamp {
            return .success(.leftOutdated(path: translation.path))
        }
        return setStamp(stamp, in: translation, dryRun: options.dryRun)
    }

    /// Sets a translation file's `source_hash:` line to `stamp`.
    private func setStamp(_ stamp: String, in translation: LessonSource, dryRun: Bool) -> Result<Outcome, Diagnostic> {
        guard let absolute = files.absolutePath(translation.path), let data = FileManager.default.contents(atPath: absolute) else {
            return .failure(.error("file cannot be read", at: files.location(translation.path)))
        }
        let original = String(decoding: data, as: UTF8.self)
        guard let edited = Self.settingSourceHash(stamp, in: original) else {
            return .failure(.error("front matter not found; the file must start with '---'", at: files.location(translation.path, line: 1)))
        }
        if edited == original { return .success(.unchanged(path: translation.path)) }
        if dryRun { return .success(.wouldStamp(path: translation.path, stamp: stamp)) }
        if let problem = Self.replaceContents(of: absolute, with: Data(edited.utf8)) {
            return .failure(.error("cannot write the file: \(problem)", at: files.location(translation.path)))
        }
        return .success(.stamped(path: translation.path, stamp: stamp))
    }

    /// Puts `data` in the file, keeping what the translator's system knows of it: its mode and
    /// owner, and its hard links (a file linked from a translation tool's folder stays linked).
    /// A file with one link is replaced through a temporary file and a rename, so a crash never
    /// leaves half a translation; a hard-linked one is rewritten in place. Nil, or the problem.
    static func replaceContents(of path: String, with data: Data) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)) }
        if status.st_nlink > 1 {
            let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard descriptor >= 0 else { return String(cString: strerror(errno)) }
            defer { close(descriptor) }
            return writeAll(data, to: descriptor) ?? (fsync(descriptor) == 0 ? nil : String(cString: strerror(errno)))
        }
        let temporary = "\(path).coursekit-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 0o7777)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var problem = writeAll(data, to: descriptor)
        if problem == nil {
            _ = fchown(descriptor, status.st_uid, status.st_gid)   // only root may give a file away; otherwise it is ours already
            _ = fchmod(descriptor, status.st_mode & 0o7777)        // the umask narrowed the mode open() set
            if fsync(descriptor) != 0 { problem = String(cString: strerror(errno)) }
        }
        close(descriptor)
        if problem == nil && rename(temporary, path) != 0 { problem = String(cString: strerror(errno)) }
        if problem != nil { unlink(temporary) }
        return problem
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    private func find(_ userPath: String) -> (Course, Lesson, LessonSource)? {
        let wanted = URL(fileURLWithPath: userPath).resolvingSymlinksInPath().path
        for course in site.courses {
            for lesson in course.lessons {
                for source in lesson.sources.values {
                    if source.path == userPath || files.absolutePath(source.path) == wanted { return (course, lesson, source) }
                }
            }
        }
        return nil
    }

    /// The file's text with its `source_hash:` line set to `stamp`, added before the closing
    /// `---` when absent; nil when the text has no front matter. The key may be quoted
    /// (`"source_hash":`) and its value a block scalar (`source_hash: |` and indented lines);
    /// lines may end with `\n`, `\r\n` or `\r` alone (old Mac editors).
    static func settingSourceHash(_ stamp: String, in text: String) -> String? {
        // Split on the line-end scalar: Swift sees "\r\n" as one Character, so a Character split
        // would leave Windows files in one piece.
        let separator: Unicode.Scalar = text.unicodeScalars.contains("\n") ? "\n" : "\r"
        var lines = text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let bom = "\u{FEFF}"
        guard let first = lines.first, first.replacingOccurrences(of: bom, with: "").trimmingCharacters(in: .whitespacesAndNewlines) == "---" else { return nil }
        let lineEnding = separator == "\n" && first.hasSuffix("\r") ? "\r" : ""
        guard var closing = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingCharacters(in: .whitespacesAndNewlines)
            return line == "---" || line == "..."
        }) else { return nil }
        let newLine = "source_hash: \(stamp)\(lineEnding)"
        if let existing = lines[1..<closing].firstIndex(where: isSourceHashKey) {
            // A block scalar's value goes on in the indented lines that follow the key.
            var end = existing + 1
            while end < closing, let character = lines[end].first, character == " " || character == "\t" { end += 1 }
            lines.replaceSubrange(existing..<end, with: [newLine])
            closing -= end - existing - 1
        } else {
            lines.insert(newLine, at: closing)
        }
        return lines.joined(separator: String(separator))
    }

    /// `source_hash:`, `"source_hash":` or `'source_hash' :` at the start of a line.
    private static func isSourceHashKey(_ line: String) -> Bool {
        var rest = Substring(line)
        if let quote = rest.first, quote == "\"" || quote == "'" {
            guard rest.dropFirst().hasPrefix("source_hash\(quote)") else { return false }
            rest = rest.dropFirst("source_hash".count + 2)
        } else {
            guard rest.hasPrefix("source_hash") else { return false }
            rest = rest.dropFirst("source_hash".count)
        }
        return rest.drop(while: { $0 == " " || $0 == "\t" }).first == ":"
    }
}
