"""The dashboard's view as a query string, so a briefer can send a URL that restores the same view.

`parse_view` never raises on user input: each bad value becomes a `UrlWarning` naming the parameter and
the value (cut to a readable length), and that part of the view falls back to its default. The page
words warnings in the reader's language (`UrlWarning.text`) and shows them as text, never as markdown.
`view_query` always writes the date: a shared link must show the same day tomorrow, though the default
date (today) moves.

What the view shows is a `Selection` (date, governorates, language, as known then, forces); how it
shows it (view, tiles, the compare date, the story's chapter, the site of a dossier) is the rest of
`ViewState`. A new URL parameter goes here: a field of `Selection` or `ViewState`, its parsing in
`parse_view`, its writing in `view_query` (and its widget, if it has one, in page/session.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from dashboard.dates import DateError, parse_iso_date
from dashboard.i18n import LANGUAGES, t
from dashboard.selection import Selection
from dashboard.vocabulary import FORCES_FILTERS

VIEWS = ("map", "brief", "compare", "story", "site")
TILE_LAYERS = ("none", "osm")
SHOWN_CHARACTERS = 40  # of a bad value, in a warning: a 20,000-character value is not echoed whole
_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII only: str.isdigit() also takes ² and ①, which int() refuses


@dataclass(frozen=True)
class ViewState:
    selection: Selection
    tiles: str = "none"
    view: str = "map"
    compare_date: dt.date | None = None
    chapter: int = 1  # of the guided story, with view=story
    site: str | None = None  # the site whose dossier is shown, with view=site

    @property
    def date(self) -> dt.date:
        return self.selection.day


@dataclass(frozen=True)
class UrlWarning:
    """One ignored parameter: its name, the value as given, and why (a catalogue key and its values)."""

    name: str
    value: str
    reason: str
    details: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        value = self.value if len(self.value) <= SHOWN_CHARACTERS else self.value[:SHOWN_CHARACTERS] + "…"
        return t(
            "url_ignored", lang, name=self.name, value=repr(value), reason=t(self.reason, lang, **dict(self.details))
        )

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class ParsedView:
    state: ViewState
    warnings: tuple[UrlWarning, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class UrlBounds:
    """What a URL's values are checked against: the time axis and its default date, the governorates and
    sites the data knows, and how many chapters the story has (None: not checked)."""

    default_date: dt.date
    first: dt.date
    last: dt.date
    known_provinces: Iterable[str]
    known_sites: Iterable[str] = ()
    chapters: int | None = None


def parse_view(query: Mapping[str, str | Iterable[str]], bounds: UrlBounds | None = None, **fields) -> ParsedView:
    """Read a view from query parameters, checked against `bounds` (or the UrlBounds `fields`); unknown
    or malformed values give warnings, not errors, and no value makes it raise."""
    bounds = bounds or UrlBounds(**fields)
    first, last, chapters = bounds.first, bounds.last, bounds.chapters
    chosen: dict = {"day": bounds.default_date}
    state = ViewState(Selection(bounds.default_date))
    warnings: list[UrlWarning] = []
    known = set(bounds.known_provinces)

    def value(name: str) -> str:
        given = query[name]
        items = [given] if isinstance(given, str) else list(given)
        if len(items) > 1:
            warnings.append(UrlWarning(name, "&".join(items), "url_repeated"))
        return items[0] if items else ""

    def read_date(name: str) -> dt.date | None:
        text = value(name)
        try:
            return parse_iso_date(text, first, last)
        except DateError as error:
            warnings.append(UrlWarning(name, text, error.reason, error.details))
            return None

    def read_choice(name: str, allowed: tuple[str, ...]) -> str | None:
        text = value(name)
        if text in allowed:
            return text
        warnings.append(UrlWarning(name, text, "url_expected", (("allowed", ", ".join(allowed)),)))
        return None

    if "date" in query and (day := read_date("date")):
        chosen["day"] = day
    if "compare" in query and (day := read_date("compare")):
        state = replace(state, compare_date=day)
    if "province" in query:
        text = value("province")
        codes = [code.strip().upper() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            warnings.append(UrlWarning("province", ",".join(unknown), "url_unknown_province"))
        chosen["provinces"] = tuple(dict.fromkeys(c for c in codes if c in known))
    for name, allowed, target in (("lang", LANGUAGES, chosen), ("forces", FORCES_FILTERS, chosen)):
        if name in query and (text := read_choice(name, allowed)):
            target[name] = text
    for name, allowed in (("tiles", TILE_LAYERS), ("view", VIEWS)):
        if name in query and (text := read_choice(name, allowed)):
            state = replace(state, **{name: text})
    if "known" in query:
        text = value("known")
        if text in ("then", "1", "true"):
            chosen["known_then"] = True
        elif text not in ("all", "0", "false"):
            warnings.append(UrlWarning("known", text, "url_expected", (("allowed", "then, all"),)))
    if "chapter" in query:
        text = value("chapter")
        last_chapter = 999 if chapters is None else chapters
        if _NUMBER.fullmatch(text) and 0 < int(text) <= last_chapter:
            state = replace(state, chapter=int(text))
        else:
            allowed = "1, 2, 3…" if chapters is None else f"1 to {chapters}"
            warnings.append(UrlWarning("chapter", text, "url_expected", (("allowed", allowed),)))
    if "site" in query:
        sites = set(bounds.known_sites)
        text = value("site")
        if text in sites:
            state = replace(state, site=text, view="site")
        else:
            warnings.append(UrlWarning("site", text, "url_unknown_site"))
    if state.view == "site" and state.site is None:
        warnings.append(UrlWarning("view", "site", "url_site_needed"))
        state = replace(state, view="map")
    state = replace(state, selection=Selection(**chosen))
    if state.compare_date is not None and state.compare_date > state.date:
        # "Before" comes first: swapped, so the changes are listed forwards, and said so.
        warnings.append(UrlWarning("compare", state.compare_date.isoformat(), "url_compare_after"))
        state = replace(state, selection=state.selection.on(state.compare_date), compare_date=state.date)
    return ParsedView(state, tuple(warnings))


def view_query(state: ViewState) -> dict[str, str]:
    """Query parameters for `state`: always the date, otherwise only what differs from the defaults."""
    selection = state.selection
    query: dict[str, str] = {"date": selection.day.isoformat()}
    if selection.provinces:
        query["province"] = ",".join(selection.provinces)
    if selection.lang != "en":
        query["lang"] = selection.lang
    if selection.forces != FORCES_FILTERS[0]:
        query["forces"] = selection.forces
    if state.tiles != "none":
        query["tiles"] = state.tiles
    if state.view == "site" and state.site:
        query["site"] = state.site
    elif state.view != "map":
        query["view"] = state.view
    if selection.known_then:
        query["known"] = "then"
    if state.compare_date is not None:
        query["compare"] = state.compare_date.isoformat()
    if state.view == "story":
        query["chapter"] = str(state.chapter)
    return query
