"""The dashboard page: configuration, widgets and layout. Logic lives in the modules it imports."""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import i18n  # noqa: E402
from dashboard.charts import timeline_figure  # noqa: E402
from dashboard.evidence import evidence_table, records_by_source, records_in_effect, what_changed  # noqa: E402
from dashboard.i18n import format_date, t  # noqa: E402
from dashboard.io import dataset_fingerprint, load_dataset  # noqa: E402
from dashboard.mapview import ST_FOLIUM_ARGS, build_base_map, province_bounds, step_payload  # noqa: E402
from dashboard.pagebits import asof_html, list_html, page_css, source_line_html  # noqa: E402
from dashboard.paths import data_root  # noqa: E402
from dashboard.prepared import prepare  # noqa: E402
from dashboard.urlstate import ViewState, parse_view, view_query  # noqa: E402
from dashboard.validate import report  # noqa: E402

STATIC_DIR = Path(__file__).parent / "static"
PLAY_SECONDS = 1.5  # how long Play shows each change date
TILES = {"none": None, "osm": "OpenStreetMap"}


@st.cache_data(show_spinner=False)
def load(root: str, fingerprint: tuple):
    return load_dataset(Path(root))


@st.cache_resource(show_spinner=False)
def prepared(root: str, fingerprint: tuple):
    # Shared by every session and never mutated: the index, names and map timelines.
    return prepare(load(root, fingerprint))


@st.cache_resource(show_spinner=False, max_entries=32)
def base_map(root: str, fingerprint: tuple, sources: frozenset, lang: str, tiles: str):
    data = prepared(root, fingerprint)
    view = data.view_for_sources(sources)
    return build_base_map(data.sites_geojson, data.provinces_geojson, view.timeline, lang, TILES[tiles],
                          static_dir=STATIC_DIR)


st.set_page_config(page_title="Coalition posture in Iraq, 2014-2026", layout="wide")
root = data_root()
fingerprint = dataset_fingerprint(root)
data = prepared(str(root), fingerprint)
if data.dataset.problems:
    st.error(t("invalid_data", "en") + " / " + t("invalid_data", "ar"))
    st.code("\n".join(report(data.dataset)), language=None)
    st.stop()

first, last = data.span
state = st.session_state
if "initialised" not in state:
    parsed = parse_view(st.query_params.to_dict(), default_date=data.default_date, first=first, last=last,
                        known_provinces=data.province_names["en"])
    state.update(initialised=True, url_warnings=parsed.warnings, date=parsed.state.date,
                 provinces=list(parsed.state.provinces), lang=parsed.state.lang, tiles=parsed.state.tiles == "osm",
                 known_then=parsed.state.known_then, playing=False)
if "jump_to" in state:  # set by Play or a timeline click on the previous run, before the slider exists
    state.date = state.pop("jump_to")

# Sidebar: language, filters, layers.
with st.sidebar:
    lang = st.radio(t("language", state.lang), i18n.LANGUAGES, key="lang", horizontal=True,
                    format_func={"en": "English", "ar": "العربية"}.get)
    st.multiselect(t("provinces", lang), list(data.province_names[lang]), key="provinces",
                   format_func=data.province_names[lang].get, placeholder=t("all_provinces", lang))
    st.toggle(t("known_then", lang), key="known_then", help=t("known_then_help", lang))
    st.checkbox(t("tiles", lang), key="tiles")
    if state.tiles:
        st.warning(t("tiles_warning", lang))

st.html(page_css(lang))
for warning in state.url_warnings:
    st.warning(warning)

view = data.view(state.date, state.known_then)
index = view.index


def step(direction: str) -> None:
    current = data.view(state.date, state.known_then).index
    target = current.previous_change(state.date) if direction == "previous" else current.next_change(state.date)
    if target is not None:
        state.date = target


def toggle_play() -> None:
    state.playing = not state.playing


st.title(t("title", lang))
st.html(asof_html(state.date, lang))
previous_col, play_col, next_col, _ = st.columns([2, 2, 2, 6])
previous_col.button(t("previous", lang), on_click=step, args=("previous",), disabled=index.previous_change(state.date) is None,
                    width="stretch")
play_col.button(t("stop", lang) if state.playing else t("play", lang), on_click=toggle_play, width="stretch")
next_col.button(t("next", lang), on_click=step, args=("next",), disabled=index.next_change(state.date) is None,
                width="stretch")
on = st.slider(t("date", lang), min_value=first, max_value=last, key="date", format="YYYY-MM-DD")

site_ids = data.sites_in(tuple(state.provinces))
names = data.site_names[lang]
map_col, side_col = st.columns([3, 1])
with map_col:
    if site_ids == ():
        st.info(t("empty_selection", lang))
    bounds = province_bounds(data.provinces_geojson, state.provinces) if state.provinces else data.sites_bounds
    tiles = "osm" if state.tiles else "none"
    base = base_map(str(root), fingerprint, view.sources, lang, tiles)
    st_folium(base, feature_group_to_add=step_payload(base, on, None if site_ids is None else list(site_ids), bounds),
              **ST_FOLIUM_ARGS)
    by_id = data.dataset.sources.set_index("source_id")
    titles = [by_id.loc[s, "title_ar" if lang == "ar" else "title_en"] for s in sorted(view.sources)]
    st.html(source_line_html(titles, lang))
with side_col:
    shown = len(data.site_ids) if site_ids is None else len(site_ids)
    st.caption(t("sites_shown", lang, n=shown, total=len(data.site_ids)))
    force = index.force_level_at(on)
    if force is not None:
        st.metric(t("force_level", lang), i18n.troops_label(force.troops, force.qualifier, lang))
    st.subheader(t("what_changed", lang))
    previous, sentences, notes = what_changed(index, view.records, on, names, lang, site_ids)
    if previous is not None:
        st.caption(t("between", lang, start=format_date(previous, lang), end=format_date(on, lang)))
    st.html(list_html(sentences, lang) if sentences else list_html([t("no_change", lang)], lang))
    if notes:
        st.caption(t("records_on", lang))
        st.html(list_html(notes, lang, "notes"))

st.subheader(t("timeline", lang))
order = [s for s in data.site_ids if site_ids is None or s in site_ids]
figure = timeline_figure(view.records, names, order, index.force_level_steps(), on, data.span, lang)
clicked = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="timeline",
                          width="stretch")
points = clicked.selection.points if clicked else []
if points and points != state.get("applied_points"):
    state.applied_points = points
    picked = points[0].get("customdata") or points[0].get("x")
    if picked:
        state.jump_to = min(max(dt.date.fromisoformat(str(picked)[:10]), first), last)
        st.rerun()

records_tab, sources_tab = st.tabs([t("in_effect", lang), t("sources", lang)])
with records_tab:
    st.dataframe(records_in_effect(index, view.records, data.dataset.sources, on, names, lang, site_ids),
                 hide_index=True, width="stretch")
with sources_tab:
    for source, citing in records_by_source(view.records, data.dataset.sources, site_ids):
        with st.expander(f"{source['title_ar' if lang == 'ar' else 'title_en']} ({len(citing)})"):
            st.text(f"{t('col_publisher', lang)}: {source['publisher']}\n"
                    f"{t('col_published', lang)}: {source['published'].isoformat()}  {source['published_note']}")
            st.dataframe(evidence_table(citing, data.dataset.sources, names, lang), hide_index=True,
                         width="stretch")

# The URL follows the view, so the address bar can be sent to a colleague.
current = ViewState(date=on, provinces=tuple(state.provinces), lang=lang, tiles=tiles, known_then=state.known_then)
query = view_query(current, default_date=data.default_date)
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)


@st.fragment(run_every=PLAY_SECONDS)
def autoplay(index) -> None:
    # A timer in the browser reruns only this fragment, so the page never blocks on a sleep and a
    # click on Stop is handled like any other click. The fragment's first call, during a full run,
    # steps only once an interval has passed since the previous step.
    if time.monotonic() - state.get("played_at", 0.0) < PLAY_SECONDS * 0.9:
        return
    following = index.next_change(state.date)
    if following is None:
        state.playing = False
    else:
        state.jump_to = following
    state.played_at = time.monotonic()
    st.rerun(scope="app")


if state.playing:
    autoplay(index)
