"""Issue 22, download presses that did nothing (2 to 10 in each 30-minute soak): a download pressed while
its own page reran, or while other readers' pages reran, gave no file. Both are reproduced here step by
step, holding what the browser would otherwise get in between, so neither depends on timing."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.i18n import t

WAIT_MS = 60_000
CSV = t("download_csv", "en")
ERROR = '[data-testid="stDownloadButtonError"]'


def open_downloads(page, url: str) -> None:
    page.goto(url + "?date=2020-01-01")
    page.wait_for_selector('.posture-scrubber[data-map-drawn="true"]', timeout=WAIT_MS)
    page.get_by_role("tab", name=t("downloads", "en")).click()
    run_ended(page)


def run_ended(page) -> None:
    """Until the page's run has ended and nothing on it is stale."""
    page.wait_for_function(
        """() => document.querySelector('.stApp[data-test-script-state="notRunning"]')
                 && !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')""",
        timeout=WAIT_MS,
        polling=100,
    )


def step(page) -> None:
    """Next, until the page's run for the new date has ended (each run's end is when Streamlit collects
    what no session references)."""
    before = page.get_attribute("#asof", "data-date")
    page.get_by_role("button", name=t("next", "en")).click()
    page.wait_for_function("b => document.querySelector('#asof').dataset.date !== b", arg=before, timeout=WAIT_MS)
    run_ended(page)


def poll(page, condition, what: str) -> None:
    """Let Playwright's dispatcher run (route and websocket handlers run only then) until `condition()`."""
    for _ in range(WAIT_MS // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"gave up waiting for {what}")


def assert_delivered(started, page) -> None:
    download = started.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith("-records.csv")
    assert download.path().read_bytes().startswith("\ufeff".encode())
    assert page.locator(ERROR).count() == 0


@pytest.fixture
def held_page(page):
    """`page`, whose messages from the server can be held back (hold()) and then let through in order
    (release()); `held["finished"]` counts the runs the server said it finished meanwhile, and
    `held["answers"]` its answers to the page's requests."""
    state = {"holding": False, "held": [], "finished": 0, "answers": 0, "socket": None}

    def on_socket(socket):
        server = socket.connect_to_server()
        state["socket"] = socket

        def from_server(message):
            if not state["holding"]:
                socket.send(message)
                return
            state["held"].append(message)
            kind = ForwardMsg.FromString(message).WhichOneof("type") if isinstance(message, bytes) else None
            state["finished"] += kind == "script_finished"
            state["answers"] += kind == "backend_operation_response"  # e.g. a pressed download's address

        server.on_message(from_server)
        socket.on_message(lambda message: server.send(message))

    page.route_web_socket("**/_stcore/stream", on_socket)

    def hold():
        state["holding"], state["finished"], state["answers"] = True, 0, 0

    def release():
        state["holding"] = False
        for message in state["held"]:
            state["socket"].send(message)
        state["held"].clear()

    page.hold, page.release, page.held = hold, release, state
    return page


def test_issue_22_a_download_pressed_while_its_page_reruns_delivers_its_file(held_page, app_url):
    """The reader opens the download tab (a rerun) and presses at once: the button on the page is still
    the last run's, whose builder Streamlit dropped when the new run ended."""
    page = held_page
    page.context.set_default_timeout(WAIT_MS)
    open_downloads(page, app_url)
    page.get_by_role("tab", name=t("in_effect", "en")).click()
    run_ended(page)
    page.hold()
    page.get_by_role("tab", name=t("downloads", "en")).click()  # the page reruns
    poll(page, lambda: page.held["finished"], "the server to finish the page's run")
    with page.expect_download(timeout=WAIT_MS) as started:
        page.get_by_role("button", name=CSV).click()  # still the last run's button
        page.release()
    assert_delivered(started, page)


def test_issue_22_a_download_pressed_while_another_reader_reruns_delivers_its_file(held_page, browser, app_url):
    """The file is built and its address sent; other readers' runs end before the browser fetches it.
    Streamlit deleted it by then: a 404, and Chromium cancels the download without a word."""
    page = held_page
    other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    try:
        other.goto(app_url + "?date=2015-01-01")
        other.wait_for_selector('.posture-scrubber[data-map-drawn="true"]', timeout=WAIT_MS)
        run_ended(other)
        page.context.set_default_timeout(WAIT_MS)
        open_downloads(page, app_url)
        page.hold()
        with page.expect_download(timeout=WAIT_MS) as started:
            page.get_by_role("button", name=CSV).click()
            poll(page, lambda: page.held["answers"], "the server to send the built file's address")
            for _ in range(3):  # in Streamlit, two runs' ends after the file was built delete it
                step(other)
            page.release()
        assert_delivered(started, page)
    finally:
        other.context.close()
