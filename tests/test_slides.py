"""Slides and animations: what they show, that they are reproducible, and the command line.

The reference image tests/data/slide_en_2025-10-01.png is the English slide of 1 October 2025
reduced to a quarter of its size. After an intended change to the slides, look at a fresh slide
and regenerate it with:

    PYTHONPATH=. .venv/bin/python tests/test_slides.py --regenerate
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import struct
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from factories import selected
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageSequence

from dashboard.io import load_dataset
from dashboard.paths import data_root
from dashboard.prepared import prepare
from dashboard.slides import MAX_FRAMES, animation_dates, build_scene, render_animation, render_slide
from dashboard.slides import __main__ as cli
from dashboard.slides.canvas import MAP_WIDTH, MARGIN, SOURCE_STRIP
from dashboard.slides.text import FONT_FILES, font
from dashboard.style import STATUS_COLOURS, STATUS_ORDER

REFERENCE = Path(__file__).parent / "data" / "slide_en_2025-10-01.png"
ON = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(data_root())


@pytest.fixture(scope="module")
def prepared(dataset):
    return prepare(dataset)


@pytest.fixture(scope="module")
def slide(prepared) -> bytes:
    return render_slide(prepared, selected(ON))


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def map_area(image: np.ndarray, lang: str = "en") -> np.ndarray:
    """The map alone: the legend beside it shows every status whatever the date."""
    height, width, _ = image.shape
    left = 1 - MARGIN - MAP_WIDTH if lang == "ar" else MARGIN
    return image[: int(height * (1 - SOURCE_STRIP)), int(width * left) : int(width * (left + MAP_WIDTH))]


def count_colour(image: np.ndarray, colour: str, tolerance: int = 6) -> int:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - rgb).max(axis=2) <= tolerance).sum())


def png_chunks(png: bytes) -> list[str]:
    chunks, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        chunks.append(kind.decode("ascii"))
        at += 12 + length
    return chunks


# ---- the picture ------------------------------------------------------------------------------


def test_slide_is_a_1920x1080_png_without_time_or_software_stamps(slide):
    image = Image.open(io.BytesIO(slide))
    assert (image.format, image.size) == ("PNG", (1920, 1080))
    assert not {"tEXt", "iTXt", "zTXt", "tIME"} & set(png_chunks(slide))


def test_same_inputs_give_the_same_bytes(prepared, slide):
    assert render_slide(prepared, selected(ON)) == slide


@pytest.mark.parametrize("on", [ON, dt.date(2025, 1, 1)])
def test_map_shows_the_colours_of_the_statuses_in_effect_and_no_other(prepared, slide, on):
    index = prepared.all_records.index
    status_of = dict(zip(prepared.all_records.records["record_id"], prepared.all_records.records["status"]))
    marks = build_scene(prepared, selected(on)).sites
    shown = {state.status for state in index.status_at(on).values()}
    # Drawn in their full colour: sites neither stale (faded), quiet (small) nor grade C (hollow).
    plain = {m.status for m in marks if m.status and not (m.stale or m.quiet or m.grade == "C")}
    # A planned change is drawn as a ring in the planned status's colour.
    planned = {status_of[r] for site, ids in (index.pending_at(on) | index.overdue_at(on)).items() if site for r in ids}
    absent = set(STATUS_ORDER) - shown - planned
    image = map_area(pixels(slide if on == ON else render_slide(prepared, selected(on))))
    for status in plain:
        assert count_colour(image, STATUS_COLOURS[status]) > 100, status
    for status in absent:
        assert count_colour(image, STATUS_COLOURS[status]) == 0, status
    if on == dt.date(2025, 1, 1):
        assert absent and plain, "this date must show some statuses and leave some out, or the test proves nothing"


def test_only_the_date_changes_between_two_days_with_the_same_posture(prepared, slide):
    index = prepared.all_records.index
    later = ON + dt.timedelta(days=1)
    assert index.next_change(ON) > later  # nothing happens on the next day
    changed = np.argwhere((pixels(slide) != pixels(render_slide(prepared, selected(later)))).any(axis=2))
    assert len(changed)
    (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
    # Only in the panel beside the map, between the title and the lines under the date.
    assert left > (MARGIN + MAP_WIDTH) * 1920 and 100 < top and bottom < 250, (top, left, bottom, right)


def test_slide_matches_the_reference_image(slide):
    """tests/data holds the slide at quarter size. A handful of pixels may differ (another FreeType
    build); one changed digit of the date already changes about 60, so the bar is set below that."""
    reference = np.asarray(Image.open(REFERENCE).convert("RGB"), dtype=np.int16)
    rendered = np.asarray(Image.open(io.BytesIO(slide)).convert("RGB").reduce(4), dtype=np.int16)
    assert rendered.shape == reference.shape
    differing = (np.abs(rendered - reference).max(axis=2) > 24).mean()
    assert differing < 0.0002, f"{differing:.2%} of pixels differ; if intended, regenerate (see module docstring)"


def test_arabic_slide_renders_every_glyph(prepared):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_slide(prepared, selected(ON, ("IQ-AN", "IQ-AR"), lang="ar", known_then=True))
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []
    assert count_colour(map_area(pixels(png), "ar"), STATUS_COLOURS["drawdown"]) > 100  # Ain al-Asad, in Anbar


def _text_image(text: str) -> np.ndarray:
    figure = Figure(figsize=(3, 1), dpi=100)
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, text, fontproperties=font(30), ha="center", va="center", parse_math=False)
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def test_arabic_letters_are_joined_and_run_right_to_left():
    # beh-teh-beh typed in logical order must look exactly like the joined forms (final beh, medial
    # teh, initial beh) forced left to right, and unlike the same forms in the wrong order.
    typed = _text_image("بتب")
    assert np.array_equal(typed, _text_image("\u202d\ufe90\ufe98\ufe91\u202c"))
    assert not np.array_equal(typed, _text_image("\u202d\ufe91\ufe98\ufe90\u202c"))
    assert not np.array_equal(typed, _text_image("\u202d\ufe8f\ufe95\ufe8f\u202c"))  # unjoined letters


def test_slides_use_the_font_shipped_inside_matplotlib():
    assert all(path.is_file() and "mpl-data" in path.parts for path in FONT_FILES.values())


def test_names_are_printed_as_text_not_as_math_or_markup(dataset):
    # With mathtext on, "\notacommand" between dollars would stop the drawing with a ParseFatalException.
    name = r"$\notacommand$ <img src=x onerror=alert(1)>"
    sites = dataset.sites.copy()
    sites.loc[sites["site_id"] == "ain-al-asad", "name_en"] = name
    renamed = prepare(dataclasses.replace(dataset, sites=sites))
    assert renamed.site_names["en"]["ain-al-asad"] == name
    assert Image.open(io.BytesIO(render_slide(renamed, selected(ON, ("IQ-AN",))))).size == (1920, 1080)


def test_governorates_without_sites_still_render_with_a_note(prepared):
    assert prepared.sites_in(("IQ-BA",)) == ()
    image = pixels(render_slide(prepared, selected(ON, ("IQ-BA",))))
    assert image.shape == (1080, 1920, 3)
    assert count_colour(map_area(image), "#FFF4D6", tolerance=2) > 5000  # the note's box
    assert all(count_colour(map_area(image), STATUS_COLOURS[s]) == 0 for s in STATUS_ORDER)


@pytest.mark.parametrize("provinces", [("IQ-XX",), ("IQ-AN", "iq-ar")])
def test_unknown_governorate_is_refused(prepared, provinces):
    with pytest.raises(ValueError, match="unknown governorate"):
        render_slide(prepared, selected(ON, provinces))


# ---- what the slide shows (no pixels) ---------------------------------------------------------------


def test_scene_follows_the_engine(prepared):
    scene = build_scene(prepared, selected(ON, (), "en", known_then=False))
    marks = {m.site_id: m for m in scene.sites}
    index = prepared.all_records.index
    assert set(marks) == set(prepared.site_ids)
    assert {s: m.status for s, m in marks.items() if m.status} == {s: v.status for s, v in index.status_at(ON).items()}
    assert marks["ain-al-asad"].plan[0] == "overdue" and marks["harir"].plan[0] == "pending"
    # Each mark is the engine's answer, staleness, contest and plan state included: tests/test_one_answer.py.
    assert scene.moves == tuple((m.from_site, m.to_site) for m in index.moves_at(ON))


def test_scene_with_governorates_draws_only_their_sites(prepared):
    scene = build_scene(prepared, selected(ON, ("IQ-AN", "IQ-AR"), "en", known_then=False))
    assert tuple(m.site_id for m in scene.sites) == prepared.sites_in(("IQ-AN", "IQ-AR"))


def test_source_line_names_only_documents_known_then(prepared, monkeypatch):
    # On 30 September 2025 the Pentagon's statement was made, but reported only the next day.
    monkeypatch.setattr("dashboard.slides.scene.SOURCE_LINES", 1000)  # every page by its title
    on = dt.date(2025, 9, 30)
    published = dict(zip(prepared.dataset.sources["title_en"], prepared.dataset.sources["published"]))
    lines = build_scene(prepared, selected(on, (), "en", known_then=True)).sources
    assert lines and all(any(title in line and day <= on for title, day in published.items()) for line in lines)
    everything = build_scene(prepared, selected(on, (), "en", known_then=False)).sources
    assert everything != lines  # later reporting of that day adds sources


def test_a_slide_with_many_sources_names_the_most_cited_outlets_and_counts_the_rest(prepared):
    lines = build_scene(prepared, selected(dt.date(2026, 3, 10), (), "en", known_then=False)).sources
    assert len(lines) == 1 and "pages from" in lines[0] and "most cited" in lines[0]


# ---- animations -----------------------------------------------------------------------------------


def test_animation_has_one_frame_per_date_each_showing_its_date(prepared):
    dates = [dt.date(2025, 9, 1), dt.date(2025, 9, 2)]  # the same posture: only the date tells them apart
    gif = render_animation(prepared, dates, selected(dates[0]))
    image = Image.open(io.BytesIO(gif))
    assert (image.format, image.size, image.n_frames) == ("GIF", (1280, 720), len(dates))
    frames = [np.asarray(f.convert("RGB"), dtype=np.int16) for f in ImageSequence.Iterator(image)]
    date_row = (slice(int(720 * 0.09), int(720 * 0.22)), slice(int(1280 * (MARGIN + MAP_WIDTH)), 1280))
    for before, after in zip(frames, frames[1:]):
        assert (before[date_row] != after[date_row]).any()
    assert render_animation(prepared, dates, selected(dates[0])) == gif


ANIMATION_DATES = [
    # start, end, every, expected
    ("2024-01-31", "2024-05-01", "month", ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
    ("2024-01-01", "2024-12-31", "quarter", ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]),
    ("2024-02-29", "2026-03-01", "year", ["2024-02-29", "2025-02-28", "2026-02-28"]),
    ("2024-01-01", "2024-01-15", "week", ["2024-01-01", "2024-01-08", "2024-01-15"]),
    ("2024-01-01", "2024-01-03", "day", ["2024-01-01", "2024-01-02", "2024-01-03"]),
    ("2024-01-01", "2024-01-01", "month", ["2024-01-01"]),
]


def test_change_frames_are_the_dates_of_the_records_in_the_range(prepared):
    # Read from the file itself, not the engine: every date on which some record is dated, in order.
    with open(data_root() / "data" / "posture.csv", encoding="utf-8", newline="") as handle:
        dated = sorted({row["date"] for row in csv.DictReader(handle) if "2024-01-02" <= row["date"] <= "2024-09-27"})
    got = animation_dates(dt.date(2024, 1, 2), dt.date(2024, 9, 27), "change", prepared.all_records.index)
    assert [d.isoformat() for d in got] == dated and len(dated) > 5


@pytest.mark.parametrize("start, end, every, expected", ANIMATION_DATES)
def test_animation_dates(prepared, start, end, every, expected):
    got = animation_dates(dt.date.fromisoformat(start), dt.date.fromisoformat(end), every, prepared.all_records.index)
    assert got == [dt.date.fromisoformat(d) for d in expected]


@pytest.mark.parametrize(
    "start, end, every, message",
    [
        ("2025-01-02", "2025-01-01", "month", "after end"),
        ("2025-01-01", "2025-02-01", "fortnight", "unknown step"),
    ],
)
def test_animation_dates_refuse_bad_input(prepared, start, end, every, message):
    with pytest.raises(ValueError, match=message):
        animation_dates(dt.date.fromisoformat(start), dt.date.fromisoformat(end), every, prepared.all_records.index)


# ---- command line -----------------------------------------------------------------------------------


@pytest.fixture
def run(dataset, monkeypatch, capsys):
    monkeypatch.setattr("dashboard.io.load_dataset", lambda root, today=None: dataset)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(argv))
        except SystemExit as stop:  # argparse's own errors
            code = stop.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


CLI_ERRORS = [
    # arguments, text the message must contain
    (["--date", "2025-13-01"], "argument --date: '2025-13-01' is not a valid date"),
    (["--date", "yesterday"], "argument --date"),
    (["--date", "2025-10-01", "--province", "IQ-XX,IQ-AN"], "argument --province: unknown governorate code IQ-XX"),
    (["--date", "2025-10-01", "--province", ","], "argument --province"),
    (["--date", "2025-10-01", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    (["--start", "2026-01-01", "--end", "2025-01-01", "--every", "month"], "argument --start: 2026-01-01 is after"),
    (["--start", "2025-01-01"], "argument --end: required with --start"),
    (["--start", "2014-01-01", "--end", "2026-01-01", "--every", "day"], "argument --every: day steps give 4384"),
    (["--start", "2012-01-01", "--end", "2013-01-01", "--every", "change"], "argument --every: no record is dated"),
    (["--start", "2025-01-01", "--end", "2025-02-01", "--every", "fortnight"], "argument --every: invalid choice"),
    (["--date", "2025-10-01", "--every", "week"], "argument --every: only with --start"),
    (["--date", "2025-10-01", "--start", "2025-01-01"], "argument --start: not allowed with argument --date"),
]


@pytest.mark.parametrize("argv, message", CLI_ERRORS)
def test_cli_reports_bad_input_by_argument(run, tmp_path, argv, message):
    suffix = ".png" if "--date" in argv else ".gif"
    code, out, err = run(*argv, "--out", str(tmp_path / f"out{suffix}"))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--date", "2025-10-01", "--out", "slide.gif"], "argument --out: name the file *.png"),
        (["--date", "2025-10-01", "--out", "missing-folder/slide.png"], "argument --out: folder"),
    ],
)
def test_cli_checks_the_output_name(run, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*argv)
    assert code == 2 and message in err


def test_cli_writes_the_slide(run, tmp_path, slide):
    out = tmp_path / "slide.png"
    code, printed, err = run("--date", "2025-10-01", "--out", str(out))
    assert (code, err) == (0, "")
    assert out.read_bytes() == slide and "wrote" in printed


def test_cli_refuses_invalid_data(tmp_path, tiny_files, write_dataset, capsys):
    files = dict(tiny_files)
    files["data/posture.csv"] = files["data/posture.csv"].replace("R2,base-b", "R2,no-such-site")
    root = write_dataset(files)
    code = cli.main(["--date", "2025-10-01", "--root", str(root), "--out", str(tmp_path / "x.png")])
    assert code == 1 and "failed validation" in capsys.readouterr().err


def _regenerate_reference() -> None:
    png = render_slide(prepare(load_dataset(data_root())), selected(ON))
    REFERENCE.parent.mkdir(exist_ok=True)
    Image.open(io.BytesIO(png)).convert("RGB").reduce(4).save(REFERENCE, optimize=True)
    print(f"wrote {REFERENCE}")


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    _regenerate_reference()


def test_issue_11_an_animation_of_every_change_keeps_400_evenly_spread_frames(tmp_path, capsys):
    # The 1,000-site synthetic set has 2,727 change dates; this smaller one has well over 400.
    from tools import synth

    synth.generate(tmp_path / "big", sites=150, records=1500, seed=3, sources=2)
    big = prepare(load_dataset(tmp_path / "big"))
    args = cli.parser().parse_args(
        ["--start", "2014-01-01", "--end", "2026-06-30", "--every", "change", "--out", str(tmp_path / "a.gif")]
    )
    dates = cli.frame_dates(args, big)
    every = [d for d in big.all_records.index.change_dates() if d <= dt.date(2026, 6, 30)]
    assert len(every) > MAX_FRAMES and len(dates) == MAX_FRAMES
    assert dates[0] == every[0] and dates[-1] == every[-1] and set(dates) <= set(every)
    assert "evenly spread" in capsys.readouterr().err
