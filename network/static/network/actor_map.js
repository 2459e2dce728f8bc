/* Actor map (Akteurslandkarte): draws the Kreis outline and the organisations from the GeoJSON
   endpoint named in `data-source` on #actor-map. Leaflet and leaflet.markercluster come from npm
   (static/vendor/leaflet/). No inline code and no HTML strings: everything is built as DOM nodes,
   so the page's Content Security Policy stays strict. The server-rendered list below the map is
   the equivalent without JavaScript. */
(function () {
  "use strict";

  var canvas = document.getElementById("actor-map");
  if (!canvas || typeof window.L === "undefined" || typeof L.markerClusterGroup !== "function") {
    return;
  }
  var data = canvas.dataset;
  var status = document.querySelector("[data-map-status]");
  var keys = document.getElementById("actor-map-keys");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  canvas.hidden = false;
  if (keys) {
    keys.hidden = false;
  }

  var center = [parseFloat(data.centerLat) || 51.16, parseFloat(data.centerLon) || 10.45];
  var map = L.map(canvas, {
    keyboard: true,
    attributionControl: false, // the credits stand visibly below the map, as text
    zoomControl: false,
    minZoom: 5,
    maxZoom: 18,
    zoomSnap: 0.25,
  }).setView(center, 10);
  L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);

  // Leaflet listens for Escape only while the map itself has focus; in an open popup the focus
  // is on its link, so Escape closes the popup from anywhere inside the map too.
  var openPopup = null;
  map.on("popupopen", function (event) {
    openPopup = event.popup;
  });
  map.on("popupclose", function (event) {
    if (openPopup === event.popup) {
      openPopup = null;
    }
  });
  canvas.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target !== canvas && openPopup) {
      map.closePopup(openPopup);
      event.stopPropagation();
    }
  });

  if (data.tileUrl) {
    canvas.classList.add("actor-map--tiles");
    L.tileLayer(data.tileUrl, { maxZoom: 18 }).addTo(map);
  }

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = content;
    return node;
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    box.className = "actor-map__popup";
    box.appendChild(text("strong", "actor-map__popup-name", properties.name));
    var details = [properties.kind, properties.municipality].filter(Boolean).join(" · ");
    if (details) {
      box.appendChild(text("p", "", details));
    }
    if (properties.outside) {
      box.appendChild(text("p", "actor-map__popup-warning", data.labelOutside));
    }
    if (properties.url) {
      var link = text("a", "kern-link", data.labelProfile);
      link.href = properties.url;
      box.appendChild(link);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = document.createElement("div");
    inner.appendChild(text("span", "", String(count)));
    inner.appendChild(text("span", "actor-map__cluster-label", " " + data.labelCluster));
    return L.divIcon({
      html: inner,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  function makeMarker(feature) {
    var properties = feature.properties;
    var lonLat = feature.geometry.coordinates;
    var marker = L.marker([lonLat[1], lonLat[0]], {
      alt: properties.name,
      title: properties.name,
      keyboard: true,
    });
    marker.bindPopup(function () {
      return popupContent(properties);
    });
    marker.on("popupopen", function (event) {
      var container = event.popup.getElement();
      var close = container && container.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", data.labelClose);
        close.title = data.labelClose;
      }
      var link = container && container.querySelector(".actor-map__popup a");
      if (link) {
        link.focus({ preventScroll: true });
      }
    });
    marker.on("popupclose", function (event) {
      var container = event.popup.getElement();
      var icon = marker.getElement();
      var focusWasInside =
        !document.activeElement ||
        document.activeElement === document.body ||
        (container && container.contains(document.activeElement));
      if (icon && focusWasInside) {
        icon.focus({ preventScroll: true });
      }
    });
    return marker;
  }

  function draw(collection) {
    var features = (collection && collection.features) || [];
    var outlines = features.filter(function (f) {
      return f.properties && f.properties.role === "outline";
    });
    var organisations = features.filter(function (f) {
      return f.properties && f.properties.role === "organisation";
    });
    var bounds = null;
    if (outlines.length) {
      var outline = L.geoJSON(outlines, {
        interactive: false,
        style: {
          color: "#2044aa",
          weight: 2,
          fillColor: "#ffffff",
          fillOpacity: 0.85,
        },
      }).addTo(map);
      bounds = outline.getBounds();
    }
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 50,
      iconCreateFunction: clusterIcon,
    });
    cluster.addLayers(organisations.map(makeMarker));
    map.addLayer(cluster);
    if ((!bounds || !bounds.isValid()) && organisations.length) {
      bounds = cluster.getBounds();
    }
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 13 });
    }
    canvas.dataset.markerCount = String(organisations.length);
    canvas.dataset.state = "ready";
    say(data.labelCount + " " + organisations.length);
  }

  fetch(data.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      canvas.dataset.state = "error";
      say(data.labelError);
    });
})();
