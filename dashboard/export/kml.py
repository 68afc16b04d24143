"""The record over time as KML 2.2 for Google Earth: one placemark per site and status interval, with a
TimeSpan, so Google Earth's time slider plays the record; styled by status in the map's colours and
named in the chosen language. Written with fastkml, not by hand.

A TimeSpan's `begin` is the interval's valid_from and its `end` the first day it no longer holds (the
GeoPackage's valid_to); an interval that still holds has no `end`. A point is Google Earth's own white
circle icon tinted in the status's colour: KML can only name an icon by its address, so Google Earth loads
that icon from Google, as it loads its imagery (the file names no other address). A zone has the status's
outline and a see-through fill.
"""

from __future__ import annotations

import pandas as pd
import pygeoif
from fastkml import KML, Document, Folder, Placemark, Style
from fastkml.data import Data, ExtendedData
from fastkml.links import Icon
from fastkml.styles import IconStyle, LabelStyle, LineStyle, PolyStyle, StyleUrl
from fastkml.times import KmlDateTime, TimeSpan

from dashboard.export.intervals import status_intervals
from dashboard.i18n import t
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.style import NO_STATUS_STYLE, STATUS_STYLES

NO_STATUS = "none"  # the style of an interval without a status (a plan or incident only)
STOCK_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"  # Google Earth's, white: tintable
ZONE_OPACITY = 0x55  # of a zone's fill, out of 0xff: the land under it stays readable
_DATA_FIELDS = ("status", "since", "record_id", "grade", "forces", "stale", "contested", "plan_state")


def kml_colour(hex_rgb: str, alpha: int = 0xFF) -> str:
    """'#RRGGBB' as KML's aabbggrr."""
    red, green, blue = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha:02x}{blue}{green}{red}".lower()


def _style(style_id: str, look: dict) -> Style:
    return Style(
        id=style_id,
        styles=[
            IconStyle(color=kml_colour(look["colour"]), scale=1.1, icon=Icon(href=STOCK_ICON)),
            LabelStyle(color=kml_colour(look["colour"])),
            LineStyle(color=kml_colour(look["stroke"]), width=2),
            PolyStyle(color=kml_colour(look["colour"], ZONE_OPACITY)),
        ],
    )


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()  # XML's spelling
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _placemark(row: dict) -> Placemark:
    begin, end = row["valid_from"], row["valid_to"]
    return Placemark(
        name=row["name"],
        description=_text(row["status_label"]),
        times=TimeSpan(begin=KmlDateTime(begin), end=None if pd.isna(end) else KmlDateTime(end)),
        style_url=StyleUrl(url=f"#status-{_text(row['status']) or NO_STATUS}"),
        extended_data=ExtendedData(
            elements=[Data(name="site_id", value=row["site_id"])]
            + [Data(name=field, value=_text(row[field])) for field in _DATA_FIELDS]
        ),
        geometry=pygeoif.shape(row["geometry"]),
    )


def kml_text(prepared: Prepared, selection: Selection) -> str:
    """The KML document: a folder per site (in the order of the `status_intervals` layer) holding its
    intervals."""
    intervals = status_intervals(prepared, selection)
    styles = [_style(f"status-{status}", look) for status, look in STATUS_STYLES.items()]
    styles.append(_style(f"status-{NO_STATUS}", NO_STATUS_STYLE))
    folders = [
        Folder(name=rows["name"].iloc[0], features=[_placemark(row) for row in rows.to_dict("records")])
        for _, rows in intervals.groupby("site_id", sort=False)
    ]
    document = Document(
        name=t("title", selection.lang),
        description=t("kml_description", selection.lang, today=prepared.today.isoformat()),
        styles=styles,
        features=folders,
    )
    return KML(features=[document]).to_string(prettyprint=True)
