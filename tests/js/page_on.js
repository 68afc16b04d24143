// node tests/js/page_on.js FIXTURE: what the page's heading and panel say on each day
// (dashboard/mapview/web/pagetext.js), as JSON, for tests/test_page_text.py.
const fs = require("node:fs");
const P = require("../../dashboard/mapview/web/pagetext.js");

const fixture = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = {};
for (const day of fixture.days) out[day] = P.pageOn(fixture.page, day);
process.stdout.write(JSON.stringify(out));
