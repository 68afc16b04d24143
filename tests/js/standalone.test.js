// node --test tests/js: the standalone file's look-ups (dashboard/mapview/web/standalone.js): what the
// heading and "What changed" say on a date, from the tables the engine's side wrote.
const test = require("node:test");
const assert = require("node:assert/strict");
const S = require("../../dashboard/mapview/web/standalone.js");

const PAGE = {
  first: "2020-01-01",
  today: "2020-01-10",
  dates: Array.from({ length: 15 }, (_, i) => `day ${i + 1}`),
  changes: [
    ["2020-01-03", null, ["Base A: active"], ["A opened"]],
    ["2020-01-06", "2020-01-03", [], ["a note only"]],
    ["2020-01-09", "2020-01-06", ["Base A: active → handed over"], []],
  ],
  words: {
    as_of: "As of",
    future_note: "(after today)",
    no_change: "No change on this date.",
    records_on: "New records:",
    between: "Between {start} and {end}:",
  },
};

test("dates in words are the engine's, by day of the axis", () => {
  assert.equal(S.inWords(PAGE, "2020-01-01"), "day 1");
  assert.equal(S.inWords(PAGE, "2020-01-15"), "day 15");
  assert.equal(S.inWords(PAGE, "2021-01-01"), "2021-01-01"); // off the table: the ISO date, never blank
});

test("what the page says, date by date", () => {
  const table = [
    // date, between, sentences, notes
    ["2020-01-02", null, ["No change on this date."], []], // before the first change
    ["2020-01-03", null, ["Base A: active"], ["A opened"]], // the first change: nothing before it
    ["2020-01-04", "Between day 3 and day 4:", ["No change on this date."], []],
    ["2020-01-06", "Between day 3 and day 6:", ["No change on this date."], ["a note only"]],
    ["2020-01-09", "Between day 6 and day 9:", ["Base A: active → handed over"], []],
    ["2020-01-14", "Between day 9 and day 14:", ["No change on this date."], []],
  ];
  for (const [day, between, sentences, notes] of table) {
    const said = S.pageOn(PAGE, day);
    assert.equal(said.date, day);
    assert.equal(said.heading, `As of ${S.inWords(PAGE, day)}`);
    assert.equal(said.between, between, day);
    assert.deepEqual(said.sentences, sentences, day);
    assert.deepEqual(said.notes, notes, day);
  }
});

test("a date after today says only plans are shown", () => {
  assert.equal(S.pageOn(PAGE, "2020-01-10").future, null);
  assert.equal(S.pageOn(PAGE, "2020-01-11").future, "(after today)");
});

test("placeholders are filled, and an unknown one is left as written", () => {
  assert.equal(S.fill("{start} to {end} {other}", { start: "a", end: "b" }), "a to b {other}");
});
