// Polls a background job and updates its progress bar until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var download = document.getElementById("job-download");

  function label(state) {
    var text = status.dataset["label" + state.status.charAt(0).toUpperCase() + state.status.slice(1)] || "";
    return text.replace("{done}", state.done).replace("{total}", state.total);
  }

  function poll() {
    fetch(box.dataset.stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        status.textContent = label(state);
        if (state.status === "done") {
          if (state.download) download.hidden = false;
          return;
        }
        if (state.status !== "failed") setTimeout(poll, 700);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
