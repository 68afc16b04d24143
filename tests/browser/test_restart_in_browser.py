"""A server restart costs the reader no press and no silent loss (issue 22, defect 7).

The page stays in the reader's browser while its server is stopped and started again. The new server
gives the browser a fresh session, which had run nothing: the first press was lost (7 of 7), the download
buttons did nothing until a press reran the page, and a file being built vanished without a word.

Each test drives a dashboard of its own, stopped and started again on the same port. The first sees the
page's websocket through a proxy in Playwright (`route_web_socket`) that counts the runs the page asks for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import StreamlitServer
from frames import DASHBOARD, SETTLED_AFTER_FIRST_PAINT
from streamlit.proto.BackMsg_pb2 import BackMsg

from dashboard.export import RECORD_COLUMNS
from dashboard.i18n import t
from dashboard.selection import Selection

WITHOUT_RECONNECT_RUN = Path(__file__).resolve().parent / "apps" / "dashboard_without_reconnect_run.py"


def own_server(script: Path, tmp_path: Path):
    """A server of this test's own for `script`, to stop and start again; stopped after the test."""
    started = StreamlitServer(script, tmp_path / "server.log")
    started.start()
    yield started
    started.stop()


@pytest.fixture
def server(tmp_path):
    """The dashboard."""
    yield from own_server(DASHBOARD, tmp_path)


@pytest.fixture
def server_without_reconnect_run(tmp_path):
    """The dashboard without the timer that makes the page ask for a run when it reconnects."""
    yield from own_server(WITHOUT_RECONNECT_RUN, tmp_path)


CONNECTION_STATUS = '[data-testid="stConnectionStatus"]'  # Streamlit's "Connecting" while the server is away


def restart(server: StreamlitServer, page) -> None:
    """Stop the server, wait for the page to notice, start it again (the same port and run folder: its
    prepared data is read back from disk) and wait for the page to reconnect."""
    server.stop()
    page.wait_for_selector(CONNECTION_STATUS, timeout=60_000)
    server.start()
    page.wait_for_selector(CONNECTION_STATUS, state="detached", timeout=60_000)


class Socket:
    """The page's websocket, through a proxy that counts the runs the page asks for on each connection."""

    def __init__(self, page):
        self.runs_asked: list[int] = []  # per connection, in order
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, ws):
        self.runs_asked.append(0)
        connection = len(self.runs_asked) - 1
        server = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, bytes):
                back = BackMsg()
                back.ParseFromString(message)
                if back.WhichOneof("type") == "rerun_script":
                    self.runs_asked[connection] += 1
            server.send(message)

        ws.on_message(from_page)


def settled(page) -> None:
    """The page's run has ended (Streamlit's running status and stale marks are gone)."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')""",
        timeout=120_000,
        polling=100,
    )


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(SETTLED_AFTER_FIRST_PAINT, timeout=120_000)


def test_issue_22_the_first_press_after_a_restart_is_not_lost(
    page, server_without_reconnect_run, prepared_shipped, wait_until
):
    """Next, pressed once after a restart, moves the page and the URL to the next change (before: the
    press only drew the page again on its old date, and the heading and the URL disagreed). The page does
    not ask for a run on reconnecting here, so the press meets a session that has run nothing: the case
    page/restart.py replays the press for."""
    server = server_without_reconnect_run
    start = dt.date(2020, 1, 1)
    expected = prepared_shipped.next_change(Selection(start)).isoformat()
    socket = Socket(page)
    open_page(page, f"{server.url}?date={start.isoformat()}")
    settled(page)  # not running: Streamlit's page asks for a run on reconnecting if it was
    restart(server, page)
    assert socket.runs_asked[1:] == [0]  # reconnected, and no run asked for: the session has run nothing
    page.get_by_role("button", name=t("next", "en"), exact=True).click()
    wait_until(page, "d => new URLSearchParams(location.search).get('date') === d", expected, timeout=60_000)
    assert page.get_attribute("#asof", "data-date") == expected
    assert page.errors == []


def test_issue_22_after_a_restart_the_page_is_drawn_again_and_its_downloads_answer(page, server):
    """With no press at all, the new server draws the page again as soon as the page reconnects (the
    scrubber hears a fresh session: its map is not yet known as drawn), and a download button then
    delivers its file. Before, the page waited for a press, and a download button did nothing (its
    request named the lost session: "session ID mismatch" in the log)."""
    open_page(page, f"{server.url}?date=2020-01-01")
    page.get_by_role("tab", name=t("downloads", "en")).click()
    page.get_by_role("button", name=t("download_csv", "en"), exact=True).wait_for()
    settled(page)  # the page is not running: Streamlit's page asks for a run on reconnecting if it was
    # A session's first run tells the scrubber its map is not yet known as drawn; the scrubber answers at
    # once, so the "false" lasts a round trip: recorded as it happens, not looked for afterwards.
    page.evaluate(
        """() => { window.mapDrawnSaid = [];
        new MutationObserver((changes) => changes.forEach((c) => window.mapDrawnSaid.push(c.target.dataset.mapDrawn)))
          .observe(document.body, { subtree: true, attributeFilter: ["data-map-drawn"] }); }"""
    )
    restart(server, page)
    page.wait_for_function("() => window.mapDrawnSaid.includes('false')", timeout=30_000)
    page.wait_for_function(SETTLED_AFTER_FIRST_PAINT, timeout=120_000)
    settled(page)
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=t("download_csv", "en"), exact=True).click()
    assert started.value.suggested_filename == "posture-2020-01-01-records.csv"
    rows = started.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].split(",") == RECORD_COLUMNS and len(rows) > 5


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_issue_22_a_file_being_built_when_the_server_restarts_is_said_lost(page, server, lang):
    """The GIF is building when the server restarts: the page says, in its language, that the file was
    lost with the restart and that its button must be pressed again; pressing it builds it again and the
    notice goes. Before, the progress bar vanished without a word."""
    open_page(page, f"{server.url}?date=2020-01-01&lang={lang}")
    page.get_by_role("tab", name=t("downloads", lang)).click()
    gif = page.get_by_role("button", name=t("download_gif", lang), exact=True)
    gif.click()
    page.locator('[data-testid="stProgress"]').wait_for(timeout=60_000)
    restart(server, page)
    names = t("build_lost_name", lang, label=t("download_gif", lang))
    notice = page.get_by_text(t("build_lost", lang, names=names), exact=True)
    notice.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stProgress"]').count() == 0
    gif.click()
    page.locator('[data-testid="stProgress"]').wait_for(timeout=60_000)
    notice.wait_for(state="detached", timeout=30_000)
    page.get_by_role("button", name=t("build_cancel", lang), exact=True).click()
    assert page.errors == []
