"""Load the whole dataset under a root, keeping valid rows and reporting every problem."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .. import clock, paths
from .citations import check_citations, check_record_citations
from .context import check_context
from .geo import check_provinces, check_sites, parse_features, site_provinces
from .ids import KnownIds
from .problems import Problem
from .quotes import Document
from .records import check_records
from .schema import CITATION_COLUMNS, POSTURE_COLUMNS, SOURCE_COLUMNS, STORY_COLUMNS, _shown
from .sources import check_sources
from .story import Chapter, axis_span, check_story, no_story_file
from .text import CsvTable, parse_csv, read_text

# Also the report order. data/story.csv is optional: without it there is no story, and no problem.
FILES = (paths.SOURCES, paths.PROVINCES, paths.SITES, paths.POSTURE, paths.CITATIONS, paths.STORY, paths.CONTEXT)
OPTIONAL_FILES = (paths.STORY, paths.CONTEXT)


@dataclass(frozen=True)
class Dataset:
    """Valid rows of every file under `root`, and the problems of the others.

    Every row here passed all checks, except that a site with no record is reported but kept
    (records may still move forces to it). When a whole file cannot be read, references into
    it cannot be checked; the rows that make them are kept and the file's problem stands.
    """

    root: Path
    sources: pd.DataFrame  # columns SOURCE_COLUMNS, published and consulted as datetime.date
    sites: gpd.GeoDataFrame  # site_id, the site properties, geometry; EPSG:4326
    records: pd.DataFrame  # POSTURE_COLUMNS + line, file order; date as datetime.date, troops Int64
    citations: pd.DataFrame  # CITATION_COLUMNS + line, file order; only citations of the records kept
    documents: Mapping[str, Document]  # seed source_id -> its document, normalised, for checking quotes
    provinces: gpd.GeoDataFrame  # iso_3166_2, country, name_en, name_ar, geometry; EPSG:4326
    site_provinces: dict[str, tuple[str, ...]]
    problems: tuple[Problem, ...]
    story: tuple[Chapter, ...] = ()  # valid chapters of data/story.csv in chapter order; () without the file
    context: dict | None = None  # geo/context.geojson as {"countries": [...], "cities": [...]}; None without it


def load_dataset(root: Path, today: dt.date | None = None) -> Dataset:
    """Every file under `root`, checked. `today` (default: `clock.today()`) bounds what can be reported."""
    root = Path(root)
    today = clock.today() if today is None else today
    problems: list[Problem] = []

    province_features, found = _features(root, paths.PROVINCES)
    provinces, more = check_provinces(province_features or [])
    problems += found + more

    sources_table, found = _table(root, paths.SOURCES, SOURCE_COLUMNS)
    sources = check_sources(sources_table, root)
    problems += found + sources.problems

    site_features, found = _features(root, paths.SITES)
    # Without admin1 the province check cannot run; its own problem is reported instead.
    sites = check_sites(site_features, provinces if province_features is not None else None)
    problems += found + sites.problems

    posture_table, found = _table(root, paths.POSTURE, POSTURE_COLUMNS)
    records, record_ids, more = check_records(posture_table, paths.POSTURE, sites=sites.ids)
    problems += found + more

    citation_table, found = _table(root, paths.CITATIONS, CITATION_COLUMNS)
    citations, more = check_citations(
        citation_table,
        paths.CITATIONS,
        records=record_ids,
        sources=sources.table,
        source_ids=sources.ids,
        documents=sources.documents,
    )
    problems += found + more
    if citation_table.complete and sources.ids.complete:
        # Without the whole citations or sources file, "cites no source" would prove nothing.
        declared = KnownIds.of(paths.CITATIONS, citations["record_id"], citation_table.declared("record_id"))
        records, more = check_record_citations(records, citations, sources.table, paths.POSTURE, today, declared)
        problems += more
    citations = citations[citations["record_id"].isin(records["record_id"])].reset_index(drop=True)

    if sites.ids.complete and posture_table.complete:
        # Counted over every row, valid or not, so one bad row does not also orphan its site.
        mentioned = {row["site_id"] for row in posture_table.rows}
        problems += [
            Problem(
                paths.SITES,
                sites.locations[site_id],
                "id",
                f"no record in {paths.POSTURE} has site_id {_shown(site_id)}",
            )
            for site_id in sites.frame["site_id"]
            if site_id not in mentioned
        ]

    story, more = _story(root, province_features is not None, provinces, posture_table, records, today)
    problems += more
    context, more = _context(root)
    problems += more

    return Dataset(
        root=root,
        sources=sources.table,
        sites=sites.frame,
        records=records,
        citations=citations,
        documents=dict(sources.documents),
        provinces=provinces,
        site_provinces=site_provinces(sites.frame, provinces),
        problems=tuple(sorted(problems, key=_report_order)),
        story=story,
        context=context,
    )


def _context(root: Path) -> tuple[dict | None, list[Problem]]:
    """The countries and cities of ROOT/geo/context.geojson; none, and no problem, without the file."""
    if not (root / paths.CONTEXT).exists():
        return None, []
    features, problems = _features(root, paths.CONTEXT)
    if features is None:
        return None, problems
    context, more = check_context(features, paths.CONTEXT)
    return context, problems + more


def _story(
    root: Path,
    provinces_read: bool,
    provinces: gpd.GeoDataFrame,
    posture_table: CsvTable,
    records: pd.DataFrame,
    today: dt.date,
) -> tuple[tuple[Chapter, ...], list[Problem]]:
    """The chapters of ROOT/data/story.csv and their problems; no chapter and no problem without the file."""
    text, found = read_text(root, paths.STORY)
    if text is None:
        return (), [] if no_story_file(found) else found
    table, problems = parse_csv(text, paths.STORY, STORY_COLUMNS)
    # The record ids that passed every check, and those any row of the posture file declares (refused ones
    # are then told apart from unknown ones); without the whole file a missing id proves nothing.
    record_ids = KnownIds.of(
        paths.POSTURE, records["record_id"], posture_table.declared("record_id"), posture_table.complete
    )
    province_codes = KnownIds.of(paths.PROVINCES, provinces["iso_3166_2"], complete=provinces_read)
    # With no valid record, or not the whole posture file, the time axis is unknown and is not held against it.
    span = axis_span(records, today) if posture_table.complete and not records.empty else None
    chapters, more = check_story(
        table, paths.STORY, provinces=province_codes, records=record_ids, record_table=records, span=span
    )
    return chapters, problems + more


def _features(root: Path, relative: str) -> tuple[list | None, list[Problem]]:
    text, problems = read_text(root, relative)
    if text is None:
        return None, problems
    return parse_features(text, relative)


def _table(root: Path, relative: str, columns: tuple[str, ...]) -> tuple[CsvTable, list[Problem]]:
    text, problems = read_text(root, relative)
    if text is None:
        return CsvTable([], [], complete=False), problems
    return parse_csv(text, relative, columns)


_LINE = re.compile(r"line (\d+)")


def _report_order(problem: Problem) -> tuple[int, int]:
    # By file, then by line; sorted() is stable, so features keep the order they were found in.
    rank = FILES.index(problem.file) if problem.file in FILES else len(FILES)
    number = _LINE.fullmatch(problem.location)
    return rank, int(number.group(1)) if number else 0


def dataset_fingerprint(root: Path) -> tuple:
    """((relative path, mtime_ns, size), ...) of every file the loader may read: the data files and
    everything under seeds/. A missing file appears with (None, None), so creating it changes the
    fingerprint; the optional story appears only when it exists, which changes it just as well."""
    root = Path(root)
    seeds = root / paths.SEEDS
    seed_files = (
        sorted(p.relative_to(root).as_posix() for p in seeds.rglob("*") if p.is_file()) if seeds.is_dir() else []
    )
    entries = []
    for relative in (*FILES, *seed_files):
        try:
            stat = os.stat(root / relative)
            entries.append((relative, stat.st_mtime_ns, stat.st_size))
        except OSError:
            if relative not in OPTIONAL_FILES:
                entries.append((relative, None, None))
    return tuple(entries)
