// Public directory pages: small comforts only; every page works without this file.
(function () {
  "use strict";

  function init() {
    // The print view's button (hidden without JavaScript, where the browser's print works).
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    // Escape closes the language menu and returns focus to its toggle.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
        if (menu.contains(document.activeElement)) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
