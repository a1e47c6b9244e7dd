/* coursekit: what every page shares. Every page works without this file.
   - Interface strings with CLDR plural forms (from the page's #coursekit-strings).
   - Progress, kept in localStorage under "coursekit:<site id>/<course id>:…" so that two sites
     or two courses served from one origin (kiwix-serve serves every ZIM from one; every file://
     page of a USB stick shares one) never mix, and a rebuilt site keeps it. Without storage,
     progress lives for the visit only and the page says so.
   - The lesson's "mark as done", the course home's progress, export and import of progress,
     the last lesson to continue from, and the learner's language on the chooser.
   - "On this page" opened on wide screens.
   - The search box of course pages, which loads coursekit-search.js when it is first used. */
(function () {
  "use strict";

  var body = document.body;
  var course = body.getAttribute("data-course");
  var site = body.getAttribute("data-site");   // absent in a theme's own older layout
  var lang = document.documentElement.lang || "en";

  // ---- "In this lesson you will" and "On this page" -------------------------------------
  // Closed in the page, so that on a phone the lesson starts on the first screen; opened where
  // the screen is wide enough to show them above the text's start, and for printing.
  var toc = document.querySelector(".toc details");
  var objectives = document.querySelector(".objectives-box");
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    if (toc) toc.open = true;
    if (objectives) objectives.open = true;
  }
  if (objectives) {
    var openBeforePrint = false;
    window.addEventListener("beforeprint", function () { openBeforePrint = objectives.open; objectives.open = true; });
    window.addEventListener("afterprint", function () { objectives.open = openBeforePrint; });
  }
  // "Course contents" too, where it is a column beside the lesson.
  var outline = document.querySelector(".course-outline details");
  if (outline && window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) outline.open = true;

  // ---- interface strings -------------------------------------------------------------
  var strings = {};
  var stringsElement = document.getElementById("coursekit-strings");
  if (stringsElement) {
    try { strings = JSON.parse(stringsElement.textContent); } catch (error) { strings = {}; }
  }
  var pluralRules = null;
  try { pluralRules = new Intl.PluralRules(lang); } catch (error) { pluralRules = null; }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function text(key, values) {
    var forms = strings[key] || {};
    return fill(forms.other || key, values || {});
  }

  function count(key, n, values) {
    var forms = strings[key] || {};
    var category = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    if (n === 0 && forms.zero && lang.split("-")[0] === "ar") category = "zero";
    var all = { count: n };
    for (var name in values || {}) all[name] = values[name];
    return fill(forms[category] || forms.other || key, all);
  }

  // ---- storage -----------------------------------------------------------------------
  function openStorage() {
    try {
      var store = window.localStorage;
      store.setItem("coursekit:probe", "1");
      store.removeItem("coursekit:probe");
      return store;
    } catch (error) {
      return null;
    }
  }
  var store = openStorage();
  // Values of this visit that storage does not hold: all of them when storage is off, and
  // those the device refused to save (full storage). Reading looks here first, so what the
  // learner just did stays on the page either way.
  var memory = {};

  /** Each stored value has one shape; anything else (a damaged value, a planted one) reads as
      absent, never as something that throws. */
  function valid(key, value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return /:locale$/.test(key) && typeof value === "string";
    var finiteTime = typeof value.time === "number" && isFinite(value.time);
    if (/:exercise:[\w-]+$/.test(key)) {
      return (value.state === "correct" || value.state === "incorrect") && finiteTime && (value.answer === undefined || validAnswer(value.answer));
    }
    if (/:lesson:[\w-]+$/.test(key)) return typeof value.done === "boolean" && finiteTime;
    if (/:visited$/.test(key)) {
      for (var id in value) if (!/^[\w-]+$/.test(id) || value[id] !== 1) return false;
      return true;
    }
    if (/:last-lesson$/.test(key)) return typeof value.lesson === "string" && typeof value.path === "string";
    if (/:learners$/.test(key)) {
      return typeof value.active === "string" && (value.first === undefined || (typeof value.first === "string" && value.first.length <= 40)) &&
        Array.isArray(value.list) && value.list.length <= 20 && value.list.every(function (learner) {
        return learner && /^[a-z0-9]{1,16}$/.test(learner.id) && typeof learner.name === "string" && learner.name.length <= 40;
      });
    }
    return true;
  }

  /** A learner's answer as exercises keep it: a text, a list of choices or texts, or code by
      language; bounded, so no file can fill the device's storage through it. */
  function validAnswer(answer) {
    if (typeof answer === "string") return answer.length <= 20000;
    if (Array.isArray(answer)) {
      return answer.length <= 500 && answer.every(function (item) {
        return (typeof item === "string" && item.length <= 2000) || (typeof item === "number" && isFinite(item));
      });
    }
    if (!answer || typeof answer !== "object") return false;
    for (var language in answer) {
      if (["html", "css", "js"].indexOf(language) < 0 || typeof answer[language] !== "string" || answer[language].length > 20000) return false;
    }
    return true;
  }

  function read(key) {
    var raw = null;
    if (Object.prototype.hasOwnProperty.call(memory, key)) raw = memory[key];
    else if (store) { try { raw = store.getItem(key); } catch (error) { raw = null; } }
    var value;
    try { value = JSON.parse(raw || "null"); } catch (error) { return null; }
    return value !== null && valid(key, value) ? value : null;
  }

  /** Saves a value; false when it is kept for this visit only (storage off or full). */
  function write(key, value) {
    var raw = JSON.stringify(value);
    if (store) {
      try {
        store.setItem(key, raw);
        delete memory[key];
        return true;
      } catch (error) {
        memory[key] = raw;
        notSaved();
        return false;
      }
    }
    memory[key] = raw;
    return false;
  }

  function remove(key) {
    delete memory[key];
    if (store) { try { store.removeItem(key); } catch (error) { /* nothing to free */ } }
  }

  function keys(prefix) {
    var found = {};
    if (store) {
      for (var i = 0; i < store.length; i++) { var key = store.key(i); if (key && key.indexOf(prefix) === 0) found[key] = 1; }
    }
    for (var name in memory) if (name.indexOf(prefix) === 0) found[name] = 1;
    return Object.keys(found).sort();
  }

  /** A failed save is said once, and stays on the page: the learner must not believe a
      solved exercise is kept when it is not. The notice offers a way out: after the learner
      confirms, other courses' progress (of any site: every file:// page of a USB stick shares
      one storage) is removed, and what this page kept for the visit is saved. */
  var notSavedShown = false;
  function notSaved() {
    if (notSavedShown) return;
    notSavedShown = true;
    var notice = document.createElement("div");
    notice.className = "storage-notice";
    notice.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.textContent = text("progress_not_saved");
    notice.appendChild(message);
    if (store && prefix) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text("progress_free_space");
      button.addEventListener("click", function () {
        if (!window.confirm(text("progress_free_space_confirm"))) return;
        if (!freeSpace()) return;
        message.textContent = text("progress_free_space_done");
        notice.removeChild(button);
        notSavedShown = false;   // a later failure is said again
      });
      notice.appendChild(button);
    }
    var main = document.getElementById("main") || document.body;
    main.insertBefore(notice, main.firstChild);
  }

  /** Removes every other course's progress, then saves what is kept for this visit; true
      when all of it is now stored. (The language choices stay: they are a few bytes.) */
  function freeSpace() {
    keys("coursekit:").forEach(function (key) {
      if (!ofThisCourse(key) && !/:(locale|learners)$/.test(key) && !Object.prototype.hasOwnProperty.call(memory, key)) {
        try { store.removeItem(key); } catch (error) { /* already gone */ }
      }
    });
    var saved = true;
    Object.keys(memory).forEach(function (key) {
      try {
        store.setItem(key, memory[key]);
        delete memory[key];
      } catch (error) {
        saved = false;
      }
    });
    return saved;
  }

  // ---- learners sharing a phone ---------------------------------------------------------
  // Several people may learn on one phone: each keeps their own progress, under their own
  // keys. The first learner keeps the keys progress always had (nothing moves, nothing is
  // lost); each learner added later has an id, and their keys carry it (`…/course@id:`).
  // Nothing of this shows until a second learner is added.
  var learnersKey = site ? "coursekit:" + site + ":learners" : "coursekit:learners";
  var learners = read(learnersKey) || { active: "", list: [] };
  if (learners.active && !learners.list.some(function (learner) { return learner.id === learners.active; })) learners.active = "";
  var shared = learners.list.length > 0;   // a second learner was added

  function learnerName(id) {
    for (var i = 0; i < learners.list.length; i++) if (learners.list[i].id === id) return learners.list[i].name;
    return learners.first || text("learners_first");
  }

  // ---- progress ----------------------------------------------------------------------
  var legacyPrefix = course ? "coursekit:" + course + ":" : null;   // before sites had ids
  var coursePrefix = course && site ? "coursekit:" + site + "/" + course : null;
  var prefix = course ? (site ? coursePrefix + (learners.active ? "@" + learners.active : "") + ":" : legacyPrefix) : null;
  var localeKey = site ? "coursekit:" + site + ":locale" : "coursekit:locale";

  /** Whether a key is this course's progress, of any learner. */
  function ofThisCourse(key) {
    if (!coursePrefix) return key.indexOf(prefix) === 0;
    var next = key.charAt(coursePrefix.length);
    return key.indexOf(coursePrefix) === 0 && (next === ":" || next === "@");
  }

  // Progress saved before keys named the site is taken over, once, by the first site of this
  // course that finds none of its own. (It is left in place: which site it was is not known.)
  if (prefix && prefix !== legacyPrefix && !learners.active && store && !keys(prefix).length) {
    keys(legacyPrefix).forEach(function (key) {
      if (/^coursekit:[\w-]+:(exercise:[\w-]+|lesson:[\w-]+|visited|last-lesson)$/.test(key)) {
        var value = read(key);
        if (value !== null) write(prefix + key.slice(legacyPrefix.length), value);
      }
    });
  }

  var progress = {
    available: !!store,
    exercise: function (id) { return prefix ? read(prefix + "exercise:" + id) : null; },
    /** Records a check: its result and, when given, the answer checked (shown again after a
        reload). A solved exercise stays solved, with the answer that solved it. */
    setExercise: function (id, state, answer) {
      if (!prefix) return;
      var previous = progress.exercise(id);
      // A solved exercise stays solved: a later wrong try does not undo it.
      if (previous && previous.state === "correct" && state !== "correct") return;
      var record = { state: state, time: Date.now() };
      if (answer !== undefined && validAnswer(answer)) record.answer = answer;
      write(prefix + "exercise:" + id, record);
      document.dispatchEvent(new CustomEvent("coursekit:progress"));
    },
    lesson: function (id) { return prefix ? read(prefix + "lesson:" + id) : null; },
    setLesson: function (id, done) {
      if (prefix) write(prefix + "lesson:" + id, { done: !!done, time: Date.now() });
      document.dispatchEvent(new CustomEvent("coursekit:progress"));
    },
    /** Whether a lesson is done: marked by the learner, or every exercise solved. */
    lessonDone: function (id, exerciseIDs) {
      var record = progress.lesson(id);
      return !!(record && record.done) || (exerciseIDs.length > 0 && solvedCount(exerciseIDs) === exerciseIDs.length);
    },
    exportData: function () {
      var items = {};
      keys(prefix).forEach(function (key) { items[key.slice(prefix.length)] = read(key); });
      var data = { format: "coursekit-progress", version: 1, site: site, course: course, exported: new Date().toISOString(), items: items };
      if (shared) data.learner = learnerName(learners.active);
      return data;
    },
    /** Merges an exported file into this device's progress, never losing a newer result and
        never undoing a solve or a "done". Only entries of this course's lessons and exercises
        (`known`), of the right shape, are taken; times in the future are taken as now. All or
        nothing: when one entry cannot be saved, none is. Returns {taken, ignored}, or null when
        the file is not a progress file of this course. */
    importData: function (data, known) {
      if (!data || data.format !== "coursekit-progress" || data.version !== 1 || data.course !== course ||
          (data.site && site && data.site !== site) ||
          !data.items || typeof data.items !== "object" || Array.isArray(data.items)) return null;
      var now = Date.now(), taken = {}, ignored = 0;
      for (var name in data.items) {
        var theirs = cleaned(name, data.items[name], known, now);
        if (theirs === null) { ignored++; continue; }
        taken[name] = merge(name, read(prefix + name), theirs);
      }
      var written = [], saved = true;
      for (var entry in taken) {
        var before = store ? store.getItem(prefix + entry) : null;
        written.push([entry, before]);
        if (!write(prefix + entry, taken[entry])) { saved = false; break; }
      }
      if (!saved) {
        written.forEach(function (pair) {
          if (pair[1] === null) remove(prefix + pair[0]);
          else { try { store.setItem(prefix + pair[0], pair[1]); } catch (error) { /* it was there: it fits */ } }
          delete memory[prefix + pair[0]];
        });
        return { taken: 0, ignored: ignored, saved: false };
      }
      document.dispatchEvent(new CustomEvent("coursekit:progress"));
      return { taken: Object.keys(taken).length, ignored: ignored, saved: true };
    }
  };

  /** An imported entry in its stored shape, or null when it is not one of this course's. */
  function cleaned(name, value, known, now) {
    var match = /^(exercise|lesson):([\w-]+)$/.exec(name);
    if (match && known && known[match[1]] && !known[match[1]][match[2]]) return null;
    if (value && typeof value === "object" && typeof value.time === "number" && value.time > now) {
      value = JSON.parse(JSON.stringify(value));
      value.time = now;
    }
    if (name === "visited" && value && typeof value === "object" && known) {
      var visited = {};
      for (var id in value) if (known.lesson[id] && value[id] === 1) visited[id] = 1;
      value = visited;
    }
    if (name === "last-lesson" && value && known && !known.lesson[value.lesson]) return null;
    if (!match && name !== "visited" && name !== "last-lesson") return null;
    return valid(prefix + name, value) ? value : null;
  }

  function merge(name, mine, theirs) {
    if (!mine) return theirs;
    if (!theirs) return mine;
    if (name === "visited") { var both = {}; for (var a in mine) both[a] = 1; for (var b in theirs) both[b] = 1; return both; }
    if (name.indexOf("exercise:") === 0) {
      if (mine.state === "correct" && theirs.state !== "correct") return mine;
      if (theirs.state === "correct" && mine.state !== "correct") return theirs;
    }
    if (name.indexOf("lesson:") === 0) {
      if (mine.done && !theirs.done) return mine;
      if (theirs.done && !mine.done) return theirs;
    }
    return (theirs.time || 0) > (mine.time || 0) ? theirs : mine;
  }

  function solvedCount(ids) {
    var solved = 0;
    ids.forEach(function (id) { var record = progress.exercise(id); if (record && record.state === "correct") solved++; });
    return solved;
  }

  function idsOf(element) {
    return (element.getAttribute("data-exercises") || "").split(" ").filter(Boolean);
  }

  /** Text normalisation, the same as coursekit's Swift AnswerNormalizer, for exercise answers
      (coursekit-exercises.js) and search (coursekit-search.js builds on it): case, spaces, NFC, invisible
      marks (bidi controls, zero-width characters, soft hyphens), Arabic diacritics and tatweel,
      alef forms, alef maksura, Persian yeh and keheh, Arabic presentation forms (NFKC), and
      Arabic-Indic and Persian digits. */
  function invisible(code) {
    return code === 0x00AD || code === 0x061C || (code >= 0x200B && code <= 0x200F) || (code >= 0x202A && code <= 0x202E) ||
      code === 0x2060 || (code >= 0x2066 && code <= 0x2069) || code === 0xFEFF;
  }
  function normalize(value) {
    var text = String(value);
    if (text.normalize) text = text.normalize("NFC");
    text = text.toLowerCase();
    var out = "", pendingSpace = false;
    function add(ch) {
      var code = ch.charCodeAt(0);
      if (invisible(code)) return;
      if ((code >= 0xFB50 && code <= 0xFDFF) || (code >= 0xFE70 && code <= 0xFEFF)) {
        var unfolded = ch.normalize ? ch.normalize("NFKC") : ch;
        if (unfolded !== ch) for (var j = 0; j < unfolded.length; j++) add(unfolded.charAt(j));
        return;
      }
      if (/\s/.test(ch)) { pendingSpace = out.length > 0; return; }
      if ((code >= 0x064B && code <= 0x065F) || code === 0x0670 || code === 0x0640) return;
      if (pendingSpace) { out += " "; pendingSpace = false; }
      if (code >= 0x0660 && code <= 0x0669) ch = String.fromCharCode(code - 0x0660 + 48);
      else if (code >= 0x06F0 && code <= 0x06F9) ch = String.fromCharCode(code - 0x06F0 + 48);
      else if (code === 0x0622 || code === 0x0623 || code === 0x0625 || code === 0x0671) ch = "\u0627";
      else if (code === 0x0649 || code === 0x06CC) ch = "\u064A";
      else if (code === 0x06A9) ch = "\u0643";
      else if (code === 0x0629) ch = "\u0647";   // ة → ه: فئه for فئة is a common spelling
      out += ch;
    }
    for (var i = 0; i < text.length; i++) add(text.charAt(i));
    return out;
  }

  window.coursekit = { text: text, count: count, progress: progress, normalize: normalize, invisible: invisible };

  // ---- a lesson page -------------------------------------------------------------------
  var lessonID = body.getAttribute("data-lesson");
  if (prefix && lessonID) {
    write(prefix + "last-lesson", { lesson: lessonID, path: body.getAttribute("data-home-path") });
    var visited = read(prefix + "visited") || {};
    visited[lessonID] = 1;
    write(prefix + "visited", visited);
  }
  if (!store && document.querySelector(".exercise, .lesson-progress")) {
    var notice = document.createElement("p");
    notice.className = "storage-notice";
    notice.setAttribute("role", "note");
    notice.textContent = text("exercise_storage_off");
    var main = document.getElementById("main");
    if (main) main.insertBefore(notice, main.firstChild);
  }

  var lessonBox = document.querySelector(".lesson-progress");
  function showLessonStatus() {
    if (!lessonBox) return;
    var ids = idsOf(lessonBox);
    var done = progress.lessonDone(lessonID, ids);
    var button = lessonBox.querySelector("[data-action='mark-done']");
    lessonBox.querySelector(".lesson-done-status").textContent =
      done ? text("lesson_done") : (ids.length ? count("progress_exercises", solvedCount(ids), { total: ids.length }) : "");
    button.textContent = text(done ? "lesson_mark_not_done" : "lesson_mark_done");
    button.hidden = ids.length > 0 && solvedCount(ids) === ids.length;   // done by its exercises
    button.setAttribute("aria-pressed", done ? "true" : "false");
    lessonBox.classList.toggle("is-done", done);
  }
  if (lessonBox && prefix) {
    lessonBox.hidden = false;
    lessonBox.querySelector("[data-action='mark-done']").addEventListener("click", function (event) {
      // The button says what it does from the view it is in: in a tab that is not up to date
      // (the lesson marked done in another tab), a click brings the view up to date instead of
      // undoing what the learner did there.
      var shownDone = event.currentTarget.getAttribute("aria-pressed") === "true";
      var done = progress.lessonDone(lessonID, idsOf(lessonBox));
      if (shownDone !== done) { showLessonStatus(); return; }
      progress.setLesson(lessonID, !done);
    });
    document.addEventListener("coursekit:progress", showLessonStatus);
    showLessonStatus();
  }

  /** Done marks in "Course contents": a check for the eye, a word for screen readers. */
  function markOutline() {
    var items = document.querySelectorAll(".course-outline li[data-lesson]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i], done = progress.lessonDone(item.getAttribute("data-lesson"), idsOf(item));
      var mark = item.querySelector(".outline-done");
      item.classList.toggle("done", done);
      if (done && !mark) {
        mark = document.createElement("span");
        mark.className = "outline-done";
        mark.innerHTML = '<span aria-hidden="true"> ✓</span><span class="visually-hidden"></span>';
        mark.lastChild.textContent = " (" + text("progress_done") + ")";
        item.querySelector("a").appendChild(mark);
      } else if (!done && mark) {
        mark.remove();
      }
    }
  }
  if (outline && prefix) {
    markOutline();
    document.addEventListener("coursekit:progress", markOutline);
  }

  // Another tab saved progress: bring this one's view up to date.
  window.addEventListener("storage", function (event) {
    if (prefix && event.key && event.key.indexOf(prefix) === 0) document.dispatchEvent(new CustomEvent("coursekit:progress"));
  });

  /** The lessons and exercises of this course, as the course home lists them. */
  function knownIDs() {
    var known = { lesson: {}, exercise: {} };
    var items = document.querySelectorAll(".lesson-item[data-lesson]");
    for (var i = 0; i < items.length; i++) {
      known.lesson[items[i].getAttribute("data-lesson")] = true;
      idsOf(items[i]).forEach(function (id) { known.exercise[id] = true; });
    }
    return known;
  }

  // ---- a course home -------------------------------------------------------------------
  var progressBox = document.querySelector(".course-progress");
  function showCourseProgress() {
    var items = document.querySelectorAll(".lesson-item[data-lesson]");
    var lessonsDone = 0, exercises = 0, solved = 0;
    var modules = {};
    for (var i = 0; i < items.length; i++) {
      var item = items[i], ids = idsOf(item), id = item.getAttribute("data-lesson");
      var done = progress.lessonDone(id, ids), solvedHere = solvedCount(ids);
      exercises += ids.length; solved += solvedHere;
      if (done) lessonsDone++;
      item.classList.toggle("done", done);
      item.querySelector(".lesson-status").textContent =
        done ? "✓ " + text("progress_done") : (solvedHere ? count("progress_exercises", solvedHere, { total: ids.length }) : "");
      var section = item.closest(".module");
      var slug = section ? section.getAttribute("aria-labelledby") : "";
      modules[slug] = modules[slug] || { done: 0, total: 0, element: section };
      modules[slug].total++;
      if (done) modules[slug].done++;
    }
    for (var name in modules) {
      var label = modules[name].element && modules[name].element.querySelector(".module-progress");
      if (label) label.textContent = "· " + count("progress_lessons", modules[name].done, { total: modules[name].total });
    }
    if (progressBox) {
      progressBox.querySelector(".progress-summary").textContent =
        count("progress_lessons", lessonsDone, { total: items.length }) +
        (exercises ? " · " + count("progress_exercises", solved, { total: exercises }) : "");
    }
  }
  if (progressBox && prefix) {
    progressBox.hidden = false;
    showCourseProgress();
    document.addEventListener("coursekit:progress", showCourseProgress);
    var message = progressBox.querySelector(".progress-message");
    progressBox.querySelector("[data-action='export-progress']").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(progress.exportData(), null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = course + "-progress.json";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
    // A shared phone: the next learner must not find "Correct!" and open solutions. Saving to
    // a file first is offered in the question itself.
    progressBox.querySelector("[data-action='reset-progress']").addEventListener("click", function () {
      if (!window.confirm(text("progress_reset_confirm"))) return;
      keys(prefix).forEach(remove);
      document.dispatchEvent(new CustomEvent("coursekit:progress"));
      message.textContent = text("progress_reset_done");
    });
    progressBox.querySelector("[data-action='import-progress']").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      event.target.value = "";
      if (!store) { message.textContent = text("progress_import_no_storage"); return; }
      if (file.size > 1000000) { message.textContent = text("progress_import_too_large"); return; }
      reader.onload = function () {
        var data = null;
        try { data = JSON.parse(reader.result); } catch (error) { data = null; }
        var result = progress.importData(data, knownIDs());
        if (!result) message.textContent = text("progress_import_failed");
        else if (!result.saved) message.textContent = text("progress_not_saved");
        else message.textContent = text("progress_imported") + (result.ignored ? " " + count("progress_import_ignored", result.ignored) : "");
      };
      reader.readAsText(file);
    });
  }

  // ---- who is learning: the course home's panel, and the name on lesson pages -----------
  var learnerPanel = document.querySelector(".learners");
  if (learnerPanel && prefix && store && coursePrefix) {
    learnerPanel.hidden = false;
    var nameField = learnerPanel.querySelector(".learner-name");
    var learnerMessage = learnerPanel.querySelector(".learner-message");
    var saveLearners = function () { return write(learnersKey, learners); };
    var switchTo = function (id) {
      learners.active = id;
      if (saveLearners()) window.location.reload();   // every value on the page is the other learner's
    };
    var showLearners = function () {
      var list = learnerPanel.querySelector(".learner-list");
      list.textContent = "";
      learnerPanel.querySelector(".learners-active").textContent = shared ? learnerName(learners.active) : "";
      if (!shared) return;
      [{ id: "" }].concat(learners.list).forEach(function (learner) {
        var item = document.createElement("li");
        var choose = document.createElement("button");
        choose.type = "button";
        choose.className = "button button-secondary";
        choose.textContent = learnerName(learner.id);   // a name is text, never markup
        choose.setAttribute("aria-pressed", learner.id === learners.active ? "true" : "false");
        choose.addEventListener("click", function () { if (learner.id !== learners.active) switchTo(learner.id); });
        item.appendChild(choose);
        if (learner.id) {
          var removal = document.createElement("button");
          removal.type = "button";
          removal.className = "button button-secondary";
          removal.textContent = text("learners_remove");
          removal.setAttribute("aria-label", text("learners_remove_named", { name: learnerName(learner.id) }));
          removal.addEventListener("click", function () { removeLearner(learner.id); });
          item.appendChild(removal);
        }
        list.appendChild(item);
      });
    };
    /** A learner leaves: their progress in every course of this site goes with them. */
    var removeLearner = function (id) {
      if (!window.confirm(text("learners_remove_confirm", { name: learnerName(id) }))) return;
      var sitePrefix = "coursekit:" + site + "/";
      keys(sitePrefix).forEach(function (key) {
        var rest = key.slice(sitePrefix.length);   // "<course>@<id>:…" is theirs; "<course>:…" the first learner's
        if (rest.indexOf("@" + id + ":") === rest.search(/[:@]/)) remove(key);
      });
      learners.list = learners.list.filter(function (learner) { return learner.id !== id; });
      if (learners.active === id) { switchTo(""); return; }
      saveLearners();
      shared = learners.list.length > 0;
      showLearners();
      learnerMessage.textContent = text("learners_removed");
    };
    var typedName = function () {
      var name = nameField.value.trim().slice(0, 40);
      if (!name) { learnerMessage.textContent = text("learners_name_needed"); nameField.focus(); }
      return name;
    };
    learnerPanel.querySelector("[data-action='add-learner']").addEventListener("click", function () {
      var name = typedName();
      if (!name) return;
      if (learners.list.length >= 20) { learnerMessage.textContent = text("learners_too_many"); return; }
      var id = "";
      while (!id || learners.list.some(function (learner) { return learner.id === id; })) id = Math.random().toString(36).slice(2, 10);
      learners.list.push({ id: id, name: name });
      switchTo(id);
    });
    learnerPanel.querySelector("[data-action='rename-learner']").addEventListener("click", function () {
      var name = typedName();
      if (!name) return;
      if (!learners.active) learners.first = name;
      learners.list.forEach(function (learner) { if (learner.id === learners.active) learner.name = name; });
      saveLearners();
      nameField.value = "";
      showLearners();
      learnerMessage.textContent = text("learners_renamed", { name: name });
    });
    if (shared) learnerPanel.open = true;
    showLearners();
  }
  if (shared && lessonBox && prefix) {
    var learnerNow = document.createElement("p");
    learnerNow.className = "learner-now";
    learnerNow.textContent = text("learners_now", { name: learnerName(learners.active) });
    lessonBox.insertBefore(learnerNow, lessonBox.firstChild);
  }

  // ---- keeping the course on this phone (course home, over HTTP) ------------------------
  // The service worker at the top of the site does the work (`coursekit-sw.js`); this page
  // asks it, and says what it answers. Not on file:// or inside another page (Kolibri), where
  // a service worker cannot run; a ZIM has no such section. (`coursekit serve` has no worker to
  // register: an author must see each save, not a kept copy.)
  var keepBox = document.querySelector(".keep-offline");
  var served = /^https?:$/.test(location.protocol) && window.top === window;
  // The web app manifest (add the course to the home screen) is named only where it can be
  // read: from file:// the browser's request for it fails, with an error in the console.
  if (served && body.getAttribute("data-manifest")) {
    var manifestLink = document.createElement("link");
    manifestLink.rel = "manifest";
    manifestLink.href = body.getAttribute("data-manifest");
    document.head.appendChild(manifestLink);
  }
  if (keepBox && served && "serviceWorker" in navigator && window.isSecureContext) {
    var listURL = new URL(keepBox.getAttribute("data-list"), location.href).href;
    var keepStatus = keepBox.querySelector(".keep-status");
    var keepButton = keepBox.querySelector("[data-action='keep-offline']");
    var removeButton = keepBox.querySelector("[data-action='remove-offline']");
    var megabytes = function (bytes) {
      var size = Math.max(bytes / 1000000, 0.1);
      var number;
      try { number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(size); } catch (error) { number = size.toFixed(1); }
      return text("offline_size", { size: number });
    };
    var askWorker = function (action) {
      navigator.serviceWorker.ready.then(function (registration) {
        registration.active.postMessage({ coursekit: "offline", action: action, list: listURL });
      });
    };
    var updating = false;
    navigator.serviceWorker.addEventListener("message", function (event) {
      var answer = event.data || {};
      if (answer.coursekit !== "offline" || answer.list !== listURL) return;
      keepBox.hidden = answer.state === "unreachable";
      keepButton.hidden = !(answer.state === "available" || answer.state === "removed" || answer.state === "failed");
      removeButton.hidden = !(answer.state === "kept" || answer.state === "outdated");
      keepBox.setAttribute("data-state", answer.state);
      if (answer.state === "available") keepStatus.textContent = text("offline_available", { size: megabytes(answer.bytes) });
      else if (answer.state === "keeping") keepStatus.textContent = text(updating ? "offline_updating" : "offline_keeping", { done: answer.done, total: answer.total });
      else if (answer.state === "kept") keepStatus.textContent = text(updating ? "offline_updated" : "offline_kept");
      else if (answer.state === "removed") { keepStatus.textContent = text("offline_removed"); askWorker("status"); }
      else if (answer.state === "failed") keepStatus.textContent = text("offline_failed", { error: answer.error === "quota" ? text("offline_no_space") : answer.error });
      else if (answer.state === "outdated") {
        // Back on the Wi-Fi with a newer build: only what changed is fetched.
        updating = true;
        keepStatus.textContent = text("offline_updating");
        askWorker("keep");
      }
      if (answer.state === "kept" || answer.state === "failed") updating = false;
    });
    keepButton.addEventListener("click", function () { keepButton.hidden = true; askWorker("keep"); });
    removeButton.addEventListener("click", function () { removeButton.hidden = true; askWorker("remove"); });
    // Its scope is its own folder, the site's top: every course of the site.
    navigator.serviceWorker.register(keepBox.getAttribute("data-worker"))
      .then(function () { askWorker("status"); }, function () { keepBox.hidden = true; });
  }

  var continueLink = document.querySelector(".continue-link");
  var last = prefix ? read(prefix + "last-lesson") : null;
  if (continueLink && last && typeof last.path === "string" && /^[\w\-]+\/[\w\-]+\.html$/.test(last.path)) {
    continueLink.setAttribute("href", last.path);
    continueLink.hidden = false;
  }
  var seen = prefix ? read(prefix + "visited") : null;
  if (seen) {
    var lessonItems = document.querySelectorAll(".lesson-item[data-lesson]");
    for (var k = 0; k < lessonItems.length; k++) {
      if (seen[lessonItems[k].getAttribute("data-lesson")]) lessonItems[k].classList.add("visited");
    }
  }

  // ---- the language chooser ------------------------------------------------------------
  var choices = document.querySelectorAll(".language-choice li[data-locale]");
  var preferred = read(localeKey);
  for (var j = 0; j < choices.length; j++) {
    (function (item) {
      var code = item.getAttribute("data-locale");
      if (code === preferred) {
        item.classList.add("last-used");
        item.parentNode.insertBefore(item, item.parentNode.firstChild);
      }
      item.addEventListener("click", function () { write(localeKey, code); });
    })(choices[j]);
  }
  if (!choices.length) write(localeKey, lang);

  // ---- search: shown only with this script; its code and the index load when it is opened --
  var searchBox = document.querySelector(".course-search[data-index]");
  if (searchBox) {
    var searchInput = searchBox.querySelector("input");
    var searchRequested = false;
    searchBox.hidden = false;
    var openSearch = function () {
      if (searchRequested) return;
      searchRequested = true;
      var status = document.getElementById("course-search-status");
      if (status) status.textContent = text("search_loading");
      var script = document.createElement("script");
      script.src = searchBox.getAttribute("data-script");
      script.onerror = function () { if (status) status.textContent = text("search_failed"); };
      document.head.appendChild(script);
    };
    searchInput.addEventListener("focus", openSearch);
    searchInput.addEventListener("input", openSearch);
    document.addEventListener("keydown", function (event) {
      // "/" searches, as on GitHub and MkDocs, unless the learner is typing somewhere.
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      searchInput.focus();
    });
  }
})();
