"""Downloads with citations: the records in view as CSV, the sites and their status as GeoJSON.

The CSV has one row per record and citation (a record citing three sources gives three rows, its own
fields repeated, `citation` numbering them 1, 2, 3), so every source travels with the claim and a
spreadsheet can filter by either. Each row carries the source's kind, publisher, titles, publication
date, address (web) or file (seed), and for a seed the verbatim quote. Every GeoJSON site with a status
lists the citations of the record that set it. Exported strings are data, never markup: nothing is
HTML-escaped here (escaping belongs to display).

CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with `=`,
`+`, `-` or `@` as a formula, and tab or carriage return can hide such a start. Every cell that
begins with one of those six characters gets a single quote `'` in front, so `=HYPERLINK(...)`
and `-10 troops` become `'=HYPERLINK(...)` and `'-10 troops`; `a=b` is left alone. A cell that
already begins with quotes followed by one of them (`'=x`) gets one more quote, so that
`read_records_csv` can remove exactly one quote from every guarded cell and give back the text
as it was. ISO dates and troop numbers (never negative) start with a digit and are untouched.

CSV is UTF-8 with a header and CRLF row ends (RFC 4180); `excel=True` (the dashboard's button, and
`--excel` here) adds a byte-order mark so Excel reads the Arabic correctly.

Command line, through the same functions as the app (data from $POSTURE_ROOT, else the repository):

    python -m dashboard.export --date 2025-10-01 [--province IQ-AN,IQ-AR] [--lang en|ar]
        [--known-then] [--today YYYY-MM-DD] --format csv|geojson [--excel] --out FILE   (FILE "-" is stdout)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.engine import SiteState
from dashboard.evidence import in_effect
from dashboard.i18n import LANGUAGES, check_language, status_label, t
from dashboard.prepared import Prepared
from dashboard.vocabulary import CURATED, OFFICIAL

RECORD_FIELDS = [
    "record_id",
    "role",
    "origin",
    "site_id",
    "site_name_en",
    "site_name_ar",
    "date",
    "date_precision",
    "status",
    "claim",
    "grade",
    "troops",
    "troops_qualifier",
    "moved_to",
    "summary_en",
    "summary_ar",
    "note",
]
CITATION_FIELDS = [
    "citation",
    "source_id",
    "source_kind",
    "source_publisher",
    "source_title",
    "source_title_en",
    "source_title_ar",
    "source_published",
    "source_url",
    "source_file",
    "quote",
    "official",
]
RECORD_COLUMNS = RECORD_FIELDS + CITATION_FIELDS
DATE_COLUMNS = ("date", "source_published")
INTEGER_COLUMNS = ("troops", "citation")
_SOURCE_FIELDS = {
    "source_kind": "kind",
    "source_publisher": "publisher",
    "source_title": "title",
    "source_title_en": "title_en",
    "source_title_ar": "title_ar",
    "source_published": "published",
    "source_url": "url",
    "source_file": "file",
}
_GUARDED = re.compile(r"'*[=+\-@\t\r]")  # cells that get (and on reading lose) one leading quote


# ---- the records ---------------------------------------------------------------------------------


def unknown_provinces(prepared: Prepared, provinces: Iterable[str]) -> list[str]:
    return [p for p in provinces if p not in prepared.province_names["en"]]


def _sites_in(prepared: Prepared, provinces: Iterable[str]) -> tuple[str, ...] | None:
    provinces = tuple(provinces)
    unknown = unknown_provinces(prepared, provinces)
    if unknown:
        raise ValueError(f"unknown province code(s): {', '.join(unknown)}")
    return prepared.sites_in(provinces)


def record_rows(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    site_names: Mapping[str, Mapping[str, str]],
    roles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """`records` with their site names and every citation, as RECORD_COLUMNS, one row per record and
    citation, sorted by date, record_id then citation.

    `site_names` is lang -> site_id -> name (as `Prepared.site_names`). An `origin` column is
    kept where the records have one (uploads say `user-supplied`); missing or empty means curated.
    Raises ValueError for a record that cites nothing or a source that is not in `sources`: an export
    never drops a citation.
    """
    by_source = {s["source_id"]: s for s in sources.to_dict("records")}
    cited = citations[citations["record_id"].isin(set(records["record_id"]))]
    unknown = sorted(set(cited["source_id"]) - by_source.keys())
    if unknown:
        raise ValueError(f"records cite sources that are not given: {', '.join(map(str, unknown))}")
    by_record: dict[str, list[dict]] = {}
    for citation in cited.to_dict("records"):
        by_record.setdefault(citation["record_id"], []).append(citation)
    uncited = sorted(set(records["record_id"]) - by_record.keys())
    if uncited:
        raise ValueError(f"records cite no source: {', '.join(map(str, uncited))}")
    origins = records["origin"] if "origin" in records.columns else pd.Series(CURATED, index=records.index)
    rows = []
    for record, origin in zip(records.to_dict("records"), origins):
        site = record["site_id"]
        base = {column: record.get(column) for column in RECORD_FIELDS}
        base.update(
            role=(roles or {}).get(record["record_id"], ""),
            origin=_origin(origin),
            site_name_en=site_names["en"].get(site, site) if site else t("national", "en"),
            site_name_ar=site_names["ar"].get(site, site) if site else t("national", "ar"),
        )
        for number, citation in enumerate(by_record[record["record_id"]], start=1):
            source = by_source[citation["source_id"]]
            rows.append(
                base
                | {
                    "citation": number,
                    "source_id": citation["source_id"],
                    "quote": citation["quote"],
                    "official": citation["official"],
                }
                | {column: source.get(field) for column, field in _SOURCE_FIELDS.items()}
            )
    rows.sort(key=lambda r: (r["date"], r["record_id"], r["citation"]))
    return _typed(rows)


def _origin(value: object) -> str:
    return value if isinstance(value, str) and value else CURATED


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None or pd.isna(value) else str(value)


def _typed(rows: list[dict]) -> pd.DataFrame:
    # One constructor for exports and for CSV read back, so the two compare equal column by column.
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    for column in RECORD_COLUMNS:
        if column in INTEGER_COLUMNS:
            frame[column] = pd.array([None if pd.isna(v) else int(v) for v in frame[column]], dtype="Int64")
        elif column in DATE_COLUMNS:
            frame[column] = pd.Series(list(frame[column]), dtype=object)
        else:
            frame[column] = pd.Series([_text(v) for v in frame[column]], dtype="str")
    return frame


def records_in_view(
    prepared: Prepared, on: dt.date, provinces: Iterable[str] = (), known_then: bool = False
) -> pd.DataFrame:
    """The records the evidence table shows on `on` for the province filter, with raw fields, `role`
    (status / pending / overdue / incident / force level / target), origin, site names and citations."""
    view = prepared.view(on, known_then)
    # The same choice and roles as the evidence table's.
    chosen, roles = in_effect(view.index, view.records, on, _sites_in(prepared, provinces))
    return record_rows(chosen, view.citations, prepared.dataset.sources, prepared.site_names, roles)


def export_all_records_csv(
    records: pd.DataFrame,
    citations: pd.DataFrame,
    sources: pd.DataFrame,
    site_names: Mapping[str, Mapping[str, str]],
    excel: bool = False,
) -> str:
    """Every record given (e.g. curated plus uploaded), in effect or not, as CSV; `role` is empty."""
    return records_csv(record_rows(records, citations, sources, site_names), excel=excel)


# ---- CSV -----------------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """`cell` made safe to open in a spreadsheet (see the module docstring)."""
    return "'" + cell if _GUARDED.match(cell) else cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`."""
    return cell[1:] if cell.startswith("'") and _GUARDED.match(cell[1:]) else cell


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def records_csv(frame: pd.DataFrame, excel: bool = False) -> str:
    """`frame` (as from `records_in_view`) as CSV text, formula starts neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" if excel else "") + out.getvalue()


def read_records_csv(text: str) -> pd.DataFrame:
    """CSV written by `records_csv` back into the frame it was written from."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header != RECORD_COLUMNS:
        raise ValueError(f"not a records export: header is {header!r}")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(header):
            raise ValueError(f"row {line} has {len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, map(restore, cells)))
        for column in DATE_COLUMNS:
            row[column] = dt.date.fromisoformat(row[column]) if row[column] else None
        for column in INTEGER_COLUMNS:
            row[column] = int(row[column]) if row[column] else None
        rows.append(row)
    return _typed(rows)


# ---- GeoJSON -------------------------------------------------------------------------------------

_SOURCE_KEYS = {
    "kind": "kind",
    "publisher": "publisher",
    "title": "title",
    "title_en": "title_en",
    "title_ar": "title_ar",
    "published": "published",
    "url": "url",
    "file": "file",
}


def _source_properties(source: Mapping) -> dict:
    return {
        "source_id": source["source_id"],
        **{key: _json_value(source[field]) for key, field in _SOURCE_KEYS.items()},
    }


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


_STATUS_PROPERTIES = (
    "status",
    "status_label",
    "status_since",
    "status_date_precision",
    "status_record_id",
    "claim",
    "grade",
    "moved_to",
    "summary_en",
    "summary_ar",
    "note",
    "origin",
    "citations",
)


def _status_properties(state: SiteState, record: Mapping, origin: object, citations: list[dict], lang: str) -> dict:
    return {
        "status": state.status,
        "status_label": status_label(state.status, lang),
        "status_since": state.since.isoformat(),
        "status_date_precision": record["date_precision"],
        "status_record_id": state.record_id,
        "claim": record["claim"],
        "grade": record["grade"],
        "moved_to": record["moved_to"] or None,
        "summary_en": record["summary_en"],
        "summary_ar": record["summary_ar"],
        "note": record["note"],
        "origin": _origin(origin),
        "citations": citations,
    }


def sites_geojson(
    prepared: Prepared, on: dt.date, provinces: Iterable[str] = (), known_then: bool = False, *, lang: str = "en"
) -> dict:
    """RFC 7946 FeatureCollection of the sites in view with their status on `on` and its citations.

    A site without a status has null status fields. `citations` lists, for the record that set the
    status, each source it cites (source_id, quote for a seed, official). `lang` picks the language of
    the `name` and `status_label` properties; both names are always there. The foreign member
    `metadata` holds the date, provinces, language, known_then and every source cited.
    """
    check_language(lang)
    provinces = tuple(dict.fromkeys(provinces))
    wanted = _sites_in(prepared, provinces)
    view = prepared.view(on, known_then)
    states = view.index.status_at(on)
    planned = {"pending": view.index.pending_at(on), "overdue": view.index.overdue_at(on)}
    records = {r["record_id"]: r for r in view.records.to_dict("records")}
    origins = dict(zip(view.records["record_id"], view.records["origin"])) if "origin" in view.records else {}
    by_record: dict[str, list[dict]] = {}
    for c in view.citations.to_dict("records"):
        by_record.setdefault(c["record_id"], []).append(
            {"source_id": c["source_id"], "quote": c["quote"] or None, "official": c["official"] == OFFICIAL}
        )
    sources = {s["source_id"]: s for s in prepared.dataset.sources.to_dict("records")}
    cited: set[str] = set()
    features = []
    for site in prepared.sites_geojson["features"]:
        site_id = site["id"]
        if wanted is not None and site_id not in wanted:
            continue
        properties = {"site_id": site_id, **site["properties"], "name": site["properties"][f"name_{lang}"]}
        state = states.get(site_id)
        if state is None:
            properties.update(dict.fromkeys(_STATUS_PROPERTIES))
        else:
            record = records[state.record_id]
            citations = by_record.get(state.record_id, [])
            properties.update(_status_properties(state, record, origins.get(state.record_id), citations, lang))
            cited.update(c["source_id"] for c in citations)
        for role, by_site in planned.items():
            entries = [records[r] for r in by_site.get(site_id, [])]
            properties[role] = [
                {
                    "record_id": r["record_id"],
                    "status": r["status"],
                    "grade": r["grade"],
                    "planned_date": r["date"].isoformat(),
                    "date_precision": r["date_precision"],
                    "source_ids": [c["source_id"] for c in by_record.get(r["record_id"], [])],
                }
                for r in entries
            ]
            cited.update(c["source_id"] for r in entries for c in by_record.get(r["record_id"], []))
        # A round trip through JSON copies the geometry, so the cached Prepared is never shared.
        features.append(
            {
                "type": "Feature",
                "id": site_id,
                "properties": properties,
                "geometry": json.loads(json.dumps(site["geometry"])),
            }
        )
    metadata = {
        "date": on.isoformat(),
        "provinces": list(provinces),
        "language": lang,
        "known_then": bool(known_then),
        "sources": [_source_properties(sources[s]) for s in sources if s in cited],
    }
    return {"type": "FeatureCollection", "metadata": metadata, "features": features}


def geojson_text(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, allow_nan=False) + "\n"


# ---- command line --------------------------------------------------------------------------------


def _date_argument(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid date: {error}") from None


def _provinces_argument(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in text.split(","))
    bad = [code for code in codes if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code)]
    if bad:
        raise argparse.ArgumentTypeError(
            f"{', '.join(map(repr, bad))} is not an ISO 3166-2 code such as IQ-AN (separate codes with commas)"
        )
    return codes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Export the records in view (CSV) or the sites with "
        "their status (GeoJSON) on a date, with citations.",
    )
    parser.add_argument("--date", required=True, type=_date_argument, help="YYYY-MM-DD")
    parser.add_argument(
        "--province",
        type=_provinces_argument,
        default=(),
        help="comma-separated ISO 3166-2 codes, e.g. IQ-AN,IQ-AR (default: every site)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the GeoJSON name and status_label (CSV always has both)",
    )
    parser.add_argument("--known-then", action="store_true", help="only sources published by --date")
    parser.add_argument("--format", required=True, choices=("csv", "geojson"))
    parser.add_argument("--excel", action="store_true", help="CSV with a byte-order mark, for Excel")
    parser.add_argument(
        "--today",
        type=_date_argument,
        default=None,
        help="the date taken as today, YYYY-MM-DD (default: $POSTURE_TODAY, else the clock)",
    )
    parser.add_argument("--out", required=True, help='file to write, "-" for standard output')
    return parser


def main(argv: list[str] | None = None) -> int:
    from dashboard import clock
    from dashboard.io import load_dataset  # heavy imports only when run as a command
    from dashboard.paths import ROOT_ENV_VAR, data_root
    from dashboard.prepared import prepare
    from dashboard.validate import report

    parser = _parser()
    args = parser.parse_args(argv)
    if args.excel and args.format != "csv":
        parser.error("argument --excel: only applies to --format csv")
    sys.stderr.reconfigure(errors="backslashreplace")  # reports quote Arabic; never crash on a narrow terminal
    root = data_root()
    if not root.is_dir():
        print(f"{root}: not a directory (set {ROOT_ENV_VAR} to the data root)", file=sys.stderr)
        return 2
    try:
        today = args.today or clock.today()
    except ValueError as error:  # a bad $POSTURE_TODAY: say so, no traceback
        print(f"{error} (or give --today YYYY-MM-DD)", file=sys.stderr)
        return 2
    dataset = load_dataset(root, today)
    if dataset.problems:
        print("\n".join(report(dataset)), file=sys.stderr)
        print("export: nothing written; fix the data first (python -m dashboard.validate)", file=sys.stderr)
        return 1
    prepared = prepare(dataset, today)
    unknown = unknown_provinces(prepared, args.province)
    if unknown:
        parser.error(
            f"argument --province: unknown province code(s) {', '.join(unknown)}; "
            f"known: {', '.join(prepared.province_names['en'])}"
        )
    first, last = prepared.span
    if not first <= args.date <= last:
        parser.error(
            f"argument --date: {args.date.isoformat()} is outside the time axis, "
            f"{first.isoformat()} (first record) to {last.isoformat()} (today or the last planned date)"
        )

    if args.format == "csv":
        frame = records_in_view(prepared, args.date, args.province, args.known_then)
        text, what = records_csv(frame, excel=args.excel), f"{len(frame)} records"
    else:
        collection = sites_geojson(prepared, args.date, args.province, args.known_then, lang=args.lang)
        text, what = geojson_text(collection), f"{len(collection['features'])} sites"
    data = text.encode("utf-8")
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            with open(args.out, "wb") as out:
                out.write(data)
        except OSError as error:
            parser.error(f"argument --out: cannot write {args.out}: {error.strerror}")
    print(f"wrote {what} ({len(data):,} bytes) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
