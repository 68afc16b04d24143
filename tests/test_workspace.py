"""The workspace keeps what the page derives, one build per key, and only so many of each kind."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard import workspace as workspace_module
from dashboard.io import load_dataset
from dashboard.mapview import Serving
from dashboard.page_text import page_tables
from dashboard.paths import repository_root, static_dir
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.workspace import KEEP, Workspace


@pytest.fixture(scope="module")
def workspace():
    return Workspace(prepare(load_dataset(repository_root())), Serving(static_dir()))


def test_a_key_is_built_once_and_the_same_object_comes_back(workspace):
    built = []
    first = workspace.memo(("timeline", "k"), lambda: built.append(1) or object())
    assert workspace.memo(("timeline", "k"), lambda: built.append(1) or object()) is first
    assert built == [1]


def test_each_kind_keeps_its_most_recently_used_entries(workspace):
    for i in range(KEEP["sources"] + 3):
        workspace.memo(("sources", i), lambda i=i: i)
    kept = workspace._memo["sources"]
    assert len(kept) == KEEP["sources"] and ("sources", 0) not in kept and ("sources", KEEP["sources"] + 2) in kept
    workspace.memo(("map", "other kind"), lambda: 0)  # another kind is counted apart
    assert len(workspace._memo["sources"]) == KEEP["sources"]


def test_stepping_as_known_then_keeps_a_bounded_number_of_source_panels(workspace):
    for day in workspace.data.publications[-20:]:
        workspace.sources_panel(Selection(day, known_then=True))
    assert len(workspace._memo["sources"]) <= KEEP["sources"]


def test_as_known_then_the_sources_panel_lists_only_sources_published_by_then(workspace):
    day = dt.date(2025, 10, 1)
    panel = workspace.sources_panel(Selection(day, known_then=True))
    assert panel and all(source["published"] <= day for source, _, _ in panel)
    everything = workspace.sources_panel(Selection(day))
    assert len(everything) > len(panel)


def test_the_page_timeline_is_one_figure_per_window_of_the_axis_and_never_written_to(workspace):
    """Issue 10: the map view's timeline is the same Figure from one date to the next (its line is drawn
    in the browser), so a step neither re-validates it on the server nor re-draws it in the browser."""
    data = workspace.data
    last = data.span[1]
    recent = [last - dt.timedelta(days=10), last - dt.timedelta(days=400)]
    figures = [workspace.timeline_figure(Selection(day)) for day in recent]
    assert figures[0] is figures[1]
    early = workspace.timeline_figure(Selection(data.span[0]))
    assert early is not figures[0]
    assert early.layout.xaxis.range[0] < figures[0].layout.xaxis.range[0]  # the whole span opens
    before = figures[0].to_json()
    figures[0].to_dict()["layout"]["shapes"] = [{"type": "line"}]  # what st.plotly_chart gets: a copy
    assert figures[0].to_json() == before and not figures[0].layout.shapes


def test_issue_18_the_shipped_page_tables_are_a_served_file_fetched_once(workspace, tmp_path):
    served = Workspace(workspace.data, Serving(tmp_path, static_url="app/static/mapview"))
    got = served.page_tables(Selection(dt.date(2024, 9, 27), lang="ar"))
    name = got["page_url"].rsplit("/", 1)[1]
    written = json.loads((tmp_path / "mapview" / "data" / name).read_text(encoding="utf-8"))
    assert written == page_tables(workspace.data, Selection(dt.date(2024, 9, 27), lang="ar"))
    # Another day of the same selection: the same file (the browser fetched it already).
    assert served.page_tables(Selection(dt.date(2016, 1, 1), lang="ar")) == got


@pytest.mark.parametrize(
    ("limit", "inline"),
    [(10**9, True), (1000, False)],
    ids=["small-enough-travels-inline", "too-large-waits-for-release"],
)
def test_issue_18_an_uploads_page_tables_travel_inline_or_not_at_all(workspace, tmp_path, monkeypatch, limit, inline):
    monkeypatch.setattr(workspace_module, "PAGE_TABLES_INLINE_BYTES", limit)
    upload = Workspace(workspace.data, Serving(tmp_path, inline=True))
    got = upload.page_tables(Selection(dt.date(2024, 9, 27)))
    assert got == ({"page": page_tables(workspace.data, Selection(dt.date(2024, 9, 27)))} if inline else {})
    assert not (tmp_path / "mapview").exists()  # an upload's words are never written to disk


def test_issue_18_a_record_too_large_for_page_tables_gets_none(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(workspace_module, "PAGE_TABLES_MAX_RECORDS", len(workspace.data.all_records.records) - 1)
    served = Workspace(workspace.data, Serving(tmp_path))
    assert served.page_tables(Selection(dt.date(2024, 9, 27))) == {}


def test_issue_18_a_second_caller_waits_for_the_build_under_way_instead_of_building_again(workspace):
    import threading

    started, release, builds = threading.Event(), threading.Event(), []

    def slow():
        builds.append(1)
        started.set()
        release.wait(5)
        return object()

    results = []
    first = threading.Thread(target=lambda: results.append(workspace.memo(("map", "single-flight"), slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(workspace.memo(("map", "single-flight"), slow)))
    second.start()
    other = workspace.memo(("map", "another key"), lambda: "not held up")  # another key does not wait
    release.set()
    first.join(5)
    second.join(5)
    assert other == "not held up" and builds == [1] and results[0] is results[1]


def test_a_failed_build_lets_the_next_caller_build(workspace):
    def broken():
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        workspace.memo(("map", "fails once"), broken)
    assert workspace.memo(("map", "fails once"), lambda: "built") == "built"
