/* Shared Leaflet set-up of Lotse's maps (actor map, pin map of the profile form, directory map),
   exposed as window.LotseMap. Load it after vendor/leaflet/leaflet.js and before the map script.
   The canvas's data-* attributes it reads: data-center-lat/-lon, data-label-zoom-in/-out,
   data-tile-url (tiles only if the operator configured a tile server). No inline code, no HTML
   strings, no style attributes: the pages' Content Security Policy stays strict. */
(function () {
  "use strict";

  if (typeof window.L === "undefined") {
    return;
  }

  var OUTLINE_STYLE = { color: "#2044aa", weight: 2, fillColor: "#ffffff", fillOpacity: 0.85 };

  // The centre from data-center-lat/-lon, else the middle of Germany.
  function center(data) {
    return [parseFloat(data.centerLat) || 51.16, parseFloat(data.centerLon) || 10.45];
  }

  // Shows the canvas and makes the map: shared options, the localised zoom control, and the tile
  // layer if data-tile-url is set (then `options.tileClass`, if given, is added to the canvas).
  // options: center ([lat, lon], default from the data-* attributes), zoom (default 10), tileClass.
  function create(canvas, options) {
    options = options || {};
    var data = canvas.dataset;
    canvas.hidden = false;
    var map = L.map(canvas, {
      keyboard: true,
      attributionControl: false, // the credits stand visibly below the map, as text
      zoomControl: false,
      minZoom: 5,
      maxZoom: 18,
      zoomSnap: 0.25,
    }).setView(options.center || center(data), options.zoom || 10);
    L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
    if (data.tileUrl) {
      if (options.tileClass) {
        canvas.classList.add(options.tileClass);
      }
      L.tileLayer(data.tileUrl, { maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  // The GeoJSON of `url` (the page's own session): a promise, rejected on an HTTP error.
  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }
    );
  }

  // The features of a collection, split into the Kreis outline (role "outline") and the points:
  // those with properties.role === `role`, or all others when no role is given.
  function split(collection, role) {
    var features = (collection && collection.features) || [];
    var outline = [];
    var points = [];
    features.forEach(function (f) {
      var own = f.properties && f.properties.role;
      if (own === "outline") {
        outline.push(f);
      } else if (f.properties && (!role || own === role)) {
        points.push(f);
      }
    });
    return { outline: outline, points: points };
  }

  // Draws the outline features (not interactive) and returns their bounds, or null if none.
  function drawOutline(map, features, style) {
    if (!features || !features.length) {
      return null;
    }
    return L.geoJSON(features, { interactive: false, style: style || OUTLINE_STYLE })
      .addTo(map)
      .getBounds();
  }

  // Fits the map to `bounds` if they are valid; options default to padding 16 px, maxZoom 13.
  // Returns whether it did.
  function fit(map, bounds, options) {
    if (!bounds || !bounds.isValid()) {
      return false;
    }
    map.fitBounds(bounds, options || { padding: [16, 16], maxZoom: 13 });
    return true;
  }

  // say(text) for the live region `target` (an element or a selector); does nothing without it.
  function announcer(target) {
    var region = typeof target === "string" ? document.querySelector(target) : target;
    return function say(text) {
      if (region) {
        region.textContent = text;
      }
    };
  }

  // An element with text content (never HTML), for popups and cluster icons.
  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = content;
    return node;
  }

  // iconCreateFunction for leaflet.markercluster: the count plus a label (in `labelClass`)
  // for screen readers.
  function clusterIcon(labelClass, label) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = document.createElement("div");
      inner.appendChild(text("span", "", String(count)));
      inner.appendChild(text("span", labelClass, " " + label));
      return L.divIcon({
        html: inner,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      });
    };
  }

  // When the marker's popup opens: labels its close button and moves the focus to the link
  // matched by `linkSelector` inside it.
  function focusPopup(marker, linkSelector, closeLabel) {
    marker.on("popupopen", function (event) {
      var container = event.popup.getElement();
      var close = container && container.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", closeLabel);
        close.title = closeLabel;
      }
      var link = container && container.querySelector(linkSelector);
      if (link) {
        link.focus({ preventScroll: true });
      }
    });
  }

  window.LotseMap = {
    center: center,
    create: create,
    load: load,
    split: split,
    drawOutline: drawOutline,
    fit: fit,
    announcer: announcer,
    text: text,
    clusterIcon: clusterIcon,
    focusPopup: focusPopup,
  };
})();
