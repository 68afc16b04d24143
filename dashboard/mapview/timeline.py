"""The engine's answers for every date, serialised as the timeline the map's browser script replays.

The map is drawn once and restyled per date in the browser, so the browser needs every site's status
history up front. Nothing here applies a posture rule: the histories, plans (with due and confirmation
dates), moves and incidents all come from `dashboard.engine.PostureIndex`; this module only writes
them down as JSON-able data, with the records and sources the map's tooltips and popups quote::

    {
      "sites": {"<site_id>": {
          "changes": [{"date": "2025-09-01", "status": "drawdown", "record": "R040"}],  # by date
          "plans": [{"status": "handed_over", "planned": "2026-09-01", "due": "2026-09-30",
                     "resolved": None, "known": "2025-09-20", "record": "R038"}],
                     # resolved: date confirmed, or None; known: from when the plan was public, or None
          "last": "2026-03-01"}},                              # its latest non-planned record
      "moves": [{"from": "ain-al-asad", "to": "al-tanf", "start": "2025-09-01", "end": None,
                 "record": "R040"}],                            # an arrow while start <= day < end
      "incidents": [{"site": "harir", "date": "2026-03-01", "record": "W040"}],
      "records": {"R040": {"date": ..., "date_precision": ..., "status": ..., "claim": ..., "grade": ...,
                           "summary_en": ..., "summary_ar": ..., "note": ..., "origin": ...,
                           "citations": [{"source": "erem-2025-09", "quote": "...", "official": False}]}},
      "sources": {"erem-2025-09": {"kind": "seed", "publisher": ..., "title": ..., "title_en": ...,
                                   "title_ar": ..., "published": "2025-09-20", "url": ""}},
    }

`web/sitemap.js` replays it: a status holds from its change until the next; a plan shows from the day
it is known, pending while day <= due and overdue after, until resolved; an incident shows for INCIDENT_DAYS days. The browser
tests hold the script to the engine on generated data.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from dashboard.engine import PostureIndex
from dashboard.vocabulary import CURATED, ID_PATTERN, OFFICIAL, SITE_STATUSES

SITE_ID = re.compile(ID_PATTERN)
RECORD_FIELDS = ("date", "date_precision", "status", "claim", "grade", "summary_en", "summary_ar", "note")
SOURCE_FIELDS = ("kind", "publisher", "title", "title_en", "title_ar", "published", "url")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value) -> str | None:
    return None if value is None or (not isinstance(value, date) and pd.isna(value)) else value.isoformat()


def map_timeline(index: PostureIndex, records: pd.DataFrame, citations: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The JSON-able timeline of `index` (built from `records`) for `dashboard.mapview.build_base_map`."""
    sites: dict[str, dict] = {}

    def site(site_id: str) -> dict:
        return sites.setdefault(site_id, {"changes": [], "plans": []})

    for site_id, states in index.status_history().items():
        site(site_id)["changes"] = [
            {"date": s.since.isoformat(), "status": s.status, "record": s.record_id} for s in states
        ]
    for plan in index.plans():
        if plan.site_id and plan.status in SITE_STATUSES:
            site(plan.site_id)["plans"].append(
                {
                    "status": plan.status,
                    "planned": plan.date.isoformat(),
                    "due": plan.due.isoformat(),
                    "resolved": _iso(plan.confirmed_on),
                    "known": _iso(plan.known),
                    "record": plan.record_id,
                }
            )
    for site_id, day in index.last_reports().items():
        if site_id:
            site(site_id)["last"] = day.isoformat()  # the record is silent after this
    moves = [
        {
            "from": m.from_site,
            "to": m.to_site,
            "start": m.since.isoformat(),
            "end": _iso(m.until),
            "record": m.record_id,
        }
        for m in index.moves()
    ]
    incidents = [{"site": i.site_id, "date": i.date.isoformat(), "record": i.record_id} for i in index.incidents()]

    referenced = {c["record"] for s in sites.values() for c in s["changes"]}
    referenced |= {p["record"] for s in sites.values() for p in s["plans"]}
    referenced |= {m["record"] for m in moves} | {i["record"] for i in incidents}
    chosen = records[records["record_id"].isin(referenced)]
    cited = citations[citations["record_id"].isin(referenced)]
    by_record: dict[str, list[dict]] = {}
    for record_id, source_id, quote, official in zip(
        cited["record_id"], cited["source_id"], cited["quote"], cited["official"]
    ):
        by_record.setdefault(record_id, []).append(
            {"source": source_id, "quote": quote, "official": official == OFFICIAL}
        )
    origins = chosen["origin"] if "origin" in chosen else pd.Series(CURATED, index=chosen.index)
    record_table = {}
    for row, origin in zip(chosen.to_dict("records"), origins):
        fields = {name: row.get(name, "") for name in RECORD_FIELDS}
        fields["date"] = row["date"].isoformat()
        fields["origin"] = origin or CURATED
        fields["citations"] = by_record.get(row["record_id"], [])
        record_table[row["record_id"]] = fields
    used = {c["source"] for r in record_table.values() for c in r["citations"]}
    source_table = {
        row["source_id"]: {f: (_iso(row[f]) if f == "published" else row.get(f, "")) for f in SOURCE_FIELDS}
        for row in sources.to_dict("records")
        if row["source_id"] in used
    }
    return {"sites": sites, "moves": moves, "incidents": incidents, "records": record_table, "sources": source_table}


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_timeline(timeline: dict, site_ids: set[str]) -> list[str]:
    """Every problem in ``timeline``'s structure that would draw a wrong map; empty when it is sound."""
    problems: list[str] = []
    records = timeline.get("records", {})
    sources = timeline.get("sources", {})

    def check_record(where: str, record_id: object) -> None:
        if record_id not in records:
            problems.append(f"{where}: unknown record {record_id!r}")

    def check_day(where: str, value: object, optional: bool = False) -> None:
        if optional and value is None:
            return
        if not _is_day(value):
            problems.append(f"{where}: {value!r} is not an ISO date YYYY-MM-DD")

    def check_site(where: str, value: object) -> None:
        if value not in site_ids:
            problems.append(f"{where}: no such site {value!r}")

    unknown_keys = set(timeline) - {"sites", "moves", "incidents", "records", "sources"}
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
            if change.get("status") not in SITE_STATUSES:
                problems.append(f"{here}: unknown status {change.get('status')!r}")
            if _is_day(change.get("date")):
                if change["date"] <= previous:
                    problems.append(f"{here}: {change['date']} does not come after {previous}")
                previous = change["date"]
            check_record(here, change.get("record"))
        for i, plan in enumerate(history.get("plans", [])):
            here = f"{where}.plans[{i}]"
            if plan.get("status") not in SITE_STATUSES:
                problems.append(f"{here}: unknown status {plan.get('status')!r}")
            for key in ("planned", "due"):
                check_day(here, plan.get(key))
            check_day(here, plan.get("resolved"), optional=True)
            check_day(here, plan.get("known"), optional=True)
            check_record(here, plan.get("record"))
    for i, move in enumerate(timeline.get("moves", [])):
        here = f"moves[{i}]"
        for end in ("from", "to"):
            check_site(here, move.get(end))
        check_day(here, move.get("start"))
        check_day(here, move.get("end"), optional=True)
        if _is_day(move.get("start")) and _is_day(move.get("end")) and move["end"] < move["start"]:
            problems.append(f"{here}: ends {move['end']} before it starts")
        check_record(here, move.get("record"))
    for i, incident in enumerate(timeline.get("incidents", [])):
        here = f"incidents[{i}]"
        check_site(here, incident.get("site"))
        check_day(here, incident.get("date"))
        check_record(here, incident.get("record"))
    for record_id, record in records.items():
        for citation in record.get("citations", []):
            if citation.get("source") not in sources:
                problems.append(f"records[{record_id!r}]: unknown source {citation.get('source')!r}")
    return problems
