"""The posture map: drawn once per (data, language, tiles), restyled per date.

Use from the Streamlit page (this package never imports streamlit)::

    base = build_base_map(MapLayers(sites, provinces, timeline), lang, None, Serving(run_dir / "static"))  # cache it
    st_folium(base, feature_group_to_add=step_payload(base, day, visible, bounds), **ST_FOLIUM_ARGS)

with ``[server] enableStaticServing = true``. The timeline comes from ``timeline.map_timeline``.
"""

from dashboard.mapview.assets import DEFAULT_STATIC_URL, install_static_assets
from dashboard.mapview.base import BaseMap, MapLayers, Serving, build_base_map, map_data, province_bounds
from dashboard.mapview.restyle import step_payload, step_state, with_step
from dashboard.mapview.timeline import check_timeline, map_timeline

# returned_objects=[]: the map never triggers a rerun by itself (pan and zoom stay in
# the browser). The key is fixed so the component is never confused with another map.
ST_FOLIUM_ARGS = {"returned_objects": [], "use_container_width": True, "height": 560, "key": "posture_map"}

__all__ = [
    "BaseMap",
    "MapLayers",
    "Serving",
    "DEFAULT_STATIC_URL",
    "ST_FOLIUM_ARGS",
    "build_base_map",
    "check_timeline",
    "install_static_assets",
    "map_data",
    "map_timeline",
    "province_bounds",
    "step_payload",
    "step_state",
    "with_step",
]
