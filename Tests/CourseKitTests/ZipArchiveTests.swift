import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Packaging

/// Zip archives as other tools read them: Python's zipfile and Info-ZIP's unzip.
@Suite struct ZipArchiveTests {
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A course with many small media files used to trap (a 16-bit entry count): past 65,535
    /// entries the archive carries ZIP64 records.
    @Test func seventyThousandEntriesAreReadByZipfileAndUnzip() throws {
        let entries = (0..<70_000).map { ZipArchive.Entry(path: "course/media/icon-\($0).svg", data: Data("<svg id=\"\($0)\"/>".utf8)) }
        let data = ZipArchive(date: DateComponents(year: 2026, month: 11, day: 27)).archive(entries)
        let path = NSTemporaryDirectory() + "coursekit-zip64-\(UUID().uuidString).zip"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let python = try run(["python3", "-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as archive:
                assert archive.testzip() is None
                names = archive.namelist()
                assert len(names) == 70000, len(names)
                assert archive.read("course/media/icon-69999.svg") == b'<svg id="69999"/>'
                print("ok", len(names))
            """, path])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.contains("ok 70000"))
        let unzip = try run(["unzip", "-tqq", path])
        #expect(unzip.status == 0, "\(unzip.output)")
    }

    @Test func aSmallArchiveStaysAPlainZip() {
        let data = ZipArchive(date: DateComponents(year: 2026, month: 1, day: 2)).archive([ZipArchive.Entry(path: "a.txt", data: Data("a".utf8))])
        let zip64Record = Data([0x50, 0x4B, 0x06, 0x06])
        #expect(data.range(of: zip64Record) == nil)
    }

    @Test func datesAZipCannotHoldAreClampedNotTrapped() {
        #expect(ZipArchive.dosTimestamp(DateComponents(year: 2200, month: 1, day: 1)).date == UInt16((2107 - 1980) << 9 | 1 << 5 | 1))
        #expect(ZipArchive.dosTimestamp(DateComponents(year: 1900, month: 1, day: 1)).date == UInt16(1 << 5 | 1))
    }
}

@Suite struct ManifestTests {
    /// A course title with a control character used to make library.xml invalid XML.
    @Test func controlCharactersNeverReachTheXML() {
        let escaped = PackageBuilder.xmlEscape("Data\u{1} basics\u{1B}[31m <b> & \"more\"\ttab")
        #expect(escaped == "Data basics[31m &lt;b&gt; &amp; &quot;more&quot;\ttab")
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><library><book title=\"\(escaped)\"/></library>"
        #expect(XMLParser(data: Data(document.utf8)).parse())
    }
}

/// Packages as mirrors and partners' libraries see them.
@Suite struct PackageIdentityTests {
    /// The same content and date make the same bytes in every format, ZIM included (its search
    /// indexes once carried random UUIDs), so a mirror downloads only books that changed.
    @Test func theSameContentMakesTheSameBytes() throws {
        let date = DateComponents(year: 2026, month: 11, day: 28)
        var outputs: [String] = []
        for _ in 0..<2 {
            let output = Fixtures.temporaryFolder() + "/Packages"
            let report = PackageBuilder(options: .init(contentRoot: Fixtures.tree, outputFolder: output, formats: PackageBuilder.Format.allCases,
                                                       date: date)).run()
            #expect(!report.diagnostics.hasErrors, "\(report.diagnostics)")
            #expect(report.packages.contains { $0.format == "zim" })
            outputs.append(output)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: outputs[0]).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: outputs[1]).sorted()))
        for name in names {
            #expect(FileManager.default.contentsEqual(atPath: "\(outputs[0])/\(name)", andPath: "\(outputs[1])/\(name)"), "\(name) differs")
        }
    }

    /// A changed lesson makes a new book: the ZIM's UUID comes from its content.
    @Test func aChangedCourseIsANewBook() throws {
        let content = Fixtures.copyOfTree()
        let date = DateComponents(year: 2026, month: 11, day: 28)
        func uuids() -> [String] {
            let report = PackageBuilder(options: .init(contentRoot: content, outputFolder: Fixtures.temporaryFolder() + "/Packages",
                                                       formats: [.zim], date: date)).run()
            return report.packages.compactMap(\.uuid)
        }
        let before = uuids()
        Fixtures.write("---\ntitle: Changed\n---\nNew text.\n", to: "\(content)/demo/02-more/01-last.en.md")
        let after = uuids()
        #expect(before.count == after.count && !before.isEmpty)
        #expect(Set(before).isDisjoint(with: after))
    }
}

@Suite struct ZipStreamingTests {
    /// A media file above the streaming size is copied a piece at a time and stored, and the
    /// archive is one every tool reads.
    @Test func aLargeMediaFileIsStreamedIntoAReadableArchive() throws {
        let folder = Fixtures.temporaryFolder()
        let video = "\(folder)/lecture.mp4"
        var bytes = [UInt8](repeating: 0, count: 3 * ZipArchive.streamedSize + 12_345)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        try Data(bytes).write(to: URL(fileURLWithPath: video))
        let archive = "\(folder)/course.zip"
        try ZipArchive(date: DateComponents(year: 2026, month: 11, day: 28)).write([
            ZipArchive.Entry(path: "course/media/lecture.mp4", source: .file(video)),
            ZipArchive.Entry(path: "course/index.html", data: Data("<!DOCTYPE html><title>x</title>".utf8)),
        ], toFileAt: archive)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as archive:
                assert archive.testzip() is None
                info = archive.getinfo("course/media/lecture.mp4")
                assert info.compress_type == zipfile.ZIP_STORED, info.compress_type
                assert archive.read("course/media/lecture.mp4") == open(sys.argv[2], "rb").read()
            """, archive, video]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
