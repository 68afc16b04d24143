"""Issue 17: the map, the GeoJSON export, the slides (and so the decks, whose maps are the slides') all
draw the engine's one answer: status, since, forces, staleness, contest and plan state, for every site,
on the shipped data and on generated data, for all forces and for US forces only.

The browser's share (the map's elements carry the same answer) is held in tests/browser; here the map is
its serialised timeline as `web/answers.js` reads it (tests/reference_map.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from reference_map import site_states

from dashboard.engine import answer_directly, answers_at
from dashboard.export import sites_geojson
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.slides.scene import build_scene
from tools import synth

TODAY = dt.date(2026, 12, 1)
SHIPPED_DAYS = [
    dt.date(2014, 12, 31),
    dt.date(2017, 6, 1),
    dt.date(2020, 3, 20),
    dt.date(2022, 6, 1),
    dt.date(2026, 1, 20),
    dt.date(2026, 3, 10),
    TODAY,
]


@pytest.fixture(scope="module", params=["shipped", "generated"])
def case(request, tmp_path_factory):
    if request.param == "shipped":
        prepared = prepare(load_dataset(repository_root(), TODAY), TODAY)
        return prepared, SHIPPED_DAYS
    root = tmp_path_factory.mktemp("generated")
    synth.generate(root, 40, 600, seed=11, sources=6, force=True)
    dataset = load_dataset(root, TODAY)
    assert dataset.problems == (), dataset.problems[:3]
    prepared = prepare(dataset, TODAY)
    changes = prepared.all_records.index.change_dates()
    return prepared, [changes[i] for i in range(0, len(changes), max(1, len(changes) // 12))] + [TODAY]


def _iso(day):
    return None if day is None else day.isoformat()


@pytest.mark.parametrize("forces", ["all", "US"])
def test_the_geojson_the_slide_and_the_map_draw_the_engines_answer(case, forces):
    prepared, days = case
    contested = stale = planned = 0
    for day in days:
        selection = Selection(day, forces=forces)
        view = prepared.view(selection)
        answers = answers_at(view.index, day, prepared.site_ids)
        features = {f["id"]: f["properties"] for f in sites_geojson(prepared, selection)["features"]}
        marks = {m.site_id: m for m in build_scene(prepared, selection).sites}
        drawn = site_states(view.timeline, list(prepared.site_ids), day)
        for site_id, answer in answers.items():
            where = (site_id, day.isoformat(), forces)
            assert answer == answer_directly(view.index, site_id, day), where  # the intervals hold the rules
            plan_state = None if answer.plan is None else answer.plan.state
            geo = features[site_id]
            assert (geo["status"], geo["status_since"], geo["stale"], geo["contested_by"]) == (
                answer.status,
                _iso(answer.since),
                answer.stale,
                list(answer.contested_by),
            ), where
            assert (geo["last_reported"], geo["plan_state"]) == (_iso(answer.last_reported), plan_state), where
            if answer.status:
                assert geo["forces"] == list(answer.forces), where
            mark = marks[site_id]
            assert (mark.status, mark.stale, mark.contested, mark.quiet) == (
                answer.status,
                answer.stale,
                answer.contested,
                answer.quiet,
            ), where
            assert (mark.plan[0] if mark.plan else None) == plan_state, where
            state = drawn[site_id]
            assert (state.status, state.since, state.stale, state.contested_by, state.plan) == (
                answer.status,
                _iso(answer.since),
                answer.stale,
                answer.contested_by,
                plan_state,
            ), where
            contested += answer.contested
            stale += answer.stale
            planned += plan_state is not None
    assert stale and planned  # the cases the test is about do occur
    if prepared.dataset.root != repository_root() or forces == "all":
        assert contested


def test_a_partners_departure_never_moves_the_us_picture():
    """Issue 17, finding 4: Italy's contingent left Erbil on 12 March 2026 (W045); a US reader sees no
    drawdown of US forces there."""
    prepared = prepare(load_dataset(repository_root(), TODAY), TODAY)
    on = dt.date(2026, 3, 20)
    everyone = answers_at(prepared.view(Selection(on)).index, on, ["erbil"])["erbil"]
    us = answers_at(prepared.view(Selection(on, forces="US")).index, on, ["erbil"])["erbil"]
    assert everyone.status == "drawdown" and "IT" in everyone.forces
    assert us.status != "drawdown" and "IT" not in us.forces
