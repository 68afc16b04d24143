"""The engine's answers for every date, serialised as the timeline the map's browser script looks up.

The map is drawn once and restyled per date in the browser, so the browser needs every site's answers up
front. Nothing here applies a posture rule: each site's intervals (status, since, record, forces, last
report, staleness, contest, plan), the moves and the incidents all come from `dashboard.engine`; this
module only writes them down as JSON-able data, with the records and sources the map's tooltips and
popups quote::

    {
      "sites": {"<site_id>": {
          "intervals": [{"start": "2025-09-01", "status": "drawdown", "since": "2025-08-18",
                         "since_record": "R039", "record": "R040", "forces": ["US"], "last": "2025-09-01", "stale": False,
                         "contested_by": [], "plan": None}],   # from start to the next interval's start
          "last": "2026-03-01"}},                                # its latest report of all
      "moves": [{"from": "ain-al-asad", "to": "al-tanf", "start": "2025-09-01", "end": None,
                 "record": "R040"}],                              # an arrow while start <= day < end
      "incidents": [{"site": "harir", "date": "2026-03-01", "end": "2026-03-31", "record": "W040"}],
      "records": {"R040": {"date": ..., "date_precision": ..., "status": ..., "claim": ..., "grade": ...,
                           "forces": ..., "summary_en": ..., "summary_ar": ..., "note": ..., "origin": ...,
                           "citations": [{"source": "erem-2025-09", "quote": "...", "official": False}]}},
      "sources": {"erem-2025-09": {"kind": "seed", "publisher": ..., "title": ..., "title_en": ...,
                                   "title_ar": ..., "published": "2025-09-20", "url": ""}},
    }

A plan is {"state": "pending" | "confirmed" | "overdue", "status", "planned", "record", "confirmed_by"}.
`web/answers.js` looks a date up in it, and the tests hold that look-up to the engine.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

from dashboard.dates import DateError, parse_iso_date
from dashboard.engine import Interval, PostureIndex, site_intervals
from dashboard.vocabulary import CURATED, ID_PATTERN, INCIDENT_DAYS, OFFICIAL, PLAN_STATES, SITE_STATUSES

SITE_ID = re.compile(ID_PATTERN)
RECORD_FIELDS = ("date", "date_precision", "status", "claim", "grade", "summary_en", "summary_ar", "note", "forces")
SOURCE_FIELDS = ("kind", "publisher", "title", "title_en", "title_ar", "published", "url")


def _iso(value) -> str | None:
    return None if value is None or (not isinstance(value, date) and pd.isna(value)) else value.isoformat()


def _interval(interval: Interval) -> dict:
    answer, plan = interval.answer, interval.answer.plan
    return {
        "start": interval.start.isoformat(),
        "status": answer.status,
        "since": _iso(answer.since),
        "since_record": answer.since_record,
        "record": answer.record_id,
        "forces": list(answer.forces),
        "last": _iso(answer.last_reported),
        "stale": answer.stale,
        "quiet": answer.quiet,
        "contested_by": list(answer.contested_by),
        "plan": None
        if plan is None
        else {
            "state": plan.state,
            "status": plan.status,
            "planned": plan.planned.isoformat(),
            "record": plan.record_id,
            "confirmed_by": plan.confirmed_by,
        },
    }


def pointed_records(timeline: dict) -> set[str]:
    """Every record a tooltip or popup of the map can show."""
    wanted = set()
    for history in timeline.get("sites", {}).values():
        for interval in history.get("intervals", []):
            wanted |= {interval.get("record"), interval.get("since_record")} | set(interval.get("contested_by") or [])
            plan = interval.get("plan") or {}
            wanted |= {plan.get("record"), plan.get("confirmed_by")}
    wanted |= {m.get("record") for m in timeline.get("moves", [])}
    wanted |= {i.get("record") for i in timeline.get("incidents", [])}
    return wanted - {None}


def map_timeline(index: PostureIndex, records: pd.DataFrame, citations: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The JSON-able timeline of `index` (built from `records`) for `dashboard.mapview.build_base_map`."""
    sites = {
        site_id: {"intervals": [_interval(i) for i in intervals]}
        for site_id, intervals in site_intervals(index).items()
    }
    for site_id, day in index.last_reports().items():
        if site_id:
            sites.setdefault(site_id, {"intervals": []})["last"] = day.isoformat()  # the record is silent after it
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
    incidents = [
        {
            "site": i.site_id,
            "date": i.date.isoformat(),
            "end": (i.date + timedelta(days=INCIDENT_DAYS)).isoformat(),  # shown while date <= day < end
            "record": i.record_id,
        }
        for i in index.incidents()
    ]
    timeline = {"sites": sites, "moves": moves, "incidents": incidents}
    referenced = pointed_records(timeline)
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
        fields = {name: row.get(name, "") or "" for name in RECORD_FIELDS}
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
    return timeline | {"records": record_table, "sources": source_table}


def _is_day(value: object) -> bool:
    try:
        parse_iso_date(value)
    except DateError:
        return False
    return isinstance(value, str)


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
        check_day(where + ".last", history.get("last"), optional=True)
        previous = ""
        for i, interval in enumerate(history.get("intervals", [])):
            here = f"{where}.intervals[{i}]"
            check_day(here, interval.get("start"))
            if _is_day(interval.get("start")):
                if interval["start"] <= previous:
                    problems.append(f"{here}: {interval['start']} does not come after {previous}")
                previous = interval["start"]
            status = interval.get("status")
            if status is not None and status not in SITE_STATUSES:
                problems.append(f"{here}: unknown status {status!r}")
            if status is not None:
                check_record(here, interval.get("record"))
                check_day(here + ".since", interval.get("since"))
            check_day(here + ".last", interval.get("last"), optional=True)
            for disputing in interval.get("contested_by") or []:
                check_record(here + ".contested_by", disputing)
            plan = interval.get("plan")
            if plan is not None:
                if plan.get("state") not in PLAN_STATES or plan.get("status") not in SITE_STATUSES:
                    problems.append(
                        f"{here}.plan: unknown state or status {plan.get('state')!r}, {plan.get('status')!r}"
                    )
                check_day(here + ".plan", plan.get("planned"))
                check_record(here + ".plan", plan.get("record"))
                if plan.get("confirmed_by") is not None:
                    check_record(here + ".plan.confirmed_by", plan.get("confirmed_by"))
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
        check_day(here + ".end", incident.get("end"))
        check_record(here, incident.get("record"))
    for record_id, record in records.items():
        for citation in record.get("citations", []):
            if citation.get("source") not in sources:
                problems.append(f"records[{record_id!r}]: unknown source {citation.get('source')!r}")
    return problems
