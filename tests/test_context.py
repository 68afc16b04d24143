"""geo/context.geojson, the countries and cities drawn only to orient a reader: the shipped file, its
checks (a table of broken features, each reported by feature and field), and what the map makes of it."""

from __future__ import annotations

import json

import pytest

from dashboard.io import load_dataset
from dashboard.io.context import check_context
from dashboard.mapview import MapLayers, map_data
from dashboard.paths import CONTEXT, repository_root

SQUARE = {"type": "Polygon", "coordinates": [[[40, 30], [41, 30], [41, 31], [40, 31], [40, 30]]]}
COUNTRY = {
    "type": "Feature",
    "id": "country-IQ",
    "properties": {"kind": "country", "code": "IQ", "name_en": "Iraq", "name_ar": "العراق", "label": [40.5, 30.5]},
    "geometry": SQUARE,
}
CITY = {
    "type": "Feature",
    "id": "city-95446",
    "properties": {"kind": "city", "code": "IQ", "name_en": "Erbil", "name_ar": "أربيل", "note": "seat"},
    "geometry": {"type": "Point", "coordinates": [44.01, 36.19]},
}


def changed(feature: dict, path: str, value) -> dict:
    """A deep copy of `feature` with the value at the dotted `path` replaced (or removed, for ...)."""
    copy = json.loads(json.dumps(feature))
    *parents, last = path.split(".")
    target = copy
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return copy


def test_the_shipped_file_names_the_neighbours_and_the_cities_in_both_languages():
    dataset = load_dataset(repository_root())
    assert not dataset.problems
    countries = {c["code"]: c for c in dataset.context["countries"]}
    assert {"IQ", "SY", "JO", "IR", "TR", "SA", "KW"} <= set(countries)
    assert countries["IR"]["name_en"] == "Iran" and countries["IQ"]["name_ar"] == "العراق"
    cities = {c["name_en"]: c for c in dataset.context["cities"]}
    assert {"Baghdad", "Damascus", "Amman", "Erbil", "Kirkuk"} <= set(cities)
    lon, lat = cities["Baghdad"]["point"]
    assert 44.2 < lon < 44.6 and 33.2 < lat < 33.5
    assert all(c["name_ar"] and c["name_en"] for c in [*countries.values(), *cities.values()])


def test_a_data_root_without_the_file_has_no_context_and_no_problem(write_dataset, tiny_files):
    dataset = load_dataset(write_dataset(tiny_files))
    assert not dataset.problems and dataset.context is None


def test_sound_features_come_out_as_countries_and_cities():
    context, problems = check_context([COUNTRY, CITY], CONTEXT)
    assert problems == []
    assert context["countries"] == [
        {"code": "IQ", "name_en": "Iraq", "name_ar": "العراق", "label": [40.5, 30.5], "geometry": SQUARE}
    ]
    assert context["cities"] == [{"code": "IQ", "name_en": "Erbil", "name_ar": "أربيل", "point": [44.01, 36.19]}]


@pytest.mark.parametrize(
    "feature, location, field, reason",
    [
        (changed(COUNTRY, "properties.kind", "village"), "feature country-IQ", "properties.kind", "country"),
        (changed(COUNTRY, "properties.code", "Iraq"), "feature country-IQ", "properties.code", ""),
        (changed(COUNTRY, "properties.name_ar", ...), "feature country-IQ", "properties.name_ar", "missing"),
        (changed(COUNTRY, "properties.name_en", " "), "feature country-IQ", "properties.name_en", ""),
        (changed(COUNTRY, "properties.label", [400, 30]), "feature country-IQ", "properties.label", "position"),
        (changed(COUNTRY, "properties.label", ...), "feature country-IQ", "properties.label", "label point"),
        (changed(COUNTRY, "properties.colour", "red"), "feature country-IQ", "properties.colour", ""),
        (changed(CITY, "geometry", SQUARE), "feature city-95446", "geometry.type", "a city is a Point"),
        (changed(CITY, "geometry.coordinates", [44, 95]), "feature city-95446", "geometry", ""),
        (changed(CITY, "id", 7), "feature #2", "id", ""),
    ],
)
def test_each_broken_feature_is_reported_by_feature_and_field(feature, location, field, reason):
    context, problems = check_context([COUNTRY, feature] if feature["id"] != "country-IQ" else [feature, CITY], CONTEXT)
    assert [(p.file, p.location) for p in problems] == [(CONTEXT, location)], problems
    assert problems[0].field.startswith(field) and reason in problems[0].reason, str(problems[0])
    shown = context["countries"] + context["cities"]
    assert len(shown) == 1  # the sound feature is kept, the broken one left out and reported


def test_a_broken_file_is_reported_with_the_other_data_problems(write_dataset, tiny_files):
    files = {**tiny_files, CONTEXT: '{"type": "FeatureCollection", "features": [\n' + json.dumps(CITY)[:-2] + "\n]}"}
    problems = load_dataset(write_dataset(files)).problems
    assert [p.file for p in problems] == [CONTEXT], problems


def test_a_governorate_named_like_a_city_is_named_once_by_the_city():
    provinces = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"iso_3166_2": code, "country": "IQ", "name_en": name, "name_ar": ar},
                "geometry": SQUARE,
            }
            for code, name, ar in [("IQ-AR", "Erbil", "أربيل"), ("IQ-AN", "Anbar", "الأنبار")]
        ],
    }
    context, _ = check_context([COUNTRY, CITY], CONTEXT)
    for lang, kept in [("en", "Anbar"), ("ar", "الأنبار")]:
        data = map_data(MapLayers({"type": "FeatureCollection", "features": []}, provinces, {}, context), lang)
        assert [label[2] for label in data["province_labels"]] == [kept]
        assert data["context"] == context
