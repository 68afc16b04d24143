"""The evidence panels: records in effect on a date, what changed, and records by source.

Pure functions over the engine's index and the validated tables; the app only renders what they return.
"""
from __future__ import annotations

import datetime as dt
from typing import Collection, Mapping

import pandas as pd

from dashboard.engine import PostureIndex
from dashboard.i18n import claim_label, format_date, status_label, t

EVIDENCE_COLUMNS = ["record_id", "date", "site", "status", "claim", "role", "summary", "quote", "source",
                    "publisher", "published", "note", "origin"]
USER = "user-supplied"


def _in_scope(site_id: str, site_ids: Collection[str] | None) -> bool:
    # National records (empty site_id) belong to every province selection.
    return site_ids is None or site_id == "" or site_id in site_ids


def _scope_mask(records: pd.DataFrame, site_ids: Collection[str] | None) -> pd.Series:
    # A Series, not a list: an empty list would select no columns rather than no rows.
    return pd.Series([_in_scope(s, site_ids) for s in records["site_id"]], index=records.index, dtype=bool)


def records_in_effect(index: PostureIndex, records: pd.DataFrame, sources: pd.DataFrame, on: dt.date,
                      site_names: Mapping[str, str], lang: str,
                      site_ids: Collection[str] | None = None) -> pd.DataFrame:
    """One row per record that shapes the picture on `on`.

    That is each site's status-setting record, the planned records still pending or overdue, and the
    record behind the national force level. `role` says which.
    """
    chosen, roles = in_effect(index, records, on, site_ids)
    return evidence_table(chosen, sources, site_names, lang, roles)


def in_effect(index: PostureIndex, records: pd.DataFrame, on: dt.date,
              site_ids: Collection[str] | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The records in effect on `on` (rows of `records`, in file order) and each one's role.

    Cheap even for 100,000 records, so a caller can count them all and tabulate only some.
    """
    roles: dict[str, str] = {}
    for state in index.status_at(on).values():
        roles[state.record_id] = "status"
    for role, by_site in (("pending", index.pending_at(on)), ("overdue", index.overdue_at(on))):
        for record_ids in by_site.values():
            for record_id in record_ids:
                roles[record_id] = role
    force = index.force_level_at(on)
    if force is not None:
        roles.setdefault(force.record_id, "force level")
    chosen = records[records["record_id"].isin(roles.keys())]
    chosen = chosen[_scope_mask(chosen, site_ids)]
    return chosen, roles


def evidence_table(chosen: pd.DataFrame, sources: pd.DataFrame, site_names: Mapping[str, str], lang: str,
                   roles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Records as people read them: names and labels in `lang`, quote verbatim, source named."""
    by_source = sources.set_index("source_id")
    summary = "summary_ar" if lang == "ar" else "summary_en"
    rows = []
    for record in chosen.itertuples(index=False):
        source = by_source.loc[record.source_id] if record.source_id in by_source.index else None
        rows.append({
            "record_id": record.record_id,
            "date": format_date(record.date, lang, record.date_precision),
            "site": site_names.get(record.site_id, t("national", lang)) if record.site_id else t("national", lang),
            "status": status_label(record.status, lang),
            "claim": claim_label(record.claim, lang),
            "role": (roles or {}).get(record.record_id, ""),
            "summary": getattr(record, summary),
            "quote": record.quote,
            "source": "" if source is None else (source["title_ar"] if lang == "ar" else source["title_en"]),
            "publisher": "" if source is None else source["publisher"],
            "published": "" if source is None else source["published"].isoformat(),
            "note": record.note,
            "origin": t("user_supplied", lang) if getattr(record, "origin", "") == USER else "",
        })
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def what_changed(index: PostureIndex, records: pd.DataFrame, on: dt.date, site_names: Mapping[str, str],
                 lang: str, site_ids: Collection[str] | None = None) -> tuple[dt.date | None, list[str], list[str]]:
    """Plain-words changes between the previous change date and `on`.

    Returns (previous change date or None, one sentence per site whose status changed, the summaries
    of every record dated in (previous, on]).
    """
    previous = index.previous_change(on)
    start = previous if previous is not None else dt.date.min
    sentences = []
    for change in index.status_changes(start, on):
        if not _in_scope(change.site_id, site_ids):
            continue
        site = site_names.get(change.site_id, change.site_id)
        if change.before is None:
            sentences.append(t("change_new", lang, site=site, after=status_label(change.after, lang)))
        elif change.after is None:
            sentences.append(t("change_gone", lang, site=site, before=status_label(change.before, lang)))
        else:
            sentences.append(t("change_sentence", lang, site=site, before=status_label(change.before, lang),
                               after=status_label(change.after, lang)))
    new_ids = set(index.records_between(start, on))
    summary = "summary_ar" if lang == "ar" else "summary_en"
    new = records[records["record_id"].isin(new_ids)]
    origins = new["origin"] if "origin" in new else [""] * len(new)
    notes = [f"{site_names.get(s, t('national', lang)) if s else t('national', lang)} "
             f"({claim_label(c, lang)}{', ' + t('user_supplied', lang) if o == USER else ''}): {text}"
             for s, c, text, o in zip(new["site_id"], new["claim"], new[summary], origins) if _in_scope(s, site_ids)]
    return previous, sentences, notes


def records_by_source(records: pd.DataFrame, sources: pd.DataFrame,
                      site_ids: Collection[str] | None = None) -> list[tuple[dict, pd.DataFrame]]:
    """Each source with the records citing it, in the order of `data/sources.csv`."""
    out = []
    for source in sources.to_dict("records"):
        citing = records[records["source_id"] == source["source_id"]]
        citing = citing[_scope_mask(citing, site_ids)]
        out.append((source, citing))
    return out


def sources_panel(records: pd.DataFrame, sources: pd.DataFrame, site_names: Mapping[str, str], lang: str,
                  site_ids: Collection[str] | None = None,
                  limit: int | None = None) -> list[tuple[dict, pd.DataFrame, int]]:
    """Each source, the evidence table of the records citing it (the first `limit` of them), and how
    many cite it: the per-source view.

    It does not depend on the selected date, so the app can build it once per selection and reuse it.
    """
    return [(source, evidence_table(citing.iloc[:limit], sources, site_names, lang), len(citing))
            for source, citing in records_by_source(records, sources, site_ids)]


def visible_sources(sources: pd.DataFrame, on: dt.date) -> frozenset[str]:
    """Sources published on or before `on`: what could have been known that day."""
    return frozenset(sources.loc[[p <= on for p in sources["published"]], "source_id"])
