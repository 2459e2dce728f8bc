// Discussions: a filter box above each mention list, so a long list of organisations and people
// is searchable. Without JavaScript the lists are ordinary multi-selects.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function enhance(select) {
    if (select.dataset.mentionPickerReady) {
      return;
    }
    select.dataset.mentionPickerReady = "1";
    var label = document.querySelector('label[for="' + select.id + '"]');
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "_filter";
    input.className = "kern-form-input__input mention-filter";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var filterLabel = document.createElement("label");
    filterLabel.className = "kern-label";
    filterLabel.htmlFor = input.id;
    filterLabel.textContent = (select.dataset.filterLabel || "Liste filtern") +
      (label ? ": " + label.textContent.trim().split("\n")[0] : "");
    select.parentNode.insertBefore(filterLabel, select);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var needle = normalise(input.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = needle !== "" && !option.selected &&
          normalise(option.textContent).indexOf(needle) === -1;
      });
    });
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-mention-picker]").forEach(enhance);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    init(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
