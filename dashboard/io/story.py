"""data/story.csv: the guided story, one row per chapter, checked against the records and provinces.

A chapter shows the map on one date over an area (governorates, or everything) and tells in two or
three sentences, in English and Arabic, what the records it cites say. The validator checks what it
can: chapters numbered 1, 2, 3, … with none missing or repeated, a date on the dashboard's time axis,
known governorates, texts present, and every cited record valid and on the map by the chapter's date.
That each sentence is supported by the records it cites is the editor's job (data/README.md).

The file is optional: a data root without it has no story, but a file that exists is validated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .. import vocabulary as v
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .schema import StoryRow, _chapter_number, _shown
from .text import CsvTable

_ADAPTER = TypeAdapter(list[StoryRow])


@dataclass(frozen=True)
class Chapter:
    """One valid chapter. `provinces` empty means the whole map; `records` are record ids of the dataset."""

    number: int
    date: dt.date
    provinces: tuple[str, ...]
    title_en: str
    title_ar: str
    text_en: str
    text_ar: str
    records: tuple[str, ...]
    line: int  # in data/story.csv

    def title(self, lang: str) -> str:
        """The title in `lang` ("en" or "ar")."""
        return self.title_ar if lang == "ar" else self.title_en

    def text(self, lang: str) -> str:
        """The chapter's sentences in `lang` ("en" or "ar")."""
        return self.text_ar if lang == "ar" else self.text_en


def chapter(story: Sequence[Chapter], number: int) -> Chapter | None:
    """Chapter `number` of `story`, or None when there is none (e.g. a URL's chapter=9 of six)."""
    return next((c for c in story if c.number == number), None)


def axis_span(records: pd.DataFrame, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dashboard's time axis over `records`: from the earliest record to today, or to the last plan's
    due date (the end of the period its date stands for) if that is later. `dashboard.prepared.prepare`
    takes its span from here, so the slider and the story's check agree."""
    ends = [
        v.period_end(day, precision) if claim == v.PLANNED else day
        for day, precision, claim in zip(records["date"], records["date_precision"], records["claim"])
    ]
    return min([*records["date"], today]), max([*ends, today])


def check_story(
    table: CsvTable,
    file: str,
    *,
    provinces: KnownIds,
    records: KnownIds,
    record_table: pd.DataFrame,
    span: tuple[dt.date, dt.date] | None,
) -> tuple[tuple[Chapter, ...], list[Problem]]:
    """Valid chapters in chapter order, and a problem for everything wrong with the others.

    `provinces`: the governorate codes of geo/admin1.geojson; `records`: the record ids that passed every
    check (a cited id that was refused is said to have problems, an absent one to be unknown);
    `record_table`: those records, for their dates and claims; `span`: the time axis a chapter's date must
    lie on, or None when it cannot be known (no valid record, or a posture file not read whole)."""
    valid, problems = validate_all(_ADAPTER, table.rows, file, lambda i: line(table.lines[i]))
    numbers = [_declared_number(row.get("chapter", "")) for row in table.rows]
    declared = sorted({n for n in numbers if n is not None} | _refused_numbers(table))
    repeated = duplicates("" if n is None else str(n) for n in numbers)
    dated = {
        record_id: (day, claim)
        for record_id, day, claim in zip(record_table["record_id"], record_table["date"], record_table["claim"])
    }
    kept: list[Chapter] = []
    for i, row in valid:
        at = table.lines[i]
        reasons: list[tuple[str, str | None]] = []
        if i in repeated:
            reasons.append(("chapter", f"duplicate chapter {row.chapter} (first on line {table.lines[repeated[i]]})"))
        else:
            reasons.append(("chapter", _gap(row.chapter, declared)))
        if span is not None and not span[0] <= row.date <= span[1]:
            reasons.append(
                (
                    "date",
                    f"{row.date.isoformat()} is not on the dashboard's time axis, {span[0].isoformat()} to "
                    f"{span[1].isoformat()} (the first record to today, or to the last plan's due date if later)",
                )
            )
        reasons += _some("provinces", [provinces.unresolved(code, "province") for code in row.provinces])
        reasons += _some(
            "records",
            [
                records.unresolved(record_id, "record") or _later_than(record_id, dated.get(record_id), row.date)
                for record_id in row.records
            ],
        )
        found = [Problem(file, line(at), field, reason) for field, reason in reasons if reason]
        if found:
            problems.extend(found)
            continue
        kept.append(
            Chapter(
                number=row.chapter,
                date=row.date,
                provinces=row.provinces,
                title_en=row.title_en,
                title_ar=row.title_ar,
                text_en=row.text_en,
                text_ar=row.text_ar,
                records=row.records,
                line=at,
            )
        )
    return tuple(sorted(kept, key=lambda c: c.number)), problems


_NAMED = 5  # references in one field reported one by one; the rest are counted in one more problem


def _some(field: str, reasons: list[str | None]) -> list[tuple[str, str]]:
    """(field, reason) for each reference that does not resolve, the first few one by one: a hostile cell
    of thousands of ids gives a handful of problems, not thousands."""
    found = [reason for reason in reasons if reason]
    named = [(field, reason) for reason in found[:_NAMED]]
    if len(found) > _NAMED:
        named.append((field, f"and {len(found) - _NAMED:,} more that do not resolve"))
    return named


def _declared_number(text: str) -> int | None:
    try:
        return _chapter_number(text)
    except ValueError:
        return None


def _refused_numbers(table: CsvTable) -> set[int]:
    """Chapter numbers of rows left out for their number of fields: a gap behind one is not a gap."""
    numbers = (_declared_number(row.get("chapter", "")) for row in table.refused)
    return {n for n in numbers if n is not None}


def _gap(number: int, declared: list[int]) -> str | None:
    """Why `number` leaves a gap before it among the `declared` chapter numbers, or None."""
    before = max((n for n in declared if n < number), default=0)
    if before == number - 1:
        return None
    missing = f"chapter {before + 1} is" if before + 1 == number - 1 else f"chapters {before + 1} to {number - 1} are"
    return f"{missing} missing: chapters are numbered 1, 2, 3, … with none left out"


def _later_than(record_id: str, record: tuple[dt.date, str] | None, day: dt.date) -> str | None:
    """Why the map on `day` does not show `record` yet, or None. A plan shows ahead of its date."""
    if record is None:
        return None
    recorded, claim = record
    if claim == v.PLANNED or recorded <= day:
        return None
    return (
        f"record {_shown(record_id)} is dated {recorded.isoformat()}, after the chapter's date "
        f"{day.isoformat()}, so the chapter's map does not show it yet: date the chapter on or after it"
    )


def no_story_file(problems: list[Problem]) -> bool:
    """Whether reading data/story.csv failed only because there is none: then there is simply no story."""
    return problems == [Problem(paths.STORY, "", "", "file not found")]
