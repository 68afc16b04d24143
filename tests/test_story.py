"""The guided story (data/story.csv): its loader and validator on the tiny dataset, and the shipped story.

The validator checks what it can (numbering, dates on the time axis, known governorates, texts present,
cited records valid and on the chapter's map); that every sentence rests on the records it cites is the
editor's job, helped here by checks on the shipped story's dates, areas and length.
"""

from __future__ import annotations

import csv
import datetime as dt
import pickle
import re

import pytest
from factories import edited

from dashboard import validate
from dashboard.io import Chapter, chapter, dataset_fingerprint, load_dataset
from dashboard.io.story import axis_span
from dashboard.paths import POSTURE, STORY, repository_root
from dashboard.prepared import prepare
from dashboard.vocabulary import EARLIEST_DATE, LATEST_DATE, PLANNED

D = dt.date
CITATIONS = "data/citations.csv"
# The tiny story: line 2 is chapter 1 (2024-02-01, IQ-AN, R1;R2), line 3 chapter 2 (2025-09-30, all, R4;R5).
CHAPTER_1 = "1,2024-02-01,IQ-AN,Base A,القاعدة أ,US forces at base A; equipment moves there.,قوات في القاعدة أ.,R1;R2\n"
CHAPTER_2 = "2,2025-09-30,,The plan,الخطة,Under 2000 troops; base A to be handed over.,أقل من 2000 جندي.,R4;R5\n"
HEADER = "chapter,date,provinces,title_en,title_ar,text_en,text_ar,records\n"
TINY_STORY = HEADER + CHAPTER_1 + CHAPTER_2  # as tests/conftest.py writes it (checked below)
# The tiny dataset's time axis: its earliest record (R3, 2024) to today (fixed by conftest), later than R5's due date.
AXIS = "the dashboard's time axis, 2024-01-01 to 2026-12-01"


def story_problems(dataset) -> list[str]:
    return [str(p) for p in dataset.problems if p.file == STORY]


def test_the_tiny_story_loads_in_chapter_order(tiny_story_files, write_dataset):
    assert tiny_story_files[STORY] == TINY_STORY
    dataset = load_dataset(write_dataset(tiny_story_files))
    assert dataset.problems == ()
    assert dataset.story == (
        Chapter(
            number=1,
            date=D(2024, 2, 1),
            provinces=("IQ-AN",),
            title_en="Base A",
            title_ar="القاعدة أ",
            text_en="US forces at base A; equipment moves there.",
            text_ar="قوات في القاعدة أ.",
            records=("R1", "R2"),
            line=2,
        ),
        Chapter(
            number=2,
            date=D(2025, 9, 30),
            provinces=(),  # the whole map
            title_en="The plan",
            title_ar="الخطة",
            text_en="Under 2000 troops; base A to be handed over.",
            text_ar="أقل من 2000 جندي.",
            records=("R4", "R5"),  # R5 is planned for 2026-09: a plan is on the map ahead of its date
            line=3,
        ),
    )
    second = chapter(dataset.story, 2)
    assert second.title("ar") == "الخطة" and second.text("en").startswith("Under 2000")
    assert chapter(dataset.story, 3) is None and chapter(dataset.story, 0) is None


def test_chapters_come_in_chapter_order_whatever_the_file_order(tiny_story_files, write_dataset):
    files = {**tiny_story_files, STORY: HEADER + CHAPTER_2 + CHAPTER_1}
    dataset = load_dataset(write_dataset(files))
    assert dataset.problems == ()
    assert [(c.number, c.line) for c in dataset.story] == [(1, 3), (2, 2)]


def test_the_story_survives_pickling(tiny_story_files, write_dataset):
    # The page caches the Dataset with st.cache_data, which pickles it.
    dataset = load_dataset(write_dataset(tiny_story_files))
    assert pickle.loads(pickle.dumps(dataset)).story == dataset.story


def test_without_the_file_there_is_no_story_and_no_problem(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset(tiny_files))
    assert dataset.problems == () and dataset.story == ()


def test_a_story_with_only_its_header_is_empty_and_valid(tiny_files, write_dataset):
    dataset = load_dataset(write_dataset({**tiny_files, STORY: HEADER}))
    assert dataset.problems == () and dataset.story == ()


def test_the_fingerprint_sees_the_story_created_edited_and_removed(tiny_files, write_dataset):
    root = write_dataset(tiny_files)
    without = dataset_fingerprint(root)
    assert STORY not in {entry[0] for entry in without}
    (root / STORY).write_text(TINY_STORY, encoding="utf-8")
    created = dataset_fingerprint(root)
    assert created != without and STORY in {entry[0] for entry in created}
    (root / STORY).write_text(TINY_STORY + CHAPTER_2.replace("2,", "3,", 1), encoding="utf-8")
    assert dataset_fingerprint(root) != created
    (root / STORY).unlink()
    assert dataset_fingerprint(root) == without


# (id, edits, expected problem: file, location, field, substring of the reason). Edits to other files show the
# cross-file rules: a cited record the validator refused is said to have problems, not to be unknown.
BAD = [
    # -- chapter: numbered 1, 2, 3, ... with none repeated or missing
    (
        "duplicate chapter",
        [(STORY, "\n2,2025", "\n1,2025")],
        ("line 3", "chapter", "duplicate chapter 1 (first on line 2)"),
    ),
    ("a gap", [(STORY, "\n2,2025", "\n3,2025")], ("line 3", "chapter", "chapter 2 is missing")),
    ("a wider gap", [(STORY, "\n2,2025", "\n5,2025")], ("line 3", "chapter", "chapters 2 to 4 are missing")),
    (
        "not starting at 1",
        [(STORY, "\n2,2025", "\n3,2025"), (STORY, "\n1,2024", "\n2,2024")],
        ("line 2", "chapter", "chapter 1 is missing: chapters are numbered 1, 2, 3, … with none left out"),
    ),
    ("chapter 0", [(STORY, "\n1,2024", "\n0,2024")], ("line 2", "chapter", "chapters are numbered from 1")),
    ("negative chapter", [(STORY, "\n1,2024", "\n-1,2024")], ("line 2", "chapter", "'-1' is not a chapter number")),
    ("chapter in words", [(STORY, "\n1,2024", "\none,2024")], ("line 2", "chapter", "'one' is not a chapter number")),
    ("empty chapter", [(STORY, "\n1,2024", "\n,2024")], ("line 2", "chapter", "'' is not a chapter number")),
    ("huge chapter", [(STORY, "\n2,2025", "\n1000,2025")], ("line 3", "chapter", "more than 999")),
    # -- date: an ISO date on the dashboard's time axis
    ("not ISO", [(STORY, "2024-02-01", "1 Feb 2024")], ("line 2", "date", "is not a date written YYYY-MM-DD")),
    ("no such day", [(STORY, "2024-02-01", "2024-02-30")], ("line 2", "date", "'2024-02-30' is not a valid date")),
    (
        "outside the accepted dates",
        [(STORY, "2025-09-30", "2101-01-01")],
        ("line 3", "date", f"outside {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"),
    ),
    (
        "before the first record",
        [(STORY, "2024-02-01", "2023-12-31")],
        ("line 2", "date", f"2023-12-31 is not on {AXIS}"),
    ),
    ("after today", [(STORY, "2025-09-30", "2026-12-02")], ("line 3", "date", f"2026-12-02 is not on {AXIS}")),
    # -- provinces: known governorates, written once each
    (
        "unknown province",
        [(STORY, ",IQ-AN,", ",IQ-XX,")],
        ("line 2", "provinces", "unknown province 'IQ-XX': not in geo/admin1.geojson"),
    ),
    (
        "province not a code",
        [(STORY, ",IQ-AN,", ",Anbar,")],
        ("line 2", "provinces", "'Anbar' is not an ISO 3166-2 code such as IQ-KI"),
    ),
    (
        "province listed twice",
        [(STORY, ",IQ-AN,", ",IQ-AN;IQ-AN,")],
        ("line 2", "provinces", "'IQ-AN' is listed twice"),
    ),
    ("trailing separator", [(STORY, ",IQ-AN,", ",IQ-AN;,")], ("line 2", "provinces", "has an empty entry")),
    # -- texts: none empty
    ("empty title_en", [(STORY, ",Base A,", ",,")], ("line 2", "title_en", "must not be empty")),
    ("blank title_ar", [(STORY, ",الخطة,", ",  ,")], ("line 3", "title_ar", "must not be empty")),
    (
        "empty text_en",
        [(STORY, ",US forces at base A; equipment moves there.,", ",,")],
        ("line 2", "text_en", "must not be empty"),
    ),
    ("empty text_ar", [(STORY, ",أقل من 2000 جندي.,", ",,")], ("line 3", "text_ar", "must not be empty")),
    # -- records: at least one, each a valid record on the chapter's map
    (
        "no record",
        [(STORY, ",R1;R2\n", ",\n")],
        ("line 2", "records", "a chapter rests on at least one record"),
    ),
    (
        "unknown record",
        [(STORY, "R4;R5", "R4;R9")],
        ("line 3", "records", "unknown record 'R9': not in data/posture.csv"),
    ),
    ("record not an id", [(STORY, "R1;R2", "R1;R.2")], ("line 2", "records", "'R.2' is not an id")),
    ("record listed twice", [(STORY, "R1;R2", "R1;R1")], ("line 2", "records", "'R1' is listed twice")),
    (
        "record refused on its own",
        [(POSTURE, ",drawdown,", ",drawdwn,")],
        ("line 2", "records", "record 'R2' has problems in data/posture.csv"),
    ),
    (
        "record refused for its citations",
        [(CITATIONS, "R4,src-a,قالت الوزارة", "R4,src-a,قال الوزير")],
        ("line 3", "records", "record 'R4' has problems in data/posture.csv"),
    ),
    (
        "record after the chapter's date",
        [(STORY, "2024-02-01", "2024-01-20")],
        (
            "line 2",
            "records",
            "record 'R2' is dated 2024-02-01, after the chapter's date 2024-01-20, so the chapter's map does not show it yet",
        ),
    ),
    # -- the file
    ("missing column", [(STORY, ",text_ar,records\n", ",text_ar\n")], ("line 1", "records", "missing column")),
    ("unknown column", [(STORY, ",records\n", ",records,notes\n")], ("line 1", "notes", "unknown column")),
    ("a field short", [(STORY, ",R4;R5\n", "\n")], ("line 3", "", "7 fields, but the header has 8")),
    ("empty file", [(STORY, TINY_STORY, "")], ("", "", "file is empty")),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_each_bad_story_input_is_reported_where_it_is(tiny_story_files, write_dataset, edits, expected):
    dataset = load_dataset(write_dataset(edited(tiny_story_files, *edits)))
    location, field, reason = expected
    found = [p for p in dataset.problems if (p.file, p.location, p.field) == (STORY, location, field)]
    assert any(reason in p.reason for p in found), "\n".join(map(str, dataset.problems))


def test_a_planned_record_may_lie_ahead_of_the_chapter(tiny_story_files, write_dataset):
    # R5 is planned for September 2026; chapter 1, in 2024, may cite it: the map shows the plan as pending.
    dataset = load_dataset(write_dataset(edited(tiny_story_files, (STORY, "R1;R2", "R1;R2;R5"))))
    assert dataset.problems == ()


def test_a_story_file_that_cannot_be_read_is_reported(tiny_story_files, write_dataset):
    files = {**tiny_story_files, STORY: TINY_STORY.encode("cp1256")}
    dataset = load_dataset(write_dataset(files))
    assert [(p.location, p.field) for p in dataset.problems if p.file == STORY] == [("line 2", "")]
    assert "not valid UTF-8" in dataset.problems[-1].reason and dataset.story == ()


def test_every_story_problem_at_once_and_the_valid_chapter_kept(tiny_story_files, write_dataset):
    files = edited(
        tiny_story_files,
        (STORY, ",IQ-AN,", ",IQ-XX;IQ-YY,"),
        (STORY, "R1;R2", "R8;R2;R9"),
        (STORY, ",Base A,", ",,"),
        (POSTURE, ",drawdown,", ",drawdwn,"),
    )
    dataset = load_dataset(write_dataset(files))
    assert story_problems(dataset) == [
        "data/story.csv line 2, field title_en: must not be empty",
    ]
    # The row model refused the row, so its ids were not looked up; with the title back, every one is.
    files[STORY] = files[STORY].replace(",,القاعدة", ",Base A,القاعدة")
    dataset = load_dataset(write_dataset(files))
    assert story_problems(dataset) == [
        "data/story.csv line 2, field provinces: unknown province 'IQ-XX': not in geo/admin1.geojson",
        "data/story.csv line 2, field provinces: unknown province 'IQ-YY': not in geo/admin1.geojson",
        "data/story.csv line 2, field records: unknown record 'R8': not in data/posture.csv",
        "data/story.csv line 2, field records: record 'R2' has problems in data/posture.csv, so this row is left out too",
        "data/story.csv line 2, field records: unknown record 'R9': not in data/posture.csv",
    ]
    # Story problems come after those of the other files, and the valid chapter stays.
    assert dataset.problems[-len(story_problems(dataset)) :][0].file == STORY
    assert [p.file for p in dataset.problems][0] == POSTURE
    assert [c.number for c in dataset.story] == [2]


def test_a_chapter_after_a_refused_one_is_no_gap(tiny_story_files, write_dataset):
    # Chapter 1 is refused for its title; chapter 2 is not also told that chapter 1 is missing.
    dataset = load_dataset(write_dataset(edited(tiny_story_files, (STORY, ",Base A,", ",,"))))
    assert [(p.location, p.field) for p in dataset.problems] == [("line 2", "title_en")]
    # Nor when chapter 1 was left out for its number of fields.
    dataset = load_dataset(write_dataset(edited(tiny_story_files, (STORY, ",R1;R2\n", "\n"))))
    assert [(p.location, p.field) for p in dataset.problems] == [("line 2", "")]


def test_without_readable_records_or_provinces_the_references_are_not_judged(tiny_story_files, write_dataset):
    # An unreadable posture file or admin1 is its own problem; the story is not buried under consequences.
    for missing in (POSTURE, "geo/admin1.geojson"):
        files = dict(tiny_story_files)
        del files[missing]
        dataset = load_dataset(write_dataset(files))
        assert story_problems(dataset) == [], missing


def test_the_validate_command_lists_story_problems(tiny_story_files, write_dataset, capsys):
    root = write_dataset(edited(tiny_story_files, (STORY, "R4;R5", "R4;R9")))
    assert validate.main([str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "data/story.csv line 3, field records: unknown record 'R9': not in data/posture.csv",
        "1 problem in 1 file (valid: 3 sources, 3 sites, 6 records)",
    ]
    assert validate.main([str(write_dataset(tiny_story_files))]) == 0


def test_the_time_axis_is_the_dashboards(tiny_files, write_dataset):
    # axis_span must agree with the span the page's slider uses, whether today or a plan ends it.
    root = write_dataset(tiny_files)
    for today in (D(2026, 12, 1), D(2026, 6, 1)):
        dataset = load_dataset(root, today=today)
        assert axis_span(dataset.records, today) == prepare(dataset, today).span
    assert axis_span(dataset.records, D(2026, 6, 1)) == (D(2024, 1, 1), D(2026, 9, 30))


# ---- the shipped story -----------------------------------------------------------------------------

ROOT = repository_root()


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(ROOT)


def test_the_shipped_story_validates(shipped):
    assert not shipped.problems, "\n".join(map(str, shipped.problems))
    with open(ROOT / STORY, encoding="utf-8", newline="") as handle:
        rows = len(list(csv.DictReader(handle)))
    assert [c.number for c in shipped.story] == list(range(1, rows + 1))  # no row left out
    # Issue 21: the story begins with the return of 2014, not in 2024.
    assert shipped.story[0].date.year == 2014 and any(c.date.year == 2020 or c.date.year == 2021 for c in shipped.story)


def test_every_record_the_shipped_story_cites_exists(shipped):
    # Read from the raw file too: a rule dropped from the validator by mistake must not let the story slip.
    with open(ROOT / POSTURE, encoding="utf-8", newline="") as handle:
        in_file = {row["record_id"] for row in csv.DictReader(handle)}
    loaded = set(shipped.records["record_id"])
    for chapter_ in shipped.story:
        assert chapter_.records, chapter_.number
        assert set(chapter_.records) <= in_file & loaded, (chapter_.number, set(chapter_.records) - loaded)


def test_each_shipped_chapter_tells_the_time_since_the_one_before(shipped):
    """The rule chosen for chapter dates: the map on a chapter's date shows what it cites, and a chapter tells
    what happened since the previous chapter's map. So every reported, announced or assessed record a chapter
    cites is dated on or after the previous chapter's date and on or before its own (the validator checks the
    second half); a plan may lie ahead, as the map shows it pending. Chapters run forward in time."""
    records = shipped.records.set_index("record_id")
    previous = None
    for chapter_ in shipped.story:
        facts = [r for r in chapter_.records if records.loc[r, "claim"] != PLANNED]
        assert facts, f"chapter {chapter_.number} cites only plans"
        for record_id in facts:
            day = records.loc[record_id, "date"]
            assert day <= chapter_.date, (chapter_.number, record_id, day)
            assert previous is None or day >= previous, (chapter_.number, record_id, day, previous)
        assert previous is None or chapter_.date > previous
        previous = chapter_.date


def test_the_last_shipped_chapter_starts_from_the_last_report(shipped):
    # "The latest reports found date from late March 2026": the last chapter cites the latest record that is not
    # a plan, so a newer record makes this test fail until the chapter is rewritten.
    facts = shipped.records[shipped.records["claim"] != PLANNED]
    latest = set(facts.loc[facts["date"] == facts["date"].max(), "record_id"])
    assert latest & set(shipped.story[-1].records), latest


def test_each_shipped_chapter_shows_the_places_it_cites(shipped):
    # A chapter that narrows the map to some governorates keeps every site it cites in view.
    sites = dict(zip(shipped.records["record_id"], shipped.records["site_id"]))
    for chapter_ in shipped.story:
        if not chapter_.provinces:
            continue
        for record_id in chapter_.records:
            site = sites[record_id]
            if site:
                assert set(shipped.site_provinces[site]) & set(chapter_.provinces), (chapter_.number, record_id, site)


_SENTENCE_END = re.compile(r"[.!?؟](?:\s+|$)")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_shipped_chapter_is_two_or_three_sentences_in_its_language(shipped, lang):
    arabic = re.compile(r"[\u0600-\u06FF]")
    for chapter_ in shipped.story:
        text = chapter_.text(lang)
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        assert 2 <= len(sentences) <= 3, (chapter_.number, lang, sentences)
        assert bool(arabic.search(text)) == (lang == "ar") and bool(arabic.search(chapter_.title(lang))) == (
            lang == "ar"
        )


@pytest.mark.parametrize(
    "cell, expected",
    [
        (";".join(f"X{i}" for i in range(5000)), "and 4,995 more that do not resolve"),  # well-formed, unknown
        (";".join(f"X.{i}" for i in range(5000)), "; and 4,997 more"),  # none an id: one problem naming three
        ("R1;" + "x" * 20_000, "is not an id"),
    ],
    ids=["5,000 unknown ids", "5,000 bad ids", "a 20,000-character id"],
)
def test_a_hostile_cell_gives_a_few_short_problems(tiny_story_files, write_dataset, cell, expected):
    dataset = load_dataset(write_dataset(edited(tiny_story_files, (STORY, "R4;R5", cell))))
    lines = story_problems(dataset)
    assert 1 <= len(lines) <= 6 and max(map(len, lines)) <= 400, lines
    assert expected in lines[-1], lines
