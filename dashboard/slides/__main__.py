"""python -m dashboard.slides: write a slide (PNG) or an animation (GIF) of the posture.

    python -m dashboard.slides --date 2025-10-01 [--province IQ-AN,IQ-AR] [--lang ar] [--forces US] [--known-then] --out slide.png
    python -m dashboard.slides --start 2024-01-01 --end 2026-10-01 --every month --out posture.gif

Arguments, loading and errors as every command (dashboard/cli.py): a bad argument exits with status 2
and one line naming it; data that fails validation, or an output that cannot be written, with 1.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import cli

from . import FRAME_DPI, MAX_FRAMES, STEPS, animation_dates, render_animation, render_slide
from .animation import thin_dates

PROG = "python -m dashboard.slides"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Render the posture on a date as a 1920x1080 PNG slide, or over a range of dates as a "
        f"{int(16 * FRAME_DPI)}x{int(9 * FRAME_DPI)} looping GIF.",
    )
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=cli.iso_date, help="date of the slide, YYYY-MM-DD")
    when.add_argument("--start", type=cli.iso_date, help="first date of an animation, YYYY-MM-DD (needs --end)")
    p.add_argument("--end", type=cli.iso_date, help="last date of an animation, YYYY-MM-DD")
    p.add_argument(
        "--every",
        choices=STEPS,
        default=None,
        help="animation step (default month); 'change' makes one frame per date on which a record is dated",
    )
    cli.add_selection_arguments(p, "slide", date=None)
    cli.add_data_arguments(p)
    cli.add_output_argument(p, "file to write: a .png for --date, a .gif for --start")
    return p


def _check(args: argparse.Namespace) -> None:
    """UsageError naming the first bad argument that can be judged without the data."""
    cli.check_output(args.out, (".png",) if args.date is not None else (".gif",))
    if args.date is not None:
        for name in ("end", "every"):
            if getattr(args, name) is not None:
                raise cli.UsageError(f"argument --{name}: only with --start (an animation); a slide takes --date alone")
        return
    if args.end is None:
        raise cli.UsageError("argument --end: required with --start")
    if args.start > args.end:
        raise cli.UsageError(f"argument --start: {args.start.isoformat()} is after --end {args.end.isoformat()}")


def frame_dates(args: argparse.Namespace, prepared) -> list:
    """The animation's dates, at most MAX_FRAMES, or UsageError naming the bad argument."""
    every = args.every or "month"
    index = prepared.view(cli.selection_of(args, args.start)).index
    dates = animation_dates(args.start, args.end, every, index)
    if not dates:
        raise cli.UsageError(
            f"argument --every: no record is dated between {args.start.isoformat()} and "
            f"{args.end.isoformat()}, so 'change' gives no frame"
        )
    if len(dates) > MAX_FRAMES and every != "change":
        raise cli.UsageError(
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


def _render(args: argparse.Namespace, prepared) -> int:
    if args.date is not None:
        data, frames = render_slide(prepared, cli.selection_of(args)), None
    else:
        frames = frame_dates(args, prepared)
        data = render_animation(prepared, frames, cli.selection_of(args, args.start))
    status = cli.write(PROG, args.out, data)
    if status == 0:
        print(f"wrote {args.out} ({len(data):,} bytes{'' if frames is None else f', {len(frames)} frames'})")
    return status


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv, _check, _render)


if __name__ == "__main__":
    sys.exit(main())
