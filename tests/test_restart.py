"""page/restart.py without a browser: which runs bring a lost press, and the replay it asks for. The whole
path, against a server stopped and started again, is in tests/browser/test_restart_in_browser.py."""

from __future__ import annotations

import dataclasses
import logging
from types import SimpleNamespace

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime import scriptrunner
from streamlit.runtime.scriptrunner_utils import script_requests
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests, ScriptRequestType
from streamlit.runtime.state.session_state import SessionState

from dashboard.page import compat, restart


@pytest.fixture(autouse=True)
def fresh_gate():
    compat.restart_gate.cache_clear()
    yield
    compat.restart_gate.cache_clear()


def sent(*states: WidgetState) -> WidgetStates:
    return WidgetStates(widgets=list(states))


def context(monkeypatch, state: SessionState, requests: ScriptRequests | None = None):
    ctx = SimpleNamespace(
        session_state=SimpleNamespace(_state=state),
        script_requests=requests,
        query_string="date=2020-01-01&lang=ar",
        page_script_hash="page",
        cached_message_hashes=frozenset({"h"}),
        context_info=None,
    )
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda suppress_warning=False: ctx)
    return ctx


PRESS = WidgetState(id="$$ID-abc-scrubber__events", json_trigger_value='{"event": "commit", "value": "2020-01-03"}')
LANG = WidgetState(id="$$ID-def-lang", string_value="ar")


@pytest.mark.parametrize(
    "from_browser, expected",
    [
        (sent(), None),  # a fresh visit: the browser had no page, so no widget states
        (sent(LANG), [LANG]),  # a page an earlier server drew, no press (the page's own run on reconnecting)
        (sent(LANG, PRESS), [LANG, PRESS]),  # the press that met a session that had run nothing
    ],
)
def test_the_widget_states_a_browser_brings_to_a_fresh_session_are_the_lost_press(monkeypatch, from_browser, expected):
    state = SessionState()
    state.set_widgets_from_proto(from_browser)
    context(monkeypatch, state)
    lost = restart.lost_widget_states()
    assert (None if lost is None else list(lost.widgets)) == expected


def test_widgets_already_drawn_in_this_run_are_not_taken_for_the_browsers(monkeypatch):
    state = SessionState()
    state.set_widgets_from_proto(sent(LANG))
    state._new_widget_state.set_from_value("$$ID-xyz-drawn", 3)  # a widget this run has drawn
    context(monkeypatch, state)
    assert list(restart.lost_widget_states().widgets) == [LANG]


def test_without_a_script_context_or_with_the_gate_closed_there_is_no_lost_press(monkeypatch, caplog):
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda suppress_warning=False: None)
    assert restart.lost_widget_states() is None
    state = SessionState()
    state.set_widgets_from_proto(sent(PRESS))
    context(monkeypatch, state)
    monkeypatch.setattr(compat, "tested", lambda package, installed=None: False)
    compat.restart_gate.cache_clear()
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert restart.lost_widget_states() is None
    assert "restart workaround not used" in caplog.text


def test_a_session_state_of_another_shape_is_no_lost_press_and_no_error(monkeypatch, caplog):
    context(monkeypatch, SimpleNamespace())  # an upgrade moved the widget states: the page goes on
    with caplog.at_level(logging.WARNING, logger="dashboard.page.restart"):
        assert restart.lost_widget_states() is None
    assert "cannot be read" in caplog.text


def test_the_replay_asks_for_a_run_with_the_browsers_widget_states_and_its_url(monkeypatch):
    requests = ScriptRequests()
    ctx = context(monkeypatch, SessionState(), requests)
    ended = []
    monkeypatch.setattr(restart.st, "rerun", lambda: ended.append(True))
    restart.replay(sent(LANG, PRESS))
    assert ended == [True]
    assert requests._state == ScriptRequestType.RERUN
    asked = requests._rerun_data
    assert list(asked.widget_states.widgets) == [LANG, PRESS]
    assert (asked.query_string, asked.page_script_hash) == (ctx.query_string, ctx.page_script_hash)


def test_a_rerun_request_of_another_shape_closes_the_gate(monkeypatch, caplog):
    @dataclasses.dataclass
    class Changed:  # what an upgrade might make of RerunData
        query_string: str = ""

    monkeypatch.setattr(script_requests, "RerunData", Changed)
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert compat.restart_gate() is False
    assert "RerunData has no" in caplog.text and "widget_states" in caplog.text
