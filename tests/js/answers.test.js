// node --test tests/js: the browser's look-ups (dashboard/mapview/web/answers.js), run without a browser.
const test = require("node:test");
const assert = require("node:assert/strict");
const A = require("../../dashboard/mapview/web/answers.js");

// [start, status, since, record, forces, last, stale, contestedBy, plan, sinceRecord, quiet]
const INTERVALS = [
  ["2020-01-01", "active", "2020-01-01", "R1", "US", "2020-01-01", 0, [], null, "R1", 0],
  ["2020-06-30", "active", "2020-01-01", "R1", "US", "2020-01-01", 1, [], null, "R1", 0],
  ["2021-01-02", "drawdown", "2021-01-02", "R2", "US;IT", "2021-01-02", 0, ["R9"],
    ["overdue", "handed_over", "2020-12-01", "P1", null], "R2", 0],
  ["2022-03-01", "handed_over", "2022-03-01", "R3", "coalition", "2022-03-01", 0, [],
    ["confirmed", "handed_over", "2020-12-01", "P1", "R3"], "R3", 0],
];

test("before the first interval a site has no answer, and is quiet", () => {
  assert.deepEqual(A.answerOn(INTERVALS, "2019-12-31"), A.NONE);
  assert.equal(A.NONE.quiet, true);
  assert.deepEqual(A.answerOn([], "2020-01-01"), A.NONE);
});

test("a date takes the interval it falls in, start included", () => {
  const table = [
    ["2020-01-01", "active", false],
    ["2020-06-29", "active", false],
    ["2020-06-30", "active", true], // stale from the first day the engine says
    ["2021-01-01", "active", true],
    ["2021-01-02", "drawdown", false],
    ["2099-01-01", "handed_over", false],
  ];
  for (const [day, status, stale] of table) {
    const answer = A.answerOn(INTERVALS, day);
    assert.equal(answer.status, status, day);
    assert.equal(answer.stale, stale, day);
  }
});

test("forces, contest, plans and since come as the engine wrote them", () => {
  const drawdown = A.answerOn(INTERVALS, "2021-06-01");
  assert.deepEqual(drawdown.forces, ["US", "IT"]);
  assert.deepEqual(drawdown.contestedBy, ["R9"]);
  assert.deepEqual(drawdown.plan, { state: "overdue", status: "handed_over", planned: "2020-12-01", record: "P1",
    confirmedBy: null });
  const handed = A.answerOn(INTERVALS, "2022-03-01");
  assert.equal(handed.plan.state, "confirmed");
  assert.equal(handed.plan.confirmedBy, "R3");
  assert.equal(handed.since, "2022-03-01");
  assert.equal(A.answerOn(INTERVALS, "2020-07-01").since, "2020-01-01");
});

test("moves hold from start until end, incidents from their date until their end", () => {
  const moves = [[0, 1, "2020-01-01", "2020-02-01", "R1"], [1, 2, "2020-03-01", null, "R2"]];
  assert.deepEqual(A.movesOn(moves, "2019-12-31"), []);
  assert.deepEqual(A.movesOn(moves, "2020-01-31").map((m) => m[4]), ["R1"]);
  assert.deepEqual(A.movesOn(moves, "2020-02-01"), []);
  assert.deepEqual(A.movesOn(moves, "2030-01-01").map((m) => m[4]), ["R2"]);
  const incidents = [[0, "2020-01-01", "2020-01-31", "I1"], [0, "2020-01-20", "2020-02-19", "I2"]];
  assert.deepEqual(A.incidentsOn(incidents, "2020-01-30").map((i) => i[3]), ["I1", "I2"]);
  assert.deepEqual(A.incidentsOn(incidents, "2020-01-31").map((i) => i[3]), ["I2"]);
  assert.deepEqual(A.incidentsOn(incidents, "2020-02-19"), []);
});

test("days between two dates, across a leap day", () => {
  assert.equal(A.daysBetween("2024-02-28", "2024-03-01"), 2);
  assert.equal(A.daysBetween("2024-03-01", "2024-02-28"), -2);
});

test("the answer at an interval's index is the answer on any date in that interval", () => {
  // The map skips a site whose index has not changed (sitemap.js: _show): that is sound only if the
  // index alone decides the answer.
  for (const day of ["2019-12-31", "2020-01-01", "2020-06-29", "2020-06-30", "2021-01-02", "2021-12-31", "2030-01-01"]) {
    const at = A.lastAtOrBefore(INTERVALS, day);
    assert.deepEqual(A.answerAt(INTERVALS, at), A.answerOn(INTERVALS, day), day);
  }
  assert.deepEqual(A.answerAt(INTERVALS, -1), A.NONE);
});

test("an interval found by day number is the one found by date, on every day around each start", () => {
  // The map looks sites up by number on every frame of a drag (sitemap.js: _show).
  const starts = A.startDays(INTERVALS);
  for (const row of INTERVALS) {
    for (const offset of [-1, 0, 1]) {
      const day = new Date(Date.parse(row[0] + "T00:00:00Z") + offset * 86400000).toISOString().slice(0, 10);
      assert.equal(A.lastStartAtOrBefore(starts, A.dayNumber(day)), A.lastAtOrBefore(INTERVALS, day), day);
    }
  }
  assert.equal(A.lastStartAtOrBefore(starts, A.dayNumber("1999-01-01")), -1);
  assert.equal(A.lastStartAtOrBefore(starts, A.dayNumber("2099-01-01")), INTERVALS.length - 1);
});
