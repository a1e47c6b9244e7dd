/* coursekit: what every page shares. Every page works without this file.
   - Interface strings with CLDR plural forms (from the page's #coursekit-strings).
   - Progress, kept in localStorage under "coursekit:<course id>:…" so that two courses served
     from one origin (kiwix-serve serves every ZIM from one) never mix, and a rebuilt site keeps
     it. Without storage, progress lives for the visit only and the page says so.
   - The lesson's "mark as done", the course home's progress, export and import of progress,
     the last lesson to continue from, and the learner's language on the chooser. */
(function () {
  "use strict";

  var body = document.body;
  var course = body.getAttribute("data-course");
  var lang = document.documentElement.lang || "en";

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
  var memory = {};   // used for the visit when storage is off

  function read(key) {
    var raw = null;
    if (store) { try { raw = store.getItem(key); } catch (error) { raw = null; } } else { raw = memory[key] || null; }
    try { return JSON.parse(raw || "null"); } catch (error) { return null; }
  }

  function write(key, value) {
    var raw = JSON.stringify(value);
    if (store) { try { store.setItem(key, raw); return; } catch (error) { /* full: keep for the visit */ } }
    memory[key] = raw;
  }

  function keys(prefix) {
    var found = [];
    if (store) {
      for (var i = 0; i < store.length; i++) { var key = store.key(i); if (key && key.indexOf(prefix) === 0) found.push(key); }
    } else {
      for (var name in memory) if (name.indexOf(prefix) === 0) found.push(name);
    }
    return found.sort();
  }

  // ---- progress ----------------------------------------------------------------------
  var prefix = course ? "coursekit:" + course + ":" : null;

  var progress = {
    available: !!store,
    exercise: function (id) { return prefix ? read(prefix + "exercise:" + id) : null; },
    setExercise: function (id, state) {
      if (!prefix) return;
      var previous = progress.exercise(id);
      // A solved exercise stays solved: a later wrong try does not undo it.
      if (previous && previous.state === "correct" && state !== "correct") return;
      write(prefix + "exercise:" + id, { state: state, time: Date.now() });
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
      return { format: "coursekit-progress", version: 1, course: course, exported: new Date().toISOString(), items: items };
    },
    /** Merges an exported file into this device's progress, never losing a newer result. */
    importData: function (data) {
      if (!data || data.format !== "coursekit-progress" || data.course !== course || typeof data.items !== "object") return false;
      for (var name in data.items) {
        if (!/^(exercise|lesson):[\w-]+$|^(last-lesson|visited)$/.test(name)) continue;
        var theirs = data.items[name], mine = read(prefix + name);
        write(prefix + name, merge(name, mine, theirs));
      }
      document.dispatchEvent(new CustomEvent("coursekit:progress"));
      return true;
    }
  };

  function merge(name, mine, theirs) {
    if (!mine) return theirs;
    if (!theirs) return mine;
    if (name === "visited") { for (var id in theirs) mine[id] = 1; return mine; }
    if (name.indexOf("exercise:") === 0) {
      if (mine.state === "correct" && theirs.state !== "correct") return mine;
      if (theirs.state === "correct" && mine.state !== "correct") return theirs;
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

  window.coursekit = { text: text, count: count, progress: progress };

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
    lessonBox.querySelector("[data-action='mark-done']").addEventListener("click", function () {
      progress.setLesson(lessonID, !progress.lessonDone(lessonID, idsOf(lessonBox)));
    });
    document.addEventListener("coursekit:progress", showLessonStatus);
    showLessonStatus();
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
    progressBox.querySelector("[data-action='import-progress']").addEventListener("change", function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data = null;
        try { data = JSON.parse(reader.result); } catch (error) { data = null; }
        message.textContent = text(progress.importData(data) ? "progress_imported" : "progress_import_failed");
        event.target.value = "";
      };
      reader.readAsText(file);
    });
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
  var preferred = read("coursekit:locale");
  for (var j = 0; j < choices.length; j++) {
    (function (item) {
      var code = item.getAttribute("data-locale");
      if (code === preferred) {
        item.classList.add("last-used");
        item.parentNode.insertBefore(item, item.parentNode.firstChild);
      }
      item.addEventListener("click", function () { write("coursekit:locale", code); });
    })(choices[j]);
  }
  if (!choices.length) write("coursekit:locale", lang);
})();
