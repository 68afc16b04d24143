"""Uploaded records in a real browser: text from data stays text, marked as user-supplied, this session only."""
from __future__ import annotations

from dashboard.paths import repository_root

APP = repository_root() / "dashboard" / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
XSS = "<img src=x onerror=alert(1)>"
HEADER = ("record_id,site_id,date,date_precision,status,claim,troops,troops_qualifier,moved_to,"
          "summary_en,summary_ar,source_id,quote,note\n")
HOSTILE = f'U1,ain-al-asad,2026-01-01,day,handed_over,reported,,,,"{XSS}","{XSS}",erem-2025-09,"</script><script>alert(2)</script>",\n'


def upload(page, tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(HEADER + HOSTILE, encoding="utf-8")
    page.get_by_text("Add your own records").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
    page.get_by_text("Showing 1 user-supplied records").wait_for()


def test_an_uploaded_record_is_shown_as_text_in_popup_tooltip_and_panels(page, start_streamlit, tmp_path, wait_until):
    url = start_streamlit(APP).url
    page.goto(url + "?date=2026-01-01")
    page.wait_for_selector("#asof[data-date]")
    upload(page, tmp_path)
    frame = page.wait_for_selector(MAP_IFRAME, state="attached").content_frame()
    wait_until(frame, "() => document.querySelector('path.site-ain-al-asad.status-handed_over')")
    frame.evaluate("""() => {
        const layer = Object.values(window.map._layers).find(
            l => l.options && (' ' + l.options.className + ' ').includes(' site-ain-al-asad '));
        window.map.setView(layer.getLatLng(), 8, {animate: false});
    }""")
    frame.locator(".site-ain-al-asad").hover()
    frame.wait_for_selector(".sm-tip")
    tip = frame.inner_text(".sm-tip")
    assert "Handed over" in tip
    # Known gap: after an upload, a synthetic mouse click on the site does not reach Leaflet's layer
    # in headless Chromium (it does on the shipped map, see test_map_offline), so the popup is opened
    # through Leaflet's own call that a click makes.
    frame.evaluate("""() => Object.values(window.map._layers).find(
        l => l.options && (' ' + l.options.className + ' ').includes(' site-ain-al-asad ')).openPopup()""")
    frame.wait_for_selector(".sm-pop")
    popup = frame.inner_text(".sm-pop")
    assert XSS in popup and "[user-supplied]" in popup
    assert "</script><script>alert(2)</script>" in frame.inner_text(".sm-quote")
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    # The "what changed" panel shows the summary as characters too.
    assert XSS in page.inner_text(".notes")
    assert page.locator(".notes img").count() == 0
    assert page.dialogs == [] and page.errors == []
    page.screenshot(path=tmp_path / "upload.png")


def test_uploads_stay_in_their_own_session(browser, start_streamlit, tmp_path, wait_until):
    url = start_streamlit(APP).url
    first, second = browser.new_context(), browser.new_context()
    try:
        mine, theirs = first.new_page(), second.new_page()
        for tab in (mine, theirs):
            tab.dialogs = []
            tab.goto(url + "?date=2026-01-01")
            tab.wait_for_selector("#asof[data-date]")
        upload(mine, tmp_path)
        theirs.reload()
        theirs.wait_for_selector("#asof[data-date]")
        frame = theirs.wait_for_selector(MAP_IFRAME, state="attached").content_frame()
        wait_until(frame, "() => document.querySelector('path.site-ain-al-asad')")
        assert "status-drawdown" in frame.get_attribute("path.site-ain-al-asad", "class")  # the curated status
        assert theirs.get_by_text("user-supplied records").count() == 0
    finally:
        first.close()
        second.close()
