/*
 * Posture map, loaded into the st_folium iframe right after Leaflet.
 *
 * SiteMap.load(map, url) fetches the map's data once and draws every site, governorate,
 * ring and arrow; .step({date, visible, bounds}) then restyles only what changed for
 * that date (a step that arrives before the data is kept and applied on arrival).
 * It applies no posture rule: each site's answer on a date (status, since, forces,
 * staleness, contest, plan) is looked up in the engine's intervals through answers.js,
 * and the browser tests hold what it draws to the engine. Every word comes from
 * styles.labels (dashboard/i18n.py). Text from the data reaches the page through
 * textContent only, never as HTML.
 *
 * The page talks to the map through one message protocol, "posture-map/1" (window.postMessage,
 * same origin only), never by reaching into its frame:
 *   map -> page  {protocol, type: "ready", status: "drawn" | "failed"}  once drawn (or failed), and
 *                                                                       again in answer to "hello";
 *   page -> map  {protocol, type: "hello"}                              who is there, and ready?
 *                {protocol, type: "scrub", date, future}                show `date` while the hand
 *                                                                       holds the scrubber
 *                {protocol, type: "release"}                            back to the page's date;
 *                {protocol, type: "step", request}                      show the committed date
 *                                                                       (SiteMap.step's request).
 * In the Streamlit page a committed date arrives with the rerun's own script (restyle.py: step); the
 * standalone file (standalone.js), which has no rerun, sends "step".
 * A page of the map's own origin may call window.postureMapReceive(message) instead of posting the
 * message: the same messages, handled at once (scrubber.js does, so a drag's frame shows its date).
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var A = window.PostureAnswers; // answers.js, loaded first

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // ---- Shapes: every status has its own outline, so colour is never the only cue.

  function polygonPath(points) {
    return "M" + points.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join("L") + "Z";
  }

  function regular(x, y, r, n, startDeg) {
    var points = [];
    for (var i = 0; i < n; i++) {
      var a = ((startDeg + (360 * i) / n) * Math.PI) / 180;
      points.push([x + r * Math.cos(a), y + r * Math.sin(a)]);
    }
    return points;
  }

  // A shape's corners about (x, y), or null for a circle (and a ring, a circle unfilled).
  function shapePoints(shape, x, y, r) {
    switch (shape) {
      case "square":
        var s = r * 0.88;
        return [[x - s, y - s], [x + s, y - s], [x + s, y + s], [x - s, y + s]];
      case "diamond":
        return regular(x, y, r * 1.25, 4, -90);
      case "triangle_up":
        return regular(x, y + r * 0.25, r * 1.4, 3, -90);
      case "triangle_down":
        return regular(x, y - r * 0.25, r * 1.4, 3, 90);
      case "hexagon":
        return regular(x, y, r * 1.15, 6, 0);
      case "burst":
        var tips = regular(x, y, r * 1.5, 8, -90), dents = regular(x, y, r * 0.6, 8, -67.5), burst = [];
        for (var k = 0; k < 8; k++) burst.push(tips[k], dents[k]);
        return burst;
      case "star":
        var outer = regular(x, y, r * 1.45, 5, -90), inner = regular(x, y, r * 0.62, 5, -54), star = [];
        for (var i = 0; i < 5; i++) star.push(outer[i], inner[i]);
        return star;
      default:
        return null;
    }
  }

  function shapePath(shape, x, y, r) {
    var points = shapePoints(shape, x, y, r);
    if (points) return polygonPath(points);
    return "M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0" +
      "a" + r + "," + r + " 0 1,0 " + -2 * r + ",0Z";
  }

  var SHAPE_REACH = 1.55; // the farthest any shape reaches from its centre, in radii (a triangle's corner)

  // Whether the browser takes an SVG path's outline from CSS (the `d` property): Chromium and Firefox do.
  var CSS_D = !!(window.CSS && CSS.supports && CSS.supports("d", 'path("M0,0")'));

  // A circle marker (cheap SVG path, one per site) that can take any of the shapes.
  // `relative`: the shape is drawn about the origin and moved into place by a transform, so that its
  // outline depends on its look alone and the sheet gives it by class (_siteSheet): a change of status
  // then writes no outline. A scrub across the axis at 1,000 sites spent 4.4 ms an event writing them.
  var ShapeMarker = L.CircleMarker.extend({
    options: { shape: "circle", offset: [0, 0], relative: false },
    _updatePath: function () {
      var p = this._point, o = this.options.offset;
      if (this._renderer instanceof CanvasRenderer) return; // drawn with others of its look (_draw)
      if (!this.options.relative) {
        this._renderer._setPath(this, this._empty() ? "M0 0" : shapePath(this.options.shape, p.x + o[0], p.y + o[1], this._radius));
        return;
      }
      this._path.setAttribute("transform", "translate(" + (p.x + o[0]).toFixed(2) + "," + (p.y + o[1]).toFixed(2) + ")");
      this.reshape();
    },
    // The box a canvas clears and redraws for this marker, and where the pointer finds it: a star or a
    // burst reaches past the circle Leaflet reckons by, a burst of incidents sits off its point, and an
    // edge's antialiasing reaches a pixel past the stroke.
    _updateBounds: function () {
      var o = this.options.offset, reach = this._radius * SHAPE_REACH + this._clickTolerance() + 2;
      var centre = this._point.add(o);
      this._pxBounds = new L.Bounds(centre.subtract([reach, reach]), centre.add([reach, reach]));
    },
    // Where the browser cannot take the outline from the sheet, it is written here when it changes.
    reshape: function () {
      var key = this.options.shape + "|" + this._radius;
      if (CSS_D || !this._path || key === this._drawn) return;
      this._drawn = key;
      this._renderer._setPath(this, shapePath(this.options.shape, 0, 0, this._radius));
    },
  });

  // The head of a repositioning arrow, turned to point away from `options.from`
  // and stopped `options.gap` pixels short of the target's centre.
  var ArrowHead = L.CircleMarker.extend({
    options: { from: null, gap: 9 },
    _updatePath: function () {
      var tip = this._point, tail = this._map.latLngToLayerPoint(this.options.from);
      var dx = tip.x - tail.x, dy = tip.y - tail.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len, uy = dy / len, r = this._radius;
      var x = tip.x - ux * this.options.gap, y = tip.y - uy * this.options.gap;
      this._renderer._setPath(this, polygonPath([
        [x, y],
        [x - ux * 2.2 * r - uy * r, y - uy * 2.2 * r + ux * r],
        [x - ux * 2.2 * r + uy * r, y - uy * 2.2 * r - ux * r],
      ]));
    },
  });

  // A name on the map. Leaflet places a marker with translate3d, which makes each one a compositing layer
  // of its own; with ~50 names that cost 4 ms of every frame of a drag at 1,000 sites (Layerize, seen in
  // Chromium's trace), for text that never animates apart from the map's own panes.
  var Label = L.Marker.extend({
    _setPos: function (pos) {
      L.Marker.prototype._setPos.call(this, pos);
      if (this._icon) this._icon.style.transform = "translate(" + pos.x + "px," + pos.y + "px)";
    },
  });

  function nameMarker(at, options) {
    return new Label(at, options);
  }

  // Leaflet's SVG renderer, but a new element's classes are written in one attribute: Leaflet adds them
  // one class at a time (classList.add for each of a site's eight or so), 0.18 s of a first paint at
  // 10,000 sites in Chromium's profiler.
  var Renderer = L.SVG.extend({
    _initPath: function (layer) {
      var path = layer._path = L.SVG.create("path");
      var classes = [layer.options.className, layer.options.interactive ? "leaflet-interactive" : ""];
      path.setAttribute("class", classes.filter(Boolean).join(" "));
      this._updateStyle(layer);
      this._layers[L.Util.stamp(layer)] = layer;
    },
  });

  // Leaflet's canvas renderer, for maps with more point sites than CANVAS_FROM: there, writing each
  // changed site's class took most of a scrub's event (61 ms of 150 at 10,000 sites, and 250 ms more of
  // style and paint before the next frame, in Chromium's profiler). On a canvas a site's look is its
  // layer's options (_canvasLook), and a change is drawn once, at the next frame.
  var CANVAS_FROM = 2500;

  // A dash pattern as Leaflet's canvas takes it (L.Canvas._updateDashArray): numbers.
  function dashes(dashArray) {
    return dashArray ? String(dashArray).split(/[, ]+/).map(Number) : null;
  }

  function emptyBox() {
    return { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  }

  function extendBox(box, bounds) {
    if (!bounds) return;
    if (bounds.min.x < box.x0) box.x0 = bounds.min.x;
    if (bounds.min.y < box.y0) box.y0 = bounds.min.y;
    if (bounds.max.x > box.x1) box.x1 = bounds.max.x;
    if (bounds.max.y > box.y1) box.y1 = bounds.max.y;
  }

  // One sub-path of a site's outline, about its point: a polygon's corners or a circle.
  function trace(ctx, shape, x, y, r) {
    var points = shapePoints(shape, x, y, r);
    if (!points) {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2, false);
      return;
    }
    ctx.moveTo(points[0][0], points[0][1]);
    for (var i = 1; i < points.length; i++) ctx.lineTo(points[i][0], points[i][1]);
    ctx.closePath();
  }

  // The state a look draws with, as Leaflet's canvas sets it for a path (L.Canvas._fillStroke), set once
  // for every site of that look (_draw).
  function drawWith(ctx, look) {
    ctx.fillStyle = look.fillColor || look.color;
    ctx.setLineDash(look._dashArray || []);
    ctx.lineWidth = look.weight;
    ctx.strokeStyle = look.color;
    ctx.lineCap = look.lineCap;
    ctx.lineJoin = "round";
  }

  function paint(ctx, look) {
    if (look.fill) {
      ctx.globalAlpha = look.fillOpacity;
      ctx.fill("evenodd");
    }
    if (look.stroke && look.weight) {
      ctx.globalAlpha = look.opacity;
      ctx.stroke();
    }
  }

  var CanvasRenderer = L.Canvas.extend({
    // The sites look by look, each look's state set once, then the plans' rings over them; within a look,
    // in the order they were added. (One path for all the sites of a look, filled and stroked once, took
    // about 1.7 times as long to raster at 10,000 sites: the path spans the whole canvas.)
    _draw: function () {
      var bounds = this._redrawBounds, ctx = this._ctx, sites = new Map(), rings = new Map();
      ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      for (var order = this._drawFirst; order; order = order.next) {
        var layer = order.layer, look = layer._look;
        if (!look || !(look.stroke || look.fill) || !layer._pxBounds || layer._empty()) continue;
        if (bounds && !layer._pxBounds.intersects(bounds)) continue;
        var site = !!layer.options.siteId, buckets = site ? sites : rings, list = buckets.get(look);
        if (!list) buckets.set(look, (list = []));
        list.push(layer);
        if (site && !layer._painted) {
          layer._painted = true;
          this._sitesPainted = (this._sitesPainted || 0) + 1;
        }
      }
      [sites, rings].forEach(function (buckets) {
        // Looks in a fixed order (their rank), so that a part of the canvas redrawn alone comes out as a
        // whole redraw draws it where sites of two looks overlap.
        var looks = Array.from(buckets.keys()).sort(function (a, b) { return a.rank - b.rank; });
        looks.forEach(function (look) {
          var layers = buckets.get(look);
          drawWith(ctx, look);
          layers.forEach(function (layer) {
            var o = layer.options.offset;
            ctx.beginPath();
            trace(ctx, look.shape, layer._point.x + o[0], layer._point.y + o[1], layer._radius);
            paint(ctx, look);
          });
        });
      });
      ctx.restore();
      // How many sites the canvas has drawn, on the canvas itself: where an SVG map has a path per site to
      // count, tests and the bench count these.
      if (this._sitesPainted && this._container.getAttribute("data-sites-painted") !== String(this._sitesPainted)) {
        this._container.setAttribute("data-sites-painted", this._sitesPainted);
      }
    },
    // A site or ring takes a look (_canvasLook, _canvasRingLook) in place, drawn at the next frame. Leaflet's
    // setStyle would copy each option, parse the dashes again, project the point again (setRadius) and
    // allocate the box to redraw twice, a site: 24 ms of a jump's event at 10,000 sites. The box to redraw
    // is gathered by the caller and asked for once (redrawBox).
    restyle: function (layer, look, box) {
      layer._look = look;
      layer.options.stroke = look.stroke; // what the pointer's reach is reckoned by (_clickTolerance)
      layer.options.weight = look.weight;
      layer.options.shape = look.shape;
      if (layer._radius !== look.radius) {
        extendBox(box, layer._pxBounds);
        layer.options.radius = layer._radius = look.radius;
        if (layer._point) layer._updateBounds();
      }
      extendBox(box, layer._pxBounds);
    },
    redrawBox: function (box) {
      if (!this._map || box.x0 === Infinity) return;
      var pad = 3; // a stroke's width and a pixel
      this._redrawBounds = this._redrawBounds || new L.Bounds();
      this._redrawBounds.extend(L.point(box.x0 - pad, box.y0 - pad));
      this._redrawBounds.extend(L.point(box.x1 + pad, box.y1 + pad));
      this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
    },
  });

  function setClasses(layer, classes) {
    // options.className is what Leaflet uses if the layer is (re-)added later.
    layer.options.className = classes;
    if (layer._path) {
      layer._path.setAttribute("class", (layer.options.interactive ? "leaflet-interactive " : "") + classes);
    }
  }

  var daysBetween = A.daysBetween;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return key in values ? values[key] : ""; });
  }

  function planKey(plan) {
    return plan ? plan.state + "|" + plan.status + "|" + plan.planned : "";
  }

  var PANES = [["sm-context", 340], ["sm-provinces", 350], ["sm-zones", 400], ["sm-labels", 420],
    ["sm-moves", 430], ["sm-leaders", 440], ["sm-sites", 450], ["sm-incidents", 460], ["sm-names", 470]];
  var LABEL_LIMIT = 150; // more point sites than this in view: names would only cover the map
  var SYMBOL_HALF = 10; // px: half the box a site's symbol occupies (its ring included, drawn round it)

  // `first`: the page's first request (step), if it came before the data: the view it wants is set before
  // any layer is drawn.
  function SiteMap(map, data, first) {
    this.map = map;
    this.data = data;
    this.styles = data.styles;
    this.t = data.styles.labels;
    this.dir = data.styles.lang === "ar" ? "rtl" : "ltr";
    this.renderers = {};
    this._heldTruth = new Set(); // sites whose attributes wait for an idle moment (_writeHeldSoon)
    this.texts = {}; // records' whole entries, by id, from the parts fetched so far (_loadTexts)
    this.textParts = {}; // part number -> its fetch
    if (data.text_parts) {
      // Cut to codes of grade and date precision (mapview/texts.py), in the order of codes.record; the
      // words come with their part.
      var cut = data.records, ids = cut.ids || data.codes.record, records = {};
      ids.forEach(function (id, i) {
        records[id] = { grade: cut.grades[cut.grade[i]], date_precision: cut.precisions[cut.precision[i]],
          part: Math.floor(i / cut.per_part) };
      });
      data.records = records;
    }
    A.expandSites(data); // the intervals as compact.py sent them, back to answers.js's rows
    this._idle = null;
    this.boundsKey = "null";
    this.day = null;
    var self = this;
    var points = data.sites.filter(function (site) { return !site.geometry; }).length;
    this.canvas = points > CANVAS_FROM;
    map.getContainer().setAttribute("data-sites-drawn-on", this.canvas ? "canvas" : "svg");
    PANES.forEach(function (spec) {
      var pane = map.getPane(spec[0]) || map.createPane(spec[0]);
      pane.style.zIndex = spec[1];
      if (spec[0] === "sm-labels" || spec[0] === "sm-names" || spec[0] === "sm-leaders") pane.style.pointerEvents = "none";
      // SVG, where the CSS classes below restyle a site and each site is an element a keyboard reaches and
      // a test reads; the point sites of a large map on a canvas (CANVAS_FROM).
      self.renderers[spec[0]] = spec[0] === "sm-sites" && self.canvas
        ? new CanvasRenderer({ pane: spec[0] }) : new Renderer({ pane: spec[0] });
    });
    this.background = [];  // names of countries, cities and governorates: {text, at}
    this._siteSheet();
    this._addControls(); // the legend first: the fit keeps clear of it
    this.pendingFit = null;
    // The frame's size and the view before any layer: each layer is then placed once. Fitted after them,
    // every path was placed again, and again when the frame was filled (at 10,000 sites, some 0.5 s of
    // the first paint in Chromium's profiler).
    if (first && first.fill) this._fill();
    if (first && first.bounds) this.boundsKey = JSON.stringify(first.bounds);
    this._fit((first && first.bounds) || data.bounds);
    this._drawContext();
    this._drawProvinces();
    this._drawSites();
    this._drawMoves();
    this._drawIncidents();
    this.showNames = false;
    this.nameGroup = L.layerGroup().addTo(map);
    map.on("resize", function () { if (self.pendingFit) self._fit(self.pendingFit); self._placeNames(); });
    map.on("zoomend", function () { self._placeNames(); });
    this._watchSizes();
  }

  // The map takes the whole frame, whatever height the page gave the frame (the map view, the brief).
  SiteMap.prototype._fill = function () {
    this.filled = true;
    this.map.getContainer().style.height = "100vh";
    this.map.invalidateSize({ animate: false });
  };

  // Fit to bounds, keeping clear of the legend so it hides no site. The iframe can
  // still have no size when the data arrives; then fit once it has one.
  SiteMap.prototype._fit = function (bounds) {
    var size = this.map.getSize(), side = [this.legend.getBoundingClientRect().width + 12, 12];
    // Glide to a newly chosen governorate; just appear at the first view.
    var animate = this.day !== null;
    if (size.x < 50 || size.y < 50) {
      this.pendingFit = bounds;
      return;
    }
    this.pendingFit = null;
    if (size.x < 2 * side[0]) side = [12, 12];
    this.map.fitBounds(bounds, { paddingTopLeft: [12, 12], paddingBottomRight: side, animate: animate });
  };

  var PROTOCOL = "posture-map/1";
  var DIRECT = "postureMapReceive"; // the protocol as a function on the map's window (listen)

  // A map whose data travels inside its script (a session's uploads): drawn at once.
  SiteMap.create = function (map, data) {
    var drawn = new SiteMap(map, data);
    drawn.ready = drawn; // the same face as SiteMap.load's loader
    drawn.status = "drawn";
    listen(drawn);
    announce(drawn.status);
    return drawn;
  };

  function announce(status) {
    if (window.parent && window.parent !== window) {
      // "/": this page's own origin only, which also works from a file, whose origin has no name.
      window.parent.postMessage({ protocol: PROTOCOL, type: "ready", status: status }, "/");
    }
  }

  // Messages from the page (see the header): only its own origin, only this protocol.
  function receive(loader, message) {
    if (!message || message.protocol !== PROTOCOL) return;
    if (message.type === "hello" && loader.status) announce(loader.status);
    else if (message.type === "scrub") loader.scrub(message.date, message.future);
    else if (message.type === "release") loader.release();
    else if (message.type === "step" && message.request) loader.step(message.request);
  }

  function listen(loader) {
    window.addEventListener("message", function (event) {
      if (event.origin === window.origin) receive(loader, event.data);
    });
    // The same messages as a call, for a page of this map's own origin (only such a page can reach a
    // frame's properties). A posted message waits until the browser has drawn the page's next frame, and
    // at 1,000 sites that wait was most of a drag's frame (35 ms of 35): called, the map restyles
    // in the scrubber's own input event and is drawn in the same frame.
    window[DIRECT] = function (message) { receive(loader, message); };
  }

  SiteMap.load = function (map, url, labels) {
    var loader = {
      ready: null,
      status: null, // "drawn" or "failed", once known
      pending: null,
      step: function (request) {
        if (this.ready) this.ready.step(request);
        else this.pending = request;
      },
      scrub: function (day, future) {
        if (this.ready) this.ready.scrub(day, future);
      },
      release: function () {
        if (this.ready) this.ready.release();
      },
    };
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        loader.ready = new SiteMap(map, data, loader.pending);
        if (loader.pending) loader.ready.step(loader.pending);
        loader.pending = null;
        loader.status = "drawn";
        announce(loader.status);
      })
      .catch(function (error) {
        // Said on the map itself: a blank map must not pass for "no sites".
        var Failure = L.Control.extend({
          options: { position: "topright" },
          onAdd: function () {
            return el("div", { id: "map-error", class: "map-asof leaflet-bar", role: "alert",
              dir: labels.dir, lang: labels.lang }, [fill(labels.map_error, { reason: error.message })]);
          },
        });
        new Failure().addTo(map);
        loader.status = "failed";
        announce(loader.status);
        if (window.console) console.error(error);
      });
    listen(loader);
    return loader;
  };

  // Countries around the map and reference cities, so a screenshot says where it is.
  SiteMap.prototype._drawContext = function () {
    var context = this.data.context || { countries: [], cities: [] }, self = this, rtl = this.dir === "rtl";
    var shown = this.data.shown_countries || [];
    context.countries.forEach(function (country) {
      if (shown.indexOf(country.code) < 0) {
        L.geoJSON({ type: "Feature", geometry: country.geometry }, {
          pane: "sm-context", renderer: self.renderers["sm-context"], interactive: false,
          style: function () {
            return { color: "#a8a8a8", weight: 1, fillColor: "#e8e8e4", fillOpacity: 1, className: "country country-" + country.code };
          },
        }).addTo(self.map);
      }
      var text = el("span", { class: "country-label-text", lang: self.styles.lang }, [rtl ? country.name_ar : country.name_en]);
      nameMarker([country.label[1], country.label[0]], {
        pane: "sm-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "country-label country-label-" + country.code, html: text, iconSize: [0, 0] }),
      }).addTo(self.map);
      self.background.push({ text: text, at: L.latLng(country.label[1], country.label[0]) });
    });
    context.cities.forEach(function (city) {
      var text = el("span", { class: "city-label-text", lang: self.styles.lang }, [rtl ? city.name_ar : city.name_en]);
      nameMarker([city.point[1], city.point[0]], {
        pane: "sm-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "city-label" + (rtl ? " rtl" : ""), html: el("span", {}, [el("i", { class: "city-dot" }), text]),
          iconSize: [0, 0] }),
      }).addTo(self.map);
      self.background.push({ text: text, at: L.latLng(city.point[1], city.point[0]) });
    });
  };

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function covered(box, boxes) {
    var total = 0;
    boxes.forEach(function (b) {
      var w = Math.min(box.x1, b.x1) - Math.max(box.x0, b.x0), h = Math.min(box.y1, b.y1) - Math.max(box.y0, b.y0);
      if (w > 0 && h > 0) total += w * h;
    });
    return total;
  }

  // Where a label of size (w, h) may go round a point: near first, the reading side first.
  function candidates(p, w, h, rtl) {
    var out = [], angles = rtl ? [180, 0, 90, 270, 135, 45, 225, 315, 160, 20, 200, 340] : [0, 180, 90, 270, 45, 135, 315, 225, 20, 160, 340, 200];
    [SYMBOL_HALF + 3, 22, 36, 52, 72, 96, 124].forEach(function (d) {
      angles.forEach(function (a) {
        var r = (a * Math.PI) / 180, cx = p.x + Math.cos(r) * d, cy = p.y - Math.sin(r) * d;
        // The label's nearest edge, not its centre, sits at distance d.
        var x0 = Math.cos(r) > 0.3 ? cx : Math.cos(r) < -0.3 ? cx - w : cx - w / 2;
        var y0 = Math.sin(r) > 0.3 ? cy - h : Math.sin(r) < -0.3 ? cy : cy - h / 2;
        out.push({ x0: x0, y0: y0, x1: x0 + w, y1: y0 + h, d: d });
      });
    });
    return out;
  }

  // Names of the sites in view that are not quiet (the engine's answer: nothing current there), each
  // placed clear of the symbols and of the names placed before it; a name set far from its site gets a
  // leader line. Zones follow, clear of the sites' names. A quiet site is named in its tooltip only.
  SiteMap.prototype._placeNames = function () {
    var self = this, map = this.map;
    this.nameGroup.clearLayers();
    if (!this.showNames || !this.items) return this._clearBackground([]);
    var shown = this.items.filter(function (i) { return i.visible; });
    var points = shown.filter(function (i) { return !i.site.geometry; });
    var named = shown.filter(function (i) { return !i.site.geometry && !i.state.quiet; });
    var zones = shown.filter(function (i) { return i.site.geometry && !i.state.quiet; });
    if (points.length > LABEL_LIMIT) return this._clearBackground([]);
    var size = map.getSize(), rtl = this.dir === "rtl";
    var view = { x0: 0, y0: 0, x1: size.x, y1: size.y };
    var obstacles = points.map(function (i) {
      var p = map.latLngToContainerPoint(i.site.anchor);
      return { x0: p.x - SYMBOL_HALF, y0: p.y - SYMBOL_HALF, x1: p.x + SYMBOL_HALF, y1: p.y + SYMBOL_HALF };
    });
    // Everything read from the page is read here, before anything is written: a read after a write makes
    // the browser lay the page out again, and reading each name's size between adding names did that once
    // a name (most of a drag's frame at 35 sites).
    var taken = [], legend = this._legendBox();
    if (legend) taken.push(legend);
    var wanted = named.map(function (item) { return { item: item, kind: "site-label" }; })
      .concat(zones.map(function (item) { return { item: item, kind: "zone-label" }; }));
    wanted.forEach(function (w) { w.name = rtl ? w.item.site.name_ar : w.item.site.name_en; });
    var sizes = this._measureNames(wanted), unnamed = [];
    function place(w) {
      var item = w.item, kind = w.kind, name = w.name, measured = sizes.get(kind + "\u0000" + name);
      var width = measured[0] + 2, height = measured[1] + 2, p = map.latLngToContainerPoint(item.site.anchor);
      var options = kind === "zone-label" ? [{ x0: p.x - width / 2, y0: p.y - height / 2, x1: p.x + width / 2, y1: p.y + height / 2, d: 0 }] : [];
      options = options.concat(candidates(p, width, height, rtl));
      var blockers = kind === "zone-label" ? taken : obstacles.concat(taken);
      var best = null, bestCost = Infinity;
      for (var k = 0; k < options.length; k++) {
        var box = options[k], inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= view.x1 && box.y1 <= view.y1;
        var cost = covered(box, blockers) + (inside ? 0 : 1e6);
        if (cost === 0) { best = box; bestCost = 0; break; }
        if (cost < bestCost) { best = box; bestCost = cost; }
      }
      if (bestCost > 0) {
        // Nowhere within reach is clear: no name rather than one over another (the tooltip names it,
        // and zooming in makes room), as on the slides.
        unnamed.push(item.site.id);
        return;
      }
      taken.push(best);
      var at = map.containerPointToLatLng([best.x0, best.y0]);
      var label = el("span", { class: kind + " " + kind + "-" + item.site.id, dir: self.dir, lang: self.styles.lang }, [name]);
      self.nameGroup.addLayer(nameMarker(at, {
        pane: "sm-names", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "name-anchor", html: label, iconSize: [0, 0], iconAnchor: [0, 0] }),
      }));
      if (best.d > SYMBOL_HALF + 8) {
        var end = map.containerPointToLatLng([Math.max(best.x0, Math.min(p.x, best.x1)), Math.max(best.y0, Math.min(p.y, best.y1))]);
        self.nameGroup.addLayer(L.polyline([item.site.anchor, end], {
          pane: "sm-leaders", renderer: self.renderers["sm-leaders"], interactive: false,
          color: "#555", weight: 1, className: "name-leader",
        }));
      }
    }
    wanted.forEach(place);
    this._clearBackground(taken.concat(obstacles));
    // The size the names were placed for: the frame can change size a moment before Leaflet hears of it.
    map.getContainer().setAttribute("data-names-at", size.x + "x" + size.y);
    map.getContainer().setAttribute("data-unnamed", unnamed.join(" "));
  };

  // The sizes _placeNames keeps hold only while the names' style does: Leaflet's style sheet can come in
  // after the map is drawn (its line height took a country's name from 27 px to 24), and so can a font;
  // the legend folds and unfolds. A probe of each kind of name, every background name and the legend are
  // watched; when one changes size, every size is read again and the names placed again. Without
  // ResizeObserver nothing is kept.
  SiteMap.prototype._watchSizes = function () {
    this._sizesWatched = false;
    if (!window.ResizeObserver) return;
    var self = this, container = this.map.getContainer();
    // Its first report (sizes as first laid out) counts too: names may have been measured before that.
    var watcher = new ResizeObserver(function () {
      self._forgetSizes();
      if (self.day !== null) self._placeNames();
    });
    ["site-label", "zone-label"].forEach(function (kind) {
      var probe = el("span", { class: "name-probe-" + kind, "aria-hidden": "true",
        style: "position:absolute;visibility:hidden;left:-9999px" }, ["Mg \u0645\u0633"]);
      container.appendChild(probe);
      watcher.observe(probe);
    });
    this.background.forEach(function (label) { watcher.observe(label.text); });
    if (this.legend) watcher.observe(this.legend);
    this._sizesWatched = true;
  };

  // What _placeNames keeps of the page's layout: names' sizes, the legend's box, where background names sit.
  SiteMap.prototype._forgetSizes = function () {
    this._nameSizes = null;
    this._legendAt = null;
    this.background.forEach(function (label) { label.offset = null; });
  };

  // The legend's box in the map's frame, kept until the legend (_watchSizes) or the map changes size.
  SiteMap.prototype._legendBox = function () {
    var size = this.map.getSize(), key = size.x + "x" + size.y;
    if (this._sizesWatched && this._legendAt && this._legendAt.key === key) return this._legendAt.box;
    var legend = this.legend && this.legend.getBoundingClientRect(), frame = this.map.getContainer().getBoundingClientRect();
    var box = legend && legend.width ? { x0: legend.left - frame.left, y0: legend.top - frame.top,
      x1: legend.right - frame.left, y1: legend.bottom - frame.top } : null;
    this._legendAt = { key: key, box: box };
    return box;
  };

  // The size of each name as its label draws it, measured once: a name's size does not change with the
  // date, and a drag places the names again on most of its frames. The names not yet measured are set
  // out together and read together, so the page is laid out once for all of them.
  SiteMap.prototype._measureNames = function (wanted) {
    var kept = this._nameSizes || (this._nameSizes = new Map()), sizes = new Map(), fresh = new Map();
    wanted.forEach(function (w) {
      var key = w.kind + "\u0000" + w.name;
      if (kept.has(key)) sizes.set(key, kept.get(key));
      // Each on its own, as a label is drawn on its own (an absolute box in the map's frame, never wrapped).
      else if (!fresh.has(key)) fresh.set(key, el("span", { class: w.kind, style: "position:absolute;visibility:hidden;left:-9999px" }, [w.name]));
    });
    if (!fresh.size) return sizes;
    var together = document.createDocumentFragment(), keep = this._sizesWatched;
    fresh.forEach(function (span) { together.appendChild(span); });
    this.map.getContainer().appendChild(together);
    fresh.forEach(function (span, key) {
      var size = [span.offsetWidth, span.offsetHeight];
      sizes.set(key, size);
      if (keep) kept.set(key, size);
    });
    fresh.forEach(function (span) { span.remove(); });
    return sizes;
  };

  // Names of governorates, cities and countries are background: one that a site's or zone's name, a
  // site's symbol or the legend covers is hidden rather than left half-read under it (a city keeps its
  // dot). Boxes are worked out from positions on the map, as the names' are: while Leaflet pans or zooms,
  // what the page shows is not yet where things will be. Only where the text sits in its marker (CSS
  // centring, a city's dot) is read from the page, and that does not move: it is read once a label.
  SiteMap.prototype._clearBackground = function (front) {
    var map = this.map, keep = this._sizesWatched, offsets = new Map();
    this.background.forEach(function (label) {
      if (label.offset) return offsets.set(label, label.offset);
      var marker = label.text.closest(".leaflet-marker-icon");
      if (!marker) return;
      var r = label.text.getBoundingClientRect(), m = marker.getBoundingClientRect();
      // A label hidden as under a name keeps its box; one not laid out yet (no width) is read next time.
      if (!r.width) return;
      offsets.set(label, { x: r.left - m.left, y: r.top - m.top, w: r.width, h: r.height });
      if (keep) label.offset = offsets.get(label);
    });
    this.background.forEach(function (label) {
      var o = offsets.get(label), under = false;
      if (o && front.length) {
        var p = map.latLngToContainerPoint(label.at), box = { x0: p.x + o.x, y0: p.y + o.y, x1: p.x + o.x + o.w, y1: p.y + o.y + o.h };
        under = front.some(function (f) { return f && overlaps(box, f); });
      }
      label.text.classList.toggle("under-name", under);
    });
  };

  SiteMap.prototype._drawProvinces = function () {
    L.geoJSON(this.data.provinces, {
      pane: "sm-provinces",
      renderer: this.renderers["sm-provinces"],
      interactive: false,
      style: function (feature) {
        return {
          color: "#7a7a7a", weight: 1, fillColor: "#f3efe6", fillOpacity: 0.45,
          className: "province province-" + feature.properties.code,
        };
      },
    }).addTo(this.map);
    this.data.province_labels.forEach(function (label) {
      var text = el("span", { class: "province-label-text" }, [label[2]]);
      nameMarker([label[0], label[1]], {
        pane: "sm-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "province-label", html: text, iconSize: [0, 0] }),
      }).addTo(this.map);
        this.background.push({ text: text, at: L.latLng(label[0], label[1]) });
    }, this);
  };

  SiteMap.prototype._record = function (recordId) {
    return (recordId && this.data.records[recordId]) || null;
  };

  // A record's whole entry (summaries, note, citations): in the map's data, or, when the data names
  // text_parts (mapview/texts.py), from its part once fetched (_loadTexts); null until then.
  SiteMap.prototype._text = function (recordId) {
    var record = this._record(recordId);
    if (!record || !this.data.text_parts) return record;
    return this.texts[recordId] || null;
  };

  // The parts holding these records' words, each fetched once (a failed fetch is tried again next time).
  SiteMap.prototype._loadTexts = function (recordIds) {
    var self = this, wanted = {};
    recordIds.forEach(function (id) {
      var record = self._record(id);
      if (record && !self.texts[id]) wanted[record.part] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (part) {
      if (!self.textParts[part]) {
        self.textParts[part] = fetch(self.data.text_parts[part], { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          })
          .then(function (entries) { Object.assign(self.texts, entries); })
          .catch(function (error) {
            delete self.textParts[part];
            throw error;
          });
      }
      return self.textParts[part];
    }));
  };

  // Content that quotes records (a popup, an incident's tooltip): built at once when their words are
  // here; otherwise a line saying they are on their way, replaced by the content when they arrive, or by
  // why they could not be fetched. `shown`: the popup or tooltip, re-laid out for its new content.
  SiteMap.prototype._withTexts = function (recordIds, build, shown) {
    var self = this, missing = recordIds.filter(function (id) { return self._record(id) && !self._text(id); });
    if (!missing.length) return build();
    var holder = el("div", { class: "sm-pop sm-loading", dir: this.dir, role: "status" }, [this.t.map_loading]);
    this._loadTexts(missing).then(function () {
      // Leaflet's update() asks this content again, and the words are here now; a popup closed
      // meanwhile is built afresh when next opened.
      if (shown && shown.isOpen && shown.isOpen()) shown.update();
      else holder.replaceWith(build());
    }, function (error) {
      // Said in place: update() would ask for the content again, and so fetch again at once. The next
      // opening tries again.
      holder.textContent = fill(self.t.map_text_error, { reason: error.message });
      holder.setAttribute("role", "alert");
    });
    return holder;
  };

  SiteMap.prototype._gradeOf = function (recordId) {
    var record = this._record(recordId);
    return record ? record.grade : null;
  };

  SiteMap.prototype._drawSites = function () {
    var self = this;
    this.siteGroup = L.layerGroup().addTo(this.map);
    this.ringGroup = L.layerGroup().addTo(this.map);
    this.items = this.data.sites.map(function (site, index) {
      var item = { site: site, index: index, visible: true, planKey: "", look: "", state: A.NONE, rows: [],
        starts: site.starts || A.startDays(site.intervals || []) };
      // Colours and strokes come from the sheet by class (_siteSheet); the layer holds only its shape. On a
      // canvas, the layer holds its look too.
      var options = Object.assign({ className: self._classes(item), siteId: site.id }, self._shapeOf(item));
      var look = self.canvas && !site.geometry && self._canvasLook(item);
      if (look) Object.assign(options, { shape: look.shape, radius: look.radius, stroke: look.stroke, weight: look.weight });
      if (site.geometry) {
        options.pane = "sm-zones";
        options.renderer = self.renderers["sm-zones"];
        item.layer = L.GeoJSON.geometryToLayer({ type: "Feature", geometry: site.geometry }, options);
      } else {
        options.pane = "sm-sites";
        options.renderer = self.renderers["sm-sites"];
        options.relative = !self.canvas;
        item.layer = new ShapeMarker(site.anchor, options);
        if (look) item.layer._look = look;
      }
      item.shape = self._shapeKey(item);
      item.layer.bindTooltip(function () { return self._tooltip(item); }, {
        direction: "top", sticky: !!site.geometry, className: "sm-tooltip", opacity: 1,
      });
      item.layer.bindPopup(function () {
        var s = item.state, quoted = [s.record].concat(s.contestedBy, s.plan ? [s.plan.record] : []);
        return self._withTexts(quoted, function () { return self._popup(item); }, item.layer.getPopup());
      }, { maxWidth: 400, className: "sm-popup" });
      // A keyboard user reaches every site with Tab and opens its evidence with Enter.
      item.layer.on("add", function () { self._focusable(item); });
      item.ring = new ShapeMarker(site.anchor, {
        pane: "sm-sites", renderer: self.renderers["sm-sites"], interactive: false,
        radius: 13, fill: false, className: "sm-ring ring-" + site.id, relative: !self.canvas,
      });
      return item;
    });
    // Zones largest first, so a small zone inside a large one stays within reach; points last.
    this.items.slice().sort(function (a, b) { return b.site.area - a.site.area; }).forEach(function (item) {
      self.siteGroup.addLayer(item.layer);
    });
  };

  SiteMap.prototype._focusable = function (item) {
    var path = item.layer._path, self = this;
    if (!path || path.getAttribute("tabindex") === "0") {
      if (path) {
        item.markKey = null;
        this._writeTruth(item);
      }
      return;
    }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        item.layer.openPopup(item.site.geometry ? L.latLng(item.site.anchor) : undefined);
      }
    });
    path.addEventListener("focus", function () {
      self._writeTruth(item); // a description held back while the thumb moved (_show) is written now
      item.layer.openTooltip(item.site.geometry ? L.latLng(item.site.anchor) : undefined);
    });
    path.addEventListener("blur", function () { item.layer.closeTooltip(); });
    item.markKey = null;
    this._writeTruth(item);
  };

  SiteMap.prototype._describe = function (item) {
    if (!item.layer._path) return;
    var name = this.dir === "rtl" ? item.site.name_ar : item.site.name_en;
    item.layer._path.setAttribute("aria-label", fill(this.t.map_site_hint, { name: name, status: this._statusLine(item.state) }));
  };

  SiteMap.prototype._classes = function (item) {
    var s = item.state, grade = this._gradeOf(s.record);
    return "site site-" + item.site.id + " " + lookClass(this._lookOf(item)) + " status-" + (s.status || "none") + (s.quiet ? " quiet" : "") +
      (item.site.geometry ? " zone" : " point") + (s.plan ? " plan-" + s.plan.state : "") +
      (grade ? " grade-" + grade : "") + (s.stale ? " stale" : "") + (s.contestedBy.length ? " contested" : "");
  };

  // What the engine answered, on the element itself: tests and tools read it there.
  SiteMap.prototype._mark = function (item) {
    var path = item.layer._path, s = item.state;
    if (!path) return;
    path.setAttribute("data-status", s.status || "none");
    path.setAttribute("data-since", s.since || "");
    path.setAttribute("data-stale", s.stale ? "true" : "false");
    path.setAttribute("data-contested", s.contestedBy.join(" "));
    path.setAttribute("data-plan", s.plan ? s.plan.state : "");
    path.setAttribute("data-last-reported", s.last || "");
    path.setAttribute("data-quiet", s.quiet ? "true" : "false");
  };

  // What a site's symbol shows of its answer; _classes writes the same facts as classes.
  SiteMap.prototype._lookOf = function (item) {
    var s = item.state;
    return { status: s.status, unconfirmed: this._gradeOf(s.record) === "C", stale: !!s.stale,
      contested: s.contestedBy.length > 0, quiet: !!s.quiet, zone: !!item.site.geometry };
  };

  // A point's look on a canvas: _siteStyle's answer as Leaflet's path options, one object a look, shared.
  SiteMap.prototype._canvasLook = function (item) {
    var look = this._lookOf(item), key = lookClass(look) + (look.quiet ? "-quiet" : "");
    var looks = this._canvasLooks || (this._canvasLooks = {});
    if (!looks[key]) {
      var st = this._siteStyle(look);
      looks[key] = { shape: st.shape, radius: st.radius, stroke: true, color: st.color, weight: st.weight,
        opacity: st.opacity === undefined ? 1 : st.opacity, fill: true, fillColor: st.fillColor,
        fillOpacity: st.fillOpacity, dashArray: st.dashArray || null, lineCap: "round",
        rank: this._rank = (this._rank || 0) + 1 }; // its place in the canvas's drawing order, for good
      looks[key]._dashArray = dashes(st.dashArray);
    }
    return looks[key];
  };

  // A plan's ring on a canvas (_ringStyle's look), or no ring: a look with no stroke.
  SiteMap.prototype._canvasRingLook = function (plan) {
    var key = plan ? plan.state + "|" + plan.status : "", looks = this._ringLooks || (this._ringLooks = {});
    if (!looks[key]) {
      var st = plan ? this._ringStyle(plan) : { color: "#000", weight: 0, opacity: 0, lineCap: "round" };
      looks[key] = { shape: "circle", radius: 13, stroke: !!plan, color: st.color, weight: st.weight,
        opacity: st.opacity, fill: false, fillColor: null, fillOpacity: 0, dashArray: st.dashArray || null,
        _dashArray: dashes(st.dashArray), lineCap: st.lineCap, rank: this._rank = (this._rank || 0) + 1 };
    }
    return looks[key];
  };

  // The classes a site has now: its element's on an SVG map; on a canvas, those its look was drawn from.
  SiteMap.prototype.siteClasses = function (id) {
    if (!this._byId) this._byId = new Map(this.items.map(function (i) { return [i.site.id, i]; }));
    var item = this._byId.get(id);
    if (!item) return null;
    return item.layer._path ? item.layer._path.getAttribute("class") : this._classes(item);
  };

  SiteMap.prototype._shapeOf = function (item) {
    if (item.site.geometry) return {};
    var style = this._siteStyle(this._lookOf(item));
    return { shape: style.shape, radius: style.radius };
  };

  SiteMap.prototype._shapeKey = function (item) {
    var shape = this._shapeOf(item);
    return shape.shape + "|" + shape.radius;
  };

  SiteMap.prototype._siteStyle = function (look) {
    var status = look.status, drawn = this.styles.status[status || "none"];
    var unconfirmed = look.unconfirmed, weak = this.styles.unconfirmed;
    var stale = this.styles.stale, contested = this.styles.contested;
    var style;
    if (look.zone) {
      var opacity = this.styles.zone_opacity;
      style = {
        color: drawn.stroke, weight: 2, opacity: 0.95, dashArray: unconfirmed ? weak.dash : drawn.dash,
        fillColor: drawn.color, fillOpacity: status ? (unconfirmed ? opacity / 3 : opacity) : 0.06,
      };
    } else if (!status) {
      return { shape: "ring", radius: 4.5, color: drawn.color, weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.9,
        dashArray: null };
    } else if (unconfirmed) {
      // Grade C: hollow and dashed, never solid fact.
      style = { shape: drawn.shape, radius: 7, color: drawn.stroke, weight: 2, fillColor: weak.fill, fillOpacity: 1,
        dashArray: weak.dash };
    } else {
      style = { shape: drawn.shape, radius: 7, color: "#1a1a1a", weight: 1.2, fillColor: drawn.color, fillOpacity: 1,
        dashArray: null };
    }
    if (look.stale) {
      // Months without a report: faded, so it never reads as current.
      style.fillOpacity = style.fillOpacity * stale.fill_opacity;
      style.color = stale.stroke;
      style.dashArray = stale.dash;
    }
    if (look.quiet && !look.zone) style.radius = 4.5; // nothing current: smaller, and unnamed
    if (look.contested) {
      style.color = contested.stroke;
      style.weight = contested.weight;
      style.dashArray = contested.dash;
    }
    return style;
  };

  // Every look a site can have, as CSS rules worked out by _siteStyle: a site then changes its colours and
  // strokes by its class alone (one attribute), where Leaflet's setStyle writes nine, and a scrub over
  // 1,000 sites spent most of its time in those writes. CSS outranks the SVG attributes Leaflet writes
  // when a layer is added.
  var CSS_VALUE = /^[#\w.,\s()%-]+$/;

  // One class names the whole look, so the browser matches each site against one rule, not all of them.
  function lookClass(look) {
    return "look-" + (look.status || "none") + (look.zone ? "-zone" : "-point") + (look.unconfirmed ? "-c" : "") +
      (look.stale ? "-stale" : "") + (look.contested ? "-contested" : "");
  }

  SiteMap.prototype._siteSheet = function () {
    var self = this, rules = [], flags = [false, true];
    function value(v) {
      var text = String(v);
      if (!CSS_VALUE.test(text)) throw new Error("not a CSS value: " + text);
      return text;
    }
    // Every look a site can take: each status, zone or point, with or without each mark.
    var looks = [];
    Object.keys(this.styles.status).forEach(function (status) {
      flags.forEach(function (zone) { flags.forEach(function (unconfirmed) { flags.forEach(function (stale) {
        flags.forEach(function (contested) { flags.forEach(function (quiet) {
          looks.push({ status: status === "none" ? null : status, unconfirmed: unconfirmed, stale: stale,
            contested: contested, quiet: quiet, zone: zone });
        }); });
      }); }); });
    });
    looks.forEach(function (look) {
      var st = self._siteStyle(look);
      if (!look.quiet) { // colours and strokes: a quiet site's are those of its look
        rules.push("path.site." + lookClass(look) + " { stroke: " + value(st.color) +
          "; stroke-width: " + value(st.weight) + "px; stroke-opacity: " + value(st.opacity === undefined ? 1 : st.opacity) +
          "; fill: " + value(st.fillColor) + "; fill-opacity: " + value(st.fillOpacity) +
          "; stroke-dasharray: " + (st.dashArray ? value(st.dashArray) : "none") + "; }");
      }
      if (!look.zone) {
        // A point's outline (CSS `d`), about the origin (ShapeMarker's `relative`): its status's shape,
        // smaller when quiet. Where the browser has no `d` property these rules are ignored and the
        // outline is written.
        rules.push("path.site.point." + lookClass(look) + (look.quiet ? ".quiet" : ":not(.quiet)") +
          ' { d: path("' + value(shapePath(st.shape, 0, 0, st.radius)) + '"); }');
      }
    });
    // A plan's ring too: a class change restyles it. Through Leaflet's setStyle it cost eight attributes and
    // a redrawn outline a ring (CircleMarker.setStyle sets the radius again), on every ring at every step.
    Object.keys(this.styles.plan).forEach(function (state) {
      Object.keys(self.styles.status).forEach(function (status) {
        var st = self._ringStyle({ state: state, status: status });
        rules.push("path.sm-ring.plan-" + state + ".plan-status-" + status + " { stroke: " + value(st.color) +
          "; stroke-width: " + value(st.weight) + "px; stroke-opacity: " + value(st.opacity) +
          "; stroke-linecap: " + value(st.lineCap) + "; fill: none; stroke-dasharray: " +
          (st.dashArray ? value(st.dashArray) : "none") + "; }");
      });
    });
    var sheet = document.getElementById("sm-site-looks") || document.head.appendChild(el("style", { id: "sm-site-looks" }));
    sheet.textContent = rules.join("\n");
  };

  SiteMap.prototype._ringStyle = function (plan) {
    var look = this.styles.plan[plan.state];
    var color = look.color === "status" ? this.styles.status[plan.status].stroke : look.color;
    return { color: color, weight: look.weight, dashArray: look.dash, lineCap: "round", opacity: 1 };
  };

  SiteMap.prototype._drawMoves = function () {
    var self = this, look = this.styles.move;
    this.moveGroup = L.layerGroup().addTo(this.map);
    this.moves = this.data.moves.map(function (move) { // [from, to, start, end, record]
      var from = self.data.sites[move[0]], to = self.data.sites[move[1]];
      var cls = "move move-" + from.id + "-" + to.id + (self._gradeOf(move[4]) === "C" ? " grade-C" : "");
      var line = L.polyline([from.anchor, to.anchor], {
        pane: "sm-moves", renderer: self.renderers["sm-moves"], className: cls,
        color: look.color, weight: look.weight, dashArray: look.dash,
        opacity: self._gradeOf(move[4]) === "C" ? self.styles.unconfirmed.opacity : 1,
      });
      var head = new ArrowHead(to.anchor, {
        pane: "sm-moves", renderer: self.renderers["sm-moves"], from: L.latLng(from.anchor),
        radius: 5, className: "move-head move-head-" + from.id + "-" + to.id, color: look.color, weight: 1,
        fillColor: look.color, fillOpacity: 1, interactive: false,
      });
      line.bindTooltip(function () { return self._moveTooltip(move); }, { sticky: true, className: "sm-tooltip", opacity: 1 });
      line.bindPopup(function () {
        return self._withTexts([move[4]], function () { return self._movePopup(move); }, line.getPopup());
      }, { maxWidth: 400, className: "sm-popup" });
      return { move: move, group: L.layerGroup([line, head]), shown: false };
    });
  };

  // One burst per site with incidents, beside its symbol; it shows the site's incidents of the
  // last styles.incident.days days and fades as the latest one ages.
  SiteMap.prototype._drawIncidents = function () {
    var self = this, look = this.styles.incident;
    this.incidentGroup = L.layerGroup().addTo(this.map);
    var bySite = {};
    this.data.incidents.forEach(function (inc) { // [site index, date, end, record]
      (bySite[inc[0]] = bySite[inc[0]] || []).push(inc);
    });
    this.bursts = Object.keys(bySite).map(function (key) {
      var site = self.data.sites[+key];
      var burst = { site: site, index: +key, list: bySite[key], shown: [], key: "" };
      burst.marker = new ShapeMarker(site.anchor, {
        pane: "sm-incidents", renderer: self.renderers["sm-incidents"], shape: look.shape, radius: 6,
        offset: [11, -11], color: look.stroke, weight: 1.2, fillColor: look.colour, fillOpacity: 1,
        className: "incident incident-" + site.id,
      });
      burst.marker.bindTooltip(function () {
        return self._withTexts(burst.shown.map(function (inc) { return inc[3]; }),
          function () { return self._incidentTooltip(burst); }, burst.marker.getTooltip());
      }, {
        direction: "top", className: "sm-tooltip", opacity: 1, offset: [11, -14] });
      burst.marker.bindPopup(function () {
        return self._withTexts(burst.shown.map(function (inc) { return inc[3]; }),
          function () { return self._incidentPopup(burst); }, burst.marker.getPopup());
      }, { maxWidth: 400, className: "sm-popup" });
      return burst;
    });
  };

  // ---- Controls drawn on the map, so a screenshot carries the date and the key.

  SiteMap.prototype._addControls = function () {
    var self = this;
    var AsOf = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        // aria-live: a screen reader announces each new date as the map follows it.
        self.asOf = el("div", { id: "map-asof", class: "map-asof leaflet-bar", dir: self.dir, "aria-live": "polite",
          role: "status" });
        return self.asOf;
      },
    });
    // Bottom right in both languages: the map's south-east (Iran) holds no site, while its west (the
    // Syrian bases, al-Tanf, Tower 22) is crowded; bottom left hid them in the Arabic view.
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = self.legend = self._legend();
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    new AsOf().addTo(this.map);
    new Legend().addTo(this.map);
  };

  function swatch(pathAttrs, width) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", width || 22);
    svg.setAttribute("height", 18);
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG_NS, "path");
    Object.keys(pathAttrs).forEach(function (k) { if (pathAttrs[k] !== null) path.setAttribute(k, pathAttrs[k]); });
    svg.appendChild(path);
    return svg;
  }

  SiteMap.prototype._legend = function () {
    var t = this.t, styles = this.styles, rows = [];
    styles.order.forEach(function (status) {
      var look = styles.status[status], point = status === "none"
        ? swatch({ d: shapePath("ring", 11, 9, 4.5), fill: "#fff", stroke: look.color, "stroke-width": 1.5 })
        : swatch({ d: shapePath(look.shape, 11, 9, 6), fill: look.color, stroke: "#1a1a1a", "stroke-width": 1.2 });
      var zone = swatch({
        d: "M2,3H26V15H2Z", fill: look.color, "fill-opacity": status === "none" ? 0.06 : 0.3,
        stroke: look.stroke, "stroke-width": 2, "stroke-dasharray": look.dash,
      }, 28);
      rows.push(el("div", { class: "legend-row legend-" + status }, [point, zone, el("span", {}, [t[status]])]));
    });
    rows.push(el("div", { class: "legend-row legend-unconfirmed" }, [
      swatch({ d: shapePath("circle", 11, 9, 6), fill: styles.unconfirmed.fill, stroke: "#444",
        "stroke-width": 2, "stroke-dasharray": styles.unconfirmed.dash }),
      el("span", {}, [t.legend_unconfirmed]),
    ]));
    var stale = styles.stale, contested = styles.contested;
    rows.push(el("div", { class: "legend-row legend-stale" }, [
      swatch({ d: shapePath("circle", 11, 9, 6), fill: "#777", "fill-opacity": stale.fill_opacity, stroke: stale.stroke,
        "stroke-width": 1.5, "stroke-dasharray": stale.dash }),
      el("span", {}, [t.legend_stale]),
    ]));
    rows.push(el("div", { class: "legend-row legend-contested" }, [
      swatch({ d: shapePath("circle", 11, 9, 6), fill: "#ddd", stroke: contested.stroke,
        "stroke-width": contested.weight, "stroke-dasharray": contested.dash }),
      el("span", {}, [t.legend_contested]),
    ]));
    ["pending", "confirmed", "overdue"].forEach(function (kind) {
      var look = styles.plan[kind], color = look.color === "status" ? "#444" : look.color;
      rows.push(el("div", { class: "legend-row legend-" + kind }, [
        swatch({ d: shapePath("circle", 11, 9, 7), fill: "none", stroke: color, "stroke-width": look.weight,
          "stroke-dasharray": look.dash, "stroke-linecap": "round" }),
        el("span", {}, [t["legend_" + kind]]),
      ]));
    });
    rows.push(el("div", { class: "legend-row legend-move" }, [
      swatch({ d: "M1,9H17M17,5L23,9L17,13Z", fill: styles.move.color, stroke: styles.move.color,
        "stroke-width": 2, "stroke-dasharray": null }, 26),
      el("span", {}, [t.legend_move]),
    ]));
    rows.push(el("div", { class: "legend-row legend-incident" }, [
      swatch({ d: shapePath(styles.incident.shape, 11, 9, 5), fill: styles.incident.colour,
        stroke: styles.incident.stroke, "stroke-width": 1.2 }),
      el("span", {}, [t.legend_incident]),
    ]));
    // <details open>: shown in screenshots, but the analyst can fold it away.
    return el("details", { class: "map-legend", dir: this.dir, lang: styles.lang, open: "" },
      [el("summary", { class: "legend-title" }, [t.legend])].concat(rows));
  };

  // ---- Tooltip and popup content, built as DOM from text.

  // A date as precise as its record, isolated left-to-right (U+2066..U+2069) so
  // Arabic text does not show 2025-09-15 as 15-09-2025.
  SiteMap.prototype._day = function (day, recordId) {
    var record = this._record(recordId);
    var precision = record && record.date_precision;
    if (!day) return "";
    if (precision === "year") day = day.slice(0, 4);
    else if (precision === "month") day = day.slice(0, 7);
    return "\u2066" + day + "\u2069";
  };

  SiteMap.prototype._names = function (site) {
    return [el("bdi", { lang: "en" }, [site.name_en]), " · ", el("bdi", { lang: "ar", dir: "rtl" }, [site.name_ar])];
  };

  SiteMap.prototype._gradeText = function (recordId) {
    var grade = this._gradeOf(recordId);
    return grade ? this.t.grade + " " + this.t["letter_" + grade] : "";
  };

  SiteMap.prototype._statusLine = function (state) {
    var t = this.t;
    if (!state.status) return t.none;
    var line = t[state.status] + " " + fill(t.since, { date: this._day(state.since, state.sinceRecord) });
    var grade = this._gradeOf(state.record), notes = [];
    if (grade) notes.push(this._gradeText(state.record) + (grade === "C" ? t.comma + " " + t.unconfirmed : ""));
    if (state.contestedBy.length) notes.push(t.contested_mark);
    if (notes.length) line += " (" + notes.join(t.comma + " ") + ")";
    if (state.stale) line += t.comma + " " + fill(t.last_reported, { date: this._day(state.last, null) });
    return line;
  };

  SiteMap.prototype._forcesLine = function (state) {
    if (!state.forces.length) return null;
    var names = this.data.forces_names || {}, t = this.t;
    return fill(t.forces_of, { forces: state.forces.map(function (c) { return names[c] || c; }).join(t.comma + " ") });
  };

  SiteMap.prototype._planLine = function (plan) {
    var t = this.t;
    var head = plan.state === "confirmed" ? fill(t.plan_confirmed, { record: plan.confirmedBy || "" }) : t["plan_" + plan.state];
    return head + ": " + t[plan.status] + t.comma + " " + fill(t.planned_for, { date: this._day(plan.planned, plan.record) });
  };

  SiteMap.prototype._silence = function (item) {
    // The record is silent after the site's last report: the popup says when that was, rather than
    // let the map imply nothing happened since.
    var last = item.state.last;
    return last ? fill(this.t.last_report_line, { date: this._day(last, null) }) : null;
  };

  SiteMap.prototype._tooltip = function (item) {
    var s = item.state, lines = [
      el("div", { class: "sm-name" }, this._names(item.site)),
      el("div", { class: "sm-status" }, [this._statusLine(s)]),
    ];
    var forces = this._forcesLine(s);
    if (forces) lines.push(el("div", { class: "sm-forces" }, [forces]));
    if (s.plan) lines.push(el("div", { class: "sm-plan sm-plan-" + s.plan.state }, [this._planLine(s.plan)]));
    return el("div", { class: "sm-tip", dir: this.dir }, lines);
  };

  // The site's dossier on the page: every record about it. The map lives in a frame two levels
  // below the page's root (assets.py), so the link climbs two levels. It opens in a new tab: Streamlit's
  // component frames are sandboxed without allow-top-navigation, so a link that replaces the page does
  // nothing when clicked (allow-popups is granted), and the analyst keeps the map where it was.
  SiteMap.prototype._historyLink = function (item) {
    if (this.data.dossier === false) return null; // no dashboard behind this map (the standalone file)
    var query = "?site=" + encodeURIComponent(item.site.id) + "&date=" + encodeURIComponent(this.day || "") +
      (this.styles.lang === "ar" ? "&lang=ar" : "");
    return el("a", { class: "sm-history", href: "../../" + query, target: "_blank", rel: "noopener" }, [this.t.full_history]);
  };

  SiteMap.prototype._citation = function (citation) {
    var t = this.t, source = this.data.sources[citation.source] || {};
    var title = this.dir === "rtl" ? source.title_ar : source.title_en;
    var line = [source.publisher, title, source.published && this._day(source.published, null)]
      .filter(Boolean).join(t.comma + " ");
    if (citation.official) line += " (" + t.official + ")";
    return el("li", { class: "sm-citation sm-citation-" + source.kind }, [
      el("span", { class: "sm-source" }, [line]),
      source.url ? el("span", { class: "sm-url", dir: "ltr" }, [source.url]) : null,
      citation.quote ? el("blockquote", { class: "sm-quote", dir: "rtl", lang: "ar" }, [citation.quote]) : null,
    ]);
  };

  SiteMap.prototype._recordBlock = function (recordId) {
    var record = this._text(recordId);
    if (!record) return null;
    var t = this.t, self = this;
    var summary = this.dir === "rtl" ? record.summary_ar : record.summary_en;
    var meta = t.claim + ": " + (t[record.claim] || record.claim || "") + t.comma + " " + t.grade + ": " +
      (t["grade_" + record.grade] || record.grade);
    return el("div", { class: "sm-record grade-" + record.grade }, [
      record.origin === "user-supplied" ? el("p", { class: "sm-origin" }, [t["user-supplied"]]) : null,
      el("p", { class: "sm-summary" }, [summary || record.summary_en || ""]),
      el("p", { class: "sm-claim" }, [meta]),
      record.grade === "C" && record.note ? el("p", { class: "sm-note" }, [record.note]) : null,
      el("p", { class: "sm-source-title" }, [t.source + ":"]),
      el("ul", { class: "sm-citations" }, record.citations.map(function (c) { return self._citation(c); })),
    ]);
  };

  SiteMap.prototype._popup = function (item) {
    var s = item.state, self = this, parts = [
      el("h3", { class: "sm-name" }, this._names(item.site)),
      el("p", { class: "sm-status" }, [this._statusLine(s)]),
    ];
    var forces = this._forcesLine(s);
    if (forces) parts.push(el("p", { class: "sm-forces" }, [forces]));
    parts.push(this._recordBlock(s.record));
    if (s.contestedBy.length) {
      // Both sides, each with its grade: the record the status rests on above, those disputing it here.
      parts.push(el("p", { class: "sm-contested" }, [this.t.contested_by]));
      s.contestedBy.forEach(function (id) { parts.push(self._recordBlock(id)); });
    }
    if (s.plan) {
      parts.push(el("p", { class: "sm-plan sm-plan-" + s.plan.state }, [this._planLine(s.plan)]));
      parts.push(this._recordBlock(s.plan.record));
    }
    var silence = this._silence(item);
    if (silence) parts.push(el("p", { class: "sm-silence" }, [silence]));
    var history = this._historyLink(item);
    if (history) parts.push(el("p", { class: "sm-links" }, [history]));
    return el("div", { class: "sm-pop", dir: this.dir }, parts);
  };

  SiteMap.prototype._incidentLine = function (inc) { // [site index, date, end, record]
    var record = this._text(inc[3]) || {};
    var summary = this.dir === "rtl" ? record.summary_ar : record.summary_en;
    return this._day(inc[1], inc[3]) + " (" + this._gradeText(inc[3]) + "): " + (summary || "");
  };

  SiteMap.prototype._incidentTooltip = function (burst) {
    var self = this, names = this._names(burst.site);
    return el("div", { class: "sm-tip", dir: this.dir }, [
      el("div", { class: "sm-name" }, [this.t.incident + ": "].concat(names)),
    ].concat(burst.shown.map(function (inc) { return el("div", { class: "sm-incident" }, [self._incidentLine(inc)]); })));
  };

  SiteMap.prototype._incidentPopup = function (burst) {
    var self = this, parts = [el("h3", { class: "sm-name" }, [this.t.incident + ": "].concat(this._names(burst.site)))];
    burst.shown.slice().reverse().forEach(function (inc) { parts.push(self._recordBlock(inc[3])); });
    return el("div", { class: "sm-pop", dir: this.dir }, parts);
  };

  SiteMap.prototype._moveTitle = function (move) {
    var from = this.data.sites[move[0]], to = this.data.sites[move[1]];
    var names = this.dir === "rtl" ? [from.name_ar, to.name_ar] : [from.name_en, to.name_en];
    return this.t.legend_move + ": " + names[0] + (this.dir === "rtl" ? " ← " : " → ") + names[1] +
      " " + fill(this.t.since, { date: this._day(move[2], move[4]) });
  };

  SiteMap.prototype._moveTooltip = function (move) {
    return el("div", { class: "sm-tip", dir: this.dir }, [this._moveTitle(move)]);
  };

  SiteMap.prototype._movePopup = function (move) {
    return el("div", { class: "sm-pop", dir: this.dir }, [
      el("h3", {}, [this._moveTitle(move)]), this._recordBlock(move[4]),
    ]);
  };

  // ---- One date step: touch only what changed.

  // The scrubber's step (scrubber.js): the page's last request, on the day under the thumb. The day is
  // held until the scrubber lets go (release), so a rerun that lands mid-drag (the previous commit's,
  // or the one that brings the timeline after the first paint) cannot pull the map back to its date.
  SiteMap.prototype.scrub = function (day, future) {
    if (!this.request) return;
    this.held = { date: day, future: future };
    this._show();
  };

  SiteMap.prototype.release = function () {
    if (!this.held) return;
    this.held = null;
    if (this.request) this._show();
  };

  // A committed step, sent by the page with each rerun (restyle.py).
  SiteMap.prototype.step = function (request) {
    this.request = request;
    this._show();
  };

  // What a site shows on the row `at` of its intervals, worked out once a row: a jump across the axis at
  // 10,000 sites made a new answer, look and plan key for nearly every site, and the garbage collector
  // then took about 10 ms of the event (about 4 ms once kept, in Chromium's profiler). The answer is
  // shared by every date on the row and never changed.
  SiteMap.prototype._row = function (item, at) {
    var state = A.answerAt(item.site.intervals, at);
    return { state: state, planKey: planKey(state.plan), look: [state.status || "none", this._gradeOf(state.record),
      state.stale, state.contestedBy.join(" "), state.quiet].join("|") };
  };

  SiteMap.prototype._show = function () {
    var request = this.held ? Object.assign({}, this.request, this.held) : this.request;
    var day = request.date, self = this, visibilityChanged = false, held = !!this.held;
    var visible = request.visible ? new Set(request.visible) : null;
    var canvas = this.canvas && this.renderers["sm-sites"], dirty = emptyBox(), dayNumber = A.dayNumber(day);
    this.items.forEach(function (item) {
      // A site's whole answer is its interval's row (answers.js): on the same row and as visible as before,
      // nothing of it can differ, and a drag of a few days leaves most sites there.
      var at = A.lastStartAtOrBefore(item.starts, dayNumber), show = !visible || visible.has(item.index);
      if (at === item.at && show === item.visible) return;
      item.at = at;
      var row = item.rows[at + 1] || (item.rows[at + 1] = self._row(item, at));
      var previous = item.state, state = row.state, key = row.planKey, look = row.look;
      if (state.quiet !== previous.quiet) visibilityChanged = true; // the names to place change
      item.state = state;
      if (self.canvas && !item.site.geometry) {
        if (look !== item.look) { // drawn at the next frame
          canvas.restyle(item.layer, row.canvasLook || (row.canvasLook = self._canvasLook(item)), dirty);
        }
        item.look = look;
      } else if (look !== item.look || key !== item.planKey) {
        setClasses(item.layer, self._classes(item)); // colours and strokes follow by the sheet's rules
        if (look !== item.look) {
          var shape = self._shapeKey(item);
          if (shape !== item.shape) { // a status's own outline, or a quiet site's smaller one
            item.shape = shape;
            Object.assign(item.layer.options, self._shapeOf(item));
            item.layer._radius = item.layer.options.radius; // what Leaflet reckons its bounds by
            item.layer.reshape(); // the sheet draws the outline by class where the browser can
          }
        }
        item.look = look;
      }
      // The answer in the element's attributes (_mark, _describe) is written when it changes; while the
      // hand holds the thumb, at the next idle moment instead (_writeHeld), so that a drag's frame pays
      // only for what is seen.
      if (!item.layer._path) {
        // on a canvas: no element to write on
      } else if (held) self._heldTruth.add(item);
      else self._writeTruth(item);
      if (key !== item.planKey) {
        item.planKey = key;
        if (state.plan) { // its look follows by the sheet's rules (_siteSheet)
          setClasses(item.ring, "sm-ring ring-" + item.site.id + " plan-" + state.plan.state + " plan-status-" + state.plan.status);
        }
      }
      if (show !== item.visible) {
        item.visible = show;
        visibilityChanged = true;
        if (show) self.siteGroup.addLayer(item.layer);
        else self.siteGroup.removeLayer(item.layer);
      }
      var ringWanted = show && !!state.plan;
      if (canvas) {
        // Added once, then restyled in place: hidden is a look with no stroke.
        var ringLook = self._canvasRingLook(ringWanted ? state.plan : null);
        if (ringLook === item.ringLook) return;
        item.ringLook = ringLook;
        canvas.restyle(item.ring, ringLook, dirty);
        if (ringWanted && !self.ringGroup.hasLayer(item.ring)) self.ringGroup.addLayer(item.ring);
      } else if (ringWanted !== !!item.ringShown) {
        item.ringShown = ringWanted;
        // Added once, then hidden and shown: each time Leaflet adds a layer it makes a new element.
        if (ringWanted && !self.ringGroup.hasLayer(item.ring)) self.ringGroup.addLayer(item.ring);
        else if (item.ring._path) item.ring._path.style.display = ringWanted ? "" : "none";
      }
    });
    if (canvas) canvas.redrawBox(dirty);
    var under = new Set(A.movesOn(this.data.moves, day));
    this.moves.forEach(function (m) {
      var move = m.move;
      var show = under.has(move) && (!visible || visible.has(move[0]) || visible.has(move[1]));
      if (show !== m.shown) {
        m.shown = show;
        // Added once, then hidden and shown, as the rings are: adding a layer makes new elements each time,
        // and a scrub across the axis at 1,000 sites spent 4.4 ms of every event making arrows.
        if (show && !self.moveGroup.hasLayer(m.group)) self.moveGroup.addLayer(m.group);
        else m.group.eachLayer(function (layer) { if (layer._path) layer._path.style.display = show ? "" : "none"; });
      }
    });
    var names = request.names !== false;
    if (names !== this.showNames || visibilityChanged) {
      this.showNames = names;
      this._namesWanted = true;
    }
    this.bursts.forEach(function (burst) {
      var shown = (!visible || visible.has(burst.index)) ? A.incidentsOn(burst.list, day) : [];
      burst.shown = shown;
      var latest = shown.length ? shown[shown.length - 1] : null;
      var key = latest ? latest[3] + "|" + daysBetween(latest[1], day) + "|" + shown.length : "";
      if (key === burst.key) return;
      burst.key = key;
      if (!latest) {
        self.incidentGroup.removeLayer(burst.marker);
        return;
      }
      var age = daysBetween(latest[1], day), span = daysBetween(latest[1], latest[2]);
      var unconfirmed = self._gradeOf(latest[3]) === "C";
      var strength = 1 - 0.7 * age / span;  // fades from full to 30% over its days on the map
      burst.marker.setStyle({
        opacity: strength, fillOpacity: unconfirmed ? strength * 0.25 : strength,
        dashArray: unconfirmed ? self.styles.unconfirmed.dash : null,
      });
      setClasses(burst.marker, "incident incident-" + burst.site.id + " grade-" + self._gradeOf(latest[3]) +
        " incident-age-" + age);
      if (!self.incidentGroup.hasLayer(burst.marker)) self.incidentGroup.addLayer(burst.marker);
    });
    if (request.fill && !this.filled) {
      this._fill();
      this.boundsKey = null;
    }
    var boundsKey = JSON.stringify(request.bounds || null);
    var refit = request.bounds && boundsKey !== this.boundsKey;
    if (refit) this._fit(request.bounds);
    this.boundsKey = boundsKey;
    // A refit places the names on its zoomend; otherwise place them now if anything they depend on moved.
    if (this._namesWanted && !(refit && this.day !== null)) this._placeNames();
    this._namesWanted = false;
    this.day = day;
    this.asOf.setAttribute("data-date", day);
    this.asOf.textContent = this.t.as_of + " " + this._day(day, null) + (request.future ? " " + this.t.future_note : "");
    this.asOf.classList.toggle("future", !!request.future);
    if (held) this._writeHeldSoon();
    else this.flush();
  };

  // The attributes of the sites whose answer changed while the thumb was held, in idle time, a slice at a
  // time; all at once on release and on every committed step (flush).
  SiteMap.prototype._writeHeldSoon = function () {
    var self = this;
    if (this._idle || !this._heldTruth.size) return;
    var later = window.requestIdleCallback || function (work) { return setTimeout(function () { work(null); }, 50); };
    this._idle = later(function (deadline) {
      self._idle = null;
      var iterator = self._heldTruth.values();
      for (var next = iterator.next(); !next.done; next = iterator.next()) {
        if (deadline && deadline.timeRemaining() < 1) break;
        self._heldTruth.delete(next.value);
        self._writeTruth(next.value);
      }
      self._writeHeldSoon();
    }, { timeout: 500 });
  };

  SiteMap.prototype.flush = function () {
    var self = this;
    this._heldTruth.forEach(function (item) { self._writeTruth(item); });
    this._heldTruth.clear();
  };

  // The engine's answer on the site's element: the data attributes and the description a screen reader
  // reads. The answer is a new object on every date: what was written is compared, not the objects, so a
  // drag of a few days does not rewrite eight attributes on every site.
  SiteMap.prototype._writeTruth = function (item) {
    var state = item.state;
    var mark = [state.status, state.since, state.sinceRecord, state.record, state.stale, state.contestedBy.join(" "),
      state.plan ? state.plan.state : "", state.last, state.quiet].join("|");
    if (mark === item.markKey || !item.layer._path) return;
    item.markKey = mark;
    this._mark(item);
    this._describe(item);
  };

  window.SiteMap = SiteMap;
})();
