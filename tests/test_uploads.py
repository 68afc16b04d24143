"""Bring-your-own records: each bad upload gets its own message; valid rows are used, never dropped silently."""

import builtins
import datetime as dt
import io
import json
import os

import pytest
from factories import CITATIONS_HEADER, SOURCES_HEADER, UPLOAD_SITE
from factories import POSTURE_HEADER as HEADER

from dashboard.io import dataset_fingerprint, load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.uploads import MAX_UPLOAD_BYTES, merged_dataset, read_upload
from dashboard.vocabulary import CURATED, USER_SUPPLIED

TODAY = dt.date(2026, 12, 1)  # as tests/conftest.py fixes it

# An outside page the user read: cited, never quoted.
PAGE = "my-page,web,,https://example.org/news/1,My Outlet,My Outlet,Base news,Base news,أخبار القاعدة,2026-11-30,,en,2026-12-01\n"
GOOD = "U1,ain-al-asad,2026-11-30,day,consolidating,reported,B,,,,My report,تقريري,,US,,\n"
GOOD_CITATION = "U1,my-page,,\n"
SITE = UPLOAD_SITE


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(repository_root())


@pytest.fixture
def tiny(tiny_files, write_dataset):
    """The tiny dataset of tests/conftest.py: records R1..R6, sites base-a, base-b, zone-c, sources src-a
    (Publisher A), src-b (Publisher B), web-c (Outlet C, published 2025-09-25)."""
    return load_dataset(write_dataset(tiny_files))


def csv(*rows, name="records.csv"):
    return (name, (HEADER + "".join(rows)).encode("utf-8"))


def cites(*rows, name="citations.csv"):
    return (name, (CITATIONS_HEADER + "".join(rows)).encode("utf-8"))


def pages(*rows, name="sources.csv"):
    return (name, (SOURCES_HEADER + "".join(rows)).encode("utf-8"))


def sites(*features):
    return ("sites.geojson", json.dumps({"type": "FeatureCollection", "features": list(features)}).encode())


def good(**files):
    """The valid upload of GOOD (records, its citation and the page it cites), with some files replaced."""
    return {"records": csv(GOOD), "citations": cites(GOOD_CITATION), "sources": pages(PAGE), **files}


def test_a_valid_upload_overlays_the_curated_records_for_this_session(dataset):
    shipped = len(dataset.records)
    upload = read_upload(dataset, **good())
    assert upload.problems == () and list(upload.records["origin"]) == [USER_SUPPLIED]
    assert list(upload.citations["source_id"]) == ["my-page"]
    merged = merged_dataset(dataset, upload)
    assert set(merged.records["origin"]) == {CURATED, USER_SUPPLIED}
    assert "U1" in set(merged.citations["record_id"]) and "my-page" in set(merged.sources["source_id"])
    assert prepare(merged).all_records.index.status_at(TODAY)["ain-al-asad"].record_id == "U1"
    assert len(dataset.records) == shipped and "origin" not in dataset.records  # the shipped dataset is untouched
    assert "U1" not in set(dataset.citations["record_id"]) and "my-page" not in set(dataset.sources["source_id"])


def test_uploaded_sites_can_carry_uploaded_records(dataset):
    upload = read_upload(dataset, **good(records=csv(GOOD.replace("ain-al-asad", "my-camp"))), sites=sites(SITE))
    assert upload.problems == ()
    merged = prepare(merged_dataset(dataset, upload))
    assert merged.site_provinces["my-camp"] == ("IQ-AN",)
    assert merged.all_records.index.status_at(TODAY)["my-camp"].status == "consolidating"


def test_uploaded_citations_may_cite_shipped_sources(tiny):
    # Publisher A's seed and Outlet C's page, both shipped: two origins earn an A.
    upload = read_upload(
        tiny,
        records=csv("U1,base-a,2025-09-01,day,active,reported,A,,,,S.,ملخص.,,US,,\n"),
        citations=cites("U1,src-a,وبلغ عدد الجنود نحو 2500 جندي في العراق,\n", "U1,web-c,,\n"),
    )
    assert upload.problems == ()
    assert list(upload.citations["source_id"]) == ["src-a", "web-c"]
    assert list(upload.records["grade"]) == ["A"]


def test_an_uploaded_web_source_is_checked_like_a_shipped_one(tiny):
    upload = read_upload(
        tiny,
        records=csv("U1,base-a,2026-11-30,day,active,reported,B,,,,S.,ملخص.,,US,,\n"),
        citations=cites(GOOD_CITATION),
        sources=pages(PAGE),
    )
    assert upload.problems == ()
    page = upload.sources.iloc[0]
    assert (page["kind"], page["url"], page["consulted"]) == ("web", "https://example.org/news/1", dt.date(2026, 12, 1))
    assert merged_dataset(tiny, upload).sources["source_id"].tolist() == ["src-a", "src-b", "web-c", "my-page"]


def test_records_without_a_citations_file_are_one_clear_problem(tiny):
    upload = read_upload(
        tiny,
        records=csv(GOOD.replace("ain-al-asad", "base-a"), GOOD.replace("U1", "U2").replace("ain-al-asad", "base-b")),
    )
    assert [str(p) for p in upload.problems] == [
        "records.csv: uploaded records need a citations file saying which sources each cites "
        "(columns of data/citations.csv)"
    ]
    assert upload.records.empty and upload.citations.empty


def test_a_citations_file_without_records_is_one_clear_problem(tiny):
    upload = read_upload(tiny, citations=cites(GOOD_CITATION))
    assert [str(p) for p in upload.problems] == ["citations.csv: a citations file needs the records file it cites for"]
    assert upload.records.empty and upload.citations.empty


# (upload, location, field, words of the reason) on the tiny dataset. Records are checked as in
# tests/test_validate.py; these are the checks an upload adds or makes against the shipped data.
U1 = "U1,base-a,2025-09-01,day,active,reported,B,,,,S.,ملخص.,,US,,\n"
U1_CITES_A = "U1,src-a,وبلغ عدد الجنود نحو 2500 جندي في العراق,\n"
BAD = [
    (
        "unknown-site",
        dict(records=csv(U1.replace("base-a", "nowhere")), citations=cites(U1_CITES_A)),
        "line 2",
        "site_id",
        "unknown site 'nowhere': not in geo/sites.geojson and the uploaded sites",
    ),
    (
        "shipped-id",
        dict(records=csv(U1.replace("U1", "R1")), citations=cites(U1_CITES_A.replace("U1", "R1"))),
        "line 2",
        "record_id",
        "'R1' is already a shipped record",
    ),
    (
        "bad-date",
        dict(records=csv(U1.replace("2025-09-01", "2025-02-30")), citations=cites(U1_CITES_A)),
        "line 2",
        "date",
        "not a valid date",
    ),
    (
        "bad-status",
        dict(records=csv(U1.replace("active", "gone")), citations=cites(U1_CITES_A)),
        "line 2",
        "status",
        "'gone' is not allowed",
    ),
    (
        "unknown-source",
        dict(records=csv(U1), citations=cites("U1,my-source,,\n")),
        "line 2",
        "source_id",
        "unknown source 'my-source': not in data/sources.csv and the uploaded sources",
    ),
    (
        "citation-of-unknown-record",
        dict(records=csv(U1), citations=cites(U1_CITES_A, "U9,web-c,,\n")),
        "line 3",
        "record_id",
        "unknown record 'U9': not in records.csv",
    ),
    (
        "citation-of-a-shipped-record",
        dict(records=csv(U1), citations=cites(U1_CITES_A, "R2,web-c,,\n")),
        "line 3",
        "record_id",
        "unknown record 'R2': not in records.csv",
    ),
    (
        "duplicate-citation",
        dict(records=csv(U1), citations=cites(U1_CITES_A, U1_CITES_A)),
        "line 3",
        "source_id",
        "record 'U1' already cites 'src-a' (line 2)",
    ),
    (
        "quoted-web-page",
        dict(records=csv(U1), citations=cites("U1,web-c,Words copied from the page,\n")),
        "line 2",
        "quote",
        "a web source is never quoted",
    ),
    (
        "unquoted-seed",
        dict(records=csv(U1), citations=cites("U1,src-a,,\n")),
        "line 2",
        "quote",
        "a seed source is quoted",
    ),
    (
        "record-citing-nothing",
        dict(records=csv(U1, U1.replace("U1", "U2")), citations=cites(U1_CITES_A)),
        "line 3",
        "record_id",
        "record 'U2' cites no source: add a row to citations.csv",
    ),
    (
        "every-citation-refused",
        dict(records=csv(U1), citations=cites("U1,src-z,x,\n")),
        "line 2",
        "record_id",
        "every citation of record 'U1' has problems in citations.csv",
    ),
    (
        "grade-A-one-origin",
        dict(records=csv(U1.replace(",B,", ",A,")), citations=cites(U1_CITES_A)),
        "line 2",
        "grade",
        "grade A needs 2 independent origins (sources.csv `origin`) or an official statement; its sources all go back to Publisher A",
    ),
    (
        "after-its-sources",
        dict(records=csv(U1.replace("2025-09-01", "2025-09-21")), citations=cites(U1_CITES_A)),
        "line 2",
        "date",
        "2025-09-21 is after every source it cites was published (latest 2025-09-20)",
    ),
    (
        "after-today",
        dict(
            records=csv(GOOD.replace("2026-11-30", "2026-12-02").replace("ain-al-asad", "base-a")),
            citations=cites(GOOD_CITATION),
            sources=pages(PAGE.replace("2026-11-30", "2026-12-05").replace("2026-12-01", "2026-12-05")),
        ),
        "line 2",
        "date",
        "2026-12-02 is after today (2026-12-01)",
    ),
    (
        "page-with-a-file",
        dict(sources=pages(PAGE.replace("my-page,web,,", "my-page,web,notes.txt,"))),
        "line 2",
        "file",
        "a web source has no file",
    ),
    (
        "page-without-consulted",
        dict(sources=pages(PAGE.replace(",en,2026-12-01", ",en,"))),
        "line 2",
        "consulted",
        "required for a web source",
    ),
    (
        "page-read-before-published",
        dict(sources=pages(PAGE.replace(",en,2026-12-01", ",en,2026-11-01"))),
        "line 2",
        "consulted",
        "is before the page's publication",
    ),
    (
        "page-not-http",
        dict(sources=pages(PAGE.replace("https://example.org/news/1", "file:///etc/passwd"))),
        "line 2",
        "url",
        "is not a web address starting http:// or https://",
    ),
    (
        "seed-with-a-url",
        dict(
            sources=pages(PAGE.replace("my-page,web,,", "my-page,seed,seeds/x.txt,").replace(",en,2026-12-01", ",en,"))
        ),
        "line 2",
        "url",
        "a seed source has no url",
    ),
    (
        "source-clash",
        dict(sources=pages(PAGE.replace("my-page", "web-c"))),
        "line 2",
        "source_id",
        "'web-c' is already a source of the shipped data",
    ),
    (
        "missing-columns",
        dict(records=("records.csv", b"record_id\nU1\n"), citations=cites(U1_CITES_A)),
        "line 1",
        "site_id",
        "missing column",
    ),
    (
        "not-utf8",
        dict(records=("records.csv", (HEADER + U1).encode("cp1256")), citations=cites(U1_CITES_A)),
        "line 2",
        "",
        "not valid UTF-8",
    ),
    (
        "oversized",
        dict(records=("records.csv", b"x" * (MAX_UPLOAD_BYTES + 1)), citations=cites(U1_CITES_A)),
        "",
        "",
        "uploads are limited to",
    ),
    (
        "oversized-citations",
        dict(records=csv(U1), citations=("citations.csv", b"x" * (MAX_UPLOAD_BYTES + 1))),
        "",
        "",
        "uploads are limited to",
    ),
    ("site-clash", dict(sites=sites({**SITE, "id": "base-a"})), "feature base-a", "id", "already a shipped site"),
    (
        "swapped-coordinates",
        dict(sites=sites({**SITE, "geometry": {"type": "Point", "coordinates": [33.5, 42.0]}})),
        "feature my-camp",
        "geometry",
        "swapped",
    ),
    ("broken-json", dict(sites=("sites.geojson", b"{not json")), "line 1", "", "not valid JSON"),
]


@pytest.mark.parametrize("upload, where, field, fragment", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_each_bad_upload_gets_its_own_message(tiny, upload, where, field, fragment):
    result = read_upload(tiny, **upload)
    assert result.problems, "a bad upload must be reported"
    text = "\n".join(str(p) for p in result.problems)
    assert any((p.location, p.field) == (where, field) and fragment in p.reason for p in result.problems), text


@pytest.mark.parametrize(
    "citations, problem",
    [
        (
            ("citations.csv", b"record_id,source_id,quote\nU1,web-c,\nU2,web-c,\n"),
            "citations.csv line 1, field official: missing column",
        ),
        (
            ("citations.csv", 'record_id,source_id,quote,official\nU1,src-a,"نص\n'.encode()),
            "citations.csv line 2: CSV syntax error",
        ),
        (
            ("citations.csv", "record_id,source_id,quote,official\nU1,src-a,نص,\n".encode("cp1256")),
            "citations.csv line 2: not valid UTF-8",
        ),
        (("citations.csv", b"x" * (MAX_UPLOAD_BYTES + 1)), "citations.csv: the file is 5,242,881 bytes"),
    ],
    ids=["missing-column", "broken-csv", "not-utf8", "oversized"],
)
def test_records_whose_citations_file_cannot_be_read_are_left_out_in_one_problem(tiny, citations, problem):
    # Not one "cites no source" per record: the citations file's own problem says what to fix.
    result = read_upload(tiny, records=csv(U1, U1.replace("U1", "U2"), U1.replace("U1", "U3")), citations=citations)
    expected = [problem, "records.csv: left out until citations.csv can be read as a whole"]
    assert len(result.problems) == 2, result.problems
    assert all(str(p).startswith(start) for p, start in zip(result.problems, expected, strict=True)), result.problems
    assert result.records.empty and result.citations.empty


def test_valid_rows_are_kept_beside_invalid_ones(tiny):
    result = read_upload(
        tiny,
        records=csv(U1, U1.replace("U1", "U2").replace("base-a", "nowhere"), U1.replace("U1", "U3")),
        citations=cites(U1_CITES_A, U1_CITES_A.replace("U1", "U2"), "U3,web-c,A quote,\n"),
    )
    assert list(result.records["record_id"]) == ["U1"]
    assert list(result.citations["record_id"]) == ["U1"]
    assert [(p.file, p.location) for p in result.problems] == [
        ("records.csv", "line 3"),
        ("citations.csv", "line 3"),
        ("citations.csv", "line 4"),
        ("records.csv", "line 4"),
    ]


def test_an_upload_can_describe_its_own_source(tiny):
    result = read_upload(tiny, **good(records=csv(GOOD.replace("ain-al-asad", "base-a"))))
    assert result.problems == ()
    merged = merged_dataset(tiny, result)
    assert "my-page" in set(merged.sources["source_id"])
    assert merged.citations.loc[merged.citations["record_id"] == "U1", "source_id"].tolist() == ["my-page"]


def test_an_uploaded_seed_names_a_document_that_is_not_here(tiny):
    # Its file cannot be read from here, so its quotes cannot be checked either; the rest is.
    seed = "my-seed,seed,my-notes.txt,,Me,Me,عنوان,Title,عنوان,2025-09-20,,ar,\n"
    result = read_upload(tiny, records=csv(U1), citations=cites("U1,my-seed,نص من وثيقتي,\n"), sources=pages(seed))
    assert result.problems == ()
    assert list(result.citations["quote"]) == ["نص من وثيقتي"]


def test_an_upload_is_checked_against_the_given_today(tiny):
    late = good(records=csv(GOOD.replace("ain-al-asad", "base-a")))
    assert read_upload(tiny, **late, today=dt.date(2026, 11, 30)).problems == ()
    problems = read_upload(tiny, **late, today=dt.date(2026, 11, 29)).problems
    assert [(p.location, p.field) for p in problems] == [("line 2", "date")]
    assert "after today (2026-11-29)" in problems[0].reason


def test_nothing_is_written_to_disk(tiny, monkeypatch):
    writes = []
    real_open, real_os_open = builtins.open, os.open

    def watched_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            writes.append(file)
        return real_open(file, mode, *args, **kwargs)

    def watched_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(path)
        return real_os_open(path, flags, *args, **kwargs)

    before = dataset_fingerprint(tiny.root)
    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(io, "open", watched_open)  # pathlib writes through io.open
    monkeypatch.setattr(os, "open", watched_os_open)
    upload = read_upload(tiny, **good(records=csv(GOOD.replace("ain-al-asad", "my-camp"))), sites=sites(SITE))
    merged = merged_dataset(tiny, upload)
    monkeypatch.undo()
    assert upload.problems == () and len(merged.records) == len(tiny.records) + 1
    assert writes == []
    assert dataset_fingerprint(tiny.root) == before


# ---- Issue 22, defect 10: messages that say what is wrong with the file, once ------------------------


def _only(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_issue_22_a_semicolon_separated_file_gets_one_problem_naming_the_separator(tiny):
    text = (HEADER + U1).replace(",", ";")
    problems = _only(read_upload(tiny, records=("records.csv", text.encode()), citations=cites(U1_CITES_A)))
    assert len([p for p in problems if p.startswith("records.csv")]) == 1, problems
    assert "separated by semicolons; save the file with commas between the columns" in problems[0]


def test_issue_22_a_spreadsheets_empty_trailing_columns_are_no_problem(tiny):
    # Excel keeps columns it once touched: the header ends ",,", and every row with it.
    text = HEADER.rstrip("\n") + ",,\n" + U1.rstrip("\n") + ",,\n"
    result = read_upload(tiny, records=("records.csv", text.encode()), citations=cites(U1_CITES_A))
    assert result.problems == () or result.problems == [], _only(result)
    assert list(result.records["record_id"]) == ["U1"]


def test_issue_22_a_value_under_an_unnamed_column_is_named_by_its_number(tiny):
    width = HEADER.count(",") + 1
    text = HEADER.rstrip("\n") + ",\n" + U1.rstrip("\n") + ",stray\n"
    problems = _only(read_upload(tiny, records=("records.csv", text.encode()), citations=cites(U1_CITES_A)))
    assert any(f"line 2: a value in column {width + 1}, which has no name in the header" in p for p in problems), (
        problems
    )


def test_issue_22_rows_of_empty_fields_are_one_problem_for_the_file(tiny):
    empty = "," * HEADER.count(",") + "\n"
    text = HEADER + empty + U1 + empty + empty
    problems = _only(read_upload(tiny, records=("records.csv", text.encode()), citations=cites(U1_CITES_A)))
    assert problems == ["records.csv: 3 rows hold only empty fields (line 2, 4, 5); delete them"]


@pytest.mark.parametrize(
    ("crs", "refused"),
    [
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, False),
        ({"type": "name", "properties": {"name": "EPSG:4326"}}, False),
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}, True),
        ({"type": "link", "properties": {"href": "http://example.org/crs"}}, True),
    ],
)
def test_issue_22_a_geojson_crs_member_is_refused_unless_it_names_wgs84(tiny, crs, refused):
    collection = {"type": "FeatureCollection", "crs": crs, "features": [SITE]}
    result = read_upload(tiny, sites=("sites.geojson", json.dumps(collection).encode()))
    crs_problems = [p for p in result.problems if p.field == "crs"]
    assert bool(crs_problems) == refused, _only(result)
    if refused:
        assert "GeoJSON (RFC 7946) is longitude and latitude on WGS 84: convert it" in crs_problems[0].reason


def test_issue_22_control_characters_are_taken_out_of_uploaded_text(tiny):
    dirty = U1.replace(",S.,", ",S\x00.\x07,")
    assert dirty != U1
    result = read_upload(tiny, records=("records.csv", (HEADER + dirty).encode()), citations=cites(U1_CITES_A))
    assert not result.problems, _only(result)
    assert list(result.records["summary_en"]) == ["S."]


def test_issue_22_more_sites_than_a_session_may_add_are_one_problem(tiny):
    from dashboard.uploads import MAX_UPLOAD_SITES

    many = [{**SITE, "id": f"camp-{i}"} for i in range(MAX_UPLOAD_SITES + 1)]
    result = read_upload(tiny, sites=sites(*many))
    assert _only(result) == [
        f"sites.geojson: {MAX_UPLOAD_SITES + 1:,} sites: a session can add at most {MAX_UPLOAD_SITES:,} "
        "(they travel inside the page on every step); upload a part of them"
    ]
    assert len(result.sites) == 0


def test_issue_22_more_records_than_a_session_may_add_are_one_problem_not_one_per_row(tiny, monkeypatch):
    monkeypatch.setattr("dashboard.uploads.MAX_UPLOAD_RECORDS", 3)
    rows = [U1.replace("U1", f"U{i}") for i in range(1, 5)]
    cited = [U1_CITES_A.replace("U1", f"U{i}") for i in range(1, 5)]
    result = read_upload(tiny, records=csv(*rows), citations=cites(*cited))
    assert _only(result) == [
        "records.csv: 4 records: a session can add at most 3 (they travel inside the page on every step); "
        "upload a part of them"
    ]
    assert len(result.records) == 0
