"""The session store (dashboard/session_store.py): a session's upload or builds live while the session does
(issue 22: closed sessions' uploads were never given back, 69 MB a session)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from dashboard.session_store import SessionStore, sweep_every


class Heavy:
    """Stands for an upload's workspace; a weak reference to it tells whether anything still holds it."""


class Kept:
    def __init__(self):
        self.workspace = Heavy()


def kept() -> Kept:
    return Kept()


def test_an_upload_is_found_by_its_session_until_dropped_and_then_freed():
    store = SessionStore()
    entry = kept()
    workspace = weakref.ref(entry.workspace)
    store.put("s1", entry)
    assert store.get("s1") is entry and store.get("s2") is None
    del entry
    assert store.drop("s1") and not store.drop("s1")
    gc.collect()
    assert store.get("s1") is None and workspace() is None


@pytest.mark.parametrize(
    ("alive", "left"),
    [
        ({"s1": True, "s2": True}, {"s1", "s2"}),
        ({"s1": True, "s2": False}, {"s1"}),
        ({"s1": False, "s2": False}, set()),
        ({"s1": None, "s2": False}, {"s1"}),  # None: cannot tell, so kept
    ],
)
def test_a_sweep_drops_the_uploads_of_sessions_that_are_gone(alive, left):
    store = SessionStore()
    refs = {}
    for session_id in alive:
        entry = kept()
        refs[session_id] = weakref.ref(entry.workspace)
        store.put(session_id, entry)
        del entry
    assert store.sweep(alive.get) == len(alive) - len(left)
    gc.collect()
    assert {s for s in alive if store.get(s) is not None} == left
    assert {s for s, ref in refs.items() if ref() is not None} == left  # the memory of the others is let go


def test_without_liveness_at_most_bound_uploads_are_kept_least_recently_used_first():
    store = SessionStore(bound=2)
    store.put("s1", kept())
    store.put("s2", kept())
    store.get("s1")  # s1 read more recently than s2
    store.put("s3", kept())
    assert store.get("s2") is None and store.get("s1") is not None and store.get("s3") is not None
    assert len(store) == 2


def test_the_sweeper_lets_go_of_a_closed_sessions_upload_when_no_reader_comes():
    store = SessionStore()
    store.put("closed", kept())
    asked = threading.Event()

    def alive(session_id: str) -> bool:
        asked.set()
        return False

    sweep_every(store, 0.01, alive)
    assert asked.wait(10)
    for _ in range(1000):  # the sweep that asked drops it right after
        if store.get("closed") is None:
            break
        threading.Event().wait(0.01)
    assert store.get("closed") is None


def test_the_sweeper_ends_when_its_store_is_gone():
    store = SessionStore()
    thread = sweep_every(store, 0.01, lambda _: None)
    del store
    gc.collect()
    thread.join(10)
    assert not thread.is_alive()


def test_what_is_let_go_is_handed_to_on_drop_once():
    dropped = []
    store = SessionStore(bound=1, on_drop=dropped.append)
    first, second, third = kept(), kept(), kept()
    store.put("s1", first)
    store.put("s2", second)  # over the bound: s1's is let go
    store.drop("s2")
    store.put("s3", third)
    store.sweep(lambda session_id: False)
    assert dropped == [first, second, third]


def test_the_sweeper_also_lets_go_of_what_streamlit_keeps_and_gives_memory_back(monkeypatch):
    """`also` (data.upload_store: page/expired_sessions.py) runs after each sweep; what it let go is
    followed by a collection and a trim, as the store's own drops are."""
    from dashboard import session_store

    released, given_back = threading.Event(), threading.Event()
    monkeypatch.setattr(session_store, "give_back_memory", given_back.set)

    def also() -> list[str]:
        released.set()
        return ["closed-tab"]

    store = SessionStore()
    sweep_every(store, 0.01, lambda _: None, also)
    assert released.wait(10) and given_back.wait(10)


def test_nothing_released_means_no_trim(monkeypatch):
    from dashboard import session_store

    calls, second_call, given_back = [], threading.Event(), []
    monkeypatch.setattr(session_store, "give_back_memory", lambda: given_back.append(1))

    def also() -> list[str]:
        calls.append(1)
        if len(calls) == 2:  # the first sweep, its `also` and what followed it are over
            second_call.set()
        return []

    store = SessionStore()
    sweep_every(store, 0.01, lambda _: None, also)
    assert second_call.wait(10)
    assert given_back == []
