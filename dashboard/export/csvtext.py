"""The records table as CSV text, safe to open in a spreadsheet, and read back.

CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with `=`,
`+`, `-` or `@` as a formula, and tab or carriage return can hide such a start. Every cell that
begins with one of those six characters gets a single quote `'` in front, so `=HYPERLINK(...)`
and `-10 troops` become `'=HYPERLINK(...)` and `'-10 troops`; `a=b` is left alone. A cell that
already begins with quotes followed by one of them (`'=x`) gets one more quote, so that
`read_records_csv` can remove exactly one quote from every guarded cell and give back the text
as it was. ISO dates and troop numbers (never negative) start with a digit and are untouched.

CSV is UTF-8 with a header and CRLF row ends (RFC 4180); `excel=True` (the dashboard's button, and
`--excel` on the command line) adds a byte-order mark so Excel reads the Arabic correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd

from dashboard.dates import parse_iso_date
from dashboard.export.records import DATE_COLUMNS, INTEGER_COLUMNS, RECORD_COLUMNS, typed_rows

_GUARDED = re.compile(r"'*[=+\-@\t\r]")  # cells that get (and on reading lose) one leading quote


def neutralise(cell: str) -> str:
    """`cell` made safe to open in a spreadsheet (see the module docstring)."""
    return "'" + cell if _GUARDED.match(cell) else cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`."""
    return cell[1:] if cell.startswith("'") and _GUARDED.match(cell[1:]) else cell


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def records_csv(frame: pd.DataFrame, excel: bool = False) -> str:
    """`frame` (as from `records_in_view`) as CSV text, formula starts neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" if excel else "") + out.getvalue()


def read_records_csv(text: str) -> pd.DataFrame:
    """CSV written by `records_csv` back into the frame it was written from."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header != RECORD_COLUMNS:
        raise ValueError(f"not a records export: header is {header!r}")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(header):
            raise ValueError(f"row {line} has {len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, map(restore, cells)))
        for column in DATE_COLUMNS:
            row[column] = parse_iso_date(row[column]) if row[column] else None
        for column in INTEGER_COLUMNS:
            row[column] = int(row[column]) if row[column] else None
        rows.append(row)
    return typed_rows(rows)
