// Kept in a file, not inline, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // The design system writes its overflow menu's label in Danish; the page's language names it instead.
  var navigation = document.getElementById("ssp-main-menu");
  var more = document.querySelector("#ssp-main-menu .more-button span");
  if (navigation && more && navigation.dataset.moreLabel) {
    more.textContent = navigation.dataset.moreLabel;
  }
  // Phone width: the menu button shows and hides the main menu, and says which it is to a screen reader.
  var button = document.querySelector(".ssp-menu-button");
  var menu = document.getElementById("ssp-main-menu");
  if (button && menu) {
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("ssp-menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
});
