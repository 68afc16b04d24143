"""A fix for two Streamlit races that made a download press do nothing: installed once per server
process by app.py, behind page/compat.py's `download_grace` gate.

A download button whose file is built on the press (every light download: page/downloads.py) holds an
id the server gives its file's builder, a new one each run. Streamlit drops the builder of an id that no
session references at the end of any session's run, and the file a press built, which no session ever
references, after two such ends. On a server with other readers both happen within a second:
- **A press during a rerun.** The page still shows the previous run's button until the new one arrives.
  The session's own run, or any other session's, ends in between: the builder is gone, and the press
  shows "Failed to generate file for download" for five seconds.
- **A press while others rerun.** The file is built and its address sent back; two other runs end
  before the browser asks for it: a 404, and the browser cancels the download without a word.

A probe (three sessions stepping, a fourth opening the download tab and pressing at once, 25 presses)
lost 11 presses: 9 files gone before they were fetched, 2 builders gone. The soak's readers pressed
again 2 to 10 times in 30 minutes. This keeps both for `GRACE_S` after they were last referenced, then
lets Streamlit drop them as before, so memory stays bounded: a builder holds its data weakly
(page/session.py), and a built file is the size of one download.

It touches Streamlit's private media manager, so the patched methods fall back to Streamlit's own on
any surprise rather than raise. `tests/test_download_grace.py` fails once Streamlit keeps them itself.
"""

from __future__ import annotations

import functools
import logging
import time

from streamlit.runtime.media_file_manager import MediaFileManager

log = logging.getLogger(__name__)

# Longer than a rerun takes on a loaded server (seconds) and a browser takes to fetch a file it was
# sent; as long as Streamlit keeps a closed session for reconnecting would be needless.
GRACE_S = 60.0
_SINCE = "_posture_unreferenced_since"  # on the manager: kind -> {id: when first seen unreferenced}


def now() -> float:
    """The clock the grace is counted on (tests replace it)."""
    return time.monotonic()


def past_grace(manager: MediaFileManager, kind: str, unreferenced: set[str], at: float) -> set[str]:
    """The ids of `unreferenced` that have been so for GRACE_S at `at`. Remembers when each was first
    seen unreferenced, and forgets ids referenced again or gone. The caller holds the manager's lock."""
    since = manager.__dict__.setdefault(_SINCE, {}).setdefault(kind, {})
    for file_id in [file_id for file_id in since if file_id not in unreferenced]:
        del since[file_id]
    for file_id in unreferenced:
        since.setdefault(file_id, at)
    return {file_id for file_id in unreferenced if at - since[file_id] >= GRACE_S}


def install() -> None:
    """Keep pressed downloads' builders and files through the grace. Safe to call on every rerun."""
    if getattr(MediaFileManager._get_inactive_file_ids, "keeps_pressed_downloads", False):
        return
    inactive_files = MediaFileManager._get_inactive_file_ids
    orphaned_builders = MediaFileManager._remove_orphaned_deferred_callables

    @functools.wraps(inactive_files)
    def _get_inactive_file_ids(self) -> set[str]:
        inactive = inactive_files(self)
        try:
            return past_grace(self, "files", set(inactive), now())
        except Exception:  # the manager is not what it was: Streamlit's own answer, said once
            _warn_once()
            return inactive

    @functools.wraps(orphaned_builders)
    def _remove_orphaned_deferred_callables(self) -> None:
        try:
            referenced = {
                file_id for by_coord in self._files_by_session_and_coord.values() for file_id in by_coord.values()
            }
            unreferenced = {file_id for file_id in self._deferred_callables if file_id not in referenced}
            for file_id in past_grace(self, "builders", unreferenced, now()):
                self._drop_deferred_id(file_id)
        except Exception:
            _warn_once()
            orphaned_builders(self)

    for patched, original in (
        (_get_inactive_file_ids, inactive_files),
        (_remove_orphaned_deferred_callables, orphaned_builders),
    ):
        patched.keeps_pressed_downloads = True
        patched.unpatched = original
    MediaFileManager._get_inactive_file_ids = _get_inactive_file_ids
    MediaFileManager._remove_orphaned_deferred_callables = _remove_orphaned_deferred_callables


@functools.cache
def _warn_once() -> None:
    log.warning("download_grace: Streamlit's media manager changed; a download pressed during a rerun may fail")
