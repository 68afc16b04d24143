"""dashboard.mapview without a browser: the map's timeline as tests/reference_map.py reads it, input
checks, styles and words, and what the base map and per-date payload hand to st_folium."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely
import shapely.geometry
from fresh_python import streamlit_modules_after_importing
from reference_map import SiteState, incidents_on, moves_on, site_states
from shapely.strtree import STRtree

import dashboard.mapview.base as mapview_base
from dashboard.engine import PostureIndex
from dashboard.i18n import LANGUAGES, STATUS_LABELS, map_labels
from dashboard.mapview import (
    MapLayers,
    Serving,
    build_base_map,
    check_timeline,
    map_data,
    map_timeline,
    province_bounds,
    step_payload,
    step_state,
)
from dashboard.mapview.assets import MAP_SCRIPTS, install_static_assets, map_script, publish_data, served_files
from dashboard.mapview.compact import compact_sites
from dashboard.mapview.styles import POINT_AND_ZONE_STYLES, style_table
from dashboard.mapview.timeline import SITE_ID
from dashboard.style import STATUS_STYLES
from dashboard.vocabulary import ID_PATTERN, NON_SETTING, SITE_STATUSES

ROOT = Path(__file__).resolve().parents[1]


def point(site_id, lon=44.0, lat=33.0, **props):
    return {
        "type": "Feature",
        "id": site_id,
        "properties": {"name_en": site_id, "name_ar": "م", **props},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def rect(code, west, south, east, north):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "Feature",
        "properties": {"iso_3166_2": code, "name_en": code, "name_ar": "م"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


SITES = {"type": "FeatureCollection", "features": [point("a"), point("b", 45.0, 34.0), point("c", 43.0, 35.0)]}
PROVINCES = {"type": "FeatureCollection", "features": [rect("IQ-BG", 44, 33, 45, 34), rect("IQ-KI", 43, 35, 45, 36)]}
D = date.fromisoformat


def _records() -> pd.DataFrame:
    rows = [
        # record, site, date, precision, status, claim, moved_to, known, confirms, disputes, forces
        ("R1", "a", "2015-01-01", "day", "active", "reported", "", None, "", "", "US"),
        ("R2", "a", "2016-01-01", "day", "active", "reported", "", None, "", "", "US"),
        ("R3", "a", "2020-06-01", "day", "drawdown", "reported", "b", None, "", "", "US;IT"),
        ("P1", "a", "2021-01-01", "day", "handed_over", "planned", "", "2020-06-01", "", "", "US"),
        ("C1", "a", "2021-03-01", "day", "event", "reported", "", None, "P1", "", "US"),
        ("R4", "a", "2022-01-01", "day", "handed_over", "reported", "", None, "", "", "US"),
        # month precision: due at the end of January; known None, so shown from the start
        ("P2", "a", "2023-01-01", "month", "advisory", "planned", "", None, "", "", "US"),
        ("R5", "b", "2019-01-01", "day", "watch", "assessed", "", None, "", "", "coalition"),
        ("R6", "b", "2024-01-01", "day", "watch", "assessed", "c", None, "", "", "coalition"),
        ("I1", "b", "2024-03-01", "day", "incident", "reported", "", None, "", "", "US"),
        ("I2", "b", "2024-03-20", "day", "incident", "reported", "", None, "", "R6", "US"),
        ("X1", "", "2024-03-20", "day", "event", "reported", "", None, "", "", "US"),  # pointed at by nothing
    ]
    columns = ["record_id", "site_id", "date", "date_precision", "status", "claim", "moved_to", "known"]
    columns += ["confirms", "disputes", "forces"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = [D(d) for d in frame["date"]]
    frame["known"] = pd.Series([D(k) if isinstance(k, str) else None for k in frame["known"]], dtype=object)
    return frame.assign(grade="B", summary_en="s", summary_ar="ش", note="", troops=None, troops_qualifier="")


RECORDS = _records()
SOURCE_TABLE = pd.DataFrame(
    [
        {"source_id": "S", "kind": "seed", "publisher": "p", "title": "ع", "title_en": "t", "title_ar": "ع",
         "published": D("2025-01-01"), "url": ""},
        {"source_id": "S2", "kind": "web", "publisher": "q", "title": "u", "title_en": "u", "title_ar": "ع",
         "published": D("2025-01-01"), "url": "https://example.org"},
    ]
)  # fmt: skip
CITATIONS = pd.DataFrame({"record_id": RECORDS["record_id"], "source_id": "S", "quote": "q", "official": ""})
TIMELINE = map_timeline(PostureIndex.from_records(RECORDS), RECORDS, CITATIONS, SOURCE_TABLE)
LAYERS = MapLayers(SITES, PROVINCES, TIMELINE)


def S(status, since, record, plan=None, plan_status=None, plan_date=None, plan_record=None, **answer):
    return SiteState(status, since, record, plan, plan_status, plan_date, plan_record, **answer)


P2_PENDING = ("pending", "advisory", "2023-01-01", "P2")


@pytest.mark.parametrize(
    "day, site, expected",
    [
        ("2014-12-31", "a", S(None, None, None, *P2_PENDING)),
        ("2015-01-01", "a", S("active", "2015-01-01", "R1", *P2_PENDING, forces=("US",), last="2015-01-01")),
        # a second record of the same status keeps the original "since"; 180 days after it, it is stale
        ("2016-06-29", "a", S("active", "2015-01-01", "R2", *P2_PENDING, forces=("US",), last="2016-01-01")),
        ("2016-06-30", "a", S("active", "2015-01-01", "R2", *P2_PENDING, stale=True, forces=("US",), last="2016-01-01")),
        # the sooner of two pending plans is shown, from the day it became known
        ("2020-06-01", "a", S("drawdown", "2020-06-01", "R3", "pending", "handed_over", "2021-01-01", "P1",
                              forces=("US", "IT"), last="2020-06-01")),
        # pending through its due date, overdue from the day after
        ("2021-01-02", "a", S("drawdown", "2020-06-01", "R3", "overdue", "handed_over", "2021-01-01", "P1",
                              stale=True, forces=("US", "IT"), last="2020-06-01")),
        # an event names it in `confirms`: confirmed, its ring shown for 30 days (before a pending one),
        # then the next plan's; the event is a report about the site, so the status is fresh again
        ("2021-03-01", "a", S("drawdown", "2020-06-01", "R3", "confirmed", "handed_over", "2021-01-01", "P1",
                              forces=("US", "IT"), last="2021-03-01")),
        ("2021-03-31", "a", S("drawdown", "2020-06-01", "R3", *P2_PENDING, forces=("US", "IT"), last="2021-03-01")),
        # a handed-over base is never stale: no presence to go out of date
        ("2022-12-31", "a", S("handed_over", "2022-01-01", "R4", *P2_PENDING, forces=("US",), last="2022-01-01")),
        ("2023-02-01", "a", S("handed_over", "2022-01-01", "R4", "overdue", "advisory", "2023-01-01", "P2",
                              forces=("US",), last="2022-01-01")),
        # I2 disputes R6, on which b's status rests: contested, whatever the dates
        ("2024-01-01", "b", S("watch", "2019-01-01", "R6", forces=("coalition",), last="2024-01-01",
                              contested_by=("I2",))),
        ("2030-01-01", "c", S(None, None, None)),  # no history at all
    ],
)  # fmt: skip
def test_the_map_looks_each_site_up_in_the_engines_intervals(day, site, expected):
    assert site_states(TIMELINE, ["a", "b", "c"], D(day))[site] == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2020-05-31", []),
        ("2020-06-01", [("a", "b")]),
        ("2021-12-31", [("a", "b")]),
        ("2022-01-01", []),
        ("2099-01-01", [("b", "c")]),
    ],
)
def test_moves_are_drawn_from_start_until_end(day, expected):
    assert moves_on(TIMELINE, D(day)) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2024-02-29", {}),
        ("2024-03-01", {"b": ["I1"]}),
        ("2024-03-20", {"b": ["I1", "I2"]}),
        ("2024-03-30", {"b": ["I1", "I2"]}),  # day 29 of I1: its last
        ("2024-03-31", {"b": ["I2"]}),  # day 30: I1 is gone
        ("2024-04-18", {"b": ["I2"]}),
        ("2024-04-19", {}),
    ],
)
def test_incidents_are_drawn_for_thirty_days(day, expected):
    assert incidents_on(TIMELINE, D(day)) == expected


def test_a_sound_timeline_has_no_problems():
    assert check_timeline(TIMELINE, {"a", "b", "c"}) == []


def _with(path: str, value) -> dict:
    broken = json.loads(json.dumps(TIMELINE))
    *parents, last = path.split(".")
    target = broken
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return broken


@pytest.mark.parametrize(
    "path, value, problem",
    [
        ("sites.zz", {"intervals": []}, "no such site"),
        ("sites.a.intervals.1.status", "retreating", "unknown status 'retreating'"),
        ("sites.a.intervals.1.status", "event", "unknown status 'event'"),
        ("sites.a.intervals.1.status", "incident", "unknown status 'incident'"),
        ("sites.a.intervals.2.start", "2014-01-01", "does not come after"),
        ("sites.a.intervals.2.start", "2015-01-01", "does not come after"),  # one answer per date
        ("sites.a.intervals.2.start", "2016-02-30", "not an ISO date"),
        ("sites.a.intervals.2.start", "1/1/2016", "not an ISO date"),
        ("sites.a.intervals.1.record", "R99", "unknown record 'R99'"),
        ("sites.a.intervals.1.record", None, "unknown record None"),  # every status names its record
        ("sites.a.intervals.1.since", "soon", "not an ISO date"),
        ("sites.a.intervals.1.last", "2021-3-1", "not an ISO date"),
        ("sites.a.intervals.1.plan.state", "maybe", "unknown state or status"),
        ("sites.a.intervals.1.plan.planned", "soon", "not an ISO date"),
        ("sites.a.intervals.1.plan.record", "R99", "unknown record 'R99'"),
        ("sites.b.intervals.1.contested_by", ["R99"], "unknown record 'R99'"),
        ("moves.0.to", "nowhere", "no such site 'nowhere'"),
        ("moves.0.end", "2019-01-01", "ends 2019-01-01 before it starts"),
        ("incidents.0.site", "nowhere", "no such site 'nowhere'"),
        ("incidents.0.date", "2024-02-30", "not an ISO date"),
        ("incidents.0.end", "later", "not an ISO date"),
        ("incidents.1.record", "R99", "unknown record 'R99'"),
        ("records.R1.citations.0.source", "S9", "unknown source 'S9'"),
        ("extra", [], "unknown keys"),
    ],
)
def test_check_timeline_names_each_problem(path, value, problem):
    problems = check_timeline(_with(path, value), {"a", "b", "c"})
    assert len(problems) == 1 and problem in problems[0], problems


def test_map_data_carries_intervals_incidents_and_only_the_records_it_points_at():
    data = map_data(LAYERS, "en")
    a, b, c = data["sites"]
    # [start, status, since, record, forces, last, stale, contested by, plan, since record, quiet]
    assert a["intervals"][1] == [
        "2015-01-01",
        "active",
        "2015-01-01",
        "R1",
        "US",
        "2015-01-01",
        0,
        [],
        ["pending", "advisory", "2023-01-01", "P2", None],
        "R1",
        0,
    ]
    assert a["last"] == "2022-01-01" and (c["intervals"], c["last"]) == ([], None)
    assert data["incidents"] == [[1, "2024-03-01", "2024-03-31", "I1"], [1, "2024-03-20", "2024-04-19", "I2"]]
    assert data["moves"] == [[0, 1, "2020-06-01", "2022-01-01", "R3"], [1, 2, "2024-01-01", None, "R6"]]
    # every record a tooltip can show (statuses, plans, the confirming and the disputing records), no other
    assert set(data["records"]) == set(RECORDS["record_id"]) - {"X1"}
    assert set(data["sources"]) == {"S"}
    assert data["forces_names"] == {
        "IT": "Italy",
        "US": "United States",
        "coalition": "the coalition (no nation named)",
    }


@pytest.mark.parametrize("bad_id", ["has space", "", "quote'd", "a.b", "base.a", "-lead", 7, None])
def test_site_ids_must_be_usable_as_css_classes(bad_id):
    sites = {"type": "FeatureCollection", "features": [point(bad_id)]}
    with pytest.raises(ValueError, match="must match"):
        map_data(MapLayers(sites, PROVINCES, {"sites": {}}), "en")


def test_the_map_takes_exactly_the_ids_the_validator_takes():
    # A site id with '.' once passed validation and then broke the map: both now use one pattern.
    assert SITE_ID.pattern == ID_PATTERN
    sites = {"type": "FeatureCollection", "features": [point("al-asad_2"), point("T22", 45.0, 34.0)]}
    assert [s["id"] for s in map_data(MapLayers(sites, PROVINCES, {"sites": {}}), "en")["sites"]] == [
        "al-asad_2",
        "T22",
    ]


def test_duplicate_site_ids_are_refused():
    sites = {"type": "FeatureCollection", "features": [point("a"), point("a")]}
    with pytest.raises(ValueError, match="more than once"):
        map_data(MapLayers(sites, PROVINCES, {"sites": {}}), "en")


@pytest.mark.parametrize("lang", ["fr", "", "EN"])
def test_unknown_language_is_refused(lang):
    with pytest.raises(ValueError, match="unknown language"):
        map_data(LAYERS, lang)


def test_every_status_differs_in_both_shape_and_colour():
    looks = POINT_AND_ZONE_STYLES.values()
    assert len({look["shape"] for look in looks}) == len(POINT_AND_ZONE_STYLES)
    assert len({look["color"] for look in looks}) == len(POINT_AND_ZONE_STYLES)
    assert len({look["dash"] for look in looks}) == len(POINT_AND_ZONE_STYLES)  # zones cannot change shape
    assert set(SITE_STATUSES) == set(POINT_AND_ZONE_STYLES) - {"none"}


@pytest.mark.parametrize("status", SITE_STATUSES)
def test_adding_a_status_is_one_edit_plus_its_label_and_style(status):
    # Every site status of the vocabulary has a look (dashboard/style.py) and words in both languages.
    assert status in STATUS_STYLES and status in POINT_AND_ZONE_STYLES
    words = STATUS_LABELS[status]
    assert set(words) == set(LANGUAGES) and all(words.values()) and words["en"] != words["ar"]
    for lang in LANGUAGES:
        assert map_labels(lang)[status] == words[lang]


@pytest.mark.parametrize("status", NON_SETTING)
def test_events_and_incidents_have_words_in_both_languages(status):
    assert all(STATUS_LABELS[status][lang] for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_maps_words_are_the_catalogues(lang):
    assert style_table(lang)["labels"] == map_labels(lang)
    assert map_data(LAYERS, lang)["styles"]["labels"] == map_labels(lang)


def test_both_languages_label_the_same_things():
    assert set(map_labels("en")) == set(map_labels("ar"))
    legend = {"legend_pending", "legend_confirmed", "legend_overdue", "legend_stale", "legend_contested"}
    legend |= {"legend_move", "legend_incident", "legend_unconfirmed"}
    assert set(POINT_AND_ZONE_STYLES) | legend <= set(map_labels("en"))


def _overlapping_pairs(features: list[dict], more_than: float = 1e-9) -> list[tuple[int, int, float]]:
    """Pairs of provinces whose shapes share more than a sliver of area (deg²)."""
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    tree = STRtree(shapes)
    pairs = []
    for i, j in zip(*tree.query(shapes, predicate="intersects"), strict=True):
        if i < j:
            area = shapes[i].intersection(shapes[j]).area
            if area > more_than:
                pairs.append((int(i), int(j), area))
    return pairs


@pytest.fixture(scope="module")
def shipped_provinces() -> dict:
    return json.loads((ROOT / "geo" / "admin1.geojson").read_text(encoding="utf-8"))


def test_simplified_provinces_of_the_shipped_layer_do_not_overlap(shipped_provinces):
    # Regression: each governorate was simplified on its own, so neighbours overlapped along 64 borders.
    provinces = map_data(
        MapLayers({"type": "FeatureCollection", "features": []}, shipped_provinces, {"sites": {}}), "en"
    )
    features = provinces["provinces"]["features"]
    assert len(features) == len(shipped_provinces["features"])
    assert _overlapping_pairs(features) == []


def test_simplifying_one_province_at_a_time_would_overlap(shipped_provinces, monkeypatch):
    # The check above can fail: with the old per-polygon simplification it finds the overlaps.
    monkeypatch.setattr(
        mapview_base.shapely, "coverage_simplify", lambda shapes, tolerance: [s.simplify(tolerance) for s in shapes]
    )
    provinces = map_data(
        MapLayers({"type": "FeatureCollection", "features": []}, shipped_provinces, {"sites": {}}), "en"
    )
    assert len(_overlapping_pairs(provinces["provinces"]["features"])) > 10


@pytest.mark.parametrize(
    "codes, expected",
    [(["IQ-BG"], [[33, 44], [34, 45]]), (["IQ-BG", "IQ-KI"], [[33, 43], [36, 45]]), (["IQ-XX"], None), ([], None)],
)
def test_province_bounds(codes, expected):
    assert province_bounds(PROVINCES, codes) == expected


# --- what st_folium receives -------------------------------------------------------


@pytest.fixture
def base(tmp_path):
    return build_base_map(LAYERS, "en", None, Serving(tmp_path))


def _component_parts(base, group):
    """The strings st_folium sends to the browser, made the way st_folium makes them."""
    import streamlit_folium as sf

    base.get_root().render()
    base.render()
    html, header, script = sf._get_html(base), sf._get_header(base), sf._get_map_string(base)
    return {
        "html": html,
        "header": header,
        "script": script,
        "key": sf.generate_js_hash(script, "k", False),
        "step": sf._get_feature_group_string(group, base, 0),
    }


def test_reruns_give_the_same_map_so_the_browser_keeps_it(base):
    first = _component_parts(base, step_payload(base, date(2020, 1, 1)))
    second = _component_parts(base, step_payload(base, date(2021, 1, 1)))
    third = _component_parts(base, step_payload(base, date(2021, 1, 1)))
    assert {k: first[k] for k in ("html", "header", "script", "key")} == {
        k: second[k] for k in ("html", "header", "script", "key")
    }
    assert first["step"] != second["step"] and second["step"] == third["step"]
    assert not any(type(child).__name__ == "StepGroup" for child in base._children.values())


def test_the_map_names_no_cdn_and_its_files_are_written(base, tmp_path):
    parts = _component_parts(base, step_payload(base, date(2020, 1, 1)))
    links = []
    stack = [base]
    while stack:
        element = stack.pop()
        links += [url for _, url in getattr(element, "default_js", []) + getattr(element, "default_css", [])]
        stack += list(element._children.values())
    assert links and all(url.startswith("../../app/static/mapview/") for url in links)
    assert all("//" not in parts[k] for k in ("html", "header", "script", "step"))
    served = tmp_path / "mapview"
    for url in links:
        assert (served / url.removeprefix("../../app/static/mapview/")).is_file(), url
    (data_file,) = (served / "data").glob("*.json")
    assert data_file.name in parts["script"]
    assert json.loads(data_file.read_text(encoding="utf-8")) == compact_sites(map_data(LAYERS, "en"))


def test_issue_18_the_map_loads_one_script_holding_leaflet_and_ours_in_order(base):
    # st_folium loads the scripts a map names one after another, each request waiting for the last
    # one to have run: three files cost a first paint two more waits on a busy page.
    scripts, stack = [], [base]
    while stack:
        element = stack.pop()
        scripts += [url for _, url in getattr(element, "default_js", [])]
        stack += list(element._children.values())
    (url,) = scripts
    served = served_files()[url].decode("utf-8")
    assert [source.name for source in MAP_SCRIPTS] == ["leaflet.js", "answers.js", "sitemap.js"]
    at = 0
    for source in MAP_SCRIPTS:
        code = source.read_text(encoding="utf-8").split("//# sourceMappingURL=")[0].strip()
        found = served.find(code, at)
        assert found >= at, f"{source.name} is not whole, or not after the one before it"
        at = found + len(code)
    assert "sourceMappingURL" not in served  # Leaflet's, which would name a file not served


def test_files_of_earlier_releases_go_once_unused_for_a_week(tmp_path):
    old = [tmp_path / "mapview" / rel for rel in ("answers-0000000000000000.js", "sitemap-0000000000000000.js")]
    for path in old:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old")
        stamp = time.time() - 8 * 24 * 3600
        os.utime(path, (stamp, stamp))
    install_static_assets(tmp_path)
    assert [path.exists() for path in old] == [False, False]
    assert len(list((tmp_path / "mapview").glob("map-*.js"))) == 1


def test_tiles_only_when_asked(tmp_path):
    with_tiles = build_base_map(LAYERS, "en", "OpenStreetMap", Serving(tmp_path))
    assert (
        "tile.openstreetmap.org" in _component_parts(with_tiles, step_payload(with_tiles, date(2020, 1, 1)))["script"]
    )


def test_step_payload_stays_small_for_many_sites(tmp_path):
    many = {"type": "FeatureCollection", "features": [point(f"s{i}", 40 + i / 200, 33) for i in range(1000)]}
    big = build_base_map(MapLayers(many, PROVINCES, {"sites": {}}), "en", None, Serving(tmp_path))
    everyone = step_payload(big, date(2020, 1, 1), step_state(big, date(2020, 1, 1), bounds=[[33, 43], [36, 45]]))
    assert len(_component_parts(big, everyone)["step"]) < 1_000


@pytest.mark.parametrize(
    "visible, indices",
    [(None, None), ([], []), (["c", "a"], [0, 2]), (["a", "unknown"], [0])],
)
def test_step_payload_names_visible_sites_by_index(base, visible, indices):
    (script,) = step_payload(base, date(2020, 1, 1), step_state(base, date(2020, 1, 1), visible))._children.values()
    assert script.state == {"date": "2020-01-01", "visible": indices, "bounds": None}


def test_published_data_is_named_by_its_content(tmp_path):
    first = publish_data(tmp_path, '{"a": 1}')
    assert publish_data(tmp_path, '{"a": 1}') == first
    assert publish_data(tmp_path, '{"a": 2}') != first
    assert first.startswith("../../app/static/mapview/data/") and first.endswith(".json")


@pytest.mark.parametrize("age_days, kept", [(0, True), (6, True), (8, False)])
def test_files_of_other_versions_are_removed_only_once_unused_for_a_week(tmp_path, age_days, kept):
    old_script = tmp_path / "mapview" / "sitemap-0000000000000000.js"
    old_data = tmp_path / "mapview" / "data" / "0000000000000000.json"
    for old in (old_script, old_data):
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_text("old")
        stamp = time.time() - age_days * 24 * 3600
        os.utime(old, (stamp, stamp))
    install_static_assets(tmp_path)
    publish_data(tmp_path, "{}")
    assert old_script.exists() is kept and old_data.exists() is kept


def test_mapview_never_imports_streamlit():
    assert streamlit_modules_after_importing("dashboard.mapview") == []


def test_sessions_installing_the_map_files_at_once_on_a_fresh_server_all_succeed(tmp_path):
    # Regression: eight sessions opening a just-started server each installed the files, through one
    # shared partial-file name, and some failed with FileNotFoundError (tests/browser/test_concurrency.py).
    from concurrent.futures import ThreadPoolExecutor

    import xstatic.pkg.leaflet as xstatic_leaflet

    payload = json.dumps({"sites": list(range(20_000))})
    with ThreadPoolExecutor(max_workers=8) as pool:
        installs = [pool.submit(install_static_assets, tmp_path) for _ in range(16)]
        publishes = [pool.submit(publish_data, tmp_path, payload) for _ in range(16)]
        urls = {f.result() for f in publishes}
        for f in installs:
            f.result()
    css = tmp_path / "mapview" / f"leaflet-{xstatic_leaflet.VERSION}" / "leaflet.css"
    assert css.read_bytes() == (Path(xstatic_leaflet.BASE_DIR) / "leaflet.css").read_bytes()
    (script,) = (tmp_path / "mapview").glob("map-*.js")
    assert script.read_bytes() == map_script()
    (url,) = urls
    assert (tmp_path / "mapview" / "data" / url.rsplit("/", 1)[1]).read_text() == payload
    assert not list(tmp_path.rglob("*.partial"))
