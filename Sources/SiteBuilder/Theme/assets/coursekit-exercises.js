/* coursekit exercises: makes each <section class="exercise"> interactive. Without this file
   every question and its solution (in a <details>) are still on the page.
   DOM contract (docs/exercises.md): the root has data-exercise-id and data-exercise-kind;
   controls have data-action="check|retry|solution"; after a check the root has
   data-state="correct" or "incorrect". No eval: code checks run inside the sandboxed preview. */
(function () {
  "use strict";
  var kit = window.coursekit;
  if (!kit) return;

  // Answers are compared after coursekit.js's normalisation (the same as the Swift AnswerNormalizer).
  var normalize = kit.normalize, invisible = kit.invisible;

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // ---- checking, per kind: each returns {correct, score: [right, total] | null, messages} ----

  var checkers = {
    quiz: function (root, data) {
      var inputs = all(root, ".quiz-answers input");
      var chosen = inputs.filter(function (input) { return input.checked; }).map(function (input) { return Number(input.value); });
      if (!chosen.length) return null;
      inputs.forEach(function (input) {
        var item = input.closest("li"), feedback = item.querySelector(".answer-feedback");
        var right = data.correct.indexOf(Number(input.value)) >= 0;
        item.classList.toggle("is-correct", input.checked && right);
        item.classList.toggle("is-incorrect", input.checked && !right);
        if (feedback) feedback.hidden = !input.checked;
      });
      var correct = chosen.length === data.correct.length && chosen.every(function (i) { return data.correct.indexOf(i) >= 0; });
      return { correct: correct, score: null, messages: [] };
    },
    fill: function (root, data) {
      var inputs = all(root, ".exercise-blank");
      if (inputs.every(function (input) { return !input.value.trim(); })) return null;
      var right = 0;
      inputs.forEach(function (input, index) {
        var ok = (data.blanks[index] || []).indexOf(normalize(input.value)) >= 0;
        if (ok) right++;
        input.classList.toggle("is-correct", ok);
        input.classList.toggle("is-incorrect", !ok);
        input.setAttribute("aria-invalid", ok ? "false" : "true");
      });
      return { correct: right === inputs.length, score: [right, inputs.length], messages: [] };
    },
    short: function (root, data) {
      var input = root.querySelector(".exercise-input");
      if (!input.value.trim()) return null;
      var answer = normalize(input.value);
      var ok = data.answers.indexOf(answer) >= 0;
      if (!ok && data.pattern) {
        // The pattern is matched against the answer as typed (invisible marks and extra spaces
        // dropped, capitals and vowel marks kept: `[A-Z][0-9]+` accepts "C4") and as normalised
        // (lower case, no diacritics: `c[0-9]+` accepts "C4" too), cut to 200 characters so no
        // pattern works long on a long answer.
        var typed = "";
        for (var i = 0; i < input.value.length; i++) if (!invisible(input.value.charCodeAt(i))) typed += input.value.charAt(i);
        typed = typed.replace(/\s+/g, " ").trim();
        try {
          var pattern = new RegExp("^(?:" + data.pattern + ")$", "u");
          ok = pattern.test(typed.slice(0, 200)) || pattern.test(answer.slice(0, 200));
        } catch (error) { ok = false; }
      }
      input.classList.toggle("is-correct", ok);
      input.classList.toggle("is-incorrect", !ok);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      return { correct: ok, score: null, messages: [] };
    },
    order: function (root) {
      var items = all(root, ".order-list > li"), right = 0;
      items.forEach(function (item, position) {
        var ok = Number(item.getAttribute("data-step")) === position;
        if (ok) right++;
        item.classList.toggle("is-correct", ok);
        item.classList.toggle("is-incorrect", !ok);
      });
      return { correct: right === items.length, score: [right, items.length], messages: [] };
    },
    match: function (root) {
      var selects = all(root, ".match-list select");
      if (selects.every(function (select) { return !select.value; })) return null;
      var right = 0;
      selects.forEach(function (select, index) {
        var ok = select.value === String(index);
        if (ok) right++;
        select.classList.toggle("is-correct", ok);
        select.classList.toggle("is-incorrect", !ok);
        select.setAttribute("aria-invalid", ok ? "false" : "true");
      });
      return { correct: right === selects.length, score: [right, selects.length], messages: [] };
    }
  };

  // ---- code exercises: a live preview and checks, both inside <iframe sandbox="allow-scripts">,
  //      an opaque origin that cannot reach this page. The frame loads the package's preview
  //      page, which takes the learner's document by postMessage; results come back the same way. ----

  function codeOf(root, language) {
    var field = root.querySelector("textarea[data-language='" + language + "']");
    return field ? field.value : "";
  }

  function scriptText(code) { return String(code).replace(/<\/(script)/gi, "<\\/$1"); }

  function previewDocument(root, extra) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + codeOf(root, "css").replace(/<\/(style)/gi, "<\\/$1") +
      "</style></head><body>" + codeOf(root, "html") + "<script>" + scriptText(codeOf(root, "js")) + "<\/script>" + (extra || "") + "</body></html>";
  }

  function checkerScript(checks, token) {
    var tests = checks.map(function (check) {
      return "function(){ return (" + scriptText(check.test) + "\n); }";
    });
    // Runs once the learner's document has loaded, so checks see what its script built.
    return "<script>window.addEventListener(\"load\",function(){var tests=[" + tests.join(",") + "],results=[];" +
      "for(var i=0;i<tests.length;i++){try{results.push(!!tests[i]())}catch(e){results.push(false)}}" +
      "parent.postMessage({coursekit:" + JSON.stringify(token) + ",results:results},\"*\");});<\/script>";
  }

  /** Shows a document in a fresh preview frame (a new frame each time: no state survives). */
  function showPreview(root, documentText) {
    var old = root.querySelector(".code-preview");
    var frame = old.cloneNode(false);
    frame.hidden = false;
    function ready(event) {
      if (event.source !== frame.contentWindow || !event.data || event.data.coursekit !== "preview-ready") return;
      window.removeEventListener("message", ready);
      frame.coursekitReady = true;
      frame.contentWindow.postMessage({ coursekit: "preview", document: documentText }, "*");
    }
    window.addEventListener("message", ready);
    frame.src = frame.getAttribute("data-preview");
    old.parentNode.replaceChild(frame, old);
    return frame;
  }

  /** Runs the checks on the code as it is now. A preview refresh still pending from typing is
      cancelled, and no refresh replaces the frame being checked (one did, 400 ms after the last
      key, and a right answer was marked wrong). Slowness is never an answer: past `patience`,
      the learner reads that the code did not finish — nothing is saved — and a result that
      arrives later still counts. */
  function runChecks(root, data, done) {
    clearTimeout(root.coursekitRefresh);
    if (root.coursekitStopChecks) root.coursekitStopChecks();
    var token = "checks-" + data.id + "-" + Date.now();
    var frame = showPreview(root, previewDocument(root, checkerScript(data.checks, token)));
    root.querySelector(".code-paused").hidden = true;   // the frame now runs the code as it is
    root.coursekitChecking = true;
    function receive(event) {
      if (event.source !== frame.contentWindow || !event.data || event.data.coursekit !== token) return;
      stop();
      var messages = [];
      data.checks.forEach(function (check, index) { if (!event.data.results[index]) messages.push(check.message); });
      done({ correct: messages.length === 0, score: [data.checks.length - messages.length, data.checks.length], messages: messages });
    }
    // A preview that never opened (a kept course away from the Wi-Fi: no service worker answers
    // for a sandboxed frame) is not the learner's code looping: it is said as it is.
    var patience = setTimeout(function () { done({ unfinished: true, unavailable: !frame.coursekitReady }); }, 15000);
    function stop() {
      clearTimeout(patience);
      window.removeEventListener("message", receive);
      root.coursekitChecking = false;
      root.coursekitStopChecks = null;
    }
    root.coursekitStopChecks = stop;
    window.addEventListener("message", receive);
  }

  /** Whether the learner's code can run script: a JavaScript field with code in it, or HTML
      with a <script>, an event handler attribute or a javascript: address. */
  function hasScript(root) {
    return codeOf(root, "js").trim() !== "" || /<script|\son[a-z]+\s*=|javascript:/i.test(codeOf(root, "html"));
  }

  /** The preview follows the typing while the code is only HTML and CSS. Code with a script
      runs when the learner presses Run (or Check): a loop that never ends, half-typed, would
      otherwise freeze the page — on phones that run the sandboxed frame in the page's own
      process — before the learner ever asked to run it. */
  function setUpCode(root) {
    var bar = root.querySelector(".code-run-bar"), paused = root.querySelector(".code-paused");
    function refresh() {
      if (root.coursekitChecking) return;   // the frame shows the code being checked
      paused.hidden = true;
      showPreview(root, previewDocument(root));
    }
    bar.hidden = false;
    bar.querySelector(".code-run").addEventListener("click", function () {
      if (root.coursekitStopChecks) root.coursekitStopChecks();
      clearTimeout(root.coursekitRefresh);
      refresh();
    });
    all(root, "textarea[data-language]").forEach(function (field) {
      // Tab keeps moving focus (no keyboard trap).
      field.addEventListener("input", function () {
        if (root.coursekitStopChecks) root.coursekitStopChecks();   // the code changed: that check is moot
        clearTimeout(root.coursekitRefresh);
        if (hasScript(root)) {
          paused.hidden = false;
          return;
        }
        root.coursekitRefresh = setTimeout(refresh, 400);
      });
    });
    refresh();   // the starter code, as the author wrote it
  }

  // ---- order: move steps with buttons, the keyboard way ----

  function setUpOrder(root, feedback) {
    all(root, ".order-buttons").forEach(function (box) { box.hidden = false; });
    root.querySelector(".order-list").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-move]");
      if (!button) return;
      var item = button.closest("li"), list = item.parentNode;
      if (button.getAttribute("data-move") === "up" && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
      else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
      button.focus();
      var position = Array.prototype.indexOf.call(list.children, item) + 1;
      feedback.textContent = kit.text("exercise_moved", { count: position });
    });
  }

  // ---- the learner's answer, kept with the exercise's state: a reload shows it again ----
  // Each kind reads its answer from its controls and puts a kept one back; a kept answer that
  // does not fit the exercise any more (the author changed it) is left out, never half applied.
  var answers = {
    quiz: {
      read: function (root) {
        return all(root, ".quiz-answers input").filter(function (input) { return input.checked; })
          .map(function (input) { return Number(input.value); });
      },
      write: function (root, answer) {
        all(root, ".quiz-answers input").forEach(function (input) { input.checked = answer.indexOf(Number(input.value)) >= 0; });
      }
    },
    fill: {
      read: function (root) { return all(root, ".exercise-blank").map(function (input) { return input.value; }); },
      write: function (root, answer) {
        var inputs = all(root, ".exercise-blank");
        if (answer.length !== inputs.length) return;
        inputs.forEach(function (input, index) { input.value = String(answer[index]); });
      }
    },
    short: {
      read: function (root) { return root.querySelector(".exercise-input").value; },
      write: function (root, answer) { if (typeof answer === "string") root.querySelector(".exercise-input").value = answer; }
    },
    order: {
      read: function (root) { return all(root, ".order-list > li").map(function (item) { return Number(item.getAttribute("data-step")); }); },
      write: function (root, answer) {
        var list = root.querySelector(".order-list"), items = all(root, ".order-list > li");
        var byStep = {};
        items.forEach(function (item) { byStep[item.getAttribute("data-step")] = item; });
        if (answer.length !== items.length || !answer.every(function (step) { return byStep[step]; })) return;
        answer.forEach(function (step) { list.appendChild(byStep[step]); });
      }
    },
    match: {
      read: function (root) { return all(root, ".match-list select").map(function (select) { return select.value; }); },
      write: function (root, answer) {
        var selects = all(root, ".match-list select");
        if (answer.length !== selects.length) return;
        selects.forEach(function (select, index) {
          var value = String(answer[index]);
          if (all(select, "option").some(function (option) { return option.value === value; })) select.value = value;
        });
      }
    },
    code: {
      read: function (root) {
        var code = {};
        all(root, "textarea[data-language]").forEach(function (field) { code[field.getAttribute("data-language")] = field.value; });
        return code;
      },
      write: function (root, answer) {
        all(root, "textarea[data-language]").forEach(function (field) {
          var text = answer[field.getAttribute("data-language")];
          if (typeof text === "string") field.value = text;
        });
      }
    }
  };

  // ---- one exercise ----

  function setUp(root) {
    var data;
    try { data = JSON.parse(root.querySelector(".exercise-data").textContent); } catch (error) { return; }
    var kind = root.getAttribute("data-exercise-kind");
    var form = root.querySelector(".exercise-form");
    var actions = root.querySelector(".exercise-actions");
    var feedback = root.querySelector(".exercise-feedback");
    var solution = root.querySelector(".exercise-solution");
    var retry = root.querySelector("[data-action='retry']");
    actions.hidden = false;
    solution.hidden = true;

    function showSolution() {
      solution.hidden = false;
      solution.open = true;
    }

    /** Shows a check's result; `restoring` when it is the kept answer shown again after a
        reload, which changes nothing in the learner's progress. */
    function show(result, restoring) {
      if (!result) {
        feedback.textContent = kit.text("exercise_no_answer");
        return;
      }
      if (result.unfinished) {   // not an answer: nothing is marked or saved
        feedback.textContent = kit.text(result.unavailable ? "exercise_code_unavailable" : "exercise_code_unfinished");
        return;
      }
      root.setAttribute("data-state", result.correct ? "correct" : "incorrect");
      var message = kit.text(result.correct ? "exercise_correct" : "exercise_incorrect");
      // A code exercise counts checks passed; the others count right answers.
      var scoreKey = kind === "code" ? "exercise_checks_passed" : "exercise_score";
      if (result.score && !result.correct) message += " " + kit.count(scoreKey, result.score[0], { total: result.score[1] });
      feedback.textContent = message;
      result.messages.forEach(function (html) {
        var line = document.createElement("span");
        line.className = "check-message";
        line.innerHTML = html;   // rendered and escaped by coursekit from the author's Markdown
        feedback.appendChild(document.createTextNode(" "));
        feedback.appendChild(line);
      });
      retry.hidden = false;
      if (result.correct) showSolution();
      if (!restoring) kit.progress.setExercise(data.id, result.correct ? "correct" : "incorrect", answers[kind] && answers[kind].read(root));
    }

    // Buttons and keys, not the form's submit event: a sandboxed frame without allow-forms
    // (Kolibri's) never fires it.
    function check() {
      if (kind === "code") runChecks(root, data, show); else show(checkers[kind](root, data));
    }
    root.querySelector("[data-action='check']").addEventListener("click", check);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.matches("input[type='text']")) {
        event.preventDefault();
        check();
      }
    });
    root.querySelector("[data-action='solution']").addEventListener("click", function () {
      showSolution();
      solution.querySelector("summary").focus();
    });
    retry.addEventListener("click", function () {
      root.removeAttribute("data-state");
      feedback.textContent = "";
      retry.hidden = true;
      all(root, ".is-correct, .is-incorrect").forEach(function (element) { element.classList.remove("is-correct", "is-incorrect"); });
      all(root, "[aria-invalid]").forEach(function (element) { element.removeAttribute("aria-invalid"); });
      all(root, ".answer-feedback").forEach(function (element) { element.hidden = true; });
      // A new try starts from no choice: the wrong one is not left selected. Typed answers,
      // code and a put-in-order list stay, to be corrected rather than typed again.
      all(root, "input[type='radio'], input[type='checkbox']").forEach(function (input) { input.checked = false; });
      all(root, "select").forEach(function (select) { select.selectedIndex = 0; });
      var first = root.querySelector("input, select, textarea, button[data-move]");
      if (first) first.focus();
    });
    if (kind === "order") setUpOrder(root, feedback);
    if (kind === "code") setUpCode(root);

    var saved = kit.progress.exercise(data.id);
    if (saved && saved.answer !== undefined && answers[kind]) {
      try { answers[kind].write(root, saved.answer); } catch (error) { /* an answer of another shape: left out */ }
      if (kind === "code") all(root, "textarea[data-language]").forEach(function (field) { field.dispatchEvent(new Event("input")); });
    }
    var restored = saved && saved.answer !== undefined && kind !== "code" ? checkers[kind](root, data) : null;
    if (restored) {
      // The kept answer, marked as it was when checked (the code checks run only when asked).
      show(restored, true);
    } else if (saved && saved.state === "correct") {
      root.setAttribute("data-state", "correct");
      feedback.textContent = kit.text("exercise_correct");
      retry.hidden = false;
      showSolution();
    }
  }

  all(document, ".exercise[data-exercise-id]").forEach(setUp);
})();
