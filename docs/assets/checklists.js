// Tickable checklists on the staff pages that hold <!-- md:checklist -->: the task-list boxes of
// pymdownx.tasklist (disabled as rendered) are enabled, and the ticks are kept in this browser's
// localStorage under one key per page ("dalily-checklist:" + the page's path), as the list of the
// ticked items' texts. Nothing leaves the browser; "Clear all ticks" removes the page's key.
// A file, not an inline script: the site's Content-Security-Policy runs no inline script.
(function () {
  var PREFIX = "dalily-checklist:";

  // The item's own words, without the items of a list nested in it.
  function itemText(item) {
    var copy = item.cloneNode(true);
    copy.querySelectorAll(".task-list").forEach(function (nested) { nested.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function read(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];  // storage blocked or damaged: the boxes still tick, they are not kept
    }
  }

  function write(key, ticked) {
    try {
      if (ticked.length) window.localStorage.setItem(key, JSON.stringify(ticked));
      else window.localStorage.removeItem(key);
    } catch (error) { /* storage blocked: nothing kept */ }
  }

  function setUp() {
    var controls = document.querySelector("[data-checklist]");
    if (!controls) return;
    var key = PREFIX + window.location.pathname;
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll(".md-content .task-list-item input[type=checkbox]")
    );
    // Two items with the same words on one page keep their own ticks: "text (2)".
    var seen = {};
    var names = boxes.map(function (box) {
      var text = itemText(box.closest(".task-list-item"));
      seen[text] = (seen[text] || 0) + 1;
      return seen[text] > 1 ? text + " (" + seen[text] + ")" : text;
    });
    var ticked = read(key);
    function save() {
      write(key, names.filter(function (name, index) { return boxes[index].checked; }));
    }
    boxes.forEach(function (box, index) {
      box.disabled = false;
      box.checked = ticked.indexOf(names[index]) !== -1;
      box.addEventListener("change", save);
    });
    var reset = controls.querySelector(".checklist-controls__reset");
    if (reset) {
      reset.hidden = false;
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        write(key, []);
      });
    }
    var article = controls.closest(".md-typeset");
    if (article) article.classList.add("checklist-active");  // clinic.css: boxes drawn darker
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
