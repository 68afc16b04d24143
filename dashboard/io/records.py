"""data/posture.csv: posture records, checked row by row and against sites and sources."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .quotes import Document
from .schema import POSTURE_COLUMNS, PostureRow
from .text import CsvTable, parse_csv

_ADAPTER = TypeAdapter(list[PostureRow])
RECORD_COLUMNS: tuple[str, ...] = (*POSTURE_COLUMNS, "line")


def check_records(
    table: CsvTable, file: str, *, sites: KnownIds, sources: KnownIds,
    documents: Mapping[str, Document] | None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Valid records in file order (see `records_frame`) and a problem for every other row.
    Quotes are checked against `documents` (by source_id) unless it is None."""
    valid, problems = validate_all(_ADAPTER, table.rows, file, lambda i: line(table.lines[i]))
    repeated = duplicates(row["record_id"] for row in table.rows)
    kept: list[tuple[int, PostureRow]] = []
    for i, record in valid:
        reasons: list[tuple[str, str | None]] = []
        if i in repeated:
            reasons.append(("record_id", f"duplicate record_id {record.record_id!r} (first on line {table.lines[repeated[i]]})"))
        if record.site_id:
            reasons.append(("site_id", sites.unresolved(record.site_id, "site")))
        if record.moved_to:
            reasons.append(("moved_to", sites.unresolved(record.moved_to, "site")))
        reasons.append(("source_id", sources.unresolved(record.source_id, "source")))
        if documents is not None and record.source_id in documents:
            reasons.append(("quote", documents[record.source_id].missing_quote(record.quote)))
        found = [Problem(file, line(table.lines[i]), field, reason) for field, reason in reasons if reason]
        if found:
            problems.extend(found)
        else:
            kept.append((i, record))
    return records_frame([r for _, r in kept], [table.lines[i] for i, _ in kept]), problems


def records_frame(records: list[PostureRow], lines: list[int]) -> pd.DataFrame:
    """Columns of data/README.md in file order plus `line`; date as datetime.date, troops as Int64."""
    columns = {name: [getattr(r, name) for r in records] for name in POSTURE_COLUMNS}
    frame = pd.DataFrame(columns, columns=list(POSTURE_COLUMNS))
    frame["date"] = pd.Series(columns["date"], dtype=object)
    frame["troops"] = pd.array(columns["troops"], dtype="Int64")
    frame["line"] = pd.array(lines, dtype="int64")
    return frame


def _known(ids: KnownIds | Iterable[str], file: str) -> KnownIds:
    return ids if isinstance(ids, KnownIds) else KnownIds.of(file, ids)


def validate_records_text(
    text: str, file: str, *, sites: KnownIds | Iterable[str], sources: KnownIds | Iterable[str],
    documents: Mapping[str, Document] | None = None, check_quotes: bool = True,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Posture CSV text (e.g. an upload labelled `file`) checked against known site and source
    ids: (valid records, problems). With `check_quotes`, `documents` maps source_id to Document."""
    if check_quotes and documents is None:
        raise ValueError("check_quotes needs the documents to check against")
    table, problems = parse_csv(text, file, POSTURE_COLUMNS)
    frame, more = check_records(
        table, file, sites=_known(sites, paths.SITES), sources=_known(sources, paths.SOURCES),
        documents=documents if check_quotes else None,
    )
    return frame, problems + more
