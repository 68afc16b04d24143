"""The dashboard's view as a query string, so a briefer can send a URL that restores the same view.

`parse_view` never raises on user input: each bad value becomes a `UrlWarning` naming the parameter and
the value (cut to a readable length), and that part of the view falls back to its default. The page
words warnings in the reader's language (`UrlWarning.text`) and shows them as text, never as markdown.
`view_query` always writes the date: a shared link must show the same day tomorrow, though the default
date (today) moves.

A new URL parameter goes here: a field of `ViewState`, its parsing in `parse_view`, its writing in
`view_query`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from dashboard.i18n import LANGUAGES, t

VIEWS = ("map", "brief", "compare", "story")
TILE_LAYERS = ("none", "osm")
SHOWN_CHARACTERS = 40  # of a bad value, in a warning: a 20,000-character value is not echoed whole
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # only this form: no 20251001, no 2025-W40-3


@dataclass(frozen=True)
class ViewState:
    date: dt.date
    provinces: tuple[str, ...] = ()
    lang: str = "en"
    tiles: str = "none"
    view: str = "map"
    known_then: bool = False
    compare_date: dt.date | None = None
    chapter: int = 1  # of the guided story, with view=story


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


class _BadValue(ValueError):
    def __init__(self, reason: str, **details: str):
        super().__init__(reason)
        self.reason, self.details = reason, tuple(details.items())


def _parse_date(text: str, first: dt.date, last: dt.date) -> dt.date:
    if not _ISO_DATE.fullmatch(text):
        raise _BadValue("url_not_a_date")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise _BadValue("url_no_such_day") from None
    if not first <= day <= last:
        raise _BadValue("url_outside", first=first.isoformat(), last=last.isoformat())
    return day


def parse_view(
    query: Mapping[str, str | Iterable[str]],
    *,
    default_date: dt.date,
    first: dt.date,
    last: dt.date,
    known_provinces: Iterable[str],
) -> ParsedView:
    """Read a view from query parameters; unknown or malformed values give warnings, not errors."""
    state = ViewState(date=default_date)
    warnings: list[UrlWarning] = []
    known = set(known_provinces)

    def value(name: str) -> str:
        given = query[name]
        items = [given] if isinstance(given, str) else list(given)
        if len(items) > 1:
            warnings.append(UrlWarning(name, "&".join(items), "url_repeated"))
        return items[0] if items else ""

    def read_date(name: str) -> dt.date | None:
        text = value(name)
        try:
            return _parse_date(text, first, last)
        except _BadValue as error:
            warnings.append(UrlWarning(name, text, error.reason, error.details))
            return None

    if "date" in query and (day := read_date("date")):
        state = replace(state, date=day)
    if "compare" in query and (day := read_date("compare")):
        state = replace(state, compare_date=day)
    if "province" in query:
        text = value("province")
        codes = [code.strip().upper() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            warnings.append(UrlWarning("province", ",".join(unknown), "url_unknown_province"))
        state = replace(state, provinces=tuple(dict.fromkeys(c for c in codes if c in known)))
    for name, allowed in (("lang", LANGUAGES), ("tiles", TILE_LAYERS), ("view", VIEWS)):
        if name in query:
            text = value(name)
            if text in allowed:
                state = replace(state, **{name: text})
            else:
                warnings.append(UrlWarning(name, text, "url_expected", (("allowed", ", ".join(allowed)),)))
    if "chapter" in query:
        text = value("chapter")
        if text.isdigit() and 0 < int(text) < 1000:
            state = replace(state, chapter=int(text))
        else:
            warnings.append(UrlWarning("chapter", text, "url_expected", (("allowed", "1, 2, 3…"),)))
    if "known" in query:
        text = value("known")
        if text in ("then", "1", "true"):
            state = replace(state, known_then=True)
        elif text not in ("all", "0", "false"):
            warnings.append(UrlWarning("known", text, "url_expected", (("allowed", "then, all"),)))
    if state.compare_date is not None and state.compare_date > state.date:
        # "Before" comes first: swapped, so the changes are listed forwards, and said so.
        warnings.append(UrlWarning("compare", state.compare_date.isoformat(), "url_compare_after"))
        state = replace(state, date=state.compare_date, compare_date=state.date)
    return ParsedView(state, tuple(warnings))


def view_query(state: ViewState) -> dict[str, str]:
    """Query parameters for `state`: always the date, otherwise only what differs from the defaults."""
    query: dict[str, str] = {"date": state.date.isoformat()}
    if state.provinces:
        query["province"] = ",".join(state.provinces)
    if state.lang != "en":
        query["lang"] = state.lang
    if state.tiles != "none":
        query["tiles"] = state.tiles
    if state.view != "map":
        query["view"] = state.view
    if state.known_then:
        query["known"] = "then"
    if state.compare_date is not None:
        query["compare"] = state.compare_date.isoformat()
    if state.view == "story":
        query["chapter"] = str(state.chapter)
    return query
