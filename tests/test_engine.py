"""Semantics of the posture state engine on tiny inline record tables."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.engine import (
    NO_STATUS,
    STATUSES,
    Change,
    ForceLevel,
    Move,
    PostureIndex,
    SiteState,
)

D = dt.date.fromisoformat
COLUMNS = ["record_id", "site_id", "date", "status", "claim", "troops", "troops_qualifier", "moved_to"]


def table(*rows: tuple) -> pd.DataFrame:
    """Rows of (record_id, site_id, date, status, claim[, troops, qualifier, moved_to])."""
    padded = [row + (None,) * (len(COLUMNS) - len(row)) for row in rows]
    return pd.DataFrame(padded, columns=COLUMNS)


def index(*rows: tuple) -> PostureIndex:
    return PostureIndex.from_records(table(*rows))


def statuses(ix: PostureIndex, on: str) -> dict[str, tuple[str, str]]:
    return {site: (s.status, s.record_id) for site, s in ix.status_at(on).items()}


# ---- status_at ------------------------------------------------------------------------------

STATUS_CASES = [
    (
        "later row wins a tie",
        [("R1", "a", "2020-01-01", "active", "reported"), ("R2", "a", "2020-01-01", "drawdown", "reported")],
        "2020-01-01",
        {"a": ("drawdown", "R2")},
    ),
    (
        "tie with rows swapped",
        [("R2", "a", "2020-01-01", "drawdown", "reported"), ("R1", "a", "2020-01-01", "active", "reported")],
        "2020-01-01",
        {"a": ("active", "R1")},
    ),
    (
        "later date wins whatever the row order",
        [("R1", "a", "2021-01-01", "drawdown", "reported"), ("R2", "a", "2020-01-01", "active", "reported")],
        "2021-06-01",
        {"a": ("drawdown", "R1")},
    ),
    (
        "planned never sets a status",
        [("R1", "a", "2020-01-01", "active", "reported"), ("R2", "a", "2020-06-01", "handed_over", "planned")],
        "2021-01-01",
        {"a": ("active", "R1")},
    ),
    (
        "planned alone gives no status",
        [("R1", "a", "2020-06-01", "handed_over", "planned")],
        "2021-01-01",
        {},
    ),
    (
        "events never set a status",
        [("R1", "a", "2020-01-01", "active", "reported"), ("R2", "a", "2020-06-01", "event", "reported")],
        "2021-01-01",
        {"a": ("active", "R1")},
    ),
    (
        "announced and assessed records set a status",
        [("R1", "a", "2020-01-01", "active", "announced"), ("R2", "b", "2020-01-01", "watch", "assessed")],
        "2020-01-01",
        {"a": ("active", "R1"), "b": ("watch", "R2")},
    ),
    (
        "national records never set a site status",
        [("R1", "", "2020-01-01", "drawdown", "announced"), ("R2", None, "2020-01-01", "active", "reported")],
        "2021-01-01",
        {},
    ),
    (
        "site with no record before T is absent",
        [("R1", "a", "2020-01-01", "active", "reported"), ("R2", "b", "2020-01-02", "active", "reported")],
        "2020-01-01",
        {"a": ("active", "R1")},
    ),
    (
        "nothing before the first record",
        [("R1", "a", "2020-01-01", "active", "reported")],
        "2019-12-31",
        {},
    ),
    (
        "records after T are ignored",
        [("R1", "a", "2020-01-01", "active", "reported"), ("R2", "a", "2020-01-02", "handed_over", "reported")],
        "2020-01-01",
        {"a": ("active", "R1")},
    ),
]


@pytest.mark.parametrize("rows, on, expected", [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_status_at(rows, on, expected):
    assert statuses(index(*rows), on) == expected


def test_site_state_carries_date_and_record_of_the_setting_record():
    ix = index(("R1", "a", "2020-01-01", "active", "reported"), ("R2", "a", "2020-03-05", "drawdown", "reported"))
    assert ix.status_at(D("2020-12-31"))["a"] == SiteState("a", "drawdown", D("2020-03-05"), "R2")


@pytest.mark.parametrize(
    "dates",
    [
        ["2020-01-01", "2021-01-01"],
        [D("2020-01-01"), D("2021-01-01")],
        [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")],
        pd.to_datetime(["2020-01-01", "2021-01-01"]),
    ],
    ids=["iso strings", "dates", "timestamps", "datetime64 column"],
)
def test_dates_in_any_form(dates):
    records = table(("R1", "a", None, "active", "reported"), ("R2", "a", None, "drawdown", "reported"))
    records["date"] = dates
    ix = PostureIndex.from_records(records)
    assert statuses(ix, "2020-06-01") == {"a": ("active", "R1")}
    assert ix.status_at(dt.datetime(2021, 1, 1, 12))["a"].since == D("2021-01-01")


def test_status_array_at_matches_status_at():
    ix = index(
        ("R1", "b", "2020-01-01", "watch", "reported"),
        ("R2", "a", "2020-01-01", "active", "reported"),
        ("R3", "c", "2022-01-01", "active", "reported"),
        ("R4", "d", "2020-01-01", "active", "planned"),
    )
    site_ids, codes = ix.status_array_at("2021-01-01")
    assert list(site_ids) == ["a", "b", "c", "d"]
    assert [STATUSES[c] if c != NO_STATUS else None for c in codes] == ["active", "watch", None, None]
    assert list(ix.record_rows_at("2021-01-01")[1]) == [1, 0, -1, -1]


# ---- pending and overdue -------------------------------------------------------------------

PLAN = ("P", "a", "2025-09-01", "handed_over", "planned")
OVERDUE_CASES = [
    # (name, other records, on, expected overdue)
    ("not yet due the day before", [], "2025-08-31", {}),
    ("overdue on its date with nothing reported", [], "2025-09-01", {"a": ["P"]}),
    ("overdue later with nothing reported", [], "2026-01-01", {"a": ["P"]}),
    ("confirmed on its own date", [("C", "a", "2025-09-01", "handed_over", "reported")], "2025-09-01", {}),
    ("confirmed later, seen later", [("C", "a", "2025-10-01", "handed_over", "announced")], "2026-01-01", {}),
    ("confirmed later, not yet at T", [("C", "a", "2025-10-01", "handed_over", "reported")], "2025-09-15", {"a": ["P"]}),
    ("status reported before the plan's date does not confirm", [("C", "a", "2025-08-31", "handed_over", "reported")], "2026-01-01", {"a": ["P"]}),
    ("another status does not confirm", [("C", "a", "2025-10-01", "drawdown", "reported")], "2026-01-01", {"a": ["P"]}),
    ("another site does not confirm", [("C", "b", "2025-10-01", "handed_over", "reported")], "2026-01-01", {"a": ["P"]}),
    ("a second plan does not confirm", [("C", "a", "2025-10-01", "handed_over", "planned")], "2026-01-01", {"a": ["P", "C"]}),
]


@pytest.mark.parametrize("others, on, expected", [c[1:] for c in OVERDUE_CASES], ids=[c[0] for c in OVERDUE_CASES])
def test_overdue_at(others, on, expected):
    assert index(PLAN, *others).overdue_at(on) == expected


def test_overdue_does_not_change_status():
    ix = index(("R1", "a", "2024-01-01", "drawdown", "reported"), PLAN)
    assert ix.overdue_at("2026-01-01") == {"a": ["P"]}
    assert statuses(ix, "2026-01-01") == {"a": ("drawdown", "R1")}


def test_national_plan_is_confirmed_by_a_national_record():
    plan = ("P", "", "2025-09-01", "drawdown", "planned")
    assert index(plan).overdue_at("2026-01-01") == {"": ["P"]}
    assert index(plan, ("C", None, "2025-12-01", "drawdown", "announced")).overdue_at("2026-01-01") == {}


PENDING_CASES = [
    ("dated after T is pending", "2025-08-31", {"a": ["P2", "P1"], "b": ["P3"]}),
    ("dated on T is no longer pending", "2025-09-01", {"a": ["P1"], "b": ["P3"]}),
    ("all past", "2027-01-01", {}),
]


@pytest.mark.parametrize("on, expected", [c[1:] for c in PENDING_CASES], ids=[c[0] for c in PENDING_CASES])
def test_pending_at_lists_plans_soonest_first(on, expected):
    ix = index(
        ("P1", "a", "2026-01-01", "handed_over", "planned"),
        ("P2", "a", "2025-09-01", "drawdown", "planned"),
        ("P3", "b", "2026-01-01", "handed_over", "planned"),
        ("R1", "a", "2026-02-01", "handed_over", "reported"),
    )
    assert ix.pending_at(on) == expected


# ---- force level ---------------------------------------------------------------------------

FORCE = [
    ("N1", "", "2021-12-09", "event", "announced", 2500, "about"),
    ("N2", "", "2025-01-01", "event", "planned", 1000, "under"),
    ("N3", "", "2025-09-01", "drawdown", "reported", 2000, "under"),
    ("N4", "", "2026-01-01", "event", "reported", 1500, "about"),
    ("N5", "", "2026-01-01", "event", "assessed", 1200, "over"),
]
FORCE_CASES = [
    ("before any", "2021-12-08", None),
    ("on the first", "2021-12-09", ("N1", 2500, "about")),
    ("planned troops ignored", "2025-06-01", ("N1", 2500, "about")),
    ("under 2000", "2025-09-01", ("N3", 2000, "under")),
    ("later row wins a tie", "2026-06-01", ("N5", 1200, "over")),
]


@pytest.mark.parametrize("on, expected", [c[1:] for c in FORCE_CASES], ids=[c[0] for c in FORCE_CASES])
def test_force_level_at(on, expected):
    level = index(*FORCE).force_level_at(on)
    assert (level and (level.record_id, level.troops, level.qualifier)) == expected


def test_force_level_steps_one_per_date():
    assert index(*FORCE).force_level_steps() == [
        ForceLevel(2500, "about", D("2021-12-09"), "N1"),
        ForceLevel(2000, "under", D("2025-09-01"), "N3"),
        ForceLevel(1200, "over", D("2026-01-01"), "N5"),
    ]


# ---- stepping through change dates ---------------------------------------------------------

STEPS = [
    ("R1", "a", "2020-01-01", "active", "reported"),
    ("R2", "", "2021-01-01", "event", "announced"),
    ("R3", "a", "2020-01-01", "drawdown", "reported"),
    ("R4", "b", "2026-09-01", "handed_over", "planned"),
]
STEP_CASES = [
    # (on, previous_change, next_change)
    ("2019-01-01", None, "2020-01-01"),
    ("2020-01-01", None, "2021-01-01"),
    ("2020-06-01", "2020-01-01", "2021-01-01"),
    ("2021-01-01", "2020-01-01", "2026-09-01"),
    ("2026-09-01", "2021-01-01", None),
    ("2030-01-01", "2026-09-01", None),
]


def test_change_dates_include_events_planned_and_national():
    assert index(*STEPS).change_dates() == [D("2020-01-01"), D("2021-01-01"), D("2026-09-01")]


@pytest.mark.parametrize("on, previous, following", STEP_CASES)
def test_previous_and_next_change(on, previous, following):
    ix = index(*STEPS)
    assert ix.previous_change(on) == (previous and D(previous))
    assert ix.next_change(D(on)) == (following and D(following))


def test_no_records_no_changes():
    ix = PostureIndex.from_records(table())
    assert (ix.change_dates(), ix.next_change("2020-01-01"), ix.previous_change("2020-01-01")) == ([], None, None)
    assert (ix.status_at("2020-01-01"), ix.force_level_at("2020-01-01"), ix.pending_at("2020-01-01")) == ({}, None, {})


CHANGES = [
    ("R1", "a", "2020-01-01", "active", "reported"),
    ("R2", "b", "2020-01-01", "active", "reported"),
    ("R3", "a", "2021-01-01", "active", "reported"),
    ("R4", "b", "2021-01-01", "drawdown", "reported"),
    ("R5", "c", "2021-01-01", "watch", "assessed"),
    ("R6", "a", "2022-01-01", "handed_over", "planned"),
    ("R7", "b", "2022-01-01", "event", "reported"),
]
CHANGE_CASES = [
    ("from nothing", "2019-01-01", "2020-01-01", [Change("a", None, "active", "R1"), Change("b", None, "active", "R2")]),
    (
        "restating a status is no change",
        "2020-01-01",
        "2021-01-01",
        [Change("b", "active", "drawdown", "R4"), Change("c", None, "watch", "R5")],
    ),
    ("planned and event records change nothing", "2021-01-01", "2023-01-01", []),
    ("same date", "2021-01-01", "2021-01-01", []),
    (
        "backwards reports the status at start as before",
        "2021-01-01",
        "2019-01-01",
        [Change("a", "active", None, None), Change("b", "drawdown", None, None), Change("c", "watch", None, None)],
    ),
]


@pytest.mark.parametrize("start, end, expected", [c[1:] for c in CHANGE_CASES], ids=[c[0] for c in CHANGE_CASES])
def test_status_changes(start, end, expected):
    assert index(*CHANGES).status_changes(start, end) == expected


BETWEEN_CASES = [
    ("start exclusive, end inclusive", "2020-01-01", "2021-01-01", ["R3", "R4", "R5"]),
    ("day before start includes it", "2019-12-31", "2020-01-01", ["R1", "R2"]),
    ("empty interval", "2021-01-01", "2021-01-01", []),
    ("reversed interval", "2022-01-01", "2020-01-01", []),
    ("everything, file order", "2000-01-01", "2030-01-01", ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]),
]


@pytest.mark.parametrize("start, end, expected", [c[1:] for c in BETWEEN_CASES], ids=[c[0] for c in BETWEEN_CASES])
def test_records_between(start, end, expected):
    assert index(*CHANGES).records_between(start, end) == expected


# ---- moves ---------------------------------------------------------------------------------

MOVES = [
    ("R1", "asad", "2024-01-01", "active", "reported"),
    ("R2", "asad", "2025-01-01", "drawdown", "reported", None, None, "erbil"),
    ("R3", "asad", "2026-01-01", "handed_over", "reported"),
    ("R4", "tanf", "2025-06-01", "event", "reported", None, None, "erbil"),
    ("R5", "baghdad", "2025-06-01", "drawdown", "planned", None, None, "erbil"),
]


@pytest.mark.parametrize(
    "on, expected",
    [
        ("2024-12-31", []),
        ("2025-01-01", [Move("asad", "erbil", "drawdown", D("2025-01-01"), "R2")]),
        ("2025-12-31", [Move("asad", "erbil", "drawdown", D("2025-01-01"), "R2")]),
        ("2026-01-01", []),
    ],
)
def test_moves_last_while_their_record_sets_the_status(on, expected):
    assert index(*MOVES).moves_at(on) == expected


# ---- input handling ------------------------------------------------------------------------

INVALID = [
    ("missing column", lambda t: t.drop(columns=["claim"]), "claim"),
    ("unknown status", lambda t: t.assign(status="closed"), "closed"),
    ("unknown claim", lambda t: t.assign(claim="rumoured"), "rumoured"),
    ("missing date", lambda t: t.assign(date=None), "R1"),
    ("bad date", lambda t: t.assign(date="2020-13-01"), "2020-13-01"),
    ("fractional troops", lambda t: t.assign(troops=2500.5), "2500.5"),
    ("troops with a comma", lambda t: t.assign(troops="2,500"), "2,500"),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_records_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        PostureIndex.from_records(change(table(("R1", "a", "2020-01-01", "active", "reported"))))


def test_troops_as_strings_and_nullable_ints():
    records = table(("N1", "", "2020-01-01", "event", "reported"), ("N2", "", "2021-01-01", "event", "reported"))
    for troops in (["2500", ""], pd.array([2500, None], dtype="Int64"), [2500.0, math.nan]):
        level = PostureIndex.from_records(records.assign(troops=troops)).force_level_at("2022-01-01")
        assert (level.troops, level.record_id) == (2500, "N1")


def test_build_leaves_input_untouched_and_index_is_immutable():
    records = table(*CHANGES)
    before = records.copy(deep=True)
    ix = PostureIndex.from_records(records)
    pd.testing.assert_frame_equal(records, before)
    with pytest.raises(AttributeError):
        ix.extra = 1
    site_ids, _ = ix.status_array_at("2021-01-01")
    with pytest.raises(ValueError):
        site_ids[0] = "z"
    records.loc[0, "status"] = "watch"  # later edits to the frame do not reach the index
    assert ix.status_at("2020-01-01")["a"].status == "active"


def test_index_survives_pickling():
    import pickle

    ix = pickle.loads(pickle.dumps(index(*CHANGES)))
    assert statuses(ix, "2021-01-01") == {"a": ("active", "R3"), "b": ("drawdown", "R4"), "c": ("watch", "R5")}
    assert not ix.status_array_at("2021-01-01")[0].flags.writeable
    assert isinstance(ix.status_array_at("2021-01-01")[1], np.ndarray)
