/*
 * A small toolbar for rich-text fields: <textarea data-richtext>.
 *
 * The field stays a plain textarea holding HTML; the buttons wrap the selection in the few tags
 * the server keeps (core/richtext.py sanitises everything on save). Without JavaScript people
 * type plain text or HTML into the same field. Labels come from the field's
 * data-richtext-labels (JSON, translated by the server); German is the fallback.
 * data-richtext-images (JSON list of {src, alt}) offers the post's own images for insertion.
 */
(function () {
  "use strict";

  var FALLBACK = {
    toolbar: "Formatierung",
    bold: "Fett",
    italic: "Kursiv",
    heading: "Zwischenüberschrift",
    paragraph: "Absatz",
    list: "Aufzählung",
    numbered: "Nummerierte Liste",
    quote: "Zitat",
    link: "Link",
    linkPrompt: "Adresse des Links (https://…)",
    image: "Bild einfügen",
    imageNone: "Bild wählen …"
  };

  function readJson(element, name, fallback) {
    var raw = element.getAttribute(name);
    if (!raw) { return fallback; }
    try { return JSON.parse(raw); } catch (error) { return fallback; }
  }

  function escapeAttribute(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function replaceSelection(field, before, after, placeholder) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var selected = field.value.slice(start, end) || placeholder || "";
    field.value = field.value.slice(0, start) + before + selected + after + field.value.slice(end);
    field.focus();
    field.selectionStart = start + before.length;
    field.selectionEnd = start + before.length + selected.length;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function listItems(field, tag) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    var lines = field.value.slice(start, end).split(/\n/).filter(function (line) {
      return line.trim() !== "";
    });
    if (!lines.length) { lines = [""]; }
    var items = lines.map(function (line) { return "  <li>" + line.trim() + "</li>"; });
    var html = "<" + tag + ">\n" + items.join("\n") + "\n</" + tag + ">";
    field.value = field.value.slice(0, start) + html + field.value.slice(end);
    field.focus();
    field.selectionStart = field.selectionEnd = start + html.length;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "kern-btn kern-btn--tertiary richtext-toolbar__button";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function enhance(field) {
    if (field.dataset.richtextReady) { return; }
    field.dataset.richtextReady = "1";
    var labels = Object.assign({}, FALLBACK, readJson(field, "data-richtext-labels", {}));
    var images = readJson(field, "data-richtext-images", []);
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar);
    if (field.id) { toolbar.setAttribute("aria-controls", field.id); }

    function wrap(tag, placeholder) {
      return function () { replaceSelection(field, "<" + tag + ">", "</" + tag + ">", placeholder); };
    }
    toolbar.appendChild(button(labels.bold, wrap("strong")));
    toolbar.appendChild(button(labels.italic, wrap("em")));
    toolbar.appendChild(button(labels.heading, wrap("h3")));
    toolbar.appendChild(button(labels.paragraph, wrap("p")));
    toolbar.appendChild(button(labels.list, function () { listItems(field, "ul"); }));
    toolbar.appendChild(button(labels.numbered, function () { listItems(field, "ol"); }));
    toolbar.appendChild(button(labels.quote, wrap("blockquote")));
    toolbar.appendChild(button(labels.link, function () {
      var url = window.prompt(labels.linkPrompt, "https://");
      if (!url || !/^(https?:\/\/|mailto:)/i.test(url.trim())) { return; }
      replaceSelection(field, '<a href="' + escapeAttribute(url.trim()) + '">', "</a>", url.trim());
    }));
    if (Array.isArray(images) && images.length) {
      var select = document.createElement("select");
      select.className = "kern-form-input__select richtext-toolbar__images";
      select.setAttribute("aria-label", labels.image);
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = labels.imageNone;
      select.appendChild(empty);
      images.forEach(function (image, index) {
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = image.alt;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var image = images[Number(select.value)];
        if (select.value === "" || !image) { return; }
        replaceSelection(field, '<img src="' + escapeAttribute(image.src) + '" alt="' +
          escapeAttribute(image.alt) + '">', "", "");
        select.value = "";
      });
      toolbar.appendChild(select);
    }
    field.parentNode.insertBefore(toolbar, field);
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  // Forms swapped in by htmx (a comment list after posting) get their toolbar again.
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
