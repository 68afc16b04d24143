"""What several test files build the same way: CSV headers from the schema (never typed out, so a new
column is one edit), and edited copies of the tiny dataset of conftest.py."""

from __future__ import annotations

from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS, SOURCE_COLUMNS, STORY_COLUMNS


def header(columns) -> str:
    return ",".join(columns) + "\n"


POSTURE_HEADER = header(POSTURE_COLUMNS)
SOURCES_HEADER = header(SOURCE_COLUMNS)
CITATIONS_HEADER = header(CITATION_COLUMNS)
STORY_HEADER = header(STORY_COLUMNS)


def edited(files: dict, *edits: tuple[str, str, str]) -> dict:
    """A copy of `files` with each (path, old, new) applied once; `old` must be there."""
    files = dict(files)
    for path, old, new in edits:
        assert old in files[path], f"test bug: {old!r} not in {path}"
        files[path] = files[path].replace(old, new, 1)
    return files


def selected(day, provinces=(), lang="en", known_then=False, forces="all"):
    """A Selection written as the old positional arguments were: day, provinces, lang, known_then."""
    from dashboard.selection import Selection

    return Selection(day, tuple(provinces), lang, known_then, forces)
