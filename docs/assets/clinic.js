// Accessibility fixes to Material that no template block reaches without copying its partials,
// run when Material has set up the page (document$). A file, not an inline script: the site's
// Content-Security-Policy runs no inline script but Material's own (README, "Security headers").
// - a name for the search dialog (the theme's word for "Search", from this script's tag);
// - its results box out of the Tab order: Material closes the search when its input loses the
//   focus, so the box was an invisible Tab stop (results are reached with the arrow keys);
// - names for the checklist boxes of pymdownx.tasklist, which have none;
// - a Markdown table scrolls sideways in a box Material adds: a named region the keyboard can
//   scroll, as the box of each table of data/tables/ is.
(function () {
  var searchLabel = document.currentScript.getAttribute("data-search-label") || "Search";
  document$.subscribe(function () {
    document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
      dialog.setAttribute("aria-label", searchLabel);
    });
    document.querySelectorAll(".md-search__scrollwrap").forEach(function (box) { box.tabIndex = -1; });
    document.querySelectorAll(".task-list-item > .task-list-control > input").forEach(function (box) {
      var item = box.closest(".task-list-item").cloneNode(true);
      item.querySelectorAll(".task-list").forEach(function (nested) { nested.remove(); });
      box.setAttribute("aria-label", item.textContent.trim());
    });
    document.querySelectorAll(".md-content .md-typeset__scrollwrap").forEach(function (box, index) {
      if (box.closest(".clinic-table")) return;
      var caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table " + (index + 1));
    });
  });
})();
