"""The records in view as a table: one row per record and citation, with the source of each citation.

A record citing three sources gives three rows, its own fields repeated, `citation` numbering them 1, 2,
3, so every source travels with the claim and a spreadsheet can filter by either. Each row carries the
source's kind, publisher, origin, titles, publication date, address (web) or file (seed), and for a
seed the verbatim quote. Exported strings are data, never markup: nothing is HTML-escaped here
(escaping belongs to display).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.evidence import in_effect
from dashboard.i18n import t
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.vocabulary import CURATED

RECORD_FIELDS = [
    "record_id",
    "role",
    "origin",
    "site_id",
    "site_name_en",
    "site_name_ar",
    "date",
    "date_precision",
    "status",
    "claim",
    "grade",
    "forces",
    "troops",
    "troops_qualifier",
    "moved_to",
    "summary_en",
    "summary_ar",
    "note",
    "confirms",
    "disputes",
    "plan_state",
    "confirmed_by",
]
CITATION_FIELDS = [
    "citation",
    "source_id",
    "source_kind",
    "source_publisher",
    "source_origin",
    "source_title",
    "source_title_en",
    "source_title_ar",
    "source_published",
    "source_url",
    "source_file",
    "quote",
    "official",
]
RECORD_COLUMNS = RECORD_FIELDS + CITATION_FIELDS
DATE_COLUMNS = ("date", "source_published")
INTEGER_COLUMNS = ("troops", "citation")
_SOURCE_FIELDS = {
    "source_kind": "kind",
    "source_publisher": "publisher",
    "source_origin": "origin",
    "source_title": "title",
    "source_title_en": "title_en",
    "source_title_ar": "title_ar",
    "source_published": "published",
    "source_url": "url",
    "source_file": "file",
}


def unknown_provinces(prepared: Prepared, provinces: Iterable[str]) -> list[str]:
    return [p for p in provinces if p not in prepared.province_names["en"]]


def sites_in(prepared: Prepared, provinces: Iterable[str]) -> tuple[str, ...] | None:
    """The sites of `provinces` (None: every site), or ValueError naming codes the data does not know."""
    provinces = tuple(provinces)
    unknown = unknown_provinces(prepared, provinces)
    if unknown:
        raise ValueError(f"unknown province code(s): {', '.join(unknown)}")
    return prepared.sites_in(provinces)


def record_rows(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    site_names: Mapping[str, Mapping[str, str]],
    roles: Mapping[str, str] | None = None,
    plans: Mapping[str, tuple[str, str | None]] | None = None,
) -> pd.DataFrame:
    """`records` with their site names and every citation, as RECORD_COLUMNS, one row per record and
    citation, sorted by date, record_id then citation. `plans` gives a planned record's state on the
    export's date and the record that confirmed it (the engine's `Plan.state_on`, `confirmed_by`).

    `site_names` is lang -> site_id -> name (as `Prepared.site_names`). An `origin` column is
    kept where the records have one (uploads say `user-supplied`); missing or empty means curated.
    Raises ValueError for a record that cites nothing or a source that is not in `sources`: an export
    never drops a citation.
    """
    by_source = {s["source_id"]: s for s in sources.to_dict("records")}
    cited = citations[citations["record_id"].isin(set(records["record_id"]))]
    unknown = sorted(set(cited["source_id"]) - by_source.keys())
    if unknown:
        raise ValueError(f"records cite sources that are not given: {', '.join(map(str, unknown))}")
    by_record: dict[str, list[dict]] = {}
    for citation in cited.to_dict("records"):
        by_record.setdefault(citation["record_id"], []).append(citation)
    uncited = sorted(set(records["record_id"]) - by_record.keys())
    if uncited:
        raise ValueError(f"records cite no source: {', '.join(map(str, uncited))}")
    origins = records["origin"] if "origin" in records.columns else pd.Series(CURATED, index=records.index)
    rows = []
    for record, origin in zip(records.to_dict("records"), origins):
        site = record["site_id"]
        base = {column: record.get(column) for column in RECORD_FIELDS}
        plan_state, confirmed_by = (plans or {}).get(record["record_id"], ("", ""))
        base.update(
            plan_state=plan_state or "",
            confirmed_by=confirmed_by or "",
            role=(roles or {}).get(record["record_id"], ""),
            origin=origin_of(origin),
            site_name_en=site_names["en"].get(site, site) if site else t("national", "en"),
            site_name_ar=site_names["ar"].get(site, site) if site else t("national", "ar"),
        )
        for number, citation in enumerate(by_record[record["record_id"]], start=1):
            source = by_source[citation["source_id"]]
            rows.append(
                base
                | {
                    "citation": number,
                    "source_id": citation["source_id"],
                    "quote": citation["quote"],
                    "official": citation["official"],
                }
                | {column: source.get(field) for column, field in _SOURCE_FIELDS.items()}
            )
    rows.sort(key=lambda r: (r["date"], r["record_id"], r["citation"]))
    return typed_rows(rows)


def origin_of(value: object) -> str:
    return value if isinstance(value, str) and value else CURATED


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None or pd.isna(value) else str(value)


def typed_rows(rows: list[dict]) -> pd.DataFrame:
    # One constructor for exports and for CSV read back, so the two compare equal column by column.
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    for column in RECORD_COLUMNS:
        if column in INTEGER_COLUMNS:
            frame[column] = pd.array([None if pd.isna(v) else int(v) for v in frame[column]], dtype="Int64")
        elif column in DATE_COLUMNS:
            frame[column] = pd.Series(list(frame[column]), dtype=object)
        else:
            frame[column] = pd.Series([_text(v) for v in frame[column]], dtype="str")
    return frame


def records_in_view(prepared: Prepared, selection: Selection) -> pd.DataFrame:
    """The records the evidence table shows for `selection`, with raw fields, `role` (status / pending /
    overdue / incident / force level / target), origin, site names and citations."""
    view = prepared.view(selection)
    # The same choice and roles as the evidence table's.
    chosen, roles = in_effect(view.index, view.records, selection.day, sites_in(prepared, selection.provinces))
    plans = {
        plan.record_id: (
            plan.state_on(selection.day) or "",
            plan.confirmed_by if plan.state_on(selection.day) == "confirmed" else "",
        )
        for plan in view.index.plans()
    }
    return record_rows(chosen, view.citations, prepared.dataset.sources, prepared.site_names, roles, plans)


def export_all_records_csv(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    site_names: Mapping[str, Mapping[str, str]],
    excel: bool = False,
) -> str:
    """Every record given (e.g. curated plus uploaded), in effect or not, as CSV; `role` is empty."""
    from dashboard.export.csvtext import records_csv

    return records_csv(record_rows(records, citations, sources, site_names), excel=excel)
