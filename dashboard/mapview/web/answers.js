/*
 * The engine's answers, looked up by date: the map's only reading of the posture record.
 *
 * dashboard/engine works out, for every site, the intervals over which its answer holds (status,
 * since, record, forces, last report, staleness, contest, plan) and dashboard/mapview/base.py writes
 * them as arrays (sent compactly, dashboard/mapview/compact.py, and read back by expandSites):
 *
 *   [start, status, since, record, forces, last, stale, contestedBy, plan, sinceRecord, quiet]
 *   plan: [state, status, planned, record, confirmedBy] or null
 *
 * An interval holds from its start to the next one's. Moves hold while start <= day < end (end null:
 * on), incidents while date <= day < end. Nothing here decides anything: it finds the interval a date
 * falls in, and tests (tests/js, and tests/test_answers_js.py on generated data) hold it to the engine.
 * Loaded before sitemap.js in the map's frame, and by node's test runner as a module.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.PostureAnswers = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var NONE = Object.freeze({
    status: null, since: null, sinceRecord: null, record: null, forces: [], last: null, stale: false,
    contestedBy: [], plan: null, quiet: true,
  });

  // The index of the last entry whose first element is <= day, -1 if none (entries sorted by it).
  function lastAtOrBefore(entries, day) {
    var lo = 0, hi = entries.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (entries[mid][0] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // A date as days since 1970-01-01: the form of the intervals' starts in startDays.
  function dayNumber(day) {
    return Date.parse(day + "T00:00:00Z") / 86400000;
  }

  // The intervals' starts as day numbers (expandSites keeps them as they arrive), for lastStartAtOrBefore:
  // the map finds every site's interval on every frame of a drag, and numbers compare faster than dates
  // written out.
  function startDays(intervals) {
    var starts = new Int32Array(intervals.length);
    for (var i = 0; i < intervals.length; i++) starts[i] = dayNumber(intervals[i][0]);
    return starts;
  }

  // lastAtOrBefore, on startDays' numbers and a dayNumber.
  function lastStartAtOrBefore(starts, day) {
    var lo = 0, hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  function answerOn(intervals, day) {
    return answerAt(intervals, lastAtOrBefore(intervals || [], day));
  }

  // The answer of the interval at index i (lastAtOrBefore's), NONE before the first.
  function answerAt(intervals, i) {
    if (i < 0) return NONE;
    var row = intervals[i], plan = row[8];
    return {
      status: row[1],
      since: row[2],
      sinceRecord: row[9] || null,
      record: row[3],
      forces: row[4] ? row[4].split(";") : [],
      last: row[5],
      stale: row[6] === 1,
      quiet: row[10] === 1,
      contestedBy: row[7] || [],
      plan: plan ? { state: plan[0], status: plan[1], planned: plan[2], record: plan[3], confirmedBy: plan[4] } : null,
    };
  }

  // The rows as dashboard/mapview/compact.py sends them (days as numbers, codes for statuses, records
  // and forces, defaults left out), written back as the rows above, in place, once, on arrival.
  function expandSites(data) {
    var codes = data.codes, days = {};
    if (!codes) return data;
    function pick(table, i) {
      return i === -1 || i === undefined || i === null ? null : codes[table][i];
    }
    function iso(day) {
      if (day === null || day === undefined) return null;
      return days[day] || (days[day] = new Date(day * 86400000).toISOString().slice(0, 10));
    }
    data.sites.forEach(function (site) {
      var start = 0, starts = site.starts = new Int32Array(site.intervals.length);
      if (site.geometry === undefined) site.geometry = null; // a point's, left out
      if (site.area === undefined) site.area = 0;
      site.intervals = site.intervals.map(function (c, i) {
        start += c[0]; // each start is sent as the days after the one before
        starts[i] = start;
        var record = pick("record", c[3]), p = c[9];
        return [
          iso(start), pick("status", c[1]), c[2] === null ? null : iso(start - c[2]), record, pick("forces", c[4]),
          c[5] === null ? null : iso(start - c[5]), c[6] & 1, (c[8] || []).map(function (r) { return pick("record", r); }),
          p ? [pick("plan_state", p[0]), pick("status", p[1]), iso(p[2]), pick("record", p[3]), pick("record", p[4])] : null,
          c.length > 7 ? pick("record", c[7]) : record, c[6] & 2 ? 1 : 0,
        ];
      });
    });
    delete data.codes;
    return data;
  }

  function holds(start, end, day) {
    return start <= day && (end === null || end === undefined || day < end);
  }

  // The moves ([from, to, start, end, record]) under way on `day`.
  function movesOn(moves, day) {
    return (moves || []).filter(function (move) { return holds(move[2], move[3], day); });
  }

  // A site's incidents ([site, date, end, record]) on the map on `day`, oldest first.
  function incidentsOn(incidents, day) {
    return (incidents || []).filter(function (inc) { return holds(inc[1], inc[2], day); });
  }

  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  return { NONE: NONE, answerOn: answerOn, answerAt: answerAt, movesOn: movesOn, incidentsOn: incidentsOn, daysBetween: daysBetween,
    lastAtOrBefore: lastAtOrBefore, expandSites: expandSites, dayNumber: dayNumber, startDays: startDays,
    lastStartAtOrBefore: lastStartAtOrBefore };
});
