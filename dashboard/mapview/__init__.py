"""The posture map: drawn once per (data, language, tiles), restyled per date.

Use from the Streamlit app (this package never imports streamlit)::

    @st.cache_resource
    def base_map(lang):
        return build_base_map(sites, provinces, timeline, lang,
                              static_dir=Path(__file__).parent / "static")

    base = base_map(lang)
    st_folium(base, feature_group_to_add=step_payload(base, day, visible, bounds),
              **ST_FOLIUM_ARGS)

and ``[server] enableStaticServing = true`` in ``.streamlit/config.toml``. The timeline
structure is documented in ``timeline.py``.
"""

from dashboard.mapview.assets import DEFAULT_STATIC_URL, install_static_assets
from dashboard.mapview.base import BaseMap, build_base_map, map_data, province_bounds
from dashboard.mapview.restyle import step_payload
from dashboard.mapview.styles import STATUSES
from dashboard.mapview.timeline import SiteState, check_timeline, moves_on, site_states

# returned_objects=[]: the map never triggers a rerun by itself (pan and zoom stay in
# the browser). The key is fixed so the component is never confused with another map.
ST_FOLIUM_ARGS = {"returned_objects": [], "use_container_width": True, "height": 560, "key": "posture_map"}

__all__ = [
    "BaseMap",
    "DEFAULT_STATIC_URL",
    "STATUSES",
    "ST_FOLIUM_ARGS",
    "SiteState",
    "build_base_map",
    "check_timeline",
    "install_static_assets",
    "map_data",
    "moves_on",
    "province_bounds",
    "site_states",
    "step_payload",
]
