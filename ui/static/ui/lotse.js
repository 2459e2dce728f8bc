// Lotse's page behaviour. Loaded as a file: the Content Security Policy forbids inline scripts.
// Every page works without it; this only makes the shell more comfortable.
//
// The language and district switches are not submitted on change: a select that navigates
// while someone moves through its options with the keyboard breaks WCAG 3.2.2 (On Input).
(function () {
  "use strict";

  // The main navigation is a <details> disclosure. On wide screens it is shown as an open row;
  // on small screens it starts closed behind the "Menü" toggle.
  function syncNavigation(wide) {
    document.querySelectorAll("[data-nav-disclosure]").forEach(function (disclosure) {
      disclosure.open = wide;
    });
  }

  // Escape closes an open disclosure menu and returns focus to its toggle.
  function closeOnEscape(event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu.contains(document.activeElement)) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // A click outside an open user menu closes it, as people expect from a dropdown.
  function closeOnOutsideClick(event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }

  function init() {
    var wide = window.matchMedia("(min-width: 64em)");
    syncNavigation(wide.matches);
    wide.addEventListener("change", function (event) {
      syncNavigation(event.matches);
    });
    document.addEventListener("keydown", closeOnEscape);
    document.addEventListener("click", closeOnOutsideClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
