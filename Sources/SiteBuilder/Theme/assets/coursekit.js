/* coursekit: small enhancements; every page works without this file.
   Remembers the learner's language and the last lesson opened in each course
   (localStorage, keyed by course id), and offers to continue from it. */
(function () {
  "use strict";

  function storage() {
    try {
      var store = window.localStorage;
      store.setItem("coursekit:probe", "1");
      store.removeItem("coursekit:probe");
      return store;
    } catch (error) {
      return null; // storage disabled or full: the pages still work, nothing is remembered
    }
  }

  function read(store, key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; }
  }

  function write(store, key, value) {
    try { store.setItem(key, JSON.stringify(value)); } catch (error) { /* quota: ignore */ }
  }

  var store = storage();
  if (!store) return;
  var body = document.body;
  var course = body.getAttribute("data-course");
  var lastKey = course ? "coursekit:" + course + ":last-lesson" : null;
  var visitedKey = course ? "coursekit:" + course + ":visited" : null;

  // A lesson page: remember it as the place to continue from.
  var lesson = body.getAttribute("data-lesson");
  if (lastKey && lesson) {
    write(store, lastKey, { lesson: lesson, path: body.getAttribute("data-home-path") });
    var visited = read(store, visitedKey) || {};
    visited[lesson] = 1;
    write(store, visitedKey, visited);
  }

  // A course home: offer to continue, and mark lessons already opened.
  var continueLink = document.querySelector(".continue-link");
  var last = lastKey ? read(store, lastKey) : null;
  if (continueLink && last && typeof last.path === "string" && /^[\w\-]+\/[\w\-]+\.html$/.test(last.path)) {
    continueLink.setAttribute("href", last.path);
    continueLink.hidden = false;
  }
  var seen = visitedKey ? read(store, visitedKey) : null;
  if (seen) {
    var items = document.querySelectorAll(".lesson-item[data-lesson]");
    for (var i = 0; i < items.length; i++) {
      if (seen[items[i].getAttribute("data-lesson")]) items[i].classList.add("visited");
    }
  }

  // The language chooser: remember the choice and put it first next time.
  var choices = document.querySelectorAll(".language-choice li[data-locale]");
  var preferred = read(store, "coursekit:locale");
  for (var j = 0; j < choices.length; j++) {
    (function (item) {
      var code = item.getAttribute("data-locale");
      if (code === preferred) {
        item.classList.add("last-used");
        item.parentNode.insertBefore(item, item.parentNode.firstChild);
      }
      item.addEventListener("click", function () { write(store, "coursekit:locale", code); });
    })(choices[j]);
  }
  if (!choices.length) write(store, "coursekit:locale", document.documentElement.lang);
})();
