import ArgumentParser
import Authoring
import CourseModel

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a content folder: a site, one course, one lesson in en, fr and ar showing every exercise kind.")

    @Argument(help: "The new content folder.")
    var folder = "Content"

    func run() throws {
        do {
            let written = try Scaffold.initialize(at: folder)
            for path in written { print("created \(path)") }
            print("Next: coursekit build --content \(folder), then open Output/index.html")
        } catch {
            Terminal.printError("error: \(error.description)")
            throw error.isUsage ? Terminal.usageStatus : ExitCode.failure
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add content from a template.", subcommands: [Lesson.self, Translation.self])

    struct Translation: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start translating lesson COURSE/MODULE/SLUG into --locale: a draft copy of its source, with its exercises, code and links.")

        @Argument(help: "COURSE/MODULE/SLUG, e.g. data-basics/working-with-data/charts")
        var address: String

        @Option(help: "The content folder.")
        var content = "Content"

        @Option(help: "The locale to translate into.")
        var locale: String

        func run() throws {
            let path = try New.scaffolding { () throws(Scaffold.Failure) in try Scaffold.newTranslation(in: content, of: address, locale: LocaleID(locale)) }
            print("created \(path) (a draft: learners see the source until you remove 'draft: true')")
        }
    }

    struct Lesson: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a lesson COURSE/MODULE/SLUG (the module is created if needed), from the lesson template.")

        @Argument(help: "COURSE/MODULE/SLUG, e.g. data-basics/working-with-data/missing-values")
        var address: String

        @Option(help: "The content folder.")
        var content = "Content"

        @Option(help: "The lesson's locale (default: the course's source locale).")
        var locale: String?

        @Option(help: "The lesson's title (default: from the slug).")
        var title: String?

        func run() throws {
            let path = try New.scaffolding { () throws(Scaffold.Failure) in
                try Scaffold.newLesson(in: content, at: address, locale: locale.map(LocaleID.init), title: title)
            }
            print("created \(path)")
        }
    }

    /// Runs a scaffolding step; its failure is printed and ends the command with the usage
    /// status or 1.
    static func scaffolding(_ step: () throws(Scaffold.Failure) -> String) throws -> String {
        do {
            return try step()
        } catch {
            Terminal.printError("error: \(error.description)")
            throw error.isUsage ? Terminal.usageStatus : ExitCode.failure
        }
    }
}
