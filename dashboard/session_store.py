"""What a session holds that is heavy (its upload's workspace, its built downloads), kept by session id
while the session is connected.

Why not in the session's own state: Streamlit keeps a closed session's state for reconnection, in a
store of up to 128 sessions whose entries expire only when the store is next written to. A 20,000-record
upload's workspace is about 100 MB, so closed sessions' uploads piled up (issue 22: 69 MB a session,
never given back). Here an entry lives while its session is connected: `sweep` drops the entries of
sessions that are gone, collects, and asks the allocator to return the memory (it does not all come
back: bench/results.md, "Soak"). A session that returns (a network blip) still holds its files in the
uploader, and its workspace is built again from them.

When liveness cannot be asked (a Streamlit whose private session manager changed: see page/compat.py),
at most `bound` entries are kept, the least recently used dropped first; a dropped session rebuilds on
its next rerun, as one that returns does.
"""

from __future__ import annotations

import ctypes
import gc
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

BOUND = 32  # sessions kept at once when liveness is unknown


class SessionStore:
    """Session id -> one value. Thread-safe: every session's reruns, and the sweeper, use one store.
    `on_drop(value)` is called for each value let go (to cancel a build that nobody will save)."""

    def __init__(self, bound: int = BOUND, on_drop: Callable[[Any], None] | None = None) -> None:
        self.bound = bound
        self._on_drop = on_drop
        self._kept: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, session_id: str) -> Any | None:
        with self._lock:
            value = self._kept.get(session_id)
            if value is not None:
                self._kept.move_to_end(session_id)
            return value

    def put(self, session_id: str, value: Any) -> None:
        with self._lock:
            self._kept[session_id] = value
            self._kept.move_to_end(session_id)
            dropped = [self._kept.popitem(last=False)[1] for _ in range(len(self._kept) - self.bound)]
        self._let_go(dropped)

    def drop(self, session_id: str) -> bool:
        """Let go of `session_id`'s value (its reader removed it); whether there was one."""
        with self._lock:
            value = self._kept.pop(session_id, None)
        if value is None:
            return False
        self._let_go([value])
        return True

    def sweep(self, alive: Callable[[str], bool | None]) -> int:
        """Drop the values of sessions `alive` says are gone (False; None: cannot tell, kept). Returns how
        many were dropped."""
        with self._lock:
            gone = [session_id for session_id in self._kept if alive(session_id) is False]
            dropped = [self._kept.pop(session_id) for session_id in gone]
        self._let_go(dropped)
        return len(gone)

    def _let_go(self, values: list) -> None:
        if not values:
            return
        if self._on_drop is not None:
            for value in values:
                self._on_drop(value)
        values.clear()
        give_back_memory()


def give_back_memory() -> None:
    """Collect what was just let go, and ask the allocators to return freed pages to the system: without
    it, the server's resident memory stays at its peak after a big upload is freed (measured by
    bench/soak.py). mimalloc (the launcher's, dashboard/allocator.py) returns pages only some time after
    they were freed, and only while the process allocates: `mi_collect(force)` returns them now. glibc's
    `malloc_trim` does the same for what still comes from glibc. Best effort: without either, only the
    collection runs."""
    gc.collect()
    try:
        ctypes.CDLL(None).mi_collect(ctypes.c_bool(True))  # found only when mimalloc is loaded
    except (OSError, AttributeError):
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def sweep_every(
    store: SessionStore, seconds: float, alive: Callable[[str], bool | None], also: Callable[[], list] | None = None
) -> threading.Thread:
    """A daemon thread sweeping `store` every `seconds`, so a closed session's values are let go even when
    no other reader comes. `also`, if given, runs after each sweep and returns what it let go (memory is
    then given back). It holds the store weakly and ends when the store is gone."""
    ref = weakref.ref(store)
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(seconds):
            current = ref()
            if current is None:
                return
            current.sweep(alive)
            del current
            if also is not None and also():
                give_back_memory()

    thread = threading.Thread(target=loop, name="session-store-sweeper", daemon=True)
    thread.start()
    return thread
