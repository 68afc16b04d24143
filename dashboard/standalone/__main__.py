"""python -m dashboard.standalone: the interactive map as one HTML file that opens anywhere, offline.

    python -m dashboard.standalone --out posture.html [--date YYYY-MM-DD] [--lang en|ar]
        [--province IQ-AN,IQ-AR] [--forces US] [--today YYYY-MM-DD] [--root DIR]   (FILE "-": stdout)

--date is where the scrubber starts (default: today); the file holds every date.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import cli
from dashboard.standalone import standalone_html

PROG = "python -m dashboard.standalone"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Write the interactive map, with its scrubber, popups and sources, as one HTML file "
        "that needs no server and loads nothing from elsewhere.",
    )
    cli.add_selection_arguments(p, "file", date="optional")
    cli.add_data_arguments(p)
    cli.add_output_argument(p, "HTML file to write")
    return p


def _check(args: argparse.Namespace) -> None:
    if args.known_then:
        raise cli.UsageError("argument --known-then: the one-file map shows the whole record; leave it out")
    cli.check_output(args.out, (".html", ".htm"))


def _write(args: argparse.Namespace, prepared) -> int:
    data = standalone_html(prepared, cli.selection_of(args, args.date or prepared.today)).encode("utf-8")
    status = cli.write(PROG, args.out, data)
    if status == 0:
        print(f"wrote the interactive map ({len(data):,} bytes) to {args.out}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv, _check, _write)


if __name__ == "__main__":
    sys.exit(main())
