// neardup report: interaction only; the page reads the same without it.
// A click on a highlighted passage scrolls its partner's column so the
// partner sits level with it, and outlines both; a dot of the plot or a
// match in the list does the same for its pair. An address ending in
// #o3 (or #r7) outlines that passage and its partners on load.
// On an index of pairs or a scan's cluster page, the headings of each
// sortable table become buttons: a click sorts the rows by that column (a
// second click the other way), ties in input order; the table comes
// already sorted without script.
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

  // The sort key of `row` in column `col`: the cell's data-key, else its
  // text; a number for numeric columns.
  function key(row, col, type) {
    var cell = row.cells[col];
    var k = cell.hasAttribute("data-key") ? cell.getAttribute("data-key") : cell.textContent;
    return type === "num" ? parseFloat(k) : k;
  }

  function sortBy(table, th, dir) {
    var col = th.cellIndex;
    var type = th.getAttribute("data-sort");
    var sign = dir === "ascending" ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, type);
      var y = key(b, col, type);
      var by = x < y ? -1 : x > y ? 1 : 0;
      return by * sign || a.getAttribute("data-n") - b.getAttribute("data-n");
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("thead th[data-sort]"), function (th) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var dir = now ? (now === "ascending" ? "descending" : "ascending") : th.getAttribute("data-first");
        sortBy(table, th, dir === "descending" ? "descending" : "ascending");
      });
    });
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
