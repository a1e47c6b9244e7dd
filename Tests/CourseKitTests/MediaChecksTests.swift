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
