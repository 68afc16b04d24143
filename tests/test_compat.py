"""The version gates around private Streamlit and st_folium behaviour: open on the tested versions,
closed (with a warning, never an exception) on others or when the private thing changed shape."""

from __future__ import annotations

import logging
import tomllib

import pytest
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

from dashboard.page import compat, upload_race
from dashboard.paths import repository_root


@pytest.fixture(autouse=True)
def fresh_gates():
    gates = (
        compat.upload_race_gate,
        compat.step_group_gate,
        compat.session_alive_gate,
        compat.restart_gate,
        compat.expired_sessions_gate,
        compat.download_grace_gate,
    )
    for gate in gates:
        gate.cache_clear()
    yield
    for gate in gates:
        gate.cache_clear()


def test_every_gate_is_open_on_the_installed_versions():
    assert compat.upload_race_gate() and compat.step_group_gate() and compat.session_alive_gate()
    assert compat.restart_gate() and compat.expired_sessions_gate() and compat.download_grace_gate()


@pytest.mark.parametrize(
    "version, expected",
    [((1, 67), True), ((1, 67, 3), True), ((1, 66, 9), False), ((1, 68), False), ((2, 0), False), ((), False)],
)
def test_a_streamlit_version_outside_the_tested_range_is_refused(version, expected):
    assert compat.tested("streamlit", version) is expected


@pytest.mark.parametrize(
    "gate, package",
    [
        (compat.upload_race_gate, "streamlit"),
        (compat.step_group_gate, "streamlit-folium"),
        (compat.session_alive_gate, "streamlit"),
        (compat.restart_gate, "streamlit"),
        (compat.expired_sessions_gate, "streamlit"),
        (compat.download_grace_gate, "streamlit"),
    ],
)
def test_an_untested_version_closes_the_gate_with_a_warning(monkeypatch, caplog, gate, package):
    monkeypatch.setattr(compat, "version_of", lambda name: (99,) if name == package else compat.version_of(name))
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert gate() is False
    assert "workaround not used" in caplog.text and "(99,)" in caplog.text


def test_a_changed_queue_signature_closes_the_upload_gate(monkeypatch, caplog):
    def clear(self, keep=False):  # what an upgrade might do
        pass

    monkeypatch.setattr(ForwardMsgQueue, "clear", clear)
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert compat.upload_race_gate() is False
    assert "ForwardMsgQueue.clear takes ['self', 'keep']" in caplog.text


def test_a_closed_gate_installs_nothing(monkeypatch):
    original = getattr(ForwardMsgQueue.clear, "unpatched", ForwardMsgQueue.clear)
    monkeypatch.setattr(ForwardMsgQueue, "clear", original)
    monkeypatch.setattr(compat, "tested", lambda package, installed=None: False)
    compat.install()
    assert ForwardMsgQueue.clear is original


class _ChangedMessage:
    """A queued message whose first look fails, as after an upgrade that changed the message type."""

    def __init__(self):
        self.looks = 0

    def WhichOneof(self, field):  # noqa: N802 (protobuf's name)
        self.looks += 1
        if self.looks == 1:
            raise AttributeError("no such field")
        return "new_session"


def test_the_patched_clear_falls_back_to_streamlits_own_on_a_surprise(caplog):
    upload_race.install()
    queue = ForwardMsgQueue()
    queue._queue = [_ChangedMessage()]
    with caplog.at_level(logging.WARNING, logger="dashboard.page.upload_race"):
        queue.clear(retain_lifecycle_msgs=True)  # no exception inside Streamlit's event loop
    assert len(queue._queue) == 1  # Streamlit's own clear ran: it keeps lifecycle messages
    assert "message queue changed" in caplog.text


def test_pyproject_bounds_match_the_tested_ranges():
    project = tomllib.loads((repository_root() / "pyproject.toml").read_text())
    dependencies = {d.split(">")[0].split("=")[0].split("<")[0].strip(): d for d in project["project"]["dependencies"]}
    for package, (low, high) in compat.TESTED.items():
        spec = dependencies[package].replace(" ", "")
        dotted = lambda v: ".".join(map(str, v))  # noqa: E731
        assert f">={dotted(low)}" in spec and f"<{dotted(high)}" in spec, spec


def test_a_changed_liveness_call_closes_the_session_gate_and_liveness_is_unknown(monkeypatch, caplog):
    """Closed, the session stores cannot tell a closed session: they keep a bounded number instead."""
    from streamlit.runtime import Runtime

    monkeypatch.setattr(Runtime, "is_active_session", lambda self, session_id, strict: True)
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert compat.session_alive_gate() is False
        assert compat.session_alive("any") is None and compat.session_id() is None
    assert "is_active_session takes ['self', 'session_id', 'strict']" in caplog.text


def test_without_a_running_server_liveness_is_unknown_never_false():
    """Under AppTest or a plain import there is no runtime: nothing may be dropped as if its session closed."""
    assert compat.session_alive("any") is None


def test_a_session_manager_without_get_session_info_closes_the_expired_sessions_gate(monkeypatch, caplog):
    """Closed, a forgotten session's uploaded files stay, as in Streamlit; nothing is released or raised."""
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    monkeypatch.setattr(WebsocketSessionManager, "get_session_info", None)  # what an upgrade might remove
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert compat.expired_sessions_gate() is False
        assert compat.release_expired_sessions() == []
    assert "WebsocketSessionManager has no ['get_session_info']" in caplog.text


def test_without_a_running_server_no_expired_session_is_released():
    assert compat.release_expired_sessions() == []


def test_the_sweep_still_says_which_forgotten_sessions_it_let_go(monkeypatch):
    """The sweeper gives memory back only when `also` says it let something go: the pressed downloads'
    collection, added after it, must not hide what the release returned."""
    collected = []
    monkeypatch.setattr(compat, "release_expired_sessions", lambda: ["closed-tab"])
    monkeypatch.setattr(compat, "collect_orphaned_media", lambda: collected.append(True))
    assert compat.after_sweep() == ["closed-tab"] and collected == [True]
