(function () {
  "use strict";
  var form = document.getElementById("filters");
  var region = document.getElementById("region-filters");
  if (region) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".heatmap tbody tr"));
    var showRows = function () {
      var level = region.elements.level.value, grade = region.elements.grade.value;
      var onlyBad = region.elements.non_compliant.checked;
      var query = region.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!level || row.dataset.level === level) && (!grade || row.dataset.grade === grade) &&
          (!onlyBad || row.classList.contains("nc")) && (!query || row.dataset.search.indexOf(query) !== -1);
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      region.elements.shown.value = shown + " / " + rows.length;
    };
    region.hidden = false;
    region.addEventListener("input", showRows);
    region.addEventListener("submit", function (event) { event.preventDefault(); });
    showRows();
  }
  if (!form) {
    document.documentElement.dataset.filters = "ready";
    return;
  }
  var printFull = document.getElementById("print-full");
  printFull.addEventListener("change", function () {
    document.documentElement.classList.toggle("print-full", printFull.checked);
  });
  function apply() {
    var off = new Set();
    form.querySelectorAll("input[type=checkbox][name]").forEach(function (box) {
      if (!box.checked) { off.add(box.name + ":" + box.value); }
    });
    document.querySelectorAll(".rule").forEach(function (rule) {
      var hidden = off.has("status:" + rule.dataset.status) || off.has("severity:" + rule.dataset.severity);
      rule.classList.toggle("filtered-out", hidden);
    });
    document.querySelectorAll(".area").forEach(function (area) {
      area.classList.toggle("all-filtered", !area.querySelector(".rule:not(.filtered-out)"));
    });
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  apply();
  document.documentElement.dataset.filters = "ready";
})();
