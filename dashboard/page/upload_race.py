"""A fix for a Streamlit bug that lost uploaded files: installed once per server process by app.py.

When a rerun interrupts a running script, Streamlit clears the session's unsent messages, keeping only
lifecycle messages (and toasts, for the same reason: streamlit issue 7740). The answer to a file
uploader's request for an upload address is not kept. If it was waiting in the queue at that moment,
the browser never gets it, never uploads the file and never says so: the file is silently gone.
Uploading three files in quick succession hit it about one time in six on this project's 2-core test
machines (each file's upload reruns the page); the server then saw the citations and sources without
their records. This keeps that answer, as Streamlit keeps toasts. `tests/test_upload_race.py` fails
once Streamlit keeps it too, so the fix can go.

It touches Streamlit's private message queue, so page/compat.py installs it only behind a version
gate, and the patched method falls back to Streamlit's own on any surprise rather than raise.
"""

from __future__ import annotations

import functools
import logging

from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

log = logging.getLogger(__name__)

_KEPT = "file_urls_response"


def install() -> None:
    """Make interrupted reruns keep unsent upload addresses. Safe to call on every rerun."""
    if getattr(ForwardMsgQueue.clear, "keeps_upload_addresses", False):
        return
    original = ForwardMsgQueue.clear

    @functools.wraps(original)
    def clear(self, *args, **kwargs) -> None:
        try:
            # Only a clear that keeps lifecycle messages drops unsent ones; the others follow a flush.
            retain = kwargs.get("retain_lifecycle_msgs", args[0] if args else False)
            kept = [m for m in self._queue if m.WhichOneof("type") == _KEPT] if retain else []
        except Exception:  # the queue is not what it was: clear as Streamlit does, and say so once
            _warn_once()
            kept = []
        original(self, *args, **kwargs)
        if kept:
            still_there = {id(m) for m in self._queue}  # a fragment's clear keeps them already
            self._queue.extend(m for m in kept if id(m) not in still_there)

    clear.keeps_upload_addresses = True
    clear.unpatched = original
    ForwardMsgQueue.clear = clear


@functools.cache
def _warn_once() -> None:
    log.warning("upload_race: Streamlit's message queue changed; uploads are not protected from interrupted reruns")
