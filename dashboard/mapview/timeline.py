"""The timeline the map needs from the engine, how it is checked, and what it says on a date.

The engine (``dashboard/engine.py``) produces one JSON-able dict; every date is an ISO
``YYYY-MM-DD`` string and every status one of ``styles.STATUSES``::

    {
      "sites": {                      # one entry per site that has a posture history
        "<site_id>": {
          "changes": [                # sorted by date; a status holds until the next change
            {"date": "2014-08-08", "status": "active", "record": "R001"},
            {"date": "2025-09-01", "status": None, "record": "R044"},  # None ends the posture
          ],
          "plans": [                  # planned changes, in any order
            {"status": "handed_over", "planned": "2026-09-30",
             "known": "2025-09-01",   # when the plan became public; None = always known
             "resolved": None,        # when it was confirmed or dropped; None = never
             "record": "R045"},
          ],
        },
      },
      "moves": [                      # repositioning: an arrow while start <= day < end
        {"from": "<site_id>", "to": "<site_id>", "start": "2025-09-01", "end": None,
         "record": "R046"},
      ],
      "records": {                    # what tooltips and popups quote; keys as in posture.csv
        "R001": {"date": "2014-08-08", "date_precision": "day", "claim": "reported",
                 "summary_en": "...", "summary_ar": "...", "quote": "...",
                 "source_id": "erem-2025-09"},
      },
      "sources": {"erem-2025-09": {"publisher": "...", "title_en": "...",
                                   "title_ar": "...", "published": "2025-09-14"}},
    }

A plan is *pending* on a day when ``known <= day < planned`` and *overdue* when
``planned <= day``, in both cases only until ``resolved``. ``record`` may be None
anywhere; every record id given must be in ``records`` and every ``source_id`` in
``sources``. Sites absent from ``sites`` are drawn with no posture.

The browser script (``web/sitemap.js``) applies the same rules; ``site_states`` here is
the reference the tests compare the browser against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dashboard.mapview.styles import STATUSES

# Site ids become CSS class names (``site-<id>``), so they are restricted to characters
# that need no escaping in a selector.
SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_timeline(timeline: dict, site_ids: set[str]) -> list[str]:
    """Every problem in ``timeline`` that would draw a wrong map; empty when it is sound."""
    problems: list[str] = []
    records = timeline.get("records", {})
    sources = timeline.get("sources", {})

    def check_record(where: str, record_id: object) -> None:
        if record_id is not None and record_id not in records:
            problems.append(f"{where}: unknown record {record_id!r}")

    def check_day(where: str, value: object, optional: bool = False) -> None:
        if optional and value is None:
            return
        if not _is_day(value):
            problems.append(f"{where}: {value!r} is not an ISO date YYYY-MM-DD")

    unknown_keys = set(timeline) - {"sites", "moves", "records", "sources"}
    if unknown_keys:
        problems.append(f"timeline: unknown keys {sorted(unknown_keys)}")
    for site_id, history in timeline.get("sites", {}).items():
        where = f"sites[{site_id!r}]"
        if site_id not in site_ids:
            problems.append(f"{where}: no such site in the sites GeoJSON")
        previous = ""
        for i, change in enumerate(history.get("changes", [])):
            here = f"{where}.changes[{i}]"
            check_day(here, change.get("date"))
            if change.get("status") is not None and change.get("status") not in STATUSES:
                problems.append(f"{here}: unknown status {change.get('status')!r}")
            if _is_day(change.get("date")):
                if change["date"] < previous:
                    problems.append(f"{here}: {change['date']} comes before {previous}")
                previous = change["date"]
            check_record(here, change.get("record"))
        for i, plan in enumerate(history.get("plans", [])):
            here = f"{where}.plans[{i}]"
            if plan.get("status") not in STATUSES:
                problems.append(f"{here}: unknown status {plan.get('status')!r}")
            check_day(here, plan.get("planned"))
            check_day(here, plan.get("known"), optional=True)
            check_day(here, plan.get("resolved"), optional=True)
            check_record(here, plan.get("record"))
    for i, move in enumerate(timeline.get("moves", [])):
        here = f"moves[{i}]"
        for end in ("from", "to"):
            if move.get(end) not in site_ids:
                problems.append(f"{here}: no such site {move.get(end)!r}")
        check_day(here, move.get("start"))
        check_day(here, move.get("end"), optional=True)
        if _is_day(move.get("start")) and _is_day(move.get("end")):
            if move["end"] < move["start"]:
                problems.append(f"{here}: ends {move['end']} before it starts")
        check_record(here, move.get("record"))
    for record_id, record in records.items():
        source_id = record.get("source_id")
        if source_id is not None and source_id not in sources:
            problems.append(f"records[{record_id!r}]: unknown source {source_id!r}")
    return problems


def _plan_on(plans: list[dict], day: str) -> tuple[str, dict] | None:
    """The plan to draw on ``day``: an overdue one first, else the soonest pending one."""
    overdue, pending = [], []
    for plan in plans:
        if plan.get("resolved") is not None and day >= plan["resolved"]:
            continue
        if day >= plan["planned"]:
            overdue.append(plan)
        elif plan.get("known") is None or day >= plan["known"]:
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
