// The events map: Natural Earth country borders (world-atlas, served by this server)
// as the basemap, one circle per event, sized by fatalities, red when disputed.
// No tiles and no request leaves this server. Popups are built with DOM nodes and
// textContent: event text is data and is never parsed as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var status = document.getElementById("map-status");
  var map = L.map(el, { worldCopyJump: true, preferCanvas: false }).setView([35, 40], 5);
  window.sitrepMap = map; // for the end-to-end tests
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas)");

  function get(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (cls) { node.className = cls; }
    return node;
  }

  function popup(p) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(p.event_id);
    link.textContent = p.sub_event_type + " in " + (p.location || "unknown place");
    box.appendChild(link);
    var when = p.event_date + (p.date_end && p.date_end !== p.event_date ? " – " + p.date_end : "");
    box.appendChild(text("div", when));
    var actors = [p.actor1, p.actor2].filter(Boolean).join(" vs ");
    if (actors) { box.appendChild(text("div", actors)); }
    if (p.fatalities !== null && p.fatalities !== undefined) {
      var range = p.fatalities_low !== p.fatalities_high ? " (" + p.fatalities_low + "–" + p.fatalities_high + ")" : "";
      box.appendChild(text("div", "fatalities: " + p.fatalities + range));
    }
    box.appendChild(text("div", p.sources + " source" + (p.sources === 1 ? "" : "s")));
    if (p.disputed && p.disputed.length) { box.appendChild(text("div", "disputed: " + p.disputed.join(", "), "warn")); }
    return box;
  }

  get("/vendor/countries-50m.json").then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, { style: { color: "#7a7a7a", weight: 0.8, fillColor: "#efeee9", fillOpacity: 1 },
                      interactive: false }).addTo(map).bringToBack();
    el.setAttribute("data-basemap", "loaded");
  }).catch(function (err) {
    el.setAttribute("data-basemap", "failed");
    status.textContent = "Basemap not available (" + err.message + "); run make setup.";
  });

  var query = el.getAttribute("data-query") || "";
  get("/api/events.geojson" + (query ? "?" + query : "")).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var r = 5 + Math.min(18, Math.sqrt(p.fatalities || 0) * 1.5);
        return L.circleMarker(latlng, {
          radius: r, weight: 1.5, color: p.disputed && p.disputed.length ? "#b00020" : "#1f4e79",
          fillColor: p.background ? "#9bb3c9" : "#3a78b5", fillOpacity: 0.7, className: "event-marker"
        });
      },
      onEachFeature: function (feature, lyr) { lyr.bindPopup(popup(feature.properties)); }
    }).addTo(map);
    var n = data.features.length;
    status.textContent = n + " event" + (n === 1 ? "" : "s") + " with coordinates" +
      (data.truncated ? " (the first of " + data.matched + " matching events: narrow the filters to see the rest)" : "") +
      ". Red outline: sources disagree; pale: a look-back at an older event.";
    if (n) { map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 9 }); }
    el.setAttribute("data-events", String(n));
  }).catch(function (err) {
    el.setAttribute("data-events", "failed");
    status.textContent = "Could not load events: " + err.message;
  });
})();
