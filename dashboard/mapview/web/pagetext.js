/*
 * What the page says around the map on a date, looked up in the tables the engine's side wrote
 * (dashboard/page_text.py, page_tables): the heading, the force level and target, what changed since
 * the last change date, and where the record falls silent. Nothing here decides anything;
 * tests/test_page_text.py holds pageOn to page_text.page_on on every day of the axis.
 *
 * show() writes the answer into the page's elements by id (#asof, and the panel of
 * page_text.panel_html), as text only, never as markup. The dashboard's scrubber calls it while the
 * thumb moves, the standalone file on every date.
 *
 * Loaded as a classic script (after answers.js), inside the scrubber's component, and by node's test
 * runner as a module.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory(require("./answers.js"));
  else root.PosturePage = factory(root.PostureAnswers);
})(typeof self !== "undefined" ? self : this, function (A) {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // "27 September 2024", as i18n.format_date writes it, with the month names it sent.
  function inWords(page, iso) {
    var parts = iso.split("-").map(Number);
    var month = page.months[parts[1] - 1];
    return month === undefined ? iso : parts[2] + " " + month + " " + parts[0];
  }

  function at(entries, iso) {
    var i = A.lastAtOrBefore(entries || [], iso);
    return i < 0 ? null : entries[i];
  }

  // What the heading and the panel say on `iso`: the change on that date, or since the last one.
  function pageOn(page, iso) {
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
    var force = at(page.forces, iso), target = at(page.targets, iso), silence = page.silence;
    return {
      date: iso,
      heading: page.words.as_of + " " + inWords(page, iso),
      future: iso > page.today ? page.words.future_note : null,
      between: between,
      sentences: sentences.length ? sentences : [page.words.no_change],
      notes: notes,
      force: force ? { value: force[1], since: force[2] } : null,
      target: target ? target[1] : null,
      silence: silence && iso >= silence[0] ? silence[1] : null,
    };
  }

  // ---- In the browser only.

  function list(element, items) {
    element.replaceChildren.apply(element, items.map(function (text) {
      var item = element.ownerDocument.createElement("li");
      item.textContent = text; // text from the data is text, never markup
      return item;
    }));
  }

  function sameList(a, b) {
    return a === b || (a.length === b.length && a.every(function (item, i) { return item === b[i]; }));
  }

  // Write `said` (pageOn's answer) into the page; an element the page does not have is skipped. The
  // ids are prefixed: Streamlit's sanitiser drops ids that name a document property ("target").
  // Only what differs from the last call's answer is written again (a panel of many records rewritten
  // on every frame of a drag cost more than the map's restyle). That answer is kept on the panel
  // element itself: when the page's rerun replaces the panel, the new one has none and is written whole.
  function show(said, doc) {
    var byId = function (id) { return doc.getElementById(id); };
    var panel = byId("date-panel");
    var was = (panel && panel.postureSaid) || null;
    var changed = function (name) { return !was || was[name] !== said[name]; };
    var asOf = byId("asof");
    if (asOf) {
      asOf.dataset.date = said.date;
      asOf.textContent = said.heading;
      asOf.classList.toggle("future", !!said.future);
      if (said.future) {
        var note = doc.createElement("span");
        note.className = "future-note";
        note.textContent = said.future;
        asOf.append(" ", note);
      }
    }
    var text = function (id, value) {
      var element = byId(id);
      if (!element) return;
      element.textContent = value || "";
      element.hidden = !value;
    };
    if (panel) panel.dataset.date = said.date;
    var force = said.force || { value: "", since: "" }, wasForce = (was && was.force) || { value: "", since: "" };
    if (byId("panel-force") && (!was || force.value !== wasForce.value || force.since !== wasForce.since ||
        !said.force !== !was.force)) {
      byId("panel-force").hidden = !said.force;
      byId("panel-force-value").textContent = force.value;
      byId("panel-force-since").textContent = force.since;
    }
    if (changed("target")) text("panel-target", said.target);
    var between = byId("panel-between");
    if (between && changed("between")) between.textContent = said.between || "";
    if (byId("panel-changes") && (!was || !sameList(was.sentences, said.sentences))) list(byId("panel-changes"), said.sentences);
    if (byId("panel-notes") && (!was || !sameList(was.notes, said.notes))) {
      list(byId("panel-notes"), said.notes);
      if (byId("panel-notes-heading")) byId("panel-notes-heading").hidden = !said.notes.length;
    }
    if (changed("silence")) text("panel-silence", said.silence);
    if (panel) panel.postureSaid = said;
  }

  return { fill: fill, inWords: inWords, pageOn: pageOn, show: show };
});
