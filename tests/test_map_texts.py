"""Issue 18: the records' words leave the map's data above a size, for parts the browser fetches when a
popup needs them (dashboard/mapview/texts.py). Nothing may be lost or changed on the way."""

from __future__ import annotations

import json

import pytest
from test_mapview import LAYERS

from dashboard.mapview import Serving, build_base_map, map_data
from dashboard.mapview.compact import compact_sites
from dashboard.mapview.texts import TEXTS_INLINE_BYTES, split_texts, texts_size


def _record(i: int, words: int = 10) -> dict:
    return {
        "grade": "ABC"[i % 3],
        "date_precision": ("day", "month", "year")[i % 3],
        "summary_en": "word " * words,
        "summary_ar": "كلمة " * words,
        "citations": [{"source": "S", "quote": "اقتباس " * words, "official": False}],
    }


@pytest.mark.parametrize(
    ("count", "words", "part_bytes", "parts"),
    [
        (0, 10, 1000, 0),  # no records: no parts
        (1, 10, 10_000_000, 1),  # all in one
        (10, 10, 1, 10),  # one record a part at most
        (100, 10, 5_000, None),  # about 5 KB each
        (10, 10, None, 5),  # asked for 6 parts: 5 of 2 records, no empty sixth
    ],
)
def test_every_record_is_in_exactly_one_part_and_the_map_keeps_its_grade_and_precision(count, words, part_bytes, parts):
    records = {f"R{i:04d}": _record(i, words) for i in range(count)}
    data = {"records": records, "sources": {"S": {"title": "t"}}, "sites": []}
    if part_bytes is None:  # the size that asks for 6 parts
        part_bytes = -(-texts_size(records) // 6)
    kept, split = split_texts(data, part_bytes)
    if parts is not None:
        assert len(split) == parts
    else:
        assert len(split) == -(-texts_size(records) // part_bytes)
        assert all(texts_size(part) <= 1.2 * part_bytes for part in split)
    merged = {k: v for part in split for k, v in part.items()}
    assert merged == records and sum(len(p) for p in split) == count  # nothing lost, nothing twice
    assert all(split)  # no empty part
    cut = kept["records"]
    assert cut["ids"] == sorted(records)
    for i, record_id in enumerate(cut["ids"]):  # what the browser reads back (sitemap.js)
        grade, precision = cut["grades"][cut["grade"][i]], cut["precisions"][cut["precision"][i]]
        assert (grade, precision) == (records[record_id]["grade"], records[record_id]["date_precision"])
        assert record_id in split[i // cut["per_part"]]
    assert kept["sources"] == data["sources"] and data["records"] is records  # the input is not changed


@pytest.mark.parametrize("part_bytes", [0, -1])
def test_a_part_size_must_be_positive(part_bytes):
    with pytest.raises(ValueError, match="part_bytes must be positive"):
        split_texts({"records": {}}, part_bytes)


def _published(tmp_path, inline_bytes: int) -> dict:
    base = build_base_map(LAYERS, "en", None, Serving(tmp_path, texts_inline_bytes=inline_bytes))
    script = base.get_root().render()
    served = tmp_path / "mapview" / "data"
    files = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in served.glob("*.json")}
    (main,) = [data for name, data in files.items() if name in script]
    return {"main": main, "files": files}


def test_small_data_keeps_its_words_in_the_map(tmp_path):
    published = _published(tmp_path, TEXTS_INLINE_BYTES)
    assert "text_parts" not in published["main"] and len(published["files"]) == 1
    assert published["main"] == compact_sites(map_data(LAYERS, "en"))


def test_above_the_size_the_words_are_served_in_parts_and_nothing_is_lost(tmp_path):
    whole = compact_sites(map_data(LAYERS, "en"))
    published = _published(tmp_path, 0)
    main = published["main"]
    assert main["text_parts"] and all(url.startswith("../../app/static/mapview/data/") for url in main["text_parts"])
    parts = [published["files"][url.rsplit("/", 1)[1]] for url in main["text_parts"]]
    assert {k: v for part in parts for k, v in part.items()} == whole["records"]
    assert "summary_en" not in json.dumps(main["records"])
    assert "ids" not in main["records"] and main["codes"]["record"] == sorted(whole["records"])  # listed once
    assert {k: v for k, v in main.items() if k not in ("records", "text_parts")} == {
        k: v for k, v in whole.items() if k != "records"
    }


def test_the_records_must_be_numbered_in_the_order_of_their_ids():
    data = {"records": {"R1": _record(1), "R2": _record(2)}, "codes": {"record": ["R2", "R1"]}}
    with pytest.raises(ValueError, match="in the order of their ids"):
        split_texts(data, 10)
