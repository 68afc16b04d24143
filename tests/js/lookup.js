// node tests/js/lookup.js FIXTURE: each site's answer on each day, looked up as the map does
// (dashboard/mapview/web/answers.js), written to stdout as JSON for tests/test_answers_js.py.
const fs = require("node:fs");
const A = require("../../dashboard/mapview/web/answers.js");

// The sites as the map receives them (compactly, dashboard/mapview/compact.py), read back as it does.
const fixture = A.expandSites(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const out = {};
for (const day of fixture.days) {
  out[day] = {};
  for (const site of fixture.sites) out[day][site.id] = A.answerOn(site.intervals, day);
  out[day]["~moves"] = A.movesOn(fixture.moves, day).map((m) => m[4]);
  out[day]["~incidents"] = A.incidentsOn(fixture.incidents, day).map((i) => i[3]);
}
process.stdout.write(JSON.stringify(out));
