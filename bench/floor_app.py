"""The floor bench/run.py measures the dashboard against: the barest Streamlit page with a Next button.

Next moves a date on by one day and the page shows it in the same kind of label the dashboard
uses (``<div id="asof" data-date=...>``), through the same path: a button callback changes session
state, Streamlit reruns the script, and the new label arrives over the websocket. Nothing else is
on the page, so the click-to-label time is what Streamlit itself costs on this machine.

``?with=map`` adds the dashboard's map and nothing else (dashboard.mapview, the data under
$POSTURE_ROOT), and Next then goes to the next change date as in the dashboard. Its step time,
between the floor's and the dashboard's, tells the map's own cost from the rest of the page's.
The map's files are written to ``static/`` beside this script, which Streamlit serves with
``--server.enableStaticServing true``; bench/run.py runs a copy of this file from a temporary
folder for that reason, with $POSTURE_REPO naming the repository.

Run alone: ``.venv/bin/python -m streamlit run bench/floor_app.py`` (``?date=YYYY-MM-DD`` sets the start).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path

import streamlit as st

state = st.session_state
with_map = st.query_params.get("with") == "map"


@st.cache_resource(show_spinner=False)
def map_and_index(root: str, fingerprint: tuple):
    from dashboard.io import load_dataset
    from dashboard.mapview import MapLayers, Serving, build_base_map
    from dashboard.prepared import prepare

    data = prepare(load_dataset(Path(root)))
    layers = MapLayers(data.sites_geojson, data.provinces_geojson, data.all_records.timeline)
    base = build_base_map(layers, "en", None, Serving(Path(__file__).resolve().parent / "static"))
    gc.freeze()  # as dashboard/app.py does with its prepared data
    return data, base


if with_map:
    sys.path.insert(0, os.environ.get("POSTURE_REPO") or str(Path(__file__).resolve().parents[1]))
    from streamlit_folium import st_folium

    from dashboard.io import dataset_fingerprint
    from dashboard.mapview import ST_FOLIUM_ARGS, step_payload, step_state
    from dashboard.paths import data_root

    data, base = map_and_index(str(data_root()), dataset_fingerprint(data_root()))

if "date" not in state:
    state.date = dt.date.fromisoformat(st.query_params.get("date", "2014-01-01"))


def step(direction: str) -> None:
    if not with_map:
        state.date += dt.timedelta(days=1)
        return
    index = data.all_records.index
    following = index.previous_change(state.date) if direction == "previous" else index.next_change(state.date)
    if following is not None:
        state.date = following


if with_map:
    st.button("Previous", on_click=step, args=("previous",))
st.button("Next", on_click=step, args=("next",))
st.html(f'<div id="asof" data-date="{state.date.isoformat()}">As of {state.date.isoformat()}</div>')
if with_map:
    st_folium(
        base,
        feature_group_to_add=step_payload(base, state.date, step_state(base, state.date, None, data.sites_bounds)),
        **ST_FOLIUM_ARGS,
    )
