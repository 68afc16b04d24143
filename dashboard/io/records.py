"""data/posture.csv: posture records, checked row by row and against sites."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .. import vocabulary as v
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .schema import POSTURE_COLUMNS, PostureRow, _shown, listed
from .text import CsvTable

_ADAPTER = TypeAdapter(list[PostureRow])
RECORD_COLUMNS: tuple[str, ...] = (*POSTURE_COLUMNS, "line")


def check_records(
    table: CsvTable, file: str, *, sites: KnownIds, others: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, KnownIds, list[Problem]]:
    """Records that pass on their own, name known sites and confirm or dispute known records, in file
    order (see `records_frame`), the ids the file declares, and a problem for every other row. `others`
    maps the record ids outside this file that it may name (an upload's: the shipped records) to their
    claim. Citations are checked separately."""
    valid, problems = validate_all(_ADAPTER, table.rows, file, lambda i: line(table.lines[i]))
    repeated = duplicates(row["record_id"] for row in table.rows)
    kept: list[tuple[int, PostureRow]] = []
    for i, record in valid:
        reasons: list[tuple[str, str | None]] = []
        if i in repeated:
            reasons.append(
                (
                    "record_id",
                    f"duplicate record_id {_shown(record.record_id)} (first on line {table.lines[repeated[i]]})",
                )
            )
        if record.site_id:
            reasons.append(("site_id", sites.unresolved(record.site_id, "site")))
        if record.moved_to:
            reasons.append(("moved_to", sites.unresolved(record.moved_to, "site")))
        found = [Problem(file, line(table.lines[i]), field, reason) for field, reason in reasons if reason]
        if found:
            problems.extend(found)
        else:
            kept.append((i, record))
    kept = _references_resolve(kept, table, file, dict(others or {}), problems)
    frame = records_frame([r for _, r in kept], [table.lines[i] for i, _ in kept])
    ids = KnownIds.of(file, frame["record_id"], table.declared("record_id"), table.complete)
    return frame, ids, problems


def _references_resolve(
    kept: list[tuple[int, PostureRow]], table: CsvTable, file: str, claims: dict[str, str], problems: list[Problem]
) -> list[tuple[int, PostureRow]]:
    """The rows whose `confirms` name planned records and whose `disputes` name records, among the rows
    kept so far and `claims` (record id -> claim); a problem for each other row."""
    claims |= {record.record_id: record.claim for _, record in kept}
    declared = KnownIds.of(file, claims, table.declared("record_id"), table.complete)
    resolved = []
    for i, record in kept:
        reasons = []
        for field in ("confirms", "disputes"):
            for named in listed(getattr(record, field)):
                reason = declared.unresolved(named, "record")
                if reason is None and field == "confirms" and named in claims and claims[named] != v.PLANNED:
                    reason = f"{_shown(named)} is a {claims[named]} record: only a planned record can be confirmed"
                if reason:
                    reasons.append((field, reason))
        if reasons:
            problems.extend(Problem(file, line(table.lines[i]), field, reason) for field, reason in reasons)
        else:
            resolved.append((i, record))
    return resolved


def records_frame(records: list[PostureRow], lines: Iterable[int]) -> pd.DataFrame:
    """Columns of data/README.md in file order plus `line`; date as datetime.date, troops as Int64."""
    columns = {name: [getattr(r, name) for r in records] for name in POSTURE_COLUMNS}
    frame = pd.DataFrame(columns, columns=list(POSTURE_COLUMNS))
    frame["date"] = pd.Series(columns["date"], dtype=object)
    frame["troops"] = pd.array(columns["troops"], dtype="Int64")
    frame["line"] = pd.array(list(lines), dtype="int64")
    return frame


def known(ids: KnownIds | Iterable[str], file: str = paths.SITES) -> KnownIds:
    return ids if isinstance(ids, KnownIds) else KnownIds.of(file, ids)
