"""Shared fixtures: a tiny valid dataset, written to a temporary data root on demand; a fixed today;
and the markers that give `make quick` its quick loop."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from pathlib import Path

import pytest

# Today is fixed for the whole run (the axis ends today and the page opens on it), and everything the
# page writes goes to a throwaway run folder, never into the package. Set before any test imports the app.
TODAY = "2026-12-01"
os.environ.setdefault("POSTURE_TODAY", TODAY)
os.environ.setdefault("POSTURE_RUN_DIR", tempfile.mkdtemp(prefix="posture-run-"))

# Left out of `make quick` (about 30 s on two cores) but run by `make test`: files whose tests run the whole
# page, render slides or decks or search long with hypothesis, every test that runs a command in a
# subprocess, and the few that walk generated data or every publication date (a second or more each).
SLOW_FILES = {
    "test_app.py",
    "test_readme.py",
    "test_slides.py",
    "test_deck.py",
    "test_engine_properties.py",
    "test_synth.py",
    "test_builds.py",
}
SLOW_NAMES = (
    "test_cli",
    "test_any_text_survives",
    "test_stepping_as_known_then_keeps_a_bounded",  # walks every publication date (316 in December 2026)
    "test_known_then_steps_reach_every_publication",  # the same walk
    "test_known_then_previous_is_next_in_reverse",  # the same walk, twice
    "test_known_then_the_picture_holds_until_the_next_publication",  # a view per publication date
    "test_map_timeline_agrees_with_the_engine",  # generated datasets
    "test_map_timeline_carries_what_its_tooltips_quote",
    "test_mapview_never_imports_streamlit",  # a fresh interpreter
)


def pytest_ignore_collect(collection_path, config):
    """A file all of whose tests a run deselects (`make quick`: -m "not browser and not slow") is not even
    imported: importing the browser and whole-page test files cost each quick worker about 2 s."""
    wanted = config.getoption("markexpr") or ""
    if "not browser" in wanted and "browser" in collection_path.parts:
        return True
    if "not slow" in wanted and collection_path.name in SLOW_FILES:
        return True
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
        elif path.name in SLOW_FILES or item.name.startswith(SLOW_NAMES):
            item.add_marker(pytest.mark.slow)


def _square(west: float, south: float, east: float, north: float) -> list:
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def _feature_collection(features: list[dict]) -> str:
    # One feature per line, so a test can edit one feature by replacing a unique substring.
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"


def _province(code: str, name_en: str, name_ar: str, square: tuple) -> dict:
    properties = {"iso_3166_2": code, "country": "IQ", "name_en": name_en, "name_ar": name_ar}
    return {
        "type": "Feature",
        "id": code,
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": _square(*square)},
    }


def _site(site_id: str, kind: str, province: str, note: str, geometry: dict) -> dict:
    properties = {
        "name_en": f"Site {site_id}",
        "name_ar": "موقع",
        "kind": kind,
        "country": "IQ",
        "province": province,
        "location_note": note,
    }
    return {"type": "Feature", "id": site_id, "properties": properties, "geometry": geometry}


TINY_DATASET = {
    # Two provinces side by side: IQ-AN west of longitude 42, IQ-BG east of it.
    "geo/admin1.geojson": _feature_collection(
        [
            _province("IQ-AN", "Anbar", "الأنبار", (40.0, 32.0, 42.0, 34.0)),
            _province("IQ-BG", "Baghdad", "بغداد", (42.0, 32.0, 44.0, 34.0)),
        ]
    ),
    "geo/sites.geojson": _feature_collection(
        [
            _site("base-a", "air_base", "IQ-AN", "Centre of base A", {"type": "Point", "coordinates": [41.0, 33.0]}),
            _site("base-b", "airport", "IQ-BG", "Centre of base B", {"type": "Point", "coordinates": [43.0, 33.0]}),
            # Mostly in IQ-BG (its representative point is), with a sixth of its area in IQ-AN.
            _site(
                "zone-c",
                "zone",
                "IQ-BG",
                "Hand-drawn zone C",
                {"type": "Polygon", "coordinates": _square(41.8, 32.5, 43.0, 33.5)},
            ),
        ]
    ),
    "seeds/a.txt": (
        "قالت الوزارة إن القوات الأمريكية ستغادر قاعدة عين الأسد بحلول أيلول 2026.\n"
        "وبلغ عدد الجنود نحو 2500 جندي في العراق.\n"
    ),
    "seeds/b.txt": "أعلن التحالف نقل المعدات من بغداد إلى أربيل.\nوتبقى منطقة الحدود مصدر قلق أمني.\n",
    "data/sources.csv": (
        "source_id,kind,file,url,publisher,origin,title,title_en,title_ar,published,published_note,language,consulted\n"
        "src-a,seed,seeds/a.txt,,Publisher A,Publisher A,عنوان أ,Title A,عنوان أ,2025-09-20,Estimate,ar,\n"
        "src-b,seed,seeds/b.txt,,Publisher B,Publisher B,عنوان ب,Title B,عنوان ب,2025-08-19,,ar,\n"
        "web-c,web,,https://example.org/c,Outlet C,Outlet C,Title C,Title C,العنوان ج,2025-09-25,,en,2026-12-01\n"
    ),
    "data/posture.csv": (
        "record_id,site_id,date,date_precision,status,claim,grade,troops,troops_qualifier,moved_to,"
        "summary_en,summary_ar,note,forces,confirms,disputes\n"
        "R1,base-a,2024-01-15,day,active,reported,A,2500,about,,US forces at base A.,قوات في القاعدة أ.,,US,,\n"
        "R2,base-b,2024-02-01,month,drawdown,announced,B,,,base-a,Equipment moves from B to A.,نقل المعدات.,,coalition,,\n"
        "R3,zone-c,2024-01-01,year,watch,assessed,B,,,,The border zone is a concern.,منطقة الحدود مصدر قلق.,"
        "Inferred year.,coalition,,\n"
        "R4,,2025-09-01,month,event,announced,B,2000,under,,Under 2000 troops.,أقل من 2000 جندي.,,US,,\n"
        "R5,base-a,2026-09-01,month,handed_over,planned,C,,,,Base A to be handed over.,تسليم القاعدة أ.,"
        "One outlet's plan; nobody confirmed it.,US,,\n"
        "R6,base-b,2025-09-24,day,incident,reported,B,,,,A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,\n"
    ),
    "data/citations.csv": (
        "record_id,source_id,quote,official\n"
        "R1,src-a,وبلغ عدد الجنود نحو 2500 جندي في العراق,\n"
        "R1,web-c,,\n"
        "R2,src-b,أعلن التحالف نقل المعدات من بغداد إلى أربيل,\n"
        "R3,src-b,وتبقى منطقة الحدود مصدر قلق أمني,\n"
        "R4,src-a,قالت الوزارة إن القوات الأمريكية,yes\n"
        "R5,src-a,ستغادر قاعدة عين الأسد بحلول أيلول 2026,\n"
        "R6,web-c,,\n"
    ),
}


@pytest.fixture
def tiny_files() -> dict[str, str | bytes]:
    """The tiny valid dataset as {path under the root: text}; edit a copy, then write_dataset it."""
    return dict(TINY_DATASET)


# The guided story of the tiny dataset: two chapters citing its records. Kept apart from TINY_DATASET,
# whose tests rename or refuse records (their uploads rename every R… id) and expect no other problem;
# the tiny dataset without it is also a dataset with no story, as a data root without data/story.csv is.
TINY_STORY = {
    "data/story.csv": (
        "chapter,date,provinces,title_en,title_ar,text_en,text_ar,records\n"
        "1,2024-02-01,IQ-AN,Base A,القاعدة أ,US forces at base A; equipment moves there.,قوات في القاعدة أ.,R1;R2\n"
        "2,2025-09-30,,The plan,الخطة,Under 2000 troops; base A to be handed over.,أقل من 2000 جندي.,R4;R5\n"
    ),
}


@pytest.fixture
def tiny_story_files(tiny_files) -> dict[str, str | bytes]:
    """The tiny valid dataset with its two-chapter story (TINY_STORY); edit a copy, then write_dataset it."""
    return {**tiny_files, **TINY_STORY}


@pytest.fixture
def write_dataset(tmp_path: Path):
    """write_dataset(files) writes {relative path: str or bytes} under a fresh root and returns it."""
    roots = itertools.count(1)

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / f"root{next(roots)}"
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return write
