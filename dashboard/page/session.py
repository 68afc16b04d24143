"""This session's view: opened from the URL once, kept in `st.session_state`, written back to the URL.

This module owns every session key; the rest of the page reads and writes them through the accessors
below, never by name. Widgets are bound to the keys in `Key` (Streamlit keeps a widget's value under
its key). `selection()` is the one `Selection` of a run, made from them after the date widgets have run.
Callbacks get the session's data as an argument, never from a global.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
import weakref
from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

import streamlit as st

from dashboard.dates import DateError, parse_iso_date
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.urlstate import UrlWarning, ViewState, parse_view, view_query

T = TypeVar("T")


class Key(StrEnum):
    """Every key this page keeps in the session."""

    INITIALISED = "initialised"
    URL_WARNINGS = "url_warnings"  # tuple[UrlWarning, ...] of the URL the session opened
    URL_WARNINGS_FOR = "url_warnings_for"  # the query they were about: shown until the view moves from it
    DATE = "date"  # the committed date (the scrubber, the URL and the timeline set it)
    PROVINCES = "provinces"  # the governorate multiselect (a list)
    LANG = "lang"  # the language radio
    KNOWN_THEN = "known_then"  # the "as known then" toggle
    FORCES = "forces"  # the forces radio: "all" or "US"
    NAMES = "names"  # the names-on-map toggle
    TILES = "tiles"  # the online-tiles checkbox (bool)
    VIEW = "view"  # map, brief, compare, story or site
    COMPARE_DATE = "compare_date"  # the compare view's "before" slider
    CHAPTER = "chapter"  # of the guided story
    SITE = "site"  # of the dossier
    APPLIED_POINTS = "applied_points"  # the timeline selection already acted on
    MAP_DRAWN = "map_drawn"  # the scrubber saw the map drawn: the timeline may follow
    CONTROLS_DRAWN = "controls_drawn"  # the sidebar's controls have been drawn in this session
    SCRUBBER = "scrubber"  # the scrubber component's own state
    STORE_KEY = "store_key"  # this session's key in the session stores, when Streamlit's id is unknown
    UPLOAD_REMOVALS = "upload_removals"  # kind -> how many times its file was removed (see upload_key)
    LOST_PRESS = "lost_press"  # a restart's lost widget states, until replayed (page/restart.py)
    BUILDS_LOST = "builds_lost"  # keys of heavy downloads a server restart lost, until pressed again


def upload_key(kind: str) -> str:
    """The key of the file uploader for one kind of file (records, citations, sites, sources). It changes
    each time the kind's file is removed, so the next file comes to a new uploader: the old one ignored a
    corrected file chosen again under the same name (issue 22), its file input still holding that name."""
    removals = st.session_state.get(Key.UPLOAD_REMOVALS, {}).get(kind, 0)
    return f"upload_{kind}" + (f"_{removals}" if removals else "")


def note_upload_change(kind: str) -> None:
    """The uploader of `kind` changed (on_change): a removal gives the kind a fresh uploader next run."""
    state = st.session_state
    if state.get(upload_key(kind)) is None:
        removals = state.get(Key.UPLOAD_REMOVALS, {})
        state[Key.UPLOAD_REMOVALS] = removals | {kind: removals.get(kind, 0) + 1}


def first_run() -> bool:
    """Whether this session has not yet opened its view (open_view has not run in it)."""
    return Key.INITIALISED not in st.session_state


def keep_lost_press(widget_states) -> None:
    """Keep (or, with None, let go) the widget states a browser brought to this session's first run from
    a page an earlier server drew (page/restart.py), until a run of the page gets to its end."""
    st.session_state[Key.LOST_PRESS] = widget_states


def lost_press():
    return st.session_state.get(Key.LOST_PRESS)


def resumed() -> bool:
    """Whether this run is one of a session a restart gave a browser, before its lost press is replayed."""
    return st.session_state.get(Key.LOST_PRESS) is not None


def open_view(data: Prepared) -> None:
    """On this session's first run, take the view from the URL (read against the shipped data); on every
    run, apply a pending jump."""
    state = st.session_state
    if Key.INITIALISED not in state:
        first, last = data.span
        query = st.query_params.to_dict() | _repeated()
        parsed = parse_view(
            query,
            default_date=data.default_date,
            first=first,
            last=last,
            known_provinces=data.province_names["en"],
            known_sites=data.site_ids,
            chapters=len(data.dataset.story) or None,
        )
        view, chosen = parsed.state, parsed.state.selection
        state.update(
            {
                Key.INITIALISED: True,
                Key.URL_WARNINGS: parsed.warnings,
                Key.DATE: chosen.day,
                Key.PROVINCES: list(chosen.provinces),
                Key.LANG: chosen.lang,
                Key.KNOWN_THEN: chosen.known_then,
                Key.FORCES: chosen.forces,
                Key.TILES: view.tiles == "osm",
                Key.VIEW: view.view,
                Key.COMPARE_DATE: view.compare_date or data.default_date,
                Key.NAMES: True,
                Key.CHAPTER: view.chapter,
                Key.SITE: view.site,
            }
        )
        # The warnings stay until the reader changes the view away from the URL they are about.
        state[Key.URL_WARNINGS_FOR] = view_query(view)


def keep_on_axis(data: Prepared) -> None:
    """Keep the dates inside the time axis of the data this session shows: its uploads may stretch it
    (a plan in 2031), and dropping them shrinks it again."""
    state = st.session_state
    state[Key.DATE] = data.clamp(state[Key.DATE])
    state[Key.COMPARE_DATE] = data.clamp(state[Key.COMPARE_DATE])


def _repeated() -> dict[str, list[str]]:
    # to_dict keeps one value of a repeated parameter; get_all shows the repetition, which is warned of.
    return {name: st.query_params.get_all(name) for name in st.query_params if len(st.query_params.get_all(name)) > 1}


# ---- reading ------------------------------------------------------------------------------------


def selection() -> Selection:
    """What this run shows: the date, governorates, language, as known then and forces."""
    state = st.session_state
    return Selection(
        state[Key.DATE], tuple(state[Key.PROVINCES]), state[Key.LANG], state[Key.KNOWN_THEN], state[Key.FORCES]
    )


def current_view() -> ViewState:
    state = st.session_state
    view = state[Key.VIEW]
    return ViewState(
        selection(),
        tiles="osm" if state[Key.TILES] else "none",
        view=view,
        compare_date=state[Key.COMPARE_DATE] if view == "compare" else None,
        chapter=state[Key.CHAPTER],
        site=state[Key.SITE] if view == "site" else None,
    )


def language() -> str:
    return st.session_state[Key.LANG]


def view() -> str:
    return st.session_state[Key.VIEW]


def tiles() -> str:
    return "osm" if st.session_state[Key.TILES] else "none"


def names_on_map() -> bool:
    return st.session_state.get(Key.NAMES, True)


def chapter_number() -> int:
    return st.session_state[Key.CHAPTER]


def site() -> str | None:
    return st.session_state.get(Key.SITE)


def map_drawn() -> bool:
    return st.session_state.get(Key.MAP_DRAWN, False)


def uploaded(kind: str):
    """The file uploader's value for `kind`, or None."""
    return st.session_state.get(upload_key(kind))


def url_warnings() -> Sequence[UrlWarning]:
    """The warnings of the URL the session opened, while the view is still the one that URL asked for:
    they stay through the reruns that follow the first paint, and go once the reader moves on."""
    state = st.session_state
    if state.get(Key.URL_WARNINGS) and view_query(current_view()) != state.get(Key.URL_WARNINGS_FOR):
        state[Key.URL_WARNINGS] = ()
    return state.get(Key.URL_WARNINGS, ())


def write_url() -> None:
    """The address bar follows the view, so it can be sent to a colleague."""
    query = view_query(current_view())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


# ---- this session's key in the session stores (page/data.py, page/builds.py) ---------------------


def store_key(session_id: str | None) -> str:
    """This session's key in the session stores (its upload, its builds): Streamlit's session id, or,
    where it cannot be told (page/compat.py), a random one kept in the session."""
    if session_id is not None:
        return session_id
    state = st.session_state
    if Key.STORE_KEY not in state:
        state[Key.STORE_KEY] = uuid.uuid4().hex
    return state[Key.STORE_KEY]


# ---- callbacks ---------------------------------------------------------------------------------


def held_weakly(data: T) -> T:
    """`data` (prepared data, a workspace) as a callback, a fragment or a deferred download should hold it: a
    weak proxy. Streamlit keeps a closed
    session's callbacks with its state, and its download callables until the session is shut down, so a
    strong reference kept a closed session's uploaded data alive whatever the session store did (issue 22)."""
    return weakref.proxy(data)


def _unless_let_go(callback):
    """A callback whose data was let go (its session was swept while away, and came back) does nothing:
    the rerun that follows builds the data again, and the reader presses again."""

    @functools.wraps(callback)
    def guarded(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except ReferenceError:
            return None

    return guarded


def jump_to(day: dt.date, points) -> bool:
    """A date picked on the timeline, for the rerun the caller asks for (this run has drawn the heading
    already). False when these points were acted on already."""
    state = st.session_state
    if points == state.get(Key.APPLIED_POINTS):
        return False
    state[Key.APPLIED_POINTS] = points
    state[Key.DATE] = day
    return True


@_unless_let_go
def commit_scrubbed(data: Prepared) -> None:
    """The scrubber let go of a date (dashboard/page/scrubber.py): the page follows it."""
    value = (st.session_state.get(Key.SCRUBBER) or {}).get("commit")
    try:
        day = parse_iso_date(value)
    except DateError:
        return  # not a date: nothing a user did (the scrubber sends only its own ISO dates)
    st.session_state[Key.DATE] = data.clamp(day)


def waits_for_map(view: str) -> bool:
    """Whether this run is the map view's first paint: the map and what frames it (the title, the date,
    the buttons, the scrubber, the panel beside the map), with a line in place of each of the rest (the
    sidebar's controls, the timeline, the records and downloads). Streamlit shows nothing of a run until
    every element's code has loaded and rendered: the sidebar's controls held the map back by about
    0.3 s, the timeline's Plotly by 1.5 s, the tabs by 0.15 s (bench/README.md). The scrubber reports the
    map drawn (mark_map_drawn) and the page runs again, whole.

    Never once the controls have been drawn in this session, since a widget left out of a run loses its
    state; nor in a run that brings a press lost to a restart (page/restart.py), which needs every widget."""
    state = st.session_state
    return view == "map" and not map_drawn() and not state.get(Key.CONTROLS_DRAWN) and lost_press() is None


def mark_controls_drawn() -> None:
    st.session_state[Key.CONTROLS_DRAWN] = True


def mark_map_drawn() -> None:
    """The scrubber saw the map drawn in its frame (or gave up on it): the timeline may follow. Until
    then it waits, because the page's first render waits for Plotly's code (panels.timeline)."""
    st.session_state[Key.MAP_DRAWN] = True


@_unless_let_go
def compare_with_previous(data: Prepared) -> None:
    previous = data.previous_change(selection())
    st.session_state[Key.VIEW] = "compare"
    st.session_state[Key.COMPARE_DATE] = previous or st.session_state[Key.DATE]


def show_map() -> None:
    st.session_state[Key.VIEW] = "map"


def open_story(number: int = 1) -> None:
    st.session_state[Key.VIEW], st.session_state[Key.CHAPTER] = "story", number


def leave_story(day: dt.date) -> None:
    """Back to the map, on the chapter's date."""
    st.session_state[Key.VIEW], st.session_state[Key.DATE] = "map", day


def open_site(site_id: str) -> None:
    """The dossier of one site: every record about it."""
    st.session_state[Key.VIEW], st.session_state[Key.SITE] = "site", site_id
