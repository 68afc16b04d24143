"""Bring-your-own records: each bad upload gets its own message; valid rows are used, never dropped silently."""
import json

import pytest

from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.uploads import MAX_UPLOAD_BYTES, USER, merged_dataset, read_upload

HEADER = ("record_id,site_id,date,date_precision,status,claim,troops,troops_qualifier,moved_to,"
          "summary_en,summary_ar,source_id,quote,note\n")
GOOD = "U1,ain-al-asad,2026-01-01,day,handed_over,reported,,,,My report,تقريري,erem-2025-09,نص من مصدر آخر,\n"
SITE = {"type": "Feature", "id": "my-camp", "properties": {
    "name_en": "My camp", "name_ar": "معسكري", "kind": "garrison", "country": "IQ", "province": "IQ-AN",
    "location_note": "test point"}, "geometry": {"type": "Point", "coordinates": [42.0, 33.5]}}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(repository_root())


def csv(*rows):
    return ("records.csv", (HEADER + "".join(rows)).encode("utf-8"))


def sites(*features):
    return ("sites.geojson", json.dumps({"type": "FeatureCollection", "features": list(features)}).encode())


def test_a_valid_upload_overlays_the_curated_records_for_this_session(dataset):
    upload = read_upload(dataset, records=csv(GOOD))
    assert upload.problems == () and list(upload.records["origin"]) == [USER]
    merged = prepare(merged_dataset(dataset, upload))
    assert merged.all_records.index.status_at("2026-01-02")["ain-al-asad"].record_id == "U1"
    assert len(dataset.records) == 61 and "origin" not in dataset.records  # the shipped dataset is untouched


def test_uploaded_sites_can_carry_uploaded_records(dataset):
    upload = read_upload(dataset, records=csv(GOOD.replace("ain-al-asad", "my-camp")), sites=sites(SITE))
    assert upload.problems == ()
    merged = prepare(merged_dataset(dataset, upload))
    assert merged.site_provinces["my-camp"] == ("IQ-AN",)
    assert merged.all_records.index.status_at("2026-01-02")["my-camp"].status == "handed_over"


@pytest.mark.parametrize("upload, where, fragment", [
    (dict(records=csv(GOOD.replace("ain-al-asad", "nowhere"))), "line 2", "unknown site 'nowhere'"),
    (dict(records=csv(GOOD.replace("U1", "R001"))), "line 2", "already a shipped record"),
    (dict(records=csv(GOOD.replace("2026-01-01", "2026-02-30"))), "line 2", "not a valid date"),
    (dict(records=csv(GOOD.replace("handed_over", "gone"))), "line 2", "status"),
    (dict(records=csv(GOOD.replace("erem-2025-09", "my-source"))), "line 2", "unknown source 'my-source'"),
    (dict(records=("records.csv", "record_id\nU1\n".encode())), "", "missing"),
    (dict(records=("records.csv", (HEADER + GOOD).encode("cp1256"))), "line 2", "not valid UTF-8"),
    (dict(records=("records.csv", b"x" * (MAX_UPLOAD_BYTES + 1))), "", "uploads are limited to"),
    (dict(sites=sites({**SITE, "id": "harir"})), "feature harir", "already a shipped site"),
    (dict(sites=sites({**SITE, "geometry": {"type": "Point", "coordinates": [33.5, 42.0]}})), "feature my-camp", "swapped"),
    (dict(sites=("sites.geojson", b"{not json")), "", "JSON"),
], ids=["unknown-site", "shipped-id", "bad-date", "bad-status", "unknown-source", "missing-columns", "not-utf8",
        "oversized", "site-clash", "swapped-coordinates", "broken-json"])
def test_each_bad_upload_gets_its_own_message(dataset, upload, where, fragment):
    result = read_upload(dataset, **upload)
    assert result.problems, "a bad upload must be reported"
    text = "\n".join(str(p) for p in result.problems)
    assert fragment in text
    assert any(p.location == where for p in result.problems) or where == ""


def test_valid_rows_are_kept_beside_invalid_ones(dataset):
    result = read_upload(dataset, records=csv(GOOD, GOOD.replace("U1", "U2").replace("ain-al-asad", "nowhere")))
    assert list(result.records["record_id"]) == ["U1"]
    assert [p.location for p in result.problems] == ["line 3"]


def test_an_upload_can_describe_its_own_source(dataset):
    sources = ("sources.csv", ("source_id,file,publisher,title_ar,title_en,published,published_note,language\n"
                               "my-source,https://example.org/x,Me,عنوان,Title,2026-01-01,,en\n").encode())
    result = read_upload(dataset, records=csv(GOOD.replace("erem-2025-09", "my-source")), sources=sources)
    assert result.problems == ()
    merged = merged_dataset(dataset, result)
    assert "my-source" in set(merged.sources["source_id"])
