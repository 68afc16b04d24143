"""A fix for a Streamlit bug that lost uploaded files: installed once per server process by app.py.

When a rerun interrupts a running script, Streamlit clears the session's unsent messages, keeping only
lifecycle messages (and toasts, for the same reason: streamlit issue 7740). The answer to a file
uploader's request for an upload address is not kept. If it was waiting in the queue at that moment,
the browser never gets it, never uploads the file and never says so: the file is silently gone.
Uploading three files in quick succession hit it about one time in six on this project's 2-core test
machines (each file's upload reruns the page); the server then saw the citations and sources without
their records. This keeps that answer, as Streamlit keeps toasts. `tests/test_upload_race.py` fails
once Streamlit keeps it too, so the fix can go.
"""

from __future__ import annotations

import functools

from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

_KEPT = "file_urls_response"


def install() -> None:
    """Make interrupted reruns keep unsent upload addresses. Safe to call on every rerun."""
    if getattr(ForwardMsgQueue.clear, "keeps_upload_addresses", False):
        return
    original = ForwardMsgQueue.clear

    @functools.wraps(original)
    def clear(self, retain_lifecycle_msgs: bool = False, fragment_ids_this_run=None) -> None:
        # Only a clear that keeps lifecycle messages drops unsent ones; the others follow a flush.
        kept = [m for m in self._queue if m.WhichOneof("type") == _KEPT] if retain_lifecycle_msgs else []
        original(self, retain_lifecycle_msgs=retain_lifecycle_msgs, fragment_ids_this_run=fragment_ids_this_run)
        still_there = {id(m) for m in self._queue}  # a fragment's clear keeps them already
        self._queue.extend(m for m in kept if id(m) not in still_there)

    clear.keeps_upload_addresses = True
    clear.unpatched = original
    ForwardMsgQueue.clear = clear
