"""The dashboard page: configuration, widgets and layout. Each part lives in `dashboard/page/`; the
logic in the modules they call, which never import streamlit.

Run it with `make run` (`python -m dashboard.launch`); `streamlit run dashboard/app.py` works too.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import clock, launch, paths
from dashboard.i18n import t
from dashboard.io import report
from dashboard.page import compat, data, panels, restart, scrubber, session
from dashboard.pagebits import asof_html, brief_css, map_view_css, page_css, page_title_html


def main(static: Path | None = None) -> None:
    """The page. `static`: the folder Streamlit serves beside its main script (default: the run folder's)."""
    st.set_page_config(page_title="Coalition posture in Iraq, 2014 to today", layout="wide")
    compat.install()
    if not st.get_option("server.enableStaticServing"):  # the map's files would not be served: a blank map
        st.error(t("static_serving_off", "en") + "\n\n" + t("static_serving_off", "ar"))
        st.stop()
    # Before any widget is drawn: a first run that brings a page's widget states comes from a browser
    # whose session the server lost (a restart). Its press is replayed at the end of the first run that
    # gets there (a message from the browser can cut a run short).
    if session.first_run() and session.lost_press() is None:  # a first run cut short keeps what it found
        session.keep_lost_press(restart.lost_widget_states())
    lost_press = session.lost_press()
    shipped = data.shipped(clock.today(), static or paths.static_dir())
    if shipped.data.dataset.problems:
        st.error(t("invalid_data", "en") + " / " + t("invalid_data", "ar"))
        st.code("\n".join(report(shipped.data.dataset)), language=None)
        st.stop()

    session.open_view(shipped.data)
    view, lang = session.view(), session.language()
    first_paint = session.waits_for_map(view)  # the map first, the rest a moment later
    if view != "brief":
        lang = panels.sidebar(shipped, lang, controls=not first_paint)
    workspace, upload, uploads_lost = data.session_workspace(shipped, data.upload_store())
    session.keep_on_axis(workspace.data)
    st.html(page_css(lang) + (brief_css() if view == "brief" else ""))
    panels.notices(upload, uploads_lost, lang)

    tiles = session.tiles()
    if view == "story":
        panels.story_view(workspace, lang, tiles)
    elif view == "brief":
        panels.brief_view(workspace, session.selection(), tiles)
    elif view == "site":
        panels.dossier_view(workspace, session.selection(), session.site())
    else:
        st.html(map_view_css() + page_title_html(t("title", lang), lang))
        selection = session.selection()
        with st.container(key="page-head"):
            st.html(asof_html(selection.day, lang, today=workspace.data.today))
        panels.view_buttons(workspace, selection)
        if view == "compare":
            panels.compare_view(workspace, selection, tiles)
        else:
            map_column, side_column = st.columns([3, 1])
            with map_column:
                if selection.provinces and not workspace.data.sites_in(selection.provinces):
                    st.info(t("empty_selection", lang))
                # The scrubber sits above the map but is filled after it: its tables of what the page
                # says on each date take some 0.2 s to work out for a new selection, and the map is
                # what the reader waits for.
                scrubber_slot = st.container()
                # `fill`: the frame is as tall as the window allows (pagebits.map_view_css); the map too.
                panels.posture_map(workspace, selection, tiles, fill=True)
                with scrubber_slot:
                    scrubber.scrubber(workspace, selection)
                panels.source_line(workspace, selection)
                panels.yield_to_sender()
            with side_column:
                panels.side_panel(workspace, selection)
        panels.timeline(workspace, selection, scrubbed=view != "compare", first_paint=first_paint)
        panels.evidence_tabs(workspace, selection, upload, first_paint=first_paint)
    session.write_url()
    restart.rerun_on_reconnect()
    if lost_press is not None:
        session.keep_lost_press(None)
        restart.replay(lost_press)


if __name__ == "__main__":
    # `streamlit run dashboard/app.py`: Streamlit serves dashboard/static/, so the map's files go there
    # (with `make run` the launcher's own main script, in the run folder, calls main() instead).
    launch.tune_memory()  # as the launcher does before it starts the server
    main(Path(__file__).resolve().parent / "static")
