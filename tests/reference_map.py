"""A reading of the map's timeline written out by hand, for the tests only.

`web/sitemap.js` replays `dashboard.mapview.timeline.map_timeline`'s output in the browser. This module
replays it the same way in plain Python, so the tests can check three things against one another: the
engine (the rules), this reading of its serialised timeline, and what the browser draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.vocabulary import INCIDENT_DAYS


@dataclass(frozen=True)
class SiteState:
    """What the map shows for one site on one day."""

    status: str | None
    since: str | None
    record: str | None
    plan: str | None = None  # "pending", "overdue" or None
    plan_status: str | None = None
    plan_date: str | None = None
    plan_record: str | None = None


def _plan_on(plans: list[dict], day: str) -> tuple[str, dict] | None:
    """The plan to draw on ``day``: an overdue one first, else the soonest pending one."""
    overdue, pending = [], []
    for plan in plans:
        if plan.get("resolved") is not None and day >= plan["resolved"]:
            continue
        if plan.get("known") is not None and day < plan["known"]:
            continue  # not public yet
        if day > plan["due"]:
            overdue.append(plan)
        else:
            pending.append(plan)
    if overdue:
        return "overdue", min(overdue, key=lambda p: p["planned"])
    if pending:
        return "pending", min(pending, key=lambda p: p["planned"])
    return None


def site_states(timeline: dict, site_ids: list[str], on: date) -> dict[str, SiteState]:
    """Each site's status on day ``on``, since when, and any plan in force."""
    day = on.isoformat()
    states: dict[str, SiteState] = {}
    for site_id in site_ids:
        history = timeline.get("sites", {}).get(site_id, {})
        changes = [c for c in history.get("changes", []) if c["date"] <= day]
        status = since = record = None
        if changes:
            status, record = changes[-1]["status"], changes[-1].get("record")
            since = changes[-1]["date"]
            for change in reversed(changes[:-1]):
                if change["status"] != status:
                    break
                since = change["date"]
        plan = _plan_on(history.get("plans", []), day)
        if plan is None:
            states[site_id] = SiteState(status, since, record)
        else:
            kind, chosen = plan
            states[site_id] = SiteState(
                status, since, record, kind, chosen["status"], chosen["planned"], chosen.get("record")
            )
    return states


def moves_on(timeline: dict, on: date) -> list[tuple[str, str]]:
    """(from, to) of every repositioning under way on day ``on``."""
    day = on.isoformat()
    return [
        (m["from"], m["to"])
        for m in timeline.get("moves", [])
        if m["start"] <= day and (m.get("end") is None or day < m["end"])
    ]


def incidents_on(timeline: dict, on: date, days: int = INCIDENT_DAYS) -> dict[str, list[str]]:
    """site -> record ids of the incidents on the map on day ``on``, oldest first."""
    start = (on - timedelta(days=days)).isoformat()
    day = on.isoformat()
    found: dict[str, list[str]] = {}
    for incident in timeline.get("incidents", []):
        if start < incident["date"] <= day:
            found.setdefault(incident["site"], []).append(incident["record"])
    return found
