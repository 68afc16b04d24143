"""Everything the dashboard derives from a validated dataset, computed once per dataset and day.

The app caches one `Prepared` per data fingerprint and today's date, and shares it between sessions, so
nothing in it changes after `prepare()` returns. "As known then" needs the records that some source
published by the selected date supports; those sets change only on publication dates, so one record
view per publication cut-off (and forces filter) is built the first time it is asked for and kept,
rather than on every step.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import numpy as np
import pandas as pd
import shapely.geometry

from dashboard import clock
from dashboard.engine import PostureIndex, about_forces
from dashboard.io import Dataset
from dashboard.io.story import axis_span
from dashboard.mapview.timeline import map_timeline
from dashboard.selection import Selection
from dashboard.vocabulary import FORCES_FILTERS, NATIONAL

ALL_FORCES = FORCES_FILTERS[0]
KEPT_VIEWS = 24  # record views kept "as known then" (see Prepared._known_views)

LANGS = ("en", "ar")


@dataclass(frozen=True)
class RecordView:
    """The records visible under one set of sources, their citations of those sources, index and map timeline."""

    sources: frozenset[str]
    records: pd.DataFrame
    citations: pd.DataFrame
    index: PostureIndex
    source_table: pd.DataFrame  # the sources' rows
    forces: str = ALL_FORCES  # the forces filter the records passed (see engine.about_forces)

    @property
    def key(self) -> tuple:
        """What tells this view's records apart from another view's: a key for caches."""
        return (self.sources, self.forces)

    @cached_property
    def timeline(self) -> dict:
        """The map's timeline, built the first time a map of this view is drawn: with one view per
        publication date (58 on the shipped data), building them all up front tripled the start-up."""
        return map_timeline(self.index, self.records, self.citations, self.source_table)

    def cited_by(self, record_ids) -> pd.DataFrame:
        """The citations of `record_ids`, in file order."""
        return self.citations[self.citations["record_id"].isin(set(record_ids))]


@dataclass(frozen=True)
class Prepared:
    dataset: Dataset
    today: dt.date
    span: tuple[dt.date, dt.date]  # earliest record to today or the last plan's due date, whichever is later
    site_ids: tuple[str, ...]
    site_names: Mapping[str, Mapping[str, str]]  # lang -> site id -> name
    province_names: Mapping[str, Mapping[str, str]]  # lang -> ISO 3166-2 code -> name
    site_provinces: Mapping[str, tuple[str, ...]]
    sites_geojson: dict
    provinces_geojson: dict
    all_records: RecordView
    publications: tuple[dt.date, ...]  # every distinct publication date, in order: where "as known then" changes
    sites_bounds: list[list[float]] | None  # [[south, west], [north, east]] around every site
    last_report: Mapping[str, dt.date]  # site id (NATIONAL for all) -> date of its latest non-planned record
    context: dict | None = None  # countries and cities around the map (geo/context.geojson), read-only
    # The record view of each (publication cut-off, forces filter), built the first time it is asked
    # for and kept while among the KEPT_VIEWS most recently used: 316 cut-offs on the shipped data, each
    # view about 1 MB once its map timeline is built, and a session stepping "as known then" visits many.
    _known_views: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def default_date(self) -> dt.date:
        """Today: the axis always reaches it."""
        return self.today

    def view(self, selection: Selection) -> RecordView:
        """The records `selection` sees: every record, or as known then those some source published by
        its day supports; of those, the ones about the forces it chose."""
        if not selection.known_then:
            return self.records_view(None, selection.forces)
        position = bisect.bisect_right(self.publications, selection.day) - 1
        if position < 0:
            return _empty_view(self.all_records)
        return self.records_view(self.publications[position], selection.forces)

    def records_view(self, published: dt.date | None, forces: str = ALL_FORCES) -> RecordView:
        """The view of the sources published by `published` (one of `publications`; None: every source),
        filtered to `forces`; built the first time it is asked for."""
        if published is None and forces == ALL_FORCES:
            return self.all_records
        key = (published, forces)
        with self._lock:
            kept = self._known_views
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
            sources = self.dataset.sources
            ids = (
                self.all_records.sources
                if published is None
                else frozenset(sources.loc[[p <= published for p in sources["published"]], "source_id"])
            )
            kept[key] = (
                self.all_records
                if ids == self.all_records.sources and forces == ALL_FORCES
                else record_view(self.dataset.records, self.dataset.citations, sources, ids, forces)
            )
            while len(kept) > KEPT_VIEWS:
                kept.popitem(last=False)
            return kept[key]

    def next_change(self, selection: Selection) -> dt.date | None:
        """The first date after the selection's day on which the picture changes, for Next and Play.

        As known then, a publication changes the picture too: it can reveal records of any date, so
        the next publication date is a step even when what is known on the day has no later change.
        """
        on = selection.day
        following = self.view(selection).index.next_change(on)
        if selection.known_then:
            published = next((p for p in self.publications if p > on), None)
            following = min((d for d in (following, published) if d is not None), default=None)
        return following if following is None or following <= self.span[1] else None

    def previous_change(self, selection: Selection) -> dt.date | None:
        """The last date before the selection's day on which the picture changes, for Previous."""
        on = selection.day
        if not selection.known_then:
            return self.view(selection).index.previous_change(on)
        # What was known the day before `on` holds since the last publication before `on`, so its
        # change dates back to that publication are steps, and so is the publication itself.
        published = max((p for p in self.publications if p < on), default=None)
        if published is None:
            return None
        earlier = self.view(selection.on(on - dt.timedelta(days=1))).index.previous_change(on)
        return published if earlier is None else max(earlier, published)

    def change_dates(self, selection: Selection) -> list[dt.date]:
        """Every date on which the picture of `selection` (but its day) can change: the dates of its
        records, and as known then every publication date too."""
        dates = self.records_view(None, selection.forces).index.change_dates()
        return sorted(set(dates) | set(self.publications)) if selection.known_then else dates

    def sites_in(self, provinces: tuple[str, ...]) -> tuple[str, ...] | None:
        """Sites lying in any of `provinces`; None (every site) when no province is chosen."""
        if not provinces:
            return None
        wanted = set(provinces)
        return tuple(s for s in self.site_ids if wanted & set(self.site_provinces.get(s, ())))

    def clamp(self, day: dt.date) -> dt.date:
        """`day` moved into the span."""
        return min(max(day, self.span[0]), self.span[1])


_EMPTY_INDEX = PostureIndex.from_records(pd.DataFrame(columns=["record_id", "site_id", "date", "status", "claim"]))


def _empty_view(like: RecordView) -> RecordView:
    return RecordView(
        frozenset(), like.records.iloc[0:0], like.citations.iloc[0:0], _EMPTY_INDEX, like.source_table.iloc[0:0]
    )


def record_view(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    source_ids: frozenset[str],
    forces: str = ALL_FORCES,
) -> RecordView:
    """The records about `forces` that some source in `source_ids` supports, with only those citations."""
    if forces != ALL_FORCES:
        records = records[[about_forces(f, forces) for f in records["forces"]]]
    cited = citations[_in(citations["source_id"], source_ids) & _in(citations["record_id"], set(records["record_id"]))]
    cited = cited.reset_index(drop=True)
    chosen = records[_in(records["record_id"], set(cited["record_id"]))].reset_index(drop=True)
    # A record is public from the first publication of a source citing it: a plan shows from then.
    published = dict(zip(sources["source_id"], sources["published"]))
    first = {}
    for record_id, source_id in zip(cited["record_id"], cited["source_id"]):
        day = published.get(source_id)
        if day is not None and (record_id not in first or day < first[record_id]):
            first[record_id] = day
    chosen = chosen.assign(known=pd.Series([first.get(r) for r in chosen["record_id"]], dtype=object))
    return RecordView(
        source_ids,
        chosen,
        cited,
        PostureIndex.from_records(chosen),
        sources[_in(sources["source_id"], source_ids)],
        forces,
    )


def _in(column: pd.Series, ids: AbstractSet[str]) -> np.ndarray:
    """`column.isin(ids)`, without pandas' isin on Arrow strings, which copies `ids` into a list on
    every call: a known-then walk builds a view per publication date, and that was most of its time."""
    return np.fromiter((value in ids for value in column), dtype=bool, count=len(column))


def _geojson(frame, id_column: str, properties: list[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row[id_column],
                "properties": {p: row[p] for p in properties},
                "geometry": shapely.geometry.mapping(row["geometry"]),
            }
            for row in frame.to_dict("records")
        ],
    }


def prepare(dataset: Dataset, today: dt.date | None = None) -> Prepared:
    today = clock.today() if today is None else today
    records, citations, sources = dataset.records, dataset.citations, dataset.sources
    all_ids = frozenset(sources["source_id"])
    all_view = record_view(records, citations, sources, all_ids)
    # A plan "by September 2026" stays on the axis until the end of September.
    span = axis_span(records, today)
    sites = dataset.sites.sort_values("site_id", kind="stable")
    provinces = dataset.provinces
    # Iraq's governorates first, then Syria's and Jordan's, each by English name.
    order = sorted(provinces.to_dict("records"), key=lambda p: (p["country"] != "IQ", p["country"], p["name_en"]))
    return Prepared(
        dataset=dataset,
        today=today,
        span=span,
        site_ids=tuple(dataset.sites["site_id"]),
        site_names=MappingProxyType(
            {lang: MappingProxyType(dict(zip(sites["site_id"], sites[f"name_{lang}"]))) for lang in LANGS}
        ),
        province_names=MappingProxyType(
            {lang: MappingProxyType({p["iso_3166_2"]: p[f"name_{lang}"] for p in order}) for lang in LANGS}
        ),
        site_provinces=MappingProxyType(dict(dataset.site_provinces)),
        sites_geojson=_geojson(
            dataset.sites, "site_id", ["name_en", "name_ar", "kind", "country", "province", "location_note"]
        ),
        provinces_geojson=_geojson(provinces, "iso_3166_2", ["iso_3166_2", "country", "name_en", "name_ar"]),
        all_records=all_view,
        publications=tuple(sorted(set(sources["published"]))),
        sites_bounds=_bounds(dataset.sites),
        last_report=MappingProxyType(_last_reports(all_view.index)),
        context=dataset.context,
    )


def _last_reports(index: PostureIndex) -> dict[str, dt.date]:
    """The engine's last report per place, and under NATIONAL the last report of any kind."""
    last = index.last_reports()
    if last:
        last[NATIONAL] = max(last.values())
    return last


def _bounds(sites) -> list[list[float]] | None:
    if sites.empty:
        return None
    west, south, east, north = sites.total_bounds
    pad = 0.3  # degrees, so edge sites are not cut by the frame
    return [[float(south) - pad, float(west) - pad], [float(north) + pad, float(east) + pad]]
