"""Issue 19, part 1: the interactive map as one HTML file (dashboard/standalone). What it holds, that it
names nothing outside itself, that the same inputs give the same bytes, its size and the command line.
What its page says on any date is the dashboard's: tests/test_page_text.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from html import unescape

import pytest
from factories import run_command

from dashboard.i18n import format_date, t
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.standalone import standalone_html

ROOT = repository_root()
TODAY = dt.date(2026, 12, 1)
MAX_BYTES = 8 * 1024 * 1024  # the bound for the shipped data
# Anything a browser would fetch by itself: a script, stylesheet, image, frame or font named by address.
FETCHED = re.compile(r"""(?:src|href)\s*=\s*["']?(?!#|data:|about:)[^"'\s>]+|@import|url\((?!data:|#)""", re.I)


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(ROOT, TODAY), TODAY)


@pytest.fixture(scope="module")
def file_en(shipped):
    return standalone_html(shipped, Selection(dt.date(2020, 4, 10)))


def _map_document(html: str) -> str:
    return unescape(re.search(r'srcdoc="([^"]*)"', html).group(1))


def test_the_file_fetches_nothing_the_map_and_its_code_are_inside(file_en):
    inner = _map_document(file_en)
    outer = re.sub(r'srcdoc="[^"]*"', "", file_en)
    for document in (outer, inner):
        # Links in popups are built from the data by script (source addresses a reader may follow);
        # nothing in the markup itself asks the browser to load anything.
        markup = re.sub(r"<script\b[^>]*>.*?</script>", "", document, flags=re.S)
        assert FETCHED.findall(markup) == []
    assert "L.map(" in inner and "SiteMap.create" in inner  # Leaflet and the data inside the map's frame
    assert "PostureScrubber" in file_en and "PostureStandalone.start" in file_en


def test_the_same_inputs_give_the_same_bytes(shipped, file_en):
    assert standalone_html(shipped, Selection(dt.date(2020, 4, 10))) == file_en


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_shipped_file_is_under_8_mb(shipped, lang):
    assert len(standalone_html(shipped, Selection(TODAY, lang=lang)).encode("utf-8")) < MAX_BYTES


def test_the_file_says_when_it_was_built_and_the_records_last_report(shipped, file_en):
    last = shipped.last_report[""]
    assert format_date(TODAY, "en") in file_en and format_date(last, "en") in file_en


def test_forces_and_governorates_choose_the_records_in_the_file(shipped):
    # The Italians leaving Erbil (W045): in the file of all forces, not in the file of US forces.
    erbil = Selection(TODAY, provinces=("IQ-AR",))
    assert "W045" in _map_document(standalone_html(shipped, erbil))
    assert "W045" not in _map_document(standalone_html(shipped, dataclasses.replace(erbil, forces="US")))


def test_the_arabic_file_is_right_to_left(shipped):
    html = standalone_html(shipped, Selection(TODAY, lang="ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert t("what_changed", "ar") in html


def test_as_known_then_is_refused_in_words():
    with pytest.raises(ValueError, match="as known then"):
        standalone_html(None, Selection(TODAY, known_then=True))


def _command(*args: str) -> subprocess.CompletedProcess:
    return run_command("dashboard.standalone", *args, today=TODAY.isoformat())


@pytest.mark.slow
def test_the_command_writes_the_file(tmp_path):
    out = tmp_path / "posture.html"
    done = _command("--lang", "ar", "--province", "IQ-AR", "--forces", "US", "--out", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert f"wrote the interactive map ({len(html.encode()):,} bytes)" in done.stderr
    assert '<html lang="ar" dir="rtl">' in html and "W045" not in _map_document(html)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, message",
    [
        (["--known-then", "--out", "x.html"], "argument --known-then: the one-file map shows the whole record"),
        (["--out", "x.txt"], "argument --out: name the file *.html or *.htm"),
        (["--date", "2026-3-1", "--out", "x.html"], "argument --date:"),
        (["--province", "IQ-ZZ", "--out", "x.html"], "argument --province: unknown governorate code IQ-ZZ"),
    ],
)
def test_bad_arguments_say_which(args, message, tmp_path):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    done = _command(*args)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []
