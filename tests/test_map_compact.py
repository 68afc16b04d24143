"""Issue 18: the sites' intervals travel compactly (dashboard/mapview/compact.py) and the browser reads
them back (web/answers.js: expandSites) to exactly the rows mapview.base.map_data wrote, on every row of
generated data. What the browser then answers on each date is held to the engine in test_answers_js.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest

from dashboard.io import load_dataset
from dashboard.mapview import MapLayers, map_data
from dashboard.mapview.compact import compact_sites
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from tools import synth

ROOT = repository_root()
NODE = shutil.which("node")
READ_BACK = """const A = require(process.argv[1]); let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  const sites = A.expandSites(JSON.parse(text)).sites;
  // The starts kept as day numbers (for the map's lookups) must be the rows' own.
  for (const site of sites) {
    const kept = Array.from(site.starts), read = Array.from(A.startDays(site.intervals));
    if (JSON.stringify(kept) !== JSON.stringify(read)) throw new Error(site.id + ": starts " + kept + " != " + read);
    delete site.starts;
  }
  process.stdout.write(JSON.stringify(sites));
});"""

ROW = ["2015-01-01", "active", "2014-12-30", "R1", "US;IT", "2015-01-01", 0, [], None, "R1", 0]


@pytest.mark.parametrize(
    ("row", "sent"),
    [
        (ROW, [16436, 0, 2, 0, 0, 0, 0]),  # defaults left out: since record = record, none contested, no plan
        ([*ROW[:6], 1, ["R2"], None, "R0", 1], [16436, 0, 2, 0, 0, 0, 3, 1, [2]]),  # stale and quiet: flags 3
        (
            [*ROW[:8], ["pending", "handed_over", "2016-01-01", "P1", None], "R1", 0],
            [16436, 0, 2, 0, 0, 0, 0, 0, [], [0, 1, 16801, 1, -1]],
        ),
        (["2016-01-01", None, None, None, "", None, 0, [], None, None, 1], [16801, -1, None, -1, 0, None, 2]),
    ],
)
def test_a_row_is_sent_in_codes_with_its_defaults_left_out(row, sent):
    compacted = compact_sites({"sites": [{"id": "a", "intervals": [row]}]})
    assert compacted["sites"][0]["intervals"] == [sent]


def _read_back(compacted: dict) -> list:
    if NODE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed (apt-get install nodejs)")
        pytest.skip("node is not installed")
    script = str(ROOT / "dashboard" / "mapview" / "web" / "answers.js")
    result = subprocess.run(
        [NODE, "-e", READ_BACK, script], input=json.dumps(compacted), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("seed", [3, 17])
def test_the_browser_reads_back_every_row_as_it_was(tmp_path, seed):
    today = dt.date(2026, 12, 1)
    synth.generate(tmp_path, 40, 600, seed=seed, sources=5, force=True)
    prepared = prepare(load_dataset(tmp_path, today), today)
    data = map_data(MapLayers(prepared.sites_geojson, prepared.provinces_geojson, prepared.all_records.timeline), "en")
    compacted = compact_sites(data)
    assert _read_back(compacted) == data["sites"]
    assert len(json.dumps(compacted["sites"])) < 0.6 * len(json.dumps(data["sites"]))
    assert compact_sites(data) == compacted and "codes" not in data  # the same each time; the input kept


def test_starts_are_sent_as_days_after_the_one_before_and_a_points_empty_shape_is_left_out():
    rows = [ROW, ["2015-03-01", *ROW[1:]], ["2016-01-01", *ROW[1:]]]
    site = {"id": "a", "geometry": None, "area": 0, "intervals": rows}
    (sent,) = compact_sites({"sites": [site]})["sites"]
    assert [row[0] for row in sent["intervals"]] == [16436, 59, 306]
    assert "geometry" not in sent and "area" not in sent
    zone = {"id": "z", "geometry": {"type": "Polygon", "coordinates": []}, "area": 0.5, "intervals": []}
    assert compact_sites({"sites": [zone]})["sites"] == [zone]
    assert _read_back(compact_sites({"sites": [site, zone]})) == [site, zone]
