"""What Streamlit keeps of sessions it has forgotten without shutting them down, let go.

A closed tab's session is kept two minutes for reconnecting, in a store whose entries simply expire:
Streamlit 1.67 then never calls the session's `shutdown()`, which is what removes its uploaded files
from the upload manager and its download buttons' references from the media manager. So every reader
who closed the tab with a file uploaded left its bytes in the server for good (issue 22: 12 such
sessions, 16 files, after a probe's sessions had all closed; about 5 MB a records file at the upload
limit). `release` does what `shutdown()` would have done, for each session the upload or media manager
still names and the session manager no longer knows. The sweeper of dashboard/page/data.py calls it.

Private Streamlit behaviour (the session manager, the media manager's index by session): used only
while page/compat.py's `expired_sessions` gate is open, and never raises, since it runs on the
sweeper's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext

log = logging.getLogger(__name__)


def forgotten(named: Iterable[str], known: Callable[[str], bool]) -> list[str]:
    """The session ids in `named` that `known` says the session manager no longer holds, sorted, once each."""
    return sorted({session_id for session_id in named if not known(session_id)})


def release(runtime) -> list[str]:
    """Remove the uploaded files and media references of sessions `runtime` has forgotten; their ids.
    An unexpected runtime logs and releases nothing."""
    try:
        uploads = runtime.uploaded_file_mgr
        media = runtime.media_file_mgr
        sessions = runtime._session_mgr
        named = list(getattr(uploads, "file_storage", {})) + list(getattr(media, "_files_by_session_and_coord", {}))
        # The lock Streamlit holds while it moves a closing session into its store for reconnecting.
        with getattr(sessions, "_storage_lock", None) or nullcontext():
            gone = forgotten(named, lambda session_id: sessions.get_session_info(session_id) is not None)
        for session_id in gone:
            uploads.remove_session_files(session_id)
            media.clear_session_refs(session_id)
        if gone:
            media.remove_orphaned_files()
        return gone
    except RuntimeError:  # a session changed the managers' indexes while they were read: the next sweep
        return []
    except Exception as error:  # an upgrade changed the runtime: keep what it keeps, as Streamlit does
        log.warning("expired sessions' files not released: %r", error)
        return []
