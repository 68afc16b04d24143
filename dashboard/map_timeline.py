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
USER = "user-supplied"


def status_setting(records: pd.DataFrame) -> pd.DataFrame:
    """Each site's status-setting records, sorted by site then date: the engine's rule as a table."""
    setting = records[(records["claim"] != "planned") & (records["status"] != "event") & (records["site_id"] != "")]
    setting = setting.assign(_row=range(len(setting))).sort_values(["site_id", "date", "_row"], kind="stable")
    return setting.drop_duplicates(["site_id", "date"], keep="last")


def _iso(value) -> str | None:
    return None if value is None or pd.isna(value) else value.isoformat()


def _columns(frame: pd.DataFrame, *names: str) -> list[list]:
    # Plain lists: a loop over 100,000 rows is far faster on these than on groupby/itertuples.
    return [frame[name].to_numpy(dtype=object).tolist() for name in names]


def map_timeline(records: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The JSON-able timeline for `dashboard.mapview.build_base_map`."""
    setting = status_setting(records)  # sorted by site, then date
    site, day, status, record, moved = _columns(setting, "site_id", "date", "status", "record_id", "moved_to")
    iso = [d.isoformat() for d in day]
    sites: dict[str, dict] = {}
    moves = []
    for i, site_id in enumerate(site):
        history = sites.get(site_id)
        if history is None:
            history = sites[site_id] = {"changes": [], "plans": []}
        history["changes"].append({"date": iso[i], "status": status[i], "record": record[i]})
        if moved[i]:
            end = iso[i + 1] if i + 1 < len(site) and site[i + 1] == site_id else None
            moves.append({"from": site_id, "to": moved[i], "start": iso[i], "end": end, "record": record[i]})

    # Any non-planned record of the same site and status confirms a plan, even one that a same-day
    # row outranks. Sorted dates per (site, status) let each plan find its confirmation by bisection.
    facts = records[records["claim"] != "planned"].sort_values("date", kind="stable")
    confirmations: dict[tuple[str, str], list] = {}
    for site_id, fact_status, fact_day in zip(*_columns(facts, "site_id", "status", "date")):
        confirmations.setdefault((site_id, fact_status), []).append(fact_day)
    planned = records[(records["claim"] == "planned") & (records["site_id"] != "") & (records["status"] != "event")]
    for site_id, plan_status, plan_day, record_id in zip(*_columns(planned, "site_id", "status", "date", "record_id")):
        dates = confirmations.get((site_id, plan_status), [])
        at = bisect.bisect_left(dates, plan_day)
        sites.setdefault(site_id, {"changes": [], "plans": []})["plans"].append({
            "status": plan_status, "planned": plan_day.isoformat(), "known": None,
            "resolved": dates[at].isoformat() if at < len(dates) else None, "record": record_id,
        })

    referenced = {c["record"] for s in sites.values() for c in s["changes"]}
    referenced |= {p["record"] for s in sites.values() for p in s["plans"]}
    chosen = records[records["record_id"].isin(referenced)]
    record_table = {}
    origins = _columns(chosen, "origin")[0] if "origin" in chosen else [""] * len(chosen)
    for origin, row in zip(origins, zip(*_columns(chosen, "record_id", *RECORD_FIELDS))):
        fields = dict(zip(RECORD_FIELDS, row[1:]))
        fields["date"] = fields["date"].isoformat()
        if origin == USER:  # marked wherever it is shown, the map's tooltips and popups included
            fields["summary_en"] = f"[{USER}] {fields['summary_en']}"
            fields["summary_ar"] = f"[من المستخدم] {fields['summary_ar']}"
        record_table[row[0]] = fields
    used_sources = {r["source_id"] for r in record_table.values()}
    source_table = {row["source_id"]: {f: (_iso(row[f]) if f == "published" else row[f]) for f in SOURCE_FIELDS}
                    for row in sources.to_dict("records") if row["source_id"] in used_sources}
    return {"sites": sites, "moves": moves, "records": record_table, "sources": source_table}
