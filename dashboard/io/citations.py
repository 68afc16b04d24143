"""data/citations.csv: which sources each record cites, and the rules that join records to sources.

A seed citation quotes its document verbatim (checked); a web citation quotes nothing, since no text of
an outside page is copied into the repository. Then each record is checked against its citations: it
has at least one, its grade is earned (an A cites several independent origins or an official statement), and
what it reports does not postdate every source it cites, nor today.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Mapping

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .. import vocabulary as v
from .ids import KnownIds
from .problems import Problem, line, validate_all
from .quotes import Document
from .schema import CITATION_COLUMNS, CitationRow, _shown
from .text import CsvTable

_ADAPTER = TypeAdapter(list[CitationRow])


def citations_frame(rows: list[dict], lines: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(CITATION_COLUMNS))
    frame["line"] = pd.array(lines, dtype="int64")
    return frame


def check_citations(
    table: CsvTable,
    file: str,
    *,
    records: KnownIds,
    sources: pd.DataFrame,
    source_ids: KnownIds,
    documents: Mapping[str, Document] | None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Valid citations in file order plus `line`; quotes of seed sources are checked against `documents`
    (by source_id) unless it is None (uploads, whose seeds are not here)."""
    valid, problems = validate_all(_ADAPTER, table.rows, file, lambda i: line(table.lines[i]))
    kinds = dict(zip(sources["source_id"], sources["kind"]))
    seen: dict[tuple[str, str], int] = {}
    kept_rows, kept_lines = [], []
    for i, citation in valid:
        at = table.lines[i]
        reasons = [
            ("record_id", records.unresolved(citation.record_id, "record")),
            ("source_id", source_ids.unresolved(citation.source_id, "source")),
        ]
        pair = (citation.record_id, citation.source_id)
        if pair in seen:
            reasons.append(
                ("source_id", f"record {_shown(pair[0])} already cites {_shown(pair[1])} (line {seen[pair]})")
            )
        kind = kinds.get(citation.source_id)
        if kind == v.WEB and citation.quote.strip():
            reasons.append(
                (
                    "quote",
                    "a web source is never quoted: leave quote empty and say what the page "
                    "reports in the record's own summary",
                )
            )
        elif kind == v.SEED and not citation.quote.strip():
            reasons.append(("quote", "a seed source is quoted: copy the supporting passage exactly"))
        elif kind == v.SEED and documents is not None and citation.source_id in documents:
            reasons.append(("quote", documents[citation.source_id].missing_quote(citation.quote)))
        found = [Problem(file, line(at), field, reason) for field, reason in reasons if reason]
        if found:
            problems.extend(found)
            continue
        seen[pair] = at
        kept_rows.append(citation.model_dump())
        kept_lines.append(at)
    return citations_frame(kept_rows, kept_lines), problems


def check_record_citations(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    file: str,
    today: dt.date,
    declared: KnownIds | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """`records` that their citations support, and a problem (at the record's line) for each other one.
    `declared` holds the record_id of every row of the citations file, valid or not: a record whose rows
    were all refused is told so, rather than told to add a citation it has; its `file` names the citations
    file in messages (default data/citations.csv)."""
    citations_file = declared.file if declared is not None else paths.CITATIONS
    # Plain dicts, not a row lookup per citation: with `.loc` per row, loading and checking 100,000
    # records took 20.8 s, 7.9 s without (most of a fresh server's first paint at that size).
    by_source = {s: (o, d) for s, o, d in zip(sources["source_id"], sources["origin"], sources["published"])}
    cited: dict[str, list[tuple[str, str, dt.date]]] = {}
    for record_id, source_id, official in zip(citations["record_id"], citations["source_id"], citations["official"]):
        if source_id in by_source:
            origin, published = by_source[source_id]
            cited.setdefault(record_id, []).append((origin, official, published))
    problems: list[Problem] = []
    keep = []
    # Only the columns the checks read, as Python lists: `itertuples` over 14 Arrow-backed columns took
    # seconds at 100,000 records.
    for record in map(_Checked._make, zip(*(records[c].tolist() for c in _Checked._fields))):
        refused = declared is not None and record.record_id in declared.invalid
        reasons = _record_reasons(record, cited.get(record.record_id, []), today, citations_file, refused)
        problems += [Problem(file, line(record.line), field, reason) for field, reason in reasons]
        keep.append(not reasons)
    return records[pd.Series(keep, index=records.index, dtype=bool)].reset_index(drop=True), problems


_Checked = namedtuple("_Checked", ["record_id", "grade", "claim", "date", "line"])


def _record_reasons(
    record, cites: list[tuple[str, str, dt.date]], today: dt.date, citations_file: str, refused: bool
) -> list[tuple[str, str]]:
    if not cites and refused:
        return [
            (
                "record_id",
                f"every citation of record {_shown(record.record_id)} has problems in "
                f"{citations_file}, so it is left out too",
            )
        ]
    if not cites:
        return [("record_id", f"record {_shown(record.record_id)} cites no source: add a row to {citations_file}")]
    reasons = []
    origins = {origin for origin, _, _ in cites}
    if record.grade == "A" and len(origins) < v.A_MIN_ORIGINS and v.OFFICIAL not in {o for _, o, _ in cites}:
        reasons.append(
            (
                "grade",
                f"grade A needs {v.A_MIN_ORIGINS} independent origins (sources.csv `origin`) or an official "
                f"statement; its sources all go back to {', '.join(sorted(origins))}",
            )
        )
    if record.claim != v.PLANNED:
        latest = max(published for _, _, published in cites)
        if record.date > latest:
            reasons.append(
                (
                    "date",
                    f"{record.date.isoformat()} is after every source it cites was published "
                    f"(latest {latest.isoformat()}); a future date needs claim 'planned'",
                )
            )
        elif record.date > today:
            reasons.append(
                (
                    "date",
                    f"{record.date.isoformat()} is after today ({today.isoformat()}); only a "
                    "planned record may be dated in the future",
                )
            )
    return reasons
