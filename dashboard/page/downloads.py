"""The download tab: every file the page offers, each built only when its button is pressed.

The callables get the values of this run as arguments and never read the session state, which is
gone by the time Streamlit calls them.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import export, slides
from dashboard.deck import build_deck, story_chapters
from dashboard.i18n import t
from dashboard.selection import Selection
from dashboard.slides.animation import MAX_FRAMES, thin_dates
from dashboard.standalone import standalone_html
from dashboard.uploads import Upload
from dashboard.workspace import Workspace

GIF_FRAMES = 120  # frames of the GIF download; more dates are thinned evenly, and the page says so
DECK_SLIDES = 24  # date slides of the deck download (about 8 s to build); more are thinned, and the page says so
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def buttons(workspace: Workspace, selection: Selection, upload: Upload | None) -> None:
    data, day, lang = workspace.data, selection.day, selection.lang
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
    png = partial(slides.render_slide, data, selection)
    offer(t("download_png", lang), f"{stem}.png", "image/png", png, "download_png")
    every = data.change_dates(selection)
    frames = thin_dates(every, min(GIF_FRAMES, MAX_FRAMES))
    if len(frames) < len(every):
        st.caption(t("gif_thinned", lang, n=len(frames), total=len(every)))
    gif = partial(slides.render_animation, data, frames, selection)
    offer(t("download_gif", lang), "posture.gif", "image/gif", gif, "download_gif")
    gis_buttons(workspace, selection)
    standalone_button(workspace, selection)
    deck_buttons(workspace, selection)
    if upload is not None:
        records = partial(
            export.export_all_records_csv,
            data.dataset.records,
            data.dataset.citations,
            data.dataset.sources,
            data.site_names,
            True,
        )
        offer(t("download_merged", lang), "posture-merged.csv", "text/csv", records, "download_merged")


def offer(label: str, file_name: str, mime: str, build, key: str) -> None:
    """A download button whose file `build()` makes only when it is pressed."""
    st.download_button(label, file_name=file_name, mime=mime, on_click="ignore", data=build, key=key)


def gis_buttons(workspace: Workspace, selection: Selection) -> None:
    """The status of every site over the whole time axis, as a GeoPackage and as KML."""
    data, lang = workspace.data, selection.lang
    st.caption(t("gis_whole_span", lang))
    # As known then, the file holds what was published by the day shown, and its name says so.
    stem = f"posture-over-time-known-{selection.day.isoformat()}" if selection.known_then else "posture-over-time"
    gpkg = partial(export.gpkg_bytes, data, selection)
    offer(t("download_gpkg", lang), f"{stem}.gpkg", "application/geopackage+sqlite3", gpkg, "download_gpkg")
    kml = partial(export.kml_text, data, selection)
    offer(t("download_kml", lang), f"{stem}.kml", "application/vnd.google-earth.kml+xml", kml, "download_kml")


def standalone_button(workspace: Workspace, selection: Selection) -> None:
    """The interactive map as one HTML file, for the view's governorates, forces and language."""
    lang = selection.lang
    if selection.known_then:
        st.caption(t("standalone_known_then", lang))
        return
    html = partial(standalone_html, workspace.data, selection)
    name = f"posture-{selection.day.isoformat()}-{lang}.html"
    offer(t("download_standalone", lang), name, "text/html", html, "download_standalone")


def deck_buttons(workspace: Workspace, selection: Selection) -> None:
    """A deck of the change dates up to the date shown, and one of the guided story's chapters."""
    data, day, lang = workspace.data, selection.day, selection.lang
    changes = [d for d in data.change_dates(selection) if d <= day]
    if changes:
        dates = thin_dates(changes, DECK_SLIDES)
        st.caption(
            t("deck_thinned", lang, n=len(dates), total=len(changes))
            if len(dates) < len(changes)
            else t("deck_every_change", lang, n=len(dates))
        )
        deck = partial(build_deck, data, dates, selection)
        offer(t("download_deck", lang), f"posture-to-{day.isoformat()}.pptx", PPTX, deck, "download_deck")
    if data.dataset.story:
        story = partial(build_deck, data, (), selection, story_chapters(data.dataset.story, lang))
        offer(t("download_story_deck", lang), f"posture-story-{lang}.pptx", PPTX, story, "download_story_deck")


def _records_csv(data, selection: Selection) -> str:
    # With a byte-order mark: Excel then reads the Arabic as UTF-8 instead of mojibake.
    return export.records_csv(export.records_in_view(data, selection), excel=True)


def _sites_geojson(data, selection: Selection) -> str:
    return export.geojson_text(export.sites_geojson(data, selection))
