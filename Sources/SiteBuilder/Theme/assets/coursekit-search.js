/* coursekit search. coursekit.js loads this file when a learner first uses the search box of a
   course page; it loads the course's index in the page's language (search-index.js: a script,
   because pages opened from file:// cannot fetch) and searches it as the learner types.

   Words are compared after coursekit.js's normalisation (the exercise answer checker's: case,
   Arabic diacritics, tatweel, alef forms, ى/ي, ة/ه, digits), extended here for search: accents,
   hamza seats (ؤ→و, ئ→ي) and ligatures folded, French elisions and English possessives dropped,
   and the Arabic article and one-letter proclitics (و ف ب ل ك) looked through, so «بيانات»
   finds «والبيانات». The index keeps every word as the author wrote it: results quote the text,
   and the learner's words are highlighted where they are in it.

   Ranking: lesson title > heading > text > exercise; pages with all the words typed come first.
   Keyboard: "/" focuses the box (coursekit.js), arrows move through results, Enter opens one,
   Escape closes them. The number of results is announced (a live region). */
(function () {
  "use strict";
  var kit = window.coursekit;
  var box = document.querySelector(".course-search[data-index]");
  if (!kit || !box || kit.searchIndex) return;
  var input = box.querySelector("input");
  var status = document.getElementById("course-search-status");
  var list = document.getElementById("course-search-results");
  var indexURL = box.getAttribute("data-index");
  var base = indexURL.replace(/[^\/]*$/, "");   // result links are relative to the index
  var index = null;
  var MAX_SHOWN = 20;

  var WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019\u200C\u200D][\p{L}\p{M}\p{N}]+)*/gu;
  var WORD_START = /^[\p{L}\p{M}\p{N}]/u;
  var MARKS = /\p{M}/gu;
  var ELISION = /^(?:l|d|j|n|s|c|m|t|qu|jusqu|lorsqu|puisqu)['\u2019](?=[\p{L}\p{N}])/u;
  var POSSESSIVE = /['\u2019]s?$/u;
  // The article with what may come before it — (و|ف)(ب|ك|ل)ال, or لل for ل + ال — when at
  // least two letters are left.
  var ARTICLE = /^(?:[\u0648\u0641]?[\u0628\u0643\u0644]?\u0627\u0644|[\u0648\u0641]?\u0644\u0644)(?=..)/u;

  // ---- words ------------------------------------------------------------------------------

  /** A word as search compares it. */
  function fold(word) {
    var text = kit.normalize(word);
    if (text.normalize) text = text.normalize("NFD").replace(MARKS, "");
    text = text.replace(/\u0153/g, "oe").replace(/\u00E6/g, "ae").replace(/\u00DF/g, "ss");
    return text.replace(ELISION, "").replace(POSSESSIVE, "").replace(/['\u2019]/g, "");
  }

  /** Every form an indexed word can be found by: as written, and without an Arabic
      conjunction (و ف), preposition (ب ك ل) or article (ال, لل) in front. */
  function variants(key) {
    var forms = [key], i, n;
    if (/^[\u0648\u0641]/.test(key) && key.length >= 4) forms.push(key.slice(1));
    for (i = 0, n = forms.length; i < n; i++) {
      if (/^[\u0628\u0643\u0644]/.test(forms[i]) && forms[i].length >= 4) forms.push(forms[i].slice(1));
    }
    for (i = 0, n = forms.length; i < n; i++) {
      if (/^(?:\u0627\u0644|\u0644\u0644)/.test(forms[i]) && forms[i].length >= 4) forms.push(forms[i].slice(2));
    }
    return forms;
  }

  /** A word the learner typed: its article (and what comes before it) is left out, as the
      index has every word without it too. */
  function queryKey(word) {
    return fold(word).replace(ARTICLE, "");
  }

  function keysOf(text) {
    var keys = [];
    (text.match(WORD) || []).forEach(function (word) { keys.push.apply(keys, variants(fold(word))); });
    return keys;
  }

  // ---- the index ----------------------------------------------------------------------------

  /** A section's text, written as numbers into `words` (see Search/SearchIndex.swift). */
  var DIGITS = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var FINAL = 61;
  var DIGIT_VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUE[DIGITS.charAt(d)] = d;
  function decode(text) {
    var ids = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT_VALUE[text.charAt(i)];
      if (digit < FINAL) { ids.push(value * FINAL + digit); value = 0; } else value = value * (DIGITS.length - FINAL) + (digit - FINAL) + 1;
    }
    return ids;
  }

  function prepare(data) {
    var words = data.words, isWord = new Array(words.length), wordsOfKey = new Map(), keys = [];
    for (var i = 0; i < words.length; i++) {
      isWord[i] = WORD_START.test(words[i]);
      if (!isWord[i]) continue;
      var forms = variants(fold(words[i]));
      for (var j = 0; j < forms.length; j++) {
        var found = wordsOfKey.get(forms[j]);
        if (!found) { wordsOfKey.set(forms[j], found = []); keys.push(forms[j]); }
        if (found[found.length - 1] !== i) found.push(i);
      }
    }
    keys.sort();
    var pages = [], sections = [], postings = new Array(words.length);
    data.pages.forEach(function (entry, pageNumber) {
      var page = { title: entry[0], module: data.modules[entry[1]] || "", url: entry[2], lang: entry[4], dir: entry[5],
                   titleKeys: keysOf(entry[0]), sections: [] };
      entry[3].forEach(function (part) {
        var number = sections.length, ids = decode(part[3]);
        sections.push({ page: pageNumber, kind: part[0], anchor: part[1], heading: part[2], headingKeys: keysOf(part[2]), ids: ids });
        page.sections.push(number);
        for (var k = 0; k < ids.length; k++) {
          var id = ids[k];
          if (!isWord[id]) continue;
          var at = postings[id] || (postings[id] = []);
          if (at[at.length - 1] !== number) at.push(number);
        }
      });
      pages.push(page);
    });
    return { words: words, isWord: isWord, wordsOfKey: wordsOfKey, keys: keys, pages: pages, sections: sections, postings: postings,
             lang: data.lang, dir: data.dir };
  }

  // ---- searching ----------------------------------------------------------------------------

  /** What one typed word matches: index words, and a test for title and heading keys. The
      word still being typed matches every word it begins. */
  function matcher(word, typing) {
    var key = queryKey(word);
    if (!key) return null;
    var ids = new Set(), matchedKeys = [];
    if (typing) {
      var low = 0, high = index.keys.length;
      while (low < high) { var mid = (low + high) >> 1; if (index.keys[mid] < key) low = mid + 1; else high = mid; }
      for (var i = low; i < index.keys.length && index.keys[i].lastIndexOf(key, 0) === 0; i++) matchedKeys.push(index.keys[i]);
    } else if (index.wordsOfKey.has(key)) {
      matchedKeys.push(key);
    }
    matchedKeys.forEach(function (k) { index.wordsOfKey.get(k).forEach(function (id) { ids.add(id); }); });
    return {
      ids: ids,
      test: function (k) { return typing ? k.lastIndexOf(key, 0) === 0 : k === key; }
    };
  }

  var WEIGHT = { title: 16, heading: 8, text: 4, exercise: 1 };

  function search(query) {
    var words = query.match(WORD) || [];
    var typing = !/[\s\p{P}]$/u.test(query);
    var matchers = words.map(function (word, i) { return matcher(word, typing && i === words.length - 1); })
      .filter(function (m) { return m; });
    if (!matchers.length) return { results: [], matchers: [] };
    var found = new Map();
    function hit(pageNumber, term, weight, section) {
      var entry = found.get(pageNumber);
      if (!entry) found.set(pageNumber, entry = { page: pageNumber, weights: matchers.map(function () { return 0; }), hits: 0, sections: new Map() });
      entry.weights[term] = Math.max(entry.weights[term], weight);
      entry.hits += 1;
      if (section >= 0) entry.sections.set(section, (entry.sections.get(section) || 0) + weight);
    }
    matchers.forEach(function (m, term) {
      index.pages.forEach(function (page, pageNumber) {
        if (page.titleKeys.some(m.test)) hit(pageNumber, term, WEIGHT.title, -1);
      });
      index.sections.forEach(function (section, number) {
        if (section.headingKeys.some(m.test)) hit(section.page, term, WEIGHT.heading, number);
      });
      m.ids.forEach(function (id) {
        (index.postings[id] || []).forEach(function (number) {
          var section = index.sections[number];
          hit(section.page, term, section.kind === 1 ? WEIGHT.exercise : WEIGHT.text, number);
        });
      });
    });
    var results = [];
    found.forEach(function (entry) {
      var matched = entry.weights.filter(function (w) { return w > 0; }).length;
      var score = entry.weights.reduce(function (sum, w) { return sum + w; }, 0) + Math.min(entry.hits, 10) / 100;
      var best = -1, bestScore = 0;
      entry.sections.forEach(function (value, number) { if (value > bestScore || (value === bestScore && number < best)) { best = number; bestScore = value; } });
      results.push({ page: entry.page, matched: matched, score: score, section: best });
    });
    results.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || a.page - b.page; });
    return { results: results, matchers: matchers };
  }

  // ---- showing results ----------------------------------------------------------------------

  function isMatch(word, matchers) {
    var keys = variants(fold(word));
    return matchers.some(function (m) { return keys.some(m.test); });
  }

  /** `text` with the learner's words in <mark>, built as nodes (never as HTML). */
  function marked(parent, text, matchers) {
    var last = 0;
    text.replace(WORD, function (word, offset) {
      if (!isMatch(word, matchers)) return word;
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      parent.appendChild(mark);
      last = offset + word.length;
      return word;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** About 30 words of the section around its first match, matched words marked. */
  function snippet(parent, section, matchers) {
    var ids = section.ids, first = -1, words = index.words, isWord = index.isWord;
    var matches = matchers.map(function (m) { return m.ids; });
    for (var i = 0; i < ids.length && first < 0; i++) {
      if (isWord[ids[i]] && matches.some(function (set) { return set.has(ids[i]); })) first = i;
    }
    var start = Math.max(0, first - 12), end = Math.min(ids.length, start + 40);
    if (start > 0) parent.appendChild(document.createTextNode("… "));
    var text = "";
    for (var k = start; k < end; k++) {
      var id = ids[k];
      if (k > start && isWord[id] && isWord[ids[k - 1]]) text += " ";
      if (isWord[id] && matches.some(function (set) { return set.has(id); })) {
        if (text) parent.appendChild(document.createTextNode(text));
        text = "";
        var mark = document.createElement("mark");
        mark.textContent = words[id];
        parent.appendChild(mark);
      } else {
        text += words[id];
      }
    }
    if (end < ids.length) text += " …";
    if (text) parent.appendChild(document.createTextNode(text));
  }

  function show(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!index) return;
    if (!query.trim()) {
      list.hidden = true;
      status.textContent = "";
      return;
    }
    var found = search(query), results = found.results;
    status.textContent = results.length ? kit.count("search_results", results.length) : kit.text("search_none", { query: query.trim() });
    results.slice(0, MAX_SHOWN).forEach(function (result) {
      var page = index.pages[result.page];
      var section = result.section >= 0 ? index.sections[result.section] : null;
      var item = document.createElement("li");
      if (page.lang) { item.lang = page.lang; item.dir = page.dir; }
      var link = document.createElement("a");
      link.href = base + page.url + (section && section.anchor ? "#" + encodeURIComponent(section.anchor) : "");
      marked(link, page.title, found.matchers);
      item.appendChild(link);
      var where = document.createElement("span");
      where.className = "search-where";
      where.textContent = page.module + (section && section.heading ? " › " + section.heading : "");
      item.appendChild(where);
      var text = section || index.sections[page.sections[0]];
      if (text && text.ids.length) {
        var paragraph = document.createElement("p");
        paragraph.className = "search-snippet";
        snippet(paragraph, text, found.matchers);
        item.appendChild(paragraph);
      }
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    // What the results shown are for: a page's own script, or a test, can tell them from the
    // results of the query typed before.
    list.setAttribute("data-query", query);
  }

  // ---- keyboard -----------------------------------------------------------------------------

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  function close() {
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
    status.textContent = "";
    input.focus();
  }

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    else if (event.key === "Escape") { event.preventDefault(); input.value = ""; close(); }
    else if (event.key === "Enter") {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at >= 0) { event.preventDefault(); (all[at + 1] || all[at]).focus(); }
    else if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); if (at === 0) input.focus(); else all[at - 1].focus(); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  // ---- loading the index --------------------------------------------------------------------

  kit.searchIndex = function (data) {
    if (window.performance && performance.mark) performance.mark("coursekit-search-index-loaded");
    index = prepare(data);
    if (window.performance && performance.mark) performance.mark("coursekit-search-ready");
    status.textContent = "";
    show(input.value);
  };
  var script = document.createElement("script");
  if (window.performance && performance.mark) performance.mark("coursekit-search-index-requested");
  script.src = indexURL;
  script.onerror = function () { status.textContent = kit.text("search_failed"); };
  document.head.appendChild(script);
})();
