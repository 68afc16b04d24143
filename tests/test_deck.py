"""The slide deck (.pptx): read back with python-pptx, in both languages, from the tiny dataset.

The map pictures are drawn at a low resolution (`map_dpi`), which changes nothing a test reads but
the picture's pixels; the command line runs in-process, bar one test that runs it as a user would.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from factories import selected
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn

from dashboard.deck import DeckChapter, build, build_deck, content
from dashboard.deck import __main__ as cli
from dashboard.i18n import format_date, t
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.slides import basemap
from dashboard.slides.pictures import PictureSize, render_legend, render_map
from dashboard.style import STATUS_COLOURS

TODAY = dt.date(2026, 12, 1)
DATES = [dt.date(2024, 1, 20), dt.date(2024, 2, 10), dt.date(2025, 10, 1)]
DPI = 24  # map pictures of about 210 x 170 pixels: enough to be pictures, quick to draw
FSI, PDI, LRM = "\u2068", "\u2069", "\u200e"


def _conftest():
    """tests/conftest.py, for fixtures that outlive one test (its `tiny_files` fixture is per test).
    Loaded by path: `import conftest` may find tests/browser/conftest.py instead."""
    spec = importlib.util.spec_from_file_location("tests_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tiny_dataset() -> dict[str, str]:
    return _conftest().TINY_DATASET


def tiny_story() -> dict[str, str]:
    return _conftest().TINY_STORY


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    for relative, text in tiny_dataset().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return root


@pytest.fixture(scope="module")
def prepared(root):
    dataset = load_dataset(root, TODAY)
    assert not dataset.problems
    return prepare(dataset, TODAY)


@pytest.fixture(scope="module", params=["en", "ar"])
def deck(request, prepared):
    lang = request.param
    return lang, Presentation(io.BytesIO(build_deck(prepared, DATES, selected(DATES[0], lang=lang), map_dpi=DPI)))


def texts(slide) -> dict[str, str]:
    """Each text box's words by its name, isolates and marks taken out (they are invisible)."""
    return {
        shape.name: shape.text_frame.text.replace(FSI, "").replace(PDI, "").replace(LRM, "")
        for shape in slide.shapes
        if shape.has_text_frame
    }


def all_text(slide) -> str:
    return "\n".join(texts(slide).values())


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def paragraphs(presentation):
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield from (p for p in shape.text_frame.paragraphs if p.text.strip())


# ---- the deck read back ----------------------------------------------------------------------------


def test_deck_is_a_title_slide_a_slide_per_date_and_the_sources(deck):
    lang, presentation = deck
    slides = list(presentation.slides)
    assert len(slides) == 1 + len(DATES) + 1
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    title = all_text(slides[0])
    assert t("title", lang) in title
    assert t("deck_range", lang, start=format_date(DATES[0], lang), end=format_date(DATES[-1], lang)) in title
    for slide, day in zip(slides[1:-1], DATES):
        assert pictures(slide), day  # the map (and its legend)
        assert texts(slide)["Title"] == format_date(day, lang)
    assert not pictures(slides[-1])


def test_sources_slide_lists_every_source_in_the_decks_language(deck):
    lang, presentation = deck
    listed = all_text(list(presentation.slides)[-1])
    assert t("deck_cited_title", lang) in listed
    titles = ("Title A", "Title B", "Title C") if lang == "en" else ("عنوان أ", "عنوان ب", "العنوان ج")
    for publisher, title in zip(("Publisher A", "Publisher B", "Outlet C"), titles):
        assert publisher in listed and title in listed, (publisher, title)
    assert "https://example.org/c" in listed
    assert format_date(dt.date(2025, 9, 25), lang) in listed  # Outlet C's publication, in the deck's format
    links = [
        run.hyperlink.address
        for p in list(presentation.slides)[-1].shapes[-1].text_frame.paragraphs
        for run in p.runs
        if run.hyperlink.address
    ]
    assert links == ["https://example.org/c"]


def test_arabic_deck_reads_right_to_left_with_the_map_on_the_right(deck):
    lang, presentation = deck
    direction = [(p._p.pPr.get("rtl") if p._p.pPr is not None else None, p.alignment) for p in paragraphs(presentation)]
    assert direction
    if lang == "ar":
        assert all(rtl == "1" for rtl, _ in direction)
        assert all(alignment == PP_ALIGN.RIGHT for _, alignment in direction)
    else:
        assert all(rtl is None for rtl, _ in direction)
    date_slide = list(presentation.slides)[1]
    (map_picture,) = [p for p in pictures(date_slide) if p.name == "Map"]
    words = next(s for s in date_slide.shapes if s.name == "What changed")
    map_centre = map_picture.left + map_picture.width / 2
    if lang == "ar":
        assert map_centre > presentation.slide_width / 2 and map_picture.left >= words.left + words.width
    else:
        assert map_centre < presentation.slide_width / 2 and map_picture.left + map_picture.width <= words.left


def test_arabic_deck_isolates_latin_names_and_addresses(prepared):
    presentation = Presentation(io.BytesIO(build_deck(prepared, DATES[:1], selected(DATES[0], lang="ar"), map_dpi=DPI)))
    raw = "\n".join(s.text_frame.text for slide in presentation.slides for s in slide.shapes if s.has_text_frame)
    for name in ("Publisher A", "Outlet C", "https://example.org/c"):
        assert f"{FSI}{LRM}{name}{LRM}{PDI}" in raw, name


def test_every_run_names_its_language_and_a_font_for_arabic_script(deck):
    lang, presentation = deck
    for paragraph in paragraphs(presentation):
        for run in paragraph.runs:
            r_pr = run._r.rPr
            assert r_pr.get("lang") == ("ar-IQ" if lang == "ar" else "en-GB")
            assert r_pr.find(qn("a:cs")) is not None


# ---- what a date slide says ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english(prepared):
    presentation = Presentation(io.BytesIO(build_deck(prepared, DATES, selected(DATES[0]), map_dpi=DPI)))
    return [texts(slide) for slide in list(presentation.slides)[1:-1]]


def test_each_slide_says_what_changed_since_the_previous_slide(english):
    first, second, third = (slide["What changed"] for slide in english)
    # The first slide: since the change before its latest change date (1 January 2024, the zone's record).
    assert "Between 1 January 2024 and 20 January 2024" in first
    assert "Site base-a: now Active" in first and "US forces at base A." in first
    assert "Between 20 January 2024 and 10 February 2024" in second
    assert "Site base-b: now Drawing down" in second and "Equipment moves from B to A." in second
    assert "US forces at base A." not in second
    # Twenty months later: both records in between, and nothing said twice.
    assert "Under 2000 troops." in third and "A drone hit base B." in third
    assert "Equipment moves from B to A." not in third


def test_force_level_with_its_date_and_the_target_as_a_target(english):
    assert english[0]["Force level"] == "US troops in Iraq (reported): about 2,500 (reported 15 January 2024)"
    assert "Announced target" not in english[1]["Force level"]
    assert "Announced target: under 2,000 (1 September 2025)" in english[2]["Force level"]


def test_sources_in_effect_carry_the_grades_of_the_records_citing_them(english):
    first, third = english[0]["Sources"], english[2]["Sources"]
    assert "[A] Publisher A, “Title A”, 20 September 2025" in first  # R1, grade A
    assert "[B] Publisher B" in first  # R3, the zone, grade B
    assert "[A, B, C] Publisher A" in third  # R1, the target R4 (B) and the pending plan R5 (C)


def test_many_sources_are_counted_by_grade_and_outlet(prepared, monkeypatch):
    monkeypatch.setattr(content, "SOURCE_ITEMS", 1)
    slide = content.date_slide(prepared, selected(DATES[0]), None)
    lines = [line.text for line in slide.sources]
    assert "Grade A, 1 record: Outlet C (1), Publisher A (1)" in lines
    assert "Grade B, 1 record: Publisher B (1)" in lines
    assert not any("Title A" in line for line in lines)


def test_governorates_narrow_the_slides_and_are_named(prepared):
    presentation = Presentation(
        io.BytesIO(build_deck(prepared, DATES[:2], selected(DATES[0], ("IQ-AN",)), map_dpi=DPI))
    )
    slides = [texts(slide) for slide in presentation.slides]
    assert "Governorates: Anbar" in "\n".join(slides[0].values())
    assert slides[2]["Scope"] == "Governorates: Anbar"
    assert "base-b" not in slides[2]["What changed"]  # in Baghdad
    assert t("no_change", "en") in slides[2]["What changed"]


def test_a_date_after_today_says_only_plans_are_shown(prepared):
    later = dt.date(2027, 1, 1)
    presentation = Presentation(io.BytesIO(build_deck(prepared, [later], selected(later), map_dpi=DPI)))
    assert t("future_note", "en") in texts(list(presentation.slides)[1])["Scope"]


def test_long_lists_are_cut_with_a_count_and_kept_whole_in_the_notes(prepared, monkeypatch):
    many = [
        content.Line(content.BULLET, f"Record {i}: a summary long enough to take a line or two of the column.")
        for i in range(80)
    ]
    real = content.change_lines
    monkeypatch.setattr("dashboard.deck.content.change_lines", lambda *a: ([*real(*a)[0], *many], real(*a)[1]))
    slide = list(Presentation(io.BytesIO(build_deck(prepared, DATES[:1], selected(DATES[0]), map_dpi=DPI))).slides)[1]
    shown = texts(slide)["What changed"]
    assert "Record 0:" in shown and "Record 79:" not in shown
    assert "more lines, in the speaker notes" in shown
    assert "Record 79:" in slide.notes_slide.notes_text_frame.text


# ---- chapters ----------------------------------------------------------------------------------------


def test_chapters_make_one_slide_each_with_their_title_and_text(prepared):
    chapters = [
        DeckChapter(
            dt.date(2024, 1, 20), "The first base", "US forces arrive at base A.\n\nA second paragraph.", ("IQ-AN",)
        ),
        DeckChapter(dt.date(2025, 10, 1), "A target is announced", "Under 2,000 troops."),
    ]
    presentation = Presentation(
        io.BytesIO(build_deck(prepared, [], selected(DATES[0]), chapters=chapters, map_dpi=DPI))
    )
    slides = list(presentation.slides)
    assert len(slides) == 1 + len(chapters) + 1
    assert t("deck_chapters", "en", n=2) in all_text(slides[0])
    first, second = texts(slides[1]), texts(slides[2])
    assert first["Title"] == "The first base"
    assert first["Scope"].splitlines() == ["20 January 2024", "Governorates: Anbar"]
    assert first["What changed"] == "US forces arrive at base A.\nA second paragraph."
    assert t("what_changed", "en") not in first["What changed"]
    assert "about 2,500" in first["Force level"] and "Publisher A" in first["Sources"]
    assert second["Title"] == "A target is announced" and "Announced target" in second["Force level"]
    assert all(pictures(slide) for slide in slides[1:3])


def test_bad_input_is_refused(prepared):
    with pytest.raises(ValueError, match="at least one date"):
        build_deck(prepared, [], selected(DATES[0]))
    with pytest.raises(ValueError, match="IQ-XX"):
        build_deck(prepared, DATES, selected(DATES[0], ("IQ-XX",)))
    with pytest.raises(ValueError, match="IQ-XX"):
        build_deck(prepared, [], selected(DATES[0]), chapters=[DeckChapter(DATES[0], "T", "x", ("IQ-XX",))])
    with pytest.raises(ValueError, match="language"):
        build_deck(prepared, DATES, selected(DATES[0], lang="fr"))


# ---- the map picture -----------------------------------------------------------------------------------


def test_map_picture_is_the_map_alone_at_the_size_asked(prepared):
    png = render_map(prepared, selected(DATES[0]), PictureSize(240, 160, 40))
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert image.shape == (160, 240, 3)
    # No panel beside the map: outside the governorates, every corner is the map's own background.
    background = [int(basemap.ELSEWHERE[i : i + 2], 16) for i in (1, 3, 5)]
    for y, x in ((0, 0), (0, -1), (-1, -1)):
        assert list(image[y, x]) == background, (y, x)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_legend_picture_starts_on_the_reading_side(lang):
    image = np.asarray(Image.open(io.BytesIO(render_legend(lang, 600, 120, dpi=60))).convert("RGB"), dtype=int)
    active = [int(STATUS_COLOURS["active"][i : i + 2], 16) for i in (1, 3, 5)]
    columns = np.flatnonzero((np.abs(image - active).max(axis=2) < 8).any(axis=0))
    assert len(columns)  # the first entry, Active, is in the picture
    first_third, last_third = image.shape[1] / 3, 2 * image.shape[1] / 3
    assert columns.max() < first_third if lang == "en" else columns.min() > last_third


# ---- the command line ----------------------------------------------------------------------------------


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as stop:  # argparse's own errors
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_command_writes_a_deck_of_every_change_date(root, tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    argv = ["--root", str(root), "--start", "2024-01-01", "--end", "2025-10-01", "--every", "change", "--out", str(out)]
    code, said, _ = run(argv, capsys)
    assert code == 0 and "wrote" in said
    slides = list(Presentation(str(out)).slides)
    changes = ["2024-01-01", "2024-01-15", "2024-02-01", "2025-09-01", "2025-09-24"]
    assert len(slides) == 1 + len(changes) + 1
    assert [texts(s)["Title"] for s in slides[1:-1]] == [format_date(dt.date.fromisoformat(d), "en") for d in changes]


def test_command_thins_a_long_range_evenly_and_says_so(root, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "MAX_SLIDES", 3)
    out = tmp_path / "deck.pptx"
    argv = ["--root", str(root), "--start", "2024-01-01", "--end", "2025-12-01", "--every", "month", "--lang", "ar"]
    code, _, err = run([*argv, "--out", str(out)], capsys)
    assert code == 0
    assert "24 dates are more than 3 slides: keeping 3, evenly spread" in err
    titles = [texts(s)["Title"] for s in list(Presentation(str(out)).slides)[1:-1]]
    assert titles[0] == format_date(dt.date(2024, 1, 1), "ar") and titles[-1] == format_date(dt.date(2025, 12, 1), "ar")
    assert len(titles) == 3


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--start", "2024-13-01", "--end", "2025-01-01"], "argument --start: '2024-13-01' is not a valid date"),
        (
            ["--start", "2024-1-01", "--end", "2025-01-01"],
            "argument --start: '2024-1-01' is not a date written YYYY-MM-DD",
        ),
        (["--start", "2020-01-01", "--end", "2025-01-01"], "argument --start: 2020-01-01 is outside the time axis"),
        (["--start", "2025-01-01", "--end", "2024-01-01"], "argument --start: 2025-01-01 is after --end"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--every", "year"], "argument --every: invalid choice"),
        (["--start", "2024-03-01", "--end", "2024-04-01", "--every", "change"], "argument --every: no record"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--forces", "IT"], "argument --forces: invalid choice"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--province", "IQ-XX"], "argument --province: unknown"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--lang", "fr"], "argument --lang: invalid choice"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--out", "deck.png"], "argument --out: name the file *.pptx"),
        (["--start", "2024-01-01", "--end", "2025-01-01", "--out", "no/such/deck.pptx"], "argument --out: folder"),
        (["--end", "2025-01-01"], "argument --start: required (or give --story)"),
        (["--story", "--start", "2024-01-01"], "argument --start: not with --story"),
        (["--story"], "argument --story: "),  # the tiny dataset has no data/story.csv
    ],
)
def test_command_reports_bad_input_by_argument(root, tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    if "--out" not in argv:
        argv = [*argv, "--out", "deck.pptx"]
    code, _, err = run(["--root", str(root), *argv], capsys)
    assert code == 2
    (error,) = [line for line in err.splitlines() if "error:" in line]
    assert message in error, err
    assert not list(tmp_path.iterdir())  # nothing written


def test_command_writes_a_slide_per_chapter_of_the_story(tmp_path, capsys):
    story_root = tmp_path / "with-story"
    for relative, text in {**tiny_dataset(), **tiny_story()}.items():
        path = story_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "story.pptx"
    code, said, _ = run(["--root", str(story_root), "--story", "--today", TODAY.isoformat(), "--out", str(out)], capsys)
    assert code == 0 and "2 chapter slides" in said
    chapters = load_dataset(story_root, TODAY).story
    titles = [texts(s)["Title"] for s in list(Presentation(str(out)).slides)[1:-1]]
    assert titles == [c.title("en") for c in chapters]


def test_cli_writes_a_deck_as_a_user_runs_it(root, tmp_path):
    out = tmp_path / "deck.pptx"
    command = [sys.executable, "-m", "dashboard.deck", "--root", str(root), "--start", "2025-09-01"]
    command += ["--end", "2025-10-01", "--lang", "ar", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=repository_root(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(Presentation(str(out)).slides) == 1 + 2 + 1


def test_only_very_long_addresses_are_shown_cut():
    readable = (
        "https://www.kurdistan24.net/en/story/870649/kurdistan-region-president-to-confront-terrorism-we-still-need"
    )
    assert content.shown_url(readable) == readable
    encoded = "https://www.alsumaria.tv/news/security/548278/" + "%D9%84%D9%85-" * 30
    shown = content.shown_url(encoded)
    assert shown.startswith("https://www.alsumaria.tv/news/security/548278/%D9") and shown.endswith("…")
    assert len(shown) <= 100
    # At a '/' when there is one past half way.
    assert content.shown_url(f"https://www.shafaq.com/ar/{'%D8%B3' * 10}/{'%D9%85' * 30}").endswith("%D8%B3/…")


@pytest.mark.slow
def test_deck_never_imports_streamlit():
    code = "import sys, dashboard.deck, dashboard.deck.__main__; print('streamlit' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=repository_root(), capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "False"


def test_cutting_a_long_block_drops_only_bullets_and_counts_them():
    lines = [
        content.Line(content.HEADING, "What changed"),
        content.Line(content.BULLET, "Site base-a: now Active"),
        content.Line(content.TEXT, "New records:"),
        *(content.Line(content.BULLET, f"Record {i}: a summary of a line or two.") for i in range(30)),
        content.Line(content.SMALL, "No report since 24 March 2026."),
    ]
    records = [line.text for line in lines if line.kind == content.BULLET]
    # Room for some records: the last ones go, and the line counting them stands where they stood.
    kept = build._cut(lines, 5.0, 2.0, 9, "en")
    shown = [line.text for line in kept if line.kind == content.BULLET]
    assert 2 <= len(shown) < len(records) and shown == records[: len(shown)]
    assert build._height(kept, 5.0, 9) <= 2.0
    assert [line.text for line in kept[-2:]] == [
        f"… and {len(records) - len(shown)} more lines, in the speaker notes",
        "No report since 24 March 2026.",
    ]
    assert [line.text for line in kept[:3]] == ["What changed", "Site base-a: now Active", "New records:"]
    # No room: every bullet goes, never a heading or plain line.
    kept = build._cut(lines, 5.0, 0.3, 9, "en")
    assert [line.text for line in kept] == [
        "What changed",
        f"… and {len(records)} more lines, in the speaker notes",
        "New records:",
        "No report since 24 March 2026.",
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_decks_legend_is_whole_in_its_picture(lang):
    """Seen in a deck of 2019-2021 rendered by LibreOffice: with contest, staleness and confirmed plans the
    legend grew to 19 entries and its first and last rows were cut at the picture's edges. Nothing of it
    may touch the edge of the picture the deck places under its map."""
    width = round(build.MAP_W * build.MAP_SCALE * build.MAP_DPI)
    height = round(build.LEGEND_H * build.MAP_SCALE * build.MAP_DPI)
    image = np.asarray(Image.open(io.BytesIO(render_legend(lang, width, height, dpi=build.MAP_DPI))).convert("L"))
    edges = np.concatenate([image[:2].ravel(), image[-2:].ravel(), image[:, :2].ravel(), image[:, -2:].ravel()])
    assert edges.min() >= 250, "the legend is cut at the picture's edge"
    assert (image < 128).any(axis=1).sum() > height / 3  # and it is there, filling the picture
    assert build.MARGIN + build.MAP_H + 0.05 + build.LEGEND_H <= build.SLIDE_H - 0.2  # on the slide
