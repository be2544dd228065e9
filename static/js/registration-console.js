// Participant console: select all, the bulk action's category field (the server asks before acting).
(function () {
  "use strict";

  document.querySelectorAll("form[data-bulk]").forEach(function (form) {
    var boxes = form.querySelectorAll('input[name="ids"]');
    var all = form.querySelector("[data-select-all]");
    var count = form.querySelector("[data-bulk-count]");
    var action = form.querySelector("[data-bulk-action]");
    var categoryParts = form.querySelectorAll(".bulk__category");
    var template = count ? count.textContent : "";

    function refresh() {
      var selected = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      if (count) { count.textContent = selected ? "(" + selected + ")" : template; }
      if (all) {
        all.checked = selected > 0 && selected === boxes.length;
        all.indeterminate = selected > 0 && selected < boxes.length;
      }
    }
    function showCategory() {
      categoryParts.forEach(function (el) { el.hidden = action.value !== "category"; });
    }

    form.classList.add("js-ready");
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        refresh();
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    if (action) { action.addEventListener("change", showCategory); showCategory(); }
    refresh();
  });
})();
