// A few lines of our own: every page works without them.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // Skriv ut: print this page rather than opening the print view.
  document.querySelectorAll("[data-print]").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); window.print(); });
  });
  if (document.body.classList.contains("print-view")) { window.print(); }
  // The menu folds into a button on narrow screens.
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var menu = toggle.closest(".menu");
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Move focus to the error summary after a failed submit.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Live character count for limited text fields (the server still checks).
  document.querySelectorAll("textarea[data-maxlength]").forEach(function (ta) {
    var max = parseInt(ta.dataset.maxlength, 10);
    var out = document.createElement("p");
    out.className = "hint"; out.setAttribute("aria-live", "polite");
    ta.after(out);
    var update = function () {
      var n = Array.from(ta.value).length;
      out.textContent = n + " / " + max + (n > max ? " – " + (document.documentElement.lang === "en" ? "too long" : "för långt") : "");
    };
    ta.addEventListener("input", update); update();
  });
  // Leveransuppgifter: choosing the address also changes a phone the user has
  // not typed (the server does the same on Verkställ).
  document.querySelectorAll("input[type=radio][data-phone]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var phone = radio.form && radio.form.elements.namedItem("phone");
      if (!phone) { return; }
      var others = Array.from(radio.form.querySelectorAll("input[name='" + radio.name + "'][data-phone]")).map(function (r) { return r.dataset.phone; });
      if (phone.value === "" || others.indexOf(phone.value) >= 0) { phone.value = radio.dataset.phone; }
    });
  });
  // A select whose options carry data-hint sets the hint of another field.
  document.querySelectorAll("select[data-hint-target]").forEach(function (sel) {
    var hint = document.getElementById(sel.dataset.hintTarget);
    if (!hint) { return; }
    sel.addEventListener("change", function () { hint.textContent = sel.options[sel.selectedIndex].dataset.hint || ""; });
  });
  // Confirm before destructive actions marked data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.dataset.confirm)) { e.preventDefault(); } });
  });
});
