/*
 * The engine's answers, looked up by date: the map's only reading of the posture record.
 *
 * dashboard/engine works out, for every site, the intervals over which its answer holds (status,
 * since, record, forces, last report, staleness, contest, plan) and dashboard/mapview/base.py writes
 * them as arrays:
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

  function answerOn(intervals, day) {
    var i = lastAtOrBefore(intervals || [], day);
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

  return { NONE: NONE, answerOn: answerOn, movesOn: movesOn, incidentsOn: incidentsOn, daysBetween: daysBetween,
    lastAtOrBefore: lastAtOrBefore };
});
