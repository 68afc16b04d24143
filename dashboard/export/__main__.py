"""python -m dashboard.export: the records in view (CSV) or the sites with their status (GeoJSON) on a
date, with citations; or the whole record over time as GIS layers (GeoPackage, KML); through the same
functions as the page.

    python -m dashboard.export --date 2025-10-01 [--province IQ-AN,IQ-AR] [--forces US] [--lang en|ar]
        [--known-then] [--today YYYY-MM-DD] [--root DIR] --format csv|geojson [--excel] --out FILE   (FILE "-": stdout)
    python -m dashboard.export --format gpkg|kml [--province ...] [--forces US] [--lang en|ar]
        [--known-then --date YYYY-MM-DD] --out FILE

GeoPackage and KML cover every date: they need no --date, except with --known-then (the record as
published by that date).
"""

from __future__ import annotations

import argparse
import sys

from dashboard import cli
from dashboard.export.csvtext import records_csv
from dashboard.export.geojson import geojson_text, sites_geojson
from dashboard.export.gpkg import gpkg_bytes
from dashboard.export.intervals import interval_count
from dashboard.export.kml import kml_text
from dashboard.export.records import records_in_view

FORMATS = ("csv", "geojson", "gpkg", "kml")
OVER_TIME = ("gpkg", "kml")  # the whole time axis: no date needed


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Export the records in view (CSV) or the sites with their status (GeoJSON) on a date, "
        "with citations, or the status of every site over time for GIS (GeoPackage, KML).",
    )
    cli.add_selection_arguments(
        p, "names and status labels of GeoJSON, GeoPackage and KML (CSV always has both)", date="optional"
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--excel", action="store_true", help="CSV with a byte-order mark, for Excel")
    cli.add_data_arguments(p)
    cli.add_output_argument(p, "file to write")
    return p


def _check(args: argparse.Namespace) -> None:
    if args.excel and args.format != "csv":
        raise cli.UsageError("argument --excel: only applies to --format csv")
    if args.date is None and (args.format not in OVER_TIME or args.known_then):
        why = "with --known-then" if args.format in OVER_TIME else f"for --format {args.format}"
        raise cli.UsageError(f"argument --date: required {why}")
    if args.date is not None and args.format in OVER_TIME and not args.known_then:
        raise cli.UsageError(
            f"argument --date: --format {args.format} holds every date; give --date only with --known-then"
        )
    cli.check_output(args.out)


def _export(args: argparse.Namespace, prepared) -> int:
    # Over time without --known-then, the day chooses nothing: today stands in for it.
    selection = cli.selection_of(args, args.date or prepared.today)
    if args.format in OVER_TIME:
        count = interval_count(prepared, selection)
        data = gpkg_bytes(prepared, selection) if args.format == "gpkg" else kml_text(prepared, selection).encode()
        return _written(args, data, f"{count} status intervals")
    if args.format == "csv":
        frame = records_in_view(prepared, selection)
        text, what = records_csv(frame, excel=args.excel), f"{len(frame)} records"
    else:
        collection = sites_geojson(prepared, selection)
        text, what = geojson_text(collection), f"{len(collection['features'])} sites"
    return _written(args, text.encode("utf-8"), what)


def _written(args: argparse.Namespace, data: bytes, what: str) -> int:
    status = cli.write(PROG, args.out, data)
    if status == 0:
        print(f"wrote {what} ({len(data):,} bytes) to {args.out}", file=sys.stderr)
    return status


PROG = "python -m dashboard.export"


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv, _check, _export)


if __name__ == "__main__":
    sys.exit(main())
