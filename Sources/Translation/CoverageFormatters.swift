import Foundation
import Markdown

/// The four ways `coursekit coverage` shows a report.
public enum CoverageFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html
}

extension CoverageReport {
    public func rendered(as format: CoverageFormat, color: Bool = false) -> String {
        switch format {
        case .text: TextCoverage(report: self, color: color).render()
        case .json: json()
        case .markdown: MarkdownCoverage(report: self).render()
        case .html: HTMLCoverage(report: self).render()
        }
    }

    /// Pretty, key-sorted JSON: stable for diffs and scripts (schema in docs/coverage.md).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The locales whose coverage is below `percent` (for `--fail-under`).
    public func locales(below percent: Double) -> [LocaleCoverage] {
        locales.filter { $0.words.coverage < percent }
    }
}

extension StatusCounts {
    /// "3 complete, 1 outdated, 1 missing": the statuses that are not zero.
    var summary: String {
        let parts = [("complete", complete), ("outdated", outdated), ("mismatch", mismatch), ("unstamped", unstamped),
                     ("copied", copied), ("draft", draft), ("missing", missing)]
            .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        return parts.isEmpty ? "no lessons" : parts.joined(separator: ", ")
    }
}

extension BlockChange {
    var summary: String {
        switch change {
        case .removed: "a block was removed" + (line.map { " before line \($0)" } ?? " at the end")
        case .changed, .added: "line \(line ?? 0), \(block ?? "block") \(change.rawValue)\(field.map { " (\($0))" } ?? "") (\(words) word\(words == 1 ? "" : "s"))"
        case .moved: "line \(line ?? 0), \(block ?? "block") moved here, unchanged (nothing to translate)"
        }
    }

    /// For a changed block whose earlier text is known: its words, with those deleted since
    /// as `[-…-]` and those inserted as `{+…+}` (as `git diff --word-diff`).
    var wordDiff: String? {
        guard let previousText, let text else { return nil }
        return WordDiff.render(old: previousText, new: text, same: { $0 }, deleted: { "[-\($0)-]" }, inserted: { "{+\($0)+}" })
    }

    /// The first line of the block's text, shortened for a table.
    var excerpt: String {
        guard let text else { return "" }
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        return first.count > 80 ? String(first.prefix(79)) + "…" : first
    }
}

// MARK: - text, for a terminal

struct TextCoverage {
    let report: CoverageReport
    let color: Bool

    func render() -> String {
        var lines = ["Translation coverage"]
        if report.locales.isEmpty { lines.append("  (no translated locale)") }
        for locale in report.locales {
            lines.append("")
            lines.append("\(bold(locale.locale))  \(percent(locale.words))  \(locale.words.wordsToTranslate) words to translate  (\(locale.lessons.summary))")
            for course in locale.courses {
                lines.append("  \(course.id)  \(percent(course.words))  \(course.words.wordsToTranslate) words")
                for module in course.modules {
                    lines.append("    \(module.slug)")
                    for lesson in module.lessonDetails {
                        let words = lesson.words.wordsToTranslate > 0 ? "  \(lesson.words.wordsToTranslate) words" : ""
                        lines.append("      \(lesson.slug.padding(toLength: 28, withPad: " ", startingAt: 0)) \(paint(lesson.status, padded: !words.isEmpty))\(words)")
                        for change in lesson.changes {
                            if let diff = change.wordDiff {
                                lines.append("        \(change.summary): \(diff)")
                            } else {
                                lines.append("        \(change.summary)" + (change.text == nil ? "" : ": \(change.excerpt)"))
                            }
                        }
                        for problem in lesson.problems { lines.append("        \(problem)") }
                    }
                }
            }
            for title in locale.missingTitles { lines.append("  missing \(title.key) in \(title.file): \(title.sourceText)") }
            if let interface = locale.interface, !interface.missing.isEmpty {
                lines.append("  interface: \(interface.missing.count) of \(interface.total) strings missing in ui/\(locale.locale).yaml")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func percent(_ words: WordFigures) -> String { String(format: "%5.1f %%", words.coverage) }

    private func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    private func paint(_ status: LessonStatus, padded: Bool) -> String {
        let name = padded ? status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) : status.rawValue
        guard color else { return name }
        let code = switch status {
        case .complete: "32"
        case .unstamped, .outdated, .draft: "33"
        case .mismatch, .missing, .copied: "31"
        }
        return "\u{1B}[\(code)m\(name)\u{1B}[0m"
    }
}

// MARK: - Markdown, for a pull request

struct MarkdownCoverage {
    let report: CoverageReport

    func render() -> String {
        var out = "## Translation coverage\n\n| Locale | Coverage | Words to translate | Lessons |\n|---|---:|---:|---|\n"
        for locale in report.locales {
            out += "| \(locale.locale) | \(String(format: "%.1f", locale.words.coverage)) % | \(locale.words.wordsToTranslate) | \(locale.lessons.summary) |\n"
        }
        for locale in report.locales {
            out += "\n### \(locale.locale)\n\n| Lesson | Status | Words to translate | What to do |\n|---|---|---:|---|\n"
            for course in locale.courses {
                for module in course.modules {
                    for lesson in module.lessonDetails {
                        let todo = (lesson.changes.map { change in
                            if let previous = change.previousText, let text = change.text {
                                return change.summary + ": " + WordDiff.render(old: previous, new: text, same: cell,
                                                                               deleted: { "~~\(cell($0))~~" }, inserted: { "**\(cell($0))**" })
                            }
                            return change.summary + (change.text == nil ? "" : ": " + cell(change.excerpt))
                        } + lesson.problems.map(cell))
                            .joined(separator: "<br>")
                        out += "| `\(course.id)/\(module.slug)/\(lesson.slug)` | \(lesson.status.rawValue) | \(lesson.words.wordsToTranslate) | \(todo) |\n"
                    }
                }
            }
            if !locale.missingTitles.isEmpty {
                out += "\nMissing titles: " + locale.missingTitles.map { "`\($0.file)` \($0.key)" }.joined(separator: ", ") + "\n"
            }
            if let interface = locale.interface, !interface.missing.isEmpty {
                out += "\nInterface: \(interface.missing.count) of \(interface.total) strings missing in `ui/\(locale.locale).yaml`.\n"
            }
        }
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

// MARK: - HTML, a dashboard a partner opens offline

struct HTMLCoverage {
    let report: CoverageReport

    func render() -> String {
        var body = ""
        for locale in report.locales { body += section(locale) }
        if report.locales.isEmpty { body = "<p>No translated locale.</p>\n" }
        return """
        <!DOCTYPE html>
        <html lang="en" dir="ltr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Translation coverage</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-inline-size:60rem;margin:0 auto;padding:1rem;color:#1b1f24;line-height:1.5}
        table{border-collapse:collapse;inline-size:100%;margin-block:0.5rem 1.5rem}th,td{border-block-end:1px solid #d0d7de;padding:0.3rem 0.5rem;text-align:start;vertical-align:top}
        .bar{block-size:0.6rem;background:#eaeef2;border-radius:0.3rem;overflow:hidden;inline-size:12rem;display:inline-block;vertical-align:middle}.bar span{display:block;block-size:100%;background:#116329}
        .status{font-weight:600;white-space:nowrap}.complete{color:#116329}.outdated,.unstamped,.draft{color:#7a5200}.mismatch,.missing,.copied{color:#b3141f}del{background:#ffebe9;color:#82071e}ins{background:#dafbe1;color:#116329;text-decoration:none}
        pre{white-space:pre-wrap;background:#f4f6f8;padding:0.5rem;border-radius:4px;margin:0.25rem 0}.num{text-align:end;font-variant-numeric:tabular-nums}
        </style>
        </head>
        <body>
        <h1>Translation coverage</h1>
        \(body)</body>
        </html>

        """
    }

    private func section(_ locale: LocaleCoverage) -> String {
        var html = "<section>\n<h2 id=\"locale-\(escape(locale.locale))\">\(escape(locale.locale)) — \(String(format: "%.1f", locale.words.coverage)) %</h2>\n"
        html += "<p><span class=\"bar\" aria-hidden=\"true\"><span style=\"inline-size:\(String(format: "%.1f", locale.words.coverage))%\"></span></span> "
        html += "\(locale.words.wordsToTranslate) of \(locale.words.sourceWords) words to translate · \(escape(locale.lessons.summary))</p>\n"
        for course in locale.courses {
            html += "<h3>\(escape(course.id)) — \(String(format: "%.1f", course.words.coverage)) %</h3>\n<table>\n"
            html += "<thead><tr><th scope=\"col\">Lesson</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Words to translate</th><th scope=\"col\">Details</th></tr></thead>\n<tbody>\n"
            for module in course.modules {
                for lesson in module.lessonDetails { html += row(lesson, module: module.slug) }
            }
            html += "</tbody>\n</table>\n"
        }
        if !locale.missingTitles.isEmpty {
            html += "<h3>Missing titles</h3>\n<ul>\n" + locale.missingTitles.map {
                "<li><code>\(escape($0.file))</code> \(escape($0.key)): <span dir=\"auto\">\(escape($0.sourceText))</span></li>\n"
            }.joined() + "</ul>\n"
        }
        if let interface = locale.interface {
            html += "<p>Interface strings: \(interface.total - interface.missing.count) of \(interface.total) in <code>ui/\(escape(locale.locale)).yaml</code>.</p>\n"
        }
        return html + "</section>\n"
    }

    private func row(_ lesson: LessonCoverage, module: String) -> String {
        var details = ""
        for change in lesson.changes {
            details += "<p>\(escape(change.summary))</p>"
            if let previous = change.previousText, let text = change.text {
                details += "<p class=\"diff\" dir=\"auto\">" + WordDiff.render(old: previous, new: text, same: escape,
                                                                                 deleted: { "<del>\(escape($0))</del>" },
                                                                                 inserted: { "<ins>\(escape($0))</ins>" }) + "</p>"
            } else if let text = change.text {
                details += "<pre dir=\"auto\">\(escape(text))</pre>"
            }
        }
        for problem in lesson.problems { details += "<p>\(escape(problem))</p>" }
        if !lesson.changes.isEmpty || lesson.problems.count > 1 { details = "<details><summary>\(lesson.changes.count + lesson.problems.count) items</summary>\(details)</details>" }
        return "<tr><td><code>\(escape(module))/\(escape(lesson.slug))</code></td><td class=\"status \(lesson.status.rawValue)\">\(lesson.status.rawValue)</td>"
            + "<td class=\"num\">\(lesson.words.wordsToTranslate)</td><td>\(details)</td></tr>\n"
    }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }
}
