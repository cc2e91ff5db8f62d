/* The map of proposals: markers drawn from map.json (which follows the list's filters), each
   opening a popup that links to its proposal. The page lists the same proposals below, so
   this script only adds to it; if Leaflet or the data cannot load, the map stays hidden. */
(function () {
  "use strict";

  var container = document.getElementById("proposals-map");
  var optionsNode = document.getElementById("proposals-map-options");
  if (!container || !optionsNode || typeof L === "undefined" || !window.fetch) {
    return;
  }
  var options = JSON.parse(optionsNode.textContent);

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
    L.tileLayer(options.tiles, { attribution: options.attribution, maxZoom: 19 }).addTo(map);
    var bounds = [];
    proposals.forEach(function (proposal) {
      var position = [proposal.lat, proposal.lon];
      // The marker's name is the title, so screen readers and keyboards know where it leads.
      L.marker(position, { title: proposal.title, alt: proposal.title })
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
    });
})();
