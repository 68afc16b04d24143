"""The unchanging part of a slide's map: governorates, country outlines, extent and scale bar.

Coordinates stay longitude/latitude; the axes' aspect is set to 1/cos(latitude) at the map's
centre, which is what an equirectangular map of a country this size needs to look right.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.path import Path

from .text import text_kwargs

KM_PER_DEGREE = 111.32  # along a meridian, and along the equator
KM = {"en": "km", "ar": "كم"}

LAND = "#FFFFFF"
NEIGHBOUR_LAND = "#EFEFEF"  # Syria and Jordan, around Iraq
SELECTED_LAND = "#E4EEF8"
ELSEWHERE = "#E2E7EB"  # countries without governorates in the data (Turkey, Iran, Saudi Arabia...)
PROVINCE_EDGE = "#A0A0A0"
COUNTRY_EDGE = "#3C3C3C"
PROVINCE_LABEL = "#8A8A8A"


def geometry_path(geometry) -> Path:
    """A shapely (Multi)Polygon as one matplotlib Path, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes.append(np.array([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY]))
    if not vertices:
        return Path(np.zeros((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes).astype(Path.code_type))


def anchor(geometry) -> tuple[float, float]:
    """Where a site's symbol and label go: the point itself, or a point inside a zone."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return float(point.x), float(point.y)


def extent(prepared, provinces: tuple[str, ...]) -> tuple[float, float, float, float]:
    """(west, south, east, north): the chosen governorates, or Iraq and every site."""
    shapes = prepared.dataset.provinces
    if provinces:
        bounds = [shapes[shapes["iso_3166_2"].isin(provinces)].total_bounds]
    else:
        bounds = [shapes[shapes["country"] == "IQ"].total_bounds]
        if len(prepared.dataset.sites):
            bounds.append(prepared.dataset.sites.total_bounds)
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    if not all(map(math.isfinite, (west, south, east, north))):  # no geometry at all
        west, south, east, north = 38.5, 29.0, 49.0, 37.5
    pad = max(0.15, 0.04 * max(east - west, north - south))
    return west - pad, south - pad, east + pad, north + pad


def set_extent(ax, bounds: tuple[float, float, float, float], box_width: float, box_height: float) -> None:
    """Show `bounds`, widened or heightened to fill the axes box without stretching the map."""
    west, south, east, north = bounds
    stretch = 1 / math.cos(math.radians((south + north) / 2))  # a degree of latitude is this many of longitude
    width, height = east - west, (north - south) * stretch
    if width / height < box_width / box_height:
        grow = (height * box_width / box_height - width) / 2
        west, east = west - grow, east + grow
    else:
        grow = (width * box_height / box_width - height) / 2 / stretch
        south, north = south - grow, north + grow
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("auto")


def draw_provinces(ax, prepared, provinces: tuple[str, ...]) -> None:
    shapes = prepared.dataset.provinces
    fill = [
        SELECTED_LAND if code in provinces else LAND if country == "IQ" else NEIGHBOUR_LAND
        for code, country in zip(shapes["iso_3166_2"], shapes["country"])
    ]
    if len(shapes):
        shapes.plot(ax=ax, facecolor=fill, edgecolor=PROVINCE_EDGE, linewidth=0.7, aspect=None, zorder=1)
        shapes.dissolve("country").boundary.plot(ax=ax, color=COUNTRY_EDGE, linewidth=2.2, aspect=None, zorder=2)
        chosen = shapes[shapes["iso_3166_2"].isin(provinces)]
        if len(chosen):
            chosen.boundary.plot(ax=ax, color="#2F5F8F", linewidth=1.6, aspect=None, zorder=2)


def province_labels(prepared, lang: str) -> list[tuple[float, float, str]]:
    shapes = prepared.dataset.provinces
    names = prepared.province_names[lang]
    return [(*anchor(geometry), names.get(code, code)) for code, geometry in zip(shapes["iso_3166_2"], shapes.geometry)]


def _round_length(km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above `km`."""
    power = 10 ** math.floor(math.log10(km))
    return max(m * power for m in (1, 2, 5) if m * power <= km)


def draw_scale_bar(ax, lang: str) -> None:
    """A two-segment bar of a round length at the map's central latitude, in a lower corner."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    latitude = (south + north) / 2
    km_per_degree = KM_PER_DEGREE * math.cos(math.radians(latitude))
    length_km = _round_length((east - west) * km_per_degree / 5)
    length = length_km / km_per_degree
    height = (north - south) * 0.009
    margin_x, margin_y = (east - west) * 0.03, (north - south) * 0.035
    x0 = east - margin_x - length if lang == "ar" else west + margin_x
    y0 = south + margin_y
    for i, colour in enumerate(("#222222", "#FFFFFF")):
        ax.add_patch(
            Rectangle(
                (x0 + i * length / 2, y0),
                length / 2,
                height,
                facecolor=colour,
                edgecolor="#222222",
                linewidth=1,
                zorder=9,
            )
        )
    number = f"{length_km:g}"
    for x, label in ((x0, "0"), (x0 + length / 2, f"{length_km / 2:g}"), (x0 + length, f"{number} {KM[lang]}")):
        ax.text(
            x,
            y0 + height * 1.8,
            label,
            **text_kwargs(lang, 11, rtl_align=False),
            ha="center",
            va="bottom",
            zorder=9,
            color="#222222",
        )
