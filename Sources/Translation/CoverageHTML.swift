import Foundation
import CourseModel
import Localization
import Markdown

/// `coverage.html`: the dashboard a partner or a translator opens offline, often on a phone.
/// Its interface (headings, statuses, what changed) is in the site's default locale, with that
/// locale's direction and number format; lesson text and file names stay as they are.
/// Problems found in a lesson's structure are diagnostics and stay in English, as in `check`.
struct HTMLCoverage {
    let report: CoverageReport
    let interface: InterfaceCatalog
    let locale: LocaleID
    /// The site's stylesheet, relative to the page, when the page is part of a built site.
    let stylesheet: String?
    /// What every row repeats, looked up and escaped once: a site has thousands of rows.
    private let statusNames: [LessonStatus: String]
    private let statusLabel: String
    private let wordsLabel: String
    private let numberStyle: FloatingPointFormatStyle<Double>

    init(report: CoverageReport, interface: InterfaceCatalog, locale: LocaleID, stylesheet: String? = nil) {
        self.report = report
        self.interface = interface
        self.locale = locale
        self.stylesheet = stylesheet
        statusNames = Dictionary(uniqueKeysWithValues: LessonStatus.allCases.map {
            ($0, HTMLText.escape(interface.text("coverage_status_\($0.rawValue)", locale)))
        })
        statusLabel = HTMLText.escape(interface.text("coverage_status", locale))
        wordsLabel = HTMLText.escape(interface.text("coverage_words", locale))
        numberStyle = FloatingPointFormatStyle<Double>.number.precision(.fractionLength(1)).locale(Locale(identifier: locale.code))
    }

    func render() -> String {
        var body = ""
        for locale in report.locales { body += section(locale) }
        if report.locales.isEmpty { body = "<p>\(text("coverage_none"))</p>\n" }
        return """
        <!DOCTYPE html>
        <html lang="\(escape(locale.code))" dir="\(interface.direction(locale).rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src \(stylesheet == nil ? "" : "'self' ")'unsafe-inline'">
        <title>\(text("coverage_title"))</title>
        \(stylesheet.map { "<link rel=\"stylesheet\" href=\"\(escape($0))\">\n" } ?? "")<style>
        \(stylesheet == nil ? Self.ownLooks : Self.siteLooks)
        table{border-collapse:collapse;inline-size:100%;margin-block:0.5rem 1.5rem}th,td{border-block-end:1px solid var(--line);padding:0.3rem 0.5rem;text-align:start;vertical-align:top}
        .bar{block-size:0.6rem;background:var(--surface);border-radius:0.3rem;overflow:hidden;inline-size:12rem;max-inline-size:100%;display:inline-block;vertical-align:middle}.bar span{display:block;block-size:100%;background:var(--good)}
        .note{color:var(--muted)}.status{font-weight:600}.complete{color:var(--good)}.outdated,.unstamped,.draft{color:var(--late)}.mismatch,.missing,.copied{color:var(--bad)}del{background:var(--del);color:inherit}ins{background:var(--ins);color:inherit;text-decoration:none}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--surface);padding:0.5rem;border-radius:4px;margin:0.25rem 0}.num{text-align:end;font-variant-numeric:tabular-nums}code,.diff{overflow-wrap:anywhere}
        @media (max-width:40rem){thead{display:none}table,tbody,tr,td{display:block}tr{border-block-end:1px solid var(--line);padding-block:0.4rem}td{border:0;padding:0.1rem 0}
        td[data-label]::before{content:attr(data-label) ": ";font-weight:400;color:var(--muted)}.num{text-align:start}td:first-child{font-weight:600}}
        </style>
        </head>
        <body>
        <main>
        <h1>\(text("coverage_title"))</h1>
        <p>\(text("coverage_intro"))</p>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// On its own: the site stylesheet's type and colours, light and dark.
    private static let ownLooks = """
        :root{color-scheme:light dark;--text:#1b1f24;--muted:#57606a;--line:#d0d7de;--surface:#f4f6f8;--good:#116329;--late:#7a5200;--bad:#b3141f;--del:#ffebe9;--ins:#dafbe1}
        @media (prefers-color-scheme:dark){:root{--text:#e6edf3;--muted:#9aa4ae;--line:#30363d;--surface:#161b22;--good:#3fb950;--late:#d29922;--bad:#f85149;--del:#5a1e1e;--ins:#1b4721}body{background:#0d1117}}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",sans-serif;max-inline-size:60rem;margin:0 auto;padding:1rem;color:var(--text);line-height:1.5}
        :lang(ar) body,body:lang(ar){line-height:1.8}
        """

    /// With the site's stylesheet: its type, colours and dark mode, and the dashboard's own
    /// names for them.
    private static let siteLooks = """
        :root{--line:var(--border);--good:var(--tip);--late:var(--warning);--bad:var(--caution);--del:#ffebe9;--ins:#dafbe1}
        @media (prefers-color-scheme:dark){:root{--del:#5a1e1e;--ins:#1b4721}}
        main{max-inline-size:60rem;margin-inline:auto;padding:1rem}
        """

    private func section(_ coverage: LocaleCoverage) -> String {
        let target = LocaleID(coverage.locale)
        let name = interface.languageName(target)
        var html = "<section>\n<h2 id=\"locale-\(escape(coverage.locale))\"><span lang=\"\(escape(coverage.locale))\" dir=\"\(interface.direction(target).rawValue)\">\(escape(name))</span>"
            + " <code>\(escape(coverage.locale))</code> — \(percent(coverage.words))</h2>\n"
        html += "<p><span class=\"bar\" aria-hidden=\"true\"><span style=\"inline-size:\(String(format: "%.1f", coverage.words.coverage))%\"></span></span> "
        html += "\(escape(interface.count("coverage_words_left", coverage.words.wordsToTranslate, locale, ["total": String(coverage.words.sourceWords)])))"
            + " · \(statusSummary(coverage.lessons))</p>\n"
        for course in coverage.courses {
            html += "<h3>\(escape(course.id)) — \(percent(course.words))</h3>\n<table>\n"
            html += "<thead><tr><th scope=\"col\">\(text("coverage_lesson"))</th><th scope=\"col\">\(text("coverage_status"))</th>"
                + "<th scope=\"col\" class=\"num\">\(text("coverage_words"))</th><th scope=\"col\">\(text("coverage_details"))</th></tr></thead>\n<tbody>\n"
            for module in course.modules {
                for lesson in module.lessonDetails { html += row(lesson, module: module.slug) }
            }
            html += "</tbody>\n</table>\n"
        }
        if !coverage.missingTitles.isEmpty {
            html += "<h3>\(text("coverage_missing_titles"))</h3>\n<ul>\n" + coverage.missingTitles.map {
                "<li><code>\(escape($0.file))</code> <code>\(escape($0.key))</code>: <span dir=\"auto\">\(escape($0.sourceText))</span></li>\n"
            }.joined() + "</ul>\n"
        }
        if let strings = coverage.interface {
            html += "<p>" + escape(interface.text("coverage_interface", locale, ["count": String(strings.total - strings.missing.count),
                                                                                 "total": String(strings.total)]))
                + " <code>ui/\(escape(coverage.locale)).yaml</code></p>\n"
        }
        return html + "</section>\n"
    }

    private func row(_ lesson: LessonCoverage, module: String) -> String {
        var details = ""
        for change in lesson.changes {
            details += "<p>\(describe(change))</p>"
            if let previous = change.previousText, let text = change.text {
                details += "<p class=\"diff\" dir=\"auto\">" + WordDiff.render(old: previous, new: text, same: escape,
                                                                                 deleted: { "<del>\(escape($0))</del>" },
                                                                                 inserted: { "<ins>\(escape($0))</ins>" }) + "</p>"
            } else if let text = change.text {
                details += "<pre dir=\"auto\">\(escape(text))</pre>"
            }
        }
        for problem in lesson.problems { details += "<p lang=\"en\" dir=\"ltr\">\(escape(problem))</p>" }
        // Differences a translator may make: shown, in the muted colour of information.
        for note in lesson.notes { details += "<p class=\"note\" lang=\"en\" dir=\"ltr\">\(escape(note))</p>" }
        let items = lesson.changes.count + lesson.problems.count + lesson.notes.count
        if !lesson.changes.isEmpty || items > 1 {
            details = "<details><summary>\(escape(interface.count("coverage_items", items, locale)))</summary>\(details)</details>"
        }
        // On a phone the table becomes one block per lesson; each cell then names its column.
        return "<tr><td><code>\(escape(module))/\(escape(lesson.slug))</code></td>"
            + "<td class=\"status \(lesson.status.rawValue)\" data-label=\"\(statusLabel)\">\(statusName(lesson.status))</td>"
            + "<td class=\"num\" data-label=\"\(wordsLabel)\">\(lesson.words.wordsToTranslate)</td><td>\(details)</td></tr>\n"
    }

    /// One changed block, in words: where, which kind, what happened, how many words.
    private func describe(_ change: BlockChange) -> String {
        let kind = blockName(change.block)
        let line = String(change.line ?? 0)
        let sentence = switch change.change {
        case .removed: change.line == nil ? interface.text("coverage_removed_at_end", locale)
                                          : interface.text("coverage_removed", locale, ["line": line])
        case .changed: interface.count("coverage_changed", change.words, locale, ["line": line, "block": kind])
        case .added: interface.count("coverage_added", change.words, locale, ["line": line, "block": kind])
        case .moved: interface.text("coverage_moved", locale, ["line": line, "block": kind])
        }
        return escape(sentence) + (change.field.map { " <code>\(escape($0))</code>" } ?? "")
    }

    private func blockName(_ kind: String?) -> String {
        guard let kind else { return text("coverage_block_other") }
        let key = "coverage_block_" + kind.replacingOccurrences(of: " ", with: "_")
        return interface.has(key) ? interface.text(key, locale) : interface.text("coverage_block_other", locale)
    }

    private func statusName(_ status: LessonStatus) -> String { statusNames[status] ?? status.rawValue }

    /// "complete: 3 · out of date: 1": the statuses that are not zero, in the report's order.
    private func statusSummary(_ counts: StatusCounts) -> String {
        LessonStatus.allCases.filter { counts[$0] > 0 }
            .map { "<span class=\"\($0.rawValue)\">\(statusName($0))</span>: \(counts[$0])" }
            .joined(separator: " · ")
    }

    /// A coverage figure written as this locale writes numbers (`45,3` in French).
    private func percent(_ words: WordFigures) -> String {
        let number = words.coverage.formatted(numberStyle)
        return escape(interface.text("coverage_percent", locale, ["percent": number]))
    }

    private func text(_ key: String) -> String { escape(interface.text(key, locale)) }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }
}
