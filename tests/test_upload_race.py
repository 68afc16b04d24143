"""The fix for Streamlit dropping a file uploader's upload address when a rerun interrupts the script."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

from dashboard.page import upload_race


def upload_address() -> ForwardMsg:
    msg = ForwardMsg()
    msg.file_urls_response.response_id = "request-1"
    return msg


def delta(text: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path[:] = [0, 1]
    msg.delta.new_element.markdown.body = text
    return msg


def queue_with(*messages: ForwardMsg) -> ForwardMsgQueue:
    queue = ForwardMsgQueue()
    for message in messages:
        queue.enqueue(message)
    return queue


@pytest.fixture
def installed():
    upload_race.install()
    upload_race.install()  # app.py calls it on every rerun: the second call must not wrap twice
    return ForwardMsgQueue.clear


def test_upstream_streamlit_still_drops_the_upload_address():
    """When this fails, Streamlit keeps the address itself: remove dashboard/page/upload_race.py."""
    queue = queue_with(upload_address(), delta("old run"))
    unpatched = getattr(ForwardMsgQueue.clear, "unpatched", ForwardMsgQueue.clear)
    unpatched(queue, retain_lifecycle_msgs=True)
    assert [m.WhichOneof("type") for m in queue._queue] == []


def test_an_interrupted_rerun_keeps_the_upload_address_and_drops_the_old_run(installed):
    queue = queue_with(delta("old run"), upload_address())
    queue.clear(retain_lifecycle_msgs=True)
    assert [m.WhichOneof("type") for m in queue._queue] == ["file_urls_response"]
    assert queue._queue[0].file_urls_response.response_id == "request-1"


def test_installing_twice_wraps_once(installed):
    assert installed.unpatched.__name__ == "clear" and not hasattr(installed.unpatched, "unpatched")


@pytest.mark.parametrize(
    "clear",
    [
        pytest.param(lambda q: q.flush(), id="flush: handed to the browser, not kept twice"),
        pytest.param(lambda q: q.clear(), id="a full clear"),
    ],
)
def test_other_clears_leave_nothing_behind(installed, clear):
    queue = queue_with(upload_address(), delta("x"))
    clear(queue)
    assert len(queue) == 0


def test_a_fragment_rerun_keeps_the_address_once(installed):
    queue = queue_with(upload_address(), delta("outside the fragment"))
    queue.clear(retain_lifecycle_msgs=True, fragment_ids_this_run=["f1"])
    assert [m.WhichOneof("type") for m in queue._queue].count("file_urls_response") == 1
