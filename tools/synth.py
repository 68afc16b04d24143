"""Synthetic datasets for benchmarks and tests: `python -m tools.synth --sites N --records M --out DIR`.

Writes DIR/geo/sites.geojson, DIR/geo/admin1.geojson (the repository's), DIR/data/sources.csv,
DIR/data/posture.csv and DIR/seeds/synth_NN.txt, valid under `python -m dashboard.validate DIR`.
The same arguments and seed always give the same bytes.

What the data looks like:
- Sites `s00001`... lie in Iraq's governorates (half by area, half evenly), at least MARGIN
  degrees inside the declared one; ZONE_SHARE of them (at least one) are small hexagonal zones.
- Every site gets one record, the rest go to random sites and NATIONAL_SHARE to national rows
  (some with troops). Dates fall in 2014-2026, in file order. Planned records are dated after
  the first publication and cite a source published before them; about half are confirmed by
  the site's next record taking their status, the rest end up overdue or pending. Some drawdowns
  and handovers name a `moved_to` site. Records say whose forces (FORCES); a few dispute an earlier
  record or name an earlier plan in `confirms`.
- The sources split 2014-2026 into equal periods, each published at its period's end. A
  document is a list of numbered Arabic sentences (at most MAX_SENTENCES), and each record
  quotes one whole sentence of its source, so many records share a quote at scale.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry

from dashboard import paths
from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS, SOURCE_COLUMNS
from dashboard.vocabulary import (
    CLAIMS,
    EVENT,
    GRADES,
    INCIDENT,
    OFFICIAL,
    QUALIFIERS,
    SITE_STATUSES,
    STATUSES,
    TROOP_CLAIMS,
)

# Before any "today" the dashboard will see, since only planned records may be dated after today.
FIRST_DAY, LAST_DAY = dt.date(2014, 1, 1), dt.date(2026, 6, 30)
MARGIN = 0.02  # degrees (about 2 km) between a site's anchor and its province border
ZONE_RADIUS = (0.008, 0.02)  # degrees of latitude; longitude is stretched by 1/cos(latitude)
ZONE_SHARE = 0.05
NATIONAL_SHARE = 0.04
CONFIRM_SHARE = 0.5  # of planned records whose site's next record confirms them
MOVE_SHARE = 0.3  # of site drawdowns and handovers that name a moved_to site
TROOPS_SHARE = 0.7  # of national active/drawdown/advisory records that state a force level
MAX_SENTENCES = 800  # per document; keeps quote lookups cheap at 100,000 records
DEFAULT_SOURCES = 6

STATUS_WEIGHTS = {
    "active": 0.28,
    "drawdown": 0.14,
    "handed_over": 0.1,
    "consolidating": 0.09,
    "advisory": 0.1,
    "support": 0.04,
    "watch": 0.09,
    "event": 0.11,
    "incident": 0.05,
}
GRADE_WEIGHTS = {"A": 0.3, "B": 0.55, "C": 0.15}
CLAIM_WEIGHTS = {"reported": 0.5, "announced": 0.17, "planned": 0.18, "assessed": 0.15}
PRECISION_WEIGHTS = {"day": 0.8, "month": 0.15, "year": 0.05}
POINT_KINDS = {"air_base": 0.1, "airport": 0.05, "garrison": 0.35, "hq": 0.1, "outpost": 0.4}
ZONE_KINDS = {"zone": 0.7, "border_area": 0.3}
KIND_NAMES = {  # kind -> (English word, Arabic pattern) of a site's name
    "air_base": ("Air Base", "قاعدة {p} الجوية"),
    "airport": ("Airfield", "مطار {p}"),
    "garrison": ("Camp", "معسكر {p}"),
    "hq": ("Headquarters", "مقر {p}"),
    "outpost": ("Outpost", "نقطة {p}"),
    "zone": ("Security Zone", "منطقة {p} الأمنية"),
    "border_area": ("Border Sector", "قطاع {p} الحدودي"),
}
# The first rows cover every status and every claim, whatever the random draws give.
COVERAGE = [
    ("active", "reported"),
    ("drawdown", "planned"),
    ("handed_over", "announced"),
    ("consolidating", "assessed"),
    ("advisory", "reported"),
    ("watch", "planned"),
    ("event", "reported"),
    ("support", "reported"),
    ("incident", "reported"),
]
# National force level over time: (year, troops), interpolated and jittered.
TROOP_LEVELS = [
    (2014, 1500),
    (2015, 3500),
    (2016, 5000),
    (2019, 5200),
    (2020, 3000),
    (2021, 2500),
    (2024, 2500),
    (2025, 2000),
    (2026, 1000),
    (2027, 800),
]

_EVENT, _INCIDENT, _PLANNED = STATUSES.index(EVENT), STATUSES.index(INCIDENT), CLAIMS.index("planned")
_DAY, _MONTH, _YEAR = range(3)
_EPOCH = dt.date(1970, 1, 1).toordinal()  # day numbers below are date ordinals

SITE_EN = {
    "active": "US forces are present and operating at {site}",
    "drawdown": "US forces are drawing down at {site}",
    "handed_over": "{site} is handed over to Iraqi control",
    "consolidating": "{site} is receiving forces repositioned from elsewhere",
    "advisory": "only an advisory presence remains at {site}",
    "watch": "{site} is named as a security gap",
    "support": "only a logistics support presence remains at {site}",
    "event": "an announcement is made about {site}",
    "incident": "an attack is reported at {site}",
}
SITE_AR = {
    "active": "القوات الأمريكية موجودة وتعمل في {site}",
    "drawdown": "تقليص القوات الأمريكية في {site}",
    "handed_over": "تسليم {site} إلى السيطرة العراقية",
    "consolidating": "{site} تستقبل قوات ومعدات منقولة من مواقع أخرى",
    "advisory": "وجود استشاري فقط في {site}",
    "watch": "{site} ثغرة أمنية تستدعي المتابعة",
    "support": "وجود دعم لوجستي فقط في {site}",
    "event": "إعلان بشأن {site}",
    "incident": "هجوم مُبلَّغ عنه في {site}",
}
NATIONAL_EN = {
    "active": "US forces are present and operating in Iraq",
    "drawdown": "US forces in Iraq are drawing down",
    "handed_over": "US positions in Iraq are handed over to Iraqi control",
    "consolidating": "US forces in Iraq consolidate in fewer bases",
    "advisory": "the US mission in Iraq is advisory only",
    "watch": "Iraq's borders are named as a security gap",
    "support": "US forces in Iraq keep only logistics support",
    "event": "a national announcement on US forces in Iraq",
}
NATIONAL_AR = {
    "active": "القوات الأمريكية موجودة وتعمل في العراق",
    "drawdown": "تقليص القوات الأمريكية في العراق",
    "handed_over": "تسليم المواقع الأمريكية في العراق إلى السيطرة العراقية",
    "consolidating": "تجميع القوات الأمريكية في عدد أقل من القواعد",
    "advisory": "المهمة الأمريكية في العراق استشارية فقط",
    "watch": "حدود العراق ثغرة أمنية تستدعي المتابعة",
    "event": "إعلان وطني بشأن القوات الأمريكية في العراق",
    "support": "القوات الأمريكية في العراق تحتفظ بالدعم اللوجستي فقط",
}
CLAIM_EN = {"reported": "Reported", "announced": "Announced", "planned": "Planned", "assessed": "Assessed"}
CLAIM_AR = {"reported": "أفادت التقارير", "announced": "أُعلن", "planned": "من المخطط", "assessed": "تقدير"}
QUALIFIER_EN = {"about": "About", "under": "Under", "over": "Over", "exact": "Exactly"}
QUALIFIER_AR = {"about": "نحو", "under": "أقل من", "over": "أكثر من", "exact": ""}
PRECISION_NOTES = {
    _MONTH: "Synthetic: the source gives only the month.",
    _YEAR: "Synthetic: the source gives only the year.",
}

OPENERS = [
    "أفاد مسؤول عسكري بأن",
    "ذكرت مصادر محلية أن",
    "أعلن متحدث باسم التحالف أن",
    "قال مصدر أمني إن",
    "أكد بيان رسمي أن",
    "نقلت وكالة أنباء عن ضابط قوله إن",
    "أشار تقرير ميداني إلى أن",
    "صرّح مسؤول حكومي بأن",
]
ACTIONS = [
    "القوات الأمريكية عززت انتشارها",
    "وحدات أمريكية بدأت الانسحاب التدريجي",
    "المعدات نقلت إلى قاعدة أخرى",
    "الموقع سلم إلى القوات العراقية",
    "مستشارين أمريكيين ما زالوا يعملون",
    "المنطقة باتت مصدر قلق أمني",
    "هجوما بطائرة مسيرة استهدف الموقع",
    "الدوريات المشتركة استؤنفت",
    "عدد الجنود انخفض بشكل ملحوظ",
    "خطة إعادة التموضع دخلت مرحلتها الثانية",
]
TIMES = [
    "خلال الأسبوع الماضي",
    "في مطلع الشهر",
    "منذ أيام",
    "في وقت متأخر من الليل",
    "مع نهاية العام",
    "في إطار الجدول الزمني المتفق عليه",
]
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Province:
    code: str
    name_en: str
    name_ar: str
    shape: object  # shapely Polygon or MultiPolygon


@dataclass(frozen=True)
class Built:
    files: dict[str, str]  # path under the data root -> text, for every generated file (admin1 excepted)
    zones: int
    national: int
    sentences: int  # distinct quotable sentences over all documents


@dataclass(frozen=True)
class Summary:
    root: Path
    sites: int
    zones: int
    records: int
    national: int
    sources: int
    sentences: int  # distinct quotable sentences over all documents


# Whose forces: mostly the US or the coalition as a whole, some partners alone (as Italy's at Erbil).
FORCES = ("US", "coalition", "US;GB", "IT", "DE;FR")
FORCES_WEIGHTS = (0.55, 0.3, 0.05, 0.06, 0.04)
DISPUTE_SHARE = 0.03  # records disputing an earlier record
CONFIRMS_SHARE = 0.02  # records naming an earlier plan as carried out


def argument_error(sites: int, records: int, seed: int, sources: int) -> str | None:
    """Why these arguments cannot make a valid dataset, or None."""
    if sites < 1:
        return f"--sites must be at least 1 (got {sites})"
    if records < sites:
        return f"--records must be at least --sites ({sites}): every site needs a record (got {records})"
    if seed < 0:
        return f"--seed must be 0 or more (got {seed})"
    if not 2 <= sources <= 99:
        return f"--sources must be 2 to 99: planned records cite a source published before them (got {sources})"
    return None


def iraq_provinces(admin1_text: str) -> list[Province]:
    """Iraq's governorates from the text of an admin1 GeoJSON, in file order."""
    return [
        Province(
            f["properties"]["iso_3166_2"],
            f["properties"]["name_en"],
            f["properties"]["name_ar"],
            shapely.geometry.shape(f["geometry"]),
        )
        for f in json.loads(admin1_text)["features"]
        if f["properties"]["country"] == "IQ"
    ]


def build(sites: int, records: int, seed: int, provinces: list[Province], sources: int = DEFAULT_SOURCES) -> Built:
    """Every generated file's text, in memory. Raises ValueError on bad arguments."""
    reason = argument_error(sites, records, seed, sources)
    if reason:
        raise ValueError(reason)
    rng = np.random.default_rng(seed)
    places = _place_sites(rng, provinces, sites)
    names_en, names_ar, sites_text = _sites_geojson(rng, provinces, places)
    publication = _publication_days(sources)
    rows = _draw_records(rng, sites, records, publication)
    sentence_counts = np.clip(np.bincount(rows["source"], minlength=sources), 1, MAX_SENTENCES)
    documents = [_sentences(rng, provinces, n) for n in sentence_counts]
    files = {
        paths.SITES: sites_text,
        paths.SOURCES: _sources_csv(publication, seed),
        paths.POSTURE: _posture_csv(rows, names_en, names_ar),
        paths.CITATIONS: _citations_csv(rows, documents),
    }
    for k, (sentences, day) in enumerate(zip(documents, publication)):
        files[_seed_file(k)] = _document(k, dt.date.fromordinal(int(day)), sentences)
    return Built(files, int(places["zone"].sum()), int((rows["site"] < 0).sum()), int(sentence_counts.sum()))


def generate(
    out: Path,
    sites: int,
    records: int,
    seed: int = 0,
    *,
    sources: int = DEFAULT_SOURCES,
    force: bool = False,
    admin1: Path | None = None,
) -> Summary:
    """Write a dataset under `out` (created if missing). Raises ValueError, writing nothing,
    on bad arguments, on `out` being the repository root, or on a non-empty `out` without
    `force`; with `force` the generated files replace any there (and old seeds/synth_*.txt go)."""
    out = Path(out)
    admin1 = Path(admin1) if admin1 else paths.repository_root() / paths.PROVINCES
    reason = argument_error(sites, records, seed, sources) or _out_error(out, force)
    if reason:
        raise ValueError(reason)
    admin1_bytes = admin1.read_bytes()
    built = build(sites, records, seed, iraq_provinces(admin1_bytes.decode("utf-8")), sources)
    for old in sorted((out / paths.SEEDS).glob("synth_*.txt")):
        old.unlink()
    for relative, text in built.files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    (out / paths.PROVINCES).write_bytes(admin1_bytes)
    return Summary(out, sites, built.zones, records, built.national, sources, built.sentences)


def _out_error(out: Path, force: bool) -> str | None:
    if out.exists() and not out.is_dir():
        return f"--out {out} exists and is not a directory"
    if out.exists() and out.resolve() == paths.repository_root().resolve():
        return f"--out {out} is the repository itself; refusing to overwrite the project's data"
    if out.is_dir() and any(out.iterdir()) and not force:
        return f"--out {out} is not empty; pass --force to overwrite the generated files in it"
    return None


# Sites -------------------------------------------------------------------------------------------


def _place_sites(rng, provinces: list[Province], n: int) -> dict[str, np.ndarray]:
    areas = np.array([p.shape.area for p in provinces])
    weights = 0.5 * areas / areas.sum() + 0.5 / len(provinces)
    which = rng.choice(len(provinces), n, p=weights)
    zone = np.zeros(n, dtype=bool)
    zone[rng.choice(n, max(1, round(ZONE_SHARE * n)) if n > 1 else 0, replace=False)] = True
    x, y = np.empty(n), np.empty(n)
    # A zone's centre keeps a whole stretched radius more from the border than a point does
    # (Iraq lies south of 38°N, so that bounds the stretch).
    zone_margin = MARGIN + ZONE_RADIUS[1] / math.cos(math.radians(38))
    for p, province in enumerate(provinces):
        for is_zone, margin in ((False, MARGIN), (True, zone_margin)):
            wanted = np.flatnonzero((which == p) & (zone == is_zone))
            if wanted.size:
                x[wanted], y[wanted] = _inside(rng, province.shape.buffer(-margin), wanted.size)
    radius = np.where(zone, rng.uniform(*ZONE_RADIUS, n), 0.0)
    turn = rng.uniform(0, math.pi / 3, n)
    return {"province": which, "zone": zone, "x": x, "y": y, "radius": radius, "turn": turn}


def _inside(rng, shape, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` uniform random points inside `shape`, by rejection from its bounding box."""
    if shape.is_empty:
        raise ValueError("a governorate is too small to place sites away from its border")
    shapely.prepare(shape)
    west, south, east, north = shape.bounds
    fill = shape.area / ((east - west) * (north - south))
    xs, ys, found = [], [], 0
    while found < count:
        batch = int((count - found) / fill * 1.2) + 16
        bx, by = rng.uniform(west, east, batch), rng.uniform(south, north, batch)
        keep = shapely.contains_xy(shape, bx, by)
        xs.append(bx[keep])
        ys.append(by[keep])
        found += int(keep.sum())
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def _sites_geojson(rng, provinces, places) -> tuple[list[str], list[str], str]:
    n = len(places["x"])
    width = max(5, len(str(n)))
    point_kinds = rng.choice(list(POINT_KINDS), n, p=list(POINT_KINDS.values()))
    zone_kinds = rng.choice(list(ZONE_KINDS), n, p=list(ZONE_KINDS.values()))
    kinds = np.where(places["zone"], zone_kinds, point_kinds)
    # Hexagon vertices, longitude stretched so the shape looks regular on the map.
    angles = places["turn"][:, None] + np.arange(6) * (math.pi / 3)
    stretch = 1 / np.cos(np.radians(places["y"]))
    vx = np.round(places["x"][:, None] + places["radius"][:, None] * stretch[:, None] * np.cos(angles), 5)
    vy = np.round(places["y"][:, None] + places["radius"][:, None] * np.sin(angles), 5)
    names_en, names_ar, features = [], [], []
    for i in range(n):
        province = provinces[places["province"][i]]
        kind = str(kinds[i])
        word_en, pattern_ar = KIND_NAMES[kind]
        names_en.append(f"{province.name_en} {word_en} {i + 1}")
        names_ar.append(f"{pattern_ar.format(p=province.name_ar)} {i + 1}")
        if places["zone"][i]:
            ring = [[float(a), float(b)] for a, b in zip(vx[i], vy[i])]
            geometry = {"type": "Polygon", "coordinates": [ring + [ring[0]]]}
            note = (
                f"Synthetic hexagonal zone about {places['radius'][i] * 111:.1f} km in radius, placed at random "
                f"inside {province.name_en}; not a real place."
            )
        else:
            geometry = {
                "type": "Point",
                "coordinates": [round(float(places["x"][i]), 5), round(float(places["y"][i]), 5)],
            }
            note = (
                f"Synthetic point placed at random inside {province.name_en}, at least {MARGIN * 111:.0f} km "
                "from its border; not a real place."
            )
        properties = {
            "name_en": names_en[-1],
            "name_ar": names_ar[-1],
            "kind": kind,
            "country": "IQ",
            "province": province.code,
            "location_note": note,
        }
        features.append(
            {"type": "Feature", "id": f"s{i + 1:0{width}d}", "properties": properties, "geometry": geometry}
        )
    text = (
        '{"type": "FeatureCollection", "features": [\n'
        + ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
        + "\n]}\n"
    )
    return names_en, names_ar, text


# Records -----------------------------------------------------------------------------------------


def _publication_days(sources: int) -> np.ndarray:
    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    span = last - first + 1
    return np.array([first + (k + 1) * span // sources - 1 for k in range(sources)], dtype=np.int64)


def _choice(rng, weights: dict, n: int) -> np.ndarray:
    return rng.choice(len(weights), n, p=np.array(list(weights.values())) / sum(weights.values()))


def _draw_records(rng, n_sites: int, n: int, publication: np.ndarray) -> dict[str, np.ndarray]:
    """Each record as parallel arrays in file (date) order: site (-1 national), day, precision,
    status, claim, troops (-1 none), qualifier, moved_to (-1 none), source, sentence."""
    n_national = min(n - n_sites, round(NATIONAL_SHARE * n))
    site = np.concatenate(
        [np.arange(n_sites), rng.integers(0, n_sites, n - n_sites - n_national), np.full(n_national, -1)]
    )
    status = rng.choice(len(STATUSES), n, p=[STATUS_WEIGHTS[s] for s in STATUSES])
    claim = rng.choice(len(CLAIMS), n, p=[CLAIM_WEIGHTS[c] for c in CLAIMS])
    fixed = np.zeros(n, dtype=bool)
    for i, (s, c) in enumerate(COVERAGE[:n]):
        status[i], claim[i], fixed[i] = STATUSES.index(s), CLAIMS.index(c), True
    planned_event = (claim == _PLANNED) & ((status == _EVENT) | (status == _INCIDENT))
    status[planned_event] = rng.integers(0, len(SITE_STATUSES), int(planned_event.sum()))
    status[(site < 0) & (status == _INCIDENT)] = _EVENT  # an incident happens at a site

    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    day = rng.integers(first, last + 1, n)
    planned = claim == _PLANNED
    # Planned records follow the first publication, so some source announced them beforehand.
    day[planned] = rng.integers(publication[0] + 1, last + 1, int(planned.sum()))
    precision = _choice(rng, PRECISION_WEIGHTS, n)
    dates = (day - _EPOCH).astype("datetime64[D]")
    rounded = (
        np.select(
            [precision == _MONTH, precision == _YEAR],
            [
                dates.astype("datetime64[M]").astype("datetime64[D]"),
                dates.astype("datetime64[Y]").astype("datetime64[D]"),
            ],
            dates,
        ).astype(np.int64)
        + _EPOCH
    )
    too_early = planned & (rounded <= publication[0])
    precision[too_early], rounded[too_early] = _DAY, day[too_early]
    day = rounded

    order = np.lexsort((np.arange(n), day))  # file order: by date, ties by draw
    site, status, claim, day, precision, fixed = (a[order] for a in (site, status, claim, day, precision, fixed))
    _confirm_some_plans(rng, site, status, claim, fixed)
    planned = claim == _PLANNED

    # A record cites the source of the period it falls in; a plan, one published before it.
    source = np.searchsorted(publication, day, side="left")
    source[planned] -= 1

    national = site < 0
    with_troops = national & np.isin(status, [STATUSES.index(s) for s in ("active", "drawdown", "advisory")])
    with_troops &= rng.random(n) < TROOPS_SHARE
    with_troops &= np.isin(claim, [CLAIMS.index(c) for c in TROOP_CLAIMS])  # a figure is reported or announced
    years = np.array([dt.date(y, 1, 1).toordinal() for y, _ in TROOP_LEVELS])
    level = np.interp(day, years, [t for _, t in TROOP_LEVELS]) * rng.uniform(0.9, 1.1, n)
    troops = np.where(with_troops, np.round(level / 50).astype(np.int64) * 50, -1)
    qualifier = rng.integers(0, len(QUALIFIERS), n)

    moves = ~national & np.isin(status, [STATUSES.index("drawdown"), STATUSES.index("handed_over")])
    moves &= rng.random(n) < (MOVE_SHARE if n_sites > 1 else 0.0)
    moved_to = np.where(moves, (site + rng.integers(1, max(n_sites, 2), n)) % max(n_sites, 1), -1)

    # The j-th record citing a source quotes sentence j of it, wrapping round.
    by_source = np.argsort(source, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(source, minlength=len(publication)))[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[by_source] = np.arange(n) - starts[source[by_source]]
    sentence = rank  # taken modulo the document's length when written
    grade = rng.choice(len(GRADES), n, p=[GRADE_WEIGHTS[g] for g in GRADES])
    forces = rng.choice(len(FORCES), n, p=FORCES_WEIGHTS)
    # A few records dispute an earlier record, and a few name an earlier plan as carried out (records
    # are in date order, so "earlier" is a lower row).
    disputes = np.where(rng.random(n) < DISPUTE_SHARE, (rng.random(n) * np.arange(n)).astype(np.int64), -1)
    disputes[0] = -1
    plans = np.flatnonzero(claim == CLAIMS.index("planned"))
    confirms = np.full(n, -1, dtype=np.int64)
    if len(plans):
        chosen = (rng.random(n) < CONFIRMS_SHARE) & (claim != CLAIMS.index("planned"))
        confirms[chosen] = plans[rng.integers(0, len(plans), int(chosen.sum()))]
    return {
        "site": site,
        "forces": forces,
        "disputes": disputes,
        "confirms": confirms,
        "day": day,
        "precision": precision,
        "status": status,
        "claim": claim,
        "troops": troops,
        "qualifier": qualifier,
        "moved_to": moved_to,
        "source": source,
        "sentence": sentence,
        "grade": grade,
    }


def _confirm_some_plans(rng, site, status, claim, fixed) -> None:
    """Give the next record of a site after a planned one the plan's status and a non-planned
    claim, for about CONFIRM_SHARE of plans. Arrays are in date order; changed in place."""
    by_site = np.lexsort((np.arange(len(site)), site))
    now, after = by_site[:-1], by_site[1:]
    chosen = (site[now] == site[after]) & (site[now] >= 0) & (claim[now] == _PLANNED)
    chosen &= (claim[after] != _PLANNED) & ~fixed[after] & (rng.random(len(now)) < CONFIRM_SHARE)
    status[after[chosen]] = status[now[chosen]]
    claim[after[chosen]] = rng.choice([CLAIMS.index("reported"), CLAIMS.index("announced")], int(chosen.sum()))


# Files -------------------------------------------------------------------------------------------


def _seed_file(k: int) -> str:
    return f"{paths.SEEDS}/synth_{k + 1:02d}.txt"


def _sources_csv(publication: np.ndarray, seed: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    for k, day in enumerate(publication):
        published = dt.date.fromordinal(int(day))
        title_ar = f"نشرة الوضع العسكري التجريبية رقم {k + 1}"
        row = {
            "source_id": f"synth-{k + 1:02d}",
            "kind": "seed",
            "file": _seed_file(k),
            "url": "",
            "publisher": "Synthetic Posture Monitor (generated by dashboard.synth)",
            "origin": "Synthetic Posture Monitor",
            "title": title_ar,
            "title_en": f"Synthetic posture bulletin {k + 1}",
            "title_ar": title_ar,
            "published": published.isoformat(),
            "published_note": f"Synthetic document generated with seed {seed}; not a real source.",
            "language": "ar",
            "consulted": "",
        }
        writer.writerow([row[c] for c in SOURCE_COLUMNS])
    return buffer.getvalue()


def _sentences(rng, provinces: list[Province], count: int) -> list[str]:
    picks = [rng.integers(0, len(options), count) for options in (OPENERS, ACTIONS, provinces, TIMES)]
    return [
        f"{j + 1}. {OPENERS[o]} {ACTIONS[a]} في محافظة {provinces[p].name_ar} {TIMES[t]}.".translate(_ARABIC_DIGITS)
        for j, (o, a, p, t) in enumerate(zip(*(pick.tolist() for pick in picks)))
    ]


def _document(k: int, published: dt.date, sentences: list[str]) -> str:
    header = f"نشرة الوضع العسكري التجريبية رقم {k + 1}\nتاريخ النشر: {published.isoformat()}\n"
    return header + "\n".join(sentences) + "\n"


def _record_id(i: int, n: int) -> str:
    return f"R{i + 1:0{max(6, len(str(n)))}d}"


def _posture_csv(rows, names_en: list[str], names_ar: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(POSTURE_COLUMNS)
    n = len(rows["day"])
    site_width = max(5, len(str(len(names_en))))
    precisions = list(PRECISION_WEIGHTS)
    names = ("site", "day", "precision", "status", "claim", "troops", "qualifier", "moved_to", "grade")
    names += ("forces", "confirms", "disputes")
    columns = (rows[c].tolist() for c in names)
    for i, row_values in enumerate(zip(*columns)):
        site, day, precision, status, claim, troops, qualifier, moved_to, grade, forces, confirms, disputes = row_values
        status_name, claim_name = STATUSES[status], CLAIMS[claim]
        if site >= 0:
            text_en = SITE_EN[status_name].format(site=names_en[site])
            text_ar = SITE_AR[status_name].format(site=names_ar[site])
        else:
            text_en, text_ar = NATIONAL_EN[status_name], NATIONAL_AR[status_name]
        text_en, text_ar = f"{CLAIM_EN[claim_name]}: {text_en}.", f"{CLAIM_AR[claim_name]}: {text_ar}."
        if moved_to >= 0:
            text_en += f" Forces and equipment move to {names_en[moved_to]}."
            text_ar += f" نقل القوات والمعدات إلى {names_ar[moved_to]}."
        if troops >= 0:
            text_en += f" {QUALIFIER_EN[QUALIFIERS[qualifier]]} {troops:,} US troops."
            text_ar += f" عدد القوات: {QUALIFIER_AR[QUALIFIERS[qualifier]]} {troops} جندي.".replace("  ", " ")
        note = " ".join(
            filter(
                None,
                [
                    PRECISION_NOTES.get(precision, ""),
                    "Synthetic: graded C, unconfirmed." if GRADES[grade] == "C" else "",
                ],
            )
        )
        row = {
            "record_id": _record_id(i, n),
            "site_id": f"s{site + 1:0{site_width}d}" if site >= 0 else "",
            "date": dt.date.fromordinal(day).isoformat(),
            "date_precision": precisions[precision],
            "status": status_name,
            "claim": claim_name,
            "grade": GRADES[grade],
            "troops": troops if troops >= 0 else "",
            "troops_qualifier": QUALIFIERS[qualifier] if troops >= 0 else "",
            "moved_to": f"s{moved_to + 1:0{site_width}d}" if moved_to >= 0 else "",
            "summary_en": text_en,
            "summary_ar": text_ar,
            "note": note,
            "forces": FORCES[forces],
            "confirms": _record_id(confirms, n) if confirms >= 0 else "",
            "disputes": _record_id(disputes, n) if disputes >= 0 else "",
        }
        writer.writerow([row[c] for c in POSTURE_COLUMNS])
    return buffer.getvalue()


def _citations_csv(rows, documents: list[list[str]]) -> str:
    """One citation per record, of the source of its period; an A record's is an official statement,
    since every synthetic source has the same publisher."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CITATION_COLUMNS)
    n = len(rows["day"])
    for i, (source, sentence, grade) in enumerate(zip(*(rows[c].tolist() for c in ("source", "sentence", "grade")))):
        sentences = documents[source]
        writer.writerow(
            [
                _record_id(i, n),
                f"synth-{source + 1:02d}",
                sentences[sentence % len(sentences)],
                OFFICIAL if GRADES[grade] == "A" else "",
            ]
        )
    return buffer.getvalue()


# Command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, required=True, help="number of sites (at least 1)")
    parser.add_argument("--records", type=int, required=True, help="number of posture records (at least --sites)")
    parser.add_argument("--out", type=Path, required=True, help="data root to write (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same bytes")
    parser.add_argument(
        "--sources",
        type=int,
        default=DEFAULT_SOURCES,
        help=f"number of source documents, 2 to 99 (default {DEFAULT_SOURCES})",
    )
    parser.add_argument("--force", action="store_true", help="overwrite the generated files in a non-empty --out")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        summary = generate(args.out, args.sites, args.records, args.seed, sources=args.sources, force=args.force)
    except ValueError as error:
        parser.error(str(error))  # exits 2 with the usage line
    print(
        f"wrote {summary.root}: {summary.sites} sites ({summary.zones} zones), {summary.records} records "
        f"({summary.national} national), {summary.sources} sources, {summary.sentences} sentences "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
