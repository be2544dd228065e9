// Self check-in kiosk: scan or find, show the name, print, reset after a few seconds.
(function () {
  "use strict";
  var box = document.getElementById("kiosk");
  if (!box) return;
  var steps = ["kiosk-start", "kiosk-busy", "kiosk-done", "kiosk-desk"];
  var resetTimer = null;
  var resetButton = document.getElementById("kiosk-reset");
  var code = document.getElementById("kiosk-code");

  function show(id) {
    steps.forEach(function (step) { document.getElementById(step).hidden = step !== id; });
    resetButton.hidden = id === "kiosk-start" || id === "kiosk-busy";
  }

  function reset() {
    clearTimeout(resetTimer);
    document.getElementById("kiosk-scan").reset();
    document.getElementById("kiosk-find").reset();
    document.querySelector(".kiosk-find").open = false;
    show("kiosk-start");
    code.focus();
  }

  function message(target, text) {
    var node = document.getElementById(target);
    node.textContent = "";
    ["ar", "en"].forEach(function (lang) {
      var span = document.createElement("span");
      span.lang = lang;
      span.dir = lang === "ar" ? "rtl" : "ltr";
      span.className = "kiosk-" + lang;
      span.textContent = text[lang];
      node.appendChild(span);
      node.appendChild(document.createTextNode(" "));
    });
  }

  function answer(data) {
    if (data.name_ar !== undefined) {
      document.getElementById("kiosk-name-ar").textContent = data.name_ar || "";
      document.getElementById("kiosk-name-en").textContent = data.name_en || "";
      message("kiosk-done-message", data.message);
      show("kiosk-done");
    } else {
      message("kiosk-desk-message", data.message);
      show("kiosk-desk");
    }
    resetTimer = setTimeout(reset, parseInt(box.dataset.resetSeconds, 10) * 1000);
  }

  function send(url, body) {
    show("kiosk-busy");
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf, Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 403) { window.location.reload(); return null; }
      return response.json();
    }).then(function (data) { if (data) answer(data); })
      .catch(function () { reset(); });
  }

  document.getElementById("kiosk-scan").addEventListener("submit", function (event) {
    event.preventDefault();
    if (code.value.trim()) send(box.dataset.scan, { code: code.value });
  });
  document.getElementById("kiosk-find").addEventListener("submit", function (event) {
    event.preventDefault();
    send(box.dataset.find, {
      contact: document.getElementById("kiosk-contact").value,
      last_four: document.getElementById("kiosk-last4").value
    });
  });
  resetButton.addEventListener("click", reset);
  // Closed remotely by an organizer: back to the locked screen.
  setInterval(function () {
    fetch(box.dataset.state, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) { if (!state.open) window.location.reload(); })
      .catch(function () {});
  }, 10000);
  // A hand scanner types into the focused field: keep it there.
  document.addEventListener("click", function (event) {
    if (!document.getElementById("kiosk-start").hidden && !event.target.closest(".kiosk-find")) code.focus();
  });
})();
