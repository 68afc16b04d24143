"""The dashboard page: configuration, widgets and layout. Logic lives in the modules it imports."""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import sys
import time
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import export, i18n, slides  # noqa: E402
from dashboard.charts import timeline_base, timeline_on  # noqa: E402
from dashboard.evidence import evidence_table, in_effect, sources_panel, what_changed  # noqa: E402
from dashboard.i18n import format_date, t  # noqa: E402
from dashboard.io import dataset_fingerprint, load_dataset  # noqa: E402
from dashboard.mapview import ST_FOLIUM_ARGS, build_base_map, province_bounds, step_payload  # noqa: E402
from dashboard.pagebits import asof_html, brief_css, list_html, page_css, source_line_html, title_html  # noqa: E402
from dashboard.paths import data_root  # noqa: E402
from dashboard.prepared import prepare  # noqa: E402
from dashboard.uploads import merged_dataset, read_upload  # noqa: E402
from dashboard.urlstate import ViewState, parse_view, view_query  # noqa: E402
from dashboard.validate import report  # noqa: E402

STATIC_DIR = Path(__file__).parent / "static"
PLAY_SECONDS = 1.5  # how long Play shows each change date
FLUSH_SECONDS = 0.01  # see yield_to_sender
# A table longer than this is cut, with a caption and the full CSV a click away: sending 100,000 rows
# on every date step cost 12 MB and seconds per step (bench/results.md).
TABLE_ROWS = 500
TIMELINE_ROWS = 60  # more rows than this are unreadable and slow every step; the caption says so
TILES = {"none": None, "osm": "OpenStreetMap"}


@st.cache_data(show_spinner=False)
def load(root: str, fingerprint: tuple):
    return load_dataset(Path(root))


@st.cache_resource(show_spinner=False)
def prepared(root: str, fingerprint: tuple):
    # Shared by every session and never mutated: the index, names and map timelines.
    data = prepare(load(root, fingerprint))
    # Kept for the server's life, so out of the cyclic garbage collector's sight: its full passes
    # over a 100,000-record dataset's objects took about 300 ms, stalling whichever rerun hit one.
    gc.freeze()
    return data


@st.cache_resource(show_spinner=False, max_entries=32)
def base_map(root: str, fingerprint: tuple, sources: frozenset, lang: str, tiles: str):
    data = prepared(root, fingerprint)
    return build_base_map(data.sites_geojson, data.provinces_geojson, data.view_for_sources(sources).timeline, lang,
                          TILES[tiles], static_dir=STATIC_DIR)


@st.cache_resource(show_spinner=False, max_entries=64)
def shipped_timeline(root: str, fingerprint: tuple, sources: frozenset, provinces: tuple, lang: str) -> dict:
    # Date-free, so stepping through dates reuses it; timeline_on copies what it changes.
    data = prepared(root, fingerprint)
    return selection_timeline(data, data.view_for_sources(sources), provinces, lang)


def selection_timeline(data, view, provinces: tuple, lang: str) -> dict:
    """The date-free timeline of `view`'s records for the sites of `provinces`."""
    return timeline_base(view.records, data.site_names[lang], timeline_sites(data, provinces)[0],
                         view.index.force_level_steps(), data.span, lang)


def timeline_sites(data, provinces: tuple) -> tuple[list[str], int]:
    """The sites the timeline has a row for, in file order, and how many the selection holds."""
    chosen = data.sites_in(provinces)
    if chosen is None:
        return list(data.site_ids[:TIMELINE_ROWS]), len(data.site_ids)
    return list(chosen[:TIMELINE_ROWS]), len(chosen)  # sites_in keeps file order


@st.cache_resource(show_spinner=False, max_entries=64)
def shipped_sources_panel(root: str, fingerprint: tuple, sources: frozenset, provinces: tuple, lang: str):
    data = prepared(root, fingerprint)
    return sources_panel(data.view_for_sources(sources).records, data.dataset.sources, data.site_names[lang], lang,
                         data.sites_in(provinces), limit=TABLE_ROWS)


def session_data(shipped):
    """The shipped data, or this session's own merge of it with the files it uploaded.

    Uploads live in this session's state only: never in a shared cache, never on disk.
    """
    files = {kind: state.get(f"upload_{kind}") for kind in ("records", "sites", "sources")}
    files = {kind: (f.name, f.getvalue()) for kind, f in files.items() if f is not None}
    if not files:
        return shipped, None
    digest = hashlib.sha256()
    for kind, (name, content) in sorted(files.items()):
        digest.update(f"{kind}\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    digest = digest.hexdigest()
    if state.get("upload_digest") != digest:
        upload = read_upload(shipped.dataset, **files)
        state.upload_digest, state.upload_result = digest, upload
        state.upload_data = prepare(merged_dataset(shipped.dataset, upload)) if not upload.empty else None
        state.upload_maps, state.upload_timelines = {}, {}
    return state.upload_data or shipped, state.upload_result


def session_timeline(data, view, provinces: tuple, lang: str) -> dict:
    if data is shipped:
        return shipped_timeline(str(root), fingerprint, view.sources, provinces, lang)
    key = (view.sources, provinces, lang)
    if key not in state.upload_timelines:
        state.upload_timelines[key] = selection_timeline(data, view, provinces, lang)
    return state.upload_timelines[key]


def session_base_map(data, view, lang: str, tiles: str):
    if data is shipped:
        return base_map(str(root), fingerprint, view.sources, lang, tiles)
    key = (view.sources, lang, tiles)
    if key not in state.upload_maps:
        state.upload_maps[key] = build_base_map(data.sites_geojson, data.provinces_geojson, view.timeline, lang,
                                                TILES[tiles], static_dir=STATIC_DIR, inline=True)
    return state.upload_maps[key]


def yield_to_sender() -> None:
    """Let the server send what this run has drawn so far before the slower panels below start.

    Streamlit's sender runs on the event loop thread, one message per turn; while this script
    thread computes the timeline and tables it holds the GIL and the date and map, already drawn,
    would wait behind them. A short sleep releases the GIL and lets them go out first (two
    `bench/run.py --quick` runs on the shipped data: a step of 167 ms without it, 100 ms with it).
    """
    time.sleep(FLUSH_SECONDS)


st.set_page_config(page_title="Coalition posture in Iraq, 2014-2026", layout="wide")
root = data_root()
fingerprint = dataset_fingerprint(root)
shipped = prepared(str(root), fingerprint)
if shipped.dataset.problems:
    st.error(t("invalid_data", "en") + " / " + t("invalid_data", "ar"))
    st.code("\n".join(report(shipped.dataset)), language=None)
    st.stop()

first, last = shipped.span
state = st.session_state
if "initialised" not in state:
    parsed = parse_view(st.query_params.to_dict(), default_date=shipped.default_date, first=first, last=last,
                        known_provinces=shipped.province_names["en"])
    s = parsed.state
    state.update(initialised=True, url_warnings=parsed.warnings, date=s.date, provinces=list(s.provinces),
                 lang=s.lang, tiles=s.tiles == "osm", known_then=s.known_then, playing=False, view=s.view,
                 compare_date=s.compare_date or shipped.default_date)
if "jump_to" in state:  # set by Play or a timeline click on the previous run, before the slider exists
    state.date = state.pop("jump_to")
lang = state.lang
brief = state.view == "brief"

if not brief:
    with st.sidebar:
        st.radio(t("language", lang), i18n.LANGUAGES, key="lang", horizontal=True,
                 format_func={"en": "English", "ar": "العربية"}.get)
        lang = state.lang
        st.multiselect(t("provinces", lang), list(shipped.province_names[lang]), key="provinces",
                       format_func=shipped.province_names[lang].get, placeholder=t("all_provinces", lang))
        st.toggle(t("known_then", lang), key="known_then", help=t("known_then_help", lang))
        st.checkbox(t("tiles", lang), key="tiles")
        if state.tiles:
            st.warning(t("tiles_warning", lang))
        with st.expander(t("upload", lang)):
            st.caption(t("upload_help", lang))
            st.file_uploader(t("upload_records", lang), type=["csv"], key="upload_records")
            st.file_uploader(t("upload_sites", lang), type=["geojson", "json"], key="upload_sites")
            st.file_uploader(t("upload_sources", lang), type=["csv"], key="upload_sources")

data, upload = session_data(shipped)
st.html(page_css(lang) + (brief_css() if brief else ""))
for warning in state.url_warnings:
    st.warning(warning)
state.url_warnings = ()  # said once, for the URL that was opened; the URL is rewritten below
if upload is not None:
    st.info(t("upload_active", lang, n=len(upload.records), sites=len(upload.sites)))
    if upload.problems:
        with st.expander(t("upload_problems", lang, n=len(upload.problems)), expanded=True):
            st.text("\n".join(str(p) for p in upload.problems))

view = data.view(state.date, state.known_then)
index = view.index


def step(direction: str) -> None:
    change = data.previous_change if direction == "previous" else data.next_change
    target = change(state.date, state.known_then)
    if target is not None:
        state.date = target


def toggle_play() -> None:
    state.playing = not state.playing


def compare_with_previous() -> None:
    previous = data.previous_change(state.date, state.known_then)
    state.view, state.compare_date = "compare", previous or state.date


def leave_compare() -> None:
    state.view = "map"


site_ids = data.sites_in(tuple(state.provinces))
names = data.site_names[lang]
tiles = "osm" if state.tiles else "none"
bounds = province_bounds(data.provinces_geojson, state.provinces) if state.provinces else data.sites_bounds
visible = None if site_ids is None else list(site_ids)
by_id = data.dataset.sources.set_index("source_id")
titles = [by_id.loc[s, "title_ar" if lang == "ar" else "title_en"] for s in sorted(view.sources)]

if brief:
    # Slide-ready: title, date, the map with its legend and scale bar, the sources. No controls.
    st.html(title_html(t("title", lang), lang) + asof_html(state.date, lang))
    base = session_base_map(data, view, lang, tiles)
    st_folium(base, feature_group_to_add=step_payload(base, state.date, visible, bounds, fill=True),
              **(ST_FOLIUM_ARGS | {"height": 760}))
    st.html(source_line_html(titles, lang))
    st.stop()

st.title(t("title", lang))
st.html(asof_html(state.date, lang))
previous_col, play_col, next_col, compare_col, _ = st.columns([2, 2, 2, 3, 3])
previous_col.button(t("previous", lang), on_click=step, args=("previous",), width="stretch",
                    disabled=data.previous_change(state.date, state.known_then) is None)
play_col.button(t("stop", lang) if state.playing else t("play", lang), on_click=toggle_play, width="stretch")
next_col.button(t("next", lang), on_click=step, args=("next",), width="stretch",
                disabled=data.next_change(state.date, state.known_then) is None)
if state.view == "compare":
    compare_col.button(t("compare_leave", lang), on_click=leave_compare, width="stretch")
else:
    compare_col.button(t("compare_previous", lang), on_click=compare_with_previous, width="stretch")
on = st.slider(t("date", lang), min_value=first, max_value=last, key="date", format="YYYY-MM-DD")

if state.view == "compare":
    before = st.slider(t("compare_before", lang), min_value=first, max_value=last, key="compare_date",
                       format="YYYY-MM-DD")
    left, right = st.columns(2)
    before_view = data.view(before, state.known_then)
    for column, day, shown, key in ((left, before, before_view, "map_before"), (right, on, view, "map_after")):
        with column:
            st.html(asof_html(day, lang, element_id=f"asof-{key}"))
            base = session_base_map(data, shown, lang, tiles)
            st_folium(base, feature_group_to_add=step_payload(base, day, visible, bounds),
                      **(ST_FOLIUM_ARGS | {"key": key, "height": 480}))
    st.subheader(t("changes_between", lang, start=format_date(before, lang), end=format_date(on, lang)))
    sentences = [t("change_sentence", lang, site=names.get(c.site_id, c.site_id),
                   before=i18n.status_label(c.before, lang), after=i18n.status_label(c.after, lang))
                 for c in index.status_changes(before, on) if site_ids is None or c.site_id in site_ids]
    st.html(list_html(sentences or [t("no_change", lang)], lang))
    st.html(source_line_html(titles, lang))
else:
    map_col, side_col = st.columns([3, 1])
    with map_col:
        if site_ids == ():
            st.info(t("empty_selection", lang))
        base = session_base_map(data, view, lang, tiles)
        st_folium(base, feature_group_to_add=step_payload(base, on, visible, bounds), **ST_FOLIUM_ARGS)
        st.html(source_line_html(titles, lang))
        yield_to_sender()
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
        st.html(list_html(sentences or [t("no_change", lang)], lang))
        if notes:
            st.caption(t("records_on", lang))
            st.html(list_html(notes, lang, "notes"))

st.subheader(t("timeline", lang))
figure = timeline_on(session_timeline(data, view, tuple(state.provinces), lang), on, data.span)
rows, total = timeline_sites(data, tuple(state.provinces))
if len(rows) < total:
    st.caption(t("timeline_cut", lang, n=len(rows), total=total))
if figure["data"]:
    clicked = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="timeline", width="stretch")
else:  # as known then, before the first publication; or provinces with no record
    clicked = None
    st.info(t("timeline_empty", lang))
points = clicked.selection.points if clicked else []
if points and points != state.get("applied_points"):
    state.applied_points = points
    picked = points[0].get("customdata") or points[0].get("x")
    if picked:
        state.jump_to = min(max(dt.date.fromisoformat(str(picked)[:10]), first), last)
        st.rerun()

provinces = tuple(state.provinces)
records_tab, sources_tab, download_tab = st.tabs([t("in_effect", lang), t("sources", lang), t("downloads", lang)])
with records_tab:
    chosen, roles = in_effect(index, view.records, on, site_ids)
    if len(chosen) > TABLE_ROWS:
        st.caption(t("table_cut", lang, n=TABLE_ROWS, total=len(chosen)))
    st.dataframe(evidence_table(chosen.iloc[:TABLE_ROWS], data.dataset.sources, names, lang, roles),
                 hide_index=True, width="stretch")
with sources_tab:
    panel = (shipped_sources_panel(str(root), fingerprint, view.sources, provinces, lang) if data is shipped
             else sources_panel(view.records, data.dataset.sources, names, lang, site_ids, limit=TABLE_ROWS))
    for source, citing, total in panel:
        with st.expander(f"{source['title_ar' if lang == 'ar' else 'title_en']} ({total})"):
            st.text(f"{t('col_publisher', lang)}: {source['publisher']}\n"
                    f"{t('col_published', lang)}: {source['published'].isoformat()}  {source['published_note']}")
            if total > len(citing):
                st.caption(t("source_cut", lang, n=len(citing), total=total))
            st.dataframe(citing, hide_index=True, width="stretch")
with download_tab:
    stem = f"posture-{on.isoformat()}"
    # Callables: each file is built only when its button is pressed, not on every rerun.
    st.download_button(t("download_csv", lang), file_name=f"{stem}-records.csv", mime="text/csv", on_click="ignore",
                       data=lambda: export.records_csv(export.records_in_view(data, on, provinces, state.known_then)))
    st.download_button(t("download_geojson", lang), file_name=f"{stem}-sites.geojson", mime="application/geo+json",
                       on_click="ignore", data=lambda: export.geojson_text(
                           export.sites_geojson(data, on, provinces, state.known_then, lang=lang)))
    st.download_button(t("download_png", lang), file_name=f"{stem}.png", mime="image/png", on_click="ignore",
                       data=lambda: slides.render_slide(data, on, provinces, lang, state.known_then))
    frames = slides.animation_dates(first, last, "change", index)
    st.download_button(t("download_gif", lang), file_name="posture.gif", mime="image/gif", on_click="ignore",
                       data=lambda: slides.render_animation(data, frames, provinces, lang, state.known_then))
    if upload is not None:
        st.download_button(t("download_merged", lang), file_name="posture-merged.csv", mime="text/csv",
                           on_click="ignore", data=lambda: export.export_all_records_csv(
                               data.dataset.records, data.dataset.sources, data.site_names))

# The URL follows the view, so the address bar can be sent to a colleague.
current = ViewState(date=on, provinces=provinces, lang=lang, tiles=tiles, known_then=state.known_then,
                    view=state.view, compare_date=state.compare_date if state.view == "compare" else None)
query = view_query(current, default_date=shipped.default_date)
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)


@st.fragment(run_every=PLAY_SECONDS)
def autoplay(data) -> None:
    # A timer in the browser reruns only this fragment, so the page never blocks on a sleep and a
    # click on Stop is handled like any other click. The fragment's first call, during a full run,
    # steps only once an interval has passed since the previous step.
    if time.monotonic() - state.get("played_at", 0.0) < PLAY_SECONDS * 0.9:
        return
    following = data.next_change(state.date, state.known_then)
    if following is None:
        state.playing = False
    else:
        state.jump_to = following
    state.played_at = time.monotonic()
    st.rerun(scope="app")


if state.playing:
    autoplay(data)
