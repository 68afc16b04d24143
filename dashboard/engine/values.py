"""What the engine answers with: frozen values, safe to cache and share between sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SiteState:
    """A site's posture at some date."""

    site_id: str
    status: str  # one of SITE_STATUSES
    since: dt.date  # date of the record that set it
    record_id: str  # that record


@dataclass(frozen=True, slots=True)
class Change:
    """A site whose status differs between two dates."""

    site_id: str
    before: str | None  # None = no status
    after: str | None
    record_id: str | None  # record that set `after` (None if after is None)


@dataclass(frozen=True, slots=True)
class ForceLevel:
    """A troop figure: a force level (reported) or a target (announced)."""

    troops: int
    qualifier: str  # about / under / over / exact as the record gives it; "" if it gives none
    since: dt.date
    record_id: str


@dataclass(frozen=True, slots=True)
class Move:
    """A repositioning: the status-setting record of `from_site` names `to_site`, from `since` until
    `until` (the site's next status-setting date; None while it is the latest)."""

    from_site: str
    to_site: str
    status: str  # status of from_site set by that record, e.g. drawdown
    since: dt.date
    record_id: str
    until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A planned record: what it plans, when it is due, and when (if ever) a record confirmed it."""

    site_id: str  # NATIONAL for a national plan
    status: str
    date: dt.date
    due: dt.date
    confirmed_on: dt.date | None
    record_id: str
    known: dt.date | None = None  # from when the plan was public; None: always
    confirmed_by: str | None = None  # the record that confirmed it

    def state_on(self, on: dt.date) -> str | None:
        """pending, confirmed or overdue on `on`; None before the plan is known."""
        if self.known is not None and on < self.known:
            return None
        if self.confirmed_on is not None and on >= self.confirmed_on:
            return "confirmed"
        return "pending" if on <= self.due else "overdue"


@dataclass(frozen=True, slots=True)
class Incident:
    site_id: str
    date: dt.date
    record_id: str
