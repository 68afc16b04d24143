"""A small Streamlit app that drives dashboard.mapview for the browser tests.

Query parameters: ``step=<i>`` starts at the i-th date of ``map_fixture.STEPS``;
``n=<count>`` draws that many synthetic sites instead of the inline fixture;
``lang=ar`` switches the map's language; ``tiles=OpenStreetMap`` opts in to base
tiles; ``texts=parts`` sends the records' words in parts fetched when a popup needs them;
``mode=bare`` is a map-less app whose button only changes a label, the floor
that step timings are compared against.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
for path in (str(ROOT), str(ROOT / "tests"), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import map_fixture  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard.mapview import (  # noqa: E402
    ST_FOLIUM_ARGS,
    MapLayers,
    Serving,
    build_base_map,
    province_bounds,
    step_payload,
    step_state,
)

params = st.query_params
st.session_state.setdefault("step", int(params.get("step", 0)))


def next_step() -> None:
    st.session_state.step += 1


def previous_step() -> None:
    st.session_state.step -= 1


if params.get("mode") == "bare":
    st.button("Next", key="next", on_click=next_step)
    st.markdown(f"Step **{st.session_state.step}**")
    st.stop()


@st.cache_resource
def _data(n: int) -> tuple[dict, dict]:
    if n:
        return map_fixture.synthetic(n)
    return map_fixture.SITES, map_fixture.TIMELINE


@st.cache_resource
def _base(n: int, lang: str, tiles: str | None, texts_in_parts: bool):
    sites, timeline = _data(n)
    # texts=parts: the records' words in parts fetched on demand, as for large data (mapview/texts.py).
    serving = Serving(HERE / "static", texts_inline_bytes=0 if texts_in_parts else Serving.texts_inline_bytes)
    return build_base_map(MapLayers(sites, map_fixture.PROVINCES, timeline), lang, tiles, serving)


n = int(params.get("n", 0))
lang = params.get("lang", "en")
tiles = params.get("tiles")
base = _base(n, lang, tiles, params.get("texts") == "parts")
sites, _ = _data(n)

steps = map_fixture.STEPS
day = date.fromisoformat(steps[st.session_state.step % len(steps)])
left, right, pick = st.columns([1, 1, 3])
left.button("Previous", key="previous", on_click=previous_step)
right.button("Next", key="next", on_click=next_step)
province = pick.selectbox(
    "Governorate", ["All"] + [f["properties"]["iso_3166_2"] for f in map_fixture.PROVINCES["features"]]
)

if province == "All":
    visible = None
    bounds = province_bounds(
        map_fixture.PROVINCES, [f["properties"]["iso_3166_2"] for f in map_fixture.PROVINCES["features"]]
    )
else:
    visible = [f["id"] for f in sites["features"] if f["properties"]["province"] == province]
    bounds = province_bounds(map_fixture.PROVINCES, [province])

started = time.perf_counter()
st_folium(base, feature_group_to_add=step_payload(base, day, step_state(base, day, visible, bounds)), **ST_FOLIUM_ARGS)
st.caption(f"Showing {day.isoformat()}; map call took {1000 * (time.perf_counter() - started):.1f} ms on the server")
