"""What several test files build the same way: CSV headers and in-memory tables from the schema (never
typed out, so a new column is one edit), edited copies of the tiny dataset of conftest.py, and a command
run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS, SOURCE_COLUMNS, STORY_COLUMNS
from dashboard.paths import repository_root


def header(columns) -> str:
    return ",".join(columns) + "\n"


POSTURE_HEADER = header(POSTURE_COLUMNS)
SOURCES_HEADER = header(SOURCE_COLUMNS)
CITATIONS_HEADER = header(CITATION_COLUMNS)
STORY_HEADER = header(STORY_COLUMNS)


# What a test's record or source leaves unsaid: a plain, graded, US report with no figure.
RECORD_DEFAULTS = {
    "site_id": "",
    "date_precision": "day",
    "claim": "reported",
    "grade": "B",
    "troops": None,
    "troops_qualifier": "",
    "moved_to": "",
    "summary_en": "s",
    "summary_ar": "ش",
    "note": "",
    "forces": "US",
    "confirms": "",
    "disputes": "",
    "known": None,
}
SOURCE_DEFAULTS = {"file": "", "url": "", "published_note": "", "language": "ar", "consulted": None}


def _table(columns, rows, defaults: dict) -> pd.DataFrame:
    """Rows (dicts, or tuples in `columns` order, as many values as they give) with the rest filled from
    `defaults`; keys that are no column are dropped."""
    full = [{**defaults, **(row if isinstance(row, dict) else dict(zip(columns, row)))} for row in rows]
    missing = {c for row in full for c in columns if c not in row}
    assert not missing, f"test bug: no value and no default for {sorted(missing)}"
    return pd.DataFrame(full, columns=list(columns))


def records_frame(rows, known: bool = False) -> pd.DataFrame:
    """A records table as the loader gives it (every column of data/posture.csv, and with `known` the
    column a record view adds: when the record was first published)."""
    return _table([*POSTURE_COLUMNS, "known"] if known else POSTURE_COLUMNS, rows, RECORD_DEFAULTS)


def sources_frame(rows) -> pd.DataFrame:
    """A sources table as the loader gives it; a row's origin is its publisher unless it says otherwise."""
    rows = [
        row if isinstance(row, dict) else dict(zip([c for c in SOURCE_COLUMNS if c != "origin"], row)) for row in rows
    ]
    return _table(SOURCE_COLUMNS, [{"origin": row.get("publisher", ""), **row} for row in rows], SOURCE_DEFAULTS)


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


def records_in_effect(index, records, citations, sources, on, site_names, lang, site_ids=None):
    """The evidence table of what is in effect on `on`, as the page builds it (in_effect, then evidence_table)."""
    from dashboard.evidence import evidence_table, in_effect

    chosen, roles = in_effect(index, records, on, site_ids)
    return evidence_table(chosen, citations, sources, site_names, lang, roles)


def timeline_figure(index, records, site_names, site_order, on, span, lang):
    """The timeline of `on` as one plotly Figure, line drawn in (the compare view's and the exports')."""
    import plotly.graph_objects as go

    from dashboard.charts import timeline_base, timeline_on

    return go.Figure(timeline_on(timeline_base(index, records, site_names, site_order, span, lang), on, span))


def view_of(records, citations, sources):
    """What sources_panel reads of a RecordView."""
    from types import SimpleNamespace

    return SimpleNamespace(records=records, citations=citations, source_table=sources)


def run_command(module: str, *args: str, today: str | None = None) -> subprocess.CompletedProcess:
    """`python -m module args` from the repository root, as a user types it (with --today when given)."""
    dated = ("--today", today) if today else ()
    return subprocess.run(
        [sys.executable, "-m", module, *dated, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=repository_root(),
        timeout=300,
    )


# An uploaded site (GeoJSON feature) that no shipped site clashes with.
UPLOAD_SITE = {
    "type": "Feature",
    "id": "my-camp",
    "properties": {
        "name_en": "My camp",
        "name_ar": "معسكري",
        "kind": "garrison",
        "country": "IQ",
        "province": "IQ-AN",
        "location_note": "test point",
    },
    "geometry": {"type": "Point", "coordinates": [42.0, 33.5]},
}
