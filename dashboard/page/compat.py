"""Every use of private Streamlit or streamlit-folium behaviour, behind a version gate (the model is
geopandas' `_compat.py`).

A gate is open only for the versions the workaround was written and tested against (`TESTED`), and
only while the private thing it touches still looks as it did. A closed gate logs one warning and the
page goes on without the workaround: it never raises, least of all inside Streamlit's event loop.
`tests/test_compat.py` holds each gate, open and closed.

The workarounds:
- `upload_race`: keeps a file uploader's upload address when a rerun interrupts the script (patches
  `ForwardMsgQueue.clear` and reads its `_queue`). Closed: Streamlit's own behaviour, which loses a
  file chosen during such a rerun about one time in six.
- `step_group`: the map is drawn once and restyled per date by a script that travels as st_folium's
  `feature_group_to_add` (mapview/restyle.py relies on st_folium calling the group's `add_to` and
  reading its script from its template). Closed: the map is built afresh with the date's script in it,
  each step, which is slower but shows the same map.
- `session_alive`: whether a session is still connected (`Runtime.is_active_session`), so a closed
  session's upload and builds can be let go (dashboard/session_store.py). Closed: the stores keep a
  bounded number of sessions' values, the least recently used dropped first.
- `restart`: a browser whose page was drawn by a server that has since restarted (or that dropped its
  session) is given a fresh session, which has registered no widget and so calls no callback: the
  press that reaches it is lost (page/restart.py replays it), and Streamlit's page asks for a run on
  reconnecting only while a fragment has a timer (page/restart.py keeps one). Reads
  `SessionState._new_widget_state` and builds a `RerunData`. Closed: the first press after a restart
  is lost, as in Streamlit, and the download buttons answer only after a press has rerun the page.
- `expired_sessions`: a closed session that expires from Streamlit's store for reconnecting is never
  shut down, so its uploaded files and media references stay for the server's life; page/
  expired_sessions.py lets them go, reading the runtime's `_session_mgr` and the media manager's
  `_files_by_session_and_coord`. Closed: they stay, as in Streamlit.
- `download_grace`: a download button's builder and the file a press built are kept a minute after no
  session references them (page/download_grace.py patches the media manager's
  `_get_inactive_file_ids` and `_remove_orphaned_deferred_callables`). Closed: a download pressed
  during a rerun, or while other sessions rerun, can do nothing, as in Streamlit.
"""

from __future__ import annotations

import inspect
import logging
import re
from functools import cache
from importlib import metadata

log = logging.getLogger(__name__)

# Package -> (lowest version tested, first version not tested). pyproject.toml's bounds match.
TESTED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "streamlit": ((1, 67), (1, 68)),
    "streamlit-folium": ((0, 27, 4), (0, 28)),
}


def version_of(package: str) -> tuple[int, ...]:
    """The installed version's leading numbers, e.g. (1, 67, 0) for 1.67.0rc1; () if it cannot be read."""
    try:
        text = metadata.version(package)
    except metadata.PackageNotFoundError:
        return ()
    match = re.match(r"[0-9]+(\.[0-9]+)*", text)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def tested(package: str, installed: tuple[int, ...] | None = None) -> bool:
    """Whether `installed` (default: the installed version) lies in the range `TESTED` gives."""
    low, high = TESTED[package]
    version = version_of(package) if installed is None else installed
    return bool(version) and low <= version < high


def _closed(gate: str, why: str) -> bool:
    log.warning("compat: %s workaround not used: %s", gate, why)
    return False


@cache
def upload_race_gate() -> bool:
    """Open when the installed Streamlit's message queue is the one upload_race.py patches."""
    if not tested("streamlit"):
        return _closed("upload_race", f"streamlit {version_of('streamlit')} is outside {TESTED['streamlit']}")
    try:
        from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

        parameters = inspect.signature(getattr(ForwardMsgQueue.clear, "unpatched", ForwardMsgQueue.clear)).parameters
        queue = ForwardMsgQueue()
    except Exception as error:  # an upgrade moved or changed it: go on without the fix
        return _closed("upload_race", f"ForwardMsgQueue is not as expected ({error!r})")
    if list(parameters) != ["self", "retain_lifecycle_msgs", "fragment_ids_this_run"]:
        return _closed("upload_race", f"ForwardMsgQueue.clear takes {list(parameters)}")
    if not isinstance(getattr(queue, "_queue", None), list):
        return _closed("upload_race", "ForwardMsgQueue has no _queue list")
    return True


@cache
def step_group_gate() -> bool:
    """Open when the installed st_folium takes `feature_group_to_add` as mapview/restyle.py expects."""
    if not tested("streamlit-folium"):
        return _closed(
            "step_group", f"streamlit-folium {version_of('streamlit-folium')} is outside {TESTED['streamlit-folium']}"
        )
    try:
        from streamlit_folium import st_folium

        parameters = inspect.signature(st_folium).parameters
    except Exception as error:
        return _closed("step_group", f"st_folium cannot be inspected ({error!r})")
    if "feature_group_to_add" not in parameters:
        return _closed("step_group", "st_folium takes no feature_group_to_add")
    return True


@cache
def session_alive_gate() -> bool:
    """Open when the installed Streamlit's runtime answers `is_active_session` and names the running
    session in its script context."""
    if not tested("streamlit"):
        return _closed("session_alive", f"streamlit {version_of('streamlit')} is outside {TESTED['streamlit']}")
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx  # noqa: F401

        parameters = list(inspect.signature(Runtime.is_active_session).parameters)
    except Exception as error:
        return _closed("session_alive", f"Runtime.is_active_session cannot be inspected ({error!r})")
    if parameters != ["self", "session_id"]:
        return _closed("session_alive", f"Runtime.is_active_session takes {parameters}")
    return True


@cache
def restart_gate() -> bool:
    """Open when the installed Streamlit keeps a rerun's incoming widget states as page/restart.py reads
    them and takes them back in a `RerunData`."""
    if not tested("streamlit"):
        return _closed("restart", f"streamlit {version_of('streamlit')} is outside {TESTED['streamlit']}")
    try:
        from dataclasses import fields

        from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
        from streamlit.runtime.state.session_state import Serialized, SessionState, WStates

        shapes = {
            "RerunData": {f.name for f in fields(RerunData)},
            "SessionState": {f.name for f in fields(SessionState)},
            "WStates": {f.name for f in fields(WStates)},
            "Serialized": {f.name for f in fields(Serialized)},
        }
    except Exception as error:
        return _closed("restart", f"Streamlit's session state cannot be inspected ({error!r})")
    wanted = {
        "RerunData": {"query_string", "widget_states", "page_script_hash", "cached_message_hashes", "context_info"},
        "SessionState": {"_new_widget_state"},
        "WStates": {"states"},
        "Serialized": {"value"},
    }
    for name, needed in wanted.items():
        if not needed <= shapes[name]:
            return _closed("restart", f"{name} has no {sorted(needed - shapes[name])}")
    return True


@cache
def expired_sessions_gate() -> bool:
    """Open when the installed Streamlit's session, upload and media managers have what
    page/expired_sessions.py calls."""
    if not tested("streamlit"):
        return _closed("expired_sessions", f"streamlit {version_of('streamlit')} is outside {TESTED['streamlit']}")
    try:
        from streamlit.runtime.media_file_manager import MediaFileManager
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

        media_init = inspect.getsource(MediaFileManager.__init__)
        uploads_init = inspect.getsource(MemoryUploadedFileManager.__init__)
    except Exception as error:
        return _closed("expired_sessions", f"Streamlit's managers cannot be inspected ({error!r})")
    needed = {
        WebsocketSessionManager: ["get_session_info"],
        MemoryUploadedFileManager: ["remove_session_files"],
        MediaFileManager: ["clear_session_refs", "remove_orphaned_files"],
    }
    for owner, methods in needed.items():
        missing = [name for name in methods if not callable(getattr(owner, name, None))]
        if missing:
            return _closed("expired_sessions", f"{owner.__name__} has no {missing}")
    if "self._files_by_session_and_coord" not in media_init or "self.file_storage" not in uploads_init:
        return _closed("expired_sessions", "the media or upload manager no longer indexes files by session")
    return True


@cache
def download_grace_gate() -> bool:
    """Open when the installed Streamlit's media manager drops files and builders through the two methods
    page/download_grace.py patches, and indexes them as it reads."""
    if not tested("streamlit"):
        return _closed("download_grace", f"streamlit {version_of('streamlit')} is outside {TESTED['streamlit']}")
    try:
        from streamlit.runtime.media_file_manager import MediaFileManager

        init = inspect.getsource(MediaFileManager.__init__)
        collect = inspect.getsource(MediaFileManager.remove_orphaned_files)
    except Exception as error:
        return _closed("download_grace", f"Streamlit's media manager cannot be inspected ({error!r})")
    for method in ("_get_inactive_file_ids", "_remove_orphaned_deferred_callables", "_drop_deferred_id"):
        if not callable(getattr(MediaFileManager, method, None)):
            return _closed("download_grace", f"MediaFileManager has no {method}")
    for needed, source in (
        ("self._deferred_callables", init),
        ("self._files_by_session_and_coord", init),
        ("self._get_inactive_file_ids()", collect),
        ("self._remove_orphaned_deferred_callables()", collect),
    ):
        if needed not in source:
            return _closed("download_grace", f"the media manager no longer uses {needed}")
    return True


def collect_orphaned_media() -> None:
    """Let Streamlit drop the files and builders whose grace has passed (page/download_grace.py), when no
    run ends to do it. Called from the sweeper's thread: it never raises."""
    if not download_grace_gate():
        return
    try:
        from streamlit import runtime

        if runtime.exists():
            runtime.get_instance().media_file_mgr.remove_orphaned_files()
    except Exception:
        return


def after_sweep() -> list[str]:
    """What the upload store's sweeper does after each sweep: let go of what Streamlit keeps of sessions
    it forgot, and of pressed downloads past their grace. Returns the sessions let go: the sweeper then
    gives their memory back (session_store.sweep_every)."""
    gone = release_expired_sessions()
    collect_orphaned_media()
    return gone


def release_expired_sessions() -> list[str]:
    """Let go of what Streamlit keeps of sessions it has forgotten (page/expired_sessions.py); their ids.
    Nothing when the gate is closed or no server runs. Called from the sweeper's thread: it never raises."""
    if not expired_sessions_gate():
        return []
    try:
        from streamlit import runtime

        from dashboard.page import expired_sessions

        return expired_sessions.release(runtime.get_instance()) if runtime.exists() else []
    except Exception:
        return []


def session_id() -> str | None:
    """The running session's id, or None when it cannot be told (no script context, or the gate closed)."""
    if not session_alive_gate():
        return None
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        return ctx.session_id if ctx is not None else None
    except Exception:
        return None


def session_alive(session_id: str) -> bool | None:
    """Whether the session is still connected; None when it cannot be told (no runtime: AppTest, or the
    gate closed). Called from the upload sweeper's thread: it never raises."""
    if not session_alive_gate():
        return None
    try:
        from streamlit import runtime

        if not runtime.exists():
            return None
        return runtime.get_instance().is_active_session(session_id)
    except Exception:
        return None


def install() -> None:
    """Install the workarounds whose gates are open. Safe to call on every rerun."""
    if upload_race_gate():
        from dashboard.page import upload_race

        upload_race.install()
    if download_grace_gate():
        from dashboard.page import download_grace

        download_grace.install()
