import ArgumentParser
import CourseModel
import Foundation
import Packaging

extension PackageBuilder.Format: ExpressibleByArgument {}

struct Package: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make packages for Kiwix (ZIM), Kolibri (HTML5 app zip) and plain downloads (zip).")

    @OptionGroup var options: ContentOptions

    @Option(name: .customLong("format"), help: "zim, kolibri or zip; repeat for several.")
    var formats: [PackageBuilder.Format] = [.zim]

    @Option(help: "The folder the packages, packages.json and library.xml are written to.")
    var output = "Packages"

    @Option(help: "The packages' date, YYYY-MM-DD (default: today, UTC). The same date gives the same zip bytes.")
    var date: String?

    @Option(help: "Publisher, in the ZIM metadata.")
    var publisher = "coursekit"

    func run() throws {
        let report = PackageBuilder(options: .init(
            contentRoot: options.content, outputFolder: output, formats: formats, courseID: options.course,
            locale: options.selection.locale, date: try packageDate(), publisher: publisher)).run()
        Terminal.print(report.diagnostics.sortedByLocation())
        for package in report.packages {
            print("\(output)/\(package.file)  \(ByteCountFormatter.string(fromByteCount: Int64(package.size), countStyle: .file))")
        }
        if report.diagnostics.hasErrors { throw ExitCode.failure }
        print("Wrote \(report.packages.count) package\(report.packages.count == 1 ? "" : "s"), packages.json and library.xml → \(output)/")
    }

    private func packageDate() throws -> DateComponents {
        guard let date else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.dateComponents([.year, .month, .day], from: Date())
        }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            throw ValidationError("--date must be YYYY-MM-DD")
        }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }
}
