"""geo/admin1.geojson and geo/sites.geojson: features, and where sites lie among provinces."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import TypeAdapter

from .. import paths
from .ids import KnownIds, duplicates
from .problems import Problem, feature, line, validate_all
from .schema import PROVINCE_PROPERTIES, SITE_PROPERTIES, ProvinceFeature, SiteFeature, _shown

CRS = "EPSG:4326"
AREA_CRS = "EPSG:6933"  # equal-area, for comparing how much of a zone falls in each province
SLIVER = 0.01  # share of a zone's area below which a province it touches does not count
# A zone may stick out of its country by this much (km²) before it is refused: clipped to the same layer
# it sticks out by rounding only, while the reviewed Khanaqin and al-Jazira zones crossed by 292 and 334 km².
BORDER_SLACK_KM2 = 1.0

_SITES = TypeAdapter(list[SiteFeature])
_PROVINCES = TypeAdapter(list[ProvinceFeature])


def parse_features(text: str, file: str) -> tuple[list[Any] | None, list[Problem]]:
    """The `features` list of a GeoJSON FeatureCollection, or None and the reason."""
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem(file, line(error.lineno), "", f"not valid JSON: {error.msg}")]
    except RecursionError:
        return None, [Problem(file, "", "", "nested too deeply to be GeoJSON")]
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        if "digits" in str(error):
            return None, [
                Problem(
                    file,
                    "",
                    "",
                    f"not usable JSON: it holds a number of more than {sys.get_int_max_str_digits():,} digits",
                )
            ]
        return None, [Problem(file, "", "", f"not usable JSON: {str(error)[:120]}")]
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return None, [Problem(file, "", "type", "not a GeoJSON FeatureCollection")]
    features = collection.get("features")
    if not isinstance(features, list):
        return None, [Problem(file, "", "features", "a FeatureCollection needs a list of features")]
    declared = _declared_crs(collection)
    if declared is not None:
        return None, [
            Problem(
                file,
                "",
                "crs",
                f"the file declares the coordinate system {declared}; GeoJSON (RFC 7946) is longitude and "
                "latitude on WGS 84: convert it (e.g. ogr2ogr -t_srs EPSG:4326) and leave the crs member out",
            )
        ]
    return features, []


# Names of longitude/latitude on WGS 84, the only coordinates GeoJSON has: a crs member naming one of
# them says what the file already is, and is let through.
_WGS84 = re.compile(
    r"(?i)^(urn:ogc:def:crs:ogc:1\.3:crs84|urn:ogc:def:crs:ogc::crs84|epsg:4326|urn:ogc:def:crs:epsg::4326|crs84)$"
)


def _declared_crs(collection: dict) -> str | None:
    """The name of a coordinate system other than WGS 84 that an old-style `crs` member declares (None:
    no crs member, or one naming WGS 84). Coordinates in another system would land the sites elsewhere."""
    if "crs" not in collection or collection["crs"] is None:
        return None
    crs = collection["crs"]
    name = (
        crs.get("properties", {}).get("name")
        if isinstance(crs, dict) and isinstance(crs.get("properties"), dict)
        else None
    )
    if isinstance(name, str) and _WGS84.match(name.strip()):
        return None
    return _shown(name if isinstance(name, str) else json.dumps(crs)[:80])


def _locator(features: list[Any], key=lambda f: f.get("id")):
    def locate(i: int) -> str:
        item = features[i]
        return feature(key(item) if isinstance(item, dict) else None, i + 1)

    return locate


def check_provinces(features: list[Any], file: str = paths.PROVINCES) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Valid admin1 features as a GeoDataFrame: iso_3166_2, country, name_en, name_ar, geometry."""

    def code(item: dict) -> Any:
        props = item.get("properties")
        return props.get("iso_3166_2") if isinstance(props, dict) else None

    locate = _locator(features, code)
    valid, problems = validate_all(_PROVINCES, features, file, locate)
    repeated = duplicates(f.properties.iso_3166_2 for _, f in valid)
    rows, shapes = [], []
    for n, (i, province) in enumerate(valid):
        if n in repeated:
            problems.append(
                Problem(
                    file,
                    f"feature #{i + 1}",
                    "properties.iso_3166_2",
                    f"duplicate province code {province.properties.iso_3166_2!r}",
                )
            )
            continue
        rows.append(province.properties.model_dump(include=set(PROVINCE_PROPERTIES)))
        shapes.append(province.geometry.shape())
    frame = pd.DataFrame(rows, columns=list(PROVINCE_PROPERTIES))
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=CRS), problems


@dataclass(frozen=True)
class Sites:
    frame: gpd.GeoDataFrame  # valid sites: site_id, the properties, geometry
    ids: KnownIds
    locations: dict[str, str]  # site_id -> location in problem reports, for later checks
    problems: list[Problem]


def check_sites(
    features: list[Any] | None,
    provinces: gpd.GeoDataFrame | None,
    file: str = paths.SITES,
    provinces_file: str = paths.PROVINCES,
) -> Sites:
    """Valid site features; each must lie in its declared province unless `provinces` is None.
    `features` None means the file could not be read: no sites, and references go unchecked."""
    complete = features is not None
    features = features or []
    locate = _locator(features)
    valid, problems = validate_all(_SITES, features, file, locate)
    declared = [f.get("id") if isinstance(f, dict) and isinstance(f.get("id"), str) else "" for f in features]
    repeated = duplicates(declared)
    kept: list[tuple[int, SiteFeature]] = []
    for i, site in valid:
        if i in repeated:
            problems.append(
                Problem(
                    file,
                    f"feature #{i + 1}",
                    "id",
                    f"duplicate id {_shown(site.id)} (first used by feature #{repeated[i] + 1})",
                )
            )
        else:
            kept.append((i, site))
    frame = gpd.GeoDataFrame(
        pd.DataFrame(
            [{"site_id": s.id, **s.properties.model_dump()} for _, s in kept],
            columns=["site_id", *SITE_PROPERTIES],
        ),
        geometry=[s.geometry.shape() for _, s in kept],
        crs=CRS,
    )
    locations = {s.id: locate(i) for i, s in kept}
    if provinces is not None:
        outside = _outside_declared_province(frame, provinces, provinces_file)
        for site_id, field, reason in outside:
            problems.append(Problem(file, locations[site_id], field, reason))
        crossing = _crossing_borders(frame, provinces)
        for site_id, reason in crossing:
            problems.append(Problem(file, locations[site_id], "geometry", reason))
        rejected = {site_id for site_id, _, _ in outside} | {site_id for site_id, _ in crossing}
        frame = frame[~frame["site_id"].isin(rejected)].reset_index(drop=True)
    ids = KnownIds.of(file, frame["site_id"], declared, complete)
    return Sites(frame, ids, locations, problems)


def _anchor_points(sites: gpd.GeoDataFrame) -> gpd.GeoSeries:
    # A zone is placed by its representative point, which always lies inside it (a centroid need not).
    geometry = sites.geometry
    is_point = geometry.geom_type == "Point"
    return gpd.GeoSeries(geometry.where(is_point, geometry.representative_point()), crs=CRS, index=sites.index)


def _outside_declared_province(sites, provinces, provinces_file) -> list[tuple[str, str, str]]:
    """(site_id, field, reason) of each site that is not in the province it declares."""
    codes = provinces.set_index("iso_3166_2").geometry
    anchors = gpd.GeoDataFrame({"site_id": sites["site_id"]}, geometry=_anchor_points(sites), crs=CRS)
    # `intersects` rather than `within`: a point on a shared border belongs to both provinces.
    hits = gpd.sjoin(anchors, provinces[["iso_3166_2", "geometry"]], how="inner", predicate="intersects")
    found: dict[str, list[str]] = {site_id: [] for site_id in sites["site_id"]}
    for site_id, code in zip(hits["site_id"], hits["iso_3166_2"]):
        found[site_id].append(code)
    outside = []
    for site_id, declared, anchor, kind in zip(sites["site_id"], sites["province"], anchors.geometry, sites.geom_type):
        if declared not in codes.index:
            outside.append((site_id, "properties.province", f"{declared!r} is not a province in {provinces_file}"))
            continue
        if declared in found[site_id]:
            continue
        what = "the point" if kind == "Point" else "the zone's representative point"
        where = " and ".join(sorted(found[site_id])) or f"no province of {provinces_file}"
        reason = f"{what} ({anchor.x:.4f}, {anchor.y:.4f}) lies in {where}, not in {declared}"
        if kind == "Point" and codes[declared].intersects(shapely.Point(anchor.y, anchor.x)):
            reason += "; latitude and longitude look swapped (GeoJSON wants longitude first)"
        outside.append((site_id, "geometry", reason))
    return outside


def _crossing_borders(sites, provinces) -> list[tuple[str, str]]:
    """(site_id, reason) of each zone reaching more than BORDER_SLACK_KM2 outside its own country."""
    zones = sites[sites.geom_type != "Point"]
    if zones.empty:
        return []
    countries = provinces["country"].to_numpy()
    outlines = {
        c: shapely.union_all(provinces.geometry.to_numpy()[countries == c])
        for c in set(zones["country"])
        if (countries == c).any()
    }
    found = []
    for site_id, country, shape in zip(zones["site_id"], zones["country"], zones.geometry):
        if country not in outlines:
            continue  # its province is then unknown too, and reported as such
        outside = shape.difference(outlines[country])
        if outside.is_empty:
            continue
        outside_km2 = gpd.GeoSeries([outside], crs=CRS).to_crs(AREA_CRS).area.iloc[0] / 1e6
        if outside_km2 > BORDER_SLACK_KM2:
            found.append(
                (site_id, f"the zone reaches {outside_km2:,.0f} km² outside {country}; clip it to the country's border")
            )
    return found


def site_provinces(sites: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> dict[str, tuple[str, ...]]:
    """Provinces each site falls in, sorted: for a point those containing it, for a zone those
    covering more than SLIVER of its area. Sites in no province map to ()."""
    result: dict[str, tuple[str, ...]] = {site_id: () for site_id in sites["site_id"]}
    if sites.empty or provinces.empty:
        return result
    provinces = provinces.reset_index(drop=True)  # index_right below is used as a position
    hits = gpd.sjoin(
        sites[["site_id", "geometry"]], provinces[["iso_3166_2", "geometry"]], how="inner", predicate="intersects"
    )
    zone_hit = hits.geom_type != "Point"
    if zone_hit.any():
        zones = hits[zone_hit]
        zone_shapes = zones.geometry.to_crs(AREA_CRS).to_numpy()
        province_shapes = provinces.geometry.to_crs(AREA_CRS).to_numpy()[zones["index_right"].to_numpy()]
        share = shapely.area(shapely.intersection(zone_shapes, province_shapes)) / shapely.area(zone_shapes)
        hits = pd.concat([hits[~zone_hit], zones[share > SLIVER]])
    found: dict[str, set[str]] = {}
    for site_id, code in zip(hits["site_id"], hits["iso_3166_2"]):
        found.setdefault(site_id, set()).add(code)
    result.update((site_id, tuple(sorted(codes))) for site_id, codes in found.items())
    return result


def validate_sites_text(
    text: str, file: str, provinces: gpd.GeoDataFrame | None
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """GeoJSON text of sites (e.g. an upload labelled `file`): (valid sites, problems)."""
    features, problems = parse_features(text, file)
    sites = check_sites(features or [], provinces if features else None, file)
    return sites.frame, problems + sites.problems
