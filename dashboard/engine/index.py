"""Posture state engine: the one implementation of the rules that say what holds on a date.

Rules (the map's browser script replays the timeline this module serialises; the charts, slides,
exports and panels all ask this index):
- A site's status at T is the status of its latest status-setting record dated <= T: a record whose
  claim is not `planned`, whose status is a site status (not `event` or `incident`) and which names a
  site; of records on the same date the later row wins. A site with no such record has no status.
- A planned record is due at the end of the period its date stands for (a day, a month, a year: "by
  the end of September 2025" is written 2025-09-01 with month precision and is due on 2025-09-30).
  It is confirmed by the first record naming it in `confirms` (any record, a national event too), or on
  the first date, on or after its own date, of a non-planned record of the same site and status
  (national plans by national records), whichever comes first. Until then it is pending while T <= due
  and overdue once T > due; none of these changes a status. A plan shows only once it is known: from
  the record's `known` date (the first publication of a source citing it), when the records say.
- A record naming another in `disputes` contests it: a status resting on a disputed record is
  contested (answers.py), whatever the dates, since the dispute is about what the record says.
- National records (empty site_id) never set a site status.
- The force level at T is the latest `reported` troop figure dated <= T (later row wins a tie); an
  `announced` troop figure is a target, never a force level.
- An incident is shown at its site from its date for INCIDENT_DAYS days.

Everything is precomputed in `PostureIndex.from_records`; queries are a few `np.searchsorted`
calls. What the map and every export draw for a site on a date (status, since, forces, staleness,
contest, plan state) is `answers.py`'s, built on this index. Dates are `date.toordinal()` day numbers internally. The index never changes after it is
built (its arrays are read-only) so one instance can be cached and shared between sessions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.engine.columns import CODE_OF as _CODE_OF
from dashboard.engine.columns import Columns, day_number
from dashboard.engine.columns import to_day as _day
from dashboard.engine.plans import DAY_BITS, NEVER, confirmations
from dashboard.engine.values import Change, ForceLevel, Incident, Move, Plan, SiteState
from dashboard.vocabulary import (
    ANNOUNCED,
    INCIDENT,
    INCIDENT_DAYS,
    PLANNED,
    REPORTED,
    SITE_STATUSES,
    STATUSES,
    period_end,
)

NO_STATUS = -1  # status code of a site that has no status yet

# Status codes index STATUSES (site statuses first, so a site status code indexes SITE_STATUSES too).
_SITE_CODES = np.array([_CODE_OF[s] for s in SITE_STATUSES], dtype=np.int64)
_DAY_BITS = DAY_BITS
_DAY_MASK = (1 << _DAY_BITS) - 1
_NEVER = NEVER


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _objects(items: list) -> np.ndarray:
    # np.array(list_of_dataclasses) would try to look inside them; build the object array by hand.
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return _read_only(array)


def _last_of_each_day(days: np.ndarray) -> np.ndarray:
    """Mask of the last entry of each run of equal days in a sorted array."""
    return np.append(days[1:] != days[:-1], True) if len(days) else np.zeros(0, dtype=bool)


def _reports_by_site(site_of: list[str], days: np.ndarray, planned: np.ndarray) -> dict[str, np.ndarray]:
    """site_id -> sorted unique days of its records that are not plans (what 'last reported' reads)."""
    found: dict[str, set[int]] = {}
    for site, day, is_plan in zip(site_of, days.tolist(), planned.tolist()):
        if site and not is_plan:
            found.setdefault(site, set()).add(day)
    return {site: _read_only(np.array(sorted(d), dtype=np.int64)) for site, d in found.items()}


def _disputed_by(columns: Columns) -> dict[str, tuple[str, ...]]:
    """record_id -> ids of the records that dispute it, in file order."""
    found: dict[str, list[str]] = {}
    for record_id, named in zip(columns.record_ids, columns.disputes):
        for disputed in named:
            found.setdefault(disputed, []).append(record_id)
    return {k: tuple(v) for k, v in found.items()}


class PostureIndex:
    """Posture records indexed for fast queries by date. Build with `from_records`."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("PostureIndex is immutable")

    def _set(self, **attributes: object) -> None:
        for name, value in attributes.items():
            if isinstance(value, np.ndarray):
                value = _read_only(value)
            object.__setattr__(self, name, value)

    @classmethod
    def from_records(cls, records: pd.DataFrame) -> PostureIndex:
        """Index a posture table (columns as in data/README.md, rows in file order).

        Requires record_id, site_id, date, status and claim; date_precision (default day), known (the
        date a record became public: plans show from then; default always), troops, troops_qualifier,
        moved_to, forces, confirms and disputes are optional. Dates may be datetime.date, Timestamps or
        ISO strings. Raises ValueError on a missing column, or a date, status, claim or precision the
        engine cannot interpret. The input frame is only read.
        """
        index = object.__new__(cls)
        index._build(Columns.read(records))
        return index

    def _build(self, columns: Columns) -> None:
        record_ids, site_of, days, known = columns.record_ids, columns.site_of, columns.days, columns.known
        statuses, claims, troops, qualifiers = columns.statuses, columns.claims, columns.troops, columns.qualifiers
        n = len(record_ids)
        rows = np.arange(n, dtype=np.int64)
        site_ids = sorted({s for s in site_of if s})
        n_sites = len(site_ids)
        position_of = {s: i for i, s in enumerate(site_ids)}
        site_idx = np.array([position_of.get(s, n_sites) for s in site_of], dtype=np.int64)
        codes = np.array([_CODE_OF[s] for s in statuses], dtype=np.int64)
        planned = np.array([c == PLANNED for c in claims], dtype=bool)
        dates = [_day(d) for d in days]

        # Status-setting records sorted by (site, date, row): the last key <= (site, T) is the answer.
        setting = ~planned & np.isin(codes, _SITE_CODES) & (site_idx < n_sites)
        eff = rows[setting]
        eff = eff[np.lexsort((eff, days[eff], site_idx[eff]))]
        eff_states = [SiteState(site_of[r], statuses[r], dates[r], record_ids[r]) for r in eff.tolist()]

        # A planned record is confirmed on the first day a non-planned record of the same site
        # (national counts as one more site) and status is dated on or after it.
        groups = site_idx * len(_CODE_OF) + codes
        facts = rows[~planned]
        fact_keys = np.sort((groups[facts] << _DAY_BITS) | days[facts])
        plan = rows[planned]
        plan = plan[np.lexsort((plan, days[plan]))]
        wanted = (groups[plan] << _DAY_BITS) | days[plan]
        hit = np.searchsorted(fact_keys, wanted, side="left")
        found = fact_keys[np.minimum(hit, len(fact_keys) - 1)] if len(fact_keys) else wanted + _NEVER
        same_group = (hit < len(fact_keys)) & ((found >> _DAY_BITS) == groups[plan])
        confirmed_on = np.where(same_group, found & _DAY_MASK, _NEVER)
        automatic = {int(r): int(c) for r, c in zip(plan.tolist(), confirmed_on.tolist())}
        confirmed_by = confirmations(columns, plan, automatic, groups, facts)
        confirmed_on = np.array([confirmed_by[r][0] for r in plan.tolist()], dtype=np.int64)
        due = np.array([period_end(dates[r], columns.precisions[r]).toordinal() for r in plan.tolist()], dtype=np.int64)

        def figures(claim: str) -> tuple[np.ndarray, tuple[ForceLevel, ...]]:
            # Troop records of one claim by (date, row), keeping the last row of each date.
            chosen = rows[(troops >= 0) & np.array([c == claim for c in claims], dtype=bool)]
            chosen = chosen[np.lexsort((chosen, days[chosen]))]
            chosen = chosen[_last_of_each_day(days[chosen])]
            steps = tuple(ForceLevel(int(troops[r]), qualifiers[r], dates[r], record_ids[r]) for r in chosen.tolist())
            return days[chosen], steps

        troop_days, force_steps = figures(REPORTED)
        target_days, target_steps = figures(ANNOUNCED)

        last_report: dict[str, dt.date] = {}
        for r in rows[~planned].tolist():  # the record is silent after a place's last report
            if site_of[r] not in last_report or dates[r] > last_report[site_of[r]]:
                last_report[site_of[r]] = dates[r]

        incident = rows[codes == _CODE_OF[INCIDENT]]
        incident = incident[np.lexsort((incident, days[incident]))]

        self._set(
            _record_ids=_objects(record_ids),
            _days=days,
            _site_ids=_objects(site_ids),
            _site_keys=np.arange(n_sites, dtype=np.int64) << _DAY_BITS,
            _eff_keys=(site_idx[eff] << _DAY_BITS) | days[eff],
            # The per-record arrays below end with a "no record" entry, so that position -1
            # (a site without status) picks it when indexing.
            _eff_rows=np.append(eff, -1),
            _eff_codes=np.append(codes[eff], NO_STATUS).astype(np.int8),
            _eff_states=_objects(eff_states + [None]),
            _eff_record_ids=_objects([record_ids[r] for r in eff.tolist()] + [None]),
            _eff_moved_to=_objects([columns.moved_to[r] for r in eff.tolist()] + [""]),
            _status_names=_objects(list(STATUSES) + [None]),
            _plans=tuple(
                Plan(
                    site_of[r],
                    statuses[r],
                    dates[r],
                    _day(d),
                    None if c == _NEVER else _day(c),
                    record_ids[r],
                    None if known[r] < 0 else _day(known[r]),
                    confirmed_by[r][1],
                )
                for r, d, c in zip(plan.tolist(), due.tolist(), confirmed_on.tolist())
            ),
            _plan_rows=plan,
            _plan_known=known[plan],
            _plan_due=due,
            _plan_confirmed_on=confirmed_on,
            _plan_sites=_objects([site_of[r] for r in plan.tolist()]),
            _change_days=np.unique(days),
            _troop_days=troop_days,
            _force_steps=force_steps,
            _target_days=target_days,
            _target_steps=target_steps,
            _last_report=last_report,
            _incident_days=days[incident],
            _incidents=tuple(Incident(site_of[r], dates[r], record_ids[r]) for r in incident.tolist()),
            _reports=_reports_by_site(site_of, days, planned),
            _forces={record_ids[r]: columns.forces[r] for r in range(n)},
            _disputed_by=_disputed_by(columns),
        )

    # ---- status ---------------------------------------------------------------------------

    @property
    def site_ids(self) -> tuple[str, ...]:
        """Every site named by some record, sorted; the order of status_array_at."""
        return tuple(self._site_ids.tolist())

    def _positions_at(self, on: object) -> np.ndarray:
        """Per site, position in the status-setting arrays of its record at `on`, -1 if none."""
        if len(self._eff_keys) == 0:
            return np.full(len(self._site_keys), -1, dtype=np.int64)
        queries = self._site_keys + day_number(on)
        positions = np.searchsorted(self._eff_keys, queries, side="right") - 1
        landed = self._eff_keys[np.maximum(positions, 0)]
        in_site = (positions >= 0) & ((landed >> _DAY_BITS) == (self._site_keys >> _DAY_BITS))
        return np.where(in_site, positions, -1)

    def status_at(self, on: object) -> dict[str, SiteState]:
        """Status of every site that has one at `on`, keyed by site_id in site order."""
        positions = self._positions_at(on)
        has = positions >= 0
        return dict(zip(self._site_ids[has].tolist(), self._eff_states[positions[has]].tolist()))

    def status_array_at(self, on: object) -> tuple[np.ndarray, np.ndarray]:
        """(site_ids, status codes) at `on`: codes index STATUSES, NO_STATUS (-1) for none."""
        return self._site_ids, self._eff_codes[self._positions_at(on)]

    def record_rows_at(self, on: object) -> tuple[np.ndarray, np.ndarray]:
        """(site_ids, row) at `on`: row is the 0-based input row that set the status, -1 for none."""
        return self._site_ids, self._eff_rows[self._positions_at(on)]

    def status_changes(self, start: object, end: object) -> list[Change]:
        """Sites whose status at `end` differs from their status at `start`, in site order.

        Only the status counts: a later record restating the same status is no change.
        Works in either direction; `before` is always the status at `start`.
        """
        before = self._positions_at(start)
        after = self._positions_at(end)
        before_codes = self._eff_codes[before]
        after_codes = self._eff_codes[after]
        changed = np.flatnonzero(before_codes != after_codes)
        return list(
            map(
                Change,
                self._site_ids[changed].tolist(),
                self._status_names[before_codes[changed]].tolist(),
                self._status_names[after_codes[changed]].tolist(),
                self._eff_record_ids[after[changed]].tolist(),
            )
        )

    def status_history(self) -> dict[str, list[SiteState]]:
        """Every site's status-setting records in date order, one per date (the row that wins it).

        The whole of what `status_at` can answer: the map's browser script and the timeline chart
        replay this instead of applying the rules again.
        """
        keys = self._eff_keys
        keep = np.flatnonzero(_last_of_each_day(keys))  # a key is (site, day): the last row of each wins
        history: dict[str, list[SiteState]] = {}
        for state in self._eff_states[keep].tolist():
            history.setdefault(state.site_id, []).append(state)
        return history

    def moves_at(self, on: object) -> list[Move]:
        """Repositionings in effect at `on`, in site order.

        A move is in effect while the record that names it in moved_to is its site's
        status-setting record: it starts on that record's date and ends when a later record
        sets the site's status. Moved_to on planned, event or national records is never in
        effect.
        """
        positions = self._positions_at(on)
        moves = []
        for position in positions[positions >= 0].tolist():
            to_site = self._eff_moved_to[position]
            if to_site:
                state = self._eff_states[position]
                moves.append(Move(state.site_id, to_site, state.status, state.since, state.record_id))
        return moves

    def moves(self) -> list[Move]:
        """Every repositioning that is ever in effect, with the date it stops (see `moves_at`)."""
        keys = self._eff_keys
        keep = np.flatnonzero(_last_of_each_day(keys))
        found = []
        for i, position in enumerate(keep.tolist()):
            to_site = self._eff_moved_to[position]
            if not to_site:
                continue
            state = self._eff_states[position]
            following = keep[i + 1] if i + 1 < len(keep) else None
            same_site = following is not None and (keys[following] >> _DAY_BITS) == (keys[position] >> _DAY_BITS)
            until = _day(keys[following] & _DAY_MASK) if same_site else None
            found.append(Move(state.site_id, to_site, state.status, state.since, state.record_id, until))
        return found

    # ---- planned records -------------------------------------------------------------------

    def _planned_by_site(self, chosen: np.ndarray) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for site, row in zip(self._plan_sites[chosen].tolist(), self._plan_rows[chosen].tolist()):
            grouped.setdefault(site, []).append(self._record_ids[row])
        return grouped

    def pending_at(self, on: object) -> dict[str, list[str]]:
        """site_id -> record_ids of planned records known and not yet due at `on` (due >= on) and not
        confirmed by then, soonest planned first (then file order). National ones are under NATIONAL ("")."""
        day = day_number(on)
        shown = (self._plan_known <= day) & (self._plan_confirmed_on > day)
        return self._planned_by_site(np.flatnonzero(shown & (self._plan_due >= day)))

    def overdue_at(self, on: object) -> dict[str, list[str]]:
        """site_id -> record_ids of planned records known and past their due date at `on` that no
        non-planned record of the same site and status, dated between the plan's date and `on`, confirms;
        oldest first. National planned records are under NATIONAL ("") and confirmed by national ones."""
        day = day_number(on)
        shown = (self._plan_known <= day) & (self._plan_confirmed_on > day)
        return self._planned_by_site(np.flatnonzero(shown & (self._plan_due < day)))

    def plans(self) -> tuple[Plan, ...]:
        """Every planned record with its due date and confirmation, by date then file order."""
        return self._plans

    def plan_states_at(self, on: object) -> dict[str, str]:
        """record_id -> pending, confirmed or overdue on `on`, of every plan known by then."""
        day = _day(day_number(on))
        states = {plan.record_id: plan.state_on(day) for plan in self._plans}
        return {record_id: state for record_id, state in states.items() if state is not None}

    def last_reported_at(self, site_id: str, on: object) -> dt.date | None:
        """The date of the latest record about `site_id` (not a plan) dated on or before `on`."""
        days = self._reports.get(site_id)
        if days is None:
            return None
        i = np.searchsorted(days, day_number(on), side="right") - 1
        return _day(days[i]) if i >= 0 else None

    def report_days(self, site_id: str) -> np.ndarray:
        """Sorted day numbers of the records about `site_id` that are not plans."""
        return self._reports.get(site_id, np.zeros(0, dtype=np.int64))

    def forces_of(self, record_id: str) -> tuple[str, ...]:
        """Whose forces a record is about (its `forces` cell), () when it names none."""
        return self._forces.get(record_id, ())

    def disputed_by(self, record_id: str) -> tuple[str, ...]:
        """The records that dispute `record_id`, in file order."""
        return self._disputed_by.get(record_id, ())

    def last_reports(self) -> dict[str, dt.date]:
        """site_id -> date of its latest non-planned record (NATIONAL: of national records); after it
        the record is silent about the place, which is not to say that nothing happened there."""
        return dict(self._last_report)

    # ---- incidents -------------------------------------------------------------------------

    def incidents_at(self, on: object, days: int = INCIDENT_DAYS) -> list[Incident]:
        """Incidents dated in the `days` days ending on `on` (on included), oldest first."""
        day = day_number(on)
        first = np.searchsorted(self._incident_days, day - days, side="right")
        last = np.searchsorted(self._incident_days, day, side="right")
        return list(self._incidents[first:last])

    def incidents(self) -> tuple[Incident, ...]:
        """Every incident, oldest first."""
        return self._incidents

    # ---- stepping through time -------------------------------------------------------------

    def change_dates(self) -> list[dt.date]:
        """Sorted unique dates of all records (any claim, any status, national ones too)."""
        return [_day(d) for d in self._change_days.tolist()]

    def previous_change(self, on: object) -> dt.date | None:
        """Latest change date strictly before `on`, None if there is none."""
        i = np.searchsorted(self._change_days, day_number(on), side="left") - 1
        return _day(self._change_days[i]) if i >= 0 else None

    def next_change(self, on: object) -> dt.date | None:
        """Earliest change date strictly after `on`, None if there is none."""
        i = np.searchsorted(self._change_days, day_number(on), side="right")
        return _day(self._change_days[i]) if i < len(self._change_days) else None

    def records_between(self, start: object, end: object) -> list[str]:
        """record_ids dated after `start` and on or before `end`, in file order."""
        inside = (self._days > day_number(start)) & (self._days <= day_number(end))
        return self._record_ids[inside].tolist()

    # ---- force level -----------------------------------------------------------------------

    def force_level_at(self, on: object) -> ForceLevel | None:
        """National force level (latest reported figure) at `on`, None before the first one."""
        i = np.searchsorted(self._troop_days, day_number(on), side="right") - 1
        return self._force_steps[i] if i >= 0 else None

    def force_level_steps(self) -> list[ForceLevel]:
        """Every reported force level in date order, one per date (the winning record of that date)."""
        return list(self._force_steps)

    def target_at(self, on: object) -> ForceLevel | None:
        """The latest announced troop target dated <= `on`, None before the first one."""
        i = np.searchsorted(self._target_days, day_number(on), side="right") - 1
        return self._target_steps[i] if i >= 0 else None

    def target_steps(self) -> list[ForceLevel]:
        return list(self._target_steps)
