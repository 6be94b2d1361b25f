/* Progressive enhancements; every page works without this file.
 * - "Use my location" fills the place box with the browser's coordinates and searches.
 * - After a search on a wide screen, the folded search form opens.
 * - The results map loads Leaflet, its clustering plugin and the site's own geography (state and
 *   county lines, names of large places) only when opened, and draws one numbered marker per
 *   listed clinic from the page's JSON data block; markers close together become one cluster.
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

  var WIDE = "(min-width: 60rem)";
  // The smallest population named on the map at each zoom level (closer in, smaller places).
  var PLACE_FLOOR = [[5, 1000000], [6, 500000], [7, 250000], [8, 100000]];
  var MAX_PLACE_LABELS = 14;
  var COUNTY_ZOOM = 7;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  function loadStyle(url) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    document.head.appendChild(link);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("could not load " + url);
      }
      return response.json();
    });
  }

  /* A file of a folder URL such as "/static/vendor/map/counties/?v=abc": same folder, same version. */
  function fileIn(folderUrl, name) {
    var parts = folderUrl.split("?");
    return parts[0] + name + (parts[1] ? "?" + parts[1] : "");
  }

  function markerIcon(number) {
    var label = document.createElement("span");
    label.textContent = String(number);
    return L.divIcon({ className: "map-pin", html: label, iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  function clusterIcon(cluster) {
    var box = document.createElement("span");
    var count = document.createElement("span");
    count.className = "cluster-count";
    count.textContent = String(cluster.getChildCount());
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = " clinics close together: zoom in to see them";
    box.appendChild(count);
    box.appendChild(words);
    return L.divIcon({ className: "map-cluster", html: box, iconSize: [36, 36] });
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

  function placeFloor(zoom) {
    for (var i = 0; i < PLACE_FLOOR.length; i += 1) {
      if (zoom <= PLACE_FLOOR[i][0]) {
        return PLACE_FLOOR[i][1];
      }
    }
    return 0;
  }

  /* Names of the largest places in view, as plain text labels that take no clicks or focus. */
  function showPlaces(map, places, layer) {
    layer.clearLayers();
    var bounds = map.getBounds();
    var floor = placeFloor(map.getZoom());
    var shown = 0;
    for (var i = 0; i < places.length && shown < MAX_PLACE_LABELS; i += 1) {
      var place = places[i];
      if (place[4] < floor) {
        break;
      }
      if (bounds.contains([place[2], place[3]])) {
        var label = document.createElement("span");
        label.textContent = place[0];
        L.marker([place[2], place[3]], {
          icon: L.divIcon({ className: "map-place", html: label, iconSize: null }),
          interactive: false, keyboard: false, pane: "places"
        }).addTo(layer);
        shown += 1;
      }
    }
  }

  /* County lines of the states in view, each state's file fetched once, when zoomed in. */
  function showCounties(map, states, files, layer, loaded) {
    if (map.getZoom() < COUNTY_ZOOM) {
      map.removeLayer(layer);
      return;
    }
    layer.addTo(map);
    var view = map.getBounds();
    states.eachLayer(function (state) {
      var fips = state.feature.id;
      if (loaded[fips] || !view.intersects(state.getBounds())) {
        return;
      }
      loaded[fips] = true;
      getJSON(fileIn(files.counties, fips + ".json")).then(function (lines) {
        L.geoJSON(lines, { className: "map-county", interactive: false, pane: "outlines" })
          .addTo(layer);
      }).catch(function () { loaded[fips] = false; });
    });
  }

  function drawGeography(map, files) {
    map.createPane("outlines").style.zIndex = 250;
    map.createPane("places").style.zIndex = 450;
    var placeLayer = L.layerGroup().addTo(map);
    var countyLayer = L.layerGroup();
    var loaded = {};
    return Promise.all([getJSON(files.states), getJSON(files.places)]).then(function (found) {
      var atlas = found[0];
      var places = found[1];
      var states = L.geoJSON(topojson.feature(atlas, atlas.objects.states), {
        className: "map-state", interactive: false, pane: "outlines"
      }).addTo(map);
      var refresh = function () {
        showCounties(map, states, files, countyLayer, loaded);
        showPlaces(map, places, placeLayer);
      };
      map.on("moveend", refresh);
      refresh();
    });
  }

  function tileLayer(map, tiles) {
    var layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 });
    layer.once("tileerror", function () {
      var note = document.getElementById("map-note");
      if (note) {
        note.textContent = "The street map could not load. The numbered pins still show where " +
          "each clinic is, and every clinic is in the list.";
      }
    });
    layer.addTo(map);
  }

  function drawMap(holder, data, files) {
    holder.textContent = "";
    holder.classList.add("map-live");
    // Clustering needs a zoom range, which tiles would otherwise give.
    var map = L.map(holder, { scrollWheelZoom: false, minZoom: 3, maxZoom: 17 });
    var points = [];
    if (data.tiles && data.tiles.url) {
      tileLayer(map, data.tiles);
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
    var pins = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
                                      iconCreateFunction: clusterIcon });
    data.markers.forEach(function (item) {
      var marker = L.marker([item.lat, item.lon], {
        icon: markerIcon(item.n), title: item.n + ". " + item.name, riseOnHover: true
      });
      marker.bindPopup(popupFor(item));
      pins.addLayer(marker);
      points.push(L.latLng(item.lat, item.lon));
    });
    map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 13 });
    pins.addTo(map);
    if (!data.tiles || !data.tiles.url) {
      holder.classList.add("map-outlines");
    }
    return drawGeography(map, files);
  }

  /* Leaflet, its clustering plugin and the geography load only when the map is opened. */
  function openMap(panel, holder, data) {
    var files = JSON.parse(panel.getAttribute("data-files"));
    var fallback = holder.querySelector(".map-fallback");
    if (fallback) {
      fallback.textContent = "Loading the map\u2026";
    }
    loadStyle(files.leaflet_css);
    loadStyle(files.cluster_css);
    return Promise.all([
      loadScript(files.leaflet).then(function () { return loadScript(files.cluster); }),
      loadScript(files.topojson)
    ]).then(function () {
      return drawMap(holder, data, files);
    }).catch(function () {
      holder.classList.remove("map-live");
      holder.textContent = "The map could not load. Every clinic is in the list.";
    });
  }

  function setUpMap() {
    var panel = document.getElementById("map-panel");
    var holder = document.getElementById("results-map");
    var source = document.getElementById("map-data");
    if (!panel || !holder || !source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.markers.length) {
      return;
    }
    var opened = false;
    panel.addEventListener("toggle", function () {
      if (panel.open && !opened) {
        opened = true;
        openMap(panel, holder, data);
      }
    });
    openOnWideScreens(panel);
  }

  /* On a wide screen there is room for the search form and the map beside the results. */
  function openOnWideScreens(element) {
    if (element && window.matchMedia && window.matchMedia(WIDE).matches) {
      element.open = true;
    }
  }

  setUpLocationButton();
  openOnWideScreens(document.getElementById("search-again"));
  setUpMap();
}());
