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
