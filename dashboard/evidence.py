"""The evidence panels: records in effect on a date, what changed, and records by source.

Pure functions over the engine's index and the validated tables; the app only renders what they return.
Every value a reader sees is in the chosen language (headers through `column_labels`), and every quote
is verbatim: a record's seed quotes are joined, one per cited document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import pandas as pd

from dashboard.engine import PostureIndex, day_number
from dashboard.i18n import claim_label, format_date, grade_label, grade_letter, role_label, status_label, t
from dashboard.vocabulary import CONFIRMED_RING_DAYS, INCIDENT_DAYS, NATIONAL, OFFICIAL, USER_SUPPLIED

EVIDENCE_COLUMNS = [
    "record_id",
    "date",
    "site",
    "status",
    "claim",
    "grade",
    "role",
    "summary",
    "quote",
    "sources",
    "note",
    "origin",
]
SOURCE_SEPARATOR = " | "  # between the citations of one record in a table cell


def column_labels(lang: str) -> dict[str, str]:
    """Header of each evidence column in `lang` (the table keeps its ids, for tests and exports)."""
    return {column: t(f"col_{column}", lang) for column in EVIDENCE_COLUMNS}


def _in_scope(site_id: str, site_ids: Collection[str] | None) -> bool:
    # National records (empty site_id) belong to every province selection.
    return site_ids is None or site_id == NATIONAL or site_id in site_ids


def scope_mask(records: pd.DataFrame, site_ids: Collection[str] | None) -> pd.Series:
    """Which rows of `records` are about `site_ids` (None: every site); national records always are."""
    # A Series, not a list: an empty list would select no columns rather than no rows.
    return pd.Series([_in_scope(s, site_ids) for s in records["site_id"]], index=records.index, dtype=bool)


def in_effect(
    index: PostureIndex, records: pd.DataFrame, on: dt.date, site_ids: Collection[str] | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The records in effect on `on` (rows of `records`, in file order) and each one's role.

    That is each site's status-setting record and the records disputing it, the planned records still
    pending or overdue or confirmed in the last CONFIRMED_RING_DAYS days (as the map's rings), the
    records behind the force level and the announced target, and the incidents still on the map.
    Cheap even for 100,000 records, so a caller can count them all and tabulate only some.
    """
    roles: dict[str, str] = {}
    for state in index.status_at(on).values():
        roles[state.record_id] = "status"
        for disputing in index.disputed_by(state.record_id):
            roles.setdefault(disputing, "disputes")
    day = dt.date.fromordinal(day_number(on))
    for plan in index.plans():
        state = plan.state_on(day)
        recent = state == "confirmed" and (day - plan.confirmed_on).days < CONFIRMED_RING_DAYS
        if state in ("pending", "overdue") or recent:
            roles[plan.record_id] = state
    for incident in index.incidents_at(on, INCIDENT_DAYS):
        roles.setdefault(incident.record_id, "incident")
    for role, figure in (("force level", index.force_level_at(on)), ("target", index.target_at(on))):
        if figure is not None:
            roles.setdefault(figure.record_id, role)
    chosen = records[records["record_id"].isin(roles.keys())]
    chosen = chosen[scope_mask(chosen, site_ids)]
    return chosen, roles


def citation_texts(citations: pd.DataFrame, sources: pd.DataFrame, lang: str) -> dict[str, tuple[str, str]]:
    """record_id -> (its sources as one line, its seed quotes joined), in citation order."""
    by_source = sources.set_index("source_id")
    title = "title_ar" if lang == "ar" else "title_en"
    found: dict[str, tuple[list[str], list[str]]] = {}
    for record_id, source_id, quote, official in zip(
        citations["record_id"], citations["source_id"], citations["quote"], citations["official"]
    ):
        names, quotes = found.setdefault(record_id, ([], []))
        if source_id in by_source.index:
            source = by_source.loc[source_id]
            name = f"{source['publisher']}, {source[title]} ({source['published'].isoformat()})"
            if source.get("url"):
                name += f" {source['url']}"
            if official == OFFICIAL:
                name += f" [{t('official', lang)}]"
            names.append(name)
        if quote:
            quotes.append(quote)
    return {r: (SOURCE_SEPARATOR.join(n), SOURCE_SEPARATOR.join(q)) for r, (n, q) in found.items()}


def evidence_table(
    chosen: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    site_names: Mapping[str, str],
    lang: str,
    roles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Records as people read them: names and labels in `lang`, quotes verbatim, every source named."""
    cited = citation_texts(citations[citations["record_id"].isin(set(chosen["record_id"]))], sources, lang)
    summary = "summary_ar" if lang == "ar" else "summary_en"
    rows = []
    for record in chosen.itertuples(index=False):
        names, quotes = cited.get(record.record_id, ("", ""))
        rows.append(
            {
                "record_id": record.record_id,
                "date": format_date(record.date, lang, record.date_precision),
                "site": site_names.get(record.site_id, t("national", lang)) if record.site_id else t("national", lang),
                "status": status_label(record.status, lang),
                "claim": claim_label(record.claim, lang),
                "grade": grade_label(record.grade, lang),
                "role": role_label((roles or {}).get(record.record_id, ""), lang),
                "summary": getattr(record, summary),
                "quote": quotes,
                "sources": names,
                "note": record.note,
                "origin": t("user_supplied", lang) if getattr(record, "origin", "") == USER_SUPPLIED else "",
            }
        )
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def what_changed(
    index: PostureIndex,
    records: pd.DataFrame,
    on: dt.date,
    site_names: Mapping[str, str],
    lang: str,
    site_ids: Collection[str] | None = None,
) -> tuple[dt.date | None, list[str], list[str]]:
    """Plain-words changes between the previous change date and `on`.

    Returns (previous change date or None, one sentence per site whose status changed, the summaries
    of every record dated in (previous, on], national incidents and events included).
    """
    previous = index.previous_change(on)
    start = previous if previous is not None else dt.date.min
    new_ids = set(index.records_between(start, on))
    notes = record_notes(records[records["record_id"].isin(new_ids)], site_names, lang, site_ids)
    return previous, change_sentences(index, start, on, site_names, lang, site_ids), list(notes.values())


def change_sentences(
    index: PostureIndex,
    start: dt.date,
    on: dt.date,
    site_names: Mapping[str, str],
    lang: str,
    site_ids: Collection[str] | None = None,
) -> list[str]:
    """One sentence per site in scope whose status at `on` differs from its status at `start`."""
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
            sentences.append(
                t(
                    "change_sentence",
                    lang,
                    site=site,
                    before=status_label(change.before, lang),
                    after=status_label(change.after, lang),
                )
            )
    return sentences


def record_notes(
    records: pd.DataFrame, site_names: Mapping[str, str], lang: str, site_ids: Collection[str] | None = None
) -> dict[str, str]:
    """record_id -> the record in one line (place, status, claim, grade, origin: summary), for the records
    in scope, in the frame's order."""
    summary = "summary_ar" if lang == "ar" else "summary_en"
    origins = records["origin"] if "origin" in records else [""] * len(records)
    notes = {}
    for r, s, status, c, g, text, o in zip(
        records["record_id"],
        records["site_id"],
        records["status"],
        records["claim"],
        records["grade"],
        records[summary],
        origins,
    ):
        if not _in_scope(s, site_ids):
            continue
        place = site_names.get(s, t("national", lang)) if s else t("national", lang)
        tags = [status_label(status, lang), claim_label(c, lang), f"{t('grade', lang)} {grade_letter(g, lang)}"]
        if o == USER_SUPPLIED:
            tags.append(t("user_supplied", lang))
        notes[r] = f"{place} ({'، '.join(tags) if lang == 'ar' else ', '.join(tags)}): {text}"
    return notes


def records_by_source(
    records: pd.DataFrame, citations: pd.DataFrame, sources: pd.DataFrame, site_ids: Collection[str] | None = None
) -> list[tuple[dict, pd.DataFrame]]:
    """Each source with the records citing it, in the order of `data/sources.csv`."""
    out = []
    for source in sources.to_dict("records"):
        ids = set(citations.loc[citations["source_id"] == source["source_id"], "record_id"])
        citing = records[records["record_id"].isin(ids)]
        out.append((source, citing[scope_mask(citing, site_ids)]))
    return out


def sources_panel(
    view, site_names: Mapping[str, str], lang: str, site_ids: Collection[str] | None = None, limit: int | None = None
) -> list[tuple[dict, pd.DataFrame, int]]:
    """Each source of `view` (a RecordView: its records, citations and source_table), the evidence table
    of the records citing it (the first `limit` of them), and how many cite it: the per-source view.

    It does not depend on the selected date, so the app can build it once per selection and reuse it.
    The tables are slices of one table of every row: one small table per source cost 2.7 MB for the
    shipped data's 132 sources, and "as known then" builds a panel per publication date.
    """
    records, citations, sources = view.records, view.citations, view.source_table
    grouped = [(source, citing) for source, citing in records_by_source(records, citations, sources, site_ids)]
    shown = [citing.iloc[:limit] for _, citing in grouped]
    table = evidence_table(pd.concat(shown) if shown else records.iloc[0:0], citations, sources, site_names, lang)
    panel, start = [], 0
    for (source, citing), part in zip(grouped, shown):
        panel.append((source, table.iloc[start : start + len(part)], len(citing)))
        start += len(part)
    return panel


def cited_outlets(citations: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """'Publisher (YYYY-MM-DD)' for each distinct source of `citations`, oldest first: the short form of
    a source line under a map or on a slide, where whole titles would not fit."""
    by_id = sources.set_index("source_id")
    found = {
        (by_id.loc[s, "published"], by_id.loc[s, "publisher"]) for s in set(citations["source_id"]) if s in by_id.index
    }
    return [f"{publisher} ({published.isoformat()})" for published, publisher in sorted(found)]


def outlet_summary(citations: pd.DataFrame, sources: pd.DataFrame, limit: int) -> tuple[list[str], int, int]:
    """(outlets behind `citations`, most cited first, at most `limit`, each 'Publisher (n)'; how many
    sources; how many outlets). For a source line too long to list every page."""
    publisher = dict(zip(sources["source_id"], sources["publisher"]))
    cited = [publisher[s] for s in citations["source_id"] if s in publisher]
    counts = pd.Series(cited, dtype=object).value_counts(sort=False) if cited else pd.Series(dtype=int)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return (
        [f"{name} ({n})" for name, n in ranked[:limit]],
        len(set(citations["source_id"]) & set(publisher)),
        len(ranked),
    )


def visible_sources(sources: pd.DataFrame, on: dt.date) -> frozenset[str]:
    """Sources published on or before `on`: what could have been known that day."""
    return frozenset(sources.loc[[p <= on for p in sources["published"]], "source_id"])
