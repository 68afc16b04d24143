"""The loader and `python -m dashboard.validate` on a tiny dataset and small mutations of it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from factories import POSTURE_HEADER, edited

from dashboard import validate
from dashboard.io import (
    Document,
    KnownIds,
    Problem,
    dataset_fingerprint,
    load_dataset,
    site_provinces,
    validate_sites_text,
)
from dashboard.io.citations import check_citations
from dashboard.io.records import check_records
from dashboard.io.schema import CITATION_COLUMNS, POSTURE_COLUMNS
from dashboard.io.text import parse_csv
from dashboard.uploads import read_upload
from dashboard.vocabulary import EARLIEST_DATE, LATEST_DATE, MAX_TROOPS, STATUSES

POSTURE, SOURCES, SITES = "data/posture.csv", "data/sources.csv", "geo/sites.geojson"
CITATIONS = "data/citations.csv"
REPO = Path(__file__).resolve().parent.parent
DATE_RANGE = f"outside {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
TOO_MANY_TROOPS = f"is more than {MAX_TROOPS:,}; is it a typing error?"
# The tiny dataset's citation lines: 2 R1 src-a, 3 R1 web-c, 4 R2 src-b, 5 R3 src-b, 6 R4 src-a (official),
# 7 R5 src-a, 8 R6 web-c. Its records: line 2 R1 ... line 7 R6. Its sources: 2 src-a, 3 src-b, 4 web-c.
R3_CITATION = "R3,src-b,وتبقى منطقة الحدود مصدر قلق أمني,\n"
R6_CITATION = "R6,web-c,,\n"


def matching(problems, file, location, field, reason) -> list[Problem]:
    return [p for p in problems if (p.file, p.location, p.field) == (file, location, field) and reason in p.reason]


# (id, edits, expected problem: file, location, field, substring of the reason)
INVALID = [
    (
        "duplicate record_id",
        [(POSTURE, "R2,base-b", "R1,base-b")],
        (POSTURE, "line 3", "record_id", "duplicate record_id 'R1' (first on line 2)"),
    ),
    ("unknown site_id", [(POSTURE, "R3,zone-c", "R3,zone-x")], (POSTURE, "line 4", "site_id", "unknown site 'zone-x'")),
    (
        "unknown moved_to",
        [(POSTURE, ",base-a,Equipment", ",base-z,Equipment")],
        (POSTURE, "line 3", "moved_to", "unknown site 'base-z'"),
    ),
    (
        "moved_to is its own site",
        [(POSTURE, ",base-a,Equipment", ",base-b,Equipment")],
        (POSTURE, "line 3", "moved_to", "own site_id"),
    ),
    (
        "national record moving forces",
        [(POSTURE, "2000,under,,Under", "2000,under,base-a,Under")],
        (POSTURE, "line 5", "moved_to", "a national record (empty site_id) cannot move forces"),
    ),
    (
        "unknown source_id",
        [(CITATIONS, "R3,src-b", "R3,src-z")],
        (CITATIONS, "line 5", "source_id", "unknown source 'src-z': not in data/sources.csv"),
    ),
    ("bad status", [(POSTURE, ",watch,", ",wach,")], (POSTURE, "line 4", "status", "'wach' is not allowed")),
    ("bad claim", [(POSTURE, ",assessed,", ",guessed,")], (POSTURE, "line 4", "claim", "'guessed' is not allowed")),
    (
        "bad date precision",
        [(POSTURE, ",day,", ",week,")],
        (POSTURE, "line 2", "date_precision", "'week' is not allowed"),
    ),
    (
        "month 13",
        [(POSTURE, "2025-09-01,month", "2025-13-01,month")],
        (POSTURE, "line 5", "date", "month must be in 1..12"),
    ),
    ("date not ISO", [(POSTURE, "2024-01-15,day", "15/01/2024,day")], (POSTURE, "line 2", "date", "YYYY-MM-DD")),
    (
        "month precision not on the 1st",
        [(POSTURE, "2024-02-01,month", "2024-02-15,month")],
        (POSTURE, "line 3", "date", "must be the 1st of the month"),
    ),
    (
        "year precision not on 1 January",
        [(POSTURE, "2024-01-01,year", "2024-03-01,year")],
        (POSTURE, "line 4", "date", "must be 1 January"),
    ),
    (
        "planned event",
        [(POSTURE, "handed_over,planned", "event,planned")],
        (POSTURE, "line 6", "status", "a planned record cannot have status 'event'"),
    ),
    ("troops negative", [(POSTURE, ",2500,about,", ",-2500,about,")], (POSTURE, "line 2", "troops", "negative")),
    (
        "troops not whole",
        [(POSTURE, ",2500,about,", ",2500.5,about,")],
        (POSTURE, "line 2", "troops", "not a whole number"),
    ),
    (
        "troops with a thousands separator",
        [(POSTURE, ",2500,about,", ',"2,500",about,')],
        (POSTURE, "line 2", "troops", "not a whole number"),
    ),
    (
        "troops without qualifier",
        [(POSTURE, ",2500,about,", ",2500,,")],
        (POSTURE, "line 2", "troops_qualifier", "required when troops is set"),
    ),
    (
        "qualifier without troops",
        [(POSTURE, "announced,B,,,base-a", "announced,B,,about,base-a")],
        (POSTURE, "line 3", "troops_qualifier", "given but troops is empty"),
    ),
    (
        "quote not in document",
        [(CITATIONS, "نحو 2500 جندي", "حوالي 2500 جندي")],
        (CITATIONS, "line 2", "quote", "not found in seeds/a.txt: the first 16 of 41 characters match"),
    ),
    (
        "quote differing by a hamza",
        [(CITATIONS, "قاعدة عين الأسد بحلول", "قاعدة عين الاسد بحلول")],
        (CITATIONS, "line 7", "quote", "not found in seeds/a.txt"),
    ),
    (
        "quote from the other document",
        [(CITATIONS, "R2,src-b,أعلن", "R2,src-a,أعلن")],
        (CITATIONS, "line 4", "quote", "not found in seeds/a.txt"),
    ),
    (
        "record of a rejected site",
        [(SITES, "[43.0, 33.0]", "[43.0, 95.0]")],
        (POSTURE, "line 3", "site_id", "site 'base-b' has problems in geo/sites.geojson"),
    ),
    (
        "citation of a rejected source",
        [(SOURCES, "2025-08-19", "2025-08-32")],
        (CITATIONS, "line 4", "source_id", "source 'src-b' has problems in data/sources.csv"),
    ),
    (
        "citation of a rejected record",
        [(POSTURE, ",watch,", ",wach,")],
        (CITATIONS, "line 5", "record_id", "record 'R3' has problems in data/posture.csv"),
    ),
    ("too few fields", [(POSTURE, "R3,zone-c,", "R3,")], (POSTURE, "line 4", "", "15 fields, but the header has 16")),
    # A row cut short is refused, but it exists: what refers to it is told it has problems, not that it is unknown.
    (
        "citation of a record row cut short",
        [(POSTURE, "R3,zone-c,", "R3,")],
        (CITATIONS, "line 5", "record_id", "record 'R3' has problems in data/posture.csv, so this row is left out too"),
    ),
    (
        "citation of a source row cut short",
        [(SOURCES, "src-b,seed,seeds/b.txt,,Publisher B,", "src-b,seed,")],
        (
            CITATIONS,
            "line 4",
            "source_id",
            "source 'src-b' has problems in data/sources.csv, so this row is left out too",
        ),
    ),
    (
        "record whose citation row is cut short",
        [(CITATIONS, R3_CITATION, "R3,src-b\n")],
        (POSTURE, "line 4", "record_id", "every citation of record 'R3' has problems in data/citations.csv"),
    ),
    ("missing column", [(POSTURE, "summary_ar,note,", "summary_ar,")], (POSTURE, "line 1", "note", "missing column")),
    (
        "unknown column",
        [(POSTURE, "summary_ar,note,", "summary_ar,notes,")],
        (POSTURE, "line 1", "notes", "unknown column"),
    ),
    (
        "repeated column",
        [(CITATIONS, "quote,official\n", "quote,official,quote\n")],
        (CITATIONS, "line 1", "quote", "column appears more than once"),
    ),
    (
        "unterminated CSV quote",
        [(POSTURE, ",Base A to be handed over.", ',"Base A to be handed over.')],
        (POSTURE, "line 6", "", "CSV syntax error"),
    ),
    (
        "unterminated CSV quote in citations",
        [(CITATIONS, "R5,src-a,ستغادر", 'R5,src-a,"ستغادر')],
        (CITATIONS, "line 7", "", "CSV syntax error"),
    ),
    (
        "swapped latitude and longitude",
        [(SITES, "[41.0, 33.0]", "[33.0, 41.0]")],
        (SITES, "feature base-a", "geometry", "latitude and longitude look swapped"),
    ),
    (
        "point in the neighbouring province",
        [(SITES, "[41.0, 33.0]", "[43.5, 33.0]")],
        (SITES, "feature base-a", "geometry", "lies in IQ-BG, not in IQ-AN"),
    ),
    (
        "zone outside its province",
        [(SITES, '"province": "IQ-BG", "location_note": "Hand', '"province": "IQ-AN", "location_note": "Hand')],
        (SITES, "feature zone-c", "geometry", "the zone's representative point"),
    ),
    (
        "province not in admin1",
        [(SITES, '"IQ-BG", "location_note": "Centre', '"IQ-XX", "location_note": "Centre')],
        (SITES, "feature base-b", "properties.province", "'IQ-XX' is not a province in geo/admin1.geojson"),
    ),
    (
        "province of another country",
        [(SITES, '"country": "IQ", "province": "IQ-AN"', '"country": "SY", "province": "IQ-AN"')],
        (SITES, "feature base-a", "properties.province", "not a province of country SY"),
    ),
    (
        "latitude out of range",
        [(SITES, "[43.0, 33.0]", "[43.0, 95.0]")],
        (SITES, "feature base-b", "geometry.coordinates", "latitude 95.0 is outside -90..90"),
    ),
    (
        "longitude out of range",
        [(SITES, "[43.0, 33.0]", "[243.0, 33.0]")],
        (SITES, "feature base-b", "geometry.coordinates", "longitude 243.0 is outside -180..180"),
    ),
    (
        "line geometry",
        [(SITES, '"geometry": {"type": "Polygon"', '"geometry": {"type": "LineString"')],
        (SITES, "feature zone-c", "geometry.type", "'LineString' is not allowed"),
    ),
    (
        "unclosed ring",
        [(SITES, "[41.8, 33.5], [41.8, 32.5]]]", "[41.8, 33.5], [41.8, 32.6]]]")],
        (SITES, "feature zone-c", "geometry.coordinates", "must end where it starts"),
    ),
    (
        "unknown kind",
        [(SITES, '"kind": "airport"', '"kind": "airfield"')],
        (SITES, "feature base-b", "properties.kind", "'airfield' is not allowed"),
    ),
    (
        "missing property",
        [(SITES, ', "location_note": "Centre of base B"', "")],
        (SITES, "feature base-b", "properties.location_note", "missing"),
    ),
    (
        "misspelt property",
        [(SITES, '"location_note": "Centre of base B"', '"location_notes": "Centre of base B"')],
        (SITES, "feature base-b", "properties.location_notes", "unknown field"),
    ),
    ("feature without id", [(SITES, '"id": "base-b", ', "")], (SITES, "feature #2", "id", "missing")),
    (
        "duplicate site id",
        [(SITES, '"id": "base-b"', '"id": "base-a"')],
        (SITES, "feature #2", "id", "duplicate id 'base-a' (first used by feature #1)"),
    ),
    (
        "site with no record",
        [(POSTURE, "R3,zone-c", "R3,base-b")],
        (SITES, "feature zone-c", "id", "no record in data/posture.csv has site_id 'zone-c'"),
    ),
    ("sites file not JSON", [(SITES, '"id": "base-b", ', '"id": "base-b" ')], (SITES, "line 3", "", "not valid JSON")),
    ("source file escaping seeds", [(SOURCES, "seeds/b.txt", "../x.txt")], (SOURCES, "line 3", "file", "'..'")),
    (
        "source file under seeds/..",
        [(SOURCES, "seeds/b.txt", "seeds/../data/posture.csv")],
        (SOURCES, "line 3", "file", "'..'"),
    ),
    ("absolute source file", [(SOURCES, "seeds/b.txt", "/etc/hostname")], (SOURCES, "line 3", "file", "relative path")),
    (
        "source file outside seeds",
        [(SOURCES, "seeds/b.txt", "data/posture.csv")],
        (SOURCES, "line 3", "file", "not under seeds/"),
    ),
    (
        "missing seed file",
        [(SOURCES, "seeds/b.txt", "seeds/c.txt")],
        (SOURCES, "line 3", "file", "seed file 'seeds/c.txt' does not exist"),
    ),
    (
        "duplicate source_id",
        [(SOURCES, "src-b,seed", "src-a,seed")],
        (SOURCES, "line 3", "source_id", "duplicate source_id 'src-a' (first on line 2)"),
    ),
    (
        "published not a date",
        [(SOURCES, "2025-09-20", "September 2025")],
        (SOURCES, "line 2", "published", "YYYY-MM-DD"),
    ),
    (
        "language not a 2-letter code",
        [(SOURCES, "Estimate,ar", "Estimate,Arabic")],
        (SOURCES, "line 2", "language", "2-letter ISO 639-1"),
    ),
    ("empty publisher", [(SOURCES, "Publisher A", "")], (SOURCES, "line 2", "publisher", "must not be empty")),
]

# One row per rule of issues #9 and #11 (sources past the seeds, citations, grades, today, incidents,
# bounded values, ids that become CSS classes, zones inside their country).
NEW_RULES = [
    # -- sources: a seed document or a web page, never both
    (
        "unknown source kind",
        [(SOURCES, "web-c,web,", "web-c,page,")],
        (SOURCES, "line 4", "kind", "'page' is not allowed"),
    ),
    (
        "web source with a file",
        [(SOURCES, "web-c,web,,", "web-c,web,seeds/a.txt,")],
        (SOURCES, "line 4", "file", "a web source has no file"),
    ),
    (
        "seed source without a file",
        [(SOURCES, "src-b,seed,seeds/b.txt,", "src-b,seed,,")],
        (SOURCES, "line 3", "file", "a seed source needs the path of its document"),
    ),
    (
        "seed source with a url",
        [(SOURCES, "src-a,seed,seeds/a.txt,,", "src-a,seed,seeds/a.txt,https://example.org/a,")],
        (SOURCES, "line 2", "url", "a seed source has no url"),
    ),
    (
        "web source without a url",
        [(SOURCES, ",https://example.org/c,", ",,")],
        (SOURCES, "line 4", "url", "'' is not a web address starting http:// or https://"),
    ),
    (
        "web source url not http(s)",
        [(SOURCES, "https://example.org/c", "ftp://example.org/c")],
        (SOURCES, "line 4", "url", "'ftp://example.org/c' is not a web address starting http:// or https://"),
    ),
    (
        "web source url as script",
        [(SOURCES, "https://example.org/c", "javascript:alert(1)")],
        (SOURCES, "line 4", "url", "is not a web address starting http:// or https://"),
    ),
    (
        "web source url with a space",
        [(SOURCES, "https://example.org/c", "https://example.org/a b")],
        (SOURCES, "line 4", "url", "is not a web address"),
    ),
    (
        "web source without consulted date",
        [(SOURCES, ",en,2026-12-01", ",en,")],
        (SOURCES, "line 4", "consulted", "required for a web source"),
    ),
    (
        "consulted before published",
        [(SOURCES, ",en,2026-12-01", ",en,2025-09-24")],
        (SOURCES, "line 4", "consulted", "2025-09-24 is before the page's publication, 2025-09-25"),
    ),
    (
        "consulted not a date",
        [(SOURCES, ",en,2026-12-01", ",en,yesterday")],
        (SOURCES, "line 4", "consulted", "'yesterday' is not a date written YYYY-MM-DD"),
    ),
    (
        "seed source with a consulted date",
        [(SOURCES, "Estimate,ar,", "Estimate,ar,2026-01-01")],
        (SOURCES, "line 2", "consulted", "only web sources have a consulted date"),
    ),
    # -- citations: seeds quoted verbatim, web pages never quoted, each pair once, ids resolve
    (
        "citation of a web source with a quote",
        [(CITATIONS, R6_CITATION, "R6,web-c,A drone hit base B,\n")],
        (CITATIONS, "line 8", "quote", "a web source is never quoted"),
    ),
    (
        "citation of a seed without a quote",
        [(CITATIONS, R3_CITATION, "R3,src-b,,\n")],
        (CITATIONS, "line 5", "quote", "a seed source is quoted: copy the supporting passage exactly"),
    ),
    (
        "citation of a seed with a blank quote",
        [(CITATIONS, R3_CITATION, "R3,src-b,   ,\n")],
        (CITATIONS, "line 5", "quote", "a seed source is quoted"),
    ),
    (
        "seed quote not in the document",
        [(CITATIONS, "وتبقى منطقة الحدود", "وتبقى منطقة الجبال")],
        (CITATIONS, "line 5", "quote", "not found in seeds/b.txt"),
    ),
    (
        "duplicate (record, source) citation",
        [(CITATIONS, R6_CITATION, R6_CITATION + R6_CITATION)],
        (CITATIONS, "line 9", "source_id", "record 'R6' already cites 'web-c' (line 8)"),
    ),
    (
        "citation of an unknown record",
        [(CITATIONS, R6_CITATION, R6_CITATION + "R9,web-c,,\n")],
        (CITATIONS, "line 9", "record_id", "unknown record 'R9': not in data/posture.csv"),
    ),
    (
        "citation of an unknown source",
        [(CITATIONS, R6_CITATION, "R6,web-z,,\n")],
        (CITATIONS, "line 8", "source_id", "unknown source 'web-z': not in data/sources.csv"),
    ),
    (
        "official neither yes nor empty",
        [(CITATIONS, ",yes\n", ",true\n")],
        (CITATIONS, "line 6", "official", "'true' is not allowed"),
    ),
    # -- records against their citations
    (
        "record citing nothing",
        [(CITATIONS, R3_CITATION, "")],
        (POSTURE, "line 4", "record_id", "record 'R3' cites no source"),
    ),
    (
        "grade A with one origin and no official citation",
        [(CITATIONS, "R1,web-c,,\n", "")],
        (
            POSTURE,
            "line 2",
            "grade",
            "grade A needs 2 independent origins (sources.csv `origin`) or an official statement; "
            "its sources all go back to Publisher A",
        ),
    ),
    (
        # Issue 17, finding 8: "Shafaq News" and "Shafaq News (Arabic)" are two spellings of one origin.
        "grade A citing two publishers of one origin",
        [(SOURCES, "Outlet C,Outlet C", "Outlet C,Publisher A")],
        (POSTURE, "line 2", "grade", "its sources all go back to Publisher A"),
    ),
    (
        "one page as two sources",
        [
            (
                SOURCES,
                "web-c,web,,https://example.org/c,Outlet C,Outlet C,Title C,Title C,العنوان ج,2025-09-25,,en,2026-12-01\n",
                "web-c,web,,https://example.org/c,Outlet C,Outlet C,Title C,Title C,العنوان ج,2025-09-25,,en,2026-12-01\n"
                "web-d,web,,https://example.org/c,Outlet D,Outlet D,Title C,Title C,العنوان ج,2025-09-25,,en,2026-12-01\n",
            )
        ],
        (SOURCES, "line 5", "url", "the same page as source 'web-c'; cite that source instead"),
    ),
    (
        "source without an origin",
        [(SOURCES, "Outlet C,Outlet C", "Outlet C,")],
        (SOURCES, "line 4", "origin", "must not be empty"),
    ),
    # -- forces, confirms and disputes
    (
        "record saying nobody's forces",
        [(POSTURE, "Inferred year.,coalition,,", "Inferred year.,,,")],
        (POSTURE, "line 4", "forces", "say whose forces the record is about"),
    ),
    (
        "forces not a country code",
        [(POSTURE, "Inferred year.,coalition,,", "Inferred year.,USA;it,,")],
        (POSTURE, "line 4", "forces", "'USA' is not an ISO 3166-1 alpha-2 code in capitals"),
    ),
    (
        "a record confirming a record that is not a plan",
        [
            (
                POSTURE,
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,",
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,R1,",
            )
        ],
        (POSTURE, "line 7", "confirms", "'R1' is a reported record: only a planned record can be confirmed"),
    ),
    (
        "a record confirming an unknown record",
        [
            (
                POSTURE,
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,",
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,R9,",
            )
        ],
        (POSTURE, "line 7", "confirms", "unknown record 'R9': not in data/posture.csv"),
    ),
    (
        "a record disputing a record with problems",
        [
            (POSTURE, ",watch,", ",wach,"),
            (
                POSTURE,
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,",
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,R3",
            ),
        ],
        (POSTURE, "line 7", "disputes", "record 'R3' has problems in data/posture.csv"),
    ),
    (
        "a record disputing itself",
        [
            (
                POSTURE,
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,",
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,R6",
            )
        ],
        (POSTURE, "line 7", "disputes", "a record cannot name itself"),
    ),
    (
        "grade neither A, B nor C",
        [(POSTURE, "reported,A,", "reported,D,")],
        (POSTURE, "line 2", "grade", "'D' is not allowed"),
    ),
    (
        "grade C without a note",
        [(POSTURE, "One outlet's plan; nobody confirmed it.", "")],
        (POSTURE, "line 6", "note", "a grade C record must say in its note why it is unconfirmed"),
    ),
    (
        "grade C with a blank note",
        [(POSTURE, "One outlet's plan; nobody confirmed it.", "   ")],
        (POSTURE, "line 6", "note", "a grade C record must say in its note why"),
    ),
    (
        "non-planned record dated after all its sources",
        [(POSTURE, "2025-09-24,day,incident", "2025-09-26,day,incident")],
        (POSTURE, "line 7", "date", "2025-09-26 is after every source it cites was published (latest 2025-09-25)"),
    ),
    # web-c now published (and read) after today, so only "after today" stands against R6.
    (
        "non-planned record dated after today",
        [
            (SOURCES, "2025-09-25,,en,2026-12-01", "2026-12-20,,en,2026-12-20"),
            (POSTURE, "2025-09-24,day,incident", "2026-12-10,day,incident"),
        ],
        (
            POSTURE,
            "line 7",
            "date",
            "2026-12-10 is after today (2026-12-01); only a planned record may be dated in the future",
        ),
    ),
    # -- incidents, troops
    (
        "planned incident",
        [(POSTURE, "handed_over,planned", "incident,planned")],
        (POSTURE, "line 6", "status", "a planned record cannot have status 'incident'"),
    ),
    (
        "national incident",
        [(POSTURE, ",,2025-09-01,month,event,", ",,2025-09-01,month,incident,")],
        (POSTURE, "line 5", "status", "an incident happens at a site"),
    ),
    (
        "troops on a planned record",
        [(POSTURE, "planned,C,,,", "planned,C,500,about,")],
        (POSTURE, "line 6", "troops", "a planned record cannot state troops"),
    ),
    (
        "troops on an assessed record",
        [(POSTURE, "assessed,B,,,", "assessed,B,100,about,")],
        (POSTURE, "line 4", "troops", "an assessed record cannot state troops"),
    ),
    (
        "troops above the maximum",
        [(POSTURE, ",2500,about,", f",{MAX_TROOPS + 1},about,")],
        (POSTURE, "line 2", "troops", f"{MAX_TROOPS + 1:,} {TOO_MANY_TROOPS}"),
    ),
    (
        "troops of 2^63",
        [(POSTURE, ",2500,about,", f",{2**63},about,")],
        (POSTURE, "line 2", "troops", f"'{2**63}' {TOO_MANY_TROOPS}"),
    ),
    (
        "troops of 2^63 - 1",
        [(POSTURE, ",2500,about,", f",{2**63 - 1},about,")],
        (POSTURE, "line 2", "troops", TOO_MANY_TROOPS),
    ),
    (
        "troops of minus 2^63",
        [(POSTURE, ",2500,about,", f",-{2**63},about,")],
        (POSTURE, "line 2", "troops", "is negative"),
    ),
    # -- dates within 1900..2100
    (
        "record dated 0001-01-01",
        [(POSTURE, "2024-01-15", "0001-01-01")],
        (POSTURE, "line 2", "date", f"0001-01-01 is {DATE_RANGE}"),
    ),
    (
        "record dated 9999-12-31",
        [(POSTURE, "2024-01-15", "9999-12-31")],
        (POSTURE, "line 2", "date", f"9999-12-31 is {DATE_RANGE}"),
    ),
    (
        "record dated the day before 1900",
        [(POSTURE, "2024-01-01,year", "1899-12-31,day")],
        (POSTURE, "line 4", "date", f"1899-12-31 is {DATE_RANGE}"),
    ),
    (
        "source published 9999-12-31",
        [(SOURCES, "2025-09-20", "9999-12-31")],
        (SOURCES, "line 2", "published", f"9999-12-31 is {DATE_RANGE}"),
    ),
    (
        "source consulted 0001-01-01",
        [(SOURCES, ",en,2026-12-01", ",en,0001-01-01")],
        (SOURCES, "line 4", "consulted", f"0001-01-01 is {DATE_RANGE}"),
    ),
    # -- ids become CSS classes on the map: no '.'
    (
        "record id with a '.'",
        [(POSTURE, "R3,zone-c", "R.3,zone-c"), (CITATIONS, "R3,src-b", "R.3,src-b")],
        (POSTURE, "line 4", "record_id", "'R.3' is not an id (up to 64 letters, digits, '-' or '_'"),
    ),
    (
        "site id with a '.'",
        [(SITES, '"id": "base-b"', '"id": "base.b"'), (POSTURE, "R2,base-b", "R2,base.b")],
        (SITES, "feature base.b", "id", "'base.b' is not an id"),
    ),
    (
        "source id with a '.'",
        [(SOURCES, "web-c,web", "web.c,web"), (CITATIONS, R6_CITATION, "R6,web.c,,\n")],
        (SOURCES, "line 4", "source_id", "'web.c' is not an id"),
    ),
    (
        "moved_to with a '.'",
        [(POSTURE, ",base-a,Equipment", ",base.a,Equipment")],
        (POSTURE, "line 3", "moved_to", "'base.a' is not an id"),
    ),
    # -- zones stay inside their country: zone-c's east edge pushed from 43 to 45, past the provinces at 44
    (
        "zone crossing its country's border",
        [(SITES, "[43.0, 32.5], [43.0, 33.5]", "[45.0, 32.5], [45.0, 33.5]")],
        (SITES, "feature zone-c", "geometry", "the zone reaches 10,3"),
    ),  # 1° by 1° at 33°N: about 10,300 km²
]


@pytest.mark.parametrize(
    "edits, expected", [c[1:] for c in INVALID + NEW_RULES], ids=[c[0] for c in INVALID + NEW_RULES]
)
def test_each_invalid_input_is_reported_where_it_is(tiny_files, write_dataset, edits, expected):
    dataset = load_dataset(write_dataset(edited(tiny_files, *edits)))
    assert matching(dataset.problems, *expected), "\n".join(map(str, dataset.problems))


def test_a_zone_given_a_country_whose_provinces_do_not_cover_it_is_refused(tiny_files, write_dataset):
    # A Syrian province east of the Iraqi ones; zone-c, declared Syrian, reaches back over 43..44 into Iraq.
    syria = {
        "type": "Feature",
        "id": "SY-HA",
        "properties": {"iso_3166_2": "SY-HA", "country": "SY", "name_en": "Hasakah", "name_ar": "الحسكة"},
        "geometry": {"type": "Polygon", "coordinates": [[[44, 32], [47, 32], [47, 34], [44, 34], [44, 32]]]},
    }
    files = edited(
        tiny_files,
        ("geo/admin1.geojson", "\n]}", ",\n" + json.dumps(syria, ensure_ascii=False) + "\n]}"),
        (
            SITES,
            '"country": "IQ", "province": "IQ-BG", "location_note": "Hand',
            '"country": "SY", "province": "SY-HA", "location_note": "Hand',
        ),
        (
            SITES,
            "[[[41.8, 32.5], [43.0, 32.5], [43.0, 33.5], [41.8, 33.5], [41.8, 32.5]]]",
            "[[[43.0, 32.5], [46.5, 32.5], [46.5, 33.5], [43.0, 33.5], [43.0, 32.5]]]",
        ),
    )
    dataset = load_dataset(write_dataset(files))
    assert [str(p) for p in dataset.problems if p.file == SITES] == [
        "geo/sites.geojson feature zone-c, field geometry: the zone reaches 10,364 km² outside SY; "
        "clip it to the country's border"
    ]
    assert "zone-c" not in set(dataset.sites["site_id"])
    assert matching(dataset.problems, POSTURE, "line 4", "site_id", "site 'zone-c' has problems in geo/sites.geojson")


def test_tiny_dataset_is_valid(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.problems == ()
    assert (len(dataset.sources), len(dataset.sites), len(dataset.records)) == (3, 3, 6)
    assert len(dataset.citations) == 7


def test_a_record_after_the_given_today_is_refused_and_plans_are_not(tiny_files, write_dataset):
    root = write_dataset(tiny_files)
    assert load_dataset(root, today=dt.date(2025, 9, 24)).problems == ()  # R6's own day is not the future
    dataset = load_dataset(root, today=dt.date(2025, 9, 23))
    assert [str(p) for p in dataset.problems] == [
        "data/posture.csv line 7, field date: 2025-09-24 is after today (2025-09-23); "
        "only a planned record may be dated in the future"
    ]
    # R5, planned for 2026-09-01, stays; R6 and its citation go.
    assert list(dataset.records["record_id"]) == ["R1", "R2", "R3", "R4", "R5"]
    assert "R6" not in set(dataset.citations["record_id"])


def test_today_defaults_to_the_fixed_clock(tiny_files, write_dataset, monkeypatch):
    root = write_dataset(tiny_files)
    monkeypatch.setenv("POSTURE_TODAY", "2025-09-23")
    assert [(p.location, p.field) for p in load_dataset(root).problems] == [("line 7", "date")]


NON_UTF8 = [
    ("posture", POSTURE, (POSTURE, "line 2", "", "not valid UTF-8")),
    ("citations", CITATIONS, (CITATIONS, "line 2", "", "not valid UTF-8")),
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


# Each variant must still load with no problem and all six records.
VALID = [
    ("quote with added tatweel", [(CITATIONS, "في العراق,", "في العـــراق,")]),
    ("document with tatweel", [("seeds/a.txt", "في العراق.", "في العـراق.")]),
    ("quote with doubled spaces and a tab", [(CITATIONS, "نحو 2500 جندي", "نحو  2500\tجندي")]),
    (
        "quote broken over lines",
        [(CITATIONS, "وبلغ عدد الجنود نحو 2500 جندي في العراق,", '"وبلغ عدد\nالجنود نحو 2500 جندي في العراق",')],
    ),
    ("document broken mid-quote", [("seeds/a.txt", "عدد الجنود", "عدد\n\n  الجنود")]),
    ("quote with a no-break space", [(CITATIONS, "نحو 2500", "نحو\u00a02500")]),
    ("quote with surrounding spaces", [(CITATIONS, ",وبلغ", ", وبلغ")]),
    ("point on the shared border", [(SITES, "[41.0, 33.0]", "[42.0, 33.0]")]),
    ("troops exact", [(POSTURE, ",2500,about,", ",2500,exact,")]),
    ("troops zero", [(POSTURE, ",2500,about,", ",0,exact,")]),
    ("troops at the maximum", [(POSTURE, ",2500,about,", f",{MAX_TROOPS},about,")]),
    ("troops on an announced record", [(POSTURE, "announced,B,,,base-a", "announced,B,300,about,base-a")]),
    ("byte order mark", [(POSTURE, "record_id,", "\ufeffrecord_id,")]),
    ("blank line at the end", [(POSTURE, "القاعدة ب.,,US,,\n", "القاعدة ب.,,US,,\n\n")]),
    (
        "forces of several nations, spaces forgiven",
        [(POSTURE, "Inferred year.,coalition,,", "Inferred year., IT ; DE ,,")],
    ),
    (
        "a record confirming a plan and disputing another record",
        [
            (
                POSTURE,
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,,",
                "A drone hit base B.,طائرة مسيّرة أصابت القاعدة ب.,,US,R5,R2",
            )
        ],
    ),
    (
        "grade A with one publisher and an official citation",
        [(CITATIONS, "R1,web-c,,\n", ""), (CITATIONS, "في العراق,\n", "في العراق,yes\n")],
    ),
    (
        "grade A citing a second publisher",
        [
            (POSTURE, "announced,B,,,base-a", "announced,A,,,base-a"),
            (CITATIONS, R6_CITATION, "R2,web-c,,\n" + R6_CITATION),
        ],
    ),
    (
        "grade C with a note",
        [
            (POSTURE, "reported,B,,,,A drone", "reported,C,,,,A drone"),
            (POSTURE, "طائرة مسيّرة أصابت القاعدة ب.,", "طائرة مسيّرة أصابت القاعدة ب.,Only one outlet."),
        ],
    ),
    (
        "non-planned record dated on its source's publication day",
        [(POSTURE, "2025-09-24,day,incident", "2025-09-25,day,incident")],
    ),
    ("planned record dated after every source and today", [(POSTURE, "2026-09-01,month", "2027-03-01,month")]),
    ("web source consulted the day it was published", [(SOURCES, ",en,2026-12-01", ",en,2025-09-25")]),
    ("http url", [(SOURCES, "https://example.org/c", "http://example.org/c?a=1&b=2#x")]),
    ("record dated on the first accepted day", [(POSTURE, "2024-01-01,year", f"{EARLIEST_DATE.isoformat()},year")]),
    ("ids with '-' and '_'", [(POSTURE, "R3,zone-c", "R_3-x,zone-c"), (CITATIONS, "R3,src-b", "R_3-x,src-b")]),
    # Pushed 0.00005° (about 5 m) past the provinces' east edge: under 1 km² outside, forgiven as rounding.
    (
        "zone a few metres past its country's border",
        [(SITES, "[43.0, 32.5], [43.0, 33.5]", "[44.00005, 32.5], [44.00005, 33.5]")],
    ),
]


@pytest.mark.parametrize("edits", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_forgiven_differences_load_cleanly(tiny_files, write_dataset, edits):
    dataset = load_dataset(write_dataset(edited(tiny_files, *edits)))
    assert dataset.problems == (), "\n".join(map(str, dataset.problems))
    assert len(dataset.records) == 6


def test_windows_line_endings_keep_line_numbers(tiny_files, write_dataset):
    for path in (POSTURE, CITATIONS):
        tiny_files[path] = tiny_files[path].replace("\n", "\r\n")
    tiny_files[POSTURE] = tiny_files[POSTURE].replace(",watch,", ",wach,")
    problems = load_dataset(write_dataset(tiny_files)).problems
    assert [(p.file, p.location, p.field) for p in problems] == [
        (POSTURE, "line 4", "status"),
        (CITATIONS, "line 5", "record_id"),
    ]


def test_line_numbers_count_physical_lines(tiny_files, write_dataset):
    # A summary spanning three lines pushes every later record down two lines.
    files = edited(
        tiny_files, (POSTURE, "US forces at base A.", '"US forces\nat\nbase A."'), (POSTURE, ",watch,", ",wach,")
    )
    dataset = load_dataset(write_dataset(files))
    assert [(p.file, p.location, p.field) for p in dataset.problems] == [
        (POSTURE, "line 6", "status"),
        (CITATIONS, "line 5", "record_id"),
    ]
    assert list(dataset.records["line"]) == [2, 5, 7, 8, 9]


def test_every_problem_in_every_file_is_reported_in_one_pass(tiny_files, write_dataset):
    files = edited(
        tiny_files,
        (SOURCES, "Estimate,ar", "Estimate,arabic"),
        (SITES, '"kind": "airport"', '"kind": "airfield"'),
        (POSTURE, ",watch,", ",wach,"),
        (POSTURE, "2025-09-01,month", "2025-09-02,month"),
        (POSTURE, "R5,", "R1,"),
        (CITATIONS, "R6,web-c,,", "R6,web-c,A drone hit base B,"),
    )
    dataset = load_dataset(write_dataset(files))
    found = {(p.file, p.location, p.field) for p in dataset.problems}
    assert {
        (SOURCES, "line 2", "language"),
        (SITES, "feature base-b", "properties.kind"),
        (POSTURE, "line 4", "status"),
        (POSTURE, "line 5", "date"),
        (POSTURE, "line 6", "record_id"),
        (CITATIONS, "line 8", "quote"),
    } <= found
    # Invalid rows are left out, valid ones kept: R2 and R6 are at the rejected base-b, R1 keeps only its
    # web citation (one publisher: not an A), R4 and R5 cite only the rejected src-a.
    assert list(dataset.records["record_id"]) == []
    assert list(dataset.sources["source_id"]) == ["src-b", "web-c"]
    assert sorted(dataset.sites["site_id"]) == ["base-a", "zone-c"]


def test_valid_rows_survive_next_to_invalid_ones(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(edited(tiny_files, (POSTURE, ",watch,", ",wach,"))))
    assert list(dataset.records["record_id"]) == ["R1", "R2", "R4", "R5", "R6"]
    assert list(dataset.citations["record_id"]) == ["R1", "R1", "R2", "R4", "R5", "R6"]
    expected = ", ".join(repr(s) for s in STATUSES[:-1]) + f" or {STATUSES[-1]!r}"
    assert [str(p) for p in dataset.problems] == [
        f"data/posture.csv line 4, field status: 'wach' is not allowed; expected {expected}",
        "data/citations.csv line 5, field record_id: record 'R3' has problems in data/posture.csv, "
        "so this row is left out too",
    ]


def test_a_record_whose_every_citation_is_refused_says_so(tiny_files, write_dataset):
    # R3's one citation misquotes its seed: the record is left out, and is not told to add a citation it has.
    dataset = load_dataset(write_dataset(edited(tiny_files, (CITATIONS, "وتبقى منطقة الحدود", "وتبقى منطقة الجبال"))))
    assert [(p.file, p.location, p.field) for p in dataset.problems] == [
        (POSTURE, "line 4", "record_id"),
        (CITATIONS, "line 5", "quote"),
    ]
    assert dataset.problems[0].reason == (
        "every citation of record 'R3' has problems in data/citations.csv, so it is left out too"
    )
    assert "R3" not in set(dataset.records["record_id"])


def test_missing_files_are_reported_without_crashing(tiny_files, write_dataset):
    del tiny_files[SITES], tiny_files[SOURCES]
    dataset = load_dataset(write_dataset(tiny_files))
    assert {str(p) for p in dataset.problems} == {
        "data/sources.csv: file not found",
        "geo/sites.geojson: file not found",
    }
    assert len(dataset.records) == 6  # references into an unreadable file cannot be judged


def test_a_missing_citations_file_is_one_problem(tiny_files, write_dataset):
    del tiny_files[CITATIONS]
    dataset = load_dataset(write_dataset(tiny_files))
    assert [str(p) for p in dataset.problems] == ["data/citations.csv: file not found"]
    assert len(dataset.records) == 6 and dataset.citations.empty


def test_problem_reads_as_file_location_field_reason():
    problem = Problem("data/posture.csv", "line 7", "site_id", "unknown site 'ain-al-assad'")
    assert str(problem) == "data/posture.csv line 7, field site_id: unknown site 'ain-al-assad'"
    assert str(Problem("geo/sites.geojson", "", "", "file not found")) == "geo/sites.geojson: file not found"


def test_loaded_tables_have_the_documented_types(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    records = dataset.records
    assert list(records.columns) == [*POSTURE_COLUMNS, "line"]
    assert list(records["line"]) == [2, 3, 4, 5, 6, 7]
    assert records.loc[0, "date"] == dt.date(2024, 1, 15)
    assert str(records["troops"].dtype) == "Int64"
    assert records["troops"].tolist() == [2500, pd.NA, pd.NA, 2000, pd.NA, pd.NA]
    assert list(records["grade"]) == ["A", "B", "B", "B", "C", "B"]
    assert dataset.sources.loc[0, "published"] == dt.date(2025, 9, 20)
    assert list(dataset.sources["consulted"]) == [None, None, dt.date(2026, 12, 1)]
    assert list(dataset.citations.columns) == [*CITATION_COLUMNS, "line"]
    assert list(dataset.citations["line"]) == [2, 3, 4, 5, 6, 7, 8]
    assert list(dataset.citations["official"]) == ["", "", "", "", "yes", "", ""]
    assert dataset.sites.crs.to_epsg() == 4326 and dataset.provinces.crs.to_epsg() == 4326
    assert list(dataset.sites.columns) == [
        "site_id",
        "name_en",
        "name_ar",
        "kind",
        "country",
        "province",
        "location_note",
        "geometry",
    ]


def test_site_provinces_ignore_slivers(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.site_provinces == {"base-a": ("IQ-AN",), "base-b": ("IQ-BG",), "zone-c": ("IQ-AN", "IQ-BG")}
    # Moving the zone's west edge to 41.995 leaves under 1% of it in IQ-AN.
    sliver = edited(
        tiny_files,
        (SITES, "[[[41.8, 32.5]", "[[[41.995, 32.5]"),
        (SITES, "[41.8, 33.5], [41.8, 32.5]", "[41.995, 33.5], [41.995, 32.5]"),
    )
    dataset = load_dataset(write_dataset(sliver))
    assert dataset.problems == ()
    assert site_provinces(dataset.sites, dataset.provinces)["zone-c"] == ("IQ-BG",)


def test_fingerprint_changes_with_any_file_read(tiny_files, write_dataset):
    root = write_dataset(tiny_files)
    before = dataset_fingerprint(root)
    assert {entry[0] for entry in before} == set(tiny_files)
    (root / "seeds" / "b.txt").write_text("changed, and longer than it was before, by far", encoding="utf-8")
    assert dataset_fingerprint(root) != before
    (root / CITATIONS).write_text("record_id,source_id,quote,official\n", encoding="utf-8")
    assert dataset_fingerprint(root) != dataset_fingerprint(write_dataset(tiny_files))
    (root / POSTURE).unlink()
    assert (POSTURE, None, None) in dataset_fingerprint(root)


# The pieces uploads are checked with, on their own: records against ids known elsewhere, and citations
# against documents only when they are given.
UPLOAD = (
    POSTURE_HEADER
    + "U1,base-a,2025-01-01,day,active,reported,B,,,,S.,ملخص.,,US,,\n"
    + "U2,base-q,2025-01-01,day,active,reported,B,,,,S.,ملخص.,,US,,\n"
    + "U3,base-a,2025-02-01,day,event,reported,B,,,,S.,ملخص.,,US,,R5\n"
)
UPLOAD_CITATIONS = "record_id,source_id,quote,official\nU1,src-a,نص غير موجود في أي وثيقة,\nU2,src-a,نص,\n"
SOURCE_TABLE = pd.DataFrame({"source_id": ["src-a"], "kind": ["seed"]})


def test_uploaded_records_are_checked_against_known_ids():
    table, _ = parse_csv(UPLOAD, "upload.csv", POSTURE_COLUMNS)
    sites = KnownIds.of("geo/sites.geojson", ["base-a"])
    frame, ids, problems = check_records(table, "upload.csv", sites=sites)
    assert list(frame["record_id"]) == ["U1"] and ids.valid == {"U1"} and ids.invalid == {"U2", "U3"}
    assert [str(p) for p in problems] == [
        "upload.csv line 3, field site_id: unknown site 'base-q': not in geo/sites.geojson",
        "upload.csv line 4, field disputes: unknown record 'R5': not in upload.csv",
    ]
    # An upload may dispute or confirm the shipped records it is checked against.
    frame, ids, problems = check_records(table, "upload.csv", sites=sites, others={"R5": "planned"})
    assert list(frame["record_id"]) == ["U1", "U3"] and len(problems) == 1


def test_uploaded_quotes_are_checked_when_asked():
    table, _ = parse_csv(UPLOAD_CITATIONS, "citations.csv", CITATION_COLUMNS)
    check = dict(
        records=KnownIds.of("upload.csv", ["U1", "U2"]),
        sources=SOURCE_TABLE,
        source_ids=KnownIds.of(SOURCES, ["src-a"]),
    )
    frame, problems = check_citations(
        table, "citations.csv", **check, documents={"src-a": Document.from_text("seeds/a.txt", "نص آخر")}
    )
    assert list(frame["record_id"]) == ["U2"]
    assert [(p.location, p.field) for p in problems] == [("line 2", "quote")]
    frame, problems = check_citations(table, "citations.csv", **check, documents=None)
    assert list(frame["record_id"]) == ["U1", "U2"] and problems == []


def test_uploaded_sites_are_checked_against_provinces(tiny_files, write_dataset):
    provinces = load_dataset(write_dataset(tiny_files)).provinces
    text = edited(tiny_files, (SITES, "[43.0, 33.0]", "[33.0, 43.0]"))[SITES]
    sites, problems = validate_sites_text(text, "upload.geojson", provinces)
    assert sorted(sites["site_id"]) == ["base-a", "zone-c"]
    assert [(p.file, p.location, p.field) for p in problems] == [("upload.geojson", "feature base-b", "geometry")]


# ---- hostile and clumsy files (issue #13) ---------------------------------------------------------
# Each goes through the loader, the command line and an upload, and must come back as a problem naming
# file, location, field and reason: never an exception, never a value echoed whole, never a flood.

KIND_FILES = {"records": POSTURE, "citations": CITATIONS, "sites": SITES, "sources": SOURCES}
UPLOAD_NAMES = {
    "records": "my-records.csv",
    "citations": "my-citations.csv",
    "sites": "my-sites.geojson",
    "sources": "my-sources.csv",
}
LONGEST_PROBLEM = 400  # characters; the longest honest reason (a header's expected columns) is about 200
MOST_PROBLEMS = 10
HUGE = 20_000


def widened(text: str, extra: int, name=lambda i: f"c{i}") -> str:
    """A CSV with `extra` more columns: named ones in the header, empty values in every row."""
    header, *rows = text.split("\n")
    header += "".join("," + name(i) for i in range(extra))
    return "\n".join([header, *(row + "," * extra if row else row for row in rows)])


def replaced(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, f"test bug: {old!r} not in the file"
        return text.replace(old, new, 1)

    return edit


# (id, which file, edit of its text, expected location, field, substring of the reason)
HOSTILE = [
    ("troops 2^63", "records", replaced(",2500,about,", f",{2**63},about,"), "line 2", "troops", TOO_MANY_TROOPS),
    (
        "troops 2^63 - 1",
        "records",
        replaced(",2500,about,", f",{2**63 - 1},about,"),
        "line 2",
        "troops",
        TOO_MANY_TROOPS,
    ),
    (
        "troops of 5,001 digits",
        "records",
        replaced(",2500,about,", f",{'9' * 5001},about,"),
        "line 2",
        "troops",
        f"(5,001 characters) {TOO_MANY_TROOPS}",
    ),
    ("deeply nested sites", "sites", lambda text: "[" * 100_000, "", "", "nested too deeply to be GeoJSON"),
    ("deeply nested objects", "sites", lambda text: '{"a": ' * 100_000, "", "", "nested too deeply to be GeoJSON"),
    (
        "5,001-digit number in sites",
        "sites",
        replaced("[41.0, 33.0]", f"[41.0, 3{'3' * 5000}]"),
        "",
        "",
        "a number of more than 4,300 digits",
    ),
    ("record dated 0001-01-01", "records", replaced("2024-01-15", "0001-01-01"), "line 2", "date", DATE_RANGE),
    ("record dated 9999-12-31", "records", replaced("2024-01-15", "9999-12-31"), "line 2", "date", DATE_RANGE),
    ("source published 0001-01-02", "sources", replaced("2025-09-20", "0001-01-02"), "line 2", "published", DATE_RANGE),
    ("source published 9999-12-31", "sources", replaced("2025-09-20", "9999-12-31"), "line 2", "published", DATE_RANGE),
    (
        "20,000 unknown columns",
        "records",
        lambda text: widened(text, HUGE),
        "line 1",
        "",
        "20,000 unknown columns: 'c0', 'c1', 'c2', ...; expected record_id, site_id,",
    ),
    (
        "20,000 unknown citation columns",
        "citations",
        lambda text: widened(text, HUGE),
        "line 1",
        "",
        "20,000 unknown columns: 'c0', 'c1', 'c2', ...; expected record_id, source_id, quote, official",
    ),
    (
        "one column 20,000 times",
        "records",
        lambda text: widened(text, HUGE, lambda i: "x"),
        "line 1",
        "x",
        "column appears more than once",
    ),
    (
        "20,000 repeated columns",
        "records",
        lambda text: widened(widened(text, HUGE), HUGE),
        "line 1",
        "",
        "20,000 repeated columns: 'c0', 'c1', 'c2', ...; each must appear once",
    ),
    (
        "a 20,000-character column name",
        "sources",
        lambda text: widened(text, 1, lambda i: "n" * HUGE),
        "line 1",
        "",
        "1 unknown column: 'nnnnnnn",
    ),
    (
        "a 20,000-character id",
        "records",
        replaced("R1,base-a", "R." + "x" * HUGE + ",base-a"),
        "line 2",
        "record_id",
        "… (20,002 characters) is not an id",
    ),
    (
        "a 20,000-character date",
        "records",
        replaced("2024-01-15", "2" * HUGE),
        "line 2",
        "date",
        "… (20,000 characters) is not a date written YYYY-MM-DD",
    ),
    (
        "a 20,000-character status",
        "records",
        replaced(",watch,", f",{'w' * HUGE},"),
        "line 4",
        "status",
        "… (20,000 characters) is not allowed; expected 'active'",
    ),
    (
        "a 20,000-character unknown site",
        "records",
        replaced("R3,zone-c", "R3," + "z" * HUGE),
        "line 4",
        "site_id",
        "is not an id (up to 64",
    ),
    (
        "a 20,000-character language",
        "sources",
        replaced("Estimate,ar", "Estimate," + "a" * HUGE),
        "line 2",
        "language",
        "… (20,000 characters) is not a 2-letter ISO 639-1 code",
    ),
    (
        "a 20,000-character url",
        "sources",
        replaced("https://example.org/c", "ftp://" + "x" * HUGE),
        "line 4",
        "url",
        "… (20,006 characters) is not a web address",
    ),
    (
        "a 20,000-character unknown source",
        "citations",
        replaced("R6,web-c", "R6," + "w" * HUGE),
        "line 8",
        "source_id",
        "is not an id (up to 64",
    ),
    (
        "a 20,000-character official",
        "citations",
        replaced(",yes\n", f",{'y' * HUGE}\n"),
        "line 6",
        "official",
        "… (20,000 characters) is not allowed",
    ),
    (
        "a 20,000-character site id",
        "sites",
        replaced('"id": "base-b', '"id": "' + "b." * (HUGE // 2) + "base-b"),
        "feature #2",
        "id",
        "… (20,006 characters) is not an id",
    ),
    (
        "a 20,000-number position",
        "sites",
        replaced("[41.0, 33.0]", "[" + ", ".join(["41.0"] * HUGE) + "]"),
        "feature base-a",
        "geometry.coordinates",
        "is not a position [longitude, latitude]",
    ),
]


def hostile_files(tiny_files: dict, kind: str, edit) -> dict:
    return {**tiny_files, KIND_FILES[kind]: edit(tiny_files[KIND_FILES[kind]])}


def shipped_under_other_ids(tiny_files: dict, kind: str) -> dict:
    """The tiny dataset with the ids of `kind` renamed, so that its own files of that kind can be uploaded on
    top of it: the same edit then gives the same problem at the same place in both."""
    renamed, paths = {
        "records": (("\nR",), (POSTURE, CITATIONS)),
        "citations": (("\nR",), (POSTURE, CITATIONS)),
        "sources": (("src-a", "src-b", "web-c"), (SOURCES, CITATIONS)),
        "sites": (("base-a", "base-b", "zone-c"), (SITES, POSTURE)),
    }[kind]
    files = dict(tiny_files)
    for path in paths:
        for old in renamed:
            files[path] = files[path].replace(old, old.replace("R", "S") if old == "\nR" else "shipped-" + old)
    return files


def upload_problems(tiny_files, write_dataset, kind: str, edit) -> list[Problem]:
    dataset = load_dataset(write_dataset(shipped_under_other_ids(tiny_files, kind)))
    assert dataset.problems == ()
    wanted = {"records": ("records", "citations"), "citations": ("records", "citations")}.get(kind, (kind,))
    files = {k: (UPLOAD_NAMES[k], tiny_files[KIND_FILES[k]].encode("utf-8")) for k in wanted}
    files[kind] = (UPLOAD_NAMES[kind], edit(tiny_files[KIND_FILES[kind]]).encode("utf-8"))
    return list(read_upload(dataset, **files).problems)


def test_the_unedited_files_upload_cleanly(tiny_files, write_dataset):
    # So that each hostile case below is refused for what it changed, not for what the upload is.
    for kind in KIND_FILES:
        assert upload_problems(tiny_files, write_dataset, kind, lambda text: text) == [], kind


ROUTES = ["load", "validate", "upload"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind, edit, location, field, reason", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_a_hostile_file_gives_a_problem_never_a_crash(
    tiny_files, write_dataset, capsys, route, kind, edit, location, field, reason
):
    if route == "upload":
        file = UPLOAD_NAMES[kind]
        lines = [str(p) for p in upload_problems(tiny_files, write_dataset, kind, edit)]
    else:
        file, root = KIND_FILES[kind], write_dataset(hostile_files(tiny_files, kind, edit))
        if route == "load":
            lines = [str(p) for p in load_dataset(root).problems]
        else:
            assert validate.main([str(root)]) == 1
            *lines, summary = capsys.readouterr().out.splitlines()
            assert summary.startswith(f"{len(lines)} problem")
    where = " ".join(filter(None, [file, location])) + (f", field {field}" if field else "")
    report = "\n".join(line[:300] for line in lines)
    assert any(line.startswith(where + ": ") and reason in line for line in lines), report
    assert len(lines) <= MOST_PROBLEMS, report
    assert max(map(len, lines)) <= LONGEST_PROBLEM, report


def test_one_unknown_column_is_still_named_as_the_field(tiny_files, write_dataset):
    dataset = load_dataset(
        write_dataset(hostile_files(tiny_files, "records", lambda text: widened(text, 1, lambda i: "notes")))
    )
    assert [str(p) for p in dataset.problems] == [
        "data/posture.csv line 1, field notes: unknown column; expected " + ", ".join(POSTURE_COLUMNS)
    ]
    assert len(dataset.records) == 6  # an unknown column is left out, the rows are kept


def test_a_few_unknown_columns_are_one_problem_naming_each(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(hostile_files(tiny_files, "citations", lambda text: widened(text, 2))))
    assert [str(p) for p in dataset.problems] == [
        "data/citations.csv line 1: 2 unknown columns: 'c0', 'c1'; expected record_id, source_id, quote, official"
    ]
    assert len(dataset.citations) == 7


LONG_VALUES = [  # shipped-data checks that an upload does not make (its seeds are not here)
    (
        "seed file path",
        [(SOURCES, "seeds/b.txt", "seeds/" + "b" * HUGE)],
        (SOURCES, "line 3", "file", "File name too long"),
    ),
    (
        "seed file path of a missing file",
        [(SOURCES, "seeds/b.txt", "seeds/" + "b" * 200)],
        (SOURCES, "line 3", "file", "does not exist"),
    ),
    (
        "seed file path with '..'",
        [(SOURCES, "seeds/b.txt", "seeds/../" + "b" * HUGE)],
        (SOURCES, "line 3", "file", "'..'"),
    ),
    ("seed quote", [(CITATIONS, "وتبقى منطقة الحدود", "x" * HUGE)], (CITATIONS, "line 5", "quote", "not found")),
    (
        "duplicate record id",
        # 60 characters: an id still (64 at most), longer than a problem shows of a value (40).
        [(POSTURE, "R2,base-b", "r" * 60 + ",base-b"), (POSTURE, "R3,zone-c", "r" * 60 + ",zone-c")],
        (POSTURE, "line 4", "record_id", "duplicate record_id 'rrrr"),
    ),
    (
        "duplicate site id",
        [(SITES, '"id": "base-b"', f'"id": "{"s" * 60}"'), (SITES, '"id": "zone-c"', f'"id": "{"s" * 60}"')],
        (SITES, "feature #3", "id", "duplicate id 'ssss"),
    ),
    (
        "duplicate source id",
        [(SOURCES, "src-b,seed", "w" * 60 + ",seed"), (SOURCES, "web-c,web", "w" * 60 + ",web")],
        (SOURCES, "line 4", "source_id", "duplicate source_id 'wwww"),
    ),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in LONG_VALUES], ids=[c[0] for c in LONG_VALUES])
def test_a_long_value_is_cut_in_its_problem(tiny_files, write_dataset, edits, expected):
    problems = load_dataset(write_dataset(edited(tiny_files, *edits))).problems
    assert matching(problems, *expected), "\n".join(str(p)[:300] for p in problems)
    assert max(len(str(p)) for p in problems) <= LONGEST_PROBLEM, "\n".join(str(p)[:300] for p in problems)


def run_cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "POSTURE_ROOT": str(root)} if root else dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "dashboard.validate", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_cli_passes_a_valid_root_from_the_environment(tiny_files, write_dataset):
    result = run_cli(root=write_dataset(tiny_files))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "OK: 3 sources, 3 sites, 6 records, 0 problems\n"


def test_cli_lists_every_problem_of_a_root_argument(tiny_files, write_dataset):
    files = edited(tiny_files, (POSTURE, "R3,zone-c", "R3,zone-x"), (SOURCES, "Estimate,ar", "Estimate,arabic"))
    result = run_cli(str(write_dataset(files)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/sources.csv line 2, field language: 'arabic' is not a 2-letter ISO 639-1 code such as ar",
        "geo/sites.geojson feature zone-c, field id: no record in data/posture.csv has site_id 'zone-c'",
        "data/posture.csv line 2, field grade: grade A needs 2 independent origins (sources.csv `origin`) or an "
        "official statement; its sources all go back to Outlet C",
        "data/posture.csv line 4, field site_id: unknown site 'zone-x': not in geo/sites.geojson",
        "data/posture.csv line 5, field record_id: every citation of record 'R4' has problems in data/citations.csv, "
        "so it is left out too",
        "data/posture.csv line 6, field record_id: every citation of record 'R5' has problems in data/citations.csv, "
        "so it is left out too",
        "data/citations.csv line 2, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "data/citations.csv line 5, field record_id: record 'R3' has problems in data/posture.csv, so this row is left out too",
        "data/citations.csv line 6, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "data/citations.csv line 7, field source_id: source 'src-a' has problems in data/sources.csv, so this row is left out too",
        "10 problems in 4 files (valid: 2 sources, 3 sites, 2 records)",
    ]


def test_cli_survives_a_hostile_file_in_a_subprocess(tiny_files, write_dataset):
    # The command as a user runs it: a message and exit 1, no traceback.
    root = write_dataset(hostile_files(tiny_files, "sites", lambda text: "[" * 100_000))
    result = run_cli(str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "geo/sites.geojson: nested too deeply to be GeoJSON" in result.stdout.splitlines()


def test_cli_refuses_a_root_that_is_not_a_directory(tmp_path):
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "not a directory" in result.stderr
