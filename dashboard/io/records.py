"""data/posture.csv: posture records, checked row by row and against sites."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .schema import POSTURE_COLUMNS, PostureRow, _shown
from .text import CsvTable

_ADAPTER = TypeAdapter(list[PostureRow])
RECORD_COLUMNS: tuple[str, ...] = (*POSTURE_COLUMNS, "line")


def check_records(table: CsvTable, file: str, *, sites: KnownIds) -> tuple[pd.DataFrame, KnownIds, list[Problem]]:
    """Records that pass on their own and name known sites, in file order (see `records_frame`), the
    ids the file declares, and a problem for every other row. Citations are checked separately."""
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
    frame = records_frame([r for _, r in kept], [table.lines[i] for i, _ in kept])
    ids = KnownIds.of(file, frame["record_id"], table.declared("record_id"), table.complete)
    return frame, ids, problems


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
