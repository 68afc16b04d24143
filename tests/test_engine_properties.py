"""Property tests: the engine against a row-by-row reference on generated record sets.

The reference loops over rows straight from the rules (data/README.md, dashboard/engine/'s
docstring); it shares nothing with the engine but the vocabularies, which it imports.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine import NO_STATUS, PostureIndex
from dashboard.vocabulary import (
    ANNOUNCED,
    CLAIMS,
    INCIDENT,
    INCIDENT_DAYS,
    NATIONAL,
    NON_SETTING,
    PLANNED,
    PRECISIONS,
    QUALIFIERS,
    REPORTED,
    SITE_STATUSES,
    STATUSES,
)

FIRST, LAST = dt.date(2014, 1, 1), dt.date(2027, 12, 31)
SITES = ("a", "b", "c", NATIONAL)
# A small pool of dates makes same-day ties common; any date in range fills the gaps.
DATE_POOL = [
    dt.date(2014, 1, 1),
    dt.date(2017, 12, 10),
    dt.date(2020, 1, 1),
    dt.date(2020, 1, 2),
    dt.date(2020, 1, 31),
    dt.date(2024, 9, 1),
    dt.date(2026, 9, 30),
    dt.date(2027, 12, 31),
]
dates = st.one_of(st.sampled_from(DATE_POOL), st.dates(FIRST, LAST))


def _valid(row: dict) -> bool:
    # What the validator lets through to the engine: a plan plans a site status (never an event or
    # an incident), and an incident happens at a site. Troops may stand on any claim here: the engine
    # must ignore those on claims other than reported and announced.
    if row["claim"] == PLANNED and row["status"] in NON_SETTING:
        return False
    return not (row["status"] == INCIDENT and row["site_id"] == NATIONAL)


record = st.fixed_dictionaries(
    {
        "site_id": st.sampled_from(SITES),
        "date": dates,
        "date_precision": st.sampled_from(PRECISIONS),
        "status": st.sampled_from(STATUSES),
        "claim": st.sampled_from(CLAIMS),
        "troops": st.one_of(st.none(), st.integers(0, 200_000)),
        "troops_qualifier": st.sampled_from(QUALIFIERS),
        "moved_to": st.sampled_from(("", "a", "b")),
        "known": st.one_of(st.none(), dates),  # when the record became public; None: always
    }
).filter(_valid)
record_lists = st.lists(record, max_size=30)
SETTINGS = settings(max_examples=150, deadline=None)
COLUMNS = [
    "record_id",
    "site_id",
    "date",
    "date_precision",
    "status",
    "claim",
    "troops",
    "troops_qualifier",
    "moved_to",
    "known",
]


def frame(rows: list[dict]) -> pd.DataFrame:
    numbered = [{"record_id": f"R{i}", **row} for i, row in enumerate(rows)]
    return pd.DataFrame(numbered, columns=COLUMNS)


def build(rows: list[dict]) -> PostureIndex:
    return PostureIndex.from_records(frame(rows))


def around(rows: list[dict]) -> list[dt.date]:
    """Every record date, the day before and after it, and the due dates' neighbours too."""
    days = {FIRST - dt.timedelta(days=1), LAST + dt.timedelta(days=1)}
    for row in rows:
        for day in (row["date"], ref_due(row), row["known"] or row["date"]):
            days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return sorted(days)


# ---- reference: loops over rows, straight from the semantics --------------------------------


def sets_status(row: dict) -> bool:
    return bool(row["site_id"]) and row["claim"] != PLANNED and row["status"] in SITE_STATUSES


def ref_status(rows: list[dict], on: dt.date) -> dict[str, tuple[str, str]]:
    best: dict[str, tuple[dt.date, str, str]] = {}
    for i, row in enumerate(rows):
        site = row["site_id"]
        if sets_status(row) and row["date"] <= on and (site not in best or row["date"] >= best[site][0]):
            best[site] = (row["date"], row["status"], f"R{i}")
    return {site: (status, rid) for site, (_, status, rid) in best.items()}


def ref_history(rows: list[dict]) -> dict[str, list[tuple[dt.date, str, str]]]:
    """site -> [(date, status, record)] with the last row of each date, by date."""
    by_day: dict[str, dict[dt.date, tuple[str, str]]] = {}
    for i, row in enumerate(rows):
        if sets_status(row):
            by_day.setdefault(row["site_id"], {})[row["date"]] = (row["status"], f"R{i}")
    return {site: [(day, *days[day]) for day in sorted(days)] for site, days in by_day.items()}


def ref_due(row: dict) -> dt.date:
    """The last day of the period the date stands for: the day, its month or its year."""
    day = row["date"]
    if row["date_precision"] == "year":
        return dt.date(day.year, 12, 31)
    if row["date_precision"] == "month":
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def ref_confirmed_on(rows: list[dict], plan: dict) -> dt.date | None:
    found = [
        row["date"]
        for row in rows
        if row["claim"] != PLANNED
        and row["site_id"] == plan["site_id"]
        and row["status"] == plan["status"]
        and row["date"] >= plan["date"]
    ]
    return min(found, default=None)


def ref_plans(rows: list[dict], on: dt.date, overdue: bool) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i, plan in enumerate(rows):
        if plan["claim"] != PLANNED or (plan["known"] is not None and on < plan["known"]):
            continue  # not a plan, or not public yet
        confirmed = ref_confirmed_on(rows, plan)
        if confirmed is not None and confirmed <= on:
            continue  # confirmed by then: neither pending nor overdue
        if (on > ref_due(plan)) == overdue:
            out.setdefault(plan["site_id"], set()).add(f"R{i}")
    return out


def ref_figure(rows: list[dict], on: dt.date, claim: str) -> tuple[str, int] | None:
    best = None
    for i, row in enumerate(rows):
        if row["claim"] == claim and row["troops"] is not None and row["date"] <= on:
            if best is None or row["date"] >= best[0]:
                best = (row["date"], f"R{i}", row["troops"])
    return best and best[1:]


def ref_incidents(rows: list[dict], on: dt.date) -> list[str]:
    shown = [
        (row["date"], i)
        for i, row in enumerate(rows)
        if row["status"] == INCIDENT and 0 <= (on - row["date"]).days < INCIDENT_DAYS
    ]
    return [f"R{i}" for _, i in sorted(shown)]


def ref_moves(rows: list[dict], on: dt.date) -> set[tuple[str, str, str]]:
    """(from, to, record) of every move under way: the site's status-setting record names it."""
    moves = set()
    for site, (_, record_id) in ref_status(rows, on).items():
        to_site = rows[int(record_id[1:])]["moved_to"]
        if to_site:
            moves.add((site, to_site, record_id))
    return moves


def engine_status(ix: PostureIndex, on: dt.date) -> dict[str, tuple[str, str]]:
    return {site: (s.status, s.record_id) for site, s in ix.status_at(on).items()}


def as_sets(grouped: dict[str, list[str]]) -> dict[str, set[str]]:
    return {site: set(ids) for site, ids in grouped.items()}


# ---- properties -----------------------------------------------------------------------------


@SETTINGS
@given(rows=record_lists, days=st.lists(dates, min_size=1, max_size=8))
def test_engine_equals_reference(rows, days):
    ix = build(rows)
    for on in days + around(rows):
        expected = ref_status(rows, on)
        assert engine_status(ix, on) == expected
        site_ids, codes = ix.status_array_at(on)
        from_array = {s: STATUSES[c] for s, c in zip(site_ids, codes, strict=True) if c != NO_STATUS}
        assert from_array == {site: status for site, (status, _) in expected.items()}
        assert as_sets(ix.pending_at(on)) == ref_plans(rows, on, overdue=False)
        assert as_sets(ix.overdue_at(on)) == ref_plans(rows, on, overdue=True)
        level = ix.force_level_at(on)
        assert (level and (level.record_id, level.troops)) == ref_figure(rows, on, REPORTED)
        target = ix.target_at(on)
        assert (target and (target.record_id, target.troops)) == ref_figure(rows, on, ANNOUNCED)
        assert [i.record_id for i in ix.incidents_at(on)] == ref_incidents(rows, on)
        assert {(m.from_site, m.to_site, m.record_id) for m in ix.moves_at(on)} == ref_moves(rows, on)
    start, end = days[0], days[-1]  # either order; a reversed interval holds nothing
    assert ix.records_between(start, end) == [f"R{i}" for i, r in enumerate(rows) if start < r["date"] <= end]


@SETTINGS
@given(rows=record_lists)
def test_plans_carry_due_and_confirmation(rows):
    plans = {p.record_id: p for p in build(rows).plans()}
    expected = {
        f"R{i}": (row["site_id"], row["status"], row["date"], ref_due(row), ref_confirmed_on(rows, row), row["known"])
        for i, row in enumerate(rows)
        if row["claim"] == PLANNED
    }
    assert {r: (p.site_id, p.status, p.date, p.due, p.confirmed_on, p.known) for r, p in plans.items()} == expected
    # by date, then file order
    assert list(plans) == sorted(plans, key=lambda r: (plans[r].date, int(r[1:])))


@SETTINGS
@given(rows=record_lists)
def test_status_history_is_one_state_per_date_and_agrees_with_status_at(rows):
    ix = build(rows)
    history = ix.status_history()
    assert {
        site: [(s.since, s.status, s.record_id) for s in states] for site, states in history.items()
    } == ref_history(rows)
    for on in around(rows):
        replayed = {
            site: [s for s in states if s.since <= on][-1] for site, states in history.items() if states[0].since <= on
        }
        assert replayed == ix.status_at(on)


@SETTINGS
@given(rows=record_lists)
def test_moves_end_at_the_next_status_setting_date_and_agree_with_moves_at(rows):
    ix = build(rows)
    moves = ix.moves()
    history = ref_history(rows)
    for move in moves:
        later = [day for day, _, _ in history[move.from_site] if day > move.since]
        assert move.until == min(later, default=None)
    for on in around(rows):
        under_way = [
            (m.from_site, m.to_site, m.status, m.since, m.record_id)
            for m in moves
            if m.since <= on and (m.until is None or on < m.until)
        ]
        assert under_way == [(m.from_site, m.to_site, m.status, m.since, m.record_id) for m in ix.moves_at(on)]


@st.composite
def same_past_different_futures(draw):
    """A cutoff, and two record sets that share their records dated <= cutoff (same relative
    file order) but hold unrelated records dated after it, inserted at arbitrary rows."""
    cutoff = draw(st.dates(FIRST, LAST))
    later = st.dates(cutoff + dt.timedelta(days=1), LAST + dt.timedelta(days=400))
    pool = [d for d in DATE_POOL if d <= cutoff] + [cutoff]
    earlier = st.one_of(st.sampled_from(pool), st.dates(FIRST, cutoff))
    past = [{**r, "date": draw(earlier), "tag": i} for i, r in enumerate(draw(st.lists(record, max_size=20)))]

    def with_future():
        rows = list(past)
        for future in draw(st.lists(record, max_size=10)):
            rows.insert(draw(st.integers(0, len(rows))), {**future, "date": draw(later), "tag": None})
        return rows

    return cutoff, with_future(), with_future()


def past_view(rows: list[dict], cutoff: dt.date):
    """What the engine says at cutoff, with record ids replaced by the shared records' tags.

    Pending plans are left out: a plan dated after the cutoff is pending at it, by design.
    """
    ix = build(rows)
    tag = {f"R{i}": row["tag"] for i, row in enumerate(rows)}

    def figure(found):
        return found and (found.troops, found.since, tag[found.record_id])

    return (
        {site: (s.status, s.since, tag[s.record_id]) for site, s in ix.status_at(cutoff).items()},
        {site: sorted(tag[r] for r in ids) for site, ids in ix.overdue_at(cutoff).items()},
        figure(ix.force_level_at(cutoff)),
        figure(ix.target_at(cutoff)),
        [tag[i.record_id] for i in ix.incidents_at(cutoff)],
        sorted((m.from_site, m.to_site, tag[m.record_id]) for m in ix.moves_at(cutoff)),
    )


@SETTINGS
@given(same_past_different_futures())
def test_state_at_t_depends_only_on_records_up_to_t(case):
    cutoff, rows_a, rows_b = case
    assert past_view(rows_a, cutoff) == past_view(rows_b, cutoff)


@SETTINGS
@given(rows=record_lists)
def test_stepping_visits_every_change_date_once_and_every_transition_once(rows):
    ix = build(rows)
    all_dates = sorted({r["date"] for r in rows})
    assert ix.change_dates() == all_dates

    visited, on = [], FIRST - dt.timedelta(days=1)
    state = {site: s.status for site, s in ix.status_at(on).items()}
    assert state == {}
    stepped: dict[str, list[tuple[dt.date, str | None]]] = {}
    while (step := ix.next_change(on)) is not None:
        assert step > on and len(visited) < len(all_dates)  # a stuck step would loop forever
        visited.append(step)
        for change in ix.status_changes(on, step):
            assert change.before == state.get(change.site_id) != change.after
            state[change.site_id] = change.after
            stepped.setdefault(change.site_id, []).append((step, change.after))
        current = ix.status_at(step)
        assert state == {site: s.status for site, s in current.items()}
        assert all(current[c.site_id].record_id == c.record_id for c in ix.status_changes(on, step) if c.after)
        on = step
    assert visited == all_dates

    backwards, on = [], LAST + dt.timedelta(days=1)
    while (step := ix.previous_change(on)) is not None:
        assert step < on and len(backwards) < len(all_dates)
        backwards.append(step)
        on = step
    assert backwards == all_dates[::-1]

    # Reference transitions: each site's status sequence over the change dates, repeats dropped.
    expected: dict[str, list[tuple[dt.date, str | None]]] = {}
    previous: dict[str, str] = {}
    for day in all_dates:
        now = {site: status for site, (status, _) in ref_status(rows, day).items()}
        for site in sorted(set(now) | set(previous)):
            if now.get(site) != previous.get(site):
                expected.setdefault(site, []).append((day, now.get(site)))
        previous = now
    assert stepped == expected


@SETTINGS
@given(rows=record_lists)
def test_planned_records_events_and_incidents_never_change_a_status(rows):
    everything = build(rows)
    setting_only = build([r for r in rows if r["claim"] != PLANNED and r["status"] not in NON_SETTING])
    for day in sorted({r["date"] for r in rows}):
        for on in (day - dt.timedelta(days=1), day):
            ours = {site: (s.status, s.since) for site, s in everything.status_at(on).items()}
            assert ours == {site: (s.status, s.since) for site, s in setting_only.status_at(on).items()}
