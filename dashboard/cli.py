"""What every command shares: its arguments, dates, governorates, forces, loading, output and errors.

Each command (`validate`, `export`, `slides`, `deck`) declares only what is its own; the rest comes
from here, so the same argument means the same thing, is checked the same way and fails with the same
kind of message everywhere:

- a bad argument: the usage and one line naming the argument, exit status 2 (`UsageError`);
- data that fails validation: a pointer to `python -m dashboard.validate`, exit status 1;
- an output that cannot be written: one line naming --out, exit status 1.

Dates go through the one parser of the package (`dashboard.dates`): `YYYY-MM-DD` in ASCII digits.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dashboard import clock
from dashboard.dates import DateError, parse_iso_date
from dashboard.i18n import LANGUAGES
from dashboard.selection import Selection
from dashboard.vocabulary import FORCES_FILTERS

STDOUT = "-"
PROVINCE_CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


class UsageError(Exception):
    """Bad command-line input, reported as 'argument --x: ...'."""


def iso_date(text: str) -> object:
    """argparse type: a date written YYYY-MM-DD."""
    try:
        return parse_iso_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(f"{error}; write it as YYYY-MM-DD, e.g. 2025-10-01") from None


def province_codes(text: str) -> tuple[str, ...]:
    """argparse type: ISO 3166-2 codes separated by commas (whether the data knows them is checked later)."""
    given = [code.strip() for code in text.split(",") if code.strip()]
    if not given:
        raise argparse.ArgumentTypeError("give one or more ISO 3166-2 codes separated by commas, e.g. IQ-AN,IQ-AR")
    codes = tuple(dict.fromkeys(code.upper() for code in given))
    bad = [code for code in given if not PROVINCE_CODE.fullmatch(code.upper())]
    if bad:
        raise argparse.ArgumentTypeError(
            f"{', '.join(map(repr, bad))} is not an ISO 3166-2 code such as IQ-AN (separate codes with commas)"
        )
    return codes


def add_selection_arguments(parser: argparse.ArgumentParser, what: str, date: str | None = "required") -> None:
    """--date (required, optional or, with `date` None, left to the command), --province, --forces,
    --lang and --known-then: what the output shows."""
    if date is not None:
        parser.add_argument("--date", type=iso_date, required=date == "required", help="YYYY-MM-DD")
    parser.add_argument(
        "--province",
        type=province_codes,
        default=(),
        help="comma-separated ISO 3166-2 governorate codes, e.g. IQ-AN,IQ-AR (default: every governorate)",
    )
    parser.add_argument(
        "--forces",
        choices=FORCES_FILTERS,
        default=FORCES_FILTERS[0],
        help="'US': only records about US forces (or the coalition as a whole); default: all",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help=f"language of the {what} (default en)")
    parser.add_argument(
        "--known-then", action="store_true", help="show only records whose source was published by each date"
    )


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """--root and --today: which data, and which day is today."""
    parser.add_argument("--root", type=Path, default=None, help="data root (default: $POSTURE_ROOT or the checkout)")
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        help="the date taken as today, YYYY-MM-DD (default: $POSTURE_TODAY, else the clock)",
    )


def add_output_argument(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--out", type=Path, required=True, help=f'{help} ("-" for standard output)')


def selection_of(args: argparse.Namespace, day=None) -> Selection:
    """The Selection the arguments ask for, on `day` (default: --date)."""
    return Selection(
        day if day is not None else args.date, tuple(args.province), args.lang, args.known_then, args.forces
    )


def check_output(out: Path, suffixes: Sequence[str] = ()) -> None:
    """UsageError naming --out if its folder is missing or its suffix is not one of `suffixes`."""
    if str(out) == STDOUT:
        return
    if suffixes and out.suffix.lower() not in suffixes:
        raise UsageError(f"argument --out: name the file *{' or *'.join(suffixes)}, not {out.name!r}")
    if not out.parent.is_dir():
        raise UsageError(f"argument --out: folder {str(out.parent)!r} does not exist")


def check_selection(args: argparse.Namespace, prepared) -> None:
    """UsageError naming --province or --date when the data does not know a governorate, or the date
    is off its time axis."""
    known = prepared.province_names["en"]
    unknown = [code for code in args.province if code not in known]
    if unknown:
        raise UsageError(
            f"argument --province: unknown governorate code {', '.join(unknown)}; known codes: {', '.join(known)}"
        )
    first, last = prepared.span
    for name in ("date", "start", "end"):
        day = getattr(args, name, None)
        if day is not None and not first <= day <= last:
            raise UsageError(
                f"argument --{name}: {day.isoformat()} is outside the time axis, "
                f"{first.isoformat()} (first record) to {last.isoformat()} (today or the last planned date)"
            )


def _today(args: argparse.Namespace):
    try:
        return getattr(args, "today", None) or clock.today()
    except ValueError as error:  # a bad $POSTURE_TODAY
        raise UsageError(f"{error} (or give --today YYYY-MM-DD)") from None


def load(prog: str, args: argparse.Namespace):
    """The prepared data under --root, or an exit status, with why printed: 2 when the root is not a
    folder, 1 when its data fails validation (every problem listed, as `validate` lists them)."""
    from dashboard.io import load_dataset, report  # heavy imports only when a command runs
    from dashboard.paths import ROOT_ENV_VAR, data_root
    from dashboard.prepared import prepare

    today = _today(args)
    root = getattr(args, "root", None) or data_root()
    if not root.is_dir():
        print(f"{prog}: error: {root} is not a directory (set {ROOT_ENV_VAR} or give --root)", file=sys.stderr)
        return 2
    dataset = load_dataset(root, today)
    if dataset.problems:
        print("\n".join(report(dataset)), file=sys.stderr)
        print(f"{prog}: the data under {dataset.root} failed validation; nothing written", file=sys.stderr)
        return 1
    return prepare(dataset, today)


def write(prog: str, out: Path, data: bytes) -> int:
    """`data` to --out (standard output for "-"): exit status 0, or 1 with one line saying why not."""
    if str(out) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        out.write_bytes(data)
    except OSError as error:
        print(f"{prog}: error: argument --out: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def run(
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None,
    check: Callable[[argparse.Namespace], None],
    body: Callable[[argparse.Namespace, object], int],
) -> int:
    """A command's whole life: parse `argv`, `check` what can be judged without the data, load it, and
    run `body(args, prepared)`. Any UsageError on the way is the usage and one line, exit status 2."""
    sys.stderr.reconfigure(errors="backslashreplace")  # messages quote Arabic: never crash on a narrow terminal
    args = parser.parse_args(argv)  # exits with status 2 and a one-line message on malformed input
    try:
        check(args)
        prepared = load(parser.prog, args)
        if isinstance(prepared, int):
            return prepared
        check_selection(args, prepared)
        return body(args, prepared)
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
