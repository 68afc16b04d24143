"""A reading of the map's timeline, for the tests only: the look-ups `web/answers.js` makes, in Python.

The map shows, for a site on a day, the interval of its engine answers that the day falls in; moves and
incidents hold while start <= day < end. This module looks days up the same way, so the tests can check
three things against one another: the engine's rules (`engine.answer_directly`), this reading of the
serialised intervals, and what the browser draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SiteState:
    """What the map shows for one site on one day."""

    status: str | None
    since: str | None
    record: str | None
    plan: str | None = None  # "pending", "confirmed", "overdue" or None
    plan_status: str | None = None
    plan_date: str | None = None
    plan_record: str | None = None
    stale: bool = False
    contested_by: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()
    last: str | None = None


def _interval_on(intervals: list[dict], day: str) -> dict | None:
    found = None
    for interval in intervals:
        if interval["start"] <= day:
            found = interval
        else:
            break
    return found


def site_states(timeline: dict, site_ids: list[str], on: date) -> dict[str, SiteState]:
    """Each site's answer on day ``on``, as the map draws it."""
    day = on.isoformat()
    states: dict[str, SiteState] = {}
    for site_id in site_ids:
        interval = _interval_on(timeline.get("sites", {}).get(site_id, {}).get("intervals", []), day)
        if interval is None:
            states[site_id] = SiteState(None, None, None)
            continue
        plan = interval["plan"] or {}
        states[site_id] = SiteState(
            interval["status"],
            interval["since"],
            interval["record"],
            plan.get("state"),
            plan.get("status"),
            plan.get("planned"),
            plan.get("record"),
            interval["stale"],
            tuple(interval["contested_by"]),
            tuple(interval["forces"]),
            interval["last"],
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


def incidents_on(timeline: dict, on: date) -> dict[str, list[str]]:
    """site -> record ids of the incidents on the map on day ``on``, oldest first."""
    day = on.isoformat()
    found: dict[str, list[str]] = {}
    for incident in timeline.get("incidents", []):
        if incident["date"] <= day < incident["end"]:
            found.setdefault(incident["site"], []).append(incident["record"])
    return found
