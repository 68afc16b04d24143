"""Issue 19, part 1: the one-file interactive map, opened from file:// with every request that is not
a file blocked. The scrubber moves the map and the heading, Play plays, and on every date the map's
sites carry the engine's answer; in Arabic the page reads right to left. The dashboard's button
delivers the same kind of file."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from test_controls import download, open_dashboard, open_tab
from test_site_truth import ATTRIBUTES, engine_says

from dashboard.engine import answers_at
from dashboard.i18n import t
from dashboard.selection import Selection
from dashboard.standalone import standalone_html

START = dt.date(2020, 4, 10)
SCRUB_TO = ["2014-09-01", "2017-06-30", "2020-06-30", "2026-01-20", "2026-03-20"]


@pytest.fixture
def offline_tab(browser):
    """A tab that may load files and nothing else: every other request is recorded and refused."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    tab.outside, tab.errors = [], []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))

    def route(r):
        if urlsplit(r.request.url).scheme in ("file", "data", "about", "blob"):
            return r.continue_()
        tab.outside.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    yield tab
    context.close()


def _open(tab, path, wait_until):
    tab.goto(path.as_uri())
    frame = tab.frame_locator("#posture-map")
    frame.locator("path.site").first.wait_for(state="attached")
    inner = next(f for f in tab.frames if f.url == "about:srcdoc")
    wait_until(inner, "() => document.getElementById('map-asof')?.dataset.date")
    return inner


def _scrub(tab, iso: str) -> None:
    # As a hand does: the thumb moves (input events); nothing is let go, so nothing is committed.
    tab.evaluate(
        """iso => {
            const input = document.getElementById('scrubber');
            const first = Date.parse(JSON.parse(document.getElementById('posture-page').textContent).first + 'T00:00:00Z');
            input.value = String(Math.round((Date.parse(iso + 'T00:00:00Z') - first) / 86400000));
            input.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        iso,
    )


# While the thumb is held, the map writes its sites' attributes at the next idle moment (issue 18): the
# colours follow at once, the attributes a moment later.
HELD_ATTRIBUTES_WRITTEN = "() => window.siteMap.ready._heldTruth.size === 0"


def test_the_file_scrubs_and_plays_offline_and_shows_the_engines_answer(
    offline_tab, prepared_shipped, tmp_path, wait_until
):
    path = tmp_path / "posture.html"
    path.write_text(standalone_html(prepared_shipped, Selection(START)), encoding="utf-8")
    tab = offline_tab
    inner = _open(tab, path, wait_until)
    assert tab.get_attribute("#asof", "data-date") == START.isoformat()
    assert inner.evaluate(ATTRIBUTES) == engine_says(prepared_shipped, Selection(START))
    for iso in SCRUB_TO:
        _scrub(tab, iso)
        wait_until(inner, "iso => document.getElementById('map-asof').dataset.date === iso", iso)
        assert tab.get_attribute("#asof", "data-date") == iso  # the heading follows the hand
        wait_until(inner, HELD_ATTRIBUTES_WRITTEN)
        assert inner.evaluate(ATTRIBUTES) == engine_says(prepared_shipped, Selection(dt.date.fromisoformat(iso)))
    # On 20 January 2026 the coalition had left federal Iraq (W018): said in the panel beside the map.
    _scrub(tab, "2026-01-18")
    wait_until(tab, "() => document.getElementById('panel-changes').textContent.length > 0")
    # Play from there: the map and the heading move on together; Stop commits where it stopped.
    tab.get_by_role("button", name=t("play", "en")).click()
    wait_until(tab, "() => document.getElementById('asof').dataset.date > '2026-01-25'")
    tab.get_by_role("button", name=t("stop", "en")).click()
    stopped = tab.get_attribute(".posture-scrubber", "data-date")
    wait_until(tab, "iso => document.querySelector('.posture-scrubber').dataset.committedDate === iso", stopped)
    wait_until(inner, "iso => document.getElementById('map-asof').dataset.date === iso", stopped)
    assert tab.get_attribute("#asof", "data-date") == stopped
    assert inner.evaluate(ATTRIBUTES) == engine_says(prepared_shipped, Selection(dt.date.fromisoformat(stopped)))
    assert tab.outside == [] and tab.errors == []


def test_a_popup_shows_grades_and_sources_in_the_file(offline_tab, prepared_shipped, tmp_path, wait_until):
    day = dt.date(2026, 3, 20)
    path = tmp_path / "posture.html"
    path.write_text(standalone_html(prepared_shipped, Selection(day)), encoding="utf-8")
    inner = _open(offline_tab, path, wait_until)
    # Ain al-Asad, keyboard-first as in the dashboard: its popup names the record's grade and sources.
    inner.locator("path.site-ain-al-asad").focus()
    inner.locator("path.site-ain-al-asad").press("Enter")
    popup = inner.locator(".leaflet-popup-content")
    popup.wait_for()
    record = prepared_shipped.dataset.records.set_index("record_id")
    shown = answers_at(prepared_shipped.view(Selection(day)).index, day, ["ain-al-asad"])["ain-al-asad"]
    assert shown.status is not None
    text = popup.text_content()
    assert f"({t('grade', 'en')} {record.loc[shown.record_id, 'grade']})" in text
    cited = prepared_shipped.dataset.citations
    publishers = prepared_shipped.dataset.sources.set_index("source_id")["publisher"]
    for source_id in cited.loc[cited["record_id"] == shown.record_id, "source_id"]:
        assert publishers[source_id] in text
    assert t("full_history", "en") not in text  # no dashboard behind the file: no link to its dossier
    assert offline_tab.outside == []


def test_the_arabic_file_reads_right_to_left(offline_tab, prepared_shipped, tmp_path, wait_until):
    path = tmp_path / "posture-ar.html"
    path.write_text(standalone_html(prepared_shipped, Selection(START, lang="ar")), encoding="utf-8")
    inner = _open(offline_tab, path, wait_until)
    assert offline_tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert offline_tab.locator("#asof").text_content().startswith(t("as_of", "ar"))
    assert t("as_of", "ar") in inner.locator("#map-asof").text_content()
    assert t("what_changed", "ar") in offline_tab.locator("aside h2").text_content()
    assert offline_tab.outside == [] and offline_tab.errors == []


def test_the_dashboards_button_delivers_the_file_for_the_view(
    page, app_url, prepared_shipped, browser, tmp_path, wait_until
):
    open_dashboard(page, app_url + "?date=2026-03-20&lang=ar&province=IQ-AR")
    open_tab(page, t("downloads", "ar"))
    delivered = download(page, t("download_standalone", "ar"))
    assert delivered.suggested_filename == "posture-2026-03-20-ar.html"
    path = tmp_path / delivered.suggested_filename
    delivered.save_as(path)
    context = browser.new_context()
    tab = context.new_page()
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:")) else r.abort()
    )
    inner = _open(tab, path, wait_until)
    assert tab.get_attribute("#asof", "data-date") == "2026-03-20"
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    # Only Erbil's governorate is shown.
    shown = inner.evaluate("() => Array.from(document.querySelectorAll('path.site')).length")
    assert shown == len(prepared_shipped.sites_in(("IQ-AR",)))
    context.close()


def test_the_same_file_works_from_a_static_web_host(page, prepared_shipped, tmp_path, wait_until):
    # Any static host: here Python's own file server on this machine (the page fixture refuses the rest).
    (tmp_path / "posture.html").write_text(standalone_html(prepared_shipped, Selection(START)), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/posture.html")
        page.frame_locator("#posture-map").locator("path.site").first.wait_for(state="attached")
        inner = next(f for f in page.frames if f.url == "about:srcdoc")
        wait_until(inner, "iso => document.getElementById('map-asof')?.dataset.date === iso", START.isoformat())
        _scrub(page, "2017-06-30")
        wait_until(inner, "() => document.getElementById('map-asof').dataset.date === '2017-06-30'")
        wait_until(inner, HELD_ATTRIBUTES_WRITTEN)
        assert inner.evaluate(ATTRIBUTES) == engine_says(prepared_shipped, Selection(dt.date(2017, 6, 30)))
        host = f"http://127.0.0.1:{server.server_address[1]}/"
        assert [u for u in page.requests if not u.startswith((host, "data:", "about:", "blob:"))] == []
    finally:
        server.shutdown()
