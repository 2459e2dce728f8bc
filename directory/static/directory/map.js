/* Directory maps. Two kinds of [data-directory-map] canvas:
   - with data-source: the offers of the district from the GeoJSON endpoint, clustered, with the
     Kreis outline (leaflet.markercluster must be loaded);
   - with data-lat/data-lon: one place, one marker (offer and place pages).
   No inline code and no HTML strings: everything is built as DOM nodes, so the Content Security
   Policy stays strict. The server-rendered list or address is the equivalent without JavaScript.
   Tiles are drawn only when the operator configured a tile server (data-tile-url). */
(function () {
  "use strict";

  if (typeof window.L === "undefined") {
    return;
  }

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = content;
    return node;
  }

  function baseMap(canvas, center, zoom) {
    var data = canvas.dataset;
    canvas.hidden = false;
    var map = L.map(canvas, {
      keyboard: true,
      attributionControl: false, // credits stand visibly below the map, as text
      zoomControl: false,
      minZoom: 5,
      maxZoom: 18,
      zoomSnap: 0.25,
    }).setView(center, zoom);
    L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  function singlePlace(canvas) {
    var data = canvas.dataset;
    var lat = parseFloat(data.lat);
    var lon = parseFloat(data.lon);
    if (isNaN(lat) || isNaN(lon)) {
      return;
    }
    var map = baseMap(canvas, [lat, lon], 14);
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

  function clusterIcon(label) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = document.createElement("div");
      inner.appendChild(text("span", "", String(count)));
      inner.appendChild(text("span", "public-map__cluster-label", " " + label));
      return L.divIcon({
        html: inner,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      });
    };
  }

  function allOffers(canvas) {
    var data = canvas.dataset;
    var status = document.querySelector("[data-map-status]");
    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }
    if (typeof L.markerClusterGroup !== "function") {
      return;
    }
    var center = [parseFloat(data.centerLat) || 51.16, parseFloat(data.centerLon) || 10.45];
    var map = baseMap(canvas, center, 10);

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
      marker.on("popupopen", function (event) {
        var container = event.popup.getElement();
        var close = container && container.querySelector(".leaflet-popup-close-button");
        if (close) {
          close.setAttribute("aria-label", data.labelClose);
          close.title = data.labelClose;
        }
        var link = container && container.querySelector(".public-map__popup a");
        if (link) {
          link.focus({ preventScroll: true });
        }
      });
      return marker;
    }

    function draw(collection) {
      var features = (collection && collection.features) || [];
      var outlines = features.filter(function (f) {
        return f.properties && f.properties.role === "outline";
      });
      var offers = features.filter(function (f) {
        return f.properties && f.properties.role === "offer";
      });
      var bounds = null;
      if (outlines.length) {
        var outline = L.geoJSON(outlines, {
          interactive: false,
          style: { color: "#2044aa", weight: 2, fillColor: "#ffffff", fillOpacity: 0.85 },
        }).addTo(map);
        bounds = outline.getBounds();
      }
      var cluster = L.markerClusterGroup({
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        maxClusterRadius: 50,
        iconCreateFunction: clusterIcon(data.labelCluster),
      });
      cluster.addLayers(offers.map(makeMarker));
      map.addLayer(cluster);
      if ((!bounds || !bounds.isValid()) && offers.length) {
        bounds = cluster.getBounds();
      }
      if (bounds && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [16, 16], maxZoom: 13 });
      }
      canvas.dataset.markerCount = String(offers.length);
      canvas.dataset.state = "ready";
      say(data.labelCount + " " + offers.length);
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
  }

  document.querySelectorAll("[data-directory-map]").forEach(function (canvas) {
    if (canvas.dataset.source) {
      allOffers(canvas);
    } else {
      singlePlace(canvas);
    }
  });
})();
