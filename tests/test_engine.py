"""Semantics of the posture state engine on tiny inline record tables."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.engine import (
    NO_STATUS,
    Change,
    ForceLevel,
    Incident,
    Move,
    Plan,
    PostureIndex,
    SiteState,
)
from dashboard.vocabulary import INCIDENT_DAYS, STATUSES

D = dt.date.fromisoformat
COLUMNS = ["record_id", "site_id", "date", "status", "claim", "troops", "troops_qualifier", "moved_to"]


def table(*rows: tuple, precision: dict[str, str] | None = None, known: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of (record_id, site_id, date, status, claim[, troops, qualifier, moved_to]).

    `precision` maps record ids to their date_precision, `known` to the date they became public; without
    them the table has no such column (the engine then reads every date as a day, every record as
    public from the start).
    """
    padded = [row + (None,) * (len(COLUMNS) - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=COLUMNS)
    if precision is not None:
        frame["date_precision"] = [precision.get(row[0], "day") for row in rows]
    if known is not None:
        frame["known"] = pd.Series([known.get(row[0]) for row in rows], dtype=object)
    return frame


def index(*rows: tuple, precision: dict[str, str] | None = None, known: dict[str, str] | None = None) -> PostureIndex:
    return PostureIndex.from_records(table(*rows, precision=precision, known=known))


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

# A day-precision plan: due on its own date (issue 9 moved "overdue" from the plan's date to the day
# after its due date, so on its own date a plan is still pending, not overdue).
PLAN = ("P", "a", "2025-09-01", "handed_over", "planned")
OVERDUE_CASES = [
    # (name, other records, on, expected overdue)
    ("not yet due the day before", [], "2025-08-31", {}),
    ("due on its date, so not yet overdue", [], "2025-09-01", {}),
    ("overdue the day after its due date with nothing reported", [], "2025-09-02", {"a": ["P"]}),
    ("overdue later with nothing reported", [], "2026-01-01", {"a": ["P"]}),
    ("confirmed on its own date", [("C", "a", "2025-09-01", "handed_over", "reported")], "2025-09-02", {}),
    ("confirmed later, seen later", [("C", "a", "2025-10-01", "handed_over", "announced")], "2026-01-01", {}),
    (
        "confirmed later, not yet at T",
        [("C", "a", "2025-10-01", "handed_over", "reported")],
        "2025-09-15",
        {"a": ["P"]},
    ),
    (
        "status reported before the plan's date does not confirm",
        [("C", "a", "2025-08-31", "handed_over", "reported")],
        "2026-01-01",
        {"a": ["P"]},
    ),
    ("another status does not confirm", [("C", "a", "2025-10-01", "drawdown", "reported")], "2026-01-01", {"a": ["P"]}),
    (
        "another site does not confirm",
        [("C", "b", "2025-10-01", "handed_over", "reported")],
        "2026-01-01",
        {"a": ["P"]},
    ),
    (
        "a second plan does not confirm",
        [("C", "a", "2025-10-01", "handed_over", "planned")],
        "2026-01-01",
        {"a": ["P", "C"]},
    ),
    (
        "an incident at the site does not confirm",
        [("C", "a", "2025-10-01", "incident", "reported")],
        "2026-01-01",
        {"a": ["P"]},
    ),
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
    ("still pending on its due date", "2025-09-01", {"a": ["P2", "P1"], "b": ["P3"]}),
    ("no longer pending the day after its due date", "2025-09-02", {"a": ["P1"], "b": ["P3"]}),
    ("confirmed before its date: no longer pending", "2026-01-01", {"b": ["P3"]}),
    ("all past", "2027-01-01", {}),
]


@pytest.mark.parametrize("on, expected", [c[1:] for c in PENDING_CASES], ids=[c[0] for c in PENDING_CASES])
def test_pending_at_lists_plans_soonest_first(on, expected):
    ix = index(
        ("P1", "a", "2026-01-01", "handed_over", "planned"),
        ("P2", "a", "2025-09-01", "drawdown", "planned"),
        ("P3", "b", "2026-01-01", "handed_over", "planned"),
        ("R1", "a", "2026-01-01", "handed_over", "reported"),
    )
    assert ix.pending_at(on) == expected


def plan_state(ix: PostureIndex, on: str, site: str = "a") -> str | None:
    """ "pending", "overdue" or None for the plans of `site` at `on` (a plan is never both)."""
    pending, overdue = ix.pending_at(on).get(site, []), ix.overdue_at(on).get(site, [])
    assert not set(pending) & set(overdue), "a plan is pending or overdue, never both"
    return "pending" if pending else "overdue" if overdue else None


# A plan is due at the end of the period its date stands for: the day itself, its month or its year.
DUE_CASES = [
    # (name, plan date, precision, confirming record's date or None, on, expected)
    ("month plan before its date", "2025-09-01", "month", None, "2025-08-31", "pending"),
    ("month plan on its date", "2025-09-01", "month", None, "2025-09-01", "pending"),
    ("month plan the day after its date", "2025-09-01", "month", None, "2025-09-02", "pending"),
    ("month plan on the last day of its month", "2025-09-01", "month", None, "2025-09-30", "pending"),
    ("month plan the day after its month", "2025-09-01", "month", None, "2025-10-01", "overdue"),
    ("December month plan on 31 December", "2025-12-01", "month", None, "2025-12-31", "pending"),
    ("December month plan in January", "2025-12-01", "month", None, "2026-01-01", "overdue"),
    ("February month plan in a leap year", "2024-02-01", "month", None, "2024-02-29", "pending"),
    ("year plan on 31 December", "2025-01-01", "year", None, "2025-12-31", "pending"),
    ("year plan the next year", "2025-01-01", "year", None, "2026-01-01", "overdue"),
    ("day plan on its date", "2025-09-01", "day", None, "2025-09-01", "pending"),
    ("day plan the day after", "2025-09-01", "day", None, "2025-09-02", "overdue"),
    (
        "confirmed inside its month: pending the day before",
        "2025-09-01",
        "month",
        "2025-09-15",
        "2025-09-14",
        "pending",
    ),
    ("confirmed inside its month: neither on confirmation", "2025-09-01", "month", "2025-09-15", "2025-09-15", None),
    ("confirmed inside its month: neither at month end", "2025-09-01", "month", "2025-09-15", "2025-09-30", None),
    ("confirmed inside its month: neither after its month", "2025-09-01", "month", "2025-09-15", "2025-10-01", None),
    ("confirmed inside its month: neither years later", "2025-09-01", "month", "2025-09-15", "2030-01-01", None),
    ("confirmed inside its year: neither after the year", "2025-01-01", "year", "2025-06-01", "2026-01-01", None),
    ("confirmed after its month: overdue until then", "2025-09-01", "month", "2025-11-01", "2025-10-31", "overdue"),
    ("confirmed after its month: neither from then", "2025-09-01", "month", "2025-11-01", "2025-11-01", None),
]


@pytest.mark.parametrize(
    "planned, precision, confirmed, on, expected", [c[1:] for c in DUE_CASES], ids=[c[0] for c in DUE_CASES]
)
def test_a_plan_is_due_at_the_end_of_its_period(planned, precision, confirmed, on, expected):
    rows = [("P", "a", planned, "handed_over", "planned")]
    if confirmed:
        rows.append(("C", "a", confirmed, "handed_over", "reported"))
    ix = index(*rows, precision={"P": precision})
    assert plan_state(ix, on) == expected


def test_plans_carry_their_due_and_confirmation_dates():
    ix = index(
        ("P1", "a", "2025-09-01", "handed_over", "planned"),
        ("P2", "", "2026-01-01", "drawdown", "planned"),
        ("P3", "b", "2025-03-10", "active", "planned"),
        ("C1", "a", "2025-09-15", "handed_over", "reported"),
        ("C2", "", "2026-05-01", "drawdown", "announced"),
        ("C3", "b", "2025-03-01", "active", "reported"),  # before P3's date: confirms nothing
        precision={"P1": "month", "P2": "year"},
    )
    assert ix.plans() == (
        Plan("b", "active", D("2025-03-10"), D("2025-03-10"), None, "P3"),
        Plan("a", "handed_over", D("2025-09-01"), D("2025-09-30"), D("2025-09-15"), "P1", confirmed_by="C1"),
        Plan("", "drawdown", D("2026-01-01"), D("2026-12-31"), D("2026-05-01"), "P2", confirmed_by="C2"),
    )


# A plan shows only once it is public: from its `known` date (prepare() gives the first publication of
# a source citing it), pending or overdue by its due date as above.
KNOWN_CASES = [
    # (name, known, confirming record's date or None, on, expected)
    ("not shown before it is known", "2025-06-15", None, "2025-06-14", None),
    ("pending from the day it is known", "2025-06-15", None, "2025-06-15", "pending"),
    ("known after its due date: not shown before", "2025-11-01", None, "2025-10-31", None),
    ("known after its due date: overdue from then", "2025-11-01", None, "2025-11-01", "overdue"),
    ("confirmed before it is known: never shown", "2025-10-01", "2025-09-10", "2025-09-05", None),
    ("confirmed before it is known: still not shown once known", "2025-10-01", "2025-09-10", "2025-10-01", None),
    ("no known date: shown from the start", None, None, "2000-01-01", "pending"),
]


@pytest.mark.parametrize(
    "known, confirmed, on, expected", [c[1:] for c in KNOWN_CASES], ids=[c[0] for c in KNOWN_CASES]
)
def test_a_plan_shows_from_the_day_it_is_known(known, confirmed, on, expected):
    rows = [("P", "a", "2025-09-01", "handed_over", "planned")]
    if confirmed:
        rows.append(("C", "a", confirmed, "handed_over", "reported"))
    ix = index(*rows, precision={"P": "month"}, known={"P": known})
    assert plan_state(ix, on) == expected
    (plan,) = ix.plans()
    assert plan.known == (known and D(known))


def test_a_known_date_changes_no_status():
    ix = index(("R1", "a", "2020-01-01", "active", "reported"), known={"R1": "2024-01-01"})
    assert statuses(ix, "2020-01-01") == {"a": ("active", "R1")}


def test_plans_of_one_date_keep_file_order():
    ix = index(("P2", "a", "2025-09-01", "drawdown", "planned"), ("P1", "b", "2025-09-01", "drawdown", "planned"))
    assert [p.record_id for p in ix.plans()] == ["P2", "P1"]


# ---- incidents -----------------------------------------------------------------------------

INCIDENTS = [
    ("R1", "a", "2025-01-01", "active", "reported"),
    ("R2", "a", "2025-09-24", "drawdown", "reported"),
    ("I1", "a", "2025-09-24", "incident", "reported"),  # a later row of the same date
    ("I2", "b", "2025-10-10", "incident", "reported"),  # a site with nothing but an incident
]


def test_an_incident_never_sets_a_status():
    ix = index(*INCIDENTS)
    assert statuses(ix, "2025-09-24") == {"a": ("drawdown", "R2")}  # the later incident row does not win the tie
    assert statuses(ix, "2025-10-10") == {"a": ("drawdown", "R2")}
    assert ix.status_changes("2025-09-25", "2026-01-01") == []
    assert "I1" not in [s.record_id for states in ix.status_history().values() for s in states]
    site_ids, codes = ix.status_array_at("2025-10-10")
    assert dict(zip(site_ids, codes.tolist(), strict=True))["b"] == NO_STATUS  # b is a site, with no status


def test_incidents_are_change_dates():
    ix = index(*INCIDENTS)
    assert ix.change_dates() == [D("2025-01-01"), D("2025-09-24"), D("2025-10-10")]
    assert ix.next_change("2025-09-24") == D("2025-10-10")


INCIDENT_CASES = [
    # (days after the incident, shown)
    (-1, False),
    (0, True),
    (1, True),
    (INCIDENT_DAYS - 1, True),  # day 29: the last day it is shown
    (INCIDENT_DAYS, False),  # day 30: gone
    (INCIDENT_DAYS + 100, False),
]


@pytest.mark.parametrize("after, shown", INCIDENT_CASES, ids=[f"day {c[0]}" for c in INCIDENT_CASES])
def test_an_incident_shows_for_incident_days_from_its_date(after, shown):
    ix = index(("I1", "a", "2025-09-24", "incident", "reported"))
    on = D("2025-09-24") + dt.timedelta(days=after)
    assert ix.incidents_at(on) == ([Incident("a", D("2025-09-24"), "I1")] if shown else [])


def test_incident_days_is_thirty():
    # The legend says "last 30 days"; the boundary cases above count from this constant.
    assert INCIDENT_DAYS == 30
    ix = index(("I1", "a", "2025-09-24", "incident", "reported"))
    assert ix.incidents_at("2025-10-23") and not ix.incidents_at("2025-10-24")


def test_incidents_are_listed_oldest_first_and_the_window_can_be_chosen():
    ix = index(*INCIDENTS, ("I3", "b", "2025-09-15", "incident", "assessed"))
    assert [i.record_id for i in ix.incidents()] == ["I3", "I1", "I2"]
    assert [i.record_id for i in ix.incidents_at("2025-10-10")] == ["I3", "I1", "I2"]
    assert [i.record_id for i in ix.incidents_at("2025-10-10", days=17)] == ["I1", "I2"]  # 2025-09-24 is day 16
    assert [i.record_id for i in ix.incidents_at("2025-10-10", days=16)] == ["I2"]
    assert ix.incidents_at("2025-08-31") == []


# ---- force level and targets --------------------------------------------------------------

FORCE = [
    ("N1", "", "2021-12-09", "event", "reported", 2500, "about"),
    ("N2", "", "2025-01-01", "event", "planned", 1000, "under"),
    ("N3", "", "2025-09-01", "drawdown", "reported", 2000, "under"),
    ("N4", "", "2026-01-01", "event", "reported", 1500, "about"),
    ("N5", "", "2026-01-01", "event", "reported", 1200, "over"),
    ("N6", "", "2026-03-01", "event", "announced", 500, "under"),
    ("N7", "", "2026-04-01", "event", "assessed", 800, "about"),
    ("N8", "", "2026-05-01", "event", "announced", 300, "about"),
    ("N9", "", "2026-05-01", "event", "announced", 400, "exact"),
]
FORCE_CASES = [
    ("before any", "2021-12-08", None),
    ("on the first", "2021-12-09", ("N1", 2500, "about")),
    ("planned troops ignored", "2025-06-01", ("N1", 2500, "about")),
    ("under 2000", "2025-09-01", ("N3", 2000, "under")),
    ("later row wins a tie", "2026-01-01", ("N5", 1200, "over")),
    ("an announced target is no force level", "2026-03-01", ("N5", 1200, "over")),
    ("an assessed figure is no force level", "2026-06-01", ("N5", 1200, "over")),
]


@pytest.mark.parametrize("on, expected", [c[1:] for c in FORCE_CASES], ids=[c[0] for c in FORCE_CASES])
def test_force_level_at(on, expected):
    level = index(*FORCE).force_level_at(on)
    assert (level and (level.record_id, level.troops, level.qualifier)) == expected


TARGET_CASES = [
    ("no target before the first announcement", "2026-02-28", None),
    ("announced", "2026-03-01", ("N6", 500, "under")),
    ("assessed figures ignored", "2026-04-15", ("N6", 500, "under")),
    ("later row wins a tie", "2026-05-01", ("N9", 400, "exact")),
]


@pytest.mark.parametrize("on, expected", [c[1:] for c in TARGET_CASES], ids=[c[0] for c in TARGET_CASES])
def test_target_at_uses_announced_figures_only(on, expected):
    target = index(*FORCE).target_at(on)
    assert (target and (target.record_id, target.troops, target.qualifier)) == expected


def test_force_level_steps_one_per_date():
    assert index(*FORCE).force_level_steps() == [
        ForceLevel(2500, "about", D("2021-12-09"), "N1"),
        ForceLevel(2000, "under", D("2025-09-01"), "N3"),
        ForceLevel(1200, "over", D("2026-01-01"), "N5"),
    ]
    assert index(*FORCE).target_steps() == [
        ForceLevel(500, "under", D("2026-03-01"), "N6"),
        ForceLevel(400, "exact", D("2026-05-01"), "N9"),
    ]


# ---- status history ------------------------------------------------------------------------

HISTORY = [
    ("R1", "a", "2020-01-01", "active", "reported"),
    ("R2", "a", "2020-01-01", "drawdown", "reported"),  # later row of the same date: wins
    ("R3", "a", "2021-01-01", "drawdown", "assessed"),  # restates the status: still its own entry
    ("R4", "a", "2021-06-01", "event", "reported"),
    ("R5", "a", "2022-01-01", "handed_over", "planned"),
    ("R6", "b", "2020-05-01", "watch", "assessed"),
    ("R7", "", "2020-05-01", "active", "reported"),
    ("R8", "a", "2022-03-01", "incident", "reported"),
    ("R9", "b", "2023-01-01", "support", "announced"),
    ("R10", "b", "2023-01-01", "watch", "reported"),
    ("R11", "b", "2023-01-01", "advisory", "reported"),
]


def test_status_history_gives_one_state_per_date_the_later_row_winning():
    assert index(*HISTORY).status_history() == {
        "a": [SiteState("a", "drawdown", D("2020-01-01"), "R2"), SiteState("a", "drawdown", D("2021-01-01"), "R3")],
        "b": [SiteState("b", "watch", D("2020-05-01"), "R6"), SiteState("b", "advisory", D("2023-01-01"), "R11")],
    }


def test_status_history_agrees_with_status_at_on_every_date():
    ix = index(*HISTORY)
    history = ix.status_history()
    days = sorted({d + dt.timedelta(days=k) for d in ix.change_dates() for k in (-1, 0, 1)})
    for on in days:
        replayed = {
            site: [s for s in states if s.since <= on][-1]
            for site, states in history.items()
            if any(s.since <= on for s in states)
        }
        assert replayed == ix.status_at(on), on


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
    (
        "from nothing",
        "2019-01-01",
        "2020-01-01",
        [Change("a", None, "active", "R1"), Change("b", None, "active", "R2")],
    ),
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


MORE_MOVES = MOVES + [
    ("R6", "asad", "2025-06-01", "event", "reported"),  # an event does not end the move
    ("R7", "asad", "2025-07-01", "incident", "reported"),  # nor does an incident
    ("R8", "asad", "2025-08-01", "active", "planned"),  # nor a plan
    ("R9", "erbil", "2025-03-01", "consolidating", "reported", None, None, "tanf"),  # never ends
    ("R10", "x", "2025-01-01", "drawdown", "reported", None, None, "erbil"),
    ("R11", "x", "2025-01-01", "active", "reported"),  # wins the date: x never moves anything
    ("R12", "y", "2025-01-01", "drawdown", "reported", None, None, "erbil"),
    ("R13", "y", "2025-02-01", "drawdown", "reported"),  # same status, no move named: the move ends
]


def test_moves_end_at_the_sites_next_status_setting_date():
    assert index(*MORE_MOVES).moves() == [
        Move("asad", "erbil", "drawdown", D("2025-01-01"), "R2", until=D("2026-01-01")),
        Move("erbil", "tanf", "consolidating", D("2025-03-01"), "R9", until=None),
        Move("y", "erbil", "drawdown", D("2025-01-01"), "R12", until=D("2025-02-01")),
    ]


def test_moves_agree_with_moves_at_on_every_date():
    ix = index(*MORE_MOVES)
    days = sorted({d + dt.timedelta(days=k) for d in ix.change_dates() for k in (-1, 0, 1)})
    assert days
    for on in days:
        expected = [
            Move(m.from_site, m.to_site, m.status, m.since, m.record_id)
            for m in ix.moves()
            if m.since <= on and (m.until is None or on < m.until)
        ]
        assert ix.moves_at(on) == expected, on


# ---- input handling ------------------------------------------------------------------------

INVALID = [
    ("missing column", lambda t: t.drop(columns=["claim"]), "claim"),
    ("unknown status", lambda t: t.assign(status="closed"), "closed"),
    ("unknown claim", lambda t: t.assign(claim="rumoured"), "rumoured"),
    ("missing date", lambda t: t.assign(date=None), "R1"),
    ("bad date", lambda t: t.assign(date="2020-13-01"), "2020-13-01"),
    ("fractional troops", lambda t: t.assign(troops=2500.5), "2500.5"),
    ("troops with a comma", lambda t: t.assign(troops="2,500"), "2,500"),
    ("unknown precision", lambda t: t.assign(date_precision="week"), "week"),
    ("bad known date", lambda t: t.assign(known="soon"), "soon"),
    ("status that is not in the vocabulary", lambda t: t.assign(status="closed"), "closed"),
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
