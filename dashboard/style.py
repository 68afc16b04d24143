"""One symbol per status, shared by the map, the timeline and the slides.

Colour and shape always go together, so a greyscale print or a colour-blind reader can still tell the
statuses apart. Colours are the Okabe-Ito palette, chosen to stay distinct under the common forms of
colour blindness; zones, which cannot change shape, differ by outline dash as well as colour.
"""
from __future__ import annotations

STATUS_ORDER = ("active", "drawdown", "handed_over", "consolidating", "advisory", "watch")

# shape: a plotly marker symbol name (the map and slides translate it); stroke: outline colour;
# dash: SVG dash pattern of a zone's outline.
STATUS_STYLES: dict[str, dict[str, str | None]] = {
    "active": {"colour": "#0072B2", "stroke": "#0072B2", "shape": "circle", "dash": None},
    "drawdown": {"colour": "#E69F00", "stroke": "#B07800", "shape": "triangle-down", "dash": "8 4"},
    "handed_over": {"colour": "#009E73", "stroke": "#009E73", "shape": "square", "dash": "2 4"},
    "consolidating": {"colour": "#D55E00", "stroke": "#D55E00", "shape": "triangle-up", "dash": "8 3 2 3"},
    "advisory": {"colour": "#CC79A7", "stroke": "#A8487F", "shape": "diamond", "dash": "12 6"},
    "watch": {"colour": "#F0E442", "stroke": "#8F7F00", "shape": "star", "dash": "4 4"},
}
NO_STATUS_STYLE = {"colour": "#8C8C8C", "stroke": "#8C8C8C", "shape": "circle-open", "dash": "1 5"}

STATUS_COLOURS = {status: style["colour"] for status, style in STATUS_STYLES.items()} | {"event": "#000000"}
STATUS_SHAPES = {status: style["shape"] for status, style in STATUS_STYLES.items()} | {"event": "x"}

MATPLOTLIB_MARKERS = {"circle": "o", "triangle-down": "v", "square": "s", "triangle-up": "^", "diamond": "D",
                      "star": "*", "x": "x", "circle-open": "o"}

# Planned changes: a dashed ring in the status's colour while pending, a heavier dotted dark-red
# ring once the planned date has passed unconfirmed.
PENDING_RING = {"dash": "5 4", "weight": 2, "colour": "status"}
OVERDUE_RING = {"dash": "1 4", "weight": 3.5, "colour": "#A50026"}
MOVE_LINE = {"colour": "#333333", "dash": "6 4", "weight": 2.5}
ZONE_FILL_OPACITY = 0.25
