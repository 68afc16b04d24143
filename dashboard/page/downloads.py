"""The download tab: every file the page offers, each built only when its button is pressed.

The callables get the values of this run as arguments and never read the session state, which is
gone by the time Streamlit calls them.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import export, slides
from dashboard.deck import build_deck, story_chapters
from dashboard.i18n import t
from dashboard.slides.animation import MAX_FRAMES, thin_dates
from dashboard.uploads import Upload
from dashboard.workspace import Workspace

GIF_FRAMES = 120  # frames of the GIF download; more dates are thinned evenly, and the page says so
DECK_SLIDES = 24  # date slides of the deck download (about 8 s to build); more are thinned, and the page says so
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def buttons(
    workspace: Workspace, day: dt.date, lang: str, provinces: tuple, known_then: bool, upload: Upload | None
) -> None:
    data = workspace.data
    stem = f"posture-{day.isoformat()}"
    st.download_button(
        t("download_csv", lang),
        file_name=f"{stem}-records.csv",
        mime="text/csv",
        on_click="ignore",
        data=partial(_records_csv, data, day, provinces, known_then),
        key="download_csv",
    )
    st.download_button(
        t("download_geojson", lang),
        file_name=f"{stem}-sites.geojson",
        mime="application/geo+json",
        on_click="ignore",
        data=partial(_sites_geojson, data, day, provinces, known_then, lang),
        key="download_geojson",
    )
    st.download_button(
        t("download_png", lang),
        file_name=f"{stem}.png",
        mime="image/png",
        on_click="ignore",
        data=partial(slides.render_slide, data, day, provinces, lang, known_then),
        key="download_png",
    )
    every = slides.animation_dates(data.span[0], data.span[1], "change", data.all_records.index)
    frames = thin_dates(every, min(GIF_FRAMES, MAX_FRAMES))
    if len(frames) < len(every):
        st.caption(t("gif_thinned", lang, n=len(frames), total=len(every)))
    st.download_button(
        t("download_gif", lang),
        file_name="posture.gif",
        mime="image/gif",
        on_click="ignore",
        data=partial(slides.render_animation, data, frames, provinces, lang, known_then),
        key="download_gif",
    )
    deck_buttons(workspace, day, lang, provinces, known_then)
    if upload is not None:
        st.download_button(
            t("download_merged", lang),
            file_name="posture-merged.csv",
            mime="text/csv",
            on_click="ignore",
            key="download_merged",
            data=partial(
                export.export_all_records_csv,
                data.dataset.records,
                data.dataset.citations,
                data.dataset.sources,
                data.site_names,
                True,
            ),
        )


def deck_buttons(workspace: Workspace, day: dt.date, lang: str, provinces: tuple, known_then: bool) -> None:
    """A deck of the change dates up to the date shown, and one of the guided story's chapters."""
    data = workspace.data
    changes = slides.animation_dates(data.span[0], day, "change", data.all_records.index)
    if changes:
        dates = thin_dates(changes, DECK_SLIDES)
        st.caption(
            t("deck_thinned", lang, n=len(dates), total=len(changes))
            if len(dates) < len(changes)
            else t("deck_every_change", lang, n=len(dates))
        )
        st.download_button(
            t("download_deck", lang),
            file_name=f"posture-to-{day.isoformat()}.pptx",
            mime=PPTX,
            on_click="ignore",
            data=partial(build_deck, data, dates, provinces, lang, known_then),
            key="download_deck",
        )
    if data.dataset.story:
        st.download_button(
            t("download_story_deck", lang),
            file_name=f"posture-story-{lang}.pptx",
            mime=PPTX,
            on_click="ignore",
            data=partial(build_deck, data, (), (), lang, known_then, story_chapters(data.dataset.story, lang)),
            key="download_story_deck",
        )


def _records_csv(data, day, provinces, known_then) -> str:
    # With a byte-order mark: Excel then reads the Arabic as UTF-8 instead of mojibake.
    return export.records_csv(export.records_in_view(data, day, provinces, known_then), excel=True)


def _sites_geojson(data, day, provinces, known_then, lang) -> str:
    return export.geojson_text(export.sites_geojson(data, day, provinces, known_then, lang=lang))
