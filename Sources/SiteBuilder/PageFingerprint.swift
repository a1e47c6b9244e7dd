import Foundation
import Crypto
import CourseModel
import CourseLoader

/// SHA-256 of everything a page is made from. Two builds that give a lesson page the same
/// fingerprint give it the same bytes, so a rebuild takes the page from the previous output
/// instead of rendering and writing it again (`OutputWriter`, `BuildState`).
///
/// A lesson page reads, and so its fingerprint covers:
/// - the site's **shared inputs** (`contentKey`): `site.yaml`, `ui/`, the theme, each
///   `course.yaml` and `module.yaml`, byte for byte — any change there renders every page again;
/// - its **course's outline** (`courseOutline`): the order of modules and lessons, and each
///   lesson file's path, title, headings and exercise ids — what breadcrumbs, previous/next,
///   the "Course contents" list, links between lessons and their translated anchors read;
/// - its **lesson's files**, each by the SHA-256 of its bytes, in every locale (the page falls
///   back to the source, and its language switcher names the others);
/// - the lesson's **translation status** in each locale of the course (the outdated banner, the
///   switcher's notes).
/// coursekit itself (its executable, theme and strings) and the build options are covered by
/// the build state, which is thrown away when they change.
struct Fingerprint {
    private var hasher = ChunkedSHA256()

    /// Each value is written with its length, so `("ab", "c")` and `("a", "bc")` differ.
    mutating func add(_ text: String) {
        hasher.append(UInt64(text.utf8.count))
        hasher.append(text)
    }

    mutating func add(_ values: [String]) {
        add(number: values.count)
        for value in values { add(value) }
    }

    /// A count or a number, as its eight bytes: every value has its place (counts come before
    /// what they count), so a number needs no length.
    mutating func add(number: Int) {
        hasher.append(UInt64(bitPattern: Int64(number)))
    }

    func finalize() -> String { hasher.hex }

    /// The shared inputs of every page of a site: the content files that are neither lessons
    /// nor media — `site.yaml`, `ui/`, `theme/`, each `course.yaml` and `module.yaml` — by
    /// their bytes (a missing one counts too: it means defaults).
    static func contentKey(site: Site, files: ContentFiles) -> String {
        var paths = ["site.yaml"] + files.filesRecursively("ui").files + files.filesRecursively("theme").files
        for course in site.courses {
            paths.append("\(course.id)/course.yaml")
            paths += course.modules.map { "\($0.directory)/module.yaml" }
        }
        // Read and hashed on every core: a rebuild after one edit reads them all again.
        let hashes = [String].concurrentlyMade(count: paths.count) { [paths] index in
            (try? files.readData(paths[index])).map { ContentHash.hex($0) } ?? "none"
        }
        var fingerprint = Fingerprint()
        fingerprint.add("coursekit content key 1")
        for (path, hash) in zip(paths, hashes) {
            fingerprint.add(path)
            fingerprint.add(hash)
        }
        return fingerprint.finalize()
    }

    /// What a lesson page reads of the other lessons of its course. Every page of a rebuild
    /// reads it, so it is hashed value by value, with no list or number made into a string.
    static func courseOutline(_ course: Course) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("course outline 2")
        fingerprint.add(course.id)
        fingerprint.add(course.media)
        fingerprint.add(number: course.modules.count)
        for module in course.modules {
            fingerprint.add(module.slug)
            fingerprint.add(module.directory)
            fingerprint.add(number: module.lessons.count)
            for lesson in module.lessons {
                fingerprint.add(lesson.slug)
                fingerprint.add(lesson.id)
                fingerprint.add(number: lesson.sources.count)
                for source in lesson.sources.values.sorted(by: { $0.locale < $1.locale }) {
                    fingerprint.add(source.locale.code)
                    fingerprint.add(source.path)
                    fingerprint.add(source.title)
                    fingerprint.add(source.withdrawal == nil ? "shown" : "withdrawn")
                    fingerprint.add(number: source.exercises.count)
                    for exercise in source.exercises { fingerprint.add(exercise.id) }
                    fingerprint.add(number: source.compiled.headings.count)
                    for heading in source.compiled.headings {
                        fingerprint.add(number: heading.level)
                        fingerprint.add(heading.anchor)
                        fingerprint.add(heading.text)
                    }
                }
            }
        }
        return fingerprint.finalize()
    }

    /// The bytes of a lesson's files, in every locale (their hashes, by locale): made once per
    /// lesson and build, and read by the fingerprints of its pages and its course's homes.
    static func lessonFiles(_ lesson: Lesson) -> String {
        lesson.sources.map { "\($0.key.code) \($0.value.fileHash)" }.sorted().joined(separator: "\n")
    }

    /// One lesson page: see the type's comment for what it covers. `files` is `lessonFiles`.
    static func lessonPage(path: String, contentKey: String, courseOutline: String, lesson: Lesson, files: String,
                           locales: [LocaleID], status: (LocaleID) -> String) -> String {
        var fingerprint = Fingerprint()
        for value in ["lesson page 3", path, contentKey, courseOutline, lesson.id, files] { fingerprint.add(value) }
        fingerprint.add(number: locales.count)
        for locale in locales {
            fingerprint.add(locale.code)
            fingerprint.add(status(locale))
        }
        return fingerprint.finalize()
    }

    /// A course home shows the course's outline, every lesson's title, duration, objectives and
    /// exercises (in its files: `lessonFiles` of each, in order), and how much of the course is
    /// translated into each locale.
    static func courseHome(path: String, contentKey: String, courseOutline: String, lessonFiles: [String], locales: [LocaleID],
                           percent: (LocaleID) -> String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(["course home 2", path, contentKey, courseOutline])
        fingerprint.add(locales.map { "\($0.code) \(percent($0))" })
        fingerprint.add(lessonFiles)
        return fingerprint.finalize()
    }

    /// A course's search index in a locale reads module titles (the shared inputs) and, of each
    /// lesson, the file its page in that locale shows (`shownFile`): its title, headings and
    /// text. Not the other locales' files: an edit of an English lesson makes the English index
    /// again, not the French and Arabic ones (unless their pages show the English text).
    static func searchIndex(path: String, contentKey: String, courseOutline: String, shownFiles: [String]) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(["search index 2", path, contentKey, courseOutline])
        fingerprint.add(shownFiles)
        return fingerprint.finalize()
    }

    /// The file a lesson's page in `locale` shows (`Lesson.shown`), by its locale and bytes.
    static func shownFile(_ lesson: Lesson, in locale: LocaleID, sourceLocale: LocaleID) -> String {
        lesson.shown(in: locale, sourceLocale: sourceLocale).map { "\($0.locale.code) \($0.fileHash)" } ?? "none"
    }

    /// What the checks of a course's lessons read: its lesson files (links, anchors, images,
    /// headings, exercise ids), which files there are and where, which translations are
    /// withdrawn, its media files' names, its locales, and the locale a build is limited to.
    static func courseChecks(_ course: Course, locale: LocaleID?, files: ContentFiles) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(["course checks 1", course.id, course.sourceLocale.code, locale?.code ?? "*", files.displayRoot])
        fingerprint.add(course.locales.map(\.code))
        fingerprint.add(course.media)
        fingerprint.add(course.draftFiles.sorted())
        for module in course.modules {
            fingerprint.add([module.slug, module.directory])
            for lesson in module.lessons {
                fingerprint.add([lesson.slug, lesson.id])
                for source in lesson.sources.values.sorted(by: { $0.locale < $1.locale }) {
                    fingerprint.add([source.path, source.fileHash, source.withdrawal == nil ? "shown" : "withdrawn"])
                }
            }
        }
        return fingerprint.finalize()
    }
}
