"""Issue 19, part 2: the record over time as GIS layers. The GeoPackage and the KML are read back (with
pyogrio and fastkml, as QGIS and Google Earth would read them) and held to the GeoJSON export, the map's
answer, on dates across the whole axis, for all forces and for US forces, on shipped and generated data."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from factories import run_command
from fastkml import KML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.export import LAYERS, gpkg_bytes, kml_text, record_table, sites_geojson
from dashboard.export.kml import STOCK_ICON, kml_colour
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.style import STATUS_STYLES
from tools import synth

TODAY = dt.date(2026, 12, 1)
REPO = repository_root()
# What the GeoJSON says of a site on a date, and the interval column that must say the same.
SAME = {
    "status": "status",
    "status_since": "since",
    "status_record_id": "record_id",
    "grade": "grade",
    "last_reported": "last_reported",
    "stale": "stale",
    "contested": "contested",
    "plan_state": "plan_state",
}


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(REPO, TODAY), TODAY)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    synth.generate(root, 40, 600, seed=5, sources=6, force=True)
    dataset = load_dataset(root, TODAY)
    assert dataset.problems == (), dataset.problems[:3]
    return prepare(dataset, TODAY)


def _read_gpkg(data: bytes, tmp_path: Path, layer: str) -> pd.DataFrame:
    path = tmp_path / "read.gpkg"
    path.write_bytes(data)
    return pyogrio.read_dataframe(path, layer=layer)


def _iso(value) -> str | None:
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date().isoformat() if hasattr(value, "date") else str(value)


def _plain(value):
    # The GeoPackage's empty text reads back as None; numpy's bools as bools.
    if isinstance(value, str):
        return value or None
    return None if value is None or (not isinstance(value, bool) and pd.isna(value)) else bool(value)


def _covering(intervals: pd.DataFrame, site_id: str, day: dt.date) -> pd.DataFrame:
    rows = intervals[intervals["site_id"] == site_id]
    start = rows["valid_from"].dt.date
    end = rows["valid_to"].dt.date
    return rows[(start <= day) & (end.isna() | (end > day))]


def _check_agrees(intervals: pd.DataFrame, collection: dict, day: dt.date) -> None:
    for feature in collection["features"]:
        expected = feature["properties"]
        found = _covering(intervals, feature["id"], day)
        if expected["status"] is None and expected["plan_state"] is None and expected["last_reported"] is None:
            assert found.empty or found.iloc[0]["status"] is None, (feature["id"], day)
            continue
        assert len(found) == 1, f"{feature['id']} on {day}: {len(found)} intervals hold"
        row = found.iloc[0]
        for geojson_key, column in SAME.items():
            value = row[column]
            got = _iso(value) if column in ("since", "last_reported") else _plain(value)
            assert got == expected[geojson_key], (
                f"{feature['id']} on {day}: {column} {got!r} != {expected[geojson_key]!r}"
            )
        forces = [f for f in (row["forces"] or "").split(",") if f]
        assert forces == (expected["forces"] or []), (feature["id"], day)


@pytest.mark.slow  # 7 s each; the quick run keeps the hypothesis test below
@pytest.mark.parametrize("forces", ["all", "US"])
def test_gpkg_intervals_agree_with_the_geojson_on_dates_across_the_axis(shipped, generated, forces, tmp_path):
    for prepared in (shipped, generated):
        selection = Selection(TODAY, forces=forces)
        intervals = _read_gpkg(gpkg_bytes(prepared, selection), tmp_path, "status_intervals")
        changes = prepared.view(selection).index.change_dates()
        days = {changes[0], TODAY, *changes[:: max(1, len(changes) // 15)]}
        days |= {d - dt.timedelta(days=1) for d in list(days)}  # the day before a change: the old interval
        for day in sorted(days):
            _check_agrees(intervals, sites_geojson(prepared, selection.on(day)), day)


@pytest.fixture(scope="module")
def shipped_intervals(shipped, tmp_path_factory):
    return _read_gpkg(gpkg_bytes(shipped, Selection(TODAY)), tmp_path_factory.mktemp("gpkg"), "status_intervals")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(dt.date(2014, 1, 1), TODAY))
def test_on_any_date_the_gpkg_shows_what_the_map_shows(shipped, shipped_intervals, day):
    _check_agrees(shipped_intervals, sites_geojson(shipped, Selection(day)), day)


def test_gpkg_holds_three_layers_with_dates_as_dates_and_names_in_both_languages(shipped, tmp_path):
    data = gpkg_bytes(shipped, Selection(TODAY, lang="ar"))
    path = tmp_path / "posture.gpkg"
    path.write_bytes(data)
    assert [name for name, _ in pyogrio.list_layers(path)] == list(LAYERS)
    info = pyogrio.read_info(path, layer="status_intervals")
    dtypes = dict(zip(info["fields"], info["dtypes"]))
    assert dtypes["valid_from"] == dtypes["valid_to"] == "datetime64[D]"  # GeoPackage DATE: QGIS's temporal fields
    assert info["crs"] == "EPSG:4326"
    sites = pyogrio.read_dataframe(path, layer="sites")
    assert len(sites) == len(shipped.site_ids)
    harir = sites.set_index("site_id").loc["harir"]
    assert harir["name"] == harir["name_ar"] != harir["name_en"]
    assert {"Point", "Polygon"} <= {g.geom_type.replace("Multi", "") for g in sites.geometry}


def test_each_sites_intervals_follow_one_another_without_gap_or_overlap(shipped_intervals):
    for site_id, rows in shipped_intervals.groupby("site_id"):
        starts, ends = list(rows["valid_from"]), list(rows["valid_to"])
        assert starts == sorted(starts), site_id
        assert ends[:-1] == starts[1:], site_id  # each ends the day the next begins
        assert pd.isna(ends[-1]), f"{site_id}: the last interval runs on"


def test_records_layer_holds_every_record_and_citation_with_quotes_and_addresses(shipped, tmp_path):
    records = _read_gpkg(gpkg_bytes(shipped, Selection(TODAY)), tmp_path, "records")
    assert set(records["record_id"]) == set(shipped.dataset.records["record_id"])
    assert len(records) == len(shipped.dataset.citations)
    seeds = records[records["source_kind"] == "seed"]
    web = records[records["source_kind"] == "web"]
    assert len(seeds) and seeds["quote"].str.len().gt(0).all()
    assert len(web) and web["source_url"].str.startswith("http").all()


def test_province_and_forces_narrow_every_layer(shipped, tmp_path):
    selection = Selection(TODAY, provinces=("IQ-AR",), forces="US")
    wanted = set(shipped.sites_in(("IQ-AR",)))
    for layer in ("sites", "status_intervals"):
        frame = _read_gpkg(gpkg_bytes(shipped, selection), tmp_path, layer)
        assert set(frame["site_id"]) <= wanted and len(frame), layer
    # Erbil under US forces: the Italians leaving (W045) does not make it a drawdown.
    intervals = _read_gpkg(gpkg_bytes(shipped, selection), tmp_path, "status_intervals")
    assert "W045" not in set(intervals["record_id"])
    table = record_table(shipped, selection)
    assert set(table["site_id"]) - {""} <= wanted
    assert "W045" not in set(table["record_id"])


def _placemarks(text: str) -> list:
    document = KML.from_string(text).features[0]
    return [placemark for folder in document.features for placemark in folder.features]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_kml_has_a_timespan_and_a_status_style_per_interval_named_in_the_language(shipped, shipped_intervals, lang):
    text = kml_text(shipped, Selection(TODAY, lang=lang))
    placemarks = _placemarks(text)
    assert len(placemarks) == len(shipped_intervals)
    names = {f["id"]: f["properties"][f"name_{lang}"] for f in shipped.sites_geojson["features"]}
    expected = shipped_intervals.to_dict("records")
    for placemark, row in zip(placemarks, expected):
        data = {d.name: d.value for d in placemark.extended_data.elements}
        assert data["site_id"] == row["site_id"]
        assert placemark.name == names[row["site_id"]]
        assert placemark.times.begin.dt == row["valid_from"].date()
        end = None if placemark.times.end is None else placemark.times.end.dt
        assert end == (None if pd.isna(row["valid_to"]) else row["valid_to"].date())
        assert placemark.style_url.url == f"#status-{_plain(row['status']) or 'none'}"


def test_kml_styles_are_the_maps_colours(shipped):
    document = KML.from_string(kml_text(shipped, Selection(TODAY))).features[0]
    styles = {style.id: style for style in document.styles}
    for status, look in STATUS_STYLES.items():
        icon = next(s for s in styles[f"status-{status}"].styles if type(s).__name__ == "IconStyle")
        assert icon.color == kml_colour(look["colour"]) and icon.icon.href == STOCK_ICON
    assert "status-none" in styles


@pytest.mark.parametrize(
    "hex_rgb, alpha, kml",
    [("#0072B2", 0xFF, "ffb27200"), ("#E69F00", 0x55, "55009fe6"), ("#000000", 0, "00000000")],
)
def test_kml_colour_is_alpha_blue_green_red(hex_rgb, alpha, kml):
    assert kml_colour(hex_rgb, alpha) == kml


def _export(*args: str) -> subprocess.CompletedProcess:
    return run_command("dashboard.export", *args, today=TODAY.isoformat())


@pytest.mark.slow
def test_the_commands_write_files_gis_tools_read(shipped, tmp_path):
    gpkg, kml = tmp_path / "posture.gpkg", tmp_path / "posture.kml"
    done = _export("--format", "gpkg", "--province", "IQ-AN", "--out", str(gpkg))
    assert done.returncode == 0, done.stderr
    intervals = pyogrio.read_dataframe(gpkg, layer="status_intervals")
    assert f"wrote {len(intervals)} status intervals" in done.stderr
    done = _export("--format", "kml", "--lang", "ar", "--province", "IQ-AN", "--out", str(kml))
    assert done.returncode == 0, done.stderr
    assert len(_placemarks(kml.read_text(encoding="utf-8"))) == len(intervals)
    done = _export("--format", "kml", "--known-then", "--date", "2020-01-01", "--out", "-")
    assert done.returncode == 0 and "2020" in done.stdout
    # As known then: every status rests on a record some source published by that day supports.
    published = dict(zip(shipped.dataset.sources["source_id"], shipped.dataset.sources["published"]))
    known = {
        c["record_id"]
        for c in shipped.dataset.citations.to_dict("records")
        if published[c["source_id"]] <= dt.date(2020, 1, 1)
    }
    shown = {d.value for p in _placemarks(done.stdout) for d in p.extended_data.elements if d.name == "record_id"}
    assert shown and shown <= known
    assert not shown & {"W045", "W051"}  # Erbil's Italians leaving and Union III handed over, both 2026


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--format", "kml", "--date", "2020-01-01"],
            "--format kml holds every date; give --date only with --known-then",
        ),
        (["--format", "gpkg", "--known-then"], "argument --date: required with --known-then"),
        (["--format", "csv"], "argument --date: required for --format csv"),
        (["--format", "geojson"], "argument --date: required for --format geojson"),
        (["--format", "gpkg", "--excel"], "argument --excel: only applies to --format csv"),
        (["--format", "shp"], "argument --format: invalid choice: 'shp'"),
    ],
)
def test_bad_gis_arguments_say_which_argument(args, message, tmp_path):
    done = _export(*args, "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "out").exists()


def test_gpkg_bytes_are_a_geopackage(shipped):
    # SQLite's header: a file a GIS opens, not text.
    assert io.BytesIO(gpkg_bytes(shipped, Selection(TODAY))).read(16) == b"SQLite format 3\x00"
