"""The records' words on the map, sent up front or in parts fetched when a popup needs them.

The map's browser script needs two things of a record while it draws and scrubs: its grade (how a site
is drawn) and its date's precision (how a date is written). Everything else, the summaries in both
languages, the note and the citations with their quotes, is read only when a popup or an incident's
tooltip opens. At 10,000 sites those words were 53 of the map data's 72 MB, all read before the first
site was drawn (issue 18). Above TEXTS_INLINE_BYTES they are cut out of the map's data, into parts of
about TEXT_PART_BYTES each, and the browser fetches a part the first time it needs a record in it.
"""

from __future__ import annotations

import json
import math

TEXTS_INLINE_BYTES = 1_000_000
TEXT_PART_BYTES = 250_000


def texts_size(records: dict) -> int:
    """Bytes of the records' entries as JSON (UTF-8, compact), as they would travel."""
    return len(json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _codes(values: list[str]) -> tuple[list[str], list[int]]:
    table = sorted(set(values))
    index = {v: i for i, v in enumerate(table)}
    return table, [index[v] for v in values]


def split_texts(data: dict, part_bytes: int = TEXT_PART_BYTES) -> tuple[dict, list[dict]]:
    """`data` (mapview.base.map_data's) with its records cut to what drawing needs, and the parts: the
    records' whole entries, in the order of their ids, about `part_bytes` of JSON each (the same number
    of records in each, `per_part`). What is kept of the records, in that order (the order of
    ``codes.record`` once mapview/compact.py has run), is each one's grade and date precision as codes:

        {"grade": [1, 0, ...], "grades": ["A", "B", "C"], "precision": [...], "precisions": [...],
         "ids": [...] (left out when ``codes.record`` lists them), "per_part": 50}

    The sources stay in `data`: the citations name them."""
    if part_bytes <= 0:
        raise ValueError(f"part_bytes must be positive, not {part_bytes}")
    records = data["records"]
    ids = sorted(records)
    count = min(len(ids), max(1, math.ceil(texts_size(records) / part_bytes)))  # no empty part
    per_part = math.ceil(len(ids) / count) if count else 0
    count = math.ceil(len(ids) / per_part) if per_part else 0  # 10 records in 6 parts: 5 of 2
    parts = [
        {record_id: records[record_id] for record_id in ids[i * per_part : (i + 1) * per_part]} for i in range(count)
    ]
    grades, grade = _codes([str(records[i].get("grade", "")) for i in ids])
    precisions, precision = _codes([str(records[i].get("date_precision", "")) for i in ids])
    kept = {"grade": grade, "grades": grades, "precision": precision, "precisions": precisions, "per_part": per_part}
    named = data.get("codes", {}).get("record")
    if named is None:
        kept["ids"] = ids
    elif named != ids:
        raise ValueError("codes.record must list the records in the order of their ids")
    return data | {"records": kept}, parts
