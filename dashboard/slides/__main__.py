"""python -m dashboard.slides: write a slide (PNG) or an animation (GIF) of the posture.

    python -m dashboard.slides --date 2025-10-01 [--province IQ-AN,IQ-AR] [--lang ar] [--known-then] --out slide.png
    python -m dashboard.slides --start 2024-01-01 --end 2026-10-01 --every month --out posture.gif

Bad input is reported in one line naming the argument, with exit status 2; a dataset that fails
validation, or an output that cannot be written, exits with status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dashboard import clock
from dashboard.i18n import LANGUAGES
from dashboard.io import load_dataset
from dashboard.paths import data_root
from dashboard.prepared import prepare

from . import FRAME_DPI, MAX_FRAMES, STEPS, animation_dates, render_animation, render_slide
from .animation import thin_dates


class UsageError(Exception):
    """Bad command-line input, reported as 'argument --x: ...'."""


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01") from None


def province_codes(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in text.split(",") if code.strip())
    if not codes:
        raise argparse.ArgumentTypeError("give one or more ISO 3166-2 codes separated by commas, e.g. IQ-AN,IQ-AR")
    return codes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.slides",
        description="Render the posture on a date as a 1920x1080 PNG slide, or over a range of dates as a "
        f"{int(16 * FRAME_DPI)}x{int(9 * FRAME_DPI)} looping GIF.",
    )
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=iso_date, help="date of the slide, YYYY-MM-DD")
    when.add_argument("--start", type=iso_date, help="first date of an animation, YYYY-MM-DD (needs --end)")
    p.add_argument("--end", type=iso_date, help="last date of an animation, YYYY-MM-DD")
    p.add_argument(
        "--every",
        choices=STEPS,
        default=None,
        help="animation step (default month); 'change' makes one frame per date on which a record is dated",
    )
    add_view_arguments(p, "slide", "file to write: a .png for --date, a .gif for --start")
    return p


def add_view_arguments(p: argparse.ArgumentParser, what: str, out_help: str) -> None:
    """The arguments the slide and the deck commands share: what to show, from which data, and where to."""
    p.add_argument(
        "--province",
        type=province_codes,
        default=(),
        help="comma-separated ISO 3166-2 governorate codes to zoom to, e.g. IQ-AN,IQ-AR",
    )
    p.add_argument("--lang", choices=LANGUAGES, default="en", help=f"language of the {what} (default en)")
    p.add_argument(
        "--known-then", action="store_true", help="show only records whose source was published by each date"
    )
    p.add_argument("--root", type=Path, default=None, help="data root (default: $POSTURE_ROOT or the checkout)")
    p.add_argument(
        "--today",
        type=iso_date,
        default=None,
        help="the date taken as today, YYYY-MM-DD (default: $POSTURE_TODAY, else the clock)",
    )
    p.add_argument("--out", type=Path, required=True, help=out_help)


def _check_arguments(args: argparse.Namespace) -> None:
    """UsageError naming the first bad argument that can be judged without the data."""
    suffix = ".png" if args.date is not None else ".gif"
    if args.out.suffix.lower() != suffix:
        kind = "a slide (--date) is a PNG" if args.date is not None else "an animation (--start) is a GIF"
        raise UsageError(f"argument --out: {kind}; name the file *{suffix}, not {args.out.name!r}")
    if not args.out.parent.is_dir():
        raise UsageError(f"argument --out: folder {str(args.out.parent)!r} does not exist")
    if args.date is not None:
        for name in ("end", "every"):
            if getattr(args, name) is not None:
                raise UsageError(f"argument --{name}: only with --start (an animation); a slide takes --date alone")
        return
    if args.end is None:
        raise UsageError("argument --end: required with --start")
    if args.start > args.end:
        raise UsageError(f"argument --start: {args.start.isoformat()} is after --end {args.end.isoformat()}")


def check_province_argument(codes: tuple[str, ...], prepared) -> None:
    """UsageError naming --province if the dataset does not know one of `codes`."""
    known = set(prepared.dataset.provinces["iso_3166_2"])
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise UsageError(
            f"argument --province: unknown governorate code {', '.join(unknown)}; "
            f"known codes: {', '.join(sorted(known))}"
        )


def _frame_dates(args: argparse.Namespace, prepared) -> list | None:
    """The animation's dates (None for a slide), or UsageError naming the bad argument."""
    check_province_argument(args.province, prepared)
    if args.date is not None:
        return None
    every = args.every or "month"
    dates = animation_dates(args.start, args.end, every, prepared.all_records.index)
    if not dates:
        raise UsageError(
            f"argument --every: no record is dated between {args.start.isoformat()} and "
            f"{args.end.isoformat()}, so 'change' gives no frame"
        )
    if len(dates) > MAX_FRAMES and every != "change":
        raise UsageError(
            f"argument --every: {every} steps give {len(dates)} frames, more than {MAX_FRAMES}; "
            "choose a longer step or a shorter range"
        )
    if len(dates) > MAX_FRAMES:  # every change date: as many as fit, evenly spread, as the dashboard does
        print(
            f"{len(dates)} change dates are more than {MAX_FRAMES} frames: keeping {MAX_FRAMES}, evenly spread",
            file=sys.stderr,
        )
        dates = thin_dates(dates, MAX_FRAMES)
    return dates


def usage_error(p: argparse.ArgumentParser, error: UsageError) -> int:
    """Print the usage and `error` in one line, as argparse does; the exit status, 2."""
    p.print_usage(sys.stderr)
    print(f"{p.prog}: error: {error}", file=sys.stderr)
    return 2


def load_for(p: argparse.ArgumentParser, args: argparse.Namespace):
    """The prepared data a slide or deck command draws from, or its exit status: 2 for a bad --today
    (or $POSTURE_TODAY), 1 for data that fails validation."""
    try:
        today = args.today or clock.today()
    except ValueError as error:
        return usage_error(p, UsageError(f"{error} (or give --today YYYY-MM-DD)"))
    dataset = load_dataset(args.root if args.root is not None else data_root(), today)
    if dataset.problems:
        print(
            f"{p.prog}: the data under {dataset.root} failed validation; run python -m dashboard.validate "
            f"to list the {len(dataset.problems)} problem(s)",
            file=sys.stderr,
        )
        return 1
    return prepare(dataset, today)


def parse_and_load(p: argparse.ArgumentParser, argv: list[str] | None, check):
    """`argv` parsed and `check`ed, then the data loaded (`load_for`): (args, prepared data), or the exit
    status when either failed, its message printed. Shared by the slide and deck commands."""
    args = p.parse_args(argv)  # exits with status 2 and a one-line message on malformed input
    try:
        check(args)
    except UsageError as error:
        return usage_error(p, error)
    prepared = load_for(p, args)
    return prepared if isinstance(prepared, int) else (args, prepared)


def main(argv: list[str] | None = None) -> int:
    p = parser()
    loaded = parse_and_load(p, argv, _check_arguments)
    if isinstance(loaded, int):
        return loaded
    args, prepared = loaded
    try:
        dates = _frame_dates(args, prepared)
    except UsageError as error:
        return usage_error(p, error)
    if dates is None:
        data = render_slide(prepared, args.date, args.province, args.lang, args.known_then)
    else:
        data = render_animation(prepared, dates, args.province, args.lang, args.known_then)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        print(f"{p.prog}: error: argument --out: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({len(data):,} bytes{'' if dates is None else f', {len(dates)} frames'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
