"""The record over time as three tables for GIS: the sites, each site's status intervals, and the records
with their citations. The GeoPackage (`gpkg`) and KML (`kml`) exports write them.

Every interval is the engine's (`site_intervals`): the answer the map looks each date up in, so a GIS
layer filtered to a date shows what the map shows on it. `valid_from` is the first day an interval holds
and `valid_to` the first day it no longer does (exclusive, as QGIS's default "include start, exclude
end"); an empty `valid_to` means it still holds, to the end of the time axis and beyond. A site's first
interval starts with its first record: before that it has no row, as the map draws nothing there.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import shapely.geometry

from dashboard.engine import site_intervals
from dashboard.evidence import scope_mask
from dashboard.export.records import record_rows, sites_in
from dashboard.i18n import check_language, status_label
from dashboard.prepared import Prepared
from dashboard.selection import Selection

CRS = "EPSG:4326"  # the data's own: longitude, latitude on WGS 84
LIST_SEPARATOR = ","  # between the forces or record ids listed in one cell
SITE_COLUMNS = ["site_id", "name", "name_en", "name_ar", "kind", "country", "province", "location_note"]
INTERVAL_COLUMNS = [
    "site_id",
    "name",
    "status",
    "status_label",
    "valid_from",
    "valid_to",
    "since",
    "record_id",
    "grade",
    "forces",
    "last_reported",
    "stale",
    "contested",
    "contested_by",
    "plan_state",
    "plan_status",
    "plan_record_id",
    "quiet",
]
_DATE = pd.ArrowDtype(pa.date32())  # written as a GeoPackage DATE, which QGIS's Temporal Controller reads


def _dates(values: list[dt.date | None]) -> pd.Series:
    return pd.Series(pd.array(values, dtype=_DATE))


def _wanted_features(prepared: Prepared, selection: Selection) -> list[dict]:
    wanted = sites_in(prepared, selection.provinces)
    return [f for f in prepared.sites_geojson["features"] if wanted is None or f["id"] in wanted]


def site_layer(prepared: Prepared, selection: Selection) -> gpd.GeoDataFrame:
    """The sites of the selection's governorates, points and zones, named in both languages (and in the
    selection's language as `name`)."""
    check_language(selection.lang)
    features = _wanted_features(prepared, selection)
    rows = [
        {"site_id": f["id"], **f["properties"], "name": f["properties"][f"name_{selection.lang}"]} for f in features
    ]
    geometry = [shapely.geometry.shape(f["geometry"]) for f in features]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=SITE_COLUMNS), geometry=geometry, crs=CRS)


def status_intervals(prepared: Prepared, selection: Selection) -> gpd.GeoDataFrame:
    """One row per site and interval over the whole time axis, oldest first, with the site's geometry:
    the status (empty before the first status-setting record: a plan or incident only), its label in the
    selection's language, since when it has run, the record it rests on with that record's grade and
    forces, the last report, whether it is stale, contested (and by which records), the plan ring's state
    and whether the site is quiet. The selection's forces and "as known then" (on its day) choose the
    records; its day plays no other part."""
    check_language(selection.lang)
    view = prepared.view(selection)
    grades = dict(zip(view.records["record_id"], view.records["grade"]))
    intervals = site_intervals(view.index)
    rows, geometry = [], []
    for feature in _wanted_features(prepared, selection):
        shape = shapely.geometry.shape(feature["geometry"])
        name = feature["properties"][f"name_{selection.lang}"]
        for interval in intervals.get(feature["id"], []):
            answer, plan = interval.answer, interval.answer.plan
            rows.append(
                {
                    "site_id": feature["id"],
                    "name": name,
                    "status": answer.status,
                    "status_label": status_label(answer.status, selection.lang) if answer.status else None,
                    "valid_from": interval.start,
                    "valid_to": interval.end,
                    "since": answer.since,
                    "record_id": answer.record_id,
                    "grade": grades.get(answer.record_id),
                    "forces": LIST_SEPARATOR.join(answer.forces),
                    "last_reported": answer.last_reported,
                    "stale": answer.stale,
                    "contested": answer.contested,
                    "contested_by": LIST_SEPARATOR.join(answer.contested_by),
                    "plan_state": None if plan is None else plan.state,
                    "plan_status": None if plan is None else plan.status,
                    "plan_record_id": None if plan is None else plan.record_id,
                    "quiet": answer.quiet,
                }
            )
            geometry.append(shape)
    frame = pd.DataFrame(rows, columns=INTERVAL_COLUMNS)
    for column in ("valid_from", "valid_to", "since", "last_reported"):
        frame[column] = _dates(list(frame[column]))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def record_table(prepared: Prepared, selection: Selection) -> pd.DataFrame:
    """Every record the selection sees, of any date, about its governorates' sites or national: one row
    per record and citation, with the quote (seeds) and the address (web pages), as the CSV export."""
    view = prepared.view(selection)
    records = view.records[scope_mask(view.records, sites_in(prepared, selection.provinces))]
    # Over the whole axis a plan has no state of the day, only the record that confirmed it, if any.
    plans = {p.record_id: ("", p.confirmed_by or "") for p in view.index.plans()}
    return record_rows(records, view.citations, prepared.dataset.sources, prepared.site_names, plans=plans)


def interval_count(prepared: Prepared, selection: Selection) -> int:
    """How many rows `status_intervals` has, without building them (for a command's last line)."""
    intervals = site_intervals(prepared.view(selection).index)
    return sum(len(intervals.get(f["id"], [])) for f in _wanted_features(prepared, selection))
