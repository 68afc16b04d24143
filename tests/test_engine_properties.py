"""Property tests: the engine against a row-by-row reference on generated record sets."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine import CLAIMS, EVENT, NATIONAL, NO_STATUS, STATUSES, PostureIndex

FIRST, LAST = dt.date(2014, 1, 1), dt.date(2027, 12, 31)
SITES = ("a", "b", "c", NATIONAL)
# A small pool of dates makes same-day ties common; any date in range fills the gaps.
DATE_POOL = [dt.date(2014, 1, 1), dt.date(2017, 12, 10), dt.date(2020, 1, 1), dt.date(2020, 1, 2),
             dt.date(2024, 9, 1), dt.date(2026, 9, 30), dt.date(2027, 12, 31)]
dates = st.one_of(st.sampled_from(DATE_POOL), st.dates(FIRST, LAST))

record = st.fixed_dictionaries(
    {
        "site_id": st.sampled_from(SITES),
        "date": dates,
        "status": st.sampled_from(STATUSES + (EVENT,)),
        "claim": st.sampled_from(CLAIMS),
        "troops": st.one_of(st.none(), st.integers(0, 200_000)),
        "troops_qualifier": st.sampled_from(("about", "under", "over", "exact")),
        "moved_to": st.sampled_from(("", "a", "b")),
    }
)
record_lists = st.lists(record, max_size=30)
SETTINGS = settings(max_examples=150, deadline=None)


def frame(rows: list[dict]) -> pd.DataFrame:
    numbered = [{"record_id": f"R{i}", **row} for i, row in enumerate(rows)]
    columns = ["record_id", "site_id", "date", "status", "claim", "troops", "troops_qualifier", "moved_to"]
    return pd.DataFrame(numbered, columns=columns)


def build(rows: list[dict]) -> PostureIndex:
    return PostureIndex.from_records(frame(rows))


# ---- reference: loops over rows, straight from the semantics --------------------------------

def sets_status(row: dict) -> bool:
    return bool(row["site_id"]) and row["claim"] != "planned" and row["status"] != EVENT


def ref_status(rows: list[dict], on: dt.date) -> dict[str, tuple[str, str]]:
    best: dict[str, tuple[dt.date, str, str]] = {}
    for i, row in enumerate(rows):
        site = row["site_id"]
        if sets_status(row) and row["date"] <= on and (site not in best or row["date"] >= best[site][0]):
            best[site] = (row["date"], row["status"], f"R{i}")
    return {site: (status, rid) for site, (_, status, rid) in best.items()}


def ref_pending(rows: list[dict], on: dt.date) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i, row in enumerate(rows):
        if row["claim"] == "planned" and row["date"] > on:
            out.setdefault(row["site_id"], set()).add(f"R{i}")
    return out


def ref_overdue(rows: list[dict], on: dt.date) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i, plan in enumerate(rows):
        if plan["claim"] != "planned" or plan["date"] > on:
            continue
        confirmed = any(
            row["site_id"] == plan["site_id"] and row["claim"] != "planned" and row["status"] == plan["status"]
            and plan["date"] <= row["date"] <= on
            for row in rows
        )
        if not confirmed:
            out.setdefault(plan["site_id"], set()).add(f"R{i}")
    return out


def ref_force(rows: list[dict], on: dt.date) -> tuple[str, int] | None:
    best = None
    for i, row in enumerate(rows):
        if row["claim"] != "planned" and row["troops"] is not None and row["date"] <= on:
            if best is None or row["date"] >= best[0]:
                best = (row["date"], f"R{i}", row["troops"])
    return best and best[1:]


def engine_status(ix: PostureIndex, on: dt.date) -> dict[str, tuple[str, str]]:
    return {site: (s.status, s.record_id) for site, s in ix.status_at(on).items()}


def as_sets(grouped: dict[str, list[str]]) -> dict[str, set[str]]:
    return {site: set(ids) for site, ids in grouped.items()}


# ---- properties -----------------------------------------------------------------------------

@SETTINGS
@given(rows=record_lists, days=st.lists(dates, min_size=1, max_size=8))
def test_engine_equals_reference(rows, days):
    ix = build(rows)
    for on in days + [FIRST - dt.timedelta(days=1), LAST]:
        expected = ref_status(rows, on)
        assert engine_status(ix, on) == expected
        site_ids, codes = ix.status_array_at(on)
        from_array = {s: STATUSES[c] for s, c in zip(site_ids, codes) if c != NO_STATUS}
        assert from_array == {site: status for site, (status, _) in expected.items()}
        assert as_sets(ix.pending_at(on)) == ref_pending(rows, on)
        assert as_sets(ix.overdue_at(on)) == ref_overdue(rows, on)
        level = ix.force_level_at(on)
        assert (level and (level.record_id, level.troops)) == ref_force(rows, on)
    start, end = days[0], days[-1]  # either order; a reversed interval holds nothing
    assert ix.records_between(start, end) == [f"R{i}" for i, r in enumerate(rows) if start < r["date"] <= end]


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
    """What the engine says at cutoff, with record ids replaced by the shared records' tags."""
    ix = build(rows)
    tag = {f"R{i}": row["tag"] for i, row in enumerate(rows)}
    level = ix.force_level_at(cutoff)
    return (
        {site: (s.status, s.since, tag[s.record_id]) for site, s in ix.status_at(cutoff).items()},
        {site: sorted(tag[r] for r in ids) for site, ids in ix.overdue_at(cutoff).items()},
        level and (level.troops, level.since, tag[level.record_id]),
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
def test_planned_records_never_change_a_status(rows):
    with_plans = build(rows)
    without = build([r for r in rows if r["claim"] != "planned"])
    for day in sorted({r["date"] for r in rows}):
        for on in (day - dt.timedelta(days=1), day):
            ours = {site: (s.status, s.since) for site, s in with_plans.status_at(on).items()}
            assert ours == {site: (s.status, s.since) for site, s in without.status_at(on).items()}
