"""Check the dataset: `python -m dashboard.validate [ROOT]`.

Prints every problem, one per line, then a summary; exits 1 if there is any problem, 2 if ROOT
is not a directory. ROOT defaults to $POSTURE_ROOT, else the repository root.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import clock
from .cli import iso_date
from .io import Dataset, load_dataset
from .paths import data_root


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def report(dataset: Dataset) -> list[str]:
    """The lines the command prints: one per problem, then the summary."""
    loaded = (
        f"{_count(len(dataset.sources), 'source')}, {_count(len(dataset.sites), 'site')}, "
        f"{_count(len(dataset.records), 'record')}"
    )
    problems = dataset.problems
    if not problems:
        return [f"OK: {loaded}, 0 problems"]
    files = len({p.file for p in problems})
    summary = f"{_count(len(problems), 'problem')} in {_count(files, 'file')} (valid: {loaded})"
    return [str(p) for p in problems] + [summary]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.validate", description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", type=Path, help="data root holding data/, geo/ and seeds/")
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        help="the date taken as today, YYYY-MM-DD (default: $POSTURE_TODAY, else the clock)",
    )
    args = parser.parse_args(argv)
    root = args.root or data_root()
    try:
        today = args.today or clock.today()
    except ValueError as error:
        parser.error(f"{error} (or give --today YYYY-MM-DD)")
    if not root.is_dir():
        print(f"{root}: not a directory", file=sys.stderr)
        return 2
    # Problems quote Arabic text; never let a narrow terminal encoding turn them into a crash.
    sys.stdout.reconfigure(errors="backslashreplace")
    dataset = load_dataset(root, today)
    print("\n".join(report(dataset)))
    return 1 if dataset.problems else 0


if __name__ == "__main__":
    sys.exit(main())
