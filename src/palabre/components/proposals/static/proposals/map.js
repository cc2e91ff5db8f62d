/* The map of proposals: markers drawn from map.json (which follows the list's filters), each
   opening a popup that links to its proposal. The page lists the same proposals below, so
   this script only adds to it. When the map or its background cannot be loaded, a status
   line says so (and the list stays the way to reach the proposals). */
(function () {
  "use strict";

  var container = document.getElementById("proposals-map");
  var optionsNode = document.getElementById("proposals-map-options");
  var status = document.getElementById("proposals-map-status");
  if (!container || !optionsNode) {
    return;
  }
  var options = JSON.parse(optionsNode.textContent);

  function say(message) {
    if (status && status.textContent !== message) {
      status.textContent = message;
    }
  }

  if (typeof L === "undefined" || !window.fetch) {
    say(container.dataset.mapError);
    return;
  }

  // Leaflet's default icon guesses its images' folder from the name of its stylesheet, which
  // hashed static names break (the images were then asked relative to the page): the page
  // gives their served addresses instead. Sizes are those of Leaflet's default marker.
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

  function popup(proposal) {
    // Built from nodes, not HTML, so that a title can never inject markup.
    var link = document.createElement("a");
    link.href = proposal.url;
    link.textContent = proposal.title;
    return link;
  }

  function draw(proposals) {
    if (!proposals.length) {
      return;
    }
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false }).setView(options.center, options.zoom);
    map.attributionControl.setPrefix(options.prefix || false);
    var tiles = L.tileLayer(options.tiles, { attribution: options.attribution, maxZoom: 19 });
    // An unreachable or misconfigured tile server leaves a grey square: say it in words.
    tiles.on("tileerror", function () {
      say(container.dataset.tilesError);
    });
    tiles.addTo(map);
    var bounds = [];
    proposals.forEach(function (proposal) {
      var position = [proposal.lat, proposal.lon];
      // The marker's name is the title, so screen readers and keyboards know where it leads.
      L.marker(position, { icon: markerIcon, title: proposal.title, alt: proposal.title })
        .bindPopup(popup(proposal))
        .addTo(map);
      bounds.push(position);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  fetch(container.dataset.source, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    })
    .then(function (data) {
      draw(data.proposals || []);
    })
    .catch(function () {
      container.hidden = true;
      say(container.dataset.mapError);
    });
})();
