"""A page drawn by a server that has since restarted: the reader's press is not lost, and the page is
drawn again by the new server as soon as it is back.

After a restart (or once Streamlit has dropped a session kept for reconnection) the browser is given a
fresh session. That session has run nothing, so it knows no widget and calls no callback: the press
that reaches it (Next, Compare, a build's button) only draws the page from its URL, and the press is
lost. Streamlit's page does ask for a run when it reconnects, but only while a fragment has a timer;
until then the download buttons point at files of the old session and do nothing.

- `lost_widget_states` tells such a run (a session's first, carrying the widget states of a page the
  browser already had) and `replay` runs the page again with those states once this run has registered
  every widget: the press is acted on, as if the session had never been lost.
- `rerun_on_reconnect` keeps a fragment that does nothing on an hour's timer, so that Streamlit's page
  asks for a run as soon as it reconnects.

Both read or use private Streamlit behaviour, so they act only behind page/compat.py's `restart` gate,
and do nothing when it is closed. Tested in tests/test_restart.py and, against a server stopped and
started again, in tests/browser/test_restart_in_browser.py.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.page import compat

log = logging.getLogger(__name__)

WATCH_SECONDS = 3600  # the timer's length does not matter to Streamlit's reconnect, only that one runs


def lost_widget_states():
    """On a session's first run (the caller knows), the widget states its browser sent with the run; None
    when it sent none (a fresh visit), without a script context, or with the gate closed. Read before
    any widget is drawn: drawing one takes its state in."""
    if not compat.restart_gate():
        return None
    try:
        from streamlit.proto.WidgetStates_pb2 import WidgetStates
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.state.session_state import Serialized

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None:
            return None
        states = ctx.session_state._state._new_widget_state.states
        sent = [state.value for state in states.values() if isinstance(state, Serialized)]
    except Exception as error:  # never break the page for a workaround
        log.warning("restart: the browser's widget states cannot be read (%r)", error)
        return None
    return WidgetStates(widgets=sent) if sent else None


def replay(widget_states) -> None:
    """Run the page again with `widget_states` (from `lost_widget_states`), now that this run has drawn
    every widget with its callback. Ends this run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or ctx.script_requests is None:
        return
    ctx.script_requests.request_rerun(
        RerunData(
            query_string=ctx.query_string,
            widget_states=widget_states,
            page_script_hash=ctx.page_script_hash,
            cached_message_hashes=ctx.cached_message_hashes,
            context_info=ctx.context_info,
        )
    )
    st.rerun()  # joins the request above: the run that follows carries its widget states


def rerun_on_reconnect() -> None:
    """A fragment on a timer, drawing nothing, so that the page asks the server for a run when it
    reconnects (after a restart: the new server draws the page before the reader presses anything)."""
    if compat.restart_gate():
        st.fragment(_nothing, run_every=WATCH_SECONDS)()


def _nothing() -> None:
    return None
