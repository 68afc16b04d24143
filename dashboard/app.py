"""The dashboard page: configuration, widgets and layout. Each part lives in `dashboard/page/`; the
logic in the modules they call, which never import streamlit.

Run it with `make run` (`python -m dashboard.launch`); `streamlit run dashboard/app.py` works too.
"""

from __future__ import annotations

import streamlit as st

from dashboard import clock
from dashboard.i18n import t
from dashboard.page import data, panels, scrubber, session, upload_race
from dashboard.pagebits import asof_html, brief_css, page_css
from dashboard.validate import report


def main() -> None:
    st.set_page_config(page_title="Coalition posture in Iraq, 2014 to today", layout="wide")
    upload_race.install()
    shipped = data.shipped(clock.today())
    if shipped.data.dataset.problems:
        st.error(t("invalid_data", "en") + " / " + t("invalid_data", "ar"))
        st.code("\n".join(report(shipped.data.dataset)), language=None)
        st.stop()

    session.open_view(shipped.data)
    state = st.session_state
    lang, brief = state.lang, state.view == "brief"
    if not brief:
        lang = panels.sidebar(shipped, lang)
    workspace, upload, uploads_lost = data.session_workspace(shipped)
    session.keep_on_axis(workspace.data)
    st.html(page_css(lang) + (brief_css() if brief else ""))
    panels.notices(upload, uploads_lost, lang)

    provinces, tiles = tuple(state.provinces), "osm" if state.tiles else "none"
    if state.view == "story":
        panels.story_view(workspace, lang, tiles)
        session.write_url()
        return
    if brief:
        view = workspace.data.view(state.date, state.known_then)
        panels.brief_view(workspace, view, state.date, lang, tiles, provinces)
        session.write_url()
        return

    st.title(t("title", lang))
    st.html(asof_html(state.date, lang, today=workspace.data.today))
    day = panels.date_controls(workspace, lang)
    view = workspace.data.view(day, state.known_then)
    if state.view == "compare":
        panels.compare_view(workspace, view, day, lang, tiles, provinces)
    else:
        map_column, side_column = st.columns([3, 1])
        with map_column:
            if provinces and not workspace.data.sites_in(provinces):
                st.info(t("empty_selection", lang))
            scrubber.scrubber(workspace.data, day, lang, state.known_then)
            panels.posture_map(workspace, view, day, lang, tiles, provinces)
            panels.source_line(workspace, view, day, lang, provinces)
            panels.yield_to_sender()
        with side_column:
            panels.side_panel(workspace, view, day, lang, provinces)
    panels.timeline(workspace, view, day, lang, provinces, scrubbed=state.view != "compare")
    panels.evidence_tabs(workspace, view, day, lang, provinces, state.known_then, upload)
    session.write_url()


if __name__ == "__main__":
    main()
