// Kept in a file, not inline, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
