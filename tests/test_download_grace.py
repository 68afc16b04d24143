"""Issue 22, download presses that did nothing: Streamlit dropped a pressed download's builder, or the file
it built, at the end of any session's run, before the browser could use it. page/download_grace.py
keeps both for a grace; these tests run it against Streamlit's own media manager, with the grace's clock
in the test's hand."""

from __future__ import annotations

import logging

import pytest
from streamlit.runtime import media_file_manager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.page import compat, download_grace

PATCHED = ("_get_inactive_file_ids", "_remove_orphaned_deferred_callables")


def unpatched(name: str):
    method = getattr(MediaFileManager, name)
    return getattr(method, "unpatched", method)


@pytest.fixture
def streamlits_own(monkeypatch):
    """Streamlit's media manager as it ships, whatever an earlier test installed."""
    for name in PATCHED:
        monkeypatch.setattr(MediaFileManager, name, unpatched(name))


@pytest.fixture
def clock(monkeypatch, streamlits_own):
    """The grace installed (twice: app.py installs it on every rerun), on a clock the test moves."""
    download_grace.install()
    download_grace.install()
    at = {"now": 1000.0}
    monkeypatch.setattr(download_grace, "now", lambda: at["now"])
    return at


class Server:
    """Streamlit's media manager as sessions use it: each run re-registers its buttons' builders."""

    def __init__(self, monkeypatch):
        self.manager = MediaFileManager(MemoryMediaFileStorage("/media"))
        self.monkeypatch = monkeypatch

    def as_session(self, session_id: str) -> None:
        self.monkeypatch.setattr(media_file_manager, "_get_session_id", lambda: session_id)

    def run(self, session_id: str, rows: str = "rows") -> str:
        """A whole run of `session_id` that draws the CSV button; the id its button holds."""
        self.as_session(session_id)
        self.manager.clear_session_refs()
        file_id = self.manager.add_deferred(lambda: rows, "text/csv", "1.2.3", "records.csv")
        self.manager.remove_orphaned_files()
        return file_id

    def start_run(self, session_id: str) -> None:
        """A run of `session_id` that has begun and not yet drawn the button again."""
        self.as_session(session_id)
        self.manager.clear_session_refs()

    def press(self, file_id: str) -> bytes:
        """What the browser gets: the builder runs, then the file is fetched at its address."""
        url = self.manager.execute_deferred(file_id)
        return self.fetch(url)

    def fetch(self, url: str) -> bytes:
        return self.manager._storage.get_file(url.rsplit("/", 1)[1].split(".")[0]).content


@pytest.fixture
def server(monkeypatch):
    return Server(monkeypatch)


def test_upstream_streamlit_still_drops_a_builder_pressed_during_a_rerun(server, streamlits_own):
    """When this fails, Streamlit keeps the builder itself: remove dashboard/page/download_grace.py."""
    shown = server.run("reader")
    server.start_run("reader")
    server.run("other")  # another reader's run ends
    with pytest.raises(MediaFileStorageError, match="not found"):
        server.press(shown)


def test_upstream_streamlit_still_drops_a_pressed_file_before_it_is_fetched(server, streamlits_own):
    """When this fails, Streamlit keeps the built file itself: remove dashboard/page/download_grace.py."""
    shown = server.run("reader")
    url = server.manager.execute_deferred(shown)
    server.run("other")
    server.run("other")
    with pytest.raises(MediaFileStorageError):
        server.fetch(url)


def test_a_press_during_its_own_rerun_builds_the_file_the_button_showed(server, clock):
    shown = server.run("reader", "the day shown")
    server.run("reader", "the next day")  # the page's rerun ended; the browser has not drawn it yet
    clock["now"] += download_grace.GRACE_S - 1
    assert server.press(shown) == b"the day shown"


def test_a_press_while_another_reader_reruns_builds_the_file(server, clock):
    shown = server.run("reader")
    server.start_run("reader")
    for _ in range(5):
        server.run("other")
    assert server.press(shown) == b"rows"


def test_a_pressed_file_is_there_when_the_browser_fetches_it(server, clock):
    shown = server.run("reader")
    url = server.manager.execute_deferred(shown)
    for _ in range(5):  # other readers' runs end before the browser asks for the file
        server.run("other")
    clock["now"] += download_grace.GRACE_S - 1
    server.run("other")
    assert server.fetch(url) == b"rows"


def test_after_the_grace_builders_and_files_go_as_in_streamlit(server, clock):
    """Memory stays bounded: what no session references is dropped once the grace has passed."""
    shown = server.run("reader")
    url = server.manager.execute_deferred(shown)
    current = server.run("reader")
    clock["now"] += download_grace.GRACE_S
    server.manager.remove_orphaned_files()  # marks the file, drops the builder
    server.manager.remove_orphaned_files()  # deletes the file
    with pytest.raises(MediaFileStorageError, match="not found"):
        server.manager.execute_deferred(shown)
    with pytest.raises(MediaFileStorageError):
        server.fetch(url)
    assert server.press(current) == b"rows"  # the button on the page still works
    assert set(server.manager.__dict__[download_grace._SINCE]["builders"]) == set()  # nothing remembered of it


def test_a_builder_referenced_again_starts_its_grace_afresh(server, clock):
    kept = server.run("reader")
    server.start_run("reader")
    server.manager.remove_orphaned_files()
    clock["now"] += download_grace.GRACE_S - 1
    server.manager._files_by_session_and_coord["reader"]["1.2.3"] = kept  # drawn again
    server.manager.remove_orphaned_files()
    server.start_run("reader")
    clock["now"] += download_grace.GRACE_S - 1
    server.manager.remove_orphaned_files()
    assert server.press(kept) == b"rows"


def test_a_disabled_button_still_revokes_its_builder_at_once(server, clock):
    """Streamlit revokes the builder of a button drawn disabled (a client could still ask for it): the
    grace must not keep it."""
    shown = server.run("reader")
    server.as_session("reader")
    server.manager.remove_deferred("1.2.3")
    with pytest.raises(MediaFileStorageError, match="not found"):
        server.press(shown)


def test_a_surprise_in_the_grace_falls_back_to_streamlits_own_and_says_so(server, clock, monkeypatch, caplog):
    """An upgrade that changes what the grace reads must not raise inside Streamlit's run."""
    shown = server.run("reader")
    url = server.manager.execute_deferred(shown)
    server.start_run("reader")

    def changed(*args):
        raise KeyError("what an upgrade might change")

    monkeypatch.setattr(download_grace, "past_grace", changed)
    download_grace._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger="dashboard.page.download_grace"):
        server.manager.remove_orphaned_files()
        server.manager.remove_orphaned_files()
    assert "media manager changed" in caplog.text
    with pytest.raises(MediaFileStorageError, match="not found"):  # Streamlit's own: dropped
        server.press(shown)
    with pytest.raises(MediaFileStorageError):
        server.fetch(url)


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda m: m.delattr(MediaFileManager, "_drop_deferred_id"), "MediaFileManager has no _drop_deferred_id"),
        (
            lambda m: m.setattr(MediaFileManager, "remove_orphaned_files", lambda self: None),
            "the media manager no longer uses self._get_inactive_file_ids()",
        ),
    ],
)
def test_a_changed_media_manager_closes_the_gate(monkeypatch, caplog, change, why):
    compat.download_grace_gate.cache_clear()
    change(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="dashboard.page.compat"):
        assert compat.download_grace_gate() is False
    compat.download_grace_gate.cache_clear()
    assert why in caplog.text


def test_a_closed_gate_installs_nothing(monkeypatch, streamlits_own):
    compat.download_grace_gate.cache_clear()
    monkeypatch.setattr(compat, "tested", lambda package, installed=None: False)
    compat.install()
    compat.download_grace_gate.cache_clear()
    assert all(getattr(MediaFileManager, name) is unpatched(name) for name in PATCHED)
