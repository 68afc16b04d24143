"""How each posture status looks on the map, for the browser script.

The colours, shapes and dashes are written down once, in `dashboard/style.py`; the words once, in
`dashboard/i18n.py`. This module only translates them into the table `web/sitemap.js` reads.
"""

from __future__ import annotations

from dashboard.i18n import check_language, map_labels
from dashboard.style import (
    CONFIRMED_RING,
    CONTESTED_STYLE,
    INCIDENT_STYLE,
    MOVE_LINE,
    NO_STATUS_STYLE,
    OVERDUE_RING,
    PENDING_RING,
    STALE_STYLE,
    STATUS_STYLES,
    UNCONFIRMED_STYLE,
    ZONE_FILL_OPACITY,
)
from dashboard.vocabulary import INCIDENT_DAYS, SITE_STATUSES


def _map_style(style: dict) -> dict:
    # sitemap.js names shapes with underscores, and draws "no status" as a ring.
    shape = "ring" if style["shape"] == "circle-open" else style["shape"].replace("-", "_")
    return {
        "shape": shape,
        "color": style["colour"],
        "stroke": style["stroke"],
        "dash": style["dash"],
        "pattern": style.get("pattern"),
    }


# Points take `shape` filled with `color` under a dark outline; zones (polygons), which
# cannot change shape, take a translucent `color` fill and a `stroke` outline dashed by `dash`.
POINT_AND_ZONE_STYLES: dict[str, dict[str, str | None]] = {
    status: _map_style(STATUS_STYLES[status]) for status in SITE_STATUSES
} | {"none": _map_style(NO_STATUS_STYLE)}

PLAN_STYLES: dict[str, dict[str, str | float]] = {
    name: {"dash": ring["dash"], "weight": ring["weight"], "color": ring["colour"]}
    for name, ring in (("pending", PENDING_RING), ("confirmed", CONFIRMED_RING), ("overdue", OVERDUE_RING))
}

MOVE_STYLE: dict[str, str | float] = {
    "color": MOVE_LINE["colour"],
    "dash": MOVE_LINE["dash"],
    "weight": MOVE_LINE["weight"],
}


def style_table(lang: str) -> dict:
    """The styles and words the browser script needs, for one interface language."""
    check_language(lang)
    return {
        "lang": lang,
        "order": list(POINT_AND_ZONE_STYLES),  # legend order; JSON objects do not keep one
        "status": POINT_AND_ZONE_STYLES,
        "plan": PLAN_STYLES,
        "move": MOVE_STYLE,
        "incident": dict(INCIDENT_STYLE, days=INCIDENT_DAYS),
        "unconfirmed": UNCONFIRMED_STYLE,
        "stale": STALE_STYLE,
        "contested": CONTESTED_STYLE,
        "zone_opacity": ZONE_FILL_OPACITY,
        "labels": map_labels(lang),
    }
