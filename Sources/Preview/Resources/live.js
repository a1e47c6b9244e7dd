/* coursekit serve: reloads the page the author is on when the content is rebuilt, keeping its
   scroll position, and shows the build's problems over the page while the content has errors.
   Sent only by `coursekit serve`; never part of a build's output. */
(function () {
  "use strict";
  var meta = document.querySelector("meta[name='coursekit-generation']");
  var shown = meta ? Number(meta.getAttribute("content")) : -1;
  var scrollKey = "coursekit-serve-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    window.scrollTo(0, Number(saved));
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }

  var overlay = null;
  function showProblems(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "coursekit-serve-problems";
      overlay.setAttribute("role", "alert");
      var style = overlay.style;
      style.position = "fixed"; style.insetInline = "0"; style.insetBlockStart = "0"; style.zIndex = "2147483647";
      style.maxBlockSize = "70vh"; style.overflow = "auto"; style.padding = "1rem";
      style.background = "#fff4f4"; style.color = "#5c0000"; style.borderBlockEnd = "4px solid #b00020";
      style.font = "0.95rem/1.5 ui-monospace, 'DejaVu Sans Mono', monospace";
      document.body.appendChild(overlay);
    }
    overlay.dir = document.documentElement.dir || "ltr";
    overlay.textContent = "";
    var heading = document.createElement("strong");
    heading.textContent = "coursekit: the content has problems; the page shows the last good build.";
    overlay.appendChild(heading);
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.dir = "auto";
      item.textContent = problem;
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  function hideProblems() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__coursekit/socket");
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.errors.length) { showProblems(state.errors); return; }
      if (state.generation !== shown) {
        sessionStorage.setItem(scrollKey, String(window.scrollY));
        location.reload();
        return;
      }
      hideProblems();
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
