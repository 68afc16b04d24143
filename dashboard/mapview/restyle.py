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


def step_payload(
    base: BaseMap,
    on: date,
    visible_site_ids: list[str] | None = None,
    bounds: list[list[float]] | None = None,
    fill: bool = False,
    future: bool = False,
    names: bool = True,
) -> StepGroup:
    """What to pass as ``st_folium(base, feature_group_to_add=...)`` for day ``on``.

    ``visible_site_ids`` None shows every site; unknown ids are ignored. ``bounds``
    ([[south, west], [north, east]]) is zoomed to when it differs from the last bounds
    applied; None leaves the user's view alone.
    """
    visible = None
    if visible_site_ids is not None:
        # Indices, not ids: st_folium rewrites "_<id>"-looking words in scripts, and
        # numbers are shorter.
        visible = sorted({base.site_index[s] for s in visible_site_ids if s in base.site_index})
    state = {"date": on.isoformat(), "visible": visible, "bounds": bounds}
    if fill:  # the briefing view: stretch the map to its frame's height
        state["fill"] = True
    if future:  # after today: the map says it shows only what is planned
        state["future"] = True
    if not names:  # site and zone names off (the sidebar's toggle)
        state["names"] = False
    group = StepGroup(name="posture on date", control=False)
    StepScript(state).add_to(group)
    return group
