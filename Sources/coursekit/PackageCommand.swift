import ArgumentParser
import CourseModel
import Foundation
import Packaging

extension PackageBuilder.Format: ExpressibleByArgument {}

struct Package: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make packages for Kiwix (ZIM), Kolibri (HTML5 app zip) and plain downloads (zip).")

    @OptionGroup var options: ContentOptions

    @OptionGroup var drafts: DraftOption

    @Option(name: .customLong("format"), help: "zim, kolibri or zip; repeat for several.")
    var formats: [PackageBuilder.Format] = [.zim]

    @Option(help: "The folder the packages, packages.json and library.xml are written to (default: Packages beside the content folder).")
    var output: String?

    @Option(help: "The packages' date, YYYY-MM-DD (default: today, UTC). The same date gives the same zip bytes.")
    var date: String?

    @Option(help: "Publisher, in the ZIM metadata.")
    var publisher = "coursekit"

    func run() throws {
        let content = try options.contentRoot()
        let output = self.output ?? ContentSearch.beside(content, "Packages")
        var packageOptions = PackageBuilder.Options(contentRoot: content, outputFolder: output, formats: formats, courseID: options.course,
                                                    locale: options.selection.locale, date: try packageDate(), publisher: publisher)
        packageOptions.includeDrafts = drafts.include
        let report = PackageBuilder(options: packageOptions).run()
        Terminal.print(report.diagnostics.sortedByLocation())
        for package in report.packages {
            print("\(output)/\(package.file)  \(ByteCountFormatter.string(fromByteCount: Int64(package.size), countStyle: .file))")
        }
        try Terminal.exitIfFailed(report.diagnostics)
        let earlier = report.listed.count - report.packages.count
        print("Wrote \(report.packages.count) package\(report.packages.count == 1 ? "" : "s"), packages.json and library.xml → \(output)/"
              + (earlier > 0 ? " (the catalogues also list \(earlier) package\(earlier == 1 ? "" : "s") made before, still there as made)" : ""))
    }

    func validate() throws {
        _ = try packageDate()
    }

    private func packageDate() throws -> DateComponents {
        guard let date else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.dateComponents([.year, .month, .day], from: Date())
        }
        let parts = date.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] else {
            throw ValidationError("--date must be YYYY-MM-DD")
        }
        // A day that exists (not 2026-02-30), in the years a zip's DOS date can hold.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let real = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: real) == components else {
            throw ValidationError("--date \(date) is not a day of the calendar")
        }
        guard (1980...2107).contains(year) else {
            throw ValidationError("--date must be between 1980-01-01 and 2107-12-31, the years zip and ZIM dates hold")
        }
        return components
    }
}
