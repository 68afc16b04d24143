"""The posture map in a real browser: nothing loaded from off the machine, every site drawn
with the status the timeline gives it, and a date step that restyles the map in place."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from frames import map_frame
from reference_map import moves_on, site_states

from dashboard.engine import PostureIndex, answers_at

APP = Path(__file__).resolve().parent / "apps" / "map_demo.py"
# Leaflet wraps dates in the text in bidi isolates (U+2066..U+2069); tests read past them.
READ_TEXT = "s => document.querySelector(s).innerText.replace(/[\\u2066-\\u2069]/g, '')"
DRAWN = """() => Array.from(document.querySelectorAll('path.site')).map(e => {
    const c = e.getAttribute('class').split(/\\s+/);
    const pick = p => (c.find(x => x.startsWith(p)) || '').slice(p.length) || null;
    return [pick('site-'), pick('status-'), pick('plan-')];
})"""


@pytest.fixture(scope="module")
def app_url(start_streamlit):
    return start_streamlit(APP).url


@pytest.fixture(scope="module")
def demo(load_app_module):
    return load_app_module("map_fixture")


def open_map(page, url):
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_selector("#map-asof[data-date]", state="attached")
    return frame


def as_of(frame) -> str:
    return frame.get_attribute("#map-asof", "data-date")


def step(page, frame, wait_until, button: str = "Next") -> str:
    before = as_of(frame)
    page.get_by_role("button", name=button).click()
    wait_until(frame, "d => document.getElementById('map-asof').dataset.date !== d", before)
    return as_of(frame)


def drawn(frame) -> dict[str, tuple[str, str | None]]:
    """site id -> (status class, plan class) as drawn."""
    return {site: (status, plan) for site, status, plan in frame.evaluate(DRAWN)}


def show(frame, site_id: str) -> None:
    """Centre the map on a site, so no control covers it when the mouse goes there."""
    frame.evaluate(
        """id => {
            const layer = Object.values(window.map._layers).find(
                l => l.options && (' ' + l.options.className + ' ').includes(' site-' + id + ' '));
            window.map.setView(layer.getCenter ? layer.getCenter() : layer.getLatLng(), 8, {animate: false});
        }""",
        site_id,
    )


def test_nothing_the_map_loads_leaves_localhost(page, app_url, wait_until, local_url):
    frame = open_map(page, app_url + "?step=8")
    step(page, frame, wait_until)
    show(frame, "ain-al-asad")
    frame.locator(".site-ain-al-asad").hover()
    frame.wait_for_selector(".sm-tip")
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-pop")

    # The recording sees the iframe's own loads (Leaflet, our script, the map data) ...
    served = [u for u in page.requests if "/app/static/mapview/" in u]
    assert any(re.search(r"/mapview/map-[0-9a-f]{16}\.js$", u) for u in served), page.requests
    assert any("/data/" in u and u.endswith(".json") for u in served), page.requests
    # ... and none of them, nor anything else, went anywhere but this machine.
    assert [u for u in page.requests if not local_url(u)] == []
    loaded_from = frame.evaluate(
        """() => [...document.querySelectorAll('script[src], link[rel=stylesheet][href], img[src]')]
                 .map(e => e.src || e.href)"""
    )
    assert loaded_from and [u for u in loaded_from if not local_url(u)] == []
    assert frame.locator(".leaflet-tile").count() == 0  # no base tiles unless asked for
    assert frame.evaluate("window.L.version") == "1.9.3"
    assert page.errors == []


def test_base_tiles_are_opt_in_and_then_do_leave(page, app_url, local_url):
    frame = open_map(page, app_url + "?tiles=OpenStreetMap")
    frame.wait_for_selector(".leaflet-tile", state="attached")
    outside = {u.split("/")[2] for u in page.requests if not local_url(u)}
    assert outside and all(host.endswith("openstreetmap.org") for host in outside)


# Read off the fixture by hand: what an analyst should see on these dates.
EXPECTED = [
    # (step, site, status class, plan class)
    (0, "ain-al-asad", "none", None),
    (1, "ain-al-asad", "active", None),
    (1, "victory", "active", None),
    (3, "k1", "handed_over", None),
    (6, "al-tanf", "active", "pending"),  # drawdown announced 2025-01-01 for 2025-06-30
    (7, "al-tanf", "active", "overdue"),  # 2025-07-01: the date passed unconfirmed
    (7, "ain-al-asad", "active", None),  # its handover plan is not public before 2025-09-01
    (8, "ain-al-asad", "drawdown", "pending"),
    (8, "border-zone", "watch", None),
    (9, "erbil", "consolidating", None),
    (11, "ain-al-asad", "drawdown", "overdue"),  # 2026-10-01, handover was due 2026-09-30
    (5, "harir", "advisory", None),  # grade C: drawn hollow, see test_unconfirmed_claims_are_not_drawn_as_fact
    (11, "qayyarah", "none", None),
]


@pytest.mark.parametrize("step_index", sorted({row[0] for row in EXPECTED}))
def test_sites_show_the_status_an_analyst_expects(page, app_url, step_index):
    frame = open_map(page, app_url + f"?step={step_index}")
    statuses = drawn(frame)
    for row_step, site, status, plan in EXPECTED:
        if row_step == step_index:
            assert statuses[site] == (status, plan), (site, as_of(frame))


def test_every_step_draws_every_site_as_the_timeline_says(page, app_url, wait_until, demo):
    ids = [f["id"] for f in demo.SITES["features"]]
    frame = open_map(page, app_url + "?step=0")
    for index, day in enumerate(demo.STEPS):
        if index:
            assert step(page, frame, wait_until) == day
        assert as_of(frame) == day
        expected = site_states(demo.TIMELINE, ids, date.fromisoformat(day))
        assert drawn(frame) == {i: (s.status or "none", s.plan) for i, s in expected.items()}, day
        arrows = frame.evaluate(
            "() => [...document.querySelectorAll('path.move:not(.move-head)')]"
            ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.getAttribute('class'))"
        )
        expected_arrows = [f"move-{a}-{b}" for a, b in moves_on(demo.TIMELINE, date.fromisoformat(day))]
        assert sorted(c for a in arrows for c in a.split() if c.startswith("move-")) == sorted(expected_arrows), day
        assert frame.evaluate(READ_TEXT, "#map-asof") == f"As of {day}"


def test_a_step_restyles_the_same_map_and_keeps_the_view(page, app_url, wait_until):
    frame = open_map(page, app_url + "?step=3")
    frame.evaluate(
        """() => {
            window.__probe = 'still here';
            window.map.getContainer().dataset.probe = 'still here';
            window.map.setView([35.5, 43.9], 8, {animate: false});
        }"""
    )
    before = frame.evaluate("() => [L.stamp(window.map), window.map.getZoom(), window.map.getCenter()]")
    classes_before = frame.get_attribute(".site-victory", "class")
    for _ in range(2):
        step(page, frame, wait_until)
    after = frame.evaluate("() => [L.stamp(window.map), window.map.getZoom(), window.map.getCenter()]")
    assert frame.evaluate("window.__probe") == "still here"
    assert frame.evaluate("window.map.getContainer().dataset.probe") == "still here"
    assert frame.locator(".leaflet-container").count() == 1
    assert after[:2] == before[:2]
    assert after[2] == pytest.approx(before[2])
    assert as_of(frame) == "2022-01-01"
    assert "status-active" in classes_before
    assert "status-handed_over" in frame.get_attribute(".site-victory", "class")


def test_a_step_sends_kilobytes_not_the_map(page, app_url, wait_until):
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    frame = open_map(page, app_url + "?n=1000&step=2")
    assert frame.locator("path.site").count() == 1000
    for _ in range(3):
        before = sum(received)
        day = step(page, frame, wait_until)
        # The caption comes after the map in the script, so the whole rerun has arrived.
        page.get_by_text(f"Showing {day}").wait_for()
        assert sum(received) - before < 32_000


def test_governorate_filter_zooms_there_and_hides_other_sites(page, app_url, wait_until):
    frame = open_map(page, app_url + "?step=3")
    zoom_all = frame.evaluate("window.map.getZoom()")
    page.get_by_label("Governorate").click()
    page.get_by_role("option", name="IQ-KI").click()
    wait_until(frame, "() => document.querySelectorAll('path.site').length === 1")
    assert list(drawn(frame)) == ["k1"]
    # Leaflet ignores view changes while a zoom animation runs, so let it finish.
    wait_until(frame, "z => window.map.getZoom() > z && !window.map._animatingZoom", zoom_all)
    assert frame.evaluate("window.map.getBounds().contains([[34.9, 43.5], [35.8, 44.8]])")
    zoom_kirkuk = frame.evaluate("window.map.getZoom()")
    frame.evaluate("window.map.setZoom(window.map.getZoom() - 1, {animate: false})")
    step(page, frame, wait_until)  # same governorate: the analyst's own zoom is kept
    assert frame.evaluate("window.map.getZoom()") == zoom_kirkuk - 1


@pytest.mark.parametrize("texts", ["", "parts"])
def test_hostile_text_in_a_record_is_shown_as_text(page, app_url, demo, texts):
    frame = open_map(page, app_url + f"?step=1&texts={texts}")  # victory is active on record R4
    show(frame, "victory")
    frame.locator(".site-victory").click()
    frame.wait_for_selector(".sm-pop:not(.sm-loading)")
    assert demo.XSS in frame.inner_text(".sm-summary")
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert "</script><script>alert(2)</script>" in frame.inner_text(".sm-quote")
    assert page.dialogs == [] and page.errors == []


@pytest.mark.parametrize(
    "lang, tooltip, popup, legend, as_of_text",
    [
        (
            "en",
            [
                "Ain al-Asad Air Base",
                "قاعدة عين الأسد",
                "Drawing down since 2025-09-01",
                "Planned change (not fact): Handed over, planned for 2026-09-30",
            ],
            [
                "Forces begin to leave Ain al-Asad for Erbil.",
                "Claim: reported",
                "Grade: B: one outlet",
                "Source:",
                "Demo publisher, Demo document, 2025-09-14",
            ],
            ["Legend", "Active", "Handed over", "Planned date passed, unconfirmed", "Forces or equipment moving"],
            "As of 2025-09-15",
        ),
        (
            "ar",
            ["Ain al-Asad Air Base", "قاعدة عين الأسد", "تقليص منذ 2025-09-01", "تغيير مخطط (ليس واقعًا)"],
            ["نوع الادعاء: مُبلَّغ عنه", "الدرجة: ب: مصدر واحد", "المصدر:", "Demo publisher، وثيقة تجريبية"],
            ["مفتاح الخريطة", "نشط", "سُلِّم", "نقل قوات أو معدات"],
            "بتاريخ 2025-09-15",
        ),
    ],
)
@pytest.mark.parametrize("texts", ["", "parts"])
def test_tooltip_popup_and_legend_speak_the_language(
    page, app_url, tmp_path, lang, tooltip, popup, legend, as_of_text, texts
):
    frame = open_map(page, app_url + f"?lang={lang}&step=9&texts={texts}")
    assert frame.evaluate(READ_TEXT, "#map-asof") == as_of_text
    legend_text = frame.evaluate(READ_TEXT, ".map-legend")
    assert all(word in legend_text for word in legend), legend_text
    assert frame.get_attribute(".map-legend", "dir") == ("rtl" if lang == "ar" else "ltr")
    show(frame, "ain-al-asad")
    frame.locator(".site-ain-al-asad").hover()
    frame.wait_for_selector(".sm-tip")
    tip = frame.evaluate(READ_TEXT, ".sm-tip")
    assert all(part in tip for part in tooltip), tip
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-pop:not(.sm-loading)")
    text = frame.evaluate(READ_TEXT, ".sm-pop")
    assert all(part in text for part in popup), text
    assert frame.get_attribute(".sm-pop .sm-quote", "dir") == "rtl"
    page.screenshot(path=tmp_path / f"map-{lang}.png")


def test_issue_11_the_browser_draws_what_the_engine_says_on_generated_data(page, app_url, wait_until, demo):
    """sitemap.js looks dates up in the engine's serialised intervals; on 300 generated sites, at every step,
    each site's status, plan ring (pending, confirmed or overdue) and incident are the engine's own answers."""
    sites, rows = demo.synthetic_rows(300)
    index = PostureIndex.from_records(demo.records_of(rows))
    frame = open_map(page, app_url + "?n=300&step=0")
    for position, day in enumerate(demo.STEPS):
        if position:
            assert step(page, frame, wait_until) == day
        on = date.fromisoformat(day)
        answers = answers_at(index, on, [f["id"] for f in sites["features"]])
        expected = {
            site: (answer.status or "none", answer.plan.state if answer.plan else None)
            for site, answer in answers.items()
        }
        assert drawn(frame) == expected, day
        bursts = frame.evaluate(
            "() => [...document.querySelectorAll('path.incident')].map(e => e.getAttribute('class'))"
        )
        shown = sorted(
            c.removeprefix("incident-")
            for b in bursts
            for c in b.split()
            if c.startswith("incident-") and not c.startswith("incident-age")
        )
        assert shown == sorted({i.site_id for i in index.incidents_at(on)}), day


def test_unconfirmed_claims_are_not_drawn_as_fact(page, app_url):
    frame = open_map(page, app_url + "?step=5")  # harir: advisory, grade C
    look = frame.evaluate("""() => {
        const e = document.querySelector('path.site-harir'), painted = getComputedStyle(e);
        return [e.getAttribute('class'), painted.fill, painted.strokeDasharray];
    }""")
    # What is painted (the site's look comes from a style sheet by class, issue 18), not its attributes.
    assert "grade-C" in look[0] and look[1] == "rgb(255, 255, 255)" and look[2] != "none"
    solid = frame.evaluate("() => getComputedStyle(document.querySelector('path.site-k1')).fill")
    assert solid != "rgb(255, 255, 255)"


def test_an_incident_shows_for_30_days_and_fades(page, app_url, wait_until):
    frame = open_map(page, app_url + "?step=9")  # 2025-09-15: five days after the drone near Erbil
    burst = frame.locator("path.incident-erbil")
    assert "incident-age-5" in burst.get_attribute("class")
    assert float(burst.get_attribute("stroke-opacity")) < 1
    show(frame, "erbil")
    burst.hover()
    frame.wait_for_selector(".sm-tip .sm-incident")
    assert "A drone hit near Erbil airport." in frame.inner_text(".sm-tip")
    step(page, frame, wait_until)  # 2026-01-01: long gone
    assert frame.locator("path.incident-erbil").count() == 0


def test_a_map_whose_data_cannot_be_loaded_says_so_in_its_language(page, app_url):
    page.route("**/app/static/mapview/data/*.json", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(app_url + "?lang=ar&step=1")
    frame = map_frame(page)
    frame.wait_for_selector("#map-error")
    assert "تعذّر تحميل بيانات الخريطة" in frame.inner_text("#map-error")
    assert frame.get_attribute("#map-error", "dir") == "rtl"


# The map's data file and the parts of the records' words it names (mapview/texts.py).
TEXT_PART = "/mapview/data/"


def test_issue_18_the_records_words_come_when_a_popup_needs_them(page, app_url, wait_until, demo):
    """Above a size, the records' words (summaries, notes, quotes) leave the map's data, which the map must
    read before drawing a site, for parts fetched the first time a popup quotes them: the popup says they
    are on their way, then shows them; an incident's tooltip too."""
    frame = open_map(page, app_url + "?step=9&texts=parts")
    urls = frame.evaluate("() => window.siteMap.ready.data.text_parts")
    assert urls and all(TEXT_PART in url for url in urls)
    parts = [url.rsplit("/", 1)[1] for url in urls]  # the URLs are relative to the map's frame
    assert not [u for u in page.requests if u.endswith(tuple(parts))]  # nothing fetched to draw
    assert "summary_en" not in json.dumps(frame.evaluate("() => window.siteMap.ready.data.records"))
    show(frame, "ain-al-asad")
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-pop .sm-summary")
    assert "Forces begin to leave Ain al-Asad for Erbil." in frame.evaluate(READ_TEXT, ".sm-pop")
    fetched = [u for u in page.requests if u.endswith(tuple(parts))]
    assert 1 <= len(fetched) <= len(parts)
    # The same popup again: its words are here now, nothing more is fetched.
    frame.evaluate("() => window.map.closePopup()")
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-pop .sm-summary")
    assert [u for u in page.requests if u.endswith(tuple(parts))] == fetched
    assert page.errors == []


@pytest.mark.parametrize(
    ("lang", "loading", "failed"),
    [
        ("en", "Loading the records’ words…", "The records’ words could not be loaded: HTTP 404"),
        ("ar", "جارٍ تحميل نصوص السجلات…", "تعذّر تحميل نصوص السجلات: HTTP 404"),
    ],
)
def test_issue_18_words_that_cannot_be_fetched_are_said_so_and_asked_again(page, app_url, lang, loading, failed):
    held = []
    page.route(
        "**/mapview/data/*.json",
        lambda route: held.append(route) if route.request.url.endswith(tuple(page.parts)) else route.continue_(),
    )
    page.parts = ("never",)
    frame = open_map(page, app_url + f"?step=9&texts=parts&lang={lang}")
    page.parts = tuple(
        "/" + url.rsplit("/", 1)[1] for url in frame.evaluate("() => window.siteMap.ready.data.text_parts")
    )
    show(frame, "ain-al-asad")
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-loading")
    assert frame.evaluate(READ_TEXT, ".sm-loading") == loading
    assert frame.get_attribute(".sm-loading", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert len(held) == 1  # the part, asked for once
    for route in held:
        route.fulfill(status=404, body="gone")
    frame.wait_for_selector(".sm-loading[role=alert]")
    assert frame.evaluate(READ_TEXT, ".sm-loading") == failed
    # Asked again at the next opening, and shown when it arrives.
    page.unroute("**/mapview/data/*.json")
    frame.evaluate("() => window.map.closePopup()")
    frame.locator(".site-ain-al-asad").click()
    frame.wait_for_selector(".sm-pop .sm-summary")
    assert page.errors == []


def test_issue_18_an_incidents_tooltip_fetches_its_words_too(page, app_url):
    frame = open_map(page, app_url + "?step=9&texts=parts")  # 2025-09-15: five days after the drone near Erbil
    show(frame, "erbil")
    frame.locator("path.incident-erbil").hover()
    frame.wait_for_selector(".sm-tip .sm-incident")
    assert "A drone hit near Erbil airport." in frame.inner_text(".sm-tip")
    assert page.errors == []


RING_LOOK = """s => {
    const e = document.querySelector(s);
    if (!e || e.style.display === 'none') return null;
    const painted = getComputedStyle(e);
    return [e.getAttribute('class'), painted.stroke, painted.strokeWidth, painted.strokeDasharray, painted.fill];
}"""


def painted_ring(state: str, status: str) -> list:
    """A plan ring's look as mapview/styles.py gives it, as the browser reports a painted style."""
    from dashboard.mapview.styles import PLAN_STYLES, POINT_AND_ZONE_STYLES

    look = PLAN_STYLES[state]
    colour = POINT_AND_ZONE_STYLES[status]["stroke"] if look["color"] == "status" else look["color"]
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    dash = ", ".join(f"{float(n):g}px" for n in str(look["dash"]).replace(",", " ").split()) if look["dash"] else "none"
    return [f"rgb({red}, {green}, {blue})", f"{float(look['weight']):g}px", dash, "none"]


def test_a_plan_ring_is_painted_in_its_plans_look_and_follows_a_step(page, app_url, wait_until):
    """Rings are restyled by class from the map's style sheet (issue 18: Leaflet's setStyle wrote eight
    attributes and redrew each ring at every step). What is painted must still be the plan's look."""
    frame = open_map(page, app_url + "?step=6")
    pending = frame.evaluate(RING_LOOK, "path.ring-al-tanf")
    assert "plan-pending" in pending[0] and pending[1:] == painted_ring("pending", "drawdown"), pending
    assert step(page, frame, wait_until) == "2025-07-01"
    overdue = frame.evaluate(RING_LOOK, "path.ring-al-tanf")
    assert "plan-overdue" in overdue[0] and overdue[1:] == painted_ring("overdue", "drawdown"), overdue


# Each point site's painted box, against where its anchor is on the screen: [site, dx, dy, width, height].
POINT_BOXES = """() => {
    const layers = Object.values(window.map._layers), box = window.map.getContainer().getBoundingClientRect();
    return Array.from(document.querySelectorAll('path.site.point')).map(e => {
        const layer = layers.find(l => l._path === e), at = window.map.latLngToContainerPoint(layer.getLatLng());
        const b = e.getBoundingClientRect(), id = e.getAttribute('class').match(/\\bsite-(\\S+)/)[1];
        return [id, b.left + b.width / 2 - box.left - at.x, b.top + b.height / 2 - box.top - at.y, b.width, b.height,
            e.hasAttribute('d')];
    });
}"""
# What a browser without CSS's `d` property (Safari) says when asked.
NO_CSS_OUTLINES = """(() => { const supports = CSS.supports.bind(CSS);
    CSS.supports = (property, value) => property !== 'd' && supports(property, value); })()"""


def point_boxes(frame) -> dict[str, tuple[float, ...]]:
    return {site: (dx, dy, w, h, written) for site, dx, dy, w, h, written in frame.evaluate(POINT_BOXES)}


def test_issue_18_point_sites_are_drawn_in_their_shapes_where_they_stand_with_or_without_css_outlines(
    browser, page, app_url, wait_until
):
    """A point's outline comes from the map's style sheet by class (CSS `d`), drawn about the origin and
    moved into place: a change of status writes no outline. Where the browser has no `d` property, the
    outline is written instead, and must paint the same shapes in the same places."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(NO_CSS_OUTLINES)
    without = context.new_page()
    try:
        frames = {"css": open_map(page, app_url + "?step=6"), "written": open_map(without, app_url + "?step=6")}
        tabs = {"css": page, "written": without}
        for moment in ("first paint", "a step", "a zoom"):
            if moment == "a step":
                for name, frame in frames.items():
                    assert step(tabs[name], frame, wait_until) == "2025-07-01"
            if moment == "a zoom":
                for frame in frames.values():
                    frame.evaluate("() => window.map.setView([34.0, 43.0], window.map.getZoom() + 1, {animate: false})")
            boxes = {name: point_boxes(frame) for name, frame in frames.items()}
            assert boxes["css"].keys() == boxes["written"].keys() and len(boxes["css"]) > 5, moment
            for site, (dx, dy, w, h, written) in boxes["css"].items():
                assert abs(dx) < 1.5 and abs(dy) < 1.5, (moment, site, "not centred on its place", dx, dy)
                assert w >= 7 and h >= 7, (moment, site, "drawn without its outline", w, h)  # the least: 7.9
                assert not written, (moment, site, "its outline was written, not taken from the sheet")
                other = boxes["written"][site]
                assert other[4], (moment, site, "no outline written where the browser cannot take it from CSS")
                assert other[:4] == pytest.approx((dx, dy, w, h), abs=0.6), (moment, site)
        shapes = frames["css"].evaluate(
            "() => new Set([...document.querySelectorAll('path.site.point')].map(e => getComputedStyle(e).d)).size"
        )
        assert shapes >= 3  # several statuses, several shapes
    finally:
        context.close()
