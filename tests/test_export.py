"""Exports with citations: CSV of the records in view, GeoJSON of the sites, and the command line."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from factories import records_in_effect
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.export import (
    CITATION_FIELDS,
    RECORD_COLUMNS,
    RECORD_FIELDS,
    export_all_records_csv,
    geojson_text,
    read_records_csv,
    record_rows,
    records_csv,
    records_in_view,
    sites_geojson,
)
from dashboard.i18n import role_label
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.vocabulary import OFFICIAL

REPO = repository_root()
D = dt.date
ON = D(2025, 10, 1)


def S(on, provinces=(), known_then=False, lang="en", forces="all") -> Selection:
    return Selection(on, tuple(provinces), lang, known_then, forces)


@pytest.fixture(scope="module")
def shipped():
    dataset = load_dataset(REPO)
    assert not dataset.problems
    return prepare(dataset)


# ---- formula injection ---------------------------------------------------------------------------

RECORDS = pd.DataFrame(
    [
        {
            "record_id": "R1",
            "site_id": "base-a",
            "date": D(2024, 1, 15),
            "date_precision": "day",
            "status": "active",
            "claim": "reported",
            "grade": "A",
            "troops": 2500,
            "troops_qualifier": "about",
            "moved_to": "",
            "summary_en": "US forces.",
            "summary_ar": "قوات.",
            "note": "",
        },
        {
            "record_id": "R2",
            "site_id": "",
            "date": D(2023, 5, 1),
            "date_precision": "month",
            "status": "event",
            "claim": "announced",
            "grade": "C",
            "troops": None,
            "troops_qualifier": "",
            "moved_to": "",
            "summary_en": "An event.",
            "summary_ar": "حدث.",
            "note": "'Inferred' month.",
        },
    ]
)
RECORDS["troops"] = RECORDS["troops"].astype("Int64")
# R1 cites a seed (quoted) and a web page (never quoted, an official statement); R2 cites the seed.
CITATIONS = pd.DataFrame(
    [
        {"record_id": "R1", "source_id": "s1", "quote": "نحو 2500 جندي", "official": ""},
        {"record_id": "R1", "source_id": "w1", "quote": "", "official": OFFICIAL},
        {"record_id": "R2", "source_id": "s1", "quote": "أعلن", "official": ""},
    ]
)
SOURCES = pd.DataFrame(
    [
        {
            "source_id": "s1",
            "kind": "seed",
            "file": "seeds/a.txt",
            "url": "",
            "publisher": "Publisher A",
            "origin": "Publisher A",
            "title": "عنوان أ",
            "title_en": "Title A",
            "title_ar": "عنوان أ",
            "published": D(2025, 9, 20),
        },
        {
            "source_id": "w1",
            "kind": "web",
            "file": "",
            "url": "https://example.org/w1",
            "publisher": "Ministry W",
            "origin": "Ministry W",
            "title": "Statement W",
            "title_en": "Statement W",
            "title_ar": "البيان و",
            "published": D(2025, 9, 25),
        },
    ]
)
NAMES = {"en": {"base-a": "Base A"}, "ar": {"base-a": "القاعدة أ"}}


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "text, as_written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("-10 troops", "'-10 troops"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('=HYPERLINK("http://example.com","x")', '\'=HYPERLINK("http://example.com","x")'),
        ("'=1", "''=1"),  # already quoted: one more quote, so reading back removes exactly one
        ("قاعدة عين الأسد", "قاعدة عين الأسد"),
        ("a=b", "a=b"),
        ("'plain", "'plain"),
        ("2025-10-01", "2025-10-01"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised_and_read_back(text, as_written):
    frame = record_rows(RECORDS, CITATIONS, SOURCES, NAMES)
    frame.loc[0, "summary_en"] = text
    written = records_csv(frame)
    row = _csv_cells(written)[1]
    assert row[RECORD_COLUMNS.index("summary_en")] == as_written
    assert read_records_csv(written).loc[0, "summary_en"] == text


def test_dates_and_troop_numbers_are_written_plainly():
    row = _csv_cells(records_csv(record_rows(RECORDS, CITATIONS, SOURCES, NAMES)))[2]
    assert row[RECORD_COLUMNS.index("date")] == "2024-01-15"
    assert row[RECORD_COLUMNS.index("troops")] == "2500"
    assert row[RECORD_COLUMNS.index("source_published")] == "2025-09-20"
    assert row[RECORD_COLUMNS.index("citation")] == "1"


def test_columns_are_the_records_fields_then_the_citations_fields():
    assert RECORD_COLUMNS == RECORD_FIELDS + CITATION_FIELDS
    assert _csv_cells(records_csv(record_rows(RECORDS, CITATIONS, SOURCES, NAMES)))[0] == RECORD_COLUMNS


def test_a_record_citing_two_sources_gives_two_rows_one_per_source():
    frame = record_rows(RECORDS, CITATIONS, SOURCES, NAMES)
    assert list(frame["record_id"]) == ["R2", "R1", "R1"]  # by date, then record, then citation
    first, second = frame[frame["record_id"] == "R1"].to_dict("records")
    # The record's own fields repeat on each of its rows.
    for column in RECORD_FIELDS:
        assert first[column] == second[column] or (pd.isna(first[column]) and pd.isna(second[column])), column
    assert (first["site_name_en"], first["site_name_ar"], first["grade"]) == ("Base A", "القاعدة أ", "A")
    assert {c: first[c] for c in CITATION_FIELDS} == {
        "citation": 1,
        "source_id": "s1",
        "source_kind": "seed",
        "source_publisher": "Publisher A",
        "source_origin": "Publisher A",
        "source_title": "عنوان أ",
        "source_title_en": "Title A",
        "source_title_ar": "عنوان أ",
        "source_published": D(2025, 9, 20),
        "source_url": "",
        "source_file": "seeds/a.txt",
        "quote": "نحو 2500 جندي",
        "official": "",
    }
    assert {c: second[c] for c in CITATION_FIELDS} == {
        "citation": 2,
        "source_id": "w1",
        "source_kind": "web",
        "source_publisher": "Ministry W",
        "source_origin": "Ministry W",
        "source_title": "Statement W",
        "source_title_en": "Statement W",
        "source_title_ar": "البيان و",
        "source_published": D(2025, 9, 25),
        "source_url": "https://example.org/w1",
        "source_file": "",
        "quote": "",
        "official": OFFICIAL,
    }
    national = frame[frame["record_id"] == "R2"].iloc[0]
    assert (national["site_name_en"], national["citation"]) == ("Iraq and region (national)", 1)


def test_two_citations_survive_the_csv_as_two_numbered_rows():
    text = records_csv(record_rows(RECORDS, CITATIONS, SOURCES, NAMES))
    rows = [dict(zip(RECORD_COLUMNS, cells)) for cells in _csv_cells(text)[1:]]
    r1 = [
        (r["citation"], r["source_id"], r["source_kind"], r["source_url"], r["source_file"], r["quote"], r["official"])
        for r in rows
        if r["record_id"] == "R1"
    ]
    assert r1 == [
        ("1", "s1", "seed", "", "seeds/a.txt", "نحو 2500 جندي", ""),
        ("2", "w1", "web", "https://example.org/w1", "", "", "yes"),
    ]


ARBITRARY = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)  # lone surrogates are not UTF-8
TRICKY = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(
        ["=", "+", "-", "@", "'", "''=", "\t", "\r", "\r\n", '"', ",", "\n", "قاعدة ", " ", "\ufeff", "\x00"]
    ),
    ARBITRARY,
)
CELL = st.one_of(ARBITRARY, TRICKY)


BASE = record_rows(RECORDS, CITATIONS, SOURCES, NAMES)


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            column: CELL
            for column in (
                "summary_en",
                "summary_ar",
                "quote",
                "note",
                "source_title_en",
                "site_name_ar",
                "source_title",
                "source_url",
                "official",
            )
        }
    ),
    st.booleans(),
)
def test_any_text_survives_a_csv_round_trip(cells, excel):
    frame = BASE.copy()
    for column, text in cells.items():
        frame.loc[1, column] = text
        frame.loc[2, column] = text[::-1]  # the second citation of the same record
    pd.testing.assert_frame_equal(read_records_csv(records_csv(frame, excel=excel)), frame)


# ---- records in view -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "on, provinces, known_then",
    [
        (ON, (), False),
        (ON, ("IQ-AN", "IQ-AR"), False),
        (D(2025, 9, 1), (), True),
        (D(2014, 6, 1), (), False),
        (D(2024, 1, 1), (), True),  # before every source was published: nothing in view
    ],
)
def test_csv_read_back_equals_the_records_in_view(shipped, on, provinces, known_then):
    frame = records_in_view(shipped, S(on, provinces, known_then))
    pd.testing.assert_frame_equal(read_records_csv(records_csv(frame)), frame)
    pd.testing.assert_frame_equal(read_records_csv(records_csv(frame, excel=True)), frame)


def test_records_in_view_are_the_evidence_tables_records_sorted_by_date(shipped):
    frame = records_in_view(shipped, S(ON))
    view = shipped.all_records
    shown = records_in_effect(
        view.index, view.records, view.citations, shipped.dataset.sources, ON, shipped.site_names["en"], "en"
    )
    assert {r: role_label(role, "en") for r, role in zip(frame["record_id"], frame["role"])} == dict(
        zip(shown["record_id"], shown["role"])
    )
    assert {"status", "pending", "overdue", "force level", "target"} <= set(frame["role"])
    keys = list(zip(frame["date"], frame["record_id"], frame["citation"]))
    assert keys == sorted(keys)
    raw = shipped.dataset.records.set_index("record_id")
    for row in frame.to_dict("records"):
        assert row["date"] == raw.loc[row["record_id"], "date"]
    # Every citation of every record in view, verbatim, in the file's order; nothing else.
    cited = view.citations[view.citations["record_id"].isin(set(frame["record_id"]))]
    exported = sorted(zip(frame["record_id"], frame["citation"], frame["source_id"], frame["quote"], frame["official"]))
    expected = sorted(
        (r, n, s, q, o)
        for (r, group) in cited.groupby("record_id", sort=False)
        for n, (s, q, o) in enumerate(zip(group["source_id"], group["quote"], group["official"]), 1)
    )
    assert exported == expected
    assert frame["record_id"].nunique() < len(frame)  # some record in view cites more than one source


def test_known_then_exports_only_sources_published_by_the_date(shipped):
    on = D(2025, 9, 1)
    frame = records_in_view(shipped, S(on, known_then=True))
    assert len(frame) and all(p <= on for p in frame["source_published"])
    everything = records_in_view(shipped, S(on))
    pairs = set(zip(frame["record_id"], frame["source_id"]))
    assert pairs != set(zip(everything["record_id"], everything["source_id"]))  # later pages are left out
    # A record also cited by a later source keeps only the citations known then, numbered from 1.
    for _, group in frame.groupby("record_id"):
        assert list(group["citation"]) == list(range(1, len(group) + 1))


def test_excel_flavour_starts_with_a_byte_order_mark(shipped):
    frame = records_in_view(shipped, S(ON))
    assert records_csv(frame, excel=True).encode("utf-8")[:3] == b"\xef\xbb\xbf"
    assert records_csv(frame).startswith("record_id,role,origin,")


def test_unknown_province_is_refused(shipped):
    with pytest.raises(ValueError, match="IQ-XX"):
        records_in_view(shipped, S(ON, ("IQ-XX",)))
    with pytest.raises(ValueError, match="IQ-XX"):
        sites_geojson(shipped, S(ON, ("IQ-XX",)))


def test_province_filter_narrows_both_exports(shipped):
    everywhere = records_in_view(shipped, S(ON))
    erbil_only = records_in_view(shipped, S(ON, ("IQ-AR",)))
    in_erbil = set(shipped.sites_in(("IQ-AR",)))
    assert 0 < len(erbil_only) < len(everywhere)
    assert set(erbil_only["site_id"]) <= in_erbil | {""}
    assert "" in set(erbil_only["site_id"])  # national records belong to every selection
    features = sites_geojson(shipped, S(ON, ("IQ-AR",)))["features"]
    assert {f["id"] for f in features} == in_erbil
    assert len(features) < len(sites_geojson(shipped, S(ON))["features"])


def test_every_row_and_feature_cites_a_quote_and_publisher(shipped):
    frame = records_in_view(shipped, S(ON))
    assert len(frame) and all(frame["source_publisher"].str.strip() != "")
    assert set(frame["source_kind"]) <= {"seed", "web"}
    # A seed citation quotes its document; a web citation gives the address and never quotes.
    seeds, web = frame[frame["source_kind"] == "seed"], frame[frame["source_kind"] == "web"]
    assert len(seeds) and all(seeds["quote"].str.strip() != "") and all(seeds["source_file"].str.startswith("seeds/"))
    assert all(seeds["source_url"] == "")
    assert all(web["quote"] == "") and all(web["source_file"] == "") and all(web["source_url"].str.startswith("http"))
    collection = sites_geojson(shipped, S(ON))
    features = collection["features"]
    with_status = [f["properties"] for f in features if f["properties"]["status"] is not None]
    assert len(with_status) >= 10
    sources = {s["source_id"]: s for s in collection["metadata"]["sources"]}
    for properties in with_status:
        assert properties["citations"], properties["site_id"]
        for citation in properties["citations"]:
            source = sources[citation["source_id"]]
            assert source["publisher"].strip()
            if source["kind"] == "seed":
                assert citation["quote"].strip() and source["file"].startswith("seeds/")
            else:
                assert citation["quote"] is None and source["url"].startswith("http")
    for properties in (f["properties"] for f in features if f["properties"]["status"] is None):
        assert properties["citations"] is None and properties["status_record_id"] is None


def test_every_citation_of_a_status_record_is_in_the_geojson(shipped):
    collection = sites_geojson(shipped, S(ON))
    citations = shipped.all_records.citations
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["status"] is None:
            continue
        own = citations[citations["record_id"] == properties["status_record_id"]]
        assert properties["citations"] == [
            {"source_id": s, "quote": q or None, "official": o == OFFICIAL}
            for s, q, o in zip(own["source_id"], own["quote"], own["official"])
        ]
    assert any(
        len(f["properties"]["citations"] or ()) > 1 or any(c["official"] for c in f["properties"]["citations"] or ())
        for f in collection["features"]
    )


# ---- GeoJSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("on, known_then", [(ON, False), (D(2016, 1, 1), False), (D(2025, 9, 1), True)])
def test_geojson_read_back_with_geopandas_holds_the_engines_status(shipped, on, known_then):
    text = geojson_text(sites_geojson(shipped, S(on, known_then=known_then)))
    frame = gpd.read_file(io.BytesIO(text.encode("utf-8")))
    assert frame.crs == "EPSG:4326"
    expected = {s: state.status for s, state in shipped.view(S(on, known_then=known_then)).index.status_at(on).items()}
    read = {s: (None if pd.isna(v) else v) for s, v in zip(frame["site_id"], frame["status"])}
    assert read == {s: expected.get(s) for s in shipped.site_ids}
    # Longitude first: the geometries are the sites' own, read in the same axis order.
    sites = shipped.dataset.sites.set_index("site_id")
    for site_id, geometry in zip(frame["site_id"], frame.geometry):
        assert geometry.equals_exact(sites.loc[site_id, "geometry"], 1e-9)


def test_geojson_lists_pending_and_overdue_plans_and_the_sources_cited(shipped):
    collection = sites_geojson(shipped, S(ON, lang="ar"))
    by_id = {f["id"]: f["properties"] for f in collection["features"]}
    index = shipped.all_records.index
    assert [p["record_id"] for p in by_id["harir"]["pending"]] == index.pending_at(ON)["harir"]
    assert [p["record_id"] for p in by_id["ain-al-asad"]["overdue"]] == index.overdue_at(ON)["ain-al-asad"]
    assert by_id["ain-al-asad"]["overdue"][0]["planned_date"] == "2025-09-01"
    assert by_id["harir"]["name"] == by_id["harir"]["name_ar"]
    citations = shipped.all_records.citations
    for plan in by_id["ain-al-asad"]["overdue"] + by_id["harir"]["pending"]:
        assert plan["source_ids"] == list(citations.loc[citations["record_id"] == plan["record_id"], "source_id"])
    metadata = collection["metadata"]
    assert metadata["date"] == "2025-10-01" and metadata["language"] == "ar" and metadata["provinces"] == []
    cited = {c["source_id"] for f in collection["features"] for c in f["properties"]["citations"] or ()}
    cited |= {
        s
        for f in collection["features"]
        for role in ("pending", "confirmed", "overdue", "disputing")
        for plan in f["properties"][role]
        for s in plan["source_ids"]
    }
    assert cited == {s["source_id"] for s in metadata["sources"]}
    assert "قاعدة" in geojson_text(collection)  # Arabic written as text, not \u escapes


# ---- uploaded records, markup ----------------------------------------------------------------------


def test_user_supplied_records_and_extra_sources_export_the_same_way(shipped):
    dataset = shipped.dataset
    upload = dataset.records.iloc[:0].copy()
    upload.loc[0] = {
        **dataset.records.iloc[0].to_dict(),
        "record_id": "U1",
        "site_id": "erbil",
        # Later than Erbil's curated status record, so the upload sets the status.
        "date": ON,
        "date_precision": "day",
        "status": "advisory",
        "claim": "reported",
        "grade": "B",
        "troops": pd.NA,
        "troops_qualifier": "",
        "moved_to": "",
    }
    records = pd.concat(
        [dataset.records.assign(origin="curated"), upload.assign(origin="user-supplied")], ignore_index=True
    )
    citations = pd.concat(
        [
            dataset.citations,
            pd.DataFrame([{"record_id": "U1", "source_id": "mine", "quote": "=cmd|' /C calc'!A0", "official": ""}]),
        ],
        ignore_index=True,
    )
    sources = pd.concat(
        [
            dataset.sources,
            pd.DataFrame(
                [
                    {
                        "source_id": "mine",
                        "kind": "seed",
                        "file": "seeds/mine.txt",
                        "url": "",
                        "publisher": "Me",
                        "title": "لي",
                        "title_ar": "لي",
                        "title_en": "Mine",
                        "published": D(2025, 9, 30),
                        "published_note": "",
                        "language": "ar",
                        "consulted": None,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    merged = prepare(dataclasses.replace(dataset, records=records, citations=citations, sources=sources))

    frame = records_in_view(merged, S(ON))
    mine = frame[frame["record_id"] == "U1"].iloc[0]
    assert (mine["origin"], mine["source_publisher"], mine["role"]) == ("user-supplied", "Me", "status")
    assert set(frame.loc[frame["record_id"] != "U1", "origin"]) == {"curated"}
    text = records_csv(frame)
    assert "'=cmd|' /C calc'!A0" in text
    pd.testing.assert_frame_equal(read_records_csv(text), frame)
    collection = sites_geojson(merged, S(ON))
    erbil = next(f for f in collection["features"] if f["id"] == "erbil")["properties"]
    assert (erbil["status_record_id"], erbil["origin"]) == ("U1", "user-supplied")
    assert erbil["citations"] == [{"source_id": "mine", "quote": "=cmd|' /C calc'!A0", "official": False}]
    assert {"source_id": "mine", "publisher": "Me"}.items() <= next(
        s for s in collection["metadata"]["sources"] if s["source_id"] == "mine"
    ).items()

    everything = read_records_csv(export_all_records_csv(records, citations, sources, merged.site_names))
    assert len(everything) == len(citations) and set(everything["record_id"]) == set(records["record_id"])
    assert set(everything["role"]) == {""}
    assert set(everything.loc[everything["record_id"] == "U1", "origin"]) == {"user-supplied"}
    assert set(everything.loc[everything["record_id"] == "R001", "origin"]) == {"curated"}


def test_record_citing_a_missing_source_is_refused():
    with pytest.raises(ValueError, match="nowhere"):
        record_rows(RECORDS, CITATIONS.assign(source_id="nowhere"), SOURCES, NAMES)


def test_record_citing_nothing_is_refused_not_exported_without_a_source():
    with pytest.raises(ValueError, match="R2"):
        record_rows(RECORDS, CITATIONS[CITATIONS["record_id"] != "R2"], SOURCES, NAMES)
    with pytest.raises(ValueError, match="R2"):
        export_all_records_csv(RECORDS, CITATIONS[CITATIONS["record_id"] != "R2"], SOURCES, NAMES)


def test_citations_of_records_not_exported_are_left_out():
    frame = record_rows(RECORDS[RECORDS["record_id"] == "R2"], CITATIONS, SOURCES, NAMES)
    assert list(zip(frame["record_id"], frame["source_id"])) == [("R2", "s1")]


def test_text_is_exported_as_text_not_markup(tiny_files, write_dataset):
    files = dict(tiny_files)
    files["data/posture.csv"] = files["data/posture.csv"].replace("US forces at base A.", '"<b>Tom & Jerry</b>"')
    prepared = prepare(load_dataset(write_dataset(files)))
    frame = records_in_view(prepared, S(D(2025, 1, 1)))
    assert "<b>Tom & Jerry</b>" in set(frame["summary_en"])
    assert "<b>Tom & Jerry</b>" in records_csv(frame)
    base_a = next(f for f in sites_geojson(prepared, S(D(2025, 1, 1)))["features"] if f["id"] == "base-a")
    assert base_a["properties"]["summary_en"] == "<b>Tom & Jerry</b>"
    assert "&amp;" not in geojson_text(sites_geojson(prepared, S(D(2025, 1, 1))))


def test_tiny_dataset_exports_a_seed_and_a_web_citation_with_grade_and_note(tiny_files, write_dataset):
    prepared = prepare(load_dataset(write_dataset(tiny_files)))
    on = D(2025, 1, 1)
    frame = records_in_view(prepared, S(on))
    r1 = frame[frame["record_id"] == "R1"]
    assert list(
        zip(r1["citation"], r1["source_id"], r1["source_kind"], r1["source_url"], r1["source_file"], r1["quote"])
    ) == [
        (1, "src-a", "seed", "", "seeds/a.txt", "وبلغ عدد الجنود نحو 2500 جندي في العراق"),
        (2, "web-c", "web", "https://example.org/c", "", ""),
    ]
    assert set(r1["grade"]) == {"A"}
    features = {f["id"]: f["properties"] for f in sites_geojson(prepared, S(on))["features"]}
    assert (features["base-a"]["grade"], features["base-a"]["note"]) == ("A", "")
    assert features["base-a"]["citations"] == [
        {"source_id": "src-a", "quote": "وبلغ عدد الجنود نحو 2500 جندي في العراق", "official": False},
        {"source_id": "web-c", "quote": None, "official": False},
    ]
    assert (features["zone-c"]["grade"], features["zone-c"]["note"]) == ("B", "Inferred year.")
    # The national record R4 cites an official statement; its row says so.
    r4 = records_in_view(prepared, S(D(2025, 9, 1)))
    assert list(r4.loc[r4["record_id"] == "R4", "official"]) == [OFFICIAL]


# ---- command line --------------------------------------------------------------------------------


def _run(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "POSTURE_ROOT": str(root or REPO)}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_cli_csv_is_the_apps_export(shipped, tmp_path):
    out = tmp_path / "records.csv"
    done = _run("--date", "2025-10-01", "--province", "IQ-AN,IQ-AR", "--format", "csv", "--excel", "--out", str(out))
    assert done.returncode == 0, done.stderr
    expected = records_csv(records_in_view(shipped, S(ON, ("IQ-AN", "IQ-AR"))), excel=True)
    assert out.read_bytes() == expected.encode("utf-8")
    assert f"wrote {len(read_records_csv(expected))} records" in done.stderr


def test_cli_geojson_is_the_apps_export(shipped, tmp_path):
    out = tmp_path / "sites.geojson"
    done = _run("--date", "2025-09-01", "--known-then", "--lang", "ar", "--format", "geojson", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text("utf-8")) == sites_geojson(shipped, S(D(2025, 9, 1), known_then=True, lang="ar"))


def test_cli_writes_to_standard_output(shipped):
    done = _run("--date", "2025-10-01", "--format", "csv", "--out", "-")
    assert done.returncode == 0
    assert done.stdout.replace("\n", "\r\n") == records_csv(records_in_view(shipped, S(ON)))  # text mode folds CRLF


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "csv", "--out", "x.csv"], "argument --date: required for --format csv"),
        (["--date", "01/10/2025", "--format", "csv", "--out", "x.csv"], "argument --date: '01/10/2025' is not a date"),
        (["--date", "2025-13-01", "--format", "csv", "--out", "x.csv"], "argument --date: '2025-13-01' is not a valid"),
        (
            ["--date", "1990-01-01", "--format", "csv", "--out", "x.csv"],
            "argument --date: 1990-01-01 is outside the time axis",
        ),
        (
            ["--date", "2025-10-01", "--today", "tomorrow", "--format", "csv", "--out", "x.csv"],
            "argument --today: 'tomorrow' is not a date",
        ),
        (
            ["--date", "2025-10-01", "--province", "anbar", "--format", "csv", "--out", "x.csv"],
            "argument --province: 'anbar' is not an ISO 3166-2 code",
        ),
        (
            ["--date", "2025-10-01", "--province", "IQ-AN,IQ-ZZ", "--format", "csv", "--out", "x.csv"],
            "argument --province: unknown governorate code IQ-ZZ",
        ),
        (
            ["--date", "2025-10-01", "--lang", "fr", "--format", "csv", "--out", "x.csv"],
            "argument --lang: invalid choice",
        ),
        (["--date", "2025-10-01", "--format", "xlsx", "--out", "x.csv"], "argument --format: invalid choice"),
        (
            ["--date", "2025-10-01", "--format", "geojson", "--excel", "--out", "x.csv"],
            "argument --excel: only applies to --format csv",
        ),
        (["--date", "2025-10-01", "--format", "csv"], "the following arguments are required: --out"),
        (
            ["--date", "2025-10-01", "--format", "csv", "--out", "/nonexistent-dir/x.csv"],
            "argument --out: folder '/nonexistent-dir' does not exist",
        ),
    ],
)
def test_cli_bad_arguments_are_named(args, message, tmp_path):
    args = [str(tmp_path / a) if a == "x.csv" else a for a in args]
    done = _run(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.csv").exists()


def test_cli_exports_on_today(shipped, tmp_path):
    assert shipped.today == D(2026, 12, 1)  # conftest fixes $POSTURE_TODAY
    out = tmp_path / "today.csv"
    done = _run("--date", "2026-12-01", "--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == records_csv(records_in_view(shipped, S(D(2026, 12, 1)))).encode("utf-8")


@pytest.mark.parametrize("day", ["2023-12-31", "2026-12-02"])
def test_cli_date_outside_the_axis_names_its_ends(tiny_files, write_dataset, tmp_path, day):
    # The tiny dataset's first record is dated 2024-01-01; its last (planned) 2026-09-01; today 2026-12-01.
    out = tmp_path / "x.csv"
    done = _run("--date", day, "--format", "csv", "--out", str(out), root=write_dataset(tiny_files))
    assert done.returncode == 2 and "Traceback" not in done.stderr and not out.exists()
    assert f"argument --date: {day} is outside the time axis, 2024-01-01 (first record) to 2026-12-01" in done.stderr


def test_cli_today_moves_the_end_of_the_axis(tiny_files, write_dataset, tmp_path):
    root = write_dataset(tiny_files)
    later = D(2027, 3, 1)
    refused = _run("--date", "2027-02-01", "--format", "csv", "--out", str(tmp_path / "x.csv"), root=root)
    assert refused.returncode == 2 and "to 2026-12-01" in refused.stderr
    out = tmp_path / "later.geojson"
    done = _run(
        "--date", "2027-02-01", "--today", later.isoformat(), "--format", "geojson", "--out", str(out), root=root
    )
    assert done.returncode == 0, done.stderr
    moved = prepare(load_dataset(root, later), later)
    assert moved.span == (D(2024, 1, 1), later)
    assert json.loads(out.read_text("utf-8")) == sites_geojson(moved, S(D(2027, 2, 1)))


def test_cli_today_before_a_report_is_a_data_problem(tiny_files, write_dataset, tmp_path):
    out = tmp_path / "x.csv"
    done = _run(
        "--date",
        "2024-03-01",
        "--today",
        "2024-06-01",
        "--format",
        "csv",
        "--out",
        str(out),
        root=write_dataset(tiny_files),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr and not out.exists()
    assert "data/posture.csv line 7, field date: 2025-09-24 is after today (2024-06-01)" in done.stderr


def test_cli_names_a_bad_posture_today_without_a_traceback(shipped, tmp_path):
    out = tmp_path / "x.csv"
    env = {**os.environ, "POSTURE_ROOT": str(REPO), "POSTURE_TODAY": "yesterday"}
    command = [sys.executable, "-m", "dashboard.export", "--date", "2025-10-01", "--format", "csv", "--out", str(out)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and "$POSTURE_TODAY='yesterday'" in done.stderr and "--today" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
    # --today stands in for it.
    done = subprocess.run(
        command + ["--today", "2026-12-01"], cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == records_csv(records_in_view(shipped, S(ON))).encode("utf-8")


def test_cli_refuses_data_with_problems(tiny_files, write_dataset, tmp_path):
    files = dict(tiny_files)
    files["data/posture.csv"] = files["data/posture.csv"].replace("R2,base-b,2024-02-01", "R2,base-b,2024-02-31")
    out = tmp_path / "x.csv"
    done = _run("--date", "2024-06-01", "--format", "csv", "--out", str(out), root=write_dataset(files))
    assert done.returncode == 1
    assert "data/posture.csv" in done.stderr and "2024-02-31" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_cli_refuses_a_missing_root(tmp_path):
    done = _run("--date", "2025-10-01", "--format", "csv", "--out", str(tmp_path / "x.csv"), root=tmp_path / "nope")
    assert done.returncode == 2 and "not a directory" in done.stderr and "POSTURE_ROOT" in done.stderr
