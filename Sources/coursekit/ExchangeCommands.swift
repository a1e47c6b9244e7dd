import ArgumentParser
import Foundation
import CourseModel
import Exchange

extension Translations {
    enum ExchangeFormat: String, ExpressibleByArgument, CaseIterable {
        case po, xliff
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write each lesson as a PO or XLIFF file to translate into --locale in Poedit, Weblate, OmegaT or Crowdin.",
            discussion: """
            One file per lesson, one entry per heading, paragraph, list item, table cell, quote, image \
            text and exercise text; existing translations fill the entries, and entries whose source \
            changed since are marked to review, with the text they were translated from when git has it.
            """)

        @OptionGroup var options: ContentOptions

        @Option(help: "po or xliff (XLIFF 1.2).")
        var format: ExchangeFormat = .po

        @Option(help: "The folder to write to (default: Translations beside the content folder).")
        var output: String?

        func validate() throws {
            if options.locale == nil { throw ValidationError("name the locale to translate into with --locale") }
        }

        func run() throws {
            let content = try options.contentRoot()
            let loaded = try loadSite(content, selection: options)
            try refuseSourceLocale(options, site: loaded.site)
            let locale = LocaleID(options.locale!)
            let folder = output ?? ContentSearch.beside(content, "Translations")
            var written = 0
            for course in loaded.site.withoutDrafts().courses where (options.course == nil || course.id == options.course) && course.locales.contains(locale) {
                let export = LessonExport(course: course, files: loaded.files, history: { GitHistory.versions(of: $0, in: content) })
                let courseText = CourseText.catalog(of: course, locale: locale)
                try write(courseText, to: "\(folder)/\(course.id)/course.\(locale.code)")
                written += 1
                for lesson in course.lessons {
                    let catalog: LessonCatalog
                    do { catalog = try export.catalog(of: lesson, locale: locale) } catch {
                        Terminal.printError("error: \(error)")
                        continue
                    }
                    try write(catalog, to: "\(folder)/\(catalog.translationPath.dropLast(3))")
                    written += 1
                }
            }
            print("wrote \(written) \(format == .po ? "PO" : "XLIFF") file\(written == 1 ? "" : "s") for \(locale.code) → \(folder)/")
        }

        /// `stem` + `.po` or `.xlf`.
        private func write(_ catalog: LessonCatalog, to stem: String) throws {
            let text = format == .po ? POFile.write(catalog) : XLIFFFile.write(catalog)
            let path = stem + (format == .po ? ".po" : ".xlf")
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the translations in PO or XLIFF files back into lesson files, after checking their markup.")

        @Option(help: "The content folder (default: found from the current folder).")
        var content: String?

        @Flag(help: "Replace a translation that was edited after the file was exported.")
        var force = false

        @Argument(help: "The .po or .xlf files to import.")
        var files: [String]

        func run() throws {
            let root = try ContentSearch.root(given: content, near: [])
            let loaded = try loadSite(root)
            var failed = false
            for file in files {
                switch LessonImport(site: loaded.site, files: loaded.files).run(file, force: force) {
                case .success(let outcome):
                    let state = outcome.path.hasSuffix("/course.yaml") ? "and its modules' titles: \(outcome.translated) of \(outcome.total) texts translated"
                        : outcome.isComplete ? "complete, stamped" : "\(outcome.translated) of \(outcome.total) units translated; the rest stays in the source language, not stamped"
                    print("wrote \(loaded.files.displayPath(outcome.path)) (\(state))")
                case .failure(let problems):
                    Terminal.print(problems.diagnostics)
                    failed = failed || problems.diagnostics.hasErrors
                }
            }
            if failed { throw ExitCode.failure }
        }
    }
}
