"""Inline data for the map demo app and its browser tests: a handful of made-up sites
that between them use every status, a pending and an overdue plan, a repositioning, a
zone, a site with no posture and a hostile summary; plus a seeded generator of many
synthetic sites for timing. Coordinates are rough; nothing here is real data."""

from __future__ import annotations

import random


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
            "properties": {"name_en": "Western border zone", "name_ar": "منطقة الحدود الغربية",
                           "kind": "zone", "province": "IQ-AN"},
            "geometry": {"type": "Polygon", "coordinates": [[[40.2, 33.6], [41.6, 33.6], [41.6, 34.5],
                                                             [40.2, 34.5], [40.2, 33.6]]]},
        },
    ],
}

XSS = "<img src=x onerror=alert(1)>"


def _record(date, claim, summary_en, quote, precision="day"):
    return {"date": date, "date_precision": precision, "claim": claim, "summary_en": summary_en,
            "summary_ar": "ملخص: " + summary_en, "quote": quote, "source_id": "demo-src"}


TIMELINE = {
    "sites": {
        "ain-al-asad": {
            "changes": [
                {"date": "2014-12-01", "status": "active", "record": "R1"},
                {"date": "2025-09-01", "status": "drawdown", "record": "R2"},
            ],
            "plans": [{"status": "handed_over", "planned": "2026-09-30", "known": "2025-09-01",
                       "resolved": None, "record": "R3"}],
        },
        "victory": {
            "changes": [
                {"date": "2014-08-08", "status": "active", "record": "R4"},
                {"date": "2021-12-09", "status": "handed_over", "record": "R5"},
            ],
        },
        "k1": {
            "changes": [
                {"date": "2015-01-01", "status": "active", "record": "R6"},
                {"date": "2020-03-29", "status": "handed_over", "record": "R7"},
            ],
        },
        "erbil": {
            "changes": [
                {"date": "2014-08-08", "status": "active", "record": "R8"},
                {"date": "2025-09-15", "status": "consolidating", "record": "R9"},
            ],
        },
        "harir": {"changes": [{"date": "2022-01-01", "status": "advisory", "record": "R10"}]},
        "al-tanf": {
            "changes": [{"date": "2016-03-01", "status": "active", "record": "R11"}],
            "plans": [{"status": "drawdown", "planned": "2025-06-30", "known": "2025-01-01",
                       "resolved": None, "record": "R12"}],
        },
        "border-zone": {"changes": [{"date": "2025-09-01", "status": "watch", "record": "R13"}]},
    },
    "moves": [{"from": "ain-al-asad", "to": "erbil", "start": "2025-09-01", "end": "2026-01-01", "record": "R2"}],
    "records": {
        "R1": _record("2014-12-01", "reported", "Coalition advisers arrive at Ain al-Asad.", "وصل مستشارو التحالف", "month"),
        "R2": _record("2025-09-01", "reported", "Forces begin to leave Ain al-Asad for Erbil.", "بدأت القوات بالانسحاب"),
        "R3": _record("2026-09-30", "planned", "Handover of Ain al-Asad planned.", "من المقرر تسليم القاعدة"),
        "R4": _record("2014-08-08", "reported", XSS, "</script><script>alert(2)</script> نص"),
        "R5": _record("2021-12-09", "announced", "Victory Base handed over.", "تم تسليم القاعدة"),
        "R6": _record("2015-01-01", "reported", "K1 in use.", "استخدام القاعدة", "year"),
        "R7": _record("2020-03-29", "announced", "K1 handed over.", "تسليم قاعدة كي وان"),
        "R8": _record("2014-08-08", "reported", "Erbil hosts coalition aircraft.", "طائرات التحالف في أربيل"),
        "R9": _record("2025-09-15", "reported", "Erbil receives equipment.", "استقبلت أربيل المعدات"),
        "R10": _record("2022-01-01", "assessed", "Advisory mission at Harir.", "مهمة استشارية"),
        "R11": _record("2016-03-01", "reported", "al-Tanf garrison established.", "إنشاء حامية التنف"),
        "R12": _record("2025-06-30", "planned", "al-Tanf drawdown expected by mid-2025.", "من المتوقع التقليص"),
        "R13": _record("2025-09-01", "assessed", "Border zone named a security gap.", "ثغرة أمنية على الحدود"),
    },
    "sources": {"demo-src": {"publisher": "Demo publisher", "title_en": "Demo document",
                             "title_ar": "وثيقة تجريبية", "published": "2025-09-14"}},
}

STEPS = ["2014-06-01", "2014-12-01", "2016-03-01", "2020-03-29", "2021-12-09", "2022-01-01",
         "2025-01-01", "2025-07-01", "2025-09-01", "2025-09-15", "2026-01-01", "2026-10-01"]


def synthetic(n: int, seed: int = 7) -> tuple[dict, dict]:
    """n point sites with realistic-length records, changing status over STEPS."""
    rng = random.Random(seed)
    statuses = ["active", "drawdown", "handed_over", "consolidating", "advisory", "watch", None]
    features, histories, records = [], {}, {}
    for i in range(n):
        site_id = f"s{i}"
        features.append(_point(site_id, f"Synthetic site {i}", f"موقع تجريبي {i}", "outpost",
                               rng.choice(PROVINCES["features"])["properties"]["iso_3166_2"],
                               round(rng.uniform(39.0, 48.0), 4), round(rng.uniform(29.5, 37.0), 4)))
        days = sorted(rng.sample(STEPS, rng.randint(2, 6)))
        changes = []
        for day in days:
            record_id = f"R{len(records)}"
            records[record_id] = _record(day, "reported", f"Synthetic site {i} changes posture on {day}; " * 2,
                                         "نص مقتبس من الوثيقة يصف تغيير الوضع في الموقع " * 3)
            changes.append({"date": day, "status": rng.choice(statuses), "record": record_id})
        history = {"changes": changes}
        if rng.random() < 0.1:
            history["plans"] = [{"status": "handed_over", "planned": rng.choice(STEPS[6:]), "known": STEPS[5],
                                 "resolved": None, "record": changes[0]["record"]}]
        histories[site_id] = history
    moves = [{"from": f"s{i}", "to": f"s{i + 1}", "start": STEPS[7], "end": STEPS[10], "record": None}
             for i in range(0, min(n - 1, 40), 2)]
    timeline = {"sites": histories, "moves": moves, "records": records, "sources": TIMELINE["sources"]}
    return {"type": "FeatureCollection", "features": features}, timeline
