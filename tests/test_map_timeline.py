"""The map's timeline says what the engine says, on every date.

`dashboard.mapview.timeline.map_timeline` serialises the engine's intervals; `tests/reference_map.py`
looks dates up in them the way the browser script does. On generated record tables the look-up must
agree with the engine's answer worked out for that date alone (`engine.answer_directly`) on every date:
status, since, setting record, forces, last report, staleness, contest, plan state, moves and incidents.
"""

from __future__ import annotations

import datetime as dt

import factories
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_map import incidents_on, moves_on, site_states

import dashboard.engine.index as engine
from dashboard.engine import PostureIndex, answer_directly
from dashboard.mapview.timeline import check_timeline, map_timeline, pointed_records
from dashboard.vocabulary import (
    CLAIMS,
    CONFIRMED_RING_DAYS,
    GRADES,
    INCIDENT,
    NATIONAL,
    NON_SETTING,
    PLANNED,
    PRECISIONS,
    STALE_DAYS,
    STATUSES,
)

SITES = ["a", "b", "c"]
DAYS = st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31))
SOURCES = pd.DataFrame(
    [
        {
            "source_id": "src",
            "kind": "seed",
            "file": "seeds/src.txt",
            "url": "",
            "publisher": "P",
            "title": "ع",
            "title_en": "T",
            "title_ar": "ع",
            "published": dt.date(2020, 1, 1),
            "published_note": "",
            "language": "ar",
            "consulted": None,
        }
    ]
)


def citations_of(records: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"record_id": records["record_id"], "source_id": "src", "quote": "q", "official": ""},
        columns=["record_id", "source_id", "quote", "official"],
    )


def records_frame(rows: list[dict]) -> pd.DataFrame:
    return factories.records_frame([{"record_id": f"R{i}", **row} for i, row in enumerate(rows)], known=True)


@st.composite
def record_tables(draw):
    """Record tables the validator would accept: plans plan a site status, incidents happen at a site;
    records confirm plans and dispute records that exist."""
    rows = []
    for _ in range(draw(st.integers(0, 14))):
        claim = draw(st.sampled_from(CLAIMS))
        status = draw(st.sampled_from([s for s in STATUSES if not (claim == PLANNED and s in NON_SETTING)]))
        sites = SITES if status == INCIDENT else SITES + [NATIONAL]
        site = draw(st.sampled_from(sites))
        moved = draw(st.sampled_from(["", "", *[s for s in SITES if s != site]])) if site else ""
        rows.append(
            {
                "site_id": site,
                "date": draw(DAYS),
                "date_precision": draw(st.sampled_from(PRECISIONS)),
                "status": status,
                "claim": claim,
                "grade": draw(st.sampled_from(GRADES)),
                "moved_to": moved,
                # when the record became public (prepare() sets it): a plan shows from then
                "known": draw(st.one_of(st.none(), DAYS)),
                "forces": draw(st.sampled_from(["US", "IT", "coalition", "US;IT"])),
            }
        )
    ids = [f"R{i}" for i in range(len(rows))]
    plans = [ids[i] for i, row in enumerate(rows) if row["claim"] == PLANNED]
    for i, row in enumerate(rows):
        others = [r for r in ids if r != ids[i]]
        if plans and draw(st.booleans()):
            row["confirms"] = draw(st.sampled_from([p for p in plans if p != ids[i]] or [""]))
        if others and draw(st.integers(0, 3)) == 0:
            row["disputes"] = draw(st.sampled_from(others))
    return records_frame(rows)


def timeline_of(records: pd.DataFrame) -> tuple[PostureIndex, dict]:
    index = PostureIndex.from_records(records)
    return index, map_timeline(index, records, citations_of(records), SOURCES)


def dates_around(records: pd.DataFrame, index: PostureIndex) -> list[dt.date]:
    """Every record, due, known and confirmation date, the day staleness or a confirmed ring would
    begin or end, each with the days either side: where the answers change."""
    days = set(records["date"]) | {p.due for p in index.plans()} | {p.known for p in index.plans() if p.known}
    days |= {p.confirmed_on for p in index.plans() if p.confirmed_on}
    days |= {p.confirmed_on + dt.timedelta(days=CONFIRMED_RING_DAYS) for p in index.plans() if p.confirmed_on}
    days |= {d + dt.timedelta(days=STALE_DAYS + 1) for d in records["date"]}
    return sorted({d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)})


def assert_replay_agrees(index: PostureIndex, timeline: dict, day: dt.date) -> None:
    engine_states = index.status_at(day)
    overdue, pending = index.overdue_at(day), index.pending_at(day)
    drawn = site_states(timeline, SITES, day)
    for site in SITES:
        answer = answer_directly(index, site, day)
        iso = lambda d: None if d is None else d.isoformat()  # noqa: E731
        assert drawn[site].status == (engine_states[site].status if site in engine_states else None), (site, day)
        assert (drawn[site].status, drawn[site].since, drawn[site].record) == (
            answer.status,
            iso(answer.since),
            answer.record_id,
        ), (site, day)
        assert drawn[site].forces == answer.forces and drawn[site].last == iso(answer.last_reported), (site, day)
        assert drawn[site].stale == answer.stale and drawn[site].contested_by == answer.contested_by, (site, day)
        if drawn[site].status is not None:
            assert drawn[site].record == engine_states[site].record_id, (site, day)
        if overdue.get(site):  # the map shows the oldest overdue plan first
            assert (drawn[site].plan, drawn[site].plan_record) == ("overdue", overdue[site][0]), (site, day)
        elif drawn[site].plan != "confirmed" and pending.get(site):  # then one just confirmed, or the soonest pending
            assert (drawn[site].plan, drawn[site].plan_record) == ("pending", pending[site][0]), (site, day)
        elif not pending.get(site):
            assert drawn[site].plan in (None, "confirmed"), (site, day)
        assert drawn[site].plan == (answer.plan.state if answer.plan else None), (site, day)
    assert sorted(moves_on(timeline, day)) == sorted((m.from_site, m.to_site) for m in index.moves_at(day))
    by_site: dict[str, list[str]] = {}
    for incident in index.incidents_at(day):
        by_site.setdefault(incident.site_id, []).append(incident.record_id)
    assert incidents_on(timeline, day) == by_site, day


@settings(max_examples=150, deadline=None)
@given(record_tables(), st.lists(DAYS, min_size=1, max_size=6))
def test_map_timeline_agrees_with_the_engine(records, days):
    index, timeline = timeline_of(records)
    assert check_timeline(timeline, set(SITES)) == []
    for day in days + dates_around(records, index):
        assert_replay_agrees(index, timeline, day)


@settings(max_examples=100, deadline=None)
@given(record_tables())
def test_map_timeline_carries_what_its_tooltips_quote(records):
    index, timeline = timeline_of(records)
    # Every record the map can point at is there, with its citation and source.
    pointed = pointed_records(timeline)
    assert set(timeline["records"]) == pointed
    for record in timeline["records"].values():
        assert record["citations"] == [{"source": "src", "quote": "q", "official": False}]
    assert set(timeline["sources"]) == ({"src"} if pointed else set())
    # "last": a site's latest non-planned record, after which the record is silent.
    reported = records[(records["claim"] != PLANNED) & (records["site_id"] != NATIONAL)]
    expected = {site: max(days).isoformat() for site, days in reported.groupby("site_id")["date"]}
    assert {s: h["last"] for s, h in timeline["sites"].items() if "last" in h} == expected


D = dt.date.fromisoformat
RULE_RECORDS = records_frame(
    [
        {"site_id": "a", "date": D("2024-01-01"), "status": "active", "claim": "reported"},
        {"site_id": "a", "date": D("2025-01-01"), "status": "watch", "claim": "assessed", "moved_to": "b"},
        {"site_id": "b", "date": D("2025-02-01"), "status": "watch", "claim": "reported"},
        {
            "site_id": "a",
            "date": D("2025-09-01"),
            "date_precision": "month",
            "status": "handed_over",
            "claim": "planned",
        },
        {"site_id": "b", "date": D("2025-03-01"), "status": "incident", "claim": "reported"},
    ]
)


def _watch_sets_no_status(monkeypatch):
    codes = [code for code in engine._SITE_CODES.tolist() if STATUSES[code] != "watch"]
    monkeypatch.setattr(engine, "_SITE_CODES", engine.np.array(codes, dtype=engine.np.int64))


def _plans_due_ten_days_later(monkeypatch):
    real = engine.period_end
    monkeypatch.setattr(engine, "period_end", lambda day, precision: real(day, precision) + dt.timedelta(days=10))


@pytest.mark.parametrize(
    "change_the_rule",
    [_watch_sets_no_status, _plans_due_ten_days_later],
    ids=["which statuses set a status", "when a plan is due"],
)
def test_issue_11_map_timeline_applies_no_rule_of_its_own(monkeypatch, change_the_rule):
    # Issue 11, "One rule": the map once carried its own copy of the posture rules. Now it only writes
    # down the engine's answers, so an engine whose rule is changed is followed on every date.
    before = timeline_of(RULE_RECORDS)[1]
    change_the_rule(monkeypatch)
    index, timeline = timeline_of(RULE_RECORDS)
    assert timeline != before  # the changed rule changes the answers...
    assert check_timeline(timeline, set(SITES)) == []
    for day in dates_around(RULE_RECORDS, index):
        assert_replay_agrees(index, timeline, day)  # ...and the map follows the engine


def test_a_plan_in_the_timeline_is_due_at_the_end_of_its_month():
    timeline = timeline_of(RULE_RECORDS)[1]
    on = {day: site_states(timeline, ["a"], D(day))["a"] for day in ("2025-08-31", "2025-09-30", "2025-10-01")}
    assert {day: (state.plan, state.plan_record) for day, state in on.items()} == {
        "2025-08-31": ("pending", "R3"),
        "2025-09-30": ("pending", "R3"),
        "2025-10-01": ("overdue", "R3"),
    }


def test_an_incident_is_in_the_timeline_and_on_the_map_for_thirty_days():
    timeline = timeline_of(RULE_RECORDS)[1]
    assert timeline["incidents"] == [{"site": "b", "date": "2025-03-01", "end": "2025-03-31", "record": "R4"}]
    assert incidents_on(timeline, D("2025-03-30")) == {"b": ["R4"]}  # day 29
    assert incidents_on(timeline, D("2025-03-31")) == {}  # day 30
    assert {i["status"] for i in timeline["sites"]["b"]["intervals"]} == {"watch"}  # it set no status


def test_a_plan_in_the_timeline_shows_from_the_day_it_is_known():
    records = records_frame(
        [
            {
                "site_id": "a",
                "date": D("2025-09-01"),
                "date_precision": "month",
                "status": "handed_over",
                "claim": "planned",
                "known": D("2025-06-01"),
            }
        ]
    )
    index, timeline = timeline_of(records)
    on = {day: site_states(timeline, ["a"], D(day))["a"].plan for day in ("2025-05-31", "2025-06-01")}
    assert on == {"2025-05-31": None, "2025-06-01": "pending"}
    assert (index.pending_at("2025-05-31"), index.pending_at("2025-06-01")) == ({}, {"a": ["R0"]})


# ---- issue 17: since, staleness, contest, plan confirmation, forces ------------------------------

ERBIL = records_frame(
    [
        {"site_id": "a", "date": D("2025-01-10"), "status": "active", "claim": "reported", "forces": "US"},
        {"site_id": "a", "date": D("2025-06-01"), "status": "active", "claim": "reported", "forces": "US"},
        # Issue 17, finding 9: the map said "since" the first record of the run, the export the last one.
        {"site_id": "a", "date": D("2026-03-12"), "status": "drawdown", "claim": "announced", "forces": "IT"},
    ]
)


def test_issue_17_since_is_the_start_of_the_run_and_the_same_in_the_timeline_and_the_engine():
    index, timeline = timeline_of(ERBIL)
    state = site_states(timeline, ["a"], D("2025-09-01"))["a"]
    assert (state.status, state.since, state.record) == ("active", "2025-01-10", "R1")
    answer = answer_directly(index, "a", D("2025-09-01"))
    assert (answer.since, answer.record_id, answer.since_record) == (D("2025-01-10"), "R1", "R0")


@pytest.mark.parametrize(
    "day, stale, last",
    [("2025-11-28", False, "2025-06-01"), ("2025-11-29", True, "2025-06-01"), ("2026-03-12", False, "2026-03-12")],
)
def test_issue_17_a_presence_is_stale_more_than_180_days_after_its_last_report(day, stale, last):
    timeline = timeline_of(ERBIL)[1]
    state = site_states(timeline, ["a"], D(day))["a"]
    assert (state.stale, state.last) == (stale, last)


def test_issue_17_a_status_is_never_stale_when_it_is_not_a_presence():
    records = records_frame([{"site_id": "a", "date": D("2020-01-01"), "status": "handed_over", "claim": "reported"}])
    assert site_states(timeline_of(records)[1], ["a"], D("2026-01-01"))["a"].stale is False


def test_issue_17_the_forces_of_the_status_travel_with_it():
    timeline = timeline_of(ERBIL)[1]
    assert site_states(timeline, ["a"], D("2026-03-20"))["a"].forces == ("IT",)


def test_issue_17_a_disputed_status_is_contested_whatever_the_dates():
    records = records_frame(
        [
            {"site_id": "a", "date": D("2025-05-01"), "status": "handed_over", "claim": "reported"},
            {"site_id": "a", "date": D("2026-02-23"), "status": "event", "claim": "reported", "disputes": "R0"},
        ]
    )
    timeline = timeline_of(records)[1]
    assert site_states(timeline, ["a"], D("2025-08-01"))["a"].contested_by == ("R1",)
    assert "R1" in timeline["records"]  # the popup shows both sides


def test_issue_17_an_event_confirms_a_plan_it_names():
    # Issue 17, finding 3: W018 (an event) confirms R026 and R053; nothing let an event confirm a plan.
    records = records_frame(
        [
            {
                "site_id": "a",
                "date": D("2025-09-01"),
                "date_precision": "month",
                "status": "advisory",
                "claim": "planned",
            },
            {"site_id": "", "date": D("2026-01-18"), "status": "event", "claim": "announced", "confirms": "R0"},
        ]
    )
    index, timeline = timeline_of(records)
    (plan,) = index.plans()
    assert (plan.confirmed_on, plan.confirmed_by) == (D("2026-01-18"), "R1")
    states = {
        day: site_states(timeline, ["a"], D(day))["a"].plan
        for day in ("2025-12-01", "2026-01-18", "2026-02-16", "2026-02-17")
    }
    assert states == {"2025-12-01": "overdue", "2026-01-18": "confirmed", "2026-02-16": "confirmed", "2026-02-17": None}
    assert index.plan_states_at(D("2026-06-01")) == {"R0": "confirmed"}
