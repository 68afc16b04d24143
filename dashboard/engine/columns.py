"""A posture table read into plain columns the engine indexes: ids, day numbers, codes, lists.

Dates are `date.toordinal()` day numbers. Every value an index needs is checked here, so building one
either succeeds or raises ValueError naming the records at fault.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.dates import parse_iso_date
from dashboard.vocabulary import CLAIMS, COALITION, FORCES_FILTERS, LIST_SEPARATOR, PRECISIONS, STATUSES

REQUIRED_COLUMNS = ("record_id", "site_id", "date", "status", "claim")
CODE_OF = {name: code for code, name in enumerate(STATUSES)}  # site statuses first (see vocabulary)


def day_number(value: object) -> int:
    """`date.toordinal()` of a date, datetime, pandas Timestamp, numpy datetime64 or ISO string."""
    if isinstance(value, dt.date):  # datetime and pd.Timestamp are dates too
        return value.toordinal()
    if isinstance(value, str):
        return parse_iso_date(value.strip()).toordinal()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).toordinal()
    raise TypeError(f"not a date: {value!r}")


def to_day(number: int) -> dt.date:
    return dt.date.fromordinal(int(number))


def listed(cell: str) -> tuple[str, ...]:
    """The entries of an `a;b` cell (forces, confirms, disputes); () for an empty one."""
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()) if cell else ()


def about_forces(forces: str, chosen: str) -> bool:
    """Whether a record whose `forces` cell is `forces` (e.g. "IT;DE") counts under the forces filter
    `chosen`: every record under "all"; under a nation, a record naming it, or naming the coalition as a
    whole (no nation named, so none excluded). An Italian contingent's departure never moves the US
    picture."""
    if chosen == FORCES_FILTERS[0]:
        return True
    named = listed(forces)
    return chosen in named or COALITION in named


def _texts(column: pd.Series | None, n: int) -> list[str]:
    """Column values as stripped strings, missing values (None, NaN, NA) as ""."""
    if column is None:
        return [""] * n
    values = column.to_numpy(dtype=object, na_value=None)
    return ["" if v is None else str(v).strip() for v in values]


def _troops(column: pd.Series | None, record_ids: list[str]) -> np.ndarray:
    """Troop numbers as int64, -1 where the record states none."""
    if column is None:
        return np.full(len(record_ids), -1, dtype=np.int64)
    out = np.empty(len(record_ids), dtype=np.int64)
    for i, value in enumerate(column.to_numpy(dtype=object, na_value=None)):
        if value is None or (isinstance(value, str) and not value.strip()):
            out[i] = -1
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not (0 <= number < 2**53 and number.is_integer()):
            raise ValueError(f"record {record_ids[i]}: troops {value!r} is not a whole number in range")
        out[i] = int(number)
    return out


def _days(column: pd.Series, record_ids: list[str], what: str, optional: bool = False) -> np.ndarray:
    days = np.full(len(record_ids), -1, dtype=np.int64)
    for i, value in enumerate(column.to_numpy(dtype=object, na_value=None)):
        if value is None and optional:
            continue
        try:
            days[i] = day_number(value)
        except (TypeError, ValueError):
            raise ValueError(f"record {record_ids[i]}: {what} {value!r} is not a date") from None
    return days


@dataclass(frozen=True)
class Columns:
    """One entry per record, in file order."""

    record_ids: list[str]
    site_of: list[str]  # "" for national records
    days: np.ndarray  # day numbers
    known: np.ndarray  # day the record became public (plans show from then), -1: always
    statuses: list[str]
    claims: list[str]
    precisions: list[str]
    troops: np.ndarray  # -1: none stated
    qualifiers: list[str]
    moved_to: list[str]
    forces: list[tuple[str, ...]]
    confirms: list[tuple[str, ...]]
    disputes: list[tuple[str, ...]]

    @classmethod
    def read(cls, records: pd.DataFrame) -> Columns:
        """The columns of a posture table (see `PostureIndex.from_records` for which are required)."""
        missing = [c for c in REQUIRED_COLUMNS if c not in records.columns]
        if missing:
            raise ValueError(f"posture records lack columns: {', '.join(missing)}")
        n = len(records)
        record_ids = _texts(records["record_id"], n)
        columns = cls(
            record_ids=record_ids,
            site_of=_texts(records["site_id"], n),
            days=_days(records["date"], record_ids, "date"),
            known=_days(records["known"], record_ids, "known", optional=True)
            if "known" in records.columns
            else np.full(n, -1, dtype=np.int64),
            statuses=_texts(records["status"], n),
            claims=_texts(records["claim"], n),
            precisions=[p or "day" for p in _texts(records.get("date_precision"), n)],
            troops=_troops(records.get("troops"), record_ids),
            qualifiers=_texts(records.get("troops_qualifier"), n),
            moved_to=_texts(records.get("moved_to"), n),
            forces=[listed(f) for f in _texts(records.get("forces"), n)],
            confirms=[listed(c) for c in _texts(records.get("confirms"), n)],
            disputes=[listed(d) for d in _texts(records.get("disputes"), n)],
        )
        for values, allowed, what in (
            (columns.statuses, CODE_OF, "status"),
            (columns.claims, CLAIMS, "claim"),
            (columns.precisions, PRECISIONS, "date_precision"),
        ):
            bad = [f"{r} ({x!r})" for r, x in zip(record_ids, values) if x not in allowed]
            if bad:
                raise ValueError(f"unknown {what} in records: {', '.join(bad)}")
        return columns
