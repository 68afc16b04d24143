"""Issue 22, memory after the last session closes: a session Streamlit forgot without shutting it down
(a closed tab, expired from the store for reconnecting) keeps its uploaded files in Streamlit's upload
manager for the server's life. page/expired_sessions.py lets them go; these tests run it against
Streamlit's own upload and media managers."""

from __future__ import annotations

import logging

import pytest
from streamlit.runtime import media_file_manager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from dashboard.page import download_grace, expired_sessions


@pytest.mark.parametrize(
    "named, known, expected",
    [
        ([], set(), []),
        (["a"], {"a"}, []),
        (["a"], set(), ["a"]),
        (["b", "a", "b"], {"c"}, ["a", "b"]),  # named by both managers: once
        (["a", "b"], {"b"}, ["a"]),
    ],
)
def test_forgotten_sessions_are_those_the_session_manager_no_longer_holds(named, known, expected):
    assert expired_sessions.forgotten(named, known.__contains__) == expected


class SessionManager:
    """Streamlit's session manager as release() asks it: the sessions connected or kept for reconnecting."""

    def __init__(self, known):
        self.known = set(known)

    def get_session_info(self, session_id):
        return object() if session_id in self.known else None


class Runtime:
    def __init__(self, known):
        self.uploaded_file_mgr = MemoryUploadedFileManager("/_stcore/upload_file")
        self.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/media"))
        self._session_mgr = SessionManager(known)

    def upload(self, session_id, name, size):
        self.uploaded_file_mgr.add_file(
            session_id, UploadedFileRec(f"{session_id}-{name}", name, "text/csv", b"x" * size)
        )

    def download(self, monkeypatch, session_id, data):
        monkeypatch.setattr(media_file_manager, "_get_session_id", lambda: session_id)
        return self.media_file_mgr.add(
            data, "text/csv", f"coords-{session_id}", "records.csv", is_for_static_download=True
        )


def test_a_forgotten_sessions_uploads_and_downloads_are_let_go_and_a_known_ones_kept(monkeypatch):
    runtime = Runtime(known={"open", "reconnecting"})
    for session_id in ("open", "reconnecting", "closed-tab"):
        runtime.upload(session_id, "records.csv", 5_000_000)
        runtime.upload(session_id, "citations.csv", 1_000)
        runtime.download(monkeypatch, session_id, f"rows of {session_id}".encode())

    assert expired_sessions.release(runtime) == ["closed-tab"]

    uploads = runtime.uploaded_file_mgr
    assert sorted(uploads.file_storage) == ["open", "reconnecting"]
    assert uploads.get_files("closed-tab", ["closed-tab-records.csv"]) == []
    assert [f.name for f in uploads.get_files("open", ["open-records.csv"])] == ["records.csv"]
    assert "closed-tab" not in runtime.media_file_mgr._files_by_session_and_coord
    assert set(runtime.media_file_mgr._files_by_session_and_coord) == {"open", "reconnecting"}
    assert expired_sessions.release(runtime) == []  # nothing left to let go


def test_a_forgotten_sessions_download_file_leaves_the_server(monkeypatch):
    """Streamlit deletes an unreferenced download on its second orphan pass (it first marks it), once the
    grace the server gives pressed downloads has passed (page/download_grace.py)."""
    download_grace.install()
    at = {"now": 1000.0}
    monkeypatch.setattr(download_grace, "now", lambda: at["now"])
    runtime = Runtime(known=set())
    runtime.download(monkeypatch, "closed-tab", b"only the closed tab's rows")
    storage = runtime.media_file_mgr._storage
    assert len(storage._files_by_id) == 1

    expired_sessions.release(runtime)
    runtime.media_file_mgr.remove_orphaned_files()
    assert len(storage._files_by_id) == 1  # within the grace
    at["now"] += download_grace.GRACE_S
    runtime.media_file_mgr.remove_orphaned_files()  # the sweeper's, or any session's run end
    runtime.media_file_mgr.remove_orphaned_files()
    assert storage._files_by_id == {}


def test_an_unexpected_runtime_releases_nothing_and_says_so(caplog):
    class Changed:
        uploaded_file_mgr = media_file_mgr = None  # what an upgrade might leave

    with caplog.at_level(logging.WARNING, logger="dashboard.page.expired_sessions"):
        assert expired_sessions.release(Changed()) == []
    assert "expired sessions' files not released" in caplog.text


def test_an_index_changed_while_read_is_left_to_the_next_sweep(caplog):
    """A session uploading while the sweeper reads: no warning, nothing lost, the next sweep does it."""
    runtime = Runtime(known=set())
    runtime.upload("closed-tab", "records.csv", 10)

    class Racing(dict):
        def __iter__(self):
            raise RuntimeError("dictionary changed size during iteration")

    runtime.uploaded_file_mgr.file_storage = Racing(runtime.uploaded_file_mgr.file_storage)
    with caplog.at_level(logging.WARNING, logger="dashboard.page.expired_sessions"):
        assert expired_sessions.release(runtime) == []
    assert caplog.text == ""
    assert "closed-tab" in dict.keys(runtime.uploaded_file_mgr.file_storage)
