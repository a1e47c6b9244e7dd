import Foundation
import CourseModel
import Localization
import Markdown

/// Turns an exercise into HTML that works without JavaScript (the question, and the solution
/// in a `<details>`) and that `coursekit-exercises.js` makes interactive.
///
/// The DOM contract, documented in docs/exercises.md, is what the script and browser tests
/// rely on: a root with `data-exercise-id` and `data-exercise-kind`, controls with
/// `data-action="check|retry|solution"`, and `data-state="correct|incorrect"` once checked.
struct ExerciseRenderer {
    /// The page's locale: interface words (Check, Correct!) are in the learner's language.
    let page: LocaleContext
    /// The locale the exercise text is written in (the source's, on a fallback page).
    let text: LocaleContext
    /// Renders a text field as inline Markdown.
    let inline: (String) -> String
    /// The package's preview page, loaded in the code exercises' sandboxed frame.
    let previewURL: String

    func render(_ exercise: Exercise) -> String {
        let domID = "exercise-\(exercise.id)"
        var html = "<section class=\"exercise exercise-\(exercise.kind.rawValue)\" id=\"\(escape(domID))\" data-exercise-id=\"\(escape(exercise.id))\" data-exercise-kind=\"\(exercise.kind.rawValue)\" aria-labelledby=\"\(escape(domID))-question\">\n"
        html += "<form class=\"exercise-form\" action=\"#\(escape(domID))\">\n<fieldset>\n"
        html += "<legend id=\"\(escape(domID))-question\" class=\"exercise-question\">\(question(exercise))</legend>\n"
        html += controls(exercise, domID: domID)
        html += "</fieldset>\n"
        html += actions(exercise)
        html += "</form>\n"
        html += solution(exercise)
        html += "<script type=\"application/json\" class=\"exercise-data\">\(data(exercise).text)</script>\n"
        html += "</section>\n"
        return html
    }

    /// The exercise's answer for the "Answers" section a printed lesson ends with: its
    /// question, then what the solution shows.
    func answerKey(_ exercise: Exercise) -> String {
        var html = "<li><p class=\"print-question\">\(question(exercise))</p>\n\(solutionBody(exercise))"
        if let explanation = exercise.explanation { html += "<p class=\"exercise-explanation\">\(inline(explanation))</p>\n" }
        return html + "</li>\n"
    }

    // MARK: parts shared by every kind

    private func question(_ exercise: Exercise) -> String {
        if let question = exercise.question { return inline(question) }
        switch exercise.kind {
        case .fill: return ui("exercise_your_answer")
        default: return ""
        }
    }

    private func actions(_ exercise: Exercise) -> String {
        let languageAttributes = text.attributes(for: page.locale)
        return """
        <div class="exercise-actions"\(languageAttributes) hidden>
        <button type="button" data-action="check">\(ui("exercise_check"))</button>
        <button type="button" data-action="retry" hidden>\(ui("exercise_retry"))</button>
        <button type="button" data-action="solution">\(ui("exercise_show_solution"))</button>
        </div>
        <p class="exercise-feedback" role="status" aria-live="polite"\(languageAttributes)></p>

        """
    }

    private func solution(_ exercise: Exercise) -> String {
        var body = solutionBody(exercise)
        if let explanation = exercise.explanation { body += "<p class=\"exercise-explanation\">\(inline(explanation))</p>\n" }
        return "<details class=\"exercise-solution\">\n<summary\(text.attributes(for: page.locale))>\(ui("exercise_solution"))</summary>\n\(body)</details>\n"
    }

    // MARK: controls per kind

    private func controls(_ exercise: Exercise, domID: String) -> String {
        switch exercise.body {
        case .quiz(let answers): quizControls(answers, domID: domID)
        case .fill(let fill): fillControls(fill, domID: domID)
        case .short: "<input type=\"text\" class=\"exercise-input\" id=\"\(escape(domID))-answer\" name=\"answer\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" dir=\"auto\" aria-labelledby=\"\(escape(domID))-question\">\n"
        case .order(let steps): orderControls(steps, exercise: exercise, domID: domID)
        case .match(let pairs): matchControls(pairs, exercise: exercise, domID: domID)
        case .code(let code): codeControls(code, domID: domID)
        }
    }

    private func quizControls(_ answers: [QuizAnswer], domID: String) -> String {
        let multiple = answers.filter(\.correct).count > 1
        var html = "<p class=\"exercise-instruction\"\(text.attributes(for: page.locale))>\(ui(multiple ? "exercise_choose_all" : "exercise_choose_one"))</p>\n<ul class=\"quiz-answers\">\n"
        for (index, answer) in answers.enumerated() {
            html += "<li><label><input type=\"\(multiple ? "checkbox" : "radio")\" name=\"\(escape(domID))\" value=\"\(index)\"> <span>\(inline(answer.text))</span></label>"
            if let feedback = answer.feedback { html += "<span class=\"answer-feedback\" hidden>\(inline(feedback))</span>" }
            html += "</li>\n"
        }
        return html + "</ul>\n"
    }

    private func fillControls(_ fill: FillText, domID: String) -> String {
        let html = fillText(fill) { index, answers in
            let width = max(4, (answers.map(\.count).max() ?? 4) + 2)
            return "<input type=\"text\" class=\"exercise-blank\" name=\"blank-\(index)\" size=\"\(width)\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" dir=\"auto\" aria-label=\"\(escape(page.count("exercise_blank", index + 1)))\">"
        }
        return "<p class=\"fill-text\">\(html)</p>\n"
    }

    /// The text of a fill exercise as HTML, each blank replaced by `blank(index, answers)`.
    /// Blanks become placeholders first, so Markdown around them renders as one text.
    /// One pass over the text, whatever the number of blanks (replacing one placeholder after
    /// another rewrote the whole text for each: 2,000 blanks took over 20 s).
    private func fillText(_ fill: FillText, blank: (Int, [String]) -> String) -> String {
        let html = Array(inline(fill.markdownWithPlaceholders).utf8)
        let prefix = Array("xcoursekitblank".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(html.count)
        var index = 0
        while index < html.count {
            if html[index] == prefix[0], html.count - index > prefix.count, Array(html[index..<(index + prefix.count)]) == prefix {
                var end = index + prefix.count
                var number = 0
                while end < html.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(html[end]), number < 1_000_000 {
                    number = number * 10 + Int(html[end] - UInt8(ascii: "0"))
                    end += 1
                }
                if end > index + prefix.count, end < html.count, html[end] == UInt8(ascii: "x"), fill.blanks.indices.contains(number) {
                    result += Array(blank(number, fill.blanks[number]).utf8)
                    index = end + 1
                    continue
                }
            }
            result.append(html[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private func orderControls(_ steps: [String], exercise: Exercise, domID: String) -> String {
        let shuffled = DeterministicShuffle.permutation(count: steps.count, seed: exercise.id, avoidIdentity: true)
        var html = "<p class=\"exercise-instruction\"\(text.attributes(for: page.locale))>\(ui("exercise_order_hint"))</p>\n<ol class=\"order-list\">\n"
        for index in shuffled {
            let step = inline(steps[index])
            html += "<li data-step=\"\(index)\"><span class=\"order-text\">\(step)</span>"
            html += "<span class=\"order-buttons\" hidden><button type=\"button\" data-move=\"up\" aria-label=\"\(ui("exercise_move_up"))\">▲</button>"
            html += "<button type=\"button\" data-move=\"down\" aria-label=\"\(ui("exercise_move_down"))\">▼</button></span></li>\n"
        }
        return html + "</ol>\n"
    }

    private func matchControls(_ pairs: [MatchPair], exercise: Exercise, domID: String) -> String {
        let options = DeterministicShuffle.permutation(count: pairs.count, seed: exercise.id + "/right", avoidIdentity: true)
        var html = "<ul class=\"match-list\">\n"
        for (index, pair) in pairs.enumerated() {
            let selectID = "\(domID)-match-\(index)"
            html += "<li><label for=\"\(escape(selectID))\">\(inline(pair.left))</label> "
            html += "<select id=\"\(escape(selectID))\" name=\"match-\(index)\"><option value=\"\">\(ui("exercise_choose"))</option>"
            for option in options { html += "<option value=\"\(option)\">\(escape(plain(pairs[option].right)))</option>" }
            html += "</select></li>\n"
        }
        return html + "</ul>\n"
    }

    private func codeControls(_ code: CodeExercise, domID: String) -> String {
        var html = "<div class=\"code-exercise\" dir=\"ltr\">\n"
        for (language, starter) in [("html", code.html), ("css", code.css), ("js", code.js)]
        where !starter.isEmpty || language == "html" || (language == "css" && !(code.solution?.css ?? "").isEmpty) || (language == "js" && !(code.solution?.js ?? "").isEmpty) {
            let fieldID = "\(domID)-\(language)"
            html += "<label for=\"\(escape(fieldID))\">\(language.uppercased())</label>\n"
            html += "<textarea id=\"\(escape(fieldID))\" data-language=\"\(language)\" rows=\"\(max(4, starter.split(separator: "\n").count + 1))\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\">\(escape(starter))</textarea>\n"
        }
        html += "<iframe class=\"code-preview\" sandbox=\"allow-scripts\" title=\"\(ui("exercise_preview"))\" data-preview=\"\(escape(previewURL))\" hidden></iframe>\n"
        // Shown by the script: a preview of code with a script in it runs only when asked.
        // (In the page's language and direction, inside a left-to-right block of code.)
        html += "<p class=\"code-run-bar\" lang=\"\(page.locale.code)\" dir=\"\(page.direction.rawValue)\" hidden>"
            + "<button type=\"button\" class=\"code-run\">\(ui("code_run"))</button>"
            + " <span class=\"code-paused\" role=\"status\" hidden>\(ui("code_run_paused"))</span></p>\n"
        return html + "</div>\n"
    }

    // MARK: solution per kind, readable without JavaScript

    private func solutionBody(_ exercise: Exercise) -> String {
        switch exercise.body {
        case .quiz(let answers):
            return "<ul>\n" + answers.filter(\.correct).map { "<li>\(inline($0.text))</li>\n" }.joined() + "</ul>\n"
        case .fill(let fill):
            return "<p>\(fillText(fill) { _, answers in "<mark>\(escape(answers.first ?? ""))</mark>" })</p>\n"
        case .short(let answer):
            guard !answer.accepted.isEmpty else { return "" }
            return "<p>\(ui("exercise_accepted")) " + answer.accepted.map { "<bdi>\(escape($0))</bdi>" }.joined(separator: " · ") + "</p>\n"
        case .order(let steps):
            return "<ol>\n" + steps.map { "<li>\(inline($0))</li>\n" }.joined() + "</ol>\n"
        case .match(let pairs):
            return "<ul>\n" + pairs.map { "<li>\(inline($0.left)) → \(inline($0.right))</li>\n" }.joined() + "</ul>\n"
        case .code(let code):
            guard let solution = code.solution else { return "" }
            return [("HTML", solution.html), ("CSS", solution.css), ("JavaScript", solution.js)].filter { !$0.1.isEmpty }.map {
                "<p>\($0.0)</p>\n<pre dir=\"ltr\" tabindex=\"0\"><code>\(escape($0.1))</code></pre>\n"
            }.joined()
        }
    }

    // MARK: data for the script

    /// What the script needs to check answers, as JSON. It sits in the page: a learner who
    /// reads the source can find the answers, as in any self-study book.
    private func data(_ exercise: Exercise) -> JSONValue {
        var data: [String: JSONValue] = ["id": .string(exercise.id), "kind": .string(exercise.kind.rawValue)]
        switch exercise.body {
        case .quiz(let answers):
            data["correct"] = .array(answers.indices.filter { answers[$0].correct }.map(JSONValue.number))
        case .fill(let fill):
            data["blanks"] = .array(fill.blanks.map { .array($0.map { .string(AnswerNormalizer.normalize($0)) }) })
        case .short(let answer):
            data["answers"] = .array(answer.accepted.map { .string(AnswerNormalizer.normalize($0)) })
            if let pattern = answer.pattern { data["pattern"] = .string(pattern) }
        case .order(let steps):
            data["count"] = .number(steps.count)
        case .match(let pairs):
            data["count"] = .number(pairs.count)
        case .code(let code):
            data["checks"] = .array(code.checks.map { .object(["test": .string($0.test), "message": .string(inline($0.message))]) })
            if let solution = code.solution {
                data["solution"] = .object(["html": .string(solution.html), "css": .string(solution.css), "js": .string(solution.js)])
            }
        }
        return .object(data)
    }

    private func ui(_ key: String) -> String { escape(page.text(key)) }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// Option elements hold text only: Markdown emphasis is dropped, code ticks removed.
    private func plain(_ markdown: String) -> String {
        let html = inline(markdown)
        // Most options are plain words: no tag or entity to take out.
        guard html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return html }
        return html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A shuffle that is the same on every build (so output stays byte-identical) and differs
/// between exercises: a SplitMix64 generator seeded from the exercise id.
enum DeterministicShuffle {
    static func permutation(count: Int, seed: String, avoidIdentity: Bool) -> [Int] {
        var state = ContentHash.digest(Array(seed.utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var order = Array(0..<count)
        for attempt in 0..<8 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(next() % UInt64(i + 1)))
            }
            if !avoidIdentity || count < 2 || order != Array(0..<count) || attempt == 7 { break }
        }
        if avoidIdentity && count >= 2 && order == Array(0..<count) { order.reverse() }
        return order
    }
}
