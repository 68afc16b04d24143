"""python -m dashboard.deck: write a slide deck (.pptx) of the posture over a range of dates.

    python -m dashboard.deck --start 2025-12-01 --end 2026-04-01 --every change --out deck.pptx
    python -m dashboard.deck --start 2024-01-01 --end 2026-12-01 --every month --lang ar --province IQ-AN,IQ-AR \\
        --known-then --forces US --out deck.pptx
    python -m dashboard.deck --story --lang ar --out story.pptx      # a slide per chapter of data/story.csv

One slide per change date (a date on which a record is dated) or per month from --start, at most
MAX_SLIDES: past that, the dates are thinned evenly (the first and last kept) and stderr says so.
Arguments, loading and errors as every command (dashboard/cli.py): a bad argument exits with status 2
and one line naming it; data that fails validation, or an output that cannot be written, with 1.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import cli
from dashboard.slides import animation_dates
from dashboard.slides.animation import thin_dates

from . import build_deck, story_chapters

STEPS = ("change", "month")
MAX_SLIDES = 60  # date slides; a deck longer than this is not a briefing
PROG = "python -m dashboard.deck"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Write a 16:9 slide deck (.pptx): a title slide, one slide per date with the map, what "
        "changed, the force level and the sources with their grades, and every source cited.",
    )
    p.add_argument("--start", type=cli.iso_date, default=None, help="first date, YYYY-MM-DD (not with --story)")
    p.add_argument("--end", type=cli.iso_date, default=None, help="last date, YYYY-MM-DD (not with --story)")
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
    cli.add_selection_arguments(p, "deck", date=None)
    cli.add_data_arguments(p)
    cli.add_output_argument(p, "the .pptx file to write")
    return p


def _check(args: argparse.Namespace) -> None:
    """UsageError naming the first bad argument that can be judged without the data."""
    cli.check_output(args.out, (".pptx",))
    if args.story:
        for name in ("start", "end"):
            if getattr(args, name) is not None:
                raise cli.UsageError(f"argument --{name}: not with --story, whose chapters carry their own dates")
        return
    for name in ("start", "end"):
        if getattr(args, name) is None:
            raise cli.UsageError(f"argument --{name}: required (or give --story)")
    if args.start > args.end:
        raise cli.UsageError(f"argument --start: {args.start.isoformat()} is after --end {args.end.isoformat()}")


def slide_dates(args: argparse.Namespace, prepared) -> list:
    """The dates of the slides, at most MAX_SLIDES, or UsageError naming the bad argument."""
    index = prepared.view(cli.selection_of(args, args.start)).index
    dates = animation_dates(args.start, args.end, args.every, index)
    if not dates:
        raise cli.UsageError(
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


def _build(args: argparse.Namespace, prepared) -> int:
    chapters = None
    if args.story:
        if not prepared.dataset.story:
            raise cli.UsageError(f"argument --story: {prepared.dataset.root} has no guided story (data/story.csv)")
        chapters = story_chapters(prepared.dataset.story, args.lang)
        dates = [c.date for c in chapters]
    else:
        dates = slide_dates(args, prepared)
    data = build_deck(prepared, dates, cli.selection_of(args, dates[0]), chapters=chapters)
    status = cli.write(PROG, args.out, data)
    if status == 0:
        what = f"{len(chapters)} chapter slides" if chapters else f"{len(dates)} date slides"
        print(f"wrote {args.out} ({len(data):,} bytes, {what})")
    return status


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv, _check, _build)


if __name__ == "__main__":
    sys.exit(main())
