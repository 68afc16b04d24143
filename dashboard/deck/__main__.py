"""python -m dashboard.deck: write a slide deck (.pptx) of the posture over a range of dates.

    python -m dashboard.deck --start 2025-12-01 --end 2026-04-01 --every change --out deck.pptx
    python -m dashboard.deck --start 2024-01-01 --end 2026-12-01 --every month --lang ar --province IQ-AN,IQ-AR \\
        --known-then --out deck.pptx
    python -m dashboard.deck --story --lang ar --out story.pptx      # a slide per chapter of data/story.csv

One slide per change date (a date on which a record is dated) or per month from --start, at most
MAX_SLIDES: past that, the dates are thinned evenly (the first and last kept) and stderr says so.
Bad input is reported in one line naming the argument, with exit status 2; a dataset that fails
validation, or an output that cannot be written, exits with status 1.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.slides import animation_dates
from dashboard.slides.__main__ import (
    UsageError,
    add_view_arguments,
    check_province_argument,
    iso_date,
    parse_and_load,
    usage_error,
)
from dashboard.slides.animation import thin_dates

from . import build_deck, story_chapters

STEPS = ("change", "month")
MAX_SLIDES = 60  # date slides; a deck longer than this is not a briefing


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.deck",
        description="Write a 16:9 slide deck (.pptx): a title slide, one slide per date with the map, what "
        "changed, the force level and the sources with their grades, and every source cited.",
    )
    p.add_argument("--start", type=iso_date, default=None, help="first date, YYYY-MM-DD (not with --story)")
    p.add_argument("--end", type=iso_date, default=None, help="last date, YYYY-MM-DD (not with --story)")
    p.add_argument(
        "--story",
        action="store_true",
        help="a slide per chapter of the guided story (data/story.csv) instead of per date",
    )
    p.add_argument(
        "--every",
        choices=STEPS,
        default="change",
        help="'change' (default): a slide per date on which a record is dated; 'month': a slide a month from --start",
    )
    add_view_arguments(p, "deck", "the .pptx file to write")
    return p


def _check_arguments(args: argparse.Namespace) -> None:
    """UsageError naming the first bad argument that can be judged without the data."""
    if args.out.suffix.lower() != ".pptx":
        raise UsageError(f"argument --out: a deck is a PowerPoint file; name it *.pptx, not {args.out.name!r}")
    if not args.out.parent.is_dir():
        raise UsageError(f"argument --out: folder {str(args.out.parent)!r} does not exist")
    if args.story:
        for name in ("start", "end"):
            if getattr(args, name) is not None:
                raise UsageError(f"argument --{name}: not with --story, whose chapters carry their own dates")
        return
    for name in ("start", "end"):
        if getattr(args, name) is None:
            raise UsageError(f"argument --{name}: required (or give --story)")
    if args.start > args.end:
        raise UsageError(f"argument --start: {args.start.isoformat()} is after --end {args.end.isoformat()}")


def slide_dates(args: argparse.Namespace, prepared) -> list:
    """The dates of the slides, at most MAX_SLIDES, or UsageError naming the bad argument."""
    check_province_argument(args.province, prepared)
    dates = animation_dates(args.start, args.end, args.every, prepared.all_records.index)
    if not dates:
        raise UsageError(
            f"argument --every: no record is dated between {args.start.isoformat()} and "
            f"{args.end.isoformat()}, so 'change' gives no slide"
        )
    if len(dates) > MAX_SLIDES:
        print(
            f"{len(dates)} dates are more than {MAX_SLIDES} slides: keeping {MAX_SLIDES}, evenly spread",
            file=sys.stderr,
        )
        dates = thin_dates(dates, MAX_SLIDES)
    return dates


def main(argv: list[str] | None = None) -> int:
    p = parser()
    loaded = parse_and_load(p, argv, _check_arguments)
    if isinstance(loaded, int):
        return loaded
    args, prepared = loaded
    chapters = None
    try:
        if args.story:
            check_province_argument(args.province, prepared)
            if not prepared.dataset.story:
                raise UsageError(f"argument --story: {prepared.dataset.root} has no guided story (data/story.csv)")
            chapters = story_chapters(prepared.dataset.story, args.lang)
            dates = [c.date for c in chapters]
        else:
            dates = slide_dates(args, prepared)
    except UsageError as error:
        return usage_error(p, error)
    data = build_deck(prepared, dates, args.province, args.lang, args.known_then, chapters=chapters)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        print(f"{p.prog}: error: argument --out: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    what = f"{len(chapters)} chapter slides" if chapters else f"{len(dates)} date slides"
    print(f"wrote {args.out} ({len(data):,} bytes, {what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
