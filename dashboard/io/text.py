"""Reading input files as UTF-8 text, and CSV text into rows that keep their line numbers."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, line


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a leading BOM, or None and a problem naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = line(data.count(b"\n", 0, error.start) + 1)
        return None, [Problem(file, at, "", f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")]
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
    """

    rows: list[dict[str, str]]
    lines: list[int]
    complete: bool


def parse_csv(text: str, file: str, columns: tuple[str, ...]) -> tuple[CsvTable, list[Problem]]:
    # Every value stays the exact string in the file: no type inference, no NA guessing.
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    keep: list[tuple[int, str]] = []
    complete = True
    start = 1
    try:
        for fields in reader:
            if fields and header is None:
                header = fields
                keep, complete = _check_header(header, file, start, columns, problems)
                plain = len(keep) == len(header)  # no unknown column to leave out
                if not complete:
                    break
            elif fields:
                if len(fields) != len(header):
                    problems.append(Problem(file, line(start), "", f"{len(fields)} fields, but the header has {len(header)}"))
                else:
                    rows.append(dict(zip(header, fields)) if plain else {name: fields[i] for i, name in keep})
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, line(start), "", f"CSV syntax error ({error}); the rest of the file was not read"))
        complete = False
    if header is None:
        problems.append(Problem(file, "", "", f"file is empty; expected the header {','.join(columns)}"))
        complete = False
    return CsvTable(rows, lines, complete), problems


def _check_header(header, file, at, columns, problems) -> tuple[list[tuple[int, str]], bool]:
    where = line(at)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, where, name, "column appears twice"))
        elif name not in columns:
            problems.append(Problem(file, where, name, f"unknown column; expected {', '.join(columns)}"))
        seen.add(name)
    missing = [name for name in columns if name not in seen]
    for name in missing:
        problems.append(Problem(file, where, name, "missing column"))
    twice = len(seen) != len(header)
    keep = [(i, name) for i, name in enumerate(header) if name in columns]
    return keep, not missing and not twice
