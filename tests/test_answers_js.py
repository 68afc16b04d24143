"""The browser's look-ups, held to the engine without a browser (issue 17): node runs
`dashboard/mapview/web/answers.js` on the intervals the map is sent for generated data, and every
site's answer on every sampled day must be the engine's, worked out for that day alone. Node's own unit
tests of the same file (tests/js) run here too, so `make quick` catches a drift in either."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest

from dashboard.engine import PostureIndex, answer_directly
from dashboard.io import load_dataset
from dashboard.mapview import MapLayers, map_data
from dashboard.mapview.compact import compact_sites
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from tools import synth

ROOT = repository_root()
NODE = shutil.which("node")


@pytest.fixture(autouse=True)
def _node_is_there():
    """Without node these tests are skipped, except under CI=true (as the browser tests): there a missing
    node is a failure, so CI can never pass without running them."""
    if NODE is None:
        message = "node is not installed (apt-get install nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


TODAY = dt.date(2026, 12, 1)


def test_nodes_unit_tests_of_the_browser_code_pass():
    result = subprocess.run([NODE, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout


def _iso(day):
    return None if day is None else day.isoformat()


# One dataset in `make quick`, a second in `make test`.
@pytest.mark.parametrize("seed", [5, pytest.param(23, marks=pytest.mark.slow)])
def test_the_browser_looks_up_the_engines_answer_on_generated_data(tmp_path, seed):
    root = tmp_path / "data"
    synth.generate(root, 30, 400, seed=seed, sources=5, force=True)
    prepared = prepare(load_dataset(root, TODAY), TODAY)
    view = prepared.all_records
    data = map_data(MapLayers(prepared.sites_geojson, prepared.provinces_geojson, view.timeline), "en")
    compacted = compact_sites(data)  # as the map is sent; lookup.js reads it back as the map does
    index: PostureIndex = view.index
    changes = index.change_dates()
    # Every change date, the day before each and the days a plan, staleness or quietness turns.
    days = sorted({d + dt.timedelta(days=k) for d in changes[::3] for k in (-1, 0, 1)} | {TODAY})
    days += [p.due + dt.timedelta(days=1) for p in index.plans()][:20]
    fixture = tmp_path / "fixture.json"
    fixture.write_text(
        json.dumps(
            {
                "days": [d.isoformat() for d in days],
                "sites": compacted["sites"],
                "codes": compacted["codes"],
                "moves": data["moves"],
                "incidents": data["incidents"],
            }
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [NODE, str(ROOT / "tests" / "js" / "lookup.js"), str(fixture)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    looked_up = json.loads(result.stdout)
    checked = 0
    for day in days:
        seen = looked_up[day.isoformat()]
        for site_id in prepared.site_ids:
            answer, got = answer_directly(index, site_id, day), seen[site_id]
            plan = answer.plan
            expected = {
                "status": answer.status,
                "since": _iso(answer.since),
                "sinceRecord": answer.since_record,
                "record": answer.record_id,
                "forces": list(answer.forces),
                "last": _iso(answer.last_reported),
                "stale": answer.stale,
                "contestedBy": list(answer.contested_by),
                "quiet": answer.quiet,
                "plan": None
                if plan is None
                else {
                    "state": plan.state,
                    "status": plan.status,
                    "planned": plan.planned.isoformat(),
                    "record": plan.record_id,
                    "confirmedBy": plan.confirmed_by,
                },
            }
            assert got == expected, (site_id, day.isoformat())
            checked += 1
        assert sorted(seen["~moves"]) == sorted(m.record_id for m in index.moves_at(day)), day
        assert seen["~incidents"] == [i.record_id for i in index.incidents_at(day)], day
    assert checked > 1000
