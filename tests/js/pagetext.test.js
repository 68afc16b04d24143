// node --test tests/js: the page's look-ups (dashboard/mapview/web/pagetext.js): what the heading and
// the panel beside the map say on a date, from the tables the engine's side wrote (page_text.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const P = require("../../dashboard/mapview/web/pagetext.js");

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

const PAGE = {
  first: "2020-01-01",
  today: "2020-01-10",
  months: MONTHS,
  changes: [
    ["2020-01-03", null, ["Base A: active"], ["A opened"]],
    ["2020-01-06", "2020-01-03", [], ["a note only"]],
    ["2020-01-09", "2020-01-06", ["Base A: active → handed over"], []],
  ],
  forces: [["2020-01-05", "about 2,500", "reported 5 January 2020"], ["2020-01-09", "under 2,000", "reported 9 January 2020"]],
  targets: [["2020-01-08", "Announced target: 1,000"]],
  silence: ["2020-01-13", "Nothing reported since 12 December 2019"],
  words: {
    as_of: "As of",
    future_note: "(after today)",
    no_change: "No change on this date.",
    records_on: "New records:",
    between: "Between {start} and {end}:",
  },
};

test("dates in words: day, month's name, year, as i18n.format_date writes them", () => {
  assert.equal(P.inWords(PAGE, "2020-01-01"), "1 January 2020");
  assert.equal(P.inWords(PAGE, "2024-09-27"), "27 September 2024");
  assert.equal(P.inWords({ months: [] }, "2021-01-01"), "2021-01-01"); // no names: the ISO date, never blank
});

test("what changed, date by date", () => {
  const table = [
    // date, between, sentences, notes
    ["2020-01-02", null, ["No change on this date."], []], // before the first change
    ["2020-01-03", null, ["Base A: active"], ["A opened"]], // the first change: nothing before it
    ["2020-01-04", "Between 3 January 2020 and 4 January 2020:", ["No change on this date."], []],
    ["2020-01-06", "Between 3 January 2020 and 6 January 2020:", ["No change on this date."], ["a note only"]],
    ["2020-01-09", "Between 6 January 2020 and 9 January 2020:", ["Base A: active → handed over"], []],
    ["2020-01-14", "Between 9 January 2020 and 14 January 2020:", ["No change on this date."], []],
  ];
  for (const [day, between, sentences, notes] of table) {
    const said = P.pageOn(PAGE, day);
    assert.equal(said.date, day);
    assert.equal(said.heading, `As of ${P.inWords(PAGE, day)}`);
    assert.equal(said.between, between, day);
    assert.deepEqual(said.sentences, sentences, day);
    assert.deepEqual(said.notes, notes, day);
  }
});

test("the force level, the target and the silence hold from their dates on", () => {
  const table = [
    // date, force value, target, silence
    ["2020-01-04", null, null, null],
    ["2020-01-05", "about 2,500", null, null],
    ["2020-01-08", "about 2,500", "Announced target: 1,000", null],
    ["2020-01-09", "under 2,000", "Announced target: 1,000", null],
    ["2020-01-12", "under 2,000", "Announced target: 1,000", null],
    ["2020-01-13", "under 2,000", "Announced target: 1,000", "Nothing reported since 12 December 2019"],
  ];
  for (const [day, force, target, silence] of table) {
    const said = P.pageOn(PAGE, day);
    assert.equal(said.force && said.force.value, force, day);
    assert.equal(said.target, target, day);
    assert.equal(said.silence, silence, day);
  }
  assert.equal(P.pageOn({ ...PAGE, silence: null }, "2020-01-14").silence, null); // no national report at all
});

test("a date after today says only plans are shown", () => {
  assert.equal(P.pageOn(PAGE, "2020-01-10").future, null);
  assert.equal(P.pageOn(PAGE, "2020-01-11").future, "(after today)");
});

test("placeholders are filled, and an unknown one is left as written", () => {
  assert.equal(P.fill("{start} to {end} {other}", { start: "a", end: "b" }), "a to b {other}");
});
