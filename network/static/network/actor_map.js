/* Actor map (Akteurslandkarte): draws the Kreis outline and the organisations from the GeoJSON
   endpoint named in `data-source` on #actor-map. Leaflet and leaflet.markercluster come from npm
   (static/vendor/leaflet/); the shared set-up is ui/lotse_map.js (window.LotseMap). No inline
   code and no HTML strings: everything is built as DOM nodes, so the page's Content Security
   Policy stays strict. The server-rendered list below the map is the equivalent without
   JavaScript. */
(function () {
  "use strict";

  var canvas = document.getElementById("actor-map");
  if (
    !canvas ||
    typeof window.L === "undefined" ||
    typeof L.markerClusterGroup !== "function" ||
    typeof window.LotseMap === "undefined"
  ) {
    return;
  }
  var M = window.LotseMap;
  var data = canvas.dataset;
  var say = M.announcer("[data-map-status]");
  var keys = document.getElementById("actor-map-keys");
  var text = M.text;

  if (keys) {
    keys.hidden = false;
  }
  var map = M.create(canvas, { tileClass: "actor-map--tiles" });

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
    M.focusPopup(marker, ".actor-map__popup a", data.labelClose);
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
    var features = M.split(collection, "organisation");
    var organisations = features.points;
    var bounds = M.drawOutline(map, features.outline);
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 50,
      iconCreateFunction: M.clusterIcon("actor-map__cluster-label", data.labelCluster),
    });
    cluster.addLayers(organisations.map(makeMarker));
    map.addLayer(cluster);
    if ((!bounds || !bounds.isValid()) && organisations.length) {
      bounds = cluster.getBounds();
    }
    M.fit(map, bounds);
    canvas.dataset.markerCount = String(organisations.length);
    canvas.dataset.state = "ready";
    say(data.labelCount + " " + organisations.length);
  }

  M.load(data.source)
    .then(draw)
    .catch(function () {
      canvas.dataset.state = "error";
      say(data.labelError);
    });
})();
