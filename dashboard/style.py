"""One look per status, shared by the map, the timeline and the slides.

Colour and shape always go together, and the timeline adds a fill pattern, so a greyscale print or a
colour-blind reader can still tell the statuses apart. Colours are the Okabe-Ito palette, chosen to
stay distinct under the common forms of colour blindness; zones, which cannot change shape, differ by
outline dash as well as colour. Every site status of `dashboard.vocabulary` must have a look here (a
test checks it).
"""

from __future__ import annotations

from dashboard.vocabulary import EVENT, INCIDENT, SITE_STATUSES

# shape: a plotly marker symbol name (the map and slides translate it); stroke: outline colour, dark
# enough for 3:1 contrast on white; dash: SVG dash pattern of a zone's outline; pattern: the timeline
# band's plotly fill pattern.
STATUS_STYLES: dict[str, dict[str, str | None]] = {
    "active": {"colour": "#0072B2", "stroke": "#0072B2", "shape": "circle", "dash": None, "pattern": ""},
    "drawdown": {"colour": "#E69F00", "stroke": "#8A5F00", "shape": "triangle-down", "dash": "8 4", "pattern": "/"},
    "handed_over": {"colour": "#009E73", "stroke": "#007A59", "shape": "square", "dash": "2 4", "pattern": "."},
    "consolidating": {
        "colour": "#D55E00",
        "stroke": "#B34F00",
        "shape": "triangle-up",
        "dash": "8 3 2 3",
        "pattern": "+",
    },
    "advisory": {"colour": "#CC79A7", "stroke": "#A8487F", "shape": "diamond", "dash": "12 6", "pattern": "-"},
    "support": {"colour": "#56B4E9", "stroke": "#1F6F9E", "shape": "hexagon", "dash": "6 2", "pattern": "|"},
    "watch": {"colour": "#F0E442", "stroke": "#6B5F00", "shape": "star", "dash": "4 4", "pattern": "x"},
}
assert set(STATUS_STYLES) == set(SITE_STATUSES), "every site status needs a look"
NO_STATUS_STYLE = {"colour": "#8C8C8C", "stroke": "#6E6E6E", "shape": "circle-open", "dash": "1 5", "pattern": ""}

STATUS_ORDER = SITE_STATUSES
STATUS_COLOURS = {status: style["colour"] for status, style in STATUS_STYLES.items()} | {
    EVENT: "#000000",
    INCIDENT: "#C00000",
}
STATUS_SHAPES = {status: style["shape"] for status, style in STATUS_STYLES.items()} | {EVENT: "x", INCIDENT: "x-thin"}

MATPLOTLIB_MARKERS = {
    "circle": "o",
    "triangle-down": "v",
    "square": "s",
    "triangle-up": "^",
    "diamond": "D",
    "hexagon": "h",
    "star": "*",
    "x": "x",
    "x-thin": "X",
    "circle-open": "o",
}

# Planned changes: a dashed ring in the status's colour while pending, a heavier dotted dark-red
# ring once the planned date has passed unconfirmed, a solid dark-green ring for a while once a
# record confirms it (vocabulary.CONFIRMED_RING_DAYS).
PENDING_RING = {"dash": "5 4", "weight": 2, "colour": "status"}
OVERDUE_RING = {"dash": "1 4", "weight": 3.5, "colour": "#A50026"}
CONFIRMED_RING = {"dash": None, "weight": 2, "colour": "#1B7837"}
# A stale presence (no report for vocabulary.STALE_DAYS days): the symbol faded, its outline dotted
# grey, so a months-old status never reads as last week's.
STALE_STYLE = {"fill_opacity": 0.3, "stroke": "#7A7A7A", "dash": "1 3"}
# A contested status (a record disputes the one it rests on): a thick dashed purple outline, a colour
# no status uses.
CONTESTED_STYLE = {"stroke": "#5E2B97", "dash": "4 2", "weight": 3}
MOVE_LINE = {"colour": "#333333", "dash": "6 4", "weight": 2.5}
ZONE_FILL_OPACITY = 0.25
# An incident: a red burst beside its site, fading over its days on the map.
INCIDENT_STYLE = {"colour": "#C00000", "stroke": "#5A0000", "shape": "burst"}
# Grade C: never drawn as solid fact. Hollow symbol (white fill, dashed outline in the status colour),
# and on the timeline a lighter, cross-hatched band.
UNCONFIRMED_STYLE = {"fill": "#FFFFFF", "dash": "3 2", "opacity": 0.55}


# The selected date on the timeline: a plotly shape, drawn into the figure (compare view, exports) or by
# the scrubber in the browser (web/scrubber.js), which gets it through mapview/scrub.py.
TIMELINE_DATE_LINE = {
    "type": "line",
    "y0": 0,
    "y1": 1,
    "xref": "x",
    "yref": "paper",
    "line": {"color": "#C00000", "width": 2},
}
