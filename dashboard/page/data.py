"""The data a session sees: the shipped dataset (cached, shared) or its merge with this session's uploads.

Loading is cached with `st.cache_data` keyed on the files' modification times (the fingerprint) and
today's date; the prepared workspace built from it with `st.cache_resource`, shared by every session
and never mutated. The prepared shipped data is also kept on disk, so a restarted server skips loading
and checking it again (dashboard/prepared_cache.py). Uploads are kept by session id in the upload
store, for that session only, and let go when it removes them or closes: never on disk.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from dashboard.io import Dataset, dataset_fingerprint, load_dataset
from dashboard.mapview import Serving
from dashboard.page import compat, session
from dashboard.paths import data_root, prepared_dir
from dashboard.prepared import prepare
from dashboard.prepared_cache import load_or_build
from dashboard.selection import Selection
from dashboard.session_store import SessionStore, sweep_every
from dashboard.uploads import KINDS, Upload, merged_dataset, read_upload
from dashboard.workspace import UPLOAD_KEEP, Workspace


@st.cache_data(show_spinner=False, max_entries=4)
def _load(root: str, fingerprint: tuple, today: dt.date) -> Dataset:
    return load_dataset(Path(root), today)


@st.cache_resource(show_spinner=False, max_entries=4)
def _shipped(root: str, fingerprint: tuple, today: dt.date, static: str) -> Workspace:
    # A restarted server reads what an earlier one prepared from disk (dashboard/prepared_cache.py).
    prepared = load_or_build(
        prepared_dir(), Path(root), fingerprint, today, lambda: prepare(_load(root, fingerprint, today), today)
    )
    workspace = Workspace(prepared, Serving(Path(static)))
    # Kept for the server's life, so out of the cyclic garbage collector's sight: its full passes
    # over a 100,000-record dataset's objects took about 300 ms, stalling whichever rerun hit one.
    gc.freeze()
    return workspace


def shipped(today: dt.date, static: Path) -> Workspace:
    """The shipped data's workspace, shared by every session; the map's files go to `static`, the folder
    Streamlit serves beside the main script it runs."""
    root = data_root()
    return _shipped(str(root), dataset_fingerprint(root), today, str(static))


def warm_up(today: dt.date, static: Path) -> None:
    """What the first visit would otherwise wait for, done when the server starts (issue 18): the shipped
    workspace, and the default view's map (drawn) and the words the scrubber follows. Runs on a thread
    of its own beside the server (launch.py); the caches it fills are the page's, and a visit asking for
    what it is building waits for it (Workspace.memo). English only: the Arabic map built as well
    competed with the first visit for two cores (10,000 sites: 50 s to first paint instead of 33)."""
    workspace = shipped(today, static)
    selection = Selection(today)
    workspace.base_map(workspace.data.view(selection), selection.lang, "none").get_root().render()
    workspace.page_tables(selection)


SWEEP_SECONDS = 30  # how often closed sessions' values are looked for, when no rerun looks first


@dataclass(frozen=True)
class KeptUpload:
    digest: str  # of the files' kinds, names and bytes: a change of any of them builds anew
    upload: Upload
    workspace: Workspace | None  # None when the upload added nothing


def new_session_store(on_drop=None, also=None) -> SessionStore:
    """A store of one heavy thing per session (dashboard/session_store.py says why not in the session),
    swept every SWEEP_SECONDS for sessions that have closed; `also` runs after each sweep."""
    store = SessionStore(on_drop=on_drop)
    if compat.session_alive_gate():
        sweep_every(store, SWEEP_SECONDS, compat.session_alive, also)
    return store


@st.cache_resource(show_spinner=False)
def upload_store() -> SessionStore:
    """Every session's upload, kept by session id. Its sweeper also lets go of the uploaded files that
    Streamlit itself keeps of sessions it has forgotten (page/expired_sessions.py), and pressed downloads
    past their grace (page/download_grace.py)."""
    return new_session_store(also=compat.after_sweep)


def session_workspace(shipped: Workspace, store: SessionStore) -> tuple[Workspace, Upload | None, bool]:
    """(the workspace this session shows, its upload or None, whether uploads were lost to a restart)."""
    store.sweep(compat.session_alive)  # a closed session's upload goes as soon as anyone reruns
    owner = session.store_key(compat.session_id())
    files, lost = {}, False
    for kind in KINDS:
        upload = session.uploaded(kind)
        if upload is None:
            continue
        try:  # after a server restart the widget holds a deleted file, with no name or content
            files[kind] = (upload.name, upload.getvalue())
        except AttributeError:
            lost = True
    if not files:
        store.drop(owner)  # removed (or never chosen): its memory goes back now
        return shipped, None, lost
    digest = hashlib.sha256()
    for kind, (name, content) in sorted(files.items()):
        digest.update(f"{kind}\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    kept = store.get(owner)
    if kept is None or kept.digest != digest.hexdigest():
        store.drop(owner)  # the old workspace is not kept alive while the new one builds
        today = shipped.data.today
        upload = read_upload(shipped.data.dataset, today=today, **files)
        merged = (
            None
            if upload.empty
            else Workspace(
                prepare(merged_dataset(shipped.data.dataset, upload), today),
                replace(shipped.serving, inline=True),
                keep=UPLOAD_KEEP,
            )
        )
        kept = KeptUpload(digest.hexdigest(), upload, merged)
        store.put(owner, kept)
    return kept.workspace or shipped, kept.upload, lost
