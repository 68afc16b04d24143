"""The one answer for everything drawn: what a site shows on a date, and the intervals it holds over.

For each site and date the engine answers (`SiteAnswer`):
- the status, since when (the first date of its run), the record it rests on now and that record's forces;
- the last report about the site (its latest record that is not a plan) and whether the status is stale:
  a presence status (PRESENCE_STATUSES) whose last report is more than STALE_DAYS old;
- whether the status is contested, and by which records (those naming its record in `disputes`);
- whether the site is quiet (nothing current: no status, or no report for more than QUIET_DAYS, and no
  plan ring and no incident on the map), drawn smaller and unnamed;
- the plan drawn as a ring: an overdue one first (the oldest), else one confirmed in the last
  CONFIRMED_RING_DAYS days (the latest), else the soonest pending one, each with its state.

`site_intervals` cuts the whole time axis of each site into intervals over which that answer holds. The
map's browser script, the slides, the decks and the exports all look dates up in these intervals (or ask
`answers_at`, which does the same); none applies a rule of its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import weakref
from dataclasses import dataclass

from dashboard.engine.columns import day_number
from dashboard.engine.columns import to_day as _day
from dashboard.engine.index import PostureIndex
from dashboard.engine.values import Plan
from dashboard.vocabulary import (
    CONFIRMED_RING_DAYS,
    EARLIEST_DATE,
    INCIDENT_DAYS,
    PRESENCE_STATUSES,
    QUIET_DAYS,
    STALE_DAYS,
)

_FAR = dt.date.max.toordinal()


@dataclass(frozen=True, slots=True)
class PlanMark:
    """The plan a site's ring shows: its state on the date, what it plans, and the record."""

    state: str  # pending, confirmed or overdue
    status: str
    planned: dt.date  # the plan's own date (as precise as the record says)
    record_id: str
    confirmed_by: str | None = None


@dataclass(frozen=True, slots=True)
class SiteAnswer:
    site_id: str
    status: str | None = None  # None: no status recorded yet
    since: dt.date | None = None  # the first date of the current run of this status
    record_id: str | None = None  # the status-setting record it rests on now (the latest restating it)
    forces: tuple[str, ...] = ()  # of that record
    last_reported: dt.date | None = None  # the site's latest record that is not a plan, up to the date
    stale: bool = False
    contested_by: tuple[str, ...] = ()
    plan: PlanMark | None = None
    since_record: str | None = None  # the record that began the run (its date is `since`, as precise as it)
    quiet: bool = True  # nothing current to show (see the module docstring)

    @property
    def contested(self) -> bool:
        return bool(self.contested_by)


@dataclass(frozen=True, slots=True)
class Interval:
    """`answer` holds from `start` to `end` (exclusive; None: to the end of time)."""

    start: dt.date
    end: dt.date | None
    answer: SiteAnswer


def _plan_mark(plans: list[Plan], day: dt.date) -> PlanMark | None:
    """The plan a ring shows on `day`: the oldest overdue, else the latest confirmed within
    CONFIRMED_RING_DAYS (news the reader stepped onto), else the soonest pending."""
    overdue, pending, confirmed = [], [], []
    for plan in plans:
        state = plan.state_on(day)
        if state == "overdue":
            overdue.append(plan)
        elif state == "pending":
            pending.append(plan)
        elif state == "confirmed" and (day - plan.confirmed_on).days < CONFIRMED_RING_DAYS:
            confirmed.append(plan)
    if overdue:
        chosen, state = min(overdue, key=lambda p: p.date), "overdue"
    elif confirmed:
        chosen, state = max(confirmed, key=lambda p: p.confirmed_on), "confirmed"
    elif pending:
        chosen, state = min(pending, key=lambda p: p.date), "pending"
    else:
        return None
    return PlanMark(state, chosen.status, chosen.date, chosen.record_id, chosen.confirmed_by)


class _SiteRules:
    """One site's records, arranged for answering any date (used to cut the intervals)."""

    def __init__(self, index: PostureIndex, site_id: str, history: list, plans: list[Plan], incidents: list[int]):
        self.index, self.site_id, self.plans, self.incidents = index, site_id, plans, incidents
        self.history = history  # SiteState per status-setting date
        self.history_days = [state.since.toordinal() for state in history]
        self.reports = index.report_days(site_id).tolist()

    def answer(self, day: int) -> SiteAnswer:
        on = _day(day)
        i = bisect.bisect_right(self.history_days, day) - 1
        r = bisect.bisect_right(self.reports, day) - 1
        last = _day(self.reports[r]) if r >= 0 else None
        plan = _plan_mark(self.plans, on)
        # Something on the map now besides the status: a plan ring, or an incident within INCIDENT_DAYS.
        lit = plan is not None or any(d <= day < d + INCIDENT_DAYS for d in self.incidents)
        if i < 0:
            return SiteAnswer(self.site_id, last_reported=last, plan=plan, quiet=not lit)
        state = self.history[i]
        first = i
        while first > 0 and self.history[first - 1].status == state.status:
            first -= 1
        stale = state.status in PRESENCE_STATUSES and last is not None and (on - last).days > STALE_DAYS
        silent = last is None or (on - last).days > QUIET_DAYS
        return SiteAnswer(
            self.site_id,
            state.status,
            self.history[first].since,
            state.record_id,
            self.index.forces_of(state.record_id),
            last,
            stale,
            self.index.disputed_by(state.record_id),
            plan,
            self.history[first].record_id,
            silent and not lit,
        )

    def breakpoints(self) -> list[int]:
        """Every day on which this site's answer may change."""
        days = set(self.history_days) | set(self.reports)
        days |= {d + STALE_DAYS + 1 for d in self.reports}
        days |= {d + QUIET_DAYS + 1 for d in self.reports}
        days |= set(self.incidents) | {d + INCIDENT_DAYS for d in self.incidents}
        for plan in self.plans:
            # A plan with no known date was always public: it shows from the start of the axis.
            days |= {(plan.known or EARLIEST_DATE).toordinal(), plan.due.toordinal() + 1}
            if plan.confirmed_on is not None:
                days |= {plan.confirmed_on.toordinal(), plan.confirmed_on.toordinal() + CONFIRMED_RING_DAYS}
        return sorted(d for d in days if d < _FAR)


def _rules(index: PostureIndex) -> dict[str, _SiteRules]:
    history = index.status_history()
    plans: dict[str, list[Plan]] = {}
    for plan in index.plans():
        if plan.site_id:
            plans.setdefault(plan.site_id, []).append(plan)
    incidents: dict[str, list[int]] = {}
    for incident in index.incidents():
        incidents.setdefault(incident.site_id, []).append(incident.date.toordinal())
    sites = set(history) | set(plans) | {s for s in index.site_ids if len(index.report_days(s))}
    return {s: _SiteRules(index, s, history.get(s, []), plans.get(s, []), incidents.get(s, [])) for s in sorted(sites)}


_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # index -> its intervals, built once
_LOCK = threading.Lock()


def site_intervals(index: PostureIndex) -> dict[str, list[Interval]]:
    """site_id -> its answers over the whole time axis, as consecutive intervals, oldest first. The
    first interval starts on the site's first breakpoint (before it the site has no answer: no status,
    no report, no plan); the last runs on (end None). Built once per index (which never changes) and
    kept while the index lives; never write to what it returns."""
    with _LOCK:
        kept = _KEPT.get(index)
    if kept is None:
        kept = _cut(index)
        with _LOCK:
            _KEPT[index] = kept
    return kept


def _cut(index: PostureIndex) -> dict[str, list[Interval]]:
    found: dict[str, list[Interval]] = {}
    for site_id, rules in _rules(index).items():
        intervals: list[Interval] = []
        for day in rules.breakpoints():
            answer = rules.answer(day)
            if intervals and intervals[-1].answer == answer:
                continue
            if intervals:
                intervals[-1] = Interval(intervals[-1].start, _day(day), intervals[-1].answer)
            intervals.append(Interval(_day(day), None, answer))
        found[site_id] = intervals
    return found


def answer_on(intervals: list[Interval], site_id: str, on: object) -> SiteAnswer:
    """The answer of `site_id` on `on`, looked up in its intervals (what the browser does too)."""
    day = _day(day_number(on))
    starts = [interval.start for interval in intervals]
    i = bisect.bisect_right(starts, day) - 1
    return intervals[i].answer if i >= 0 else SiteAnswer(site_id)


def answers_at(index: PostureIndex, on: object, site_ids=None) -> dict[str, SiteAnswer]:
    """The answer on `on` of every site the records name (or of each of `site_ids`), from the intervals."""
    intervals = site_intervals(index)
    wanted = intervals.keys() if site_ids is None else site_ids
    return {s: answer_on(intervals.get(s, []), s, on) for s in wanted}


def answer_directly(index: PostureIndex, site_id: str, on: object) -> SiteAnswer:
    """The answer worked out from the records for this one date, without the intervals: the tests hold
    the intervals (and so the browser's look-ups) to it."""
    rules = _rules(index).get(site_id)
    return SiteAnswer(site_id) if rules is None else rules.answer(day_number(on))
