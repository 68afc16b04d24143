"""The scrubber above the map: dragged, it moves the map, the heading and the panel in the browser; let
go, it sets the date.

The component is defined once per process (a definition, like a function: no session's state lives
in it); each session mounts its own instance under the key "scrubber".
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard.charts import date_line_frame
from dashboard.mapview.scrub import ANSWERS_JS, PAGETEXT_JS, SCRUBBER_CSS, SCRUBBER_JS, scrubber_data
from dashboard.page import session
from dashboard.selection import Selection
from dashboard.workspace import Workspace

_SCRUBBER = st.components.v2.component(
    "posture_scrubber",
    # pagetext.js (and answers.js, which it uses) set globals the scrubber's module reads.
    js="\n".join(path.read_text(encoding="utf-8") for path in (ANSWERS_JS, PAGETEXT_JS, SCRUBBER_JS)),
    css=SCRUBBER_CSS.read_text(encoding="utf-8"),
    # In the page's own DOM, not a shadow root: its styles are prefixed, and tests and the
    # benchmark reach #scrubber as a user's tools would.
    isolate_styles=False,
)


def scrubber(workspace: Workspace, selection: Selection) -> None:
    data = workspace.data
    date_line = date_line_frame(workspace.timeline(selection), selection.day, data.span)
    _SCRUBBER(
        key=session.Key.SCRUBBER,
        data=scrubber_data(data, selection, map_drawn=session.map_drawn(), date_line=date_line)
        # The heading and panel follow the thumb only where the map does (not as known then).
        | (workspace.page_tables(selection) if not selection.known_then else {}),
        on_commit_change=partial(session.commit_scrubbed, session.held_weakly(data)),
        on_ready_change=session.mark_map_drawn,
    )
