"""Everything the dashboard derives from a validated dataset, computed once per dataset.

The app caches one `Prepared` per data fingerprint and shares it between sessions, so nothing in it
changes after `prepare()` returns. "As known then" needs the records whose source was published by
the selected date; those sets change only on publication dates, so one record view per publication
cut-off is built up front rather than on every step.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import shapely.geometry

from dashboard.engine import PostureIndex
from dashboard.io import Dataset
from dashboard.map_timeline import map_timeline

LANGS = ("en", "ar")


@dataclass(frozen=True)
class RecordView:
    """The records visible under one set of sources, with their index and map timeline."""

    sources: frozenset[str]
    records: pd.DataFrame
    index: PostureIndex
    timeline: dict


@dataclass(frozen=True)
class Prepared:
    dataset: Dataset
    span: tuple[dt.date, dt.date]  # earliest record to the last one, planned included
    site_ids: tuple[str, ...]
    site_names: Mapping[str, Mapping[str, str]]  # lang -> site id -> name
    province_names: Mapping[str, Mapping[str, str]]  # lang -> ISO 3166-2 code -> name
    site_provinces: Mapping[str, tuple[str, ...]]
    sites_geojson: dict
    provinces_geojson: dict
    all_records: RecordView
    known_by: tuple[tuple[dt.date, RecordView], ...]  # (publication date, view of sources published by then)
    sites_bounds: list[list[float]] | None  # [[south, west], [north, east]] around every site

    @property
    def default_date(self) -> dt.date:
        """Today if it lies in the span, else the nearest end of it."""
        first, last = self.span
        return min(max(dt.date.today(), first), last)

    def view(self, on: dt.date, known_then: bool) -> RecordView:
        if not known_then:
            return self.all_records
        chosen = RecordView(frozenset(), self.all_records.records.iloc[0:0], _EMPTY_INDEX, _EMPTY_TIMELINE)
        for published, view in self.known_by:
            if published <= on:
                chosen = view
        return chosen

    def next_change(self, on: dt.date, known_then: bool) -> dt.date | None:
        """The first date after `on` on which the picture changes, for Next and Play.

        As known then, a publication changes the picture too: it can reveal records of any date, so
        the next publication date is a step even when what is known on `on` has no later change.
        """
        following = self.view(on, known_then).index.next_change(on)
        if known_then:
            published = next((p for p, _ in self.known_by if p > on), None)
            following = min((d for d in (following, published) if d is not None), default=None)
        return following

    def previous_change(self, on: dt.date, known_then: bool) -> dt.date | None:
        """The last date before `on` on which the picture changes, for Previous (see next_change)."""
        if not known_then:
            return self.all_records.index.previous_change(on)
        # What was known the day before `on` holds since the last publication before `on`, so its
        # change dates back to that publication are steps, and so is the publication itself.
        published = max((p for p, _ in self.known_by if p < on), default=None)
        if published is None:
            return None
        earlier = self.view(on - dt.timedelta(days=1), True).index.previous_change(on)
        return published if earlier is None else max(earlier, published)

    def views(self) -> tuple[RecordView, ...]:
        """Every distinct record view, so the app can find one by its source set."""
        return (self.all_records,) + tuple(v for _, v in self.known_by if v is not self.all_records)

    def view_for_sources(self, sources: frozenset[str]) -> RecordView:
        for view in self.views():
            if view.sources == sources:
                return view
        return RecordView(frozenset(), self.all_records.records.iloc[0:0], _EMPTY_INDEX, _EMPTY_TIMELINE)

    def sites_in(self, provinces: tuple[str, ...]) -> tuple[str, ...] | None:
        """Sites lying in any of `provinces`; None (every site) when no province is chosen."""
        if not provinces:
            return None
        wanted = set(provinces)
        return tuple(s for s in self.site_ids if wanted & set(self.site_provinces.get(s, ())))


_EMPTY_INDEX = PostureIndex.from_records(pd.DataFrame(columns=["record_id", "site_id", "date", "status", "claim"]))
_EMPTY_TIMELINE = {"sites": {}, "moves": [], "records": {}, "sources": {}}  # read-only by convention, like every view


def _record_view(records: pd.DataFrame, sources: pd.DataFrame, source_ids: frozenset[str]) -> RecordView:
    chosen = records[records["source_id"].isin(source_ids)].reset_index(drop=True)
    return RecordView(source_ids, chosen, PostureIndex.from_records(chosen),
                      map_timeline(chosen, sources[sources["source_id"].isin(source_ids)]))


def _geojson(frame, id_column: str, properties: list[str]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": row[id_column], "properties": {p: row[p] for p in properties},
         "geometry": shapely.geometry.mapping(row["geometry"])}
        for row in frame.to_dict("records")]}


def prepare(dataset: Dataset) -> Prepared:
    records, sources = dataset.records, dataset.sources
    all_ids = frozenset(sources["source_id"])
    all_view = _record_view(records, sources, all_ids)
    known_by = []
    for published in sorted(set(sources["published"])):
        ids = frozenset(sources.loc[[p <= published for p in sources["published"]], "source_id"])
        known_by.append((published, all_view if ids == all_ids else _record_view(records, sources, ids)))
    dates = list(records["date"])
    span = (min(dates), max(dates)) if dates else (dt.date.today(), dt.date.today())
    sites = dataset.sites.sort_values("site_id", kind="stable")
    provinces = dataset.provinces
    # Iraq's governorates first, then Syria's and Jordan's, each by English name.
    order = sorted(provinces.to_dict("records"), key=lambda p: (p["country"] != "IQ", p["country"], p["name_en"]))
    return Prepared(
        dataset=dataset,
        span=span,
        site_ids=tuple(dataset.sites["site_id"]),
        site_names=MappingProxyType({lang: MappingProxyType(dict(zip(sites["site_id"], sites[f"name_{lang}"])))
                                     for lang in LANGS}),
        province_names=MappingProxyType({lang: MappingProxyType({p["iso_3166_2"]: p[f"name_{lang}"] for p in order})
                                         for lang in LANGS}),
        site_provinces=MappingProxyType(dict(dataset.site_provinces)),
        sites_geojson=_geojson(dataset.sites, "site_id", ["name_en", "name_ar", "kind", "country", "province",
                                                          "location_note"]),
        provinces_geojson=_geojson(provinces, "iso_3166_2", ["iso_3166_2", "country", "name_en", "name_ar"]),
        all_records=all_view,
        known_by=tuple(known_by),
        sites_bounds=_bounds(dataset.sites),
    )


def _bounds(sites) -> list[list[float]] | None:
    if sites.empty:
        return None
    west, south, east, north = sites.total_bounds
    pad = 0.3  # degrees, so edge sites are not cut by the frame
    return [[float(south) - pad, float(west) - pad], [float(north) + pad, float(east) + pad]]
