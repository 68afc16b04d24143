"""The base map: every site, governorate and timeline, sent to the browser once.

st_folium re-renders the map it is given on every rerun, re-sends all of it, and derives
the component's key from the rendered script, so: the data goes to the browser as a
static file the map fetches once (``assets.publish_data``), not inside the map; every
element id is fixed before the first render so each rerun's script is identical (a
different script would re-mount the map); and ``BaseMap.render`` does its work only
once. The per-date restyling lives in ``restyle.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import folium
import shapely.geometry
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.template import Template

from dashboard.engine import listed
from dashboard.i18n import forces_label, map_labels, text_direction
from dashboard.mapview.assets import DEFAULT_STATIC_URL, asset_urls, install_static_assets, publish_data
from dashboard.mapview.compact import compact_sites
from dashboard.mapview.styles import style_table
from dashboard.mapview.texts import TEXTS_INLINE_BYTES, split_texts, texts_size
from dashboard.mapview.timeline import SITE_ID, check_timeline, pointed_records

_PRECISION = 5  # decimal degrees, about one metre: enough for a country map


@dataclass(frozen=True)
class MapLayers:
    """What the map draws: the sites and governorates (GeoJSON), the engine's timeline of the records
    (timeline.map_timeline) and, for orientation, the countries and cities around (or None)."""

    sites: dict
    provinces: dict
    timeline: dict
    context: dict | None = None


@dataclass(frozen=True)
class Serving:
    """Where the map's files go and how the browser reaches them. ``static_dir`` is the ``static``
    folder Streamlit serves at ``static_url``; ``inline`` keeps the data out of it and sends it inside
    the map's script instead (a session's uploads, which are never written to disk). Served data whose
    records' words exceed ``texts_inline_bytes`` sends them in parts fetched when a popup needs them
    (mapview/texts.py)."""

    static_dir: Path
    static_url: str = DEFAULT_STATIC_URL
    inline: bool = False
    texts_inline_bytes: int = TEXTS_INLINE_BYTES


class BaseMap(folium.Map):
    """A folium Map that loads Leaflet from the app and renders only once."""

    def __init__(self, *, static_url: str, **kwargs):
        super().__init__(**kwargs)
        urls = asset_urls(static_url)
        # Instance attributes shadow folium's class-level CDN lists, which st_folium
        # would otherwise hand to the browser as <script src> to load.
        self.default_js = urls["map_js"]
        self.default_css = urls["map_css"]
        self.site_index: dict[str, int] = {}
        self._rendered = False

    def render(self, **kwargs):
        # The figure keeps what the first render produced; later calls (st_folium makes
        # two per rerun) reuse it instead of re-serialising every site.
        if self._rendered:
            return
        super().render(**kwargs)
        self._rendered = True


class SiteLayer(JSCSSMixin):
    """Has sitemap.js fetch the map's data file and draw it (``SiteMap.load``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.siteMap = SiteMap.load({{ this._parent.get_name() }}, {{ this.data_url|tojson }}, {{ this.error_labels|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_url: str, bounds: list[list[float]], *, static_url: str, lang: str = "en"):
        super().__init__()
        self._name = "SiteLayer"
        # The words for a failed load travel with the script, since the data that holds the rest did not arrive.
        self.error_labels = {"map_error": map_labels(lang)["map_error"], "lang": lang, "dir": text_direction(lang)}
        urls = asset_urls(static_url)
        self.default_js = urls["layer_js"]
        self.default_css = urls["layer_css"]
        self.data_url = data_url
        self._bounds = bounds

    def _get_self_bounds(self):
        return self._bounds


class InlineSiteLayer(SiteLayer):
    """Carries the map's data inside the script instead of a file (``SiteMap.create``).

    For data that must never be written to disk, such as a session's uploaded records. It
    costs more per step, since st_folium re-sends the script on every rerun.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.siteMap = SiteMap.create({{ this._parent.get_name() }}, {{ this.inline_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, bounds: list[list[float]], *, static_url: str, lang: str = "en"):
        super().__init__("", bounds, static_url=static_url, lang=lang)
        # "<" escaped so no text in the data can close the script it travels in.
        self.inline_json = data_json(data).replace("<", "\\u003c")


def data_json(data: dict) -> str:
    """The map data as the browser fetches it: compact JSON, Arabic left as UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _round_coords(coords):
    if isinstance(coords, (int, float)):
        return round(coords, _PRECISION)
    return [_round_coords(c) for c in coords]


def _anchor(shape) -> list[float]:
    """A point inside the geometry, where its marker, ring or label goes (lat, lng)."""
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    return [round(point.y, _PRECISION), round(point.x, _PRECISION)]


def _bounds(shapes) -> list[list[float]]:
    west, south, east, north = shapely.geometry.GeometryCollection(list(shapes)).bounds
    return [[south, west], [north, east]]


def _site_entry(feature: dict, history: dict) -> dict:
    shape = shapely.geometry.shape(feature["geometry"])
    props = feature.get("properties") or {}
    is_area = shape.geom_type in ("Polygon", "MultiPolygon")
    return {
        "id": feature["id"],
        "name_en": props.get("name_en", ""),
        "name_ar": props.get("name_ar", ""),
        "kind": props.get("kind", ""),
        "anchor": _anchor(shape),
        "geometry": (
            {"type": shape.geom_type, "coordinates": _round_coords(feature["geometry"]["coordinates"])}
            if is_area
            else None
        ),
        # Zones are drawn largest first, so a small zone inside a large one stays within reach.
        "area": round(shape.area, 6) if is_area else 0,
        "last": history.get("last"),
        # [start, status, since, record, forces "US;IT", last report, stale 0/1, [contested by], plan,
        # since record, quiet 0/1], plan [state, status, planned, record, confirmed by] or null:
        # web/answers.js reads them.
        "intervals": [
            [
                i["start"],
                i["status"],
                i["since"],
                i["record"],
                ";".join(i["forces"]),
                i["last"],
                1 if i["stale"] else 0,
                i["contested_by"],
                None
                if i["plan"] is None
                else [i["plan"][k] for k in ("state", "status", "planned", "record", "confirmed_by")],
                i["since_record"],
                1 if i["quiet"] else 0,
            ]
            for i in history.get("intervals", [])
        ],
    }


def _provinces(provinces_geojson: dict, lang: str, simplify: float) -> tuple[dict, list, list]:
    originals = [shapely.geometry.shape(f["geometry"]) for f in provinces_geojson.get("features", [])]
    # Simplified as one coverage, so each shared border is simplified once and stays shared: one
    # province at a time, neighbours overlapped or gapped along 64 borders of the shipped layer.
    shapes = list(shapely.coverage_simplify(originals, simplify)) if simplify and originals else originals
    features, labels = [], []
    for feature, shape in zip(provinces_geojson.get("features", []), shapes):
        props = feature.get("properties") or {}
        name = props.get("name_ar" if lang == "ar" else "name_en") or props.get("name_en", "")
        geometry = shapely.geometry.mapping(shape)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": props.get("iso_3166_2", "")},
                "geometry": {"type": geometry["type"], "coordinates": _round_coords(geometry["coordinates"])},
            }
        )
        labels.append([*_anchor(shape), name])
    return {"type": "FeatureCollection", "features": features}, labels, shapes


def _referenced_records(timeline: dict) -> tuple[dict, dict]:
    """Only the records and sources a tooltip or popup can show."""
    wanted = pointed_records(timeline)
    records = {k: v for k, v in timeline.get("records", {}).items() if k in wanted}
    source_ids = {c.get("source") for r in records.values() for c in r.get("citations", [])}
    sources = {k: v for k, v in timeline.get("sources", {}).items() if k in source_ids}
    return records, sources


def map_data(layers: MapLayers, lang: str, simplify: float = 0.01, dossier: bool = True) -> dict:
    """Everything the browser script draws, as one JSON-able dict. `dossier` False: no popup links to
    the dashboard's page of a site (a map without the dashboard, the standalone file). Raises
    ValueError on bad input."""
    timeline, context, provinces_geojson = layers.timeline, layers.context, layers.provinces
    features = layers.sites.get("features", [])
    ids = [f.get("id") for f in features]
    problems = [
        f"site id {i!r} must match {SITE_ID.pattern}" for i in ids if not isinstance(i, str) or not SITE_ID.match(i)
    ]
    duplicates = sorted((i for i, n in Counter(ids).items() if n > 1), key=str)
    problems += [f"site id {i!r} appears more than once" for i in duplicates]
    problems += check_timeline(timeline, {i for i in ids if isinstance(i, str)})
    if problems:
        raise ValueError("cannot draw the map:\n" + "\n".join(problems))
    histories = timeline.get("sites", {})
    sites = [_site_entry(f, histories.get(f["id"], {})) for f in features]
    index = {site["id"]: i for i, site in enumerate(sites)}
    incidents = [[index[i["site"]], i["date"], i["end"], i["record"]] for i in timeline.get("incidents", [])]
    provinces, labels, province_shapes = _provinces(provinces_geojson, lang, simplify)
    # A governorate named like its seat (Erbil, Kirkuk...) is named once, by the city's label beside its dot.
    cities = {c["name_ar" if lang == "ar" else "name_en"] for c in (context or {}).get("cities", [])}
    labels = [label for label in labels if label[2] not in cities]
    site_shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    records, sources = _referenced_records(timeline)
    codes = {code for r in records.values() for code in listed(r.get("forces", ""))}
    codes |= {code for h in histories.values() for i in h.get("intervals", []) for code in i.get("forces", [])}
    return {
        "styles": style_table(lang),
        "dossier": dossier,
        "forces_names": {code: forces_label(code, lang) for code in sorted(codes)},
        "sites": sites,
        "moves": [
            [index[m["from"]], index[m["to"]], m["start"], m.get("end"), m.get("record")]
            for m in timeline.get("moves", [])
        ],
        "incidents": incidents,
        "records": records,
        "sources": sources,
        "provinces": provinces,
        "province_labels": labels,
        # Countries and reference cities around the map (geo/context.geojson); the countries whose
        # governorates are drawn keep only their name.
        "context": context or {"countries": [], "cities": []},
        "shown_countries": sorted(
            {(f.get("properties") or {}).get("country", "") for f in provinces_geojson.get("features", [])}
        ),
        # Without any geometry, Iraq and al-Tanf.
        "bounds": _bounds(site_shapes + province_shapes)
        if site_shapes or province_shapes
        else [[29, 38.5], [37.5, 49]],
    }


def _fix_ids(element: Element, base_id: str = "div") -> None:
    # st_folium renames every element to these ids on its first pass; naming them so
    # from the start keeps the first rerun's output identical to all later ones.
    element._id = base_id
    for i, child in enumerate(element._children.values()):
        _fix_ids(child, f"{base_id}_{i}")


def build_base_map(
    layers: MapLayers, lang: str, tiles: str | None, serving: Serving, simplify: float = 0.01, dossier: bool = True
) -> BaseMap:
    """The map to cache once per (data, lang, tiles) and pass to st_folium on every rerun.

    Writes Leaflet, sitemap.js and this map's data where `serving` says. ``tiles`` is None for no
    base tiles (nothing leaves the machine) or a folium tile name such as "OpenStreetMap" (opt-in:
    the browser then fetches tiles from that host). ``simplify`` is the tolerance in degrees for
    governorate outlines; ``dossier`` as for `map_data`. Raises ValueError listing every problem in the
    inputs.
    """
    data = compact_sites(map_data(layers, lang, simplify, dossier))
    static_dir, static_url = serving.static_dir, serving.static_url
    install_static_assets(static_dir)
    (south, west), (north, east) = data["bounds"]
    base = BaseMap(
        static_url=static_url,
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=6,
        tiles=tiles,
        control_scale=True,
        zoom_snap=0.5,
    )
    base.site_index = {site["id"]: i for i, site in enumerate(data["sites"])}
    if serving.inline:
        InlineSiteLayer(data, data["bounds"], static_url=static_url, lang=lang).add_to(base)
    else:
        if texts_size(data["records"]) > serving.texts_inline_bytes:
            # The records' words in parts, fetched by the browser when a popup first needs them.
            data, parts = split_texts(data)
            data["text_parts"] = [publish_data(static_dir, data_json(part), static_url) for part in parts]
        data_url = publish_data(static_dir, data_json(data), static_url)
        SiteLayer(data_url, data["bounds"], static_url=static_url, lang=lang).add_to(base)
    _fix_ids(base)
    base.get_root().render()
    return base


def province_bounds(provinces_geojson: dict, codes: list[str]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the governorates with these ISO 3166-2 codes."""
    shapes = [
        shapely.geometry.shape(f["geometry"])
        for f in provinces_geojson.get("features", [])
        if (f.get("properties") or {}).get("iso_3166_2") in set(codes)
    ]
    return _bounds(shapes) if shapes else None
