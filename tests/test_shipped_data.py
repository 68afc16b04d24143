"""The data shipped in the repository validates cleanly, quotes its seeds verbatim, copies no text from web
pages, grades every claim and keeps every zone inside its country.

Where a rule is also the validator's, it is checked here again on the raw files: a rule dropped from the
validator by mistake must not let the shipped data slip with it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely.geometry

from dashboard.io import Document, load_dataset
from dashboard.io.geo import AREA_CRS, BORDER_SLACK_KM2, CRS
from dashboard.paths import CITATIONS, POSTURE, PROVINCES, SITES, SOURCES, repository_root
from dashboard.vocabulary import GRADES, SEED, SOURCE_KINDS, UNCONFIRMED, WEB

ROOT = repository_root()
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def rows(relative: str) -> list[dict[str, str]]:
    with open(ROOT / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT)


def test_shipped_data_has_no_problem(dataset):
    assert not dataset.problems, "\n".join(map(str, dataset.problems))


def test_no_shipped_record_is_left_out(dataset):
    ids = [row["record_id"] for row in rows(POSTURE)]
    assert list(dataset.records["record_id"]) == ids
    assert len(dataset.citations) == len(rows(CITATIONS))


def test_every_seed_quote_is_in_its_document(dataset):
    sources = {row["source_id"]: row for row in rows(SOURCES)}
    documents = {
        source_id: Document.from_text(source["file"], (ROOT / source["file"]).read_text(encoding="utf-8"))
        for source_id, source in sources.items()
        if source["kind"] == SEED
    }
    seed_citations = [row for row in rows(CITATIONS) if row["source_id"] in documents]
    missing = [
        f"{row['record_id']} citing {row['source_id']}: {documents[row['source_id']].missing_quote(row['quote'])}"
        for row in seed_citations
        if not row["quote"].strip() or documents[row["source_id"]].missing_quote(row["quote"])
    ]
    assert not missing, "\n".join(missing)
    assert len(seed_citations) > 0


def test_every_record_has_a_grade_and_at_least_one_citation():
    cited = {row["record_id"] for row in rows(CITATIONS)}
    records = rows(POSTURE)
    assert [r["record_id"] for r in records if r["grade"] not in GRADES] == []
    assert [r["record_id"] for r in records if r["record_id"] not in cited] == []
    assert [r["record_id"] for r in records if r["grade"] == UNCONFIRMED and not r["note"].strip()] == []


def test_every_citation_names_a_shipped_record_and_source():
    records, sources = {r["record_id"] for r in rows(POSTURE)}, {s["source_id"] for s in rows(SOURCES)}
    assert [
        (c["record_id"], c["source_id"])
        for c in rows(CITATIONS)
        if c["record_id"] not in records or c["source_id"] not in sources
    ] == []


def test_every_web_source_has_a_url_and_a_consulted_date_and_is_never_quoted():
    sources = rows(SOURCES)
    assert {s["kind"] for s in sources} <= set(SOURCE_KINDS)
    web = {s["source_id"]: s for s in sources if s["kind"] == WEB}
    assert [i for i, s in web.items() if not s["url"].startswith(("https://", "http://")) or s["file"]] == []
    assert [i for i, s in web.items() if not s["consulted"] or s["consulted"] < s["published"]] == []
    # The no-copied-text rule: no sentence of an outside page is kept in the repository.
    assert [
        (c["record_id"], c["source_id"]) for c in rows(CITATIONS) if c["source_id"] in web and c["quote"].strip()
    ] == []


def test_every_seed_source_is_a_file_under_seeds_and_has_no_url():
    seeds = [s for s in rows(SOURCES) if s["kind"] == SEED]
    assert [s["source_id"] for s in seeds if s["url"] or s["consulted"] or not (ROOT / s["file"]).is_file()] == []
    assert all(Path(s["file"]).parts[0] == "seeds" for s in seeds)


def test_every_zone_lies_inside_its_country():
    provinces = gpd.read_file(ROOT / PROVINCES)
    countries = provinces.dissolve("country").geometry.to_crs(AREA_CRS)
    features = json.loads((ROOT / SITES).read_text(encoding="utf-8"))["features"]
    zones = [f for f in features if f["geometry"]["type"] != "Point"]
    shapes = gpd.GeoSeries([shapely.geometry.shape(f["geometry"]) for f in zones], crs=CRS).to_crs(AREA_CRS)
    outside = {
        zone["id"]: round(shape.difference(countries[zone["properties"]["country"]]).area / 1e6, 1)
        for zone, shape in zip(zones, shapes, strict=True)
    }
    assert {site: km2 for site, km2 in outside.items() if km2 > BORDER_SLACK_KM2} == {}
    assert len(zones) > 0


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=f"{SHARED_SEEDS} is not present")
def test_seeds_are_byte_identical_to_the_shared_copy():
    def contents(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}

    ours, shared = contents(ROOT / "seeds"), contents(SHARED_SEEDS)
    assert sorted(ours) == sorted(shared)
    assert [name for name in shared if ours[name] != shared[name]] == []
