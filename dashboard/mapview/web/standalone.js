/*
 * The standalone map file's page (dashboard/standalone): the scrubber (scrubber.js) above the map's
 * frame (sitemap.js), as in the dashboard, with the page's own heading and "What changed" beside them.
 *
 * There is no server: the scrubber's commit, which in the dashboard reruns the page, here sends the
 * map a "step" message (the map's protocol, documented in sitemap.js) and hands the scrubber its new
 * date. The heading and "What changed" follow the thumb as it moves, looked up in tables the engine
 * filled when the file was built (every day's date in words, and what changed on each change date):
 * nothing here decides anything.
 *
 * Loaded as a classic script after answers.js and scrubber.js, and by node's test runner as a module.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory(require("./answers.js"));
  else root.PostureStandalone = factory(root.PostureAnswers);
})(typeof self !== "undefined" ? self : this, function (A) {
  "use strict";

  var DAY_MS = 86400000;
  var PROTOCOL = "posture-map/1"; // the map's message protocol (sitemap.js)

  function dayNumber(iso) {
    var parts = iso.split("-").map(Number);
    return Math.round(Date.UTC(parts[0], parts[1] - 1, parts[2]) / DAY_MS);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // The date in words, as the engine's side wrote it for every day of the axis.
  function inWords(page, iso) {
    var words = page.dates[dayNumber(iso) - dayNumber(page.first)];
    return words === undefined ? iso : words;
  }

  // What the heading and the panel say on `iso`: the change on that date, or since the last one.
  function pageOn(page, iso) {
    var heading = page.words.as_of + " " + inWords(page, iso);
    var future = iso > page.today;
    var i = A.lastAtOrBefore(page.changes, iso);
    var between = null, sentences = [], notes = [];
    if (i >= 0 && page.changes[i][0] === iso) {
      var change = page.changes[i];
      if (change[1]) between = fill(page.words.between, { start: inWords(page, change[1]), end: inWords(page, iso) });
      sentences = change[2];
      notes = change[3];
    } else if (i >= 0) {
      between = fill(page.words.between, { start: inWords(page, page.changes[i][0]), end: inWords(page, iso) });
    }
    return {
      date: iso,
      heading: heading,
      future: future ? page.words.future_note : null,
      between: between,
      sentences: sentences.length ? sentences : [page.words.no_change],
      notes: notes,
    };
  }

  // ---- In the browser only.

  function list(element, items) {
    element.replaceChildren.apply(element, items.map(function (text) {
      var item = document.createElement("li");
      item.textContent = text; // text from the data is text, never markup
      return item;
    }));
  }

  function show(page, iso) {
    var said = pageOn(page, iso);
    var asOf = document.getElementById("asof");
    asOf.dataset.date = iso;
    asOf.textContent = said.heading;
    asOf.classList.toggle("future", !!said.future);
    if (said.future) {
      var note = document.createElement("span");
      note.className = "future-note";
      note.textContent = " " + said.future;
      asOf.appendChild(note);
    }
    document.getElementById("between").textContent = said.between || "";
    list(document.getElementById("changes"), said.sentences);
    list(document.getElementById("notes"), said.notes);
    document.getElementById("notes-heading").hidden = !said.notes.length;
  }

  function tellMap(message) {
    var frame = document.getElementById("posture-map");
    if (frame && frame.contentWindow) {
      frame.contentWindow.postMessage(Object.assign({ protocol: PROTOCOL }, message), "/");
    }
  }

  // The map protocol's "step" for a committed day: the file's governorates and bounds, on that day.
  function stepTo(page, iso) {
    tellMap({ type: "step", request: Object.assign({}, page.step, { date: iso, future: iso > page.today }) });
  }

  // Mount the scrubber and keep everything on its date; `mountScrubber` is scrubber.js's entry.
  function start(page, mountScrubber) {
    var host = document.getElementById("scrubber-host");
    var component = {
      data: page.scrubber,
      parentElement: host,
      setTriggerValue: function (name, value) {
        if (name !== "commit") return;
        stepTo(page, value);
        component.data = Object.assign({}, component.data, { date: value });
        mountScrubber(component); // as a rerun would: the thumb stays, the map lets go of the held day
        show(page, value);
      },
    };
    mountScrubber(component);
    show(page, page.scrubber.date);
    // The thumb's date, whether a hand, a key or Play moved it.
    var scrubber = host.querySelector(".posture-scrubber");
    new MutationObserver(function () {
      if (scrubber.dataset.date) show(page, scrubber.dataset.date);
    }).observe(scrubber, { attributes: true, attributeFilter: ["data-date"] });
    // The map says it is drawn (again after a reload of its frame): give it the date it shows.
    window.addEventListener("message", function (event) {
      var message = event.data;
      if (event.origin !== window.origin || !message || message.protocol !== PROTOCOL) return;
      if (message.type === "ready") stepTo(page, component.data.date);
    });
  }

  return { dayNumber: dayNumber, fill: fill, inWords: inWords, pageOn: pageOn, start: start };
});
