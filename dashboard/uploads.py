"""Bring-your-own records: uploaded files checked like the shipped data, merged for one session only.

Nothing here writes to disk or touches shared state: `read_upload` returns the valid rows and every
problem, and `merged_dataset` returns a new Dataset that the caller keeps in its own session.
Quotes in uploads may cite any source the upload describes, so they are not checked against seeds/.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
from pydantic import TypeAdapter, field_validator

from dashboard.io import Dataset, KnownIds, Problem, site_provinces, validate_records_text, validate_sites_text
from dashboard.io.ids import duplicates
from dashboard.io.problems import line, validate_all
from dashboard.io.schema import SourceRow
from dashboard.io.text import decode, parse_csv

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
USER = "user-supplied"
CURATED = "curated"
SOURCE_COLUMNS = ("source_id", "file", "publisher", "title_ar", "title_en", "published", "published_note", "language")


class UploadedSourceRow(SourceRow):
    """A source an upload describes: `file` names where it comes from, and need not be in seeds/."""

    @field_validator("file")
    @classmethod
    def _stays_in_seeds(cls, value: str) -> str:
        return value


_SOURCES = TypeAdapter(list[UploadedSourceRow])


@dataclass(frozen=True)
class Upload:
    records: pd.DataFrame  # valid uploaded records, with origin = user-supplied
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
        return None, [Problem(name, "", "", f"the file is {len(data):,} bytes; uploads are limited to "
                                            f"{MAX_UPLOAD_BYTES:,} bytes")]
    return decode(data, name)


def _sources(text: str, name: str, shipped: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    table, problems = parse_csv(text, name, SOURCE_COLUMNS)
    valid, more = validate_all(_SOURCES, table.rows, name, lambda i: line(table.lines[i]))
    problems += more
    repeated = duplicates(row["source_id"] for row in table.rows)
    kept = []
    for i, source in valid:
        if i in repeated:
            problems.append(Problem(name, line(table.lines[i]), "source_id", f"duplicate source_id {source.source_id!r}"))
        elif source.source_id in set(shipped["source_id"]):
            problems.append(Problem(name, line(table.lines[i]), "source_id",
                                    f"{source.source_id!r} is already a source of the shipped data; choose another id"))
        else:
            kept.append(source.model_dump())
    return pd.DataFrame(kept, columns=list(SOURCE_COLUMNS)), problems


def read_upload(dataset: Dataset, records: tuple[str, bytes] | None = None, sites: tuple[str, bytes] | None = None,
                sources: tuple[str, bytes] | None = None) -> Upload:
    """Check uploaded files, each given as (file name, bytes), against the shipped dataset."""
    problems: list[Problem] = []
    new_sites = dataset.sites.iloc[0:0]
    if sites is not None:
        text, found = _text(sites[1], sites[0])
        problems += found
        if text is not None:
            new_sites, found = validate_sites_text(text, sites[0], dataset.provinces)
            clash = new_sites["site_id"].isin(dataset.sites["site_id"])
            problems += found + [Problem(sites[0], f"feature {s}", "id", f"{s!r} is already a shipped site; choose another id")
                                 for s in new_sites.loc[clash, "site_id"]]
            new_sites = new_sites[~clash]
    new_sources = pd.DataFrame(columns=list(SOURCE_COLUMNS))
    if sources is not None:
        text, found = _text(sources[1], sources[0])
        problems += found
        if text is not None:
            new_sources, found = _sources(text, sources[0], dataset.sources)
            problems += found
    new_records = dataset.records.iloc[0:0]
    if records is not None:
        text, found = _text(records[1], records[0])
        problems += found
        if text is not None:
            site_ids = list(dataset.sites["site_id"]) + list(new_sites["site_id"])
            source_ids = list(dataset.sources["source_id"]) + list(new_sources["source_id"])
            new_records, found = validate_records_text(
                text, records[0], sites=KnownIds.of("geo/sites.geojson and the uploaded sites", site_ids),
                sources=KnownIds.of("data/sources.csv and the uploaded sources", source_ids), check_quotes=False)
            problems += found
            clash = new_records["record_id"].isin(dataset.records["record_id"])
            problems += [Problem(records[0], line(n), "record_id", f"{r!r} is already a shipped record; choose another id")
                         for r, n in zip(new_records.loc[clash, "record_id"], new_records.loc[clash, "line"])]
            new_records = new_records[~clash]
    return Upload(new_records.assign(origin=USER), new_sites, new_sources, tuple(problems))


def merged_dataset(dataset: Dataset, upload: Upload) -> Dataset:
    """The shipped dataset with the upload's valid rows added, each record marked by its origin."""
    sites = pd.concat([dataset.sites, upload.sites], ignore_index=True) if not upload.sites.empty else dataset.sites
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=dataset.sites.crs)
    provinces = dict(dataset.site_provinces)
    if not upload.sites.empty:
        provinces.update(site_provinces(upload.sites, dataset.provinces))
    shipped = dataset.records.assign(origin=CURATED)
    records = pd.concat([shipped, upload.records], ignore_index=True) if not upload.records.empty else shipped
    sources = (pd.concat([dataset.sources, upload.sources], ignore_index=True)
               if not upload.sources.empty else dataset.sources)
    return replace(dataset, sites=sites, records=records, sources=sources, site_provinces=provinces, problems=())
