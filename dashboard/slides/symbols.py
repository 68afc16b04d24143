"""Status symbols, plan rings, move arrows and the legend, in matplotlib terms.

Colours, shapes and dash patterns come from dashboard.style so the slides match the map. Sizes are
in points; marker areas (matplotlib's `s`) are the square of the diameter.
"""

from __future__ import annotations

from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from dashboard.i18n import status_label, t
from dashboard.style import (
    CONFIRMED_RING,
    CONTESTED_STYLE,
    INCIDENT_STYLE,
    MATPLOTLIB_MARKERS,
    MOVE_LINE,
    NO_STATUS_STYLE,
    OVERDUE_RING,
    PENDING_RING,
    STALE_STYLE,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_SHAPES,
    STATUS_STYLES,
    UNCONFIRMED_STYLE,
    ZONE_FILL_OPACITY,
)
from dashboard.vocabulary import INCIDENT_DAYS, STALE_DAYS, UNCONFIRMED

from .scene import CONFIRMED, OVERDUE, PENDING

POINT_POINTS = 16  # diameter of a base's symbol
ZONE_POINTS = 12  # a zone's symbol, at a point inside it
NO_STATUS_POINTS = 9
QUIET_SCALE = 0.6  # a quiet site's symbol (nothing current there), as on the map
PENDING_POINTS = 27  # ring diameters
OVERDUE_POINTS = 33
# Stars and triangles fill less of their box than circles; grow them so they read the same size.
SHAPE_SCALE = {"*": 1.45, "^": 1.1, "v": 1.1, "D": 0.9}


# Colours a GIF's palette must hold exactly: every status's fill and outline, rings, moves, land.
PALETTE = tuple(
    dict.fromkeys(
        [
            *STATUS_COLOURS.values(),
            *(s["stroke"] for s in STATUS_STYLES.values()),
            NO_STATUS_STYLE["colour"],
            OVERDUE_RING["colour"],
            CONFIRMED_RING["colour"],
            CONTESTED_STYLE["stroke"],
            STALE_STYLE["stroke"],
            MOVE_LINE["colour"],
            "#1A1A1A",
            INCIDENT_STYLE["colour"],
            INCIDENT_STYLE["stroke"],
            "#111111",
            "#333333",
            "#444444",
        ]
    )
)


def dashes(pattern: str | None):
    """An SVG dash array such as '8 4' as a matplotlib line style."""
    return "solid" if not pattern else (0, tuple(float(n) for n in pattern.split()))


def stroke(status: str) -> str:
    return STATUS_STYLES.get(status, {}).get("stroke") or STATUS_COLOURS[status]


def marker(status: str) -> str:
    return MATPLOTLIB_MARKERS[STATUS_SHAPES[status]]


def zone_style(status: str | None, grade: str | None = None) -> dict:
    if status is None:
        return {
            "facecolor": (*_rgb(NO_STATUS_STYLE["colour"]), 0.08),
            "edgecolor": NO_STATUS_STYLE["stroke"],
            "linewidth": 1.6,
            "linestyle": dashes(NO_STATUS_STYLE["dash"]),
        }
    unconfirmed = grade == UNCONFIRMED
    return {
        "facecolor": (*_rgb(STATUS_COLOURS[status]), ZONE_FILL_OPACITY / 2.5 if unconfirmed else ZONE_FILL_OPACITY),
        "edgecolor": stroke(status),
        "linewidth": 2.2,
        "linestyle": dashes(UNCONFIRMED_STYLE["dash"] if unconfirmed else STATUS_STYLES.get(status, {}).get("dash")),
    }


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


MOVE = {
    "arrowstyle": "-|>,head_length=0.9,head_width=0.45",
    "mutation_scale": 18,
    "color": MOVE_LINE["colour"],
    "linewidth": MOVE_LINE["weight"],
    "linestyle": dashes(MOVE_LINE["dash"]),
    "shrinkA": 14,
    "shrinkB": 16,
    "connectionstyle": "arc3,rad=-0.18",
    "joinstyle": "miter",
}


RINGS = {PENDING: PENDING_RING, CONFIRMED: CONFIRMED_RING, OVERDUE: OVERDUE_RING}


def ring_style(kind: str, status: str) -> dict:
    ring = RINGS[kind]
    colour = STATUS_COLOURS[status] if ring["colour"] == "status" else ring["colour"]
    return {"edgecolors": colour, "linewidths": ring["weight"], "linestyles": [dashes(ring["dash"])]}


def draw_marks(ax, sites, anchors: dict, geometry: dict) -> list:
    """Rings, status symbols and hollow no-status markers, one scatter call per look."""
    artists = []
    for site in sites:
        x, y = anchors[site.site_id]
        if site.plan is not None:
            kind, planned = site.plan
            size = OVERDUE_POINTS if kind == OVERDUE else PENDING_POINTS  # a confirmed ring as a pending one
            ring = ax.scatter([x], [y], s=size**2, marker="o", facecolors="none", zorder=6, **ring_style(kind, planned))
            if kind == OVERDUE:
                ring.set_capstyle("round")
            artists.append(ring)
        if site.status is None:
            artists.append(
                ax.scatter(
                    [x],
                    [y],
                    s=NO_STATUS_POINTS**2,
                    marker="o",
                    facecolors="white",
                    edgecolors=NO_STATUS_STYLE["stroke"],
                    linewidths=2,
                    zorder=7,
                )
            )
            continue
        symbol = marker(site.status)
        base = POINT_POINTS if geometry[site.site_id].geom_type == "Point" else ZONE_POINTS
        size = base * SHAPE_SCALE.get(symbol, 1) * (QUIET_SCALE if site.quiet else 1)
        artists.append(ax.scatter([x], [y], s=size**2, marker=symbol, zorder=7, **mark_style(site)))
    return artists


def mark_style(site) -> dict:
    """How a site's symbol is painted: by status and grade (grade C hollow and dashed, never solid fact),
    faded when stale, outlined in purple when contested, as on the map (web/sitemap.js)."""
    if site.grade == UNCONFIRMED:
        style = {
            "facecolors": UNCONFIRMED_STYLE["fill"],
            "edgecolors": stroke(site.status),
            "linewidths": 2,
            "linestyles": [dashes(UNCONFIRMED_STYLE["dash"])],
        }
    else:
        style = {"facecolors": STATUS_COLOURS[site.status], "edgecolors": _dark_edge(site.status), "linewidths": 1.6}
    if site.stale:
        style["facecolors"] = (*_rgb(style["facecolors"]), STALE_STYLE["fill_opacity"])
        style["edgecolors"] = STALE_STYLE["stroke"]
        style["linestyles"] = [dashes(STALE_STYLE["dash"])]
    if site.contested:
        style["edgecolors"] = CONTESTED_STYLE["stroke"]
        style["linewidths"] = CONTESTED_STYLE["weight"]
        style["linestyles"] = [dashes(CONTESTED_STYLE["dash"])]
    return style


INCIDENT_POINTS = 15
INCIDENT_OFFSET = 11  # points up and right of the site, as on the live map


def draw_incidents(ax, incidents, anchors: dict) -> list:
    """A red burst beside each site with a recent incident, fainter as it ages, hollow if grade C."""
    artists = []
    for mark in incidents:
        x, y = ax.transData.transform(anchors[mark.site_id])
        at = ax.transData.inverted().transform(
            (x + INCIDENT_OFFSET * ax.figure.dpi / 72, y + INCIDENT_OFFSET * ax.figure.dpi / 72)
        )
        strength = 1 - 0.7 * mark.age / INCIDENT_DAYS
        unconfirmed = mark.grade == UNCONFIRMED
        artists.append(
            ax.scatter(
                [at[0]],
                [at[1]],
                s=INCIDENT_POINTS**2,
                marker=(8, 1, 0),
                facecolors=UNCONFIRMED_STYLE["fill"] if unconfirmed else INCIDENT_STYLE["colour"],
                edgecolors=INCIDENT_STYLE["stroke"],
                linewidths=1.2,
                alpha=strength,
                zorder=8,
            )
        )
    return artists


def _dark_edge(status: str) -> str:
    # A dark outline keeps light fills (the yellow of `watch`) visible on white land.
    return "#1A1A1A" if status == "watch" else stroke(status)


def _ring_patch(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    return Circle((width / 2 - xdescent, height / 2 - ydescent), radius=height * 0.75)


LEGEND_HANDLERS = {Patch: HandlerPatch(patch_func=_ring_patch)}


def legend_entries(lang: str) -> tuple[list, list[str]]:
    """Every status (so the legend is the same on every frame), then no status, plans and moves."""
    handles, labels = [], []
    for status in STATUS_ORDER:
        symbol = marker(status)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=symbol,
                markersize=14 * SHAPE_SCALE.get(symbol, 1),
                markerfacecolor=STATUS_COLOURS[status],
                markeredgecolor=_dark_edge(status),
                markeredgewidth=1.5,
            )
        )
        labels.append(status_label(status, lang))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=NO_STATUS_POINTS,
            markerfacecolor="white",
            markeredgecolor=NO_STATUS_STYLE["stroke"],
            markeredgewidth=2,
        )
    )
    labels.append(t("no_status", lang))
    for colour, style, key in (
        ("#777777", {**STALE_STYLE, "weight": 1.5}, "legend_stale"),
        ("#DDDDDD", {**CONTESTED_STYLE, "fill_opacity": 1}, "legend_contested"),
    ):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=12,
                markerfacecolor=(*_rgb(colour), style["fill_opacity"]),
                markeredgecolor=style["stroke"],
                markeredgewidth=style["weight"],
            )
        )
        labels.append(t(key, lang, days=STALE_DAYS))
    for kind, key in ((PENDING, "legend_pending"), (CONFIRMED, "legend_confirmed"), (OVERDUE, "legend_overdue")):
        style = ring_style(kind, "active")
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="#555555" if kind == PENDING else style["edgecolors"],
                linewidth=style["linewidths"],
                linestyle=style["linestyles"][0],
            )
        )
        labels.append(t(key, lang))
    handles.append(
        Line2D(
            [],
            [],
            color=MOVE_LINE["colour"],
            linewidth=MOVE_LINE["weight"],
            linestyle=dashes(MOVE_LINE["dash"]),
            marker=">",
            markevery=[1],
            markersize=8,
        )
    )
    labels.append(t("legend_move", lang))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker=(8, 1, 0),
            markersize=12,
            markerfacecolor=INCIDENT_STYLE["colour"],
            markeredgecolor=INCIDENT_STYLE["stroke"],
        )
    )
    labels.append(t("legend_incident", lang))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=12,
            markerfacecolor="white",
            markeredgecolor="#444444",
            markeredgewidth=2,
        )
    )
    labels.append(t("legend_unconfirmed", lang))
    return handles, labels
