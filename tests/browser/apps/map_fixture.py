"""Inline data for the map demo app and its browser tests: a handful of made-up sites
that between them use every status, a pending and an overdue plan, a repositioning, a
zone, a site with no posture and a hostile summary; plus a seeded generator of many
synthetic sites for timing. Coordinates are rough; nothing here is real data."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
from factories import records_frame  # tests/factories.py: tests/ is on the path of the tests and the demo

from dashboard.engine import PostureIndex
from dashboard.mapview.timeline import map_timeline


def _rect(code: str, name_en: str, name_ar: str, west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "Feature",
        "properties": {"iso_3166_2": code, "name_en": name_en, "name_ar": name_ar, "country": code[:2]},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


PROVINCES = {
    "type": "FeatureCollection",
    "features": [
        _rect("IQ-AN", "Anbar", "الأنبار", 39.0, 31.0, 44.0, 34.6),
        _rect("IQ-BG", "Baghdad", "بغداد", 44.0, 32.9, 45.0, 33.8),
        _rect("IQ-KI", "Kirkuk", "كركوك", 43.5, 34.9, 44.8, 35.8),
        _rect("IQ-AR", "Erbil", "أربيل", 43.5, 35.8, 45.0, 37.0),
        _rect("IQ-NI", "Nineveh", "نينوى", 41.2, 35.2, 43.5, 37.0),
        _rect("SY-HI", "Homs", "حمص", 36.5, 33.3, 39.0, 35.2),
    ],
}


def _point(site_id, name_en, name_ar, kind, province, lon, lat):
    return {
        "type": "Feature",
        "id": site_id,
        "properties": {"name_en": name_en, "name_ar": name_ar, "kind": kind, "province": province},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


SITES = {
    "type": "FeatureCollection",
    "features": [
        _point("ain-al-asad", "Ain al-Asad Air Base", "قاعدة عين الأسد", "air_base", "IQ-AN", 42.44, 33.80),
        _point("victory", "Victory Base", "قاعدة فكتوري", "garrison", "IQ-BG", 44.22, 33.26),
        _point("k1", "K1 Base", "قاعدة كي وان", "garrison", "IQ-KI", 44.33, 35.52),
        _point("erbil", "Erbil Air Base", "قاعدة أربيل الجوية", "air_base", "IQ-AR", 43.96, 36.24),
        _point("harir", "Harir Base", "قاعدة حرير", "outpost", "IQ-AR", 44.35, 36.55),
        _point("al-tanf", "al-Tanf Garrison", "قاعدة التنف", "garrison", "SY-HI", 38.62, 33.50),
        _point("qayyarah", "Qayyarah West", "القيارة الغربية", "air_base", "IQ-NI", 43.12, 35.76),
        {
            "type": "Feature",
            "id": "border-zone",
            "properties": {
                "name_en": "Western border zone",
                "name_ar": "منطقة الحدود الغربية",
                "kind": "zone",
                "province": "IQ-AN",
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[40.2, 33.6], [41.6, 33.6], [41.6, 34.5], [40.2, 34.5], [40.2, 33.6]]],
            },
        },
    ],
}

XSS = "<img src=x onerror=alert(1)>"


def _row(record_id, site, day, status, claim, summary_en, quote, precision="day", moved_to="", grade="B", known=None):
    return {
        "record_id": record_id,
        "site_id": site,
        "date": date.fromisoformat(day),
        "date_precision": precision,
        "status": status,
        "claim": claim,
        "grade": grade,
        "troops": None,
        "troops_qualifier": "",
        "moved_to": moved_to,
        "summary_en": summary_en,
        "summary_ar": "ملخص: " + summary_en,
        "note": "Made up for the tests." if grade == "C" else "",
        "quote": quote,
        "known": date.fromisoformat(known) if known else None,
    }


# Read by hand in tests/browser/test_map_offline.py: what an analyst should see on each of STEPS.
ROWS = [
    _row(
        "R1",
        "ain-al-asad",
        "2014-12-01",
        "active",
        "reported",
        "Coalition advisers arrive at Ain al-Asad.",
        "وصل مستشارو التحالف",
        "month",
    ),
    _row(
        "R2",
        "ain-al-asad",
        "2025-09-01",
        "drawdown",
        "reported",
        "Forces begin to leave Ain al-Asad for Erbil.",
        "بدأت القوات بالانسحاب",
        moved_to="erbil",
    ),
    _row(
        "R3",
        "ain-al-asad",
        "2026-09-30",
        "handed_over",
        "planned",
        "Handover of Ain al-Asad planned.",
        "من المقرر تسليم القاعدة",
        known="2025-09-01",
    ),
    _row(
        "R14",
        "ain-al-asad",
        "2026-01-01",
        "drawdown",
        "reported",
        "Ain al-Asad still drawing down.",
        "ما زال الانسحاب جاريا",
    ),
    _row("R4", "victory", "2014-08-08", "active", "reported", XSS, "</script><script>alert(2)</script> نص"),
    _row("R5", "victory", "2021-12-09", "handed_over", "announced", "Victory Base handed over.", "تم تسليم القاعدة"),
    _row("R6", "k1", "2015-01-01", "active", "reported", "K1 in use.", "استخدام القاعدة", "year"),
    _row("R7", "k1", "2020-03-29", "handed_over", "announced", "K1 handed over.", "تسليم قاعدة كي وان"),
    _row(
        "R8", "erbil", "2014-08-08", "active", "reported", "Erbil hosts coalition aircraft.", "طائرات التحالف في أربيل"
    ),
    _row(
        "R9", "erbil", "2025-09-15", "consolidating", "reported", "Erbil receives equipment.", "استقبلت أربيل المعدات"
    ),
    _row(
        "R10", "harir", "2022-01-01", "advisory", "assessed", "Advisory mission at Harir.", "مهمة استشارية", grade="C"
    ),
    _row("R11", "al-tanf", "2016-03-01", "active", "reported", "al-Tanf garrison established.", "إنشاء حامية التنف"),
    _row(
        "R12",
        "al-tanf",
        "2025-06-30",
        "drawdown",
        "planned",
        "al-Tanf drawdown expected by mid-2025.",
        "من المتوقع التقليص",
        known="2025-01-01",
    ),
    _row(
        "R13",
        "border-zone",
        "2025-09-01",
        "watch",
        "assessed",
        "Border zone named a security gap.",
        "ثغرة أمنية على الحدود",
    ),
    _row("R15", "erbil", "2025-09-10", "incident", "reported", "A drone hit near Erbil airport.", "طائرة مسيرة"),
]
SOURCES = pd.DataFrame(
    [
        {
            "source_id": "demo-src",
            "kind": "seed",
            "publisher": "Demo publisher",
            "title": "وثيقة تجريبية",
            "title_en": "Demo document",
            "title_ar": "وثيقة تجريبية",
            "published": date(2025, 9, 14),
            "url": "",
        }
    ]
)


def records_of(rows: list[dict]) -> pd.DataFrame:
    return records_frame(rows, known=True)


def timeline_of(rows: list[dict]) -> dict:
    """The map timeline the engine gives for `rows`, each citing the demo document with its quote."""
    records = records_of(rows)
    citations = pd.DataFrame(
        {
            "record_id": records["record_id"],
            "source_id": "demo-src",
            "quote": [r["quote"] for r in rows],
            "official": "",
        }
    )
    return map_timeline(PostureIndex.from_records(records), records, citations, SOURCES)


TIMELINE = timeline_of(ROWS)

STEPS = [
    "2014-06-01",
    "2014-12-01",
    "2016-03-01",
    "2020-03-29",
    "2021-12-09",
    "2022-01-01",
    "2025-01-01",
    "2025-07-01",
    "2025-09-01",
    "2025-09-15",
    "2026-01-01",
    "2026-10-01",
]


def synthetic(n: int, seed: int = 7) -> tuple[dict, dict]:
    """n point sites with realistic-length records, changing status over STEPS: (sites, timeline)."""
    sites, rows = synthetic_rows(n, seed)
    return sites, timeline_of(rows)


def synthetic_rows(n: int, seed: int = 7) -> tuple[dict, list[dict]]:
    """The sites and record rows behind `synthetic`, so a test can ask the engine about them."""
    rng = random.Random(seed)
    statuses = ["active", "drawdown", "handed_over", "consolidating", "advisory", "support", "watch"]
    features, rows = [], []
    for i in range(n):
        site_id = f"s{i}"
        features.append(
            _point(
                site_id,
                f"Synthetic site {i}",
                f"موقع تجريبي {i}",
                "outpost",
                rng.choice(PROVINCES["features"])["properties"]["iso_3166_2"],
                round(rng.uniform(39.0, 48.0), 4),
                round(rng.uniform(29.5, 37.0), 4),
            )
        )
        days = sorted(rng.sample(STEPS, rng.randint(2, 6)))
        for k, day in enumerate(days):
            moved = f"s{i + 1}" if k == 0 and i % 2 == 0 and i + 1 < min(n, 40) else ""
            rows.append(
                _row(
                    f"R{len(rows)}",
                    site_id,
                    day,
                    rng.choice(statuses),
                    "reported",
                    f"Synthetic site {i} changes posture on {day}; " * 2,
                    "نص مقتبس من الوثيقة يصف تغيير الوضع في الموقع " * 3,
                    moved_to=moved,
                    grade=rng.choice("ABBC"),
                )
            )
        if rng.random() < 0.1:
            rows.append(
                _row(
                    f"R{len(rows)}",
                    site_id,
                    rng.choice(STEPS[6:]),
                    "handed_over",
                    "planned",
                    f"Handover of synthetic site {i} planned.",
                    "من المقرر التسليم",
                )
            )
        if rng.random() < 0.1:
            rows.append(
                _row(
                    f"R{len(rows)}",
                    site_id,
                    rng.choice(STEPS[1:]),
                    "incident",
                    "reported",
                    f"An attack at synthetic site {i}.",
                    "هجوم",
                )
            )
    return {"type": "FeatureCollection", "features": features}, rows
