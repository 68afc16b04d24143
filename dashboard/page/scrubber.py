"""The scrubber above the map: dragged, it moves the map in the browser; let go, it sets the date.

The component is defined once per process (a definition, like a function: no session's state lives
in it); each session mounts its own instance under the key "scrubber".
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard.mapview.scrub import SCRUBBER_CSS, SCRUBBER_JS, scrubber_data
from dashboard.page import session
from dashboard.prepared import Prepared

_SCRUBBER = st.components.v2.component(
    "posture_scrubber",
    js=SCRUBBER_JS.read_text(encoding="utf-8"),
    css=SCRUBBER_CSS.read_text(encoding="utf-8"),
    # In the page's own DOM, not a shadow root: its styles are prefixed, and tests and the
    # benchmark reach #scrubber as a user's tools would.
    isolate_styles=False,
)


def scrubber(data: Prepared, day: dt.date, lang: str, known_then: bool) -> None:
    map_drawn = st.session_state.get("map_drawn", False)
    _SCRUBBER(
        key="scrubber",
        data=scrubber_data(data, day, lang, known_then, map_drawn=map_drawn),
        on_commit_change=partial(session.commit_scrubbed, data),
        on_ready_change=session.map_drawn,
    )
