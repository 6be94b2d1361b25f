/* Progressive enhancements; every page works without this file.
 * - "Use my location" fills the place box with the browser's coordinates and searches.
 * - The results map draws one numbered marker per listed clinic from the page's JSON data block.
 * Scraped text (clinic names) is only ever set with textContent, never as HTML. */
(function () {
  "use strict";

  var REFUSED = "Location permission was refused. Type a ZIP code or \u201cCity, ST\u201d instead.";
  var FAILED = "We could not find your location. Type a ZIP code or \u201cCity, ST\u201d instead.";
  var UNSUPPORTED = "This browser cannot share your location. Type a ZIP code or \u201cCity, ST\u201d instead.";
  var INSECURE = "Browsers share your location only with secure (https) sites. Type a ZIP code or " +
    "\u201cCity, ST\u201d instead.";

  function setUpLocationButton() {
    var button = document.getElementById("use-location");
    var near = document.getElementById("near");
    var status = document.getElementById("location-status");
    if (!button || !near || !status) {
      return;
    }
    button.hidden = false;

    function fallback(message) {
      status.textContent = message;
      status.classList.add("location-error");
      button.disabled = false;
      near.focus();
    }

    button.addEventListener("click", function () {
      if (!navigator.geolocation) {
        fallback(window.isSecureContext === false ? INSECURE : UNSUPPORTED);
        return;
      }
      status.classList.remove("location-error");
      status.textContent = "Finding your location\u2026";
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        near.value = position.coords.latitude.toFixed(4) + "," +
          position.coords.longitude.toFixed(4);
        status.textContent = "Location found. Searching near you\u2026";
        if (button.form.requestSubmit) {
          button.form.requestSubmit();
        } else {
          button.form.submit();
        }
      }, function (error) {
        if (window.isSecureContext === false) {
          fallback(INSECURE);
        } else {
          fallback(error.code === 1 ? REFUSED : FAILED);
        }
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }

  function markerIcon(number) {
    var label = document.createElement("span");
    label.textContent = String(number);
    return L.divIcon({ className: "map-pin", html: label, iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  function popupFor(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.n + ". " + marker.name;
    box.appendChild(link);
    if (marker.distance) {
      var distance = document.createElement("p");
      distance.textContent = marker.distance;
      box.appendChild(distance);
    }
    return box;
  }

  function drawMap() {
    var holder = document.getElementById("results-map");
    var source = document.getElementById("map-data");
    if (!holder || !source || !window.L) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.markers.length) {
      return;
    }
    holder.textContent = "";
    holder.classList.add("map-live");
    var map = L.map(holder, { scrollWheelZoom: false });
    var points = [];
    if (data.tiles && data.tiles.url) {
      var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 });
      tiles.once("tileerror", function () {
        var note = document.getElementById("map-note");
        if (note) {
          note.textContent = "The street map could not load. The numbered pins still show where " +
            "each clinic is, and every clinic is in the list.";
        }
      });
      tiles.addTo(map);
    }
    if (data.place) {
      var centre = [data.place.lat, data.place.lon];
      if (data.place.radius_mi) {
        L.circle(centre, { radius: data.place.radius_mi * 1609.344, interactive: false,
                           className: "map-radius" }).addTo(map);
      }
      L.circleMarker(centre, { radius: 6, className: "map-origin", interactive: false }).addTo(map);
      points.push(L.latLng(centre));
    }
    data.markers.forEach(function (item) {
      var marker = L.marker([item.lat, item.lon], {
        icon: markerIcon(item.n), title: item.n + ". " + item.name, riseOnHover: true
      }).addTo(map);
      marker.bindPopup(popupFor(item));
      points.push(L.latLng(item.lat, item.lon));
    });
    map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 13 });
  }

  setUpLocationButton();
  drawMap();
}());
