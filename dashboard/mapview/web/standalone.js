/*
 * The standalone map file's page (dashboard/standalone): the scrubber (scrubber.js) above the map's
 * frame (sitemap.js), as in the dashboard, with the page's own heading and "What changed" beside them.
 *
 * There is no server: the scrubber's commit, which in the dashboard reruns the page, here sends the
 * map a "step" message (the map's protocol, documented in sitemap.js) and hands the scrubber its new
 * date. The heading and the panel follow the thumb as it moves, looked up (pagetext.js) in tables the
 * engine filled when the file was built: nothing here decides anything.
 *
 * Loaded as a classic script after answers.js, pagetext.js and scrubber.js.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory(require("./pagetext.js"));
  else root.PostureStandalone = factory(root.PosturePage);
})(typeof self !== "undefined" ? self : this, function (P) {
  "use strict";

  var PROTOCOL = "posture-map/1"; // the map's message protocol (sitemap.js)

  function show(page, iso) {
    P.show(P.pageOn(page, iso), document);
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
        // The engine's Previous and Next were for the file's first date; from here the scrubber takes
        // the neighbouring change dates (the same, with no "as known then" in a file).
        delete component.data.previous;
        delete component.data.next;
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

  return { start: start };
});
