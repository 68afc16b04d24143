"""Every control a reader can press on the dashboard, pressed in real Chromium, and what it gives.

Downloads deliver their files (issue 13: four of five buttons delivered nothing), the language, the
"as known then" switch, the online tiles opt-in, Today, Compare, and the keyboard path into the map.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyogrio
import pytest
from fastkml import KML
from frames import MAP_IFRAME, map_frame
from pptx import Presentation

from dashboard import clock
from dashboard.export import RECORD_COLUMNS, status_intervals
from dashboard.i18n import format_date, t
from dashboard.page.downloads import DECK_SLIDES, HEAVY
from dashboard.selection import Selection
from dashboard.slides.animation import thin_dates


@pytest.fixture(scope="module")
def shipped(prepared_shipped):
    return prepared_shipped


def open_dashboard(page, url):
    page.goto(url)
    page.wait_for_selector("#asof[data-date]")
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('path.site').length > 0")
    return frame


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def settled(page) -> None:
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')""",
        timeout=120_000,
        polling=100,
    )


def download(page, label: str):
    """Press a download's button and return the download. A heavy file (HEAVY: built in a worker, issue 22)
    shows its progress first, then a Save button (its widget key is the label's i18n key), which is pressed."""
    heavy = next((key for key in HEAVY for lang in ("en", "ar") if t(key, lang) == label), None)
    # Pressed once the page has finished its run: a heavy file's Save button appears only then. A press
    # during a rerun delivers too (tests/browser/test_download_race.py).
    settled(page)
    if heavy is None:
        with page.expect_download(timeout=120_000) as started:
            page.get_by_role("button", name=label, exact=True).click()
        return started.value
    page.get_by_role("button", name=label, exact=True).click()
    save = page.locator(f".st-key-{heavy} button")
    save.wait_for(timeout=180_000)
    settled(page)
    with page.expect_download(timeout=120_000) as started:
        save.click()
    return started.value


def test_issue_13_every_download_button_delivers_its_file(page, app_url, shipped):
    open_dashboard(page, app_url + "?date=2025-10-01")
    open_tab(page, t("downloads", "en"))

    records = download(page, t("download_csv", "en"))
    text = records.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Arabic as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == RECORD_COLUMNS and len(rows) > 5
    assert records.suggested_filename == "posture-2025-10-01-records.csv"

    sites = json.loads(download(page, t("download_geojson", "en")).path().read_text(encoding="utf-8"))
    assert sites["type"] == "FeatureCollection" and sites["metadata"]["date"] == "2025-10-01"
    assert {f["id"] for f in sites["features"]} == set(shipped.site_ids)

    png = download(page, t("download_png", "en")).path().read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000

    gif = download(page, t("download_gif", "en")).path().read_bytes()
    assert gif.startswith(b"GIF89a") and len(gif) > 50_000

    # The deck: a title slide, a slide per change date up to the date shown, then the sources cited.
    deck = download(page, t("download_deck", "en"))
    assert deck.suggested_filename == "posture-to-2025-10-01.pptx"
    day = dt.date(2025, 10, 1)
    changes = [d for d in shipped.change_dates(Selection(day)) if d <= day]
    shown = thin_dates(changes, DECK_SLIDES)  # 212 change dates since 2011: evenly thinned, both ends kept
    assert len(changes) > DECK_SLIDES == len(shown) and (shown[0], shown[-1]) == (changes[0], changes[-1])
    page.get_by_text(t("deck_thinned", "en", n=len(shown), total=len(changes))).wait_for()
    titles = slide_titles(deck.path())
    assert titles[1 : len(shown) + 1] == [format_date(day, "en") for day in shown]
    assert titles[len(shown) + 1].startswith(t("deck_cited_title", "en"))

    story = download(page, t("download_story_deck", "en"))
    titles = slide_titles(story.path())
    chapters = shipped.dataset.story
    assert titles[1 : len(chapters) + 1] == [c.title("en") for c in chapters]
    assert page.errors == []


def test_the_gis_downloads_hold_the_views_sites_over_time_in_its_language(page, app_url, shipped, tmp_path):
    # Issue 19: the GeoPackage and KML buttons, in Arabic, for Erbil's governorate and US forces only.
    open_dashboard(page, app_url + "?date=2026-03-20&lang=ar&province=IQ-AR&forces=US")
    open_tab(page, t("downloads", "ar"))
    page.get_by_text(t("gis_whole_span", "ar")).wait_for()
    selection = Selection(dt.date(2026, 3, 20), ("IQ-AR",), "ar", False, "US")
    expected = status_intervals(shipped, selection)
    wanted = set(shipped.sites_in(("IQ-AR",)))

    gpkg = download(page, t("download_gpkg", "ar"))
    assert gpkg.suggested_filename == "posture-over-time.gpkg"
    path = tmp_path / gpkg.suggested_filename  # GDAL expects the name to end .gpkg
    gpkg.save_as(path)
    intervals = pyogrio.read_dataframe(path, layer="status_intervals")
    assert set(intervals["site_id"]) <= wanted
    assert list(intervals["record_id"].fillna("")) == list(expected["record_id"].fillna(""))
    assert "W045" not in set(intervals["record_id"])  # the Italians leaving Erbil: not US forces
    records = pyogrio.read_dataframe(path, layer="records")
    assert set(records["site_id"]) - {""} <= wanted and records["source_id"].notna().all()

    kml = download(page, t("download_kml", "ar"))
    assert kml.suggested_filename == "posture-over-time.kml"
    document = KML.from_string(kml.path().read_text(encoding="utf-8")).features[0]
    placemarks = [p for folder in document.features for p in folder.features]
    assert len(placemarks) == len(expected)
    assert {p.name for p in placemarks} == {shipped.site_names["ar"][s] for s in set(expected["site_id"])}
    assert page.errors == []


def test_issue_22_a_heavy_download_shows_its_progress_and_can_be_cancelled_in_arabic(page, app_url, wait_until):
    """The GIF is built in a worker: its progress bar counts frames, Cancel stops it and says so, and its
    button comes back to build it again. Before, the server built it with no progress and no way out."""
    open_dashboard(page, app_url + "?date=2020-01-01&lang=ar")
    open_tab(page, t("downloads", "ar"))
    page.get_by_role("button", name=t("download_gif", "ar"), exact=True).click()
    progress = page.locator('[data-testid="stProgress"]')
    progress.wait_for()
    wait_until(page, "() => /يُبنى posture.gif: \\d+ من 120/.test(document.body.innerText)")
    page.get_by_role("button", name=t("build_cancel", "ar"), exact=True).click()
    page.get_by_text(t("build_cancelled", "ar", file="posture.gif")).wait_for()
    assert progress.count() == 0
    assert page.get_by_role("button", name=t("download_gif", "ar"), exact=True).count() == 1
    assert page.errors == []


def slide_titles(path) -> list[str]:
    """The title of each slide of a .pptx, read back with python-pptx."""
    return [
        next((shape.text_frame.text for shape in slide.shapes if shape.name == "Title"), "")
        for slide in Presentation(str(path)).slides
    ]


def test_the_language_switch_turns_the_page_and_the_map_to_arabic(page, app_url, wait_until):
    frame = open_dashboard(page, app_url + "?date=2025-10-01")
    page.get_by_text("العربية").click()
    wait_until(page, "() => document.querySelector('#asof').getAttribute('dir') === 'rtl'")
    frame = map_frame(page)
    frame.wait_for_function("() => (document.getElementById('map-asof') || {}).textContent?.includes('بتاريخ')")
    wait_until(page, "() => location.search.includes('lang=ar')")


def test_as_known_then_switch_hides_later_sources(page, app_url, shipped, wait_until):
    day = dt.date(2024, 9, 27)
    open_dashboard(page, app_url + f"?date={day.isoformat()}")
    page.get_by_text(t("known_then", "en")).click()
    wait_until(page, "() => location.search.includes('known=then')")
    # The map is redrawn for what was known then: fewer sites have a status.
    known = shipped.view(Selection(day, known_then=True)).index.status_at(day)
    frame = map_frame(page)
    wait_until(frame, "n => document.querySelectorAll('path.site:not(.status-none)').length === n", len(known))


def test_online_tiles_are_asked_for_only_after_the_opt_in(page, app_url, local_url, wait_until):
    open_dashboard(page, app_url + "?date=2025-10-01")
    assert [u for u in page.requests if not local_url(u)] == []
    page.get_by_text(t("tiles", "en")).click()
    page.get_by_text(t("tiles_warning", "en")).wait_for()
    # The opt-in's rerun replaces the map's frame: take the frame once the URL says it has run (a frame
    # taken before could be detached under load, as seen in a parallel run).
    wait_until(page, "() => location.search.includes('tiles=osm')")
    page.wait_for_function(
        "s => { const d = document.querySelector(s)?.contentDocument; return !!d?.querySelector('.leaflet-tile'); }",
        arg=MAP_IFRAME,
    )
    # The page's network guard aborts them, but the reader's browser would have asked this host.
    assert {u.split("/")[2] for u in page.requests if not local_url(u)} <= {"tile.openstreetmap.org"}


def test_today_and_compare_buttons(page, app_url, shipped, wait_until):
    open_dashboard(page, app_url + "?date=2025-10-01")
    page.get_by_role("button", name=t("compare_previous", "en")).click()
    wait_until(page, "() => document.querySelector('#asof-map_before') !== null")
    before = shipped.all_records.index.previous_change(dt.date(2025, 10, 1)).isoformat()
    assert page.get_attribute("#asof-map_before", "data-date") == before
    page.get_by_role("button", name=t("compare_leave", "en")).click()
    wait_until(page, "() => document.querySelector('#asof-map_before') === null")
    page.get_by_role("button", name=t("today", "en")).click()
    wait_until(page, "d => document.querySelector('#asof').dataset.date === d", clock.today().isoformat())


def test_a_keyboard_reaches_a_site_and_opens_its_evidence(page, app_url):
    frame = open_dashboard(page, app_url + "?date=2025-10-01")
    site = frame.locator("path.site.point[tabindex='0']").first
    assert site.get_attribute("role") == "button" and site.get_attribute("aria-label")
    site.focus()
    frame.wait_for_selector(".sm-tip")  # focus shows the same tooltip as hovering
    page.keyboard.press("Enter")
    frame.wait_for_selector(".sm-pop .sm-citations li")
    assert frame.get_attribute("#map-asof", "aria-live") == "polite"
    assert page.get_attribute("#asof", "aria-live") == "polite"


def test_issue_12_the_guided_story_goes_chapter_to_chapter_and_back_to_the_map(page, app_url, shipped, wait_until):
    story = shipped.dataset.story
    assert len(story) >= 2
    open_dashboard(page, app_url + "?view=story&chapter=1")
    for current, following in zip(story, story[1:]):
        assert page.get_attribute(".story", "data-chapter") == str(current.number)
        assert page.get_attribute("#asof", "data-date") == current.date.isoformat()
        map_frame(page).wait_for_function(
            "d => document.getElementById('map-asof').dataset.date === d", arg=current.date.isoformat()
        )
        assert current.title("en") in page.inner_text(".story-title")
        page.get_by_role("button", name=t("story_next", "en")).click()
        wait_until(page, "n => document.querySelector('.story').dataset.chapter === n", str(following.number))
        wait_until(page, "n => location.search.includes('chapter=' + n)", str(following.number))
    assert page.get_by_role("button", name=t("story_next", "en")).is_disabled()
    page.get_by_role("button", name=t("story_previous", "en")).click()
    wait_until(page, "n => document.querySelector('.story').dataset.chapter === n", str(story[-2].number))
    page.get_by_role("button", name=t("story_leave", "en")).click()
    wait_until(page, "() => !document.querySelector('.story')")
    assert page.get_attribute("#asof", "data-date") == story[-2].date.isoformat()
    page.get_by_role("button", name=t("story_open", "en")).click()
    wait_until(
        page, "() => document.querySelector('.story') && document.querySelector('.story').dataset.chapter === '1'"
    )
