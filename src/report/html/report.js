// neardup report: interaction only; the page reads the same without it.
// A click on a highlighted passage scrolls its partner's column so the
// partner sits level with it, and outlines both; a dot of the plot or a
// match in the list does the same for its pair. An address ending in
// #o3 (or #r7) outlines that passage and its partners on load.
"use strict";
(function () {
  var lit = [];

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  function partners(el) {
    return (el.getAttribute("data-partners") || "").split(" ").map(byId).filter(Boolean);
  }

  function light(els) {
    lit.forEach(function (e) { e.classList.remove("lit"); });
    lit = els.filter(Boolean);
    lit.forEach(function (e) {
      e.classList.remove("lit");
      void e.offsetWidth; // restart the flash animation
      e.classList.add("lit");
    });
  }

  // Scrolls `target` into view inside its own column, level with `level`
  // (an element) when given, else a third of the way down.
  function bring(target, level) {
    var col = target && target.closest(".text");
    if (!col) return;
    if (col.scrollHeight <= col.clientHeight + 1) {
      target.scrollIntoView({ block: "center", behavior: "smooth" });
      return;
    }
    var box = col.getBoundingClientRect();
    var want = level ? level.getBoundingClientRect().top : box.top + col.clientHeight / 3;
    col.scrollBy({ top: target.getBoundingClientRect().top - want, behavior: "smooth" });
  }

  document.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var a = ev.target.closest && ev.target.closest("a");
    if (!a) return;
    if (a.classList.contains("p")) {
      var ps = partners(a);
      if (!ps.length) return;
      ev.preventDefault();
      light([a].concat(ps));
      bring(ps[0], a);
    } else if (a.hasAttribute("data-o")) {
      var o = byId(a.getAttribute("data-o"));
      var r = byId(a.getAttribute("data-r"));
      if (!o && !r) return;
      ev.preventDefault();
      light([o, r]);
      bring(o, null);
      bring(r, null);
    }
  });

  var start = null;
  try {
    start = byId(decodeURIComponent(location.hash.slice(1)));
  } catch (e) {
    // A malformed address names no passage.
  }
  if (start && start.classList.contains("p")) light([start].concat(partners(start)));
  document.documentElement.setAttribute("data-script", "ran");
})();
