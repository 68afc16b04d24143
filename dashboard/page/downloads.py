"""The download tab: every file the page offers, each built only when its button is pressed.

Light files (the records' CSV, the sites' GeoJSON) are built by the server when their button is
pressed; the callables get the values of this run as arguments and never read the session state,
which is gone by the time Streamlit calls them. Heavy ones (pictures, decks, the one-file map, the GIS
files) are built in a worker process, with progress and a Cancel button (page/builds.py).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import export
from dashboard.i18n import t
from dashboard.page import session
from dashboard.page.builds import HEAVY, heavy_download, heavy_section
from dashboard.selection import Selection
from dashboard.slides.animation import MAX_FRAMES, thin_dates
from dashboard.uploads import Upload
from dashboard.workspace import Workspace

__all__ = ["HEAVY", "buttons"]  # HEAVY: the downloads built in a worker (page/builds.py)
GIF_FRAMES = 120  # frames of the GIF download; more dates are thinned evenly, and the page says so
DECK_SLIDES = 24  # date slides of the deck download (about 8 s to build); more are thinned, and the page says so
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def buttons(workspace: Workspace, selection: Selection, upload: Upload | None) -> None:
    day, lang = selection.day, selection.lang
    # The light files' callables hold the data weakly: Streamlit keeps them until the session is shut
    # down, long after it closed (session.held_weakly).
    data = session.held_weakly(workspace.data)
    stem = f"posture-{day.isoformat()}"
    offer(
        t("download_csv", lang),
        f"{stem}-records.csv",
        "text/csv",
        partial(_records_csv, data, selection),
        "download_csv",
    )
    geojson = partial(_sites_geojson, data, selection)
    offer(t("download_geojson", lang), f"{stem}-sites.geojson", "application/geo+json", geojson, "download_geojson")
    if upload is not None:
        records = partial(_merged_csv, data)
        offer(t("download_merged", lang), "posture-merged.csv", "text/csv", records, "download_merged")
    # The light files stay outside the heavy ones' fragment: a download button redrawn by each poll would
    # change its file under the reader's click.
    heavy_section(heavy_buttons, selection.lang, session.held_weakly(workspace), selection)


def heavy_buttons(workspace: Workspace, selection: Selection) -> None:
    """The files built in a worker: the slide, the GIF, the GIS files, the one-file map and the decks."""
    data, lang = session.held_weakly(workspace.data), selection.lang
    stem = f"posture-{selection.day.isoformat()}"
    png = ("png", selection, ())
    heavy_download("download_png", f"{stem}.png", "image/png", png, data, lang)
    every = data.change_dates(selection)
    frames = thin_dates(every, min(GIF_FRAMES, MAX_FRAMES))
    if len(frames) < len(every):
        st.caption(t("gif_thinned", lang, n=len(frames), total=len(every)))
    gif = ("gif", selection, tuple(frames))
    heavy_download("download_gif", "posture.gif", "image/gif", gif, data, lang)
    gis_buttons(workspace, selection)
    standalone_button(workspace, selection)
    deck_buttons(workspace, selection)


def offer(label: str, file_name: str, mime: str, build, key: str) -> None:
    """A download button whose file `build()` makes only when it is pressed."""
    st.download_button(label, file_name=file_name, mime=mime, on_click="ignore", data=build, key=key)


def gis_buttons(workspace: Workspace, selection: Selection) -> None:
    """The status of every site over the whole time axis, as a GeoPackage and as KML."""
    data, lang = session.held_weakly(workspace.data), selection.lang
    st.caption(t("gis_whole_span", lang))
    # As known then, the file holds what was published by the day shown, and its name says so.
    stem = f"posture-over-time-known-{selection.day.isoformat()}" if selection.known_then else "posture-over-time"
    gpkg = ("gpkg", selection, ())
    heavy_download("download_gpkg", f"{stem}.gpkg", "application/geopackage+sqlite3", gpkg, data, lang)
    kml = ("kml", selection, ())
    heavy_download("download_kml", f"{stem}.kml", "application/vnd.google-earth.kml+xml", kml, data, lang)


def standalone_button(workspace: Workspace, selection: Selection) -> None:
    """The interactive map as one HTML file, for the view's governorates, forces and language."""
    lang = selection.lang
    if selection.known_then:
        st.caption(t("standalone_known_then", lang))
        return
    html = ("standalone", selection, ())
    name = f"posture-{selection.day.isoformat()}-{lang}.html"
    heavy_download("download_standalone", name, "text/html", html, session.held_weakly(workspace.data), lang)


def deck_buttons(workspace: Workspace, selection: Selection) -> None:
    """A deck of the change dates up to the date shown, and one of the guided story's chapters."""
    data, day, lang = session.held_weakly(workspace.data), selection.day, selection.lang
    changes = [d for d in data.change_dates(selection) if d <= day]
    if changes:
        dates = thin_dates(changes, DECK_SLIDES)
        st.caption(
            t("deck_thinned", lang, n=len(dates), total=len(changes))
            if len(dates) < len(changes)
            else t("deck_every_change", lang, n=len(dates))
        )
        deck = ("deck", selection, tuple(dates))
        heavy_download("download_deck", f"posture-to-{day.isoformat()}.pptx", PPTX, deck, data, lang)
    if data.dataset.story:
        story = ("story_deck", selection, ())
        heavy_download("download_story_deck", f"posture-story-{lang}.pptx", PPTX, story, data, lang)


def _records_csv(data, selection: Selection) -> str:
    # With a byte-order mark: Excel then reads the Arabic as UTF-8 instead of mojibake.
    return export.records_csv(export.records_in_view(data, selection), excel=True)


def _merged_csv(data) -> str:
    dataset = data.dataset
    return export.export_all_records_csv(dataset.records, dataset.citations, dataset.sources, data.site_names, True)


def _sites_geojson(data, selection: Selection) -> str:
    return export.geojson_text(export.sites_geojson(data, selection))
