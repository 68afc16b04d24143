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
from .io import load_dataset, report
from .paths import data_root


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
