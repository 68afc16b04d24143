// node tests/js/page_on.js FIXTURE: what the standalone file's heading and panel say on each day
// (dashboard/mapview/web/standalone.js), as JSON, for tests/test_standalone.py.
const fs = require("node:fs");
const S = require("../../dashboard/mapview/web/standalone.js");

const fixture = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = {};
for (const day of fixture.days) out[day] = S.pageOn(fixture.page, day);
process.stdout.write(JSON.stringify(out));
