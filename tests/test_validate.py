"""The loader and `python -m dashboard.validate` on a tiny dataset and small mutations of it."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.io import Document, KnownIds, Problem, dataset_fingerprint, load_dataset
from dashboard.io import site_provinces, validate_records_text, validate_sites_text

POSTURE, SOURCES, SITES = "data/posture.csv", "data/sources.csv", "geo/sites.geojson"
REPO = Path(__file__).resolve().parent.parent


def edited(files: dict, *edits: tuple[str, str, str]) -> dict:
    """A copy of `files` with each (path, old, new) applied once; `old` must be there."""
    files = dict(files)
    for path, old, new in edits:
        assert old in files[path], f"test bug: {old!r} not in {path}"
        files[path] = files[path].replace(old, new, 1)
    return files


def matching(problems, file, location, field, reason) -> list[Problem]:
    return [p for p in problems if (p.file, p.location, p.field) == (file, location, field) and reason in p.reason]


# (id, edits, expected problem: file, location, field, substring of the reason)
INVALID = [
    ("duplicate record_id", [(POSTURE, "R2,base-b", "R1,base-b")],
     (POSTURE, "line 3", "record_id", "duplicate record_id 'R1' (first on line 2)")),
    ("unknown site_id", [(POSTURE, "R3,zone-c", "R3,zone-x")],
     (POSTURE, "line 4", "site_id", "unknown site 'zone-x'")),
    ("unknown moved_to", [(POSTURE, ",base-a,Equipment", ",base-z,Equipment")],
     (POSTURE, "line 3", "moved_to", "unknown site 'base-z'")),
    ("moved_to is its own site", [(POSTURE, ",base-a,Equipment", ",base-b,Equipment")],
     (POSTURE, "line 3", "moved_to", "own site_id")),
    ("national record moving forces", [(POSTURE, "2000,under,,Under", "2000,under,base-a,Under")],
     (POSTURE, "line 5", "moved_to", "a national record (empty site_id) cannot move forces")),
    ("unknown source_id", [(POSTURE, ",src-b,وتبقى", ",src-z,وتبقى")],
     (POSTURE, "line 4", "source_id", "unknown source 'src-z': not in data/sources.csv")),
    ("bad status", [(POSTURE, ",watch,", ",wach,")], (POSTURE, "line 4", "status", "'wach' is not allowed")),
    ("bad claim", [(POSTURE, ",assessed,", ",guessed,")], (POSTURE, "line 4", "claim", "'guessed' is not allowed")),
    ("bad date precision", [(POSTURE, ",day,", ",week,")], (POSTURE, "line 2", "date_precision", "'week' is not allowed")),
    ("month 13", [(POSTURE, "2025-09-01,month", "2025-13-01,month")],
     (POSTURE, "line 5", "date", "month must be in 1..12")),
    ("date not ISO", [(POSTURE, "2024-01-15,day", "15/01/2024,day")], (POSTURE, "line 2", "date", "YYYY-MM-DD")),
    ("month precision not on the 1st", [(POSTURE, "2024-02-01,month", "2024-02-15,month")],
     (POSTURE, "line 3", "date", "must be the 1st of the month")),
    ("year precision not on 1 January", [(POSTURE, "2024-01-01,year", "2024-03-01,year")],
     (POSTURE, "line 4", "date", "must be 1 January")),
    ("planned event", [(POSTURE, "handed_over,planned", "event,planned")],
     (POSTURE, "line 6", "status", "a planned record cannot have status 'event'")),
    ("troops negative", [(POSTURE, ",2500,about,", ",-2500,about,")], (POSTURE, "line 2", "troops", "negative")),
    ("troops not whole", [(POSTURE, ",2500,about,", ",2500.5,about,")], (POSTURE, "line 2", "troops", "not a whole number")),
    ("troops with a thousands separator", [(POSTURE, ",2500,about,", ',"2,500",about,')],
     (POSTURE, "line 2", "troops", "not a whole number")),
    ("troops without qualifier", [(POSTURE, ",2500,about,", ",2500,,")],
     (POSTURE, "line 2", "troops_qualifier", "required when troops is set")),
    ("qualifier without troops", [(POSTURE, "announced,,,base-a", "announced,,about,base-a")],
     (POSTURE, "line 3", "troops_qualifier", "given but troops is empty")),
    ("empty quote", [(POSTURE, "وبلغ عدد الجنود نحو 2500 جندي في العراق", "")],
     (POSTURE, "line 2", "quote", "must not be empty")),
    ("quote not in document", [(POSTURE, "نحو 2500 جندي", "حوالي 2500 جندي")],
     (POSTURE, "line 2", "quote", "not found in seeds/a.txt: the first 16 of 41 characters match")),
    ("quote differing by a hamza", [(POSTURE, "قاعدة عين الأسد بحلول", "قاعدة عين الاسد بحلول")],
     (POSTURE, "line 6", "quote", "not found in seeds/a.txt")),
    ("quote from the other document", [(POSTURE, ",src-b,أعلن", ",src-a,أعلن")],
     (POSTURE, "line 3", "quote", "not found in seeds/a.txt")),
    ("record of a rejected site", [(SITES, "[43.0, 33.0]", "[43.0, 95.0]")],
     (POSTURE, "line 3", "site_id", "site 'base-b' has problems in geo/sites.geojson")),
    ("record of a rejected source", [(SOURCES, "2025-08-19", "2025-08-32")],
     (POSTURE, "line 3", "source_id", "source 'src-b' has problems in data/sources.csv")),
    ("too few fields", [(POSTURE, "R3,zone-c,", "R3,")], (POSTURE, "line 4", "", "13 fields, but the header has 14")),
    ("missing column", [(POSTURE, "quote,note\n", "quote\n")], (POSTURE, "line 1", "note", "missing column")),
    ("unknown column", [(POSTURE, "quote,note\n", "quote,notes\n")], (POSTURE, "line 1", "notes", "unknown column")),
    ("unterminated CSV quote", [(POSTURE, ",src-a,ستغادر", ',src-a,"ستغادر')],
     (POSTURE, "line 6", "", "CSV syntax error")),
    ("swapped latitude and longitude", [(SITES, "[41.0, 33.0]", "[33.0, 41.0]")],
     (SITES, "feature base-a", "geometry", "latitude and longitude look swapped")),
    ("point in the neighbouring province", [(SITES, "[41.0, 33.0]", "[43.5, 33.0]")],
     (SITES, "feature base-a", "geometry", "lies in IQ-BG, not in IQ-AN")),
    ("zone outside its province", [(SITES, '"province": "IQ-BG", "location_note": "Hand', '"province": "IQ-AN", "location_note": "Hand')],
     (SITES, "feature zone-c", "geometry", "the zone's representative point")),
    ("province not in admin1", [(SITES, '"IQ-BG", "location_note": "Centre', '"IQ-XX", "location_note": "Centre')],
     (SITES, "feature base-b", "properties.province", "'IQ-XX' is not a province in geo/admin1.geojson")),
    ("province of another country", [(SITES, '"country": "IQ", "province": "IQ-AN"', '"country": "SY", "province": "IQ-AN"')],
     (SITES, "feature base-a", "properties.province", "not a province of country SY")),
    ("latitude out of range", [(SITES, "[43.0, 33.0]", "[43.0, 95.0]")],
     (SITES, "feature base-b", "geometry.coordinates", "latitude 95.0 is outside -90..90")),
    ("longitude out of range", [(SITES, "[43.0, 33.0]", "[243.0, 33.0]")],
     (SITES, "feature base-b", "geometry.coordinates", "longitude 243.0 is outside -180..180")),
    ("line geometry", [(SITES, '"geometry": {"type": "Polygon"', '"geometry": {"type": "LineString"')],
     (SITES, "feature zone-c", "geometry.type", "'LineString' is not allowed")),
    ("unclosed ring", [(SITES, "[41.8, 33.5], [41.8, 32.5]]]", "[41.8, 33.5], [41.8, 32.6]]]")],
     (SITES, "feature zone-c", "geometry.coordinates", "must end where it starts")),
    ("unknown kind", [(SITES, '"kind": "airport"', '"kind": "airfield"')],
     (SITES, "feature base-b", "properties.kind", "'airfield' is not allowed")),
    ("missing property", [(SITES, ', "location_note": "Centre of base B"', "")],
     (SITES, "feature base-b", "properties.location_note", "missing")),
    ("misspelt property", [(SITES, '"location_note": "Centre of base B"', '"location_notes": "Centre of base B"')],
     (SITES, "feature base-b", "properties.location_notes", "unknown field")),
    ("feature without id", [(SITES, '"id": "base-b", ', "")], (SITES, "feature #2", "id", "missing")),
    ("duplicate site id", [(SITES, '"id": "base-b"', '"id": "base-a"')],
     (SITES, "feature #2", "id", "duplicate id 'base-a' (first used by feature #1)")),
    ("site with no record", [(POSTURE, "R3,zone-c", "R3,base-b")],
     (SITES, "feature zone-c", "id", "no record in data/posture.csv has site_id 'zone-c'")),
    ("sites file not JSON", [(SITES, '"id": "base-b", ', '"id": "base-b" ')], (SITES, "line 3", "", "not valid JSON")),
    ("source file escaping seeds", [(SOURCES, "seeds/b.txt", "../x.txt")], (SOURCES, "line 3", "file", "'..'")),
    ("source file under seeds/..", [(SOURCES, "seeds/b.txt", "seeds/../data/posture.csv")], (SOURCES, "line 3", "file", "'..'")),
    ("absolute source file", [(SOURCES, "seeds/b.txt", "/etc/hostname")], (SOURCES, "line 3", "file", "relative path")),
    ("source file outside seeds", [(SOURCES, "seeds/b.txt", "data/posture.csv")], (SOURCES, "line 3", "file", "not under seeds/")),
    ("missing seed file", [(SOURCES, "seeds/b.txt", "seeds/c.txt")],
     (SOURCES, "line 3", "file", "seed file 'seeds/c.txt' does not exist")),
    ("duplicate source_id", [(SOURCES, "src-b,seeds", "src-a,seeds")],
     (SOURCES, "line 3", "source_id", "duplicate source_id 'src-a' (first on line 2)")),
    ("published not a date", [(SOURCES, "2025-09-20", "September 2025")], (SOURCES, "line 2", "published", "YYYY-MM-DD")),
    ("language not a 2-letter code", [(SOURCES, "Estimate,ar", "Estimate,Arabic")],
     (SOURCES, "line 2", "language", "2-letter ISO 639-1")),
    ("empty publisher", [(SOURCES, "Publisher A", "")], (SOURCES, "line 2", "publisher", "must not be empty")),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_each_invalid_input_is_reported_where_it_is(tiny_files, write_dataset, edits, expected):
    dataset = load_dataset(write_dataset(edited(tiny_files, *edits)))
    assert matching(dataset.problems, *expected), "\n".join(map(str, dataset.problems))


def test_tiny_dataset_is_valid(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.problems == ()
    assert (len(dataset.sources), len(dataset.sites), len(dataset.records)) == (2, 3, 5)


NON_UTF8 = [
    ("posture", POSTURE, (POSTURE, "line 2", "", "not valid UTF-8")),
    ("sites", SITES, (SITES, "line 2", "", "not valid UTF-8")),
    ("seed", "seeds/b.txt", (SOURCES, "line 3", "file", "seed file 'seeds/b.txt', line 1: not valid UTF-8")),
]


@pytest.mark.parametrize("path, expected", [c[1:] for c in NON_UTF8], ids=[c[0] for c in NON_UTF8])
def test_a_file_not_in_utf8_is_named(tiny_files, write_dataset, path, expected):
    tiny_files[path] = tiny_files[path].encode("cp1256")  # the usual Windows Arabic code page
    dataset = load_dataset(write_dataset(tiny_files))
    assert matching(dataset.problems, *expected), "\n".join(map(str, dataset.problems))


def test_a_seed_symlink_leading_out_of_seeds_is_rejected(tiny_files, write_dataset):
    root = write_dataset(edited(tiny_files, (SOURCES, "seeds/b.txt", "seeds/link.txt")))
    (root / "seeds" / "link.txt").symlink_to(root / "data" / "sources.csv")
    problems = load_dataset(root).problems
    assert matching(problems, SOURCES, "line 3", "file", "leads outside seeds/ through a symbolic link")


# Each variant must still load with no problem and all five records.
VALID = [
    ("quote with added tatweel", [(POSTURE, "في العراق,", "في العـــراق,")]),
    ("document with tatweel", [("seeds/a.txt", "في العراق.", "في العـراق.")]),
    ("quote with doubled spaces and a tab", [(POSTURE, "نحو 2500 جندي", "نحو  2500\tجندي")]),
    ("quote broken over lines", [(POSTURE, "وبلغ عدد الجنود نحو 2500 جندي في العراق,", '"وبلغ عدد\nالجنود نحو 2500 جندي في العراق",')]),
    ("document broken mid-quote", [("seeds/a.txt", "عدد الجنود", "عدد\n\n  الجنود")]),
    ("quote with a no-break space", [(POSTURE, "نحو 2500", "نحو\u00a02500")]),
    ("quote with surrounding spaces", [(POSTURE, ",وبلغ", ", وبلغ")]),
    ("point on the shared border", [(SITES, "[41.0, 33.0]", "[42.0, 33.0]")]),
    ("troops exact", [(POSTURE, ",2500,about,", ",2500,exact,")]),
    ("troops zero", [(POSTURE, ",2500,about,", ",0,exact,")]),
    ("byte order mark", [(POSTURE, "record_id,", "\ufeffrecord_id,")]),
    ("blank line at the end", [(POSTURE, "أيلول 2026,\n", "أيلول 2026,\n\n")]),
]


@pytest.mark.parametrize("edits", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_forgiven_differences_load_cleanly(tiny_files, write_dataset, edits):
    dataset = load_dataset(write_dataset(edited(tiny_files, *edits)))
    assert dataset.problems == (), "\n".join(map(str, dataset.problems))
    assert len(dataset.records) == 5


def test_windows_line_endings_keep_line_numbers(tiny_files, write_dataset):
    tiny_files[POSTURE] = tiny_files[POSTURE].replace("\n", "\r\n").replace(",watch,", ",wach,")
    problems = load_dataset(write_dataset(tiny_files)).problems
    assert [(p.location, p.field) for p in problems] == [("line 4", "status")]


def test_line_numbers_count_physical_lines(tiny_files, write_dataset):
    # A summary spanning three lines pushes every later record down two lines.
    files = edited(tiny_files, (POSTURE, "US forces at base A.", '"US forces\nat\nbase A."'), (POSTURE, ",watch,", ",wach,"))
    dataset = load_dataset(write_dataset(files))
    assert [(p.location, p.field) for p in dataset.problems] == [("line 6", "status")]
    assert list(dataset.records["line"]) == [2, 5, 7, 8]


def test_every_problem_in_every_file_is_reported_in_one_pass(tiny_files, write_dataset):
    files = edited(
        tiny_files,
        (SOURCES, "Estimate,ar", "Estimate,arabic"),
        (SITES, '"kind": "airport"', '"kind": "airfield"'),
        (POSTURE, ",watch,", ",wach,"),
        (POSTURE, "2025-09-01,month", "2025-09-02,month"),
        (POSTURE, "R5,", "R1,"),
    )
    dataset = load_dataset(write_dataset(files))
    found = {(p.file, p.location, p.field) for p in dataset.problems}
    assert {
        (SOURCES, "line 2", "language"),
        (SITES, "feature base-b", "properties.kind"),
        (POSTURE, "line 4", "status"),
        (POSTURE, "line 5", "date"),
        (POSTURE, "line 6", "record_id"),
    } <= found
    # Invalid rows are left out, valid ones kept: R2 cites the rejected base-b, R1/R4/R5 src-a.
    assert list(dataset.records["record_id"]) == []
    assert list(dataset.sources["source_id"]) == ["src-b"]
    assert sorted(dataset.sites["site_id"]) == ["base-a", "zone-c"]


def test_valid_rows_survive_next_to_invalid_ones(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(edited(tiny_files, (POSTURE, ",watch,", ",wach,"))))
    assert list(dataset.records["record_id"]) == ["R1", "R2", "R4", "R5"]
    assert [str(p) for p in dataset.problems] == [
        "data/posture.csv line 4, field status: 'wach' is not allowed; expected 'active', 'drawdown', "
        "'handed_over', 'consolidating', 'advisory', 'watch' or 'event'"
    ]


def test_missing_files_are_reported_without_crashing(tiny_files, write_dataset):
    del tiny_files[SITES], tiny_files[SOURCES]
    dataset = load_dataset(write_dataset(tiny_files))
    assert {str(p) for p in dataset.problems} == {"data/sources.csv: file not found", "geo/sites.geojson: file not found"}
    assert len(dataset.records) == 5  # references into an unreadable file cannot be judged


def test_problem_reads_as_file_location_field_reason():
    problem = Problem("data/posture.csv", "line 7", "site_id", "unknown site 'ain-al-assad'")
    assert str(problem) == "data/posture.csv line 7, field site_id: unknown site 'ain-al-assad'"
    assert str(Problem("geo/sites.geojson", "", "", "file not found")) == "geo/sites.geojson: file not found"


def test_loaded_tables_have_the_documented_types(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    records = dataset.records
    assert list(records["line"]) == [2, 3, 4, 5, 6]
    assert records.loc[0, "date"] == dt.date(2024, 1, 15)
    assert str(records["troops"].dtype) == "Int64"
    assert records["troops"].tolist() == [2500, pd.NA, pd.NA, 2000, pd.NA]
    assert dataset.sources.loc[0, "published"] == dt.date(2025, 9, 20)
    assert dataset.sites.crs.to_epsg() == 4326 and dataset.provinces.crs.to_epsg() == 4326
    assert list(dataset.sites.columns) == ["site_id", "name_en", "name_ar", "kind", "country", "province", "location_note", "geometry"]


def test_site_provinces_ignore_slivers(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.site_provinces == {"base-a": ("IQ-AN",), "base-b": ("IQ-BG",), "zone-c": ("IQ-AN", "IQ-BG")}
    # Moving the zone's west edge to 41.995 leaves under 1% of it in IQ-AN.
    sliver = edited(tiny_files, (SITES, "[[[41.8, 32.5]", "[[[41.995, 32.5]"), (SITES, "[41.8, 33.5], [41.8, 32.5]", "[41.995, 33.5], [41.995, 32.5]"))
    dataset = load_dataset(write_dataset(sliver))
    assert dataset.problems == ()
    assert site_provinces(dataset.sites, dataset.provinces)["zone-c"] == ("IQ-BG",)


def test_fingerprint_changes_with_any_file_read(tiny_files, write_dataset):
    root = write_dataset(tiny_files)
    before = dataset_fingerprint(root)
    assert {entry[0] for entry in before} == set(tiny_files)
    (root / "seeds" / "b.txt").write_text("changed, and longer than it was before, by far", encoding="utf-8")
    assert dataset_fingerprint(root) != before
    (root / POSTURE).unlink()
    assert (POSTURE, None, None) in dataset_fingerprint(root)


UPLOAD = (
    "record_id,site_id,date,date_precision,status,claim,troops,troops_qualifier,moved_to,"
    "summary_en,summary_ar,source_id,quote,note\n"
    "U1,base-a,2025-01-01,day,active,reported,,,,S.,ملخص.,src-a,نص غير موجود في أي وثيقة,\n"
    "U2,base-q,2025-01-01,day,active,reported,,,,S.,ملخص.,src-a,نص,\n"
)


def test_uploaded_records_are_checked_against_known_ids():
    frame, problems = validate_records_text(UPLOAD, "upload.csv", sites=["base-a"], sources=["src-a"], check_quotes=False)
    assert list(frame["record_id"]) == ["U1"]
    assert [str(p) for p in problems] == ["upload.csv line 3, field site_id: unknown site 'base-q': not in geo/sites.geojson"]


def test_uploaded_quotes_are_checked_when_asked():
    documents = {"src-a": Document.from_text("seeds/a.txt", "نص آخر")}
    frame, problems = validate_records_text(
        UPLOAD, "upload.csv", sites=KnownIds.of("geo/sites.geojson", ["base-a", "base-q"]), sources=["src-a"],
        documents=documents,
    )
    assert list(frame["record_id"]) == ["U2"]
    assert [(p.location, p.field) for p in problems] == [("line 2", "quote")]


def test_uploaded_sites_are_checked_against_provinces(tiny_files, write_dataset):
    provinces = load_dataset(write_dataset(tiny_files)).provinces
    text = edited(tiny_files, (SITES, "[43.0, 33.0]", "[33.0, 43.0]"))[SITES]
    sites, problems = validate_sites_text(text, "upload.geojson", provinces)
    assert sorted(sites["site_id"]) == ["base-a", "zone-c"]
    assert [(p.file, p.location, p.field) for p in problems] == [("upload.geojson", "feature base-b", "geometry")]


def run_cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "POSTURE_ROOT": str(root)} if root else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "dashboard.validate", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_cli_passes_a_valid_root_from_the_environment(tiny_files, write_dataset):
    result = run_cli(root=write_dataset(tiny_files))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "OK: 2 sources, 3 sites, 5 records, 0 problems\n"


def test_cli_lists_every_problem_of_a_root_argument(tiny_files, write_dataset):
    files = edited(tiny_files, (POSTURE, "R3,zone-c", "R3,zone-x"), (SOURCES, "Estimate,ar", "Estimate,arabic"))
    result = run_cli(str(write_dataset(files)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/sources.csv line 2, field language: 'arabic' is not a 2-letter ISO 639-1 code such as ar",
        "geo/sites.geojson feature zone-c, field id: no record in data/posture.csv has site_id 'zone-c'",
        "data/posture.csv line 2, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "data/posture.csv line 4, field site_id: unknown site 'zone-x': not in geo/sites.geojson",
        "data/posture.csv line 5, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "data/posture.csv line 6, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "6 problems in 3 files (valid: 1 source, 3 sites, 1 record)",
    ]


def test_cli_refuses_a_root_that_is_not_a_directory(tmp_path):
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "not a directory" in result.stderr
