"""The engine's rules written out as the timeline the map's browser script replays.

The map is drawn once and restyled per date in the browser, so the browser needs every site's
status history up front. This module turns validated records into the structure documented in
`dashboard/mapview/timeline.py`, applying the same rules as `dashboard/engine.py`:
planned records and events never set a status, the later row wins a tie, a plan is overdue from its
date until a non-planned record of the same site and status confirms it, and a move is under way
while the record naming it is its site's status-setting record.
"""
from __future__ import annotations

import bisect

import pandas as pd

RECORD_FIELDS = ("date", "date_precision", "status", "claim", "summary_en", "summary_ar", "quote", "source_id")
SOURCE_FIELDS = ("publisher", "title_en", "title_ar", "published")


def _status_setting(records: pd.DataFrame) -> pd.DataFrame:
    setting = records[(records["claim"] != "planned") & (records["status"] != "event") & (records["site_id"] != "")]
    setting = setting.assign(_row=range(len(setting))).sort_values(["site_id", "date", "_row"], kind="stable")
    return setting.drop_duplicates(["site_id", "date"], keep="last")


def _iso(value) -> str | None:
    return None if value is None or pd.isna(value) else value.isoformat()


def map_timeline(records: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The JSON-able timeline for `dashboard.mapview.build_base_map`."""
    setting = _status_setting(records)
    sites: dict[str, dict] = {}
    moves = []
    for site_id, group in setting.groupby("site_id", sort=True):
        dates = list(group["date"])
        changes = []
        for i, row in enumerate(group.itertuples(index=False)):
            changes.append({"date": row.date.isoformat(), "status": row.status, "record": row.record_id})
            if row.moved_to:
                end = dates[i + 1] if i + 1 < len(dates) else None
                moves.append({"from": site_id, "to": row.moved_to, "start": row.date.isoformat(),
                              "end": _iso(end), "record": row.record_id})
        sites[site_id] = {"changes": changes, "plans": []}

    planned = records[(records["claim"] == "planned") & (records["site_id"] != "") & (records["status"] != "event")]
    # Any non-planned record of the same site and status confirms a plan, even one that a same-day
    # row outranks. Sorted dates per (site, status) let each plan find its confirmation by bisection.
    facts = records[records["claim"] != "planned"].sort_values("date", kind="stable")
    confirmations = {key: list(group["date"]) for key, group in facts.groupby(["site_id", "status"], sort=False)}
    for plan in planned.itertuples(index=False):
        dates = confirmations.get((plan.site_id, plan.status), [])
        at = bisect.bisect_left(dates, plan.date)
        sites.setdefault(plan.site_id, {"changes": [], "plans": []})["plans"].append({
            "status": plan.status, "planned": plan.date.isoformat(), "known": None,
            "resolved": dates[at].isoformat() if at < len(dates) else None, "record": plan.record_id,
        })

    referenced = {c["record"] for s in sites.values() for c in s["changes"]}
    referenced |= {p["record"] for s in sites.values() for p in s["plans"]}
    chosen = records[records["record_id"].isin(referenced)]
    record_table = {}
    for row in chosen.to_dict("records"):
        record_table[row["record_id"]] = {f: (_iso(row[f]) if f == "date" else row[f]) for f in RECORD_FIELDS}
    used_sources = {r["source_id"] for r in record_table.values()}
    source_table = {row["source_id"]: {f: (_iso(row[f]) if f == "published" else row[f]) for f in SOURCE_FIELDS}
                    for row in sources.to_dict("records") if row["source_id"] in used_sources}
    return {"sites": sites, "moves": moves, "records": record_table, "sources": source_table}
