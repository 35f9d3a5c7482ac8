(function () {
  "use strict";
  var form = document.getElementById("filters");
  var region = document.getElementById("region-filters");
  if (region) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".heatmap tbody tr"));
    var wanted = function (level, grade, bad, search) {
      var query = region.elements.q.value.trim().toLowerCase();
      return (!region.elements.level.value || level === region.elements.level.value) &&
        (!region.elements.grade.value || grade === region.elements.grade.value) &&
        (!region.elements.non_compliant.checked || bad) && (!query || search.indexOf(query) !== -1);
    };
    var showRows = function () {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = wanted(row.dataset.level, row.dataset.grade, row.classList.contains("nc"), row.dataset.search);
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      region.elements.shown.value = shown + " / " + rows.length;
    };
    var data = document.getElementById("ranking-data");
    if (data) {
      // A long ranking: rows are made from the data, at most "limit" at a time.
      var centers = JSON.parse(data.textContent), body = document.querySelector(".heatmap tbody");
      var limit = body.rows.length, allRows = document.getElementById("all-rows");
      var badge = document.getElementById("nc-badge").content.firstElementChild;
      var cell = function (row, text, className) {
        var td = row.insertCell();
        td.textContent = text;
        if (className) { td.className = className; }
        return td;
      };
      var make = function (c) {
        var row = document.createElement("tr"), name = document.createElement("a");
        if (c[8]) { row.className = "nc"; }
        cell(row, String(c[0]), "num");
        name.href = c[2];
        name.textContent = c[1];
        var who = row.insertCell();
        who.appendChild(name);
        if (c[8] && badge) { who.appendChild(document.createTextNode(" ")); who.appendChild(badge.cloneNode(true)); }
        cell(row, c[4]); cell(row, c[5], "num"); cell(row, c[7]); cell(row, String(c[9]), "num");
        c[11].forEach(function (heat) { cell(row, heat[1], "num heat h" + heat[0]); });
        return row;
      };
      var every = false;
      showRows = function () {
        var matches = centers.filter(function (c) { return wanted(c[3], c[6], c[8], c[10]); });
        var shown = every ? matches : matches.slice(0, limit), fragment = document.createDocumentFragment();
        shown.forEach(function (c) { fragment.appendChild(make(c)); });
        body.replaceChildren(fragment);
        allRows.hidden = matches.length <= shown.length;
        region.elements.shown.value = region.elements.shown.dataset.format.replace("{shown}", shown.length)
          .replace("{matches}", matches.length).replace("{total}", centers.length);
      };
      allRows.addEventListener("click", function () { every = true; showRows(); every = false; });
    }
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
