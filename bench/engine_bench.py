"""Time the posture engine on 100,000 random records over 10,000 sites.

Run: .venv/bin/python bench/engine_bench.py  (prints build time and the median of each query)
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import timeit
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboard.engine import PostureIndex  # noqa: E402
from dashboard.vocabulary import CLAIMS, STATUSES  # noqa: E402

N_RECORDS = 100_000
N_SITES = 10_000
FIRST, LAST = dt.date(2014, 1, 1).toordinal(), dt.date(2027, 12, 31).toordinal()


def random_records(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sites = np.array([f"S{i:05d}" for i in range(N_SITES)] + [""], dtype=object)
    # About 2% national records, the rest spread over the sites.
    site = sites[np.where(rng.random(N_RECORDS) < 0.02, N_SITES, rng.integers(0, N_SITES, N_RECORDS))]
    days = rng.integers(FIRST, LAST + 1, N_RECORDS)
    troops = pd.array(np.where(site == "", rng.integers(1000, 5000, N_RECORDS), -1), dtype="Int64")
    troops[troops < 0] = pd.NA
    return pd.DataFrame(
        {
            "record_id": [f"R{i:06d}" for i in range(N_RECORDS)],
            "site_id": site,
            "date": [dt.date.fromordinal(int(d)).isoformat() for d in days],
            "status": rng.choice(np.array(STATUSES, dtype=object), N_RECORDS),
            "claim": rng.choice(np.array(CLAIMS, dtype=object), N_RECORDS, p=[0.4, 0.2, 0.2, 0.2]),
            "troops": troops,
            "troops_qualifier": np.where(site == "", "about", ""),
            "moved_to": "",
        }
    )


def median_ms(call, repeat: int = 25) -> float:
    return statistics.median(timeit.repeat(call, number=1, repeat=repeat)) * 1000


def main() -> None:
    records = random_records()
    build_ms = median_ms(lambda: PostureIndex.from_records(records), repeat=3)
    index = PostureIndex.from_records(records)
    mid, early, late = dt.date(2020, 6, 15), dt.date(2016, 1, 1), dt.date(2025, 1, 1)
    step = index.next_change(mid)
    print(f"{N_RECORDS:,} records, {N_SITES:,} sites, {len(index.status_at(late)):,} with a status in 2025")
    print(f"build (from_records)                 {build_ms:8.2f} ms")
    print(f"status_at(2020-06-15)                {median_ms(lambda: index.status_at(mid)):8.2f} ms")
    print(f"status_array_at(2020-06-15)          {median_ms(lambda: index.status_array_at(mid)):8.2f} ms")
    changes = len(index.status_changes(early, late))
    wide_ms = median_ms(lambda: index.status_changes(early, late))
    print(f"status_changes(2016 -> 2025)         {wide_ms:8.2f} ms  ({changes:,} changes)")
    narrow_ms = median_ms(lambda: index.status_changes(mid, step))
    print(f"status_changes(one step)             {narrow_ms:8.2f} ms")
    between_ms = median_ms(lambda: index.records_between(early, late))
    print(f"records_between(2016 -> 2025)        {between_ms:8.2f} ms")
    print(f"pending_at(2020-06-15)               {median_ms(lambda: index.pending_at(mid)):8.2f} ms")
    print(f"overdue_at(2020-06-15)               {median_ms(lambda: index.overdue_at(mid)):8.2f} ms")

    def scalar_queries():
        return index.force_level_at(mid), index.next_change(mid), index.previous_change(mid)

    print(f"force_level_at + next/previous       {median_ms(scalar_queries):8.3f} ms")


if __name__ == "__main__":
    main()
