// Behaviour attached by data attributes, so pages need no inline scripts (strict CSP).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
