"""What the page hands the scrubber (dashboard/mapview/scrub.py): the axis, the change dates it marks and
jumps between, where Previous and Next go, and whether the map may follow the thumb before the date is
committed."""

from __future__ import annotations

import dataclasses
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
        "previous": t("previous", lang),
        "next": t("next", lang),
        "today": t("today", lang),
    }


# Issue 18: Previous, Next and Today live in the scrubber; from the committed date they go where the
# engine says, from a day the thumb was moved to, to the neighbouring tick.
@pytest.mark.parametrize(
    "selection",
    [
        Selection(dt.date(2024, 9, 27)),
        Selection(dt.date(2024, 9, 27), provinces=("IQ-AN",), forces="US"),
        Selection(dt.date(2024, 3, 1), known_then=True),
    ],
    ids=["all", "anbar-us", "known-then"],
)
def test_previous_and_next_from_the_committed_date_are_the_engines(data, selection):
    got = scrubber_data(data, selection)
    assert got["previous"] == data.previous_change(selection).isoformat()
    assert got["next"] == data.next_change(selection).isoformat()


def test_the_ends_of_the_record_have_no_previous_or_next(data):
    first_change = data.all_records.index.change_dates()[0]
    assert scrubber_data(data, Selection(first_change))["previous"] is None
    assert scrubber_data(data, Selection(data.span[1]))["next"] is None


@pytest.mark.parametrize("selection", [Selection(TODAY), Selection(TODAY, provinces=("IQ-AR",), forces="US")])
def test_where_the_map_follows_the_thumb_the_neighbouring_tick_is_where_the_engine_steps(data, selection):
    """Mid-flight (the thumb moved, not yet committed) the browser steps to the neighbouring tick; that
    must be the engine's own step from that day, on every day of the axis."""
    ticks = [dt.date.fromisoformat(c) for c in scrubber_data(data, selection)["changes"]]
    first, last = data.span
    for n in range(first.toordinal(), last.toordinal() + 1, 3):
        day = dt.date.fromordinal(n)
        after = next((c for c in ticks if c > day), None)
        before = next((c for c in reversed(ticks) if c < day), None)
        on = dataclasses.replace(selection, day=day)
        assert (before, after) == (data.previous_change(on), data.next_change(on)), day


def test_as_known_then_next_goes_to_the_publication_that_reveals_more(data):
    day = dt.date(2024, 3, 1)
    following = dt.date.fromisoformat(scrubber_data(data, Selection(day, known_then=True))["next"])
    assert (
        following in set(data.publications)
        or following in data.view(Selection(day, known_then=True)).index.change_dates()
    )
