"""Bring-your-own records: uploaded files checked like the shipped data, merged for one session only.

Nothing here writes to disk or touches shared state: `read_upload` returns the valid rows and every
problem, and `merged_dataset` returns a new Dataset that the caller keeps in its own session.
Uploaded records cite uploaded or shipped sources through an uploaded citations file; a quote of a
shipped seed is checked against the document, while uploaded seed sources' documents are not here, so
their quotes cannot be checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
from pydantic import TypeAdapter

from dashboard import clock
from dashboard.io import Dataset, KnownIds, Problem, site_provinces, validate_sites_text
from dashboard.io.citations import check_citations, check_record_citations, citations_frame
from dashboard.io.geo import parse_features
from dashboard.io.ids import duplicates
from dashboard.io.problems import line, validate_all
from dashboard.io.records import check_records
from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS, SOURCE_COLUMNS, SourceRow
from dashboard.io.sources import sources_frame
from dashboard.io.text import decode, parse_csv
from dashboard.vocabulary import CURATED, USER_SUPPLIED

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What one session may add to the map. Uploaded data travels inside the page on every step (it is never
# written to disk): 20,000 uploaded sites made 4.5 MB a step, and every session's copy lives in memory.
MAX_UPLOAD_SITES = 1_000
MAX_UPLOAD_RECORDS = 20_000
KINDS = ("records", "citations", "sites", "sources")  # the files a session can upload


class UploadedSourceRow(SourceRow):
    """A source an upload describes: a seed's `file` only names its document, which is not here."""

    @classmethod
    def _seed_path_problem(cls, value: str) -> str | None:
        return None


_SOURCES = TypeAdapter(list[UploadedSourceRow])


@dataclass(frozen=True)
class Upload:
    records: pd.DataFrame  # valid uploaded records, with origin = user-supplied
    citations: pd.DataFrame  # their valid citations
    sites: gpd.GeoDataFrame  # valid uploaded sites
    sources: pd.DataFrame  # valid uploaded sources
    problems: tuple[Problem, ...]

    @property
    def empty(self) -> bool:
        return self.records.empty and self.sites.empty and self.sources.empty


def _text(data: bytes | None, name: str) -> tuple[str | None, list[Problem]]:
    if data is None:
        return None, []
    if len(data) > MAX_UPLOAD_BYTES:
        return None, [
            Problem(name, "", "", f"the file is {len(data):,} bytes; uploads are limited to {MAX_UPLOAD_BYTES:,} bytes")
        ]
    text, problems = decode(data, name)
    return (None if text is None else _CONTROLS.sub("", text)), problems


# Control characters (NUL and the like, but not tab or line ends) cannot be shown and mean nothing in a
# record: they are taken out of uploaded text before it is read.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _sources(text: str, name: str, shipped: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    table, problems = parse_csv(text, name, SOURCE_COLUMNS)
    valid, more = validate_all(_SOURCES, table.rows, name, lambda i: line(table.lines[i]))
    problems += more
    repeated = duplicates(row["source_id"] for row in table.rows)
    taken = set(shipped["source_id"])
    kept = []
    for i, source in valid:
        if i in repeated:
            problems.append(
                Problem(name, line(table.lines[i]), "source_id", f"duplicate source_id {source.source_id!r}")
            )
        elif source.source_id in taken:
            problems.append(
                Problem(
                    name,
                    line(table.lines[i]),
                    "source_id",
                    f"{source.source_id!r} is already a source of the shipped data; choose another id",
                )
            )
        else:
            kept.append(source.model_dump())
    return sources_frame(kept), problems


def _feature_count(text: str) -> int:
    features, _ = parse_features(text, "")
    return len(features) if features else 0


def _too_many(file: str, count: int, most: int, what: str) -> Problem:
    return Problem(
        file,
        "",
        "",
        f"{count:,} {what}: a session can add at most {most:,} (they travel inside the page on every step); "
        f"upload a part of them",
    )


def read_upload(
    dataset: Dataset,
    records: tuple[str, bytes] | None = None,
    citations: tuple[str, bytes] | None = None,
    sites: tuple[str, bytes] | None = None,
    sources: tuple[str, bytes] | None = None,
    today: dt.date | None = None,
) -> Upload:
    """Check uploaded files, each given as (file name, bytes), against the shipped dataset."""
    today = clock.today() if today is None else today
    problems: list[Problem] = []
    new_sites = dataset.sites.iloc[0:0]
    if sites is not None:
        text, found = _text(sites[1], sites[0])
        problems += found
        count = _feature_count(text) if text is not None else 0
        if count > MAX_UPLOAD_SITES:
            problems.append(_too_many(sites[0], count, MAX_UPLOAD_SITES, "sites"))
        elif text is not None:
            new_sites, found = validate_sites_text(text, sites[0], dataset.provinces)
            clash = new_sites["site_id"].isin(dataset.sites["site_id"])
            problems += found + [
                Problem(sites[0], f"feature {s}", "id", f"{s!r} is already a shipped site; choose another id")
                for s in new_sites.loc[clash, "site_id"]
            ]
            new_sites = new_sites[~clash]
    new_sources = sources_frame([])
    if sources is not None:
        text, found = _text(sources[1], sources[0])
        problems += found
        if text is not None:
            new_sources, found = _sources(text, sources[0], dataset.sources)
            problems += found
    all_sources = pd.concat([dataset.sources, new_sources], ignore_index=True) if len(new_sources) else dataset.sources
    new_records = dataset.records.iloc[0:0]
    new_citations = citations_frame([], [])
    if records is not None:
        text, found = _text(records[1], records[0])
        problems += found
        table, found = parse_csv(text, records[0], POSTURE_COLUMNS) if text is not None else (None, [])
        if table is not None and len(table.rows) + len(table.refused) > MAX_UPLOAD_RECORDS:
            # Neither the records nor their citations are read: one problem, not one per row.
            problems.append(_too_many(records[0], len(table.rows) + len(table.refused), MAX_UPLOAD_RECORDS, "records"))
            table = None
        if table is not None:
            site_ids = KnownIds.of(
                "geo/sites.geojson and the uploaded sites", [*dataset.sites["site_id"], *new_sites["site_id"]]
            )
            shipped_claims = dict(zip(dataset.records["record_id"], dataset.records["claim"]))
            new_records, record_ids, more = check_records(table, records[0], sites=site_ids, others=shipped_claims)
            problems += found + more
            clash = new_records["record_id"].isin(dataset.records["record_id"])
            problems += [
                Problem(records[0], line(n), "record_id", f"{r!r} is already a shipped record; choose another id")
                for r, n in zip(new_records.loc[clash, "record_id"], new_records.loc[clash, "line"])
            ]
            new_records = new_records[~clash]
            new_citations, declared, found = _citations(citations, record_ids, all_sources, dataset.documents)
            problems += found
            if citations is not None and not declared.complete:
                # As for the shipped data: without the whole citations file, "cites no source" proves nothing.
                problems.append(
                    Problem(
                        records[0],
                        "",
                        "",
                        f"left out until {citations[0]} can be read as a whole: "
                        "without it no record's sources can be checked",
                    )
                )
                new_records = new_records.iloc[0:0]
            elif citations is not None:
                new_records, found = check_record_citations(
                    new_records, new_citations, all_sources, records[0], today, declared
                )
                problems += found
            else:
                problems.append(
                    Problem(
                        records[0],
                        "",
                        "",
                        "uploaded records need a citations file saying which "
                        "sources each cites (columns of data/citations.csv)",
                    )
                )
                new_records = new_records.iloc[0:0]
            new_citations = new_citations[new_citations["record_id"].isin(new_records["record_id"])]
    elif citations is not None:
        problems.append(Problem(citations[0], "", "", "a citations file needs the records file it cites for"))
    return Upload(
        new_records.assign(origin=USER_SUPPLIED),
        new_citations.reset_index(drop=True),
        new_sites,
        new_sources,
        tuple(problems),
    )


def _citations(
    upload: tuple[str, bytes] | None, record_ids: KnownIds, sources: pd.DataFrame, documents
) -> tuple[pd.DataFrame, KnownIds | None, list[Problem]]:
    """Valid citations, the record ids of all its rows (valid or not; `complete` False when the file could
    not be read as a whole) and the problems of the others."""
    if upload is None:
        return citations_frame([], []), None, []
    text, problems = _text(upload[1], upload[0])
    if text is None:
        return citations_frame([], []), KnownIds.of(upload[0], [], complete=False), problems
    table, found = parse_csv(text, upload[0], CITATION_COLUMNS)
    source_ids = KnownIds.of("data/sources.csv and the uploaded sources", sources["source_id"])
    # A quote of a shipped seed is checked against it; an uploaded seed's document is not here.
    frame, more = check_citations(
        table, upload[0], records=record_ids, sources=sources, source_ids=source_ids, documents=documents
    )
    declared = KnownIds.of(upload[0], frame["record_id"], table.declared("record_id"), table.complete)
    return frame, declared, problems + found + more


def merged_dataset(dataset: Dataset, upload: Upload) -> Dataset:
    """The shipped dataset with the upload's valid rows added, each record marked by its origin."""
    sites = pd.concat([dataset.sites, upload.sites], ignore_index=True) if not upload.sites.empty else dataset.sites
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=dataset.sites.crs)
    provinces = dict(dataset.site_provinces)
    if not upload.sites.empty:
        provinces.update(site_provinces(upload.sites, dataset.provinces))
    shipped = dataset.records.assign(origin=CURATED)
    records = pd.concat([shipped, upload.records], ignore_index=True) if not upload.records.empty else shipped
    citations = (
        pd.concat([dataset.citations, upload.citations], ignore_index=True)
        if not upload.citations.empty
        else dataset.citations
    )
    sources = (
        pd.concat([dataset.sources, upload.sources], ignore_index=True) if not upload.sources.empty else dataset.sources
    )
    return replace(
        dataset,
        sites=sites,
        records=records,
        citations=citations,
        sources=sources,
        site_provinces=provinces,
        problems=(),
    )
