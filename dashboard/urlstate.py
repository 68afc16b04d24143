"""The dashboard's view as a query string, so a briefer can send a URL that restores the same view.

`parse_view` never raises on user input: each bad value becomes a warning naming the parameter and
the value, and that part of the view falls back to its default.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from dashboard.i18n import LANGUAGES

VIEWS = ("map", "brief", "compare")
TILE_LAYERS = ("none", "osm")


@dataclass(frozen=True)
class ViewState:
    date: dt.date
    provinces: tuple[str, ...] = ()
    lang: str = "en"
    tiles: str = "none"
    view: str = "map"
    known_then: bool = False
    compare_date: dt.date | None = None


@dataclass(frozen=True)
class ParsedView:
    state: ViewState
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _first(value: str | Iterable[str]) -> str:
    if isinstance(value, str):
        return value
    items = list(value)
    return items[-1] if items else ""


def _parse_date(text: str, first: dt.date, last: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("not a date in the form YYYY-MM-DD") from None
    if not first <= day <= last:
        raise ValueError(f"outside the record span {first.isoformat()} to {last.isoformat()}")
    return day


def parse_view(query: Mapping[str, str | Iterable[str]], *, default_date: dt.date,
               first: dt.date, last: dt.date, known_provinces: Iterable[str]) -> ParsedView:
    """Read a view from query parameters; unknown or malformed values give warnings, not errors."""
    state = ViewState(date=default_date)
    warnings: list[str] = []
    known = set(known_provinces)

    def bad(name: str, value: str, why: str) -> None:
        warnings.append(f"Ignored URL parameter {name}={value!r}: {why}.")

    if "date" in query:
        text = _first(query["date"])
        try:
            state = replace(state, date=_parse_date(text, first, last))
        except ValueError as error:
            bad("date", text, str(error))
    if "compare" in query:
        text = _first(query["compare"])
        try:
            state = replace(state, compare_date=_parse_date(text, first, last))
        except ValueError as error:
            bad("compare", text, str(error))
    if "province" in query:
        text = _first(query["province"])
        codes = [code.strip().upper() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            bad("province", ",".join(unknown), "unknown governorate code")
        state = replace(state, provinces=tuple(dict.fromkeys(c for c in codes if c in known)))
    for name, allowed in (("lang", LANGUAGES), ("tiles", TILE_LAYERS), ("view", VIEWS)):
        if name in query:
            text = _first(query[name])
            if text in allowed:
                state = replace(state, **{name: text})
            else:
                bad(name, text, f"expected one of {', '.join(allowed)}")
    if "known" in query:
        text = _first(query["known"])
        if text in ("then", "1", "true"):
            state = replace(state, known_then=True)
        elif text not in ("all", "0", "false"):
            bad("known", text, "expected 'then' or 'all'")
    return ParsedView(state, tuple(warnings))


def view_query(state: ViewState, *, default_date: dt.date) -> dict[str, str]:
    """Query parameters for `state`, leaving out what equals the default so URLs stay short."""
    query: dict[str, str] = {}
    if state.date != default_date:
        query["date"] = state.date.isoformat()
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
    return query
