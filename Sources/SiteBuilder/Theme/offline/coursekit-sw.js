/* coursekit's service worker: keeps a course on the learner's phone, so that it opens and
   works (exercises and progress included) where there is no Wi-Fi. It lives at the top of the
   site and does nothing until a course home asks it to keep a course:

   - "keep": fetch the course's list (`<course>/<locale>/offline.json`), then each file it names
     whose version differs from the kept list's, one at a time; drop the files no longer
     listed; keep the new list. Run again when the list changed, it fetches only what changed.
   - "status": how much keeping the course takes, and whether it is kept and up to date.
   - "remove": forget the course.

   Requests for a kept course's files are answered from the phone, without the network; every
   other request goes to the network as if there were no worker. One kind of request never
   reaches a worker: the code exercises' preview, a sandboxed frame (w3c/ServiceWorker#1727).
   Away from the server a code exercise says it cannot run; every other exercise works. The list itself is always
   asked of the server (a kept copy answers only when the server cannot be reached). */
"use strict";

var PREFIX = "coursekit-offline:";

self.addEventListener("install", function (event) { event.waitUntil(self.skipWaiting()); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || /\/offline\.json$/.test(url.pathname)) return;
  event.respondWith(fromKept(url).then(function (kept) { return kept || fetch(request); }));
});

/** The kept copy of a file of any kept course, or null. */
function fromKept(url) {
  var key = url.origin + url.pathname + (/\/$/.test(url.pathname) ? "index.html" : "");
  return caches.keys().then(function (names) {
    var kept = names.filter(function (name) { return name.indexOf(PREFIX) === 0; });
    function next(index) {
      if (index >= kept.length) return Promise.resolve(null);
      return caches.open(kept[index]).then(function (cache) { return cache.match(key); })
        .then(function (found) { return found || next(index + 1); });
    }
    return next(0);
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.coursekit !== "offline" || typeof data.list !== "string") return;
  var list = new URL(data.list, self.location.href);
  if (list.origin !== self.location.origin || !/\/offline\.json$/.test(list.pathname)) return;
  var href = list.origin + list.pathname;
  function reply(message) {
    message.coursekit = "offline";
    message.list = data.list;
    if (event.source) event.source.postMessage(message);
  }
  var work;
  if (data.action === "status") work = status(href);
  else if (data.action === "keep") work = keep(href, reply);
  else if (data.action === "remove") work = caches.delete(PREFIX + href).then(function () { return { state: "removed" }; });
  else return;
  event.waitUntil(work.then(reply, function (error) {
    reply({ state: "failed", error: String((error && (error.name === "QuotaExceededError" ? "quota" : error.message)) || error) });
  }));
});

function fetchList(href) {
  return fetch(href, { cache: "no-store" }).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }).then(function (list) {
    if (!list || list.format !== "coursekit-offline" || list.version !== 1 || !Array.isArray(list.files)) throw new Error("not a course list");
    return list;
  });
}

/** The list kept with the course, or null when the course is not kept. */
function keptList(href) {
  return caches.has(PREFIX + href).then(function (has) {
    if (!has) return null;
    return caches.open(PREFIX + href).then(function (cache) { return cache.match(href); })
      .then(function (response) { return response ? response.json() : null; });
  });
}

/** The files of `latest` whose version is not the one `kept` names, and their size. */
function changes(kept, latest) {
  var versions = {};
  (kept ? kept.files : []).forEach(function (file) { versions[file.path] = file.version; });
  var changed = latest.files.filter(function (file) { return versions[file.path] !== file.version; });
  return { files: changed, bytes: changed.reduce(function (sum, file) { return sum + (file.size || 0); }, 0) };
}

function status(href) {
  return keptList(href).then(function (kept) {
    return fetchList(href).then(function (latest) {
      var changed = changes(kept, latest);
      return { state: !kept ? "available" : changed.files.length ? "outdated" : "kept", bytes: latest.bytes, update: changed.bytes };
    }, function () {
      return kept ? { state: "kept", bytes: kept.bytes, offline: true } : { state: "unreachable" };
    });
  });
}

function keep(href, reply) {
  return fetchList(href).then(function (latest) {
    return Promise.all([caches.open(PREFIX + href), keptList(href)]).then(function (opened) {
      var cache = opened[0], todo = changes(opened[1], latest).files;
      var done = 0;
      function next(index) {
        if (index >= todo.length) return Promise.resolve();
        var url = new URL(todo[index].path, self.location.href).href;   // paths start at the site's top, where this worker is
        return fetch(url, { cache: "no-store" }).then(function (response) {
          if (!response.ok) throw new Error(todo[index].path + ": HTTP " + response.status);
          return cache.put(url, response);
        }).then(function () {
          done++;
          reply({ state: "keeping", done: done, total: todo.length });
          return next(index + 1);
        });
      }
      return next(0).then(function () {
        var listed = {};
        latest.files.forEach(function (file) { listed[new URL(file.path, self.location.href).href] = true; });
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) { return request.url !== href && !listed[request.url]; })
            .map(function (request) { return cache.delete(request); }));
        });
      }).then(function () {
        return cache.put(href, new Response(JSON.stringify(latest), { headers: { "Content-Type": "application/json" } }));
      }).then(function () {
        return { state: "kept", bytes: latest.bytes, fetched: todo.length };
      });
    });
  });
}
