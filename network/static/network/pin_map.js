/* Pin map of the profile edit form: a click on the map or dragging the marker sets the
   latitude/longitude inputs, typing into them moves the marker. The inputs stay the accessible,
   keyboard way to set the place; the map only helps. The Kreis outline comes from the actor
   map's GeoJSON endpoint (`data-source`); tiles only if the operator configured a tile server.
   The shared Leaflet set-up is ui/lotse_map.js (window.LotseMap). No inline code, no HTML
   strings, no style attributes: the page's CSP stays strict. */
(function () {
  "use strict";

  var canvas = document.getElementById("pin-map");
  if (!canvas || typeof window.L === "undefined" || typeof window.LotseMap === "undefined") {
    return;
  }
  var M = window.LotseMap;
  var data = canvas.dataset;
  var latInput = document.getElementById(data.latitude);
  var lonInput = document.getElementById(data.longitude);
  var usePostcode = document.getElementById(data.usePostcode);
  var say = M.announcer("[data-pin-map-status]");
  var keys = document.getElementById("pin-map-keys");
  if (!latInput || !lonInput) {
    return;
  }
  var separator = data.decimalSeparator || ".";

  function parse(value) {
    var number = parseFloat(String(value || "").trim().replace(",", "."));
    return isFinite(number) ? number : null;
  }

  function format(number) {
    return number.toFixed(5).replace(".", separator);
  }

  if (keys) {
    keys.hidden = false;
  }
  var map = M.create(canvas, { tileClass: "pin-map--tiles" });

  var marker = null;

  function placeMarker(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    // Not focusable: the marker is dragged with the mouse; the inputs are the keyboard way.
    marker = L.marker(latlng, {
      draggable: true,
      keyboard: false,
      alt: data.labelPin,
      title: data.labelPin,
    }).addTo(map);
    marker.on("dragend", function () {
      setInputs(marker.getLatLng());
    });
  }

  function removeMarker() {
    if (marker) {
      map.removeLayer(marker);
      marker = null;
    }
  }

  function setInputs(latlng) {
    latInput.value = format(latlng.lat);
    lonInput.value = format(latlng.lng);
    if (usePostcode) {
      usePostcode.checked = false;
    }
    say(data.labelSet + " " + latInput.value + " / " + lonInput.value);
  }

  function fromInputs() {
    var lat = parse(latInput.value);
    var lon = parse(lonInput.value);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      removeMarker();
      return null;
    }
    var latlng = L.latLng(lat, lon);
    placeMarker(latlng);
    return latlng;
  }

  map.on("click", function (event) {
    placeMarker(event.latlng);
    setInputs(event.latlng);
  });
  latInput.addEventListener("change", fromInputs);
  lonInput.addEventListener("change", fromInputs);
  if (usePostcode) {
    usePostcode.addEventListener("change", function () {
      if (usePostcode.checked) {
        latInput.value = "";
        lonInput.value = "";
        removeMarker();
        say(data.labelCleared);
      }
    });
  }

  function finish(bounds) {
    var point = fromInputs();
    if (bounds && bounds.isValid()) {
      if (point) {
        bounds.extend(point);
      }
      M.fit(map, bounds);
    } else if (point) {
      map.setView(point, 13);
    }
    canvas.dataset.ready = "true";
  }

  M.load(data.source)
    .then(function (collection) {
      finish(M.drawOutline(map, M.split(collection).outline));
    })
    .catch(function () {
      say(data.labelError);
      finish(null);
    });
})();
