"""A slide deck (.pptx) of the posture over a range of dates, or of a guided story's chapters.

    build_deck(prepared, dates, selection, chapters=None) -> .pptx bytes (the selection's governorates,
        language, as known then and forces apply to every slide)
    DeckChapter(date, title, text, provinces=()): one chapter of a story, in the deck's language

A title slide; one slide per date (or chapter) with the map as a picture and, as editable text, the
date (or the chapter's title), what changed since the previous slide (or the chapter's text), the
force level and the sources in effect with their confidence grades; then every source the deck cites.
Arabic decks read right to left. Command line: `python -m dashboard.deck --help`.

Pure: takes its inputs as arguments and never imports streamlit.
"""

from __future__ import annotations

from .build import MAP_DPI, build_deck
from .content import DeckChapter, story_chapters

__all__ = ["MAP_DPI", "DeckChapter", "build_deck", "story_chapters"]
