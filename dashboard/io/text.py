"""Reading input files as UTF-8 text, and CSV text into rows that keep their line numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, line
from .schema import _shown


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a leading BOM, or None and a problem naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = line(data.count(b"\n", 0, error.start) + 1)
        return None, [
            Problem(file, at, "", f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        ]
    return text.removeprefix("\ufeff"), []


def read_text(root: Path, relative: str) -> tuple[str | None, list[Problem]]:
    """The file ROOT/relative as text, or None and a problem saying why it cannot be read."""
    try:
        data = (root / relative).read_bytes()
    except FileNotFoundError:
        return None, [Problem(relative, "", "", "file not found")]
    except OSError as error:
        return None, [Problem(relative, "", "", f"cannot be read: {error.strerror or error}")]
    return decode(data, relative)


@dataclass(frozen=True)
class CsvTable:
    """The data rows of a CSV that have as many fields as its header.

    `rows` hold only the expected columns (unknown columns are reported once, at the header).
    `complete` is False when the header lacks a required column or the CSV syntax breaks
    off part-way: then `rows` is not the whole file and ids missing from it prove nothing.
    `refused` holds the rows left out for their number of fields, as far as they go.
    """

    rows: list[dict[str, str]]
    lines: list[int]
    complete: bool
    refused: list[dict[str, str]] = field(default_factory=list)

    def declared(self, column: str) -> list[str]:
        """`column` of every data row read, refused ones included: a reference to a row cut short is then
        told that the row has problems, not that it does not exist."""
        return [row.get(column, "") for row in (*self.rows, *self.refused)]


def parse_csv(text: str, file: str, columns: tuple[str, ...]) -> tuple[CsvTable, list[Problem]]:
    # Every value stays the exact string in the file: no type inference, no NA guessing.
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    refused: list[dict[str, str]] = []
    keep: list[tuple[int, str]] = []
    complete = True
    start = 1
    blank: list[int] = []  # lines of rows whose every field is empty (",,,,"), said once
    unnamed = 0  # empty names ending the header, as a spreadsheet writes for columns it once touched
    try:
        for fields in reader:
            if fields and header is None:
                separator = _other_separator(fields, columns)
                if separator:
                    problems.append(
                        Problem(
                            file,
                            line(start),
                            "",
                            f"the header is one column of names separated by {separator}; save the file with "
                            f"commas between the columns (a CSV, not a {separator}-separated file)",
                        )
                    )
                    complete = False
                    header = fields
                    break
                unnamed = len(fields) - len(_without_unnamed_tail(fields))
                header = fields[: len(fields) - unnamed]
                keep, complete = _check_header(header, file, start, columns, problems)
                plain = len(keep) == len(header)  # no unknown column to leave out
                if not complete:
                    break
            elif fields and not any(fields):
                blank.append(start)
            elif fields:
                if unnamed and len(fields) == len(header) + unnamed:
                    extra = next((i for i, value in enumerate(fields[len(header) :]) if value), None)
                    if extra is not None:
                        problems.append(
                            Problem(
                                file,
                                line(start),
                                "",
                                f"a value in column {len(header) + extra + 1}, which has no name in the header",
                            )
                        )
                    fields = fields[: len(header)]
                if len(fields) != len(header):
                    problems.append(
                        Problem(file, line(start), "", f"{len(fields)} fields, but the header has {len(header)}")
                    )
                    refused.append({name: fields[i] for i, name in keep if i < len(fields)})
                else:
                    rows.append(dict(zip(header, fields)) if plain else {name: fields[i] for i, name in keep})
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(file, line(start), "", f"CSV syntax error ({error}); the rest of the file was not read")
        )
        complete = False
    if header is None:
        problems.append(Problem(file, "", "", f"file is empty; expected the header {','.join(columns)}"))
        complete = False
    if blank:
        shown = ", ".join(map(str, blank[:_LISTED])) + (", ..." if len(blank) > _LISTED else "")
        noun = "row holds" if len(blank) == 1 else "rows hold"
        problems.append(Problem(file, "", "", f"{len(blank):,} {noun} only empty fields (line {shown}); delete them"))
    return CsvTable(rows, lines, complete, refused), problems


_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _other_separator(header: list[str], columns: tuple[str, ...]) -> str | None:
    """'semicolons' (or 'tabs', 'vertical bars') when a one-field header splits on that character into
    at least half the expected columns: a file saved with another separator (Excel in many locales)."""
    if len(header) != 1:
        return None
    for character, name in _SEPARATORS.items():
        names = {part.strip() for part in header[0].split(character)}
        if len(names & set(columns)) * 2 >= len(columns):
            return name
    return None


def _without_unnamed_tail(header: list[str]) -> list[str]:
    end = len(header)
    while end > 1 and not header[end - 1].strip():
        end -= 1
    return header[:end]


def _check_header(header, file, at, columns, problems) -> tuple[list[tuple[int, str]], bool]:
    where = line(at)
    seen: set[str] = set()
    unknown: dict[str, None] = {}  # in header order, each name once
    repeated: dict[str, None] = {}
    for name in header:
        if name in seen:
            repeated[name] = None
        elif name not in columns:
            unknown[name] = None
        seen.add(name)
    # A few odd columns are named one by one; thousands (a hostile or broken file) in one problem.
    expected = f"expected {', '.join(columns)}"
    if len(unknown) == 1 and len(next(iter(unknown))) <= _NAMED:
        problems.append(Problem(file, where, next(iter(unknown)), f"unknown column; {expected}"))
    elif unknown:
        problems.append(Problem(file, where, "", f"{_some(unknown, 'unknown column')}; {expected}"))
    if len(repeated) == 1 and len(next(iter(repeated))) <= _NAMED:
        problems.append(Problem(file, where, next(iter(repeated)), "column appears more than once"))
    elif repeated:
        problems.append(Problem(file, where, "", f"{_some(repeated, 'repeated column')}; each must appear once"))
    missing = [name for name in columns if name not in seen]
    for name in missing:
        problems.append(Problem(file, where, name, "missing column"))
    keep = [(i, name) for i, name in enumerate(header) if name in columns]
    return keep, not missing and not repeated


_NAMED = 40  # longest column name written as a problem's field; longer ones are cut like any value
_LISTED = 3  # names listed when several columns are reported in one problem


def _some(names, noun: str) -> str:
    """'2 unknown columns: 'a', 'b'' or '20,000 unknown columns: 'c0', 'c1', 'c2', ...'."""
    listed = ", ".join(_shown(name) for name in list(names)[:_LISTED]) + (", ..." if len(names) > _LISTED else "")
    return f"{len(names):,} {noun}{'' if len(names) == 1 else 's'}: {listed}"
