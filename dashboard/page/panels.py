"""One function per panel or view of the page. Each takes what it shows as arguments and asks the pure
modules (engine, evidence, charts, export, slides) for its content. A new panel goes here.
"""

from __future__ import annotations

import time
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard import dossier, i18n
from dashboard.charts import timeline_on
from dashboard.dates import parse_iso_date
from dashboard.evidence import cited_outlets, column_labels, evidence_table, in_effect, outlet_summary
from dashboard.export import neutralise
from dashboard.i18n import format_date, t
from dashboard.io.story import chapter
from dashboard.mapview import ST_FOLIUM_ARGS, province_bounds, step_payload, step_state, with_step
from dashboard.mapview.scrub import TIMELINE_FRAME
from dashboard.page import compat, downloads, session
from dashboard.page.session import Key, upload_key
from dashboard.page_text import page_on, panel_html
from dashboard.pagebits import (
    MAP_FRAME,
    asof_html,
    list_html,
    markdown_text,
    notice_html,
    source_line_html,
    source_summary_html,
    story_html,
    title_html,
)
from dashboard.selection import Selection
from dashboard.uploads import KINDS, Upload
from dashboard.vocabulary import FORCES_FILTERS
from dashboard.workspace import TABLE_ROWS, Workspace

FLUSH_SECONDS = 0.01  # see yield_to_sender


def yield_to_sender() -> None:
    """Let the server send what this run has drawn so far before the slower panels below start.

    Streamlit's sender runs on the event loop thread, one message per turn; while this script
    thread computes the timeline and tables it holds the GIL and the date and map, already drawn,
    would wait behind them. A short sleep releases the GIL and lets them go out first (two
    `bench/run.py --quick` runs on the shipped data: a step of 167 ms without it, 100 ms with it).
    """
    time.sleep(FLUSH_SECONDS)


def sidebar(workspace: Workspace, lang: str, controls: bool = True) -> str:
    """The controls; returns the language chosen, which the rest of the page uses. `controls` false: the
    map view's first paint (session.waits_for_map), with a line saying the controls follow."""
    data = workspace.data
    with st.sidebar:
        if not controls:
            st.caption(t("controls_after_map", lang))
            return lang
        session.mark_controls_drawn()
        st.radio(
            t("language", lang),
            i18n.LANGUAGES,
            key=Key.LANG,
            horizontal=True,
            format_func={"en": "English", "ar": "العربية"}.get,
        )
        lang = session.language()
        st.multiselect(
            t("provinces", lang),
            list(data.province_names[lang]),
            key=Key.PROVINCES,
            format_func=data.province_names[lang].get,
            placeholder=t("all_provinces", lang),
        )
        st.radio(
            t("forces", lang),
            FORCES_FILTERS,
            key=Key.FORCES,
            horizontal=True,
            format_func=lambda choice: t(f"forces_{choice}", lang),
            help=t("forces_help", lang),
        )
        st.toggle(t("known_then", lang), key=Key.KNOWN_THEN, help=t("known_then_help", lang))
        st.toggle(t("names_on_map", lang), key=Key.NAMES)
        st.checkbox(t("tiles", lang), key=Key.TILES)
        if session.tiles() != "none":
            st.html(notice_html(t("tiles_warning", lang), lang))
        # Open while it has something to say, so a problem never hides the way to fix it.
        opened = any(session.uploaded(kind) is not None for kind in KINDS)
        with st.expander(t("upload", lang), expanded=opened):
            st.caption(t("upload_help", lang))
            for kind in KINDS:
                st.file_uploader(
                    t(f"upload_{kind}", lang),
                    type=["geojson", "json"] if kind == "sites" else ["csv"],
                    key=upload_key(kind),
                    on_change=session.note_upload_change,
                    args=(kind,),
                )
    return lang


def notices(upload: Upload | None, uploads_lost: bool, lang: str) -> None:
    """URL warnings (while the view is still the URL's) and what happened to this session's uploads."""
    for warning in session.url_warnings():
        st.html(notice_html(warning.text(lang), lang))
    if uploads_lost:
        st.html(notice_html(t("upload_lost", lang), lang))
    if upload is not None:
        st.html(notice_html(t("upload_active", lang, n=len(upload.records)), lang, "info"))
        if not upload.sites.empty:  # sites alone showed as "0 records" (issue 22)
            st.html(notice_html(t("upload_sites_active", lang, n=len(upload.sites)), lang, "info"))
        if upload.problems:
            with st.expander(markdown_text(t("upload_problems", lang, n=len(upload.problems))), expanded=True):
                st.text("\n".join(str(p) for p in upload.problems))


def view_buttons(workspace: Workspace, before: Selection) -> None:
    """Compare and the story, in the sidebar: other views. Stepping through time (Previous, Next, Today,
    Play, the scrubber) is one browser element above the map (dashboard/page/scrubber.py)."""
    data, lang = workspace.data, before.lang
    # Compare and the story are other views, in the sidebar: the row beside the date keeps to stepping.
    if session.view() == "compare":
        st.sidebar.button(t("compare_leave", lang), on_click=session.show_map, width="stretch")
    else:
        st.sidebar.button(
            t("compare_previous", lang),
            on_click=session.compare_with_previous,
            args=(session.held_weakly(data),),
            width="stretch",
        )
    if data.dataset.story:
        st.sidebar.button(t("story_open", lang), on_click=session.open_story, width="stretch", key="story_open")


def posture_map(
    workspace: Workspace,
    selection: Selection,
    tiles: str,
    key: str = ST_FOLIUM_ARGS["key"],
    height: int = ST_FOLIUM_ARGS["height"],
    fill: bool = False,
) -> None:
    """`fill`: the map takes its frame's whole height, whatever the page's CSS makes it."""
    data, provinces = workspace.data, selection.provinces
    chosen = data.sites_in(provinces)
    bounds = province_bounds(data.provinces_geojson, list(provinces)) if provinces else data.sites_bounds
    view = data.view(selection)
    base = workspace.base_map(view, selection.lang, tiles)
    # Every site is named in the briefing view, where a screenshot must say which base is which.
    names = session.view() == "brief" or session.names_on_map()
    look = {"fill": fill, "future": selection.day > data.today, "names": names}
    state = step_state(base, selection.day, None if chosen is None else list(chosen), bounds, look)
    arguments = ST_FOLIUM_ARGS | {"key": key, "height": height}
    # In a container of ours, which the page's CSS reaches by its key (never st_folium's own markup).
    with st.container(key=MAP_FRAME if key == ST_FOLIUM_ARGS["key"] else f"{MAP_FRAME}-{key}"):
        if compat.step_group_gate():
            st_folium(base, feature_group_to_add=step_payload(base, selection.day, state), **arguments)
        else:  # st_folium changed: a map built for this step alone, slower but the same picture
            map_now = with_step(workspace.fresh_map(view, selection.lang, tiles), state)
            st_folium(map_now, **arguments)


SOURCE_LINE_OUTLETS = 8  # past this many, the line names the most cited outlets and counts the rest


def source_line(workspace: Workspace, selection: Selection) -> None:
    """The sources behind what the map shows on the selection's day (the records in effect), so a
    screenshot is sourced: each page when there are few, else the most cited outlets and how many more."""
    view, lang = workspace.data.view(selection), selection.lang
    effect, _ = in_effect(view.index, view.records, selection.day, workspace.data.sites_in(selection.provinces))
    cited, sources = view.cited_by(effect["record_id"]), workspace.data.dataset.sources
    pages = cited_outlets(cited, sources)
    if len(pages) <= SOURCE_LINE_OUTLETS:
        st.html(source_line_html(pages, lang))
        return
    names, total, outlets = outlet_summary(cited, sources, SOURCE_LINE_OUTLETS)
    st.html(source_summary_html(names, total, outlets, lang))


def brief_view(workspace: Workspace, selection: Selection, tiles: str) -> None:
    """Slide-ready: title, date, the map with its legend and scale bar, the sources. No controls."""
    lang = selection.lang
    st.html(title_html(t("title", lang), lang) + asof_html(selection.day, lang, today=workspace.data.today))
    posture_map(workspace, selection, tiles, height=760, fill=True)
    source_line(workspace, selection)


def story_view(workspace: Workspace, lang: str, tiles: str) -> None:
    """One chapter of the guided story: its title and text, the map on its date over its area, the
    records it rests on (with their grades), and the way to the other chapters and back to the map."""
    data = workspace.data
    story = data.dataset.story
    if not story:
        st.info(t("story_none", lang))
        return
    numbers = [c.number for c in story]
    current = chapter(story, session.chapter_number()) or story[0]
    position = numbers.index(current.number)
    st.html(title_html(t("title", lang), lang) + story_html(current, len(story), lang))
    back, previous, following = st.columns([3, 2, 2])
    back.button(t("story_leave", lang), on_click=session.leave_story, args=(current.date,), width="stretch")
    previous.button(
        t("story_previous", lang),
        on_click=session.open_story,
        args=(numbers[position - 1],),
        disabled=position == 0,
        width="stretch",
        key="story_previous",
    )
    following.button(
        t("story_next", lang),
        on_click=session.open_story,
        args=(numbers[min(position + 1, len(numbers) - 1)],),
        disabled=position == len(numbers) - 1,
        width="stretch",
        key="story_next",
    )
    shown = Selection(current.date, current.provinces, lang)
    view = data.view(shown)
    posture_map(workspace, shown, tiles, height=560, fill=False)
    source_line(workspace, shown)
    cited = view.records[view.records["record_id"].isin(current.records)]
    st.subheader(t("story_records", lang))
    table = evidence_table(cited, view.citations, data.dataset.sources, data.site_names[lang], lang)
    st.dataframe(_shown(table).rename(columns=column_labels(lang)), hide_index=True, width="stretch")


def dossier_view(workspace: Workspace, selection: Selection, site_id: str) -> None:
    """Every record about one site, its status intervals as a strip, and the CSV of those records."""
    data, lang = workspace.data, selection.lang
    site = next(f for f in data.sites_geojson["features"] if f["id"] == site_id)
    props = site["properties"]
    st.html(title_html(t("dossier_title", lang, name=props[f"name_{lang}"]), lang))
    where = t(
        "dossier_where",
        lang,
        kind=i18n.site_kind_label(props["kind"], lang),
        province=data.province_names[lang].get(props["province"], props["province"]),
        note=props["location_note"],
    )
    st.text(where)
    st.button(t("dossier_back", lang), on_click=session.show_map, key="dossier_back")
    st.caption(t("dossier_strip", lang))
    st.plotly_chart(dossier.dossier_strip(data, selection, site_id), key="dossier_strip", width="stretch")
    table = dossier.dossier_table(data, selection, site_id)
    st.subheader(t("dossier_records", lang, n=len(table)))
    st.dataframe(_shown(table).rename(columns=dossier.column_labels(lang)), hide_index=True, width="stretch")
    st.download_button(
        t("dossier_download", lang),
        file_name=f"posture-{site_id}-history.csv",
        mime="text/csv",
        on_click="ignore",
        data=partial(dossier.dossier_csv, data, selection, site_id),
        key="download_dossier",
    )


def site_picker(workspace: Workspace, selection: Selection) -> None:
    """The way from the evidence to a site's dossier: pick a place, open its history."""
    data, lang = workspace.data, selection.lang
    chosen = data.sites_in(selection.provinces)
    sites = list(data.site_ids if chosen is None else chosen)
    if not sites:
        return
    names = data.site_names[lang]
    picked = st.selectbox(t("dossier_pick", lang), sites, format_func=lambda s: names.get(s, s), key="dossier_pick")
    st.button(t("dossier_open", lang), on_click=session.open_site, args=(picked,), key="dossier_open")


def compare_view(workspace: Workspace, selection: Selection, tiles: str) -> None:
    data, lang, day = workspace.data, selection.lang, selection.day
    first, last = data.span
    before = st.slider(
        t("compare_before", lang), min_value=first, max_value=last, key=Key.COMPARE_DATE, format="YYYY-MM-DD"
    )
    for column, shown, key in zip(st.columns(2), (selection.on(before), selection), ("map_before", "map_after")):
        with column:
            st.html(asof_html(shown.day, lang, element_id=f"asof-{key}", today=data.today))
            posture_map(workspace, shown, tiles, key=key, height=480)
    st.subheader(t("changes_between", lang, start=format_date(before, lang), end=format_date(day, lang)))
    names, chosen, view = data.site_names[lang], data.sites_in(selection.provinces), data.view(selection)
    sentences = [
        t(
            "change_sentence",
            lang,
            site=names.get(c.site_id, c.site_id),
            before=i18n.status_label(c.before, lang),
            after=i18n.status_label(c.after, lang),
        )
        for c in view.index.status_changes(before, day)
        if chosen is None or c.site_id in chosen
    ]
    st.html(list_html(sentences or [t("no_change", lang)], lang))
    source_line(workspace, selection)


def side_panel(workspace: Workspace, selection: Selection) -> None:
    """Places shown, force level and target, what changed, and where the record falls silent."""
    data, lang = workspace.data, selection.lang
    chosen = data.sites_in(selection.provinces)
    st.caption(
        t("sites_shown", lang, n=len(data.site_ids) if chosen is None else len(chosen), total=len(data.site_ids))
    )
    # One element the scrubber rewrites while the thumb moves (page_text.py, web/pagetext.js).
    st.html(panel_html(page_on(data, selection), lang))


def timeline(workspace: Workspace, selection: Selection, scrubbed: bool = False, first_paint: bool = False) -> None:
    """The timeline of the selection. `scrubbed`: the scrubber on this page draws the date line in the
    browser, so the figure stays the same from date to date and a step neither re-sends nor re-draws
    it (Plotly took some 180 ms of the page's thread per step on the shipped data, 1.3 s at 10,000 sites).
    `first_paint`: a line saying it follows the map (session.waits_for_map)."""
    data, day, lang = workspace.data, selection.day, selection.lang
    view = data.view(selection)
    st.subheader(t("timeline", lang))
    if first_paint:
        st.caption(t("timeline_after_map", lang))
        return
    rows, total = workspace.timeline_rows(selection.provinces)
    if len(rows) < total:
        st.caption(t("timeline_cut", lang, n=len(rows), total=total))
    figure = (
        workspace.timeline_figure(selection) if scrubbed else timeline_on(workspace.timeline(selection), day, data.span)
    )
    if not view.records.empty:
        # In a container of its own: the scrubber draws the date line over it (mapview/scrub.py).
        with st.container(key=TIMELINE_FRAME):
            clicked = st.plotly_chart(
                figure, on_select="rerun", selection_mode="points", key="timeline", width="stretch"
            )
    else:  # as known then, before the first publication; or governorates with no record
        clicked = None
        st.info(t("timeline_empty", lang))
    points = clicked.selection.points if clicked else []
    picked = points and (points[0].get("customdata") or points[0].get("x"))
    if picked and session.jump_to(data.clamp(parse_iso_date(str(picked)[:10])), points):
        st.rerun()


def _shown(table):
    """A table as displayed: headers in the reader's language, formula starts neutralised, since the
    table's own toolbar can save it as CSV for a spreadsheet."""
    return table.map(lambda v: neutralise(v) if isinstance(v, str) else v)


def evidence_tabs(workspace: Workspace, selection: Selection, upload: Upload | None, first_paint: bool = False) -> None:
    """The records in effect, the sources and the downloads. `first_paint`: a line saying they follow the
    map (session.waits_for_map)."""
    if first_paint:
        st.caption(t("records_after_map", selection.lang))
        return
    data, day, lang = workspace.data, selection.day, selection.lang
    view = data.view(selection)
    chosen = data.sites_in(selection.provinces)
    headers = column_labels(lang)
    # The Sources tab runs only while it is open, and each source's records only while that source is
    # open: a table per source of the 132 shipped sources made every date step re-send about 700 KiB
    # and cost some 600 ms of st.dataframe calls (bench/results.md), for a list that never changes
    # with the date.
    records_tab, sources_tab, download_tab = st.tabs(
        [t("in_effect", lang), t("sources", lang), t("downloads", lang)], key="evidence_tab", on_change="rerun"
    )
    with records_tab:
        effect, roles = in_effect(view.index, view.records, day, chosen)
        if len(effect) > TABLE_ROWS:
            st.caption(t("table_cut", lang, n=TABLE_ROWS, total=len(effect)))
        table = evidence_table(
            effect.iloc[:TABLE_ROWS], view.citations, data.dataset.sources, data.site_names[lang], lang, roles
        )
        st.dataframe(_shown(table).rename(columns=headers), hide_index=True, width="stretch")
    with sources_tab:
        for number, (source, citing, total) in enumerate(
            workspace.sources_panel(selection) if sources_tab.open else [], start=1
        ):
            title = source["title_ar" if lang == "ar" else "title_en"]
            label = f"{number}. {markdown_text(title)} ({total})"
            with st.expander(label, key=f"source-{source['source_id']}", on_change="rerun") as expander:
                if not expander.open:
                    continue
                st.text(
                    "\n".join(
                        filter(
                            None,
                            [
                                f"{t('col_publisher', lang)}: {source['publisher']}",
                                f"{t('col_published', lang)}: {source['published'].isoformat()}  {source['published_note']}",
                                f"{t('col_url', lang)}: {source['url']}" if source["url"] else "",
                                f"{t('col_consulted', lang)}: {source['consulted'].isoformat()}"
                                if source["consulted"]
                                else "",
                            ],
                        )
                    )
                )
                if total > len(citing):
                    st.caption(t("source_cut", lang, n=len(citing), total=total))
                st.dataframe(_shown(citing).rename(columns=headers), hide_index=True, width="stretch")
    with download_tab:
        downloads.buttons(workspace, selection, upload)
    site_picker(workspace, selection)
