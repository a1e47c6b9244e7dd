import Foundation
import CourseModel
import Localization
import Markdown

/// The four ways `coursekit coverage` shows a report.
public enum CoverageFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html
}

extension CoverageReport {
    /// The report in `format`. Text, JSON and Markdown are for terminals, scripts and pull
    /// requests, in English; the HTML page is for partners and translators, in the interface
    /// strings of `locale` (the site's default locale) from `interface`. Beside a built site, the
    /// page takes the site's `stylesheet` (its type, colours and dark mode, as every page of the
    /// site); on its own it carries the same looks inline.
    public func rendered(as format: CoverageFormat, color: Bool = false,
                         interface: InterfaceCatalog = InterfaceCatalog(), locale: LocaleID = LocaleID("en"),
                         stylesheet: String? = nil) -> String {
        switch format {
        case .text: TextCoverage(report: self, color: color).render()
        case .json: json()
        case .markdown: MarkdownCoverage(report: self).render()
        case .html: HTMLCoverage(report: self, interface: interface, locale: locale, stylesheet: stylesheet).render()
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
                        for note in lesson.notes { lines.append("        note: \(note)") }
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
                        } + lesson.problems.map(cell) + lesson.notes.map { "note: " + cell($0) })
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
