// Agenda filters: apply a choice as soon as it is made (the Filter button works without script).
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
