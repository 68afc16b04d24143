"""Upload files for the soak (bench/soak.py): records on the shipped sites, citing a shipped web source.

Made with the csv module from the shipped files' own column names, so they pass the upload checks: the
soak measures memory under valid, heavy uploads, not the problem list.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from dashboard.io import Dataset
from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS
from dashboard.vocabulary import PRESENCE_STATUSES


def write_upload(folder: Path, dataset: Dataset, rows: int, seed: int = 1) -> dict[str, Path]:
    """records.csv and citations.csv of `rows` records on `dataset`'s sites under `folder`; returns their
    paths by kind."""
    sites = sorted(dataset.sites["site_id"])
    # The latest web source, and dates before it was published: a record may not be dated after its sources.
    web = dataset.sources[dataset.sources["kind"] == "web"].sort_values("published")
    source, published = web["source_id"].iloc[-1], web["published"].iloc[-1]
    rng = random.Random(seed)
    start = dt.date(2014, 6, 1)
    days = (published - start).days
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"records": folder / "records.csv", "citations": folder / "citations.csv"}
    with (
        open(paths["records"], "w", encoding="utf-8", newline="") as records,
        open(paths["citations"], "w", encoding="utf-8", newline="") as citations,
    ):
        out_records = csv.DictWriter(records, POSTURE_COLUMNS)
        out_citations = csv.DictWriter(citations, CITATION_COLUMNS)
        out_records.writeheader()
        out_citations.writeheader()
        for n in range(rows):
            record_id = f"SOAK{n:06d}"
            out_records.writerow(
                {
                    "record_id": record_id,
                    "site_id": rng.choice(sites),
                    "date": (start + dt.timedelta(days=rng.randrange(days))).isoformat(),
                    "date_precision": "day",
                    "status": rng.choice(PRESENCE_STATUSES),
                    "claim": "reported",
                    "grade": "B",  # A needs two origins, C a note saying why
                    "summary_en": f"Soak record {n}: a synthetic entry for the memory soak.",
                    "summary_ar": f"سجل اختبار {n}",
                    "forces": "US",
                }
            )
            out_citations.writerow({"record_id": record_id, "source_id": source})
    return paths
