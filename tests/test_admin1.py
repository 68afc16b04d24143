"""The governorate layer geo/admin1.geojson and the pure parts of its builder."""

import importlib.util
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box, shape

ROOT = Path(__file__).resolve().parents[1]
ADMIN1 = ROOT / "geo" / "admin1.geojson"
# Distances and areas are measured here: equal-area, centred on the region.
EQUAL_AREA = "+proj=laea +lat_0=33 +lon_0=41 +datum=WGS84 +units=m"

IRAQ_CODES = [
    "IQ-AN",
    "IQ-BA",
    "IQ-MU",
    "IQ-QA",
    "IQ-NA",
    "IQ-AR",
    "IQ-SU",
    "IQ-KI",
    "IQ-BB",
    "IQ-BG",
    "IQ-DA",
    "IQ-DQ",
    "IQ-DI",
    "IQ-KA",
    "IQ-MA",
    "IQ-NI",
    "IQ-SD",
    "IQ-WA",
]


def load_builder():
    spec = importlib.util.spec_from_file_location("build_admin1", ROOT / "geo" / "build_admin1.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = load_builder()


@pytest.fixture(scope="module")
def admin1():
    gdf = gpd.read_file(ADMIN1)
    assert gdf.crs == "EPSG:4326"
    return gdf


# ---- the shipped file -------------------------------------------------------------------------


def test_file_is_under_400_kb():
    assert ADMIN1.stat().st_size < 400_000


def test_every_iraqi_governorate_appears_exactly_once(admin1):
    counts = admin1["iso_3166_2"].value_counts()
    assert {code: int(counts.get(code, 0)) for code in IRAQ_CODES} == {code: 1 for code in IRAQ_CODES}
    assert set(admin1.loc[admin1["country"] == "IQ", "iso_3166_2"]) == set(IRAQ_CODES)


def test_kirkuk_uses_its_current_iso_code(admin1):
    assert "IQ-TS" not in set(admin1["iso_3166_2"])
    kirkuk = admin1[admin1["iso_3166_2"] == "IQ-KI"].iloc[0]
    assert (kirkuk["name_en"], kirkuk["name_ar"]) == ("Kirkuk", "كركوك")


def test_syria_and_jordan_have_all_their_divisions_and_only_iso_codes(admin1):
    codes = set(admin1["iso_3166_2"])
    assert codes == builder.EXPECTED_CODES["IQ"] | builder.EXPECTED_CODES["SY"] | builder.EXPECTED_CODES["JO"]
    assert admin1["iso_3166_2"].is_unique
    assert all(code.startswith(country + "-") for code, country in zip(admin1["iso_3166_2"], admin1["country"]))


def test_every_feature_has_english_and_arabic_names(admin1):
    for column in ("name_en", "name_ar"):
        assert admin1[column].str.strip().str.len().gt(0).all(), column
    # Arabic names are in Arabic script and do not repeat the word "governorate".
    assert admin1["name_ar"].str.contains("[\u0600-\u06ff]").all()
    assert not admin1["name_ar"].str.contains("محافظة").any()


def test_geometries_are_valid_polygons(admin1):
    assert admin1.geometry.is_valid.all()
    assert set(admin1.geom_type) <= {"Polygon", "MultiPolygon"}


def test_exterior_rings_are_counter_clockwise(admin1):
    polygons = shapely.get_parts(admin1.geometry.values)
    assert all(shapely.get_exterior_ring(p).is_ccw for p in polygons)


@pytest.mark.parametrize("country", ["IQ", "SY", "JO"])
def test_neighbours_neither_overlap_nor_leave_gaps(admin1, country):
    divisions = admin1[admin1["country"] == country].to_crs(EQUAL_AREA)
    union = shapely.union_all(divisions.geometry.values)
    # Overlaps make the sum of areas exceed the area of the union.
    assert divisions.area.sum() == pytest.approx(union.area, rel=1e-9)
    # A gap between neighbours would show up as a hole, or a split, in the country outline.
    assert union.geom_type == "Polygon"
    assert len(union.interiors) == 0


def test_neighbours_share_borders_vertex_for_vertex(admin1):
    assert shapely.coverage_is_valid(admin1.geometry.values)


# Source of the coordinates: shared/reference/places.md.
KNOWN_POINTS = [
    ("Baghdad International Airport", 44.2346, 33.2625, "IQ-BG"),
    ("Ain al-Asad Air Base", 42.4412, 33.7856, "IQ-AN"),
    ("Erbil International Airport", 43.9632, 36.2376, "IQ-AR"),
    ("Kirkuk city", 44.3922, 35.4681, "IQ-KI"),
    ("al-Tanf garrison", 38.6178, 33.5058, "SY-HI"),
    ("al-Tanf, alternative coordinate", 38.8364, 33.4369, "SY-HI"),
    ("Tower 22", 38.7033, 33.3142, "JO-MA"),
    ("Khanaqin", 45.3907, 34.3482, "IQ-DI"),
    ("Sinjar", 41.8766, 36.3209, "IQ-NI"),
    ("Al-Qaim", 40.9895, 34.3925, "IQ-AN"),
    ("Harir Air Base", 44.3399, 36.5337, "IQ-AR"),
    # Natural Earth's line; Makhmour has been administered from Nineveh (IQ-NI) since October 2017.
    ("Makhmour", 43.5797, 35.7762, "IQ-AR"),
]


@pytest.mark.parametrize("place, lon, lat, expected", KNOWN_POINTS, ids=[row[0] for row in KNOWN_POINTS])
def test_known_place_falls_in_its_governorate(admin1, place, lon, lat, expected):
    containing = admin1[admin1.contains(Point(lon, lat))]
    assert list(containing["iso_3166_2"]) == [expected]


# ---- the builder, on tiny inline fixtures -----------------------------------------------------


def source_feature(code, geometry, name_en="Somewhere", name_ar="محافظة مكان", country=None):
    return {
        "type": "Feature",
        "properties": {"iso_a2": country or code[:2], "iso_3166_2": code, "name_en": name_en, "name_ar": name_ar},
        "geometry": shapely.geometry.mapping(geometry),
    }


def zigzag_squares():
    """Two unit squares sharing the edge x=1, which zigzags by 0.01 so a simplifier removes it."""
    zigzag = [(1 + (0.01 if i % 2 else 0), i / 10) for i in range(11)]
    west = shapely.Polygon([(0, 0), *zigzag, (0, 1)])
    east = shapely.Polygon([(2, 0), (2, 1), *reversed(zigzag)])
    return [west, east]


def t_junction():
    """A tall west rectangle against two stacked east squares; the border wiggles and meets the
    east squares' own border at (1, 1)."""
    border = [(1, 0), (1.07, 0.25), (0.95, 0.5), (0.94, 0.75), (1, 1), (1.04, 1.25), (1.1, 1.5), (1.03, 1.75), (1, 2)]
    west = shapely.Polygon([(0, 0), *border, (0, 2)])
    south_east = shapely.Polygon([(2, 0), (2, 1), *reversed(border[:5])])
    north_east = shapely.Polygon([(2, 1), (2, 2), *reversed(border[4:])])
    return [west, south_east, north_east]


def tiles_without_gaps_or_overlaps(polygons) -> bool:
    union = shapely.union_all(polygons)
    overlap = sum(p.area for p in polygons) - union.area
    return abs(overlap) < 1e-12 and union.geom_type == "Polygon" and not union.interiors


@pytest.mark.parametrize("fixture, tolerance", [(zigzag_squares, 0.05), (t_junction, 0.08)])
def test_neighbours_still_tile_after_simplification(fixture, tolerance):
    polygons = fixture()
    simplified = builder.simplify_shared_borders(polygons, tolerance)
    assert shapely.get_num_coordinates(simplified).sum() < shapely.get_num_coordinates(polygons).sum()
    assert tiles_without_gaps_or_overlaps(simplified)
    assert all(p.exterior.is_ccw for p in simplified)


def test_two_squares_still_share_their_whole_edge():
    west, east = builder.simplify_shared_borders(zigzag_squares(), tolerance=0.05)
    assert west.intersection(east).length == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize(
    "fixture, simplify_one",
    [
        (zigzag_squares, lambda p: shapely.coverage_simplify([p], 0.05)[0]),
        (t_junction, lambda p: p.simplify(0.08)),
    ],
    ids=["same algorithm, one polygon at a time", "Douglas-Peucker, one polygon at a time"],
)
def test_simplifying_each_polygon_on_its_own_would_break_the_tiling(fixture, simplify_one):
    # Shows the fixtures above catch a builder that simplifies governorates one by one.
    assert not tiles_without_gaps_or_overlaps([simplify_one(p) for p in fixture()])


def test_at_tamim_is_published_as_kirkuk():
    collection = builder.build_feature_collection(
        [source_feature("IQ-TS", box(44, 35, 45, 36), name_en="Kirkuk", name_ar="كركوك")],
        countries=("IQ",),
        expected={"IQ": {"IQ-KI"}},
    )
    [feature] = collection["features"]
    assert feature["properties"] == {"iso_3166_2": "IQ-KI", "country": "IQ", "name_en": "Kirkuk", "name_ar": "كركوك"}
    assert feature["id"] == "IQ-KI"


def test_missing_expected_code_fails_loudly_and_names_it():
    with pytest.raises(ValueError, match="IQ-BG"):
        builder.build_feature_collection(
            [source_feature("IQ-AN", box(40, 32, 41, 33))],
            countries=("IQ",),
            expected={"IQ": {"IQ-AN", "IQ-BG"}},
        )


@pytest.mark.parametrize(
    "features, message",
    [
        ([source_feature("IQ-AN", box(0, 0, 1, 1)), source_feature("IQ-AN", box(1, 0, 2, 1))], "twice"),
        ([source_feature("IQ-X01~", box(0, 0, 1, 1))], "not an ISO 3166-2 code"),
        ([source_feature("IQ-AN", box(0, 0, 1, 1), name_ar="")], "Arabic"),
        ([source_feature("IQ-AN", box(0, 0, 2, 1)), source_feature("IQ-BG", box(1, 0, 3, 1))], "overlap"),
    ],
    ids=["duplicate code", "non-ISO code", "no Arabic name", "overlapping neighbours"],
)
def test_bad_source_is_rejected(features, message):
    codes = {f["properties"]["iso_3166_2"] for f in features}
    with pytest.raises(ValueError, match=message):
        builder.build_feature_collection(features, countries=("IQ",), expected={"IQ": codes})


def test_other_countries_are_left_out_and_output_is_byte_stable():
    features = [
        source_feature("IQ-AN", box(40, 32, 41, 33), name_en="Al Anbar", name_ar="محافظة الأنبار"),
        source_feature("TR-63", box(40, 33, 41, 34)),
    ]
    collection = builder.build_feature_collection(features, countries=("IQ",), expected={"IQ": {"IQ-AN"}})
    assert [f["properties"] for f in collection["features"]] == [
        {"iso_3166_2": "IQ-AN", "country": "IQ", "name_en": "Anbar", "name_ar": "الأنبار"}
    ]
    again = builder.build_feature_collection(list(reversed(features)), countries=("IQ",), expected={"IQ": {"IQ-AN"}})
    assert builder.dumps(collection) == builder.dumps(again)


def test_golan_pseudo_division_is_merged_into_quneitra():
    features = [
        source_feature("SY-QU", box(35.8, 32.8, 36.0, 33.3), name_en="Quneitra", name_ar="محافظة القنيطرة"),
        source_feature("SY-X01~", box(35.7, 32.8, 35.8, 33.3), name_en="Western al-Samadania", name_ar="UNDOF"),
    ]
    collection = builder.build_feature_collection(features, countries=("SY",), expected={"SY": {"SY-QU"}})
    [quneitra] = collection["features"]
    assert quneitra["id"] == "SY-QU"
    assert shape(quneitra["geometry"]).equals(box(35.7, 32.8, 36.0, 33.3))
