"""The per-rerun payload: a tiny script that restyles the already-drawn map for a date.

It travels as st_folium's ``feature_group_to_add``. The component's browser side runs
that group's script when (and only when) it differs from the last one, without
re-mounting the map, so pan, zoom and open popups survive a date step.
"""

from __future__ import annotations

from datetime import date

import folium
from folium.template import Template

from dashboard.mapview.base import BaseMap


class StepGroup(folium.FeatureGroup):
    """The group st_folium attaches to the map for one rerun."""

    def add_to(self, parent, name=None, index=None):
        # st_folium calls add_to(map) so the group renders against the map; a real
        # add_child would leave the group inside the cached base map, change its script
        # on the next rerun, and so change the component key and re-mount the map.
        self._parent = parent
        return self

    def render(self, **kwargs):
        # Rendering would write this rerun's script into the cached map's figure, which
        # every session shares. st_folium reads the group's script from its template and
        # adds the group to the map itself, so nothing is lost.
        return None


class StepScript(folium.MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.siteMap) { window.siteMap.step({{ this.state|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, state: dict):
        super().__init__()
        self._name = "StepScript"
        self.state = state


LOOKS = ("fill", "future", "names")  # how a step is drawn, besides its date (see step_state)


def step_state(
    base: BaseMap,
    on: date,
    visible_site_ids: list[str] | None = None,
    bounds: list[list[float]] | None = None,
    look: dict | None = None,
) -> dict:
    """What the map's script needs for day ``on`` (``SiteMap.step``).

    ``visible_site_ids`` None shows every site; unknown ids are ignored. ``bounds``
    ([[south, west], [north, east]]) is zoomed to when it differs from the last bounds
    applied; None leaves the user's view alone. ``look``: ``fill`` stretches the map to its
    frame (the briefing view), ``future`` says the date is after today (only plans are shown),
    ``names`` False hides site and zone names.
    """
    look = look or {}
    unknown = set(look) - set(LOOKS)
    if unknown:
        raise ValueError(f"unknown look {sorted(unknown)}; expected {', '.join(LOOKS)}")
    visible = None
    if visible_site_ids is not None:
        # Indices, not ids: st_folium rewrites "_<id>"-looking words in scripts, and
        # numbers are shorter.
        visible = sorted({base.site_index[s] for s in visible_site_ids if s in base.site_index})
    state = {"date": on.isoformat(), "visible": visible, "bounds": bounds}
    if look.get("fill"):
        state["fill"] = True
    if look.get("future"):
        state["future"] = True
    if look.get("names", True) is False:
        state["names"] = False
    return state


def step_payload(base: BaseMap, on: date, state: dict | None = None) -> StepGroup:
    """What to pass as ``st_folium(base, feature_group_to_add=...)`` for day ``on``: the script of
    `state` (default: `step_state(base, on)`, every site, the user's zoom kept)."""
    group = StepGroup(name="posture on date", control=False)
    StepScript(state or step_state(base, on)).add_to(group)
    return group


def with_step(fresh: BaseMap, state: dict) -> BaseMap:
    """`fresh`, a map built for this step alone (never a cached one), with the step's script in it:
    the way to show a date when st_folium's feature_group_to_add cannot be relied on (page/compat.py)."""
    StepScript(state).add_to(fresh)
    return fresh
