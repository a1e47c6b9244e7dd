import Testing
import Foundation
import CourseModel
@testable import SiteBuilder

/// Media files are served on the learners' own site: none may run script there.
@Suite struct MediaChecksTests {
    @Test func scriptInAnSVGOrAnActiveFileInMediaStopsTheBuild() {
        let evil = """
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
          <script>fetch('x')</script>
          <a href="https://example.org"><text>a link is fine</text></a>
          <a xlink:href="javascript:alert(2)"><text>bad</text></a>
          <image href="https://example.org/x.png"/>
          <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
          <rect style="fill: url(#gradient)"/>
        </svg>
        """
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\n[Full size](../media/evil.svg)\n"], extra: [
            "c/media/evil.svg": evil,
            "c/media/page.html": "<p>x</p>",
            "c/media/tool.js": "alert(1)",
            "c/media/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><linearGradient id=\"g\"/></defs><rect style=\"fill: url(#g)\"/></svg>",
        ])
        let output = Fixtures.temporaryFolder() + "/Output"
        let report = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(!report.wrote)
        let found = report.diagnostics.map { "\(URL(fileURLWithPath: $0.location?.file ?? "").lastPathComponent):\($0.location?.line ?? 0): \($0.message)" }
        #expect(found.contains { $0.hasPrefix("evil.svg:1: the onload attribute of <svg> runs script") })
        #expect(found.contains { $0.hasPrefix("evil.svg:2: <script> can run script") })
        #expect(found.contains { $0.hasPrefix("evil.svg:4: xlink:href=\"javascript:alert(2)\" on <a> runs script") })
        #expect(found.contains { $0.hasPrefix("evil.svg:5: href=\"https://example.org/x.png\" on <image> fetches from the internet") })
        #expect(found.contains { $0.hasPrefix("evil.svg:6: <foreignObject> can run script") })
        #expect(found.contains { $0.hasPrefix("page.html:0: 'page.html' is a .html file") })
        #expect(found.contains { $0.hasPrefix("tool.js:0: 'tool.js' is a .js file") })
        #expect(found.allSatisfy { !$0.hasPrefix("chart.svg") }, "a plain SVG is fine: \(found)")
        #expect(found.count == 7, "\(found)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// An SVG whose stylesheet imports a web font builds (it shows offline, without the
    /// font), with a warning naming the file and line; a local @import passes.
    @Test func anSVGImportingFromTheInternetIsAWarning() {
        let fonts = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<style>\n@import url('https://fonts.googleapis.com/css2?family=Noto+Sans');\ntext { font-family: 'Noto Sans'; }\n</style>\n<text>Water</text>\n</svg>\n"
        let local = "<svg xmlns=\"http://www.w3.org/2000/svg\"><style><![CDATA[@import \"shapes.css\"; rect { fill: red; }]]></style><rect/></svg>"
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\n![Water per day](../media/fonts.svg)\n"], extra: [
            "c/media/fonts.svg": fonts, "c/media/local.svg": local, "c/media/shapes.css": "rect { stroke: blue; }",
        ])
        let report = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").run()
        #expect(report.wrote)
        let found = report.diagnostics.map { "\(URL(fileURLWithPath: $0.location?.file ?? "").lastPathComponent):\($0.location?.line ?? 0): \($0.severity): \($0.message)" }
        #expect(found == ["fonts.svg:2: warning: the <style> of this SVG imports a stylesheet from the internet (a web font?), which learners do not have and pay for on every view; remove the @import or put what it gives into the SVG"])
    }

    /// `allow_active_media: true` lets a course ship HTML and scripts (each named in a warning),
    /// never the types no policy can reach; the HTML gets the pages' policy first.
    @Test func aCourseThatAllowsActiveMediaShipsItsHTMLUnderThePagesPolicy() throws {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\n[Try it](../media/sim.html)\n"], extra: [
            "c/media/sim.html": "\u{FEFF}<!doctype html>\n<html><head><title>Sim</title></head><body>x</body></html>",
            "c/media/sim.js": "document.title = 'ran'",
            "c/media/old.swf": "x",
        ])
        let courseFile = "\(root)/c/course.yaml"
        Fixtures.write(Fixtures.read(courseFile) + "allow_active_media: true\n", to: courseFile)
        let output = Fixtures.temporaryFolder() + "/Output"
        var report = SiteBuild(contentRoot: root, outputPath: output).run()
        let messages = report.diagnostics.map { "\($0.severity): \(URL(fileURLWithPath: $0.location?.file ?? "").lastPathComponent)" }
        #expect(messages == ["error: old.swf", "warning: sim.html", "warning: sim.js"], "\(report.diagnostics)")
        try FileManager.default.removeItem(atPath: "\(root)/c/media/old.swf")
        report = SiteBuild(contentRoot: root, outputPath: output).run()
        #expect(report.wrote)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(output)/c/media/sim.html"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the byte-order mark stays first")
        let html = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(html.hasPrefix("<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';"))
        #expect(html.hasSuffix("\n<html><head><title>Sim</title></head><body>x</body></html>"))
        #expect(Fixtures.read("\(output)/c/media/sim.js") == "document.title = 'ran'")
    }

    /// Names a zip must not carry: Windows unzip tools read `\` and `C:` as paths (zip-slip on
    /// the partner's machine).
    @Test func mediaNamesThatAreNotPortableAreRefused() {
        let root = Fixtures.minimalSite(lessons: ["01-a.en.md": "---\ntitle: A\n---\n\nText.\n"], extra: [
            "c/media/up\\evil.png": "x", "c/media/C:x.png": "x", "c/media/line\nbreak.png": "x", "c/media/fine-name.png": "x",
        ])
        let diagnostics = SiteBuild(contentRoot: root, outputPath: Fixtures.temporaryFolder() + "/Output").check()
        let messages = diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("holds a backslash") })
        #expect(messages.contains { $0.contains("holds a colon") })
        #expect(messages.contains { $0.contains("holds a control character") })
        #expect(messages.count == 3, "\(messages)")
    }
}
