"""Issue 18: what the page says around the map (dashboard/page_text.py) is worked out in advance, so the
browser can follow the scrubber's thumb. Node runs the browser's own lookup (web/pagetext.js) on the
tables and must say, on every day tested, exactly what the server works out for that day alone; and
the panel's markup carries data as text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess

import pytest

from dashboard.i18n import format_date, t
from dashboard.io import load_dataset
from dashboard.page_text import SILENT_AFTER_DAYS, page_on, page_tables, panel_html
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.vocabulary import NATIONAL

ROOT = repository_root()
TODAY = dt.date(2026, 12, 1)
D = dt.date


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(ROOT, TODAY), TODAY)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed (apt-get install nodejs)")
        pytest.skip("node is not installed (apt-get install nodejs)")
    return node


def _days_that_matter(prepared, selection) -> list[D]:
    """Each change date, the day before and after, every force and target date, today and the day after,
    the first silent day and the day before it, the ends of the axis, and every day of one year."""
    first, last = prepared.span
    index = prepared.view(selection).index
    marks = set(prepared.change_dates(selection))
    marks |= {f.since for f in index.force_level_steps()} | {f.since for f in index.target_steps()}
    marks |= {prepared.today, prepared.last_report[NATIONAL] + dt.timedelta(days=SILENT_AFTER_DAYS + 1)}
    days = {m + dt.timedelta(days=k) for m in marks for k in (-1, 0, 1)} | {first, last}
    days |= {D(2020, 1, 1) + dt.timedelta(days=k) for k in range(366)}
    return sorted(d for d in days if first <= d <= last)


def assert_the_browser_says_what_the_server_says(prepared, selection, days, folder) -> None:
    """Node runs pagetext.js on the selection's tables; on each of `days` it must say what page_on says."""
    node = _node()
    fixture = folder / "fixture.json"
    fixture.write_text(
        json.dumps({"page": page_tables(prepared, selection), "days": [d.isoformat() for d in days]}), encoding="utf-8"
    )
    done = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "page_on.js"), str(fixture)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    for day in days:
        assert said[day.isoformat()] == page_on(prepared, selection.on(day)), day


@pytest.mark.parametrize(
    "selection",
    [
        Selection(TODAY),
        Selection(TODAY, provinces=("IQ-AN", "IQ-AR"), lang="ar"),
        Selection(TODAY, forces="US"),
    ],
    ids=["all-en", "anbar-erbil-ar", "us-forces"],
)
def test_the_browsers_answer_on_every_day_is_the_servers(shipped, selection, tmp_path):
    assert_the_browser_says_what_the_server_says(shipped, selection, _days_that_matter(shipped, selection), tmp_path)


def test_what_the_server_says_on_a_few_dates(shipped):
    # Table of what a reader reads: the date in words, the force level from its report, the silence.
    last = shipped.last_report[NATIONAL]
    force = shipped.all_records.index.force_level_at(TODAY)
    said = page_on(shipped, Selection(TODAY))
    assert said["heading"] == f"As of {format_date(TODAY, 'en')}" and said["future"] is None
    assert said["force"]["since"] == f"reported {format_date(force.since, 'en')}"
    assert (said["silence"] is not None) == ((TODAY - last).days > SILENT_AFTER_DAYS)
    before = page_on(shipped, Selection(D(2014, 6, 1)))
    assert before["force"] is None or before["force"]["since"] <= said["force"]["since"]
    later = page_on(shipped, Selection(shipped.span[1]))
    assert later["future"] == t("future_note", "en") if shipped.span[1] > TODAY else later["future"] is None


PANEL = {
    "date": "2020-01-03",
    "heading": "As of 3 January 2020",
    "future": None,
    "between": None,
    "sentences": ["<b>Base</b> & co"],
    "notes": [],
    "force": None,
    "target": None,
    "silence": None,
}


@pytest.mark.parametrize(
    ("change", "shown", "hidden"),
    [
        (
            {},
            ["<li>&lt;b&gt;Base&lt;/b&gt; &amp; co</li>"],
            [
                'id="panel-force" class="force" hidden',
                'id="panel-notes-heading" class="notes-heading" hidden',
                'id="panel-silence" class="silence" hidden',
            ],
        ),
        (
            {"force": {"value": "about 2,500", "since": "reported 1 May"}},
            ['<div id="panel-force" class="force">', "about 2,500"],
            [],
        ),
        (
            {"notes": ["<i>x</i>"]},
            ['<p id="panel-notes-heading" class="notes-heading">', "<li>&lt;i&gt;x&lt;/i&gt;</li>"],
            [],
        ),
        ({"silence": "Nothing since"}, ['<p id="panel-silence" class="silence">Nothing since</p>'], []),
        (
            {"target": "Announced target: 1,000"},
            ['<p id="panel-target" class="target">Announced target: 1,000</p>'],
            [],
        ),
    ],
    ids=["data-is-text", "force", "notes", "silence", "target"],
)
def test_the_panel_shows_what_it_has_and_hides_what_it_has_not(change, shown, hidden):
    html = panel_html(PANEL | change, "en")
    for piece in shown:
        assert piece in html
    for piece in hidden:
        assert piece in html
    assert "<b>" not in html and "<i>" not in html  # data never becomes markup


def test_the_arabic_panel_is_right_to_left(shipped):
    html = panel_html(page_on(shipped, Selection(TODAY, lang="ar")), "ar")
    assert 'dir="rtl" lang="ar"' in html and t("what_changed", "ar") in html


def test_the_tables_are_for_the_selection_not_its_day(shipped):
    one, other = Selection(TODAY), Selection(D(2016, 5, 1))
    assert page_tables(shipped, one) == page_tables(shipped, other)
    assert page_tables(shipped, one) != page_tables(shipped, dataclasses.replace(one, lang="ar"))


def test_the_browsers_answer_is_the_servers_on_generated_data(tmp_path):
    """The tables are built in one pass over the records (page_tables), the server's answer date by date
    (page_on): on generated data, with many records a day, they must still agree."""
    from tools import synth

    _node()
    root = tmp_path / "synth"
    synth.generate(root, 40, 600, seed=7, force=True)
    prepared = prepare(load_dataset(root, TODAY), TODAY)
    for selection in (
        Selection(TODAY),
        Selection(TODAY, lang="ar", provinces=(next(iter(prepared.site_provinces.values()))[0],)),
    ):
        days = sorted({d + dt.timedelta(days=k) for d in prepared.change_dates(selection) for k in (-1, 0, 1)})
        days = [d for d in days if prepared.span[0] <= d <= prepared.span[1]]
        assert_the_browser_says_what_the_server_says(prepared, selection, days, tmp_path)
