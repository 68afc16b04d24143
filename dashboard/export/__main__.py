"""python -m dashboard.export: the records in view (CSV) or the sites with their status (GeoJSON) on a
date, with citations, through the same functions as the page.

    python -m dashboard.export --date 2025-10-01 [--province IQ-AN,IQ-AR] [--forces US] [--lang en|ar]
        [--known-then] [--today YYYY-MM-DD] [--root DIR] --format csv|geojson [--excel] --out FILE   (FILE "-": stdout)
"""

from __future__ import annotations

import argparse
import sys

from dashboard import cli
from dashboard.export.csvtext import records_csv
from dashboard.export.geojson import geojson_text, sites_geojson
from dashboard.export.records import records_in_view

FORMATS = ("csv", "geojson")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Export the records in view (CSV) or the sites with their status (GeoJSON) on a date, "
        "with citations.",
    )
    cli.add_selection_arguments(p, "GeoJSON's name and status_label (CSV always has both)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--excel", action="store_true", help="CSV with a byte-order mark, for Excel")
    cli.add_data_arguments(p)
    cli.add_output_argument(p, "file to write")
    return p


def _check(args: argparse.Namespace) -> None:
    if args.excel and args.format != "csv":
        raise cli.UsageError("argument --excel: only applies to --format csv")
    cli.check_output(args.out)


def _export(args: argparse.Namespace, prepared) -> int:
    selection = cli.selection_of(args)
    if args.format == "csv":
        frame = records_in_view(prepared, selection)
        text, what = records_csv(frame, excel=args.excel), f"{len(frame)} records"
    else:
        collection = sites_geojson(prepared, selection)
        text, what = geojson_text(collection), f"{len(collection['features'])} sites"
    data = text.encode("utf-8")
    status = cli.write(PROG, args.out, data)
    if status == 0:
        print(f"wrote {what} ({len(data):,} bytes) to {args.out}", file=sys.stderr)
    return status


PROG = "python -m dashboard.export"


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv, _check, _export)


if __name__ == "__main__":
    sys.exit(main())
