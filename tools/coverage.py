"""How dense the record is, year by year: `python -m tools.coverage --out docs/records-per-year.png`.

Counts the records of a data root by the year of their date, split into those resting on the seed
documents and those resting on web pages only, draws them as a small bar chart (the README shows it)
and prints the same counts as the README's markdown table. tests/test_readme.py holds that table to
the shipped data, so a record added without running this fails the tests.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before pyplot is imported
import matplotlib.pyplot as plt  # noqa: E402

from dashboard import clock  # noqa: E402
from dashboard.io import Dataset, load_dataset  # noqa: E402
from dashboard.paths import data_root  # noqa: E402

SEED_COLOUR, WEB_COLOUR = "#0072B2", "#E69F00"  # Okabe-Ito, as the map's statuses


def records_per_year(dataset: Dataset) -> dict[int, tuple[int, int]]:
    """year -> (records citing a seed, records citing web pages only), every year from the first record's
    to the last's, empty years included (a gap in the record is part of its picture)."""
    kinds = dict(zip(dataset.sources["source_id"], dataset.sources["kind"]))
    on_seeds = {r for r, s in zip(dataset.citations["record_id"], dataset.citations["source_id"]) if kinds[s] == "seed"}
    years = [day.year for day in dataset.records["date"]]
    counts = {year: [0, 0] for year in range(min(years), max(years) + 1)}
    for record_id, year in zip(dataset.records["record_id"], years):
        counts[year][0 if record_id in on_seeds else 1] += 1
    return {year: (seed, web) for year, (seed, web) in counts.items()}


def markdown_table(counts: dict[int, tuple[int, int]]) -> str:
    rows = ["| year | records | on the seeds | on web pages only |", "|---|---|---|---|"]
    rows += [f"| {year} | {seed + web} | {seed} | {web} |" for year, (seed, web) in counts.items()]
    return "\n".join(rows)


def chart(counts: dict[int, tuple[int, int]]) -> bytes:
    """A PNG bar chart, 1000 x 300 pixels, of the records per year, stacked by what they rest on."""
    years = list(counts)
    seed = [counts[y][0] for y in years]
    web = [counts[y][1] for y in years]
    figure, axes = plt.subplots(figsize=(10, 3), dpi=100)
    try:
        axes.bar(years, seed, color=SEED_COLOUR, label="on the five Arabic seed documents")
        axes.bar(years, web, bottom=seed, color=WEB_COLOUR, label="on web pages only", hatch="//", edgecolor="white")
        axes.set_xticks(years, [str(y) for y in years])
        axes.set_ylabel("records")
        axes.set_title("Records per year, by the year of their date", loc="left")
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, loc="upper left")
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()
    finally:
        plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.coverage", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=None, help="data root (default: $POSTURE_ROOT or the repository)")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    args = parser.parse_args(argv)
    dataset = load_dataset(args.root or data_root(), clock.today())
    if dataset.problems:
        print(f"{parser.prog}: the data fails validation; run python -m dashboard.validate", file=sys.stderr)
        return 1
    counts = records_per_year(dataset)
    args.out.write_bytes(chart(counts))
    print(markdown_table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
