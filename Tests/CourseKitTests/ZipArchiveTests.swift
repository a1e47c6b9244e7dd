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
