/* Maps of meetings, drawn with Leaflet over what the page already says in words:
   - a list page names its data with data-source (map.json, following the list's filters);
   - a meeting's page gives its place in a JSON script named by data-points;
   - the meeting form (data-picker) lets a click on the map fill the latitude and longitude
     inputs it names, which stay the way to give the place without JavaScript.
   When the map or its background cannot be loaded, a status line says so. */
(function () {
  "use strict";

  var container = document.getElementById("meetings-map");
  var optionsNode = document.getElementById("meetings-map-options");
  var status = document.getElementById("meetings-map-status");
  if (!container || !optionsNode) {
    return;
  }
  var options = JSON.parse(optionsNode.textContent);

  function say(message) {
    if (status && status.textContent !== message) {
      status.textContent = message;
    }
  }

  if (typeof L === "undefined") {
    say(container.dataset.mapError);
    return;
  }

  var markerIcon = L.icon({
    iconUrl: container.dataset.iconUrl,
    iconRetinaUrl: container.dataset.iconRetinaUrl,
    shadowUrl: container.dataset.shadowUrl,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [16, -28],
    shadowSize: [41, 41]
  });

  function makeMap(center, zoom) {
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false }).setView(center, zoom);
    map.attributionControl.setPrefix(options.prefix || false);
    var tiles = L.tileLayer(options.tiles, { attribution: options.attribution, maxZoom: 19 });
    tiles.on("tileerror", function () {
      say(container.dataset.tilesError);
    });
    tiles.addTo(map);
    return map;
  }

  function popup(meeting) {
    // Built from nodes, not HTML, so that a title can never inject markup.
    var link = document.createElement("a");
    link.href = meeting.url;
    link.textContent = meeting.title;
    return link;
  }

  function draw(meetings) {
    if (!meetings.length) {
      return;
    }
    var map = makeMap(options.center, options.zoom);
    var bounds = [];
    meetings.forEach(function (meeting) {
      var position = [meeting.lat, meeting.lon];
      L.marker(position, { icon: markerIcon, title: meeting.title, alt: meeting.title })
        .bindPopup(popup(meeting))
        .addTo(map);
      bounds.push(position);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  function picker(ids) {
    var latitude = document.getElementById(ids[0]);
    var longitude = document.getElementById(ids[1]);
    if (!latitude || !longitude) {
      return;
    }
    var known = latitude.value && longitude.value;
    var start = known ? [parseFloat(latitude.value), parseFloat(longitude.value)] : options.center;
    var map = makeMap(start, known ? 16 : options.zoom);
    var marker = known ? L.marker(start, { icon: markerIcon }).addTo(map) : null;
    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(6);
      var lng = event.latlng.lng.toFixed(6);
      latitude.value = lat;
      longitude.value = lng;
      if (marker) {
        marker.setLatLng(event.latlng);
      } else {
        marker = L.marker(event.latlng, { icon: markerIcon }).addTo(map);
      }
      say("");
    });
  }

  if (container.dataset.picker) {
    picker(container.dataset.picker.split(" "));
  } else if (container.dataset.points) {
    var node = document.getElementById(container.dataset.points);
    draw(node ? JSON.parse(node.textContent) : []);
  } else if (container.dataset.source && window.fetch) {
    fetch(container.dataset.source, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (data) {
        draw(data.meetings || []);
      })
      .catch(function () {
        container.hidden = true;
        say(container.dataset.mapError);
      });
  }
})();
