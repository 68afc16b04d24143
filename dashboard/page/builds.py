"""A heavy download on the page: its button queues the build (dashboard/builds.py), a progress bar with a
Cancel button follows it, and a Save button then hands over the file.

A build belongs to the session that asked for it and to the view it was asked in: a change of date,
governorates, language or data makes the button ask again, and a build still running for the old view
is cancelled. Only the heavy downloads redraw while a build runs (one fragment, polling once a second),
not the page. A session's builds (and the
files they made) are kept in a session store, not in the session's state, so a closed session's files
are let go and its running builds cancelled (dashboard/session_store.py).
"""

from __future__ import annotations

import weakref
from functools import partial
from pathlib import Path

import streamlit as st

from dashboard.builds import BuildPool, BuildRequest
from dashboard.i18n import t
from dashboard.page import compat, session
from dashboard.page.data import new_session_store
from dashboard.session_store import SessionStore

POLL_SECONDS = 1.0
# The downloads built in a worker; each key names its button's label in i18n too.
HEAVY = (
    "download_png",
    "download_gif",
    "download_gpkg",
    "download_kml",
    "download_standalone",
    "download_deck",
    "download_story_deck",
)
BUILDS_SEEN_JS = Path(__file__).resolve().parents[1] / "mapview" / "web" / "builds_seen.mjs"

# Defined once per process, like a function; each session mounts its own under the key "builds_seen".
_BUILDS_SEEN = st.components.v2.component(
    "posture_builds_seen", js=BUILDS_SEEN_JS.read_text(encoding="utf-8"), isolate_styles=False
)


@st.cache_resource(show_spinner=False)
def build_pool() -> BuildPool:
    """One pool for the server: at most one build per core, whichever session asked."""
    return BuildPool()


@st.cache_resource(show_spinner=False)
def build_store() -> SessionStore:
    """Session id -> {download key: ((request, dataset id), Build)}; a closed session's builds are cancelled."""
    return new_session_store(on_drop=_cancel_all)


def _cancel_all(builds: dict) -> None:
    for _, handle in builds.values():
        handle.cancel()


def _kept(key: str):
    builds = build_store().get(session.store_key(compat.session_id())) or {}
    return builds.get(key)


def _keep(key: str, kept) -> None:
    store, owner = build_store(), session.store_key(compat.session_id())
    builds = dict(store.get(owner) or {})
    if kept is None:
        builds.pop(key, None)
    else:
        builds[key] = kept
    if builds:
        store.put(owner, builds)
    else:
        store.drop(owner)


def heavy_download(key: str, file_name: str, mime: str, build: tuple, data, lang: str) -> None:
    """The button, progress or Save button of one heavy download; `key` is its widget key and the i18n key
    of its button's label. `build` is (kind, selection, dates) and
    `data` the prepared data shown, held weakly (session.held_weakly): the button's callback, which
    Streamlit keeps with a closed session's state, must not keep an upload alive."""
    label, wanted = t(key, lang), (*build, id(data.dataset))
    kept = _kept(key)
    if kept is not None and kept[0] != wanted:  # asked for another view: that file is not this one
        kept[1].cancel()
        _keep(key, None)
        kept = None
    if kept is None:
        st.button(label, key=f"build_{key}", on_click=_submit, args=(key, wanted, data))
        return
    state = kept[1].state()
    if state.phase in ("queued", "running"):
        _progress(key, file_name, lang)
    elif state.phase == "done":
        # The file is handed over when pressed. Given as bytes, it was hashed and stored again by every
        # run that drew its button: each poll while another build ran, and each step of the reader.
        st.download_button(
            t("build_save", lang, file=file_name),
            data=partial(_built_file, weakref.ref(kept[1])),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=key,
        )
    else:
        if state.phase == "failed":
            st.error(t("build_failed", lang, file=file_name, error=state.error), icon=None)
        else:
            st.caption(t("build_cancelled", lang, file=file_name))
        st.button(label, key=f"build_{key}", on_click=_submit, args=(key, wanted, data))


def _built_file(build: weakref.ref) -> bytes:
    """The file a finished build made. The Save button holds its build weakly: a build let go (its view
    changed, or its session closed) is not kept alive by the button Streamlit keeps."""
    handle = build()
    if handle is None:
        raise ReferenceError("the build was let go")
    return handle.state().result


def _submit(key: str, wanted: tuple, data) -> None:
    lost = st.session_state.get(session.Key.BUILDS_LOST, ())
    if key in lost:  # asked again: no longer a file to mention
        st.session_state[session.Key.BUILDS_LOST] = tuple(k for k in lost if k != key)
    kind, selection, dates, _ = wanted
    try:
        request = BuildRequest(kind, data.dataset, data.today, selection, dates)
    except ReferenceError:  # the data was let go while the session was away: the rerun builds it again
        return
    _keep(key, (wanted, build_pool().submit(request)))


def _progress(key: str, file_name: str, lang: str) -> None:
    handle = _kept(key)[1]
    state = handle.state()
    if state.phase == "queued":
        st.progress(0.0, text=t("build_queued", lang, n=state.ahead))
    elif state.total:
        text = t("build_progress", lang, file=file_name, done=state.done, total=state.total)
        st.progress(state.done / state.total, text=text)
    else:
        st.progress(0.0, text=t("build_running", lang, file=file_name))
    st.button(t("build_cancel", lang), key=f"cancel_{key}", on_click=_cancel, args=(key,))


def _cancel(key: str) -> None:
    # Looked up when pressed: a callback holding the build itself would keep its data and file alive in a
    # closed session's state.
    kept = _kept(key)
    if kept is not None:
        kept[1].cancel()


def any_running() -> bool:
    """Whether a build of this session is queued or running."""
    builds = build_store().get(session.store_key(compat.session_id())) or {}
    return any(handle.running_or_queued() for _, handle in builds.values())


def heavy_section(render, lang: str, *args) -> None:
    """Draw the heavy downloads (`render(*args)`) in one fragment, which redraws itself every POLL_SECONDS
    while a build of this session runs, and not at all otherwise. One fragment for all of them: one
    small rerun a second however many files are building (a fragment per build, polling twice a second,
    made 42 reruns a second for three readers building everything, and slowed the other readers' steps)."""
    polling = any_running()
    st.fragment(_section, run_every=POLL_SECONDS if polling else None)(render, lang, polling, args)


def _section(render, lang: str, polling: bool, args: tuple) -> None:
    _builds_lost(lang)
    try:
        render(*args)
    except ReferenceError:  # its data was let go while the session was away: the page builds it again
        st.rerun(scope="app")
    if any_running() != polling:  # a build started (this fragment does not poll yet), or the last one ended
        st.rerun(scope="app")


def _builds_lost(lang: str) -> None:
    """Keep the keys of this session's running builds in the browser (mapview/web/builds_seen.mjs), which
    sends them back with every run. On the run of a session that a restart gave the browser
    (session.resumed), those it names are builds the old server was making when it stopped: say so,
    until each button is pressed again. Before, they vanished without a word (issue 22)."""
    builds = build_store().get(session.store_key(compat.session_id())) or {}
    running = sorted(key for key, (_, handle) in builds.items() if handle.running_or_queued())
    said = _BUILDS_SEEN(key="builds_seen", data={"running": running}, default={"running": []}, on_running_change=_noted)
    lost = st.session_state.get(session.Key.BUILDS_LOST, ())
    if session.resumed():
        # What the browser sent is trusted only as far as naming a known button. Added to, never cleared
        # here: a second run before the replay may find the browser's note already emptied.
        sent = said.get("running")
        named = sent if isinstance(sent, list) else []
        lost = tuple(k for k in HEAVY if k in lost or (k in named and k not in builds))
        st.session_state[session.Key.BUILDS_LOST] = lost
    if lost:
        names = ", ".join(t("build_lost_name", lang, label=t(key, lang)) for key in lost)
        st.warning(t("build_lost", lang, names=names), icon=None)


def _noted() -> None:
    """The browser noted the running builds (its state is read where it is needed, not here)."""
