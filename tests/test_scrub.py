"""What the page hands the scrubber (dashboard/mapview/scrub.py): the axis, the change dates it marks and
jumps between, and whether the map may follow the thumb before the date is committed."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.i18n import t
from dashboard.io import load_dataset
from dashboard.mapview.scrub import scrubber_data
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def data():
    return prepare(load_dataset(repository_root()), TODAY)


def test_the_axis_and_the_committed_date(data):
    got = scrubber_data(data, Selection(dt.date(2025, 10, 1)))
    assert (got["first"], got["last"], got["date"], got["today"]) == (
        data.span[0].isoformat(),
        data.span[1].isoformat(),
        "2025-10-01",
        "2026-12-01",
    )
    assert got["follow"] is True


def test_the_ticks_are_the_engines_change_dates_on_the_axis(data):
    got = scrubber_data(data, Selection(TODAY, lang="en", known_then=False))["changes"]
    first, last = data.span
    expected = [d.isoformat() for d in data.all_records.index.change_dates() if first <= d <= last]
    assert got == expected and got == sorted(got) and len(got) > 50
    # Page Up from a date lands where Next would.
    assert next(c for c in got if c > "2025-10-01") == data.next_change(Selection(dt.date(2025, 10, 1))).isoformat()


def test_as_known_then_publications_are_ticks_and_the_map_waits_for_the_commit(data):
    got = scrubber_data(data, Selection(TODAY, lang="en", known_then=True))
    assert got["follow"] is False
    published = {p.isoformat() for p in data.publications if data.span[0] <= p <= data.span[1]}
    assert published <= set(got["changes"])
    assert got["changes"] == sorted(set(got["changes"]))


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_words_and_direction_follow_the_language(data, lang, direction):
    got = scrubber_data(data, Selection(TODAY, lang=lang, known_then=False))
    assert got["dir"] == direction and got["lang"] == lang
    assert got["labels"] == {
        "label": t("scrubber_label", lang),
        "speed": t("scrubber_speed", lang),
        "keys": t("scrubber_keys", lang),
        "play": t("play", lang),
        "stop": t("stop", lang),
    }
