"""The sites in view as GeoJSON (RFC 7946): each site's status on the date, with the citations of the
record that set it; the sources cited, in the collection's `metadata`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from dashboard.engine import SiteAnswer, answers_at
from dashboard.export.records import origin_of, sites_in
from dashboard.i18n import check_language, status_label
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.vocabulary import OFFICIAL

_SOURCE_KEYS = {
    "kind": "kind",
    "publisher": "publisher",
    "title": "title",
    "title_en": "title_en",
    "title_ar": "title_ar",
    "published": "published",
    "url": "url",
    "file": "file",
}


def _source_properties(source: Mapping) -> dict:
    return {
        "source_id": source["source_id"],
        **{key: _json_value(source[field]) for key, field in _SOURCE_KEYS.items()},
    }


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


_STATUS_PROPERTIES = (
    "status",
    "status_label",
    "status_since",
    "status_since_record_id",
    "status_date_precision",
    "status_record_id",
    "status_record_date",
    "forces",
    "claim",
    "grade",
    "moved_to",
    "summary_en",
    "summary_ar",
    "note",
    "origin",
    "citations",
)


def _status_properties(answer: SiteAnswer, record: Mapping, origin: object, citations: list[dict], lang: str) -> dict:
    return {
        "status": answer.status,
        "status_label": status_label(answer.status, lang),
        "status_since": answer.since.isoformat(),  # the engine's: the first date of this run of the status
        "status_since_record_id": answer.since_record,
        "status_date_precision": record["date_precision"],
        "status_record_id": answer.record_id,
        "status_record_date": record["date"].isoformat(),
        "forces": list(answer.forces),
        "claim": record["claim"],
        "grade": record["grade"],
        "moved_to": record["moved_to"] or None,
        "summary_en": record["summary_en"],
        "summary_ar": record["summary_ar"],
        "note": record["note"],
        "origin": origin_of(origin),
        "citations": citations,
    }


def sites_geojson(prepared: Prepared, selection: Selection) -> dict:
    """RFC 7946 FeatureCollection of the sites in view with their status on the selection's day and its
    citations.

    Every answer is the engine's (`answers_at`), the one the map draws: status, since (the first date of
    the run), forces, last report, staleness, contest and the plan ring's state. A site without a status
    has null status fields. `citations` lists, for the record that set the status, each source it cites
    (source_id, quote for a seed, official); `pending`, `confirmed` and `overdue` list the site's plans
    in each state on the date. `lang` picks the language of
    the `name` and `status_label` properties; both names are always there. The foreign member
    `metadata` holds the date, provinces, language, known_then, forces and every source cited.
    """
    on, lang, provinces, known_then = selection.day, selection.lang, selection.provinces, selection.known_then
    check_language(lang)
    wanted = sites_in(prepared, provinces)
    view = prepared.view(selection)
    answers = answers_at(view.index, on, [f["id"] for f in prepared.sites_geojson["features"]])
    plans: dict[str, dict[str, list[str]]] = {"pending": {}, "confirmed": {}, "overdue": {}}
    for plan in view.index.plans():
        state = plan.state_on(on)
        if plan.site_id and state is not None:
            plans[state].setdefault(plan.site_id, []).append(plan.record_id)
    confirmed_by = {plan.record_id: plan.confirmed_by for plan in view.index.plans()}
    records = {r["record_id"]: r for r in view.records.to_dict("records")}
    origins = dict(zip(view.records["record_id"], view.records["origin"])) if "origin" in view.records else {}
    by_record: dict[str, list[dict]] = {}
    for c in view.citations.to_dict("records"):
        by_record.setdefault(c["record_id"], []).append(
            {"source_id": c["source_id"], "quote": c["quote"] or None, "official": c["official"] == OFFICIAL}
        )
    sources = {s["source_id"]: s for s in prepared.dataset.sources.to_dict("records")}
    cited: set[str] = set()
    features = []
    for site in prepared.sites_geojson["features"]:
        site_id = site["id"]
        if wanted is not None and site_id not in wanted:
            continue
        properties = {"site_id": site_id, **site["properties"], "name": site["properties"][f"name_{lang}"]}
        answer = answers[site_id]
        if answer.status is None:
            properties.update(dict.fromkeys(_STATUS_PROPERTIES))
        else:
            record = records[answer.record_id]
            citations = by_record.get(answer.record_id, [])
            properties.update(_status_properties(answer, record, origins.get(answer.record_id), citations, lang))
            cited.update(c["source_id"] for c in citations)
        properties.update(
            last_reported=None if answer.last_reported is None else answer.last_reported.isoformat(),
            stale=answer.stale,
            contested=answer.contested,
            contested_by=list(answer.contested_by),
            plan_state=None if answer.plan is None else answer.plan.state,  # the ring the map draws
        )
        # Both sides of a contested status: the records disputing it, each with its grade and sources.
        properties["disputing"] = [
            {
                "record_id": r,
                "status": records[r]["status"],
                "grade": records[r]["grade"],
                "date": records[r]["date"].isoformat(),
                "source_ids": [c["source_id"] for c in by_record.get(r, [])],
            }
            for r in answer.contested_by
        ]
        cited.update(s for entry in properties["disputing"] for s in entry["source_ids"])
        for role, by_site in plans.items():
            entries = [records[r] for r in by_site.get(site_id, [])]
            properties[role] = [
                {
                    "record_id": r["record_id"],
                    "status": r["status"],
                    "grade": r["grade"],
                    "planned_date": r["date"].isoformat(),
                    "date_precision": r["date_precision"],
                    "confirmed_by": confirmed_by[r["record_id"]] if role == "confirmed" else None,
                    "source_ids": [c["source_id"] for c in by_record.get(r["record_id"], [])],
                }
                for r in entries
            ]
            cited.update(c["source_id"] for r in entries for c in by_record.get(r["record_id"], []))
        # A round trip through JSON copies the geometry, so the cached Prepared is never shared.
        features.append(
            {
                "type": "Feature",
                "id": site_id,
                "properties": properties,
                "geometry": json.loads(json.dumps(site["geometry"])),
            }
        )
    metadata = {
        "date": on.isoformat(),
        "provinces": list(provinces),
        "language": lang,
        "known_then": bool(known_then),
        "forces": selection.forces,
        "sources": [_source_properties(sources[s]) for s in sources if s in cited],
    }
    return {"type": "FeatureCollection", "metadata": metadata, "features": features}


def geojson_text(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, allow_nan=False) + "\n"
