// Registration forms: a second tap on a slow phone connection must not send the form twice.
(function () {
  "use strict";
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-busy", "true");
      });
    });
  });
  // Move keyboard and screen-reader focus to the first field with an error.
  var invalid = document.querySelector(".reg-form [aria-invalid=true], .panel [aria-invalid=true]");
  if (invalid) { invalid.focus(); }
})();
