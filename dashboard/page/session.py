"""This session's view: opened from the URL once, kept in `st.session_state`, written back to the URL.

The keys: date, compare_date, provinces, lang, tiles (bool), known_then, view, url_warnings, and
jump_to (a date chosen by a timeline click, applied before the slider exists on the next run), and
the scrubber's own ("scrubber", its last committed date). Callbacks get the session's data as an
argument, never from a global.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.prepared import Prepared
from dashboard.urlstate import ViewState, parse_view, view_query


def open_view(data: Prepared) -> None:
    """On this session's first run, take the view from the URL (read against the shipped data's axis);
    on every run, apply a pending jump."""
    state = st.session_state
    if "initialised" not in state:
        first, last = data.span
        parsed = parse_view(
            st.query_params.to_dict() | _repeated(),
            default_date=data.default_date,
            first=first,
            last=last,
            known_provinces=data.province_names["en"],
        )
        view = parsed.state
        state.update(
            initialised=True,
            url_warnings=parsed.warnings,
            date=view.date,
            provinces=list(view.provinces),
            lang=view.lang,
            tiles=view.tiles == "osm",
            known_then=view.known_then,
            view=view.view,
            compare_date=view.compare_date or data.default_date,
            names=True,
            chapter=view.chapter,
        )
    if "jump_to" in state:
        state.date = state.pop("jump_to")


def keep_on_axis(data: Prepared) -> None:
    """Keep the dates inside the time axis of the data this session shows: its uploads may stretch it
    (a plan in 2031), and dropping them shrinks it again."""
    state = st.session_state
    state.date = data.clamp(state.date)
    state.compare_date = data.clamp(state.compare_date)


def _repeated() -> dict[str, list[str]]:
    # to_dict keeps one value of a repeated parameter; get_all shows the repetition, which is warned of.
    return {name: st.query_params.get_all(name) for name in st.query_params if len(st.query_params.get_all(name)) > 1}


def current_view() -> ViewState:
    state = st.session_state
    return ViewState(
        date=state.date,
        provinces=tuple(state.provinces),
        lang=state.lang,
        tiles="osm" if state.tiles else "none",
        view=state.view,
        known_then=state.known_then,
        compare_date=state.compare_date if state.view == "compare" else None,
        chapter=state.chapter,
    )


def write_url() -> None:
    """The address bar follows the view, so it can be sent to a colleague."""
    query = view_query(current_view())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


# ---- callbacks ---------------------------------------------------------------------------------


def step(data: Prepared, direction: str) -> None:
    state = st.session_state
    change = data.previous_change if direction == "previous" else data.next_change
    target = change(state.date, state.known_then)
    if target is not None:
        state.date = data.clamp(target)


def go_to(day: dt.date) -> None:
    st.session_state.date = day


def commit_scrubbed(data: Prepared) -> None:
    """The scrubber let go of a date (dashboard/page/scrubber.py): the page follows it."""
    value = (st.session_state.get("scrubber") or {}).get("commit")
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return  # not a date: nothing a user did (the scrubber sends only its own ISO dates)
    st.session_state.date = data.clamp(day)


def map_drawn() -> None:
    """The scrubber saw the map drawn in its frame (or give up on it): the timeline may follow. Until
    then it waits, because the page's first render waits for Plotly's code (panels.timeline)."""
    st.session_state.map_drawn = True


def compare_with_previous(data: Prepared) -> None:
    state = st.session_state
    previous = data.previous_change(state.date, state.known_then)
    state.view, state.compare_date = "compare", previous or state.date


def leave_compare() -> None:
    st.session_state.view = "map"


def open_story(number: int = 1) -> None:
    st.session_state.view, st.session_state.chapter = "story", number


def leave_story(day: dt.date) -> None:
    """Back to the map, on the chapter's date."""
    st.session_state.view, st.session_state.date = "map", day
