// Behaviour attached by data attributes, so pages need no inline scripts (strict CSP).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// The kelurahan list follows the kecamatan: the server renders it; choosing another kecamatan
// presses the form's own "show the kelurahan" button (which also works without JavaScript).
document.addEventListener("change", function (event) {
  if (!event.target.matches("select[name$='kecamatan']")) {
    return;
  }
  var form = event.target.form;
  var button = form && form.querySelector("[data-kelurahan-refresh]");
  if (button) {
    button.click();
  }
});

// A page that follows a running job reloads itself every few seconds (data-reload-every="2"),
// in a script rather than a <meta refresh>, which screen readers announce as a timed change.
document.addEventListener("DOMContentLoaded", function () {
  var reloading = document.querySelector("[data-reload-every]");
  if (reloading) {
    var seconds = parseFloat(reloading.getAttribute("data-reload-every")) || 2;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
});
