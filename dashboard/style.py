"""One symbol per status, shared by the map, the timeline and the slides.

Colour and shape always go together, so a greyscale print or a colour-blind reader can still tell the
statuses apart. Colours are the Okabe-Ito palette, chosen to stay distinct under the common forms of
colour blindness; the shapes differ in outline, not only in fill.
"""
from __future__ import annotations

STATUS_ORDER = ("active", "drawdown", "consolidating", "advisory", "handed_over", "watch")

STATUS_COLOURS = {
    "active": "#0072B2",        # blue
    "drawdown": "#E69F00",      # orange
    "consolidating": "#009E73",  # bluish green
    "advisory": "#CC79A7",      # reddish purple
    "handed_over": "#6E6E6E",   # grey: no US presence reported
    "watch": "#D55E00",         # vermilion: a security gap
    "event": "#000000",
}

# Names understood by plotly's marker.symbol; the map and slides map them to their own shapes.
STATUS_SHAPES = {
    "active": "circle",
    "drawdown": "triangle-down",
    "consolidating": "diamond",
    "advisory": "star",
    "handed_over": "square",
    "watch": "triangle-up",
    "event": "x",
}

MATPLOTLIB_MARKERS = {"circle": "o", "triangle-down": "v", "diamond": "D", "star": "*", "square": "s",
                      "triangle-up": "^", "x": "x"}

# Zones are drawn as translucent polygons; hatching in print comes from the outline dash.
ZONE_FILL_OPACITY = 0.25
PENDING_DASH = "4 4"
