/* Directory maps. Two kinds of [data-directory-map] canvas:
   - with data-source: the offers of the district from the GeoJSON endpoint, clustered, with the
     Kreis outline (leaflet.markercluster must be loaded);
   - with data-lat/data-lon: one place, one marker (offer and place pages).
   The shared Leaflet set-up is ui/lotse_map.js (window.LotseMap). No inline code and no HTML
   strings: everything is built as DOM nodes, so the Content Security Policy stays strict. The
   server-rendered list or address is the equivalent without JavaScript. Tiles are drawn only
   when the operator configured a tile server (data-tile-url). */
(function () {
  "use strict";

  if (typeof window.L === "undefined" || typeof window.LotseMap === "undefined") {
    return;
  }
  var M = window.LotseMap;
  var text = M.text;

  function singlePlace(canvas) {
    var data = canvas.dataset;
    var lat = parseFloat(data.lat);
    var lon = parseFloat(data.lon);
    if (isNaN(lat) || isNaN(lon)) {
      return;
    }
    var map = M.create(canvas, { center: [lat, lon], zoom: 14 });
    L.marker([lat, lon], { alt: data.name, title: data.name, keyboard: false }).addTo(map);
  }

  function popupContent(properties, label) {
    var box = document.createElement("div");
    box.className = "public-map__popup";
    var name = text("strong", "", properties.name);
    if (properties.lang) {
      name.lang = properties.lang;
    }
    box.appendChild(name);
    if (properties.place) {
      box.appendChild(text("p", "", properties.place));
    }
    var link = text("a", "kern-link", label);
    link.href = properties.url;
    box.appendChild(link);
    return box;
  }

  function allOffers(canvas) {
    var data = canvas.dataset;
    var say = M.announcer("[data-map-status]");
    if (typeof L.markerClusterGroup !== "function") {
      return;
    }
    var map = M.create(canvas);

    function makeMarker(feature) {
      var properties = feature.properties;
      var lonLat = feature.geometry.coordinates;
      var marker = L.marker([lonLat[1], lonLat[0]], {
        alt: properties.name,
        title: properties.name,
        keyboard: true,
      });
      marker.bindPopup(function () {
        return popupContent(properties, data.labelOpen);
      });
      M.focusPopup(marker, ".public-map__popup a", data.labelClose);
      return marker;
    }

    function draw(collection) {
      var features = M.split(collection, "offer");
      var offers = features.points;
      var bounds = M.drawOutline(map, features.outline);
      var cluster = L.markerClusterGroup({
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        maxClusterRadius: 50,
        iconCreateFunction: M.clusterIcon("public-map__cluster-label", data.labelCluster),
      });
      cluster.addLayers(offers.map(makeMarker));
      map.addLayer(cluster);
      if ((!bounds || !bounds.isValid()) && offers.length) {
        bounds = cluster.getBounds();
      }
      M.fit(map, bounds);
      canvas.dataset.markerCount = String(offers.length);
      canvas.dataset.state = "ready";
      say(data.labelCount + " " + offers.length);
    }

    M.load(data.source)
      .then(draw)
      .catch(function () {
        canvas.dataset.state = "error";
        say(data.labelError);
      });
  }

  document.querySelectorAll("[data-directory-map]").forEach(function (canvas) {
    if (canvas.dataset.source) {
      allOffers(canvas);
    } else {
      singlePlace(canvas);
    }
  });
})();
