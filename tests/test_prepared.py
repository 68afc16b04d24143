"""Stepping through the picture as it was known then: publication dates are steps too."""

import datetime as dt

import pytest

from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection

D = dt.date


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(repository_root()))


def walk(data, start, known_then, direction):
    step = data.next_change if direction == "next" else data.previous_change
    days, day = [], start
    while (day := step(Selection(day, known_then=known_then))) is not None:
        days.append(day)
    return days


def test_without_known_then_steps_are_the_change_dates(shipped):
    first = shipped.all_records.index.change_dates()[0]
    assert walk(shipped, first, False, "next") == list(shipped.all_records.index.change_dates()[1:])


def test_known_then_steps_reach_every_publication_and_the_last_change(shipped):
    published = sorted(set(shipped.dataset.sources["published"]))
    days = walk(shipped, published[0] - dt.timedelta(days=1), True, "next")
    assert days == sorted(set(days))  # strictly forward
    assert set(published) <= set(days)
    assert days[-1] == shipped.all_records.index.change_dates()[-1]


def test_known_then_previous_is_next_in_reverse(shipped):
    last = shipped.all_records.index.change_dates()[-1]
    forward = walk(shipped, D(2000, 1, 1), True, "next")
    backward = walk(shipped, last, True, "previous")
    assert backward == list(reversed(forward[:-1]))


def _publications(data) -> list[dt.date]:
    return sorted(set(data.dataset.sources["published"]))


def test_known_then_next_from_before_anything_is_known_is_the_first_publication(shipped):
    first = _publications(shipped)[0]
    assert shipped.next_change(Selection(first - dt.timedelta(days=30), known_then=True)) == first
    assert shipped.next_change(Selection(first - dt.timedelta(days=1), known_then=True)) == first


def test_known_then_the_picture_holds_until_the_next_publication_or_a_change_of_what_is_known(shipped):
    # Worked out from the tables: the records that a source published by then cites, and their dates.
    records, citations, sources = (shipped.dataset.records, shipped.dataset.citations, shipped.dataset.sources)
    for published, following in zip(_publications(shipped), _publications(shipped)[1:], strict=False):
        out = set(sources.loc[[p <= published for p in sources["published"]], "source_id"])
        known = set(citations.loc[citations["source_id"].isin(out), "record_id"])
        later = [d for d in records.loc[records["record_id"].isin(known), "date"] if d > published]
        assert shipped.next_change(Selection(published, known_then=True)) == min(later + [following]), published


def test_nothing_before_the_first_publication(shipped):
    assert shipped.previous_change(Selection(_publications(shipped)[0], known_then=True)) is None


# ---- the span, today, and what was known then (tiny dataset of tests/conftest.py) -----------


@pytest.fixture
def tiny(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.problems == ()
    return dataset


def test_the_span_runs_to_today_when_the_last_record_is_earlier(tiny):
    # conftest fixes today to 2026-12-01; the tiny dataset's last record is a plan for 2026-09-01.
    data = prepare(tiny)
    assert data.today == D(2026, 12, 1)
    assert data.span == (D(2024, 1, 1), D(2026, 12, 1))
    assert data.default_date == D(2026, 12, 1)
    later = prepare(tiny, today=D(2027, 3, 1))
    assert later.span == (D(2024, 1, 1), D(2027, 3, 1)) and later.default_date == D(2027, 3, 1)
    assert later.clamp(D(2030, 1, 1)) == D(2027, 3, 1)


def test_the_span_runs_to_the_last_planned_record_when_that_is_later(tiny):
    data = prepare(tiny, today=D(2026, 1, 1))
    # R5 is planned for September 2026 (month precision): the axis reaches the end of that month, its due
    # date, so the day it turns overdue can be seen.
    assert data.span == (D(2024, 1, 1), D(2026, 9, 30))
    assert data.default_date == D(2026, 1, 1)  # the page still opens on today
    assert data.clamp(D(2027, 1, 1)) == D(2026, 9, 30)


def test_the_span_starts_at_today_before_any_record(tiny):
    data = prepare(tiny, today=D(2023, 6, 1))
    assert data.span == (D(2023, 6, 1), D(2026, 9, 30)) and data.default_date == D(2023, 6, 1)


def _known(data, on):
    view = data.view(Selection(on, known_then=True))
    return {
        r: sorted(view.citations.loc[view.citations["record_id"] == r, "source_id"]) for r in view.records["record_id"]
    }


@pytest.mark.parametrize(
    "on, expected",
    [
        (D(2025, 8, 18), {}),  # nothing published yet
        (D(2025, 8, 19), {"R2": ["src-b"], "R3": ["src-b"]}),
        # R1 cites src-a and web-c: kept once src-a is out, with only that citation
        (D(2025, 9, 20), {"R1": ["src-a"], "R2": ["src-b"], "R3": ["src-b"], "R4": ["src-a"], "R5": ["src-a"]}),
        (
            D(2025, 9, 25),
            {
                "R1": ["src-a", "web-c"],
                "R2": ["src-b"],
                "R3": ["src-b"],
                "R4": ["src-a"],
                "R5": ["src-a"],
                "R6": ["web-c"],
            },
        ),
    ],
)
def test_known_then_keeps_a_record_once_any_of_its_sources_is_published(tiny, on, expected):
    data = prepare(tiny)
    assert _known(data, on) == expected


def test_known_then_shows_only_the_citations_published_by_then(tiny):
    view = prepare(tiny).view(Selection(D(2025, 9, 20), known_then=True))
    r1 = view.timeline["records"]["R1"]
    assert [c["source"] for c in r1["citations"]] == ["src-a"]
    assert "web-c" not in view.timeline["sources"]
    assert list(view.cited_by(["R1"])["source_id"]) == ["src-a"]
    # Everything, when the picture is not as known then.
    everything = prepare(tiny).view(Selection(D(2025, 9, 20)))
    assert [c["source"] for c in everything.timeline["records"]["R1"]["citations"]] == ["src-a", "web-c"]


def test_a_plan_shows_from_the_first_publication_of_a_source_citing_it(tiny_files, write_dataset):
    # R5 (a plan for September 2026) cites src-a, published 2025-09-20; here it cites src-b (2025-08-19) too.
    files = dict(tiny_files)
    files["data/citations.csv"] += "R5,src-b,وتبقى منطقة الحدود مصدر قلق أمني,\n"
    for dataset, known in (
        (load_dataset(write_dataset(tiny_files)), D(2025, 9, 20)),
        (load_dataset(write_dataset(files)), D(2025, 8, 19)),
    ):
        assert dataset.problems == ()
        view = prepare(dataset).all_records
        assert view.index.pending_at(known - dt.timedelta(days=1)).get("base-a") is None
        assert view.index.pending_at(known)["base-a"] == ["R5"]
        # The map's intervals show the ring from that day, not before.
        starts = {i["start"]: i["plan"] for i in view.timeline["sites"]["base-a"]["intervals"]}
        assert starts[known.isoformat()]["record"] == "R5"


# ---- forces (issue 17, finding 4) -----------------------------------------------------------------


def test_the_us_view_leaves_out_records_about_other_nations_only(tiny_files, write_dataset):
    # R2 (the drawdown at base B) is about an Italian contingent; R3 about the coalition as a whole.
    files = dict(tiny_files)
    files["data/posture.csv"] = files["data/posture.csv"].replace("نقل المعدات.,,coalition,,", "نقل المعدات.,,IT,,")
    data = prepare(load_dataset(write_dataset(files)))
    everyone = data.view(Selection(D(2025, 1, 1)))
    us = data.view(Selection(D(2025, 1, 1), forces="US"))
    assert set(everyone.records["record_id"]) - set(us.records["record_id"]) == {"R2"}
    assert "base-b" in everyone.index.status_at(D(2025, 1, 1)) and "base-b" not in us.index.status_at(D(2025, 1, 1))
    assert us.key != everyone.key and data.view(Selection(D(2025, 6, 1), forces="US")) is us  # built once
    assert list(us.citations["record_id"]).count("R2") == 0


def test_views_as_known_then_are_kept_to_a_bound(shipped):
    """Each publication date met as known then builds a view (about 1 MB with its map timeline); a session
    stepping through the 316 of the shipped record must not keep them all for the server's life."""
    from dashboard.prepared import KEPT_VIEWS

    published = sorted(set(shipped.dataset.sources["published"]))
    assert len(published) > 2 * KEPT_VIEWS
    first = shipped.view(Selection(published[0], known_then=True))
    for day in published[: 2 * KEPT_VIEWS]:
        shipped.view(Selection(day, known_then=True))
    assert len(shipped._known_views) <= KEPT_VIEWS
    again = shipped.view(Selection(published[0], known_then=True))
    assert again is not first and again.key == first.key and again.records.equals(first.records)  # rebuilt alike
