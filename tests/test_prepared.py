"""Stepping through the picture as it was known then: publication dates are steps too."""
import datetime as dt

import pytest

from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare

D = dt.date


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(repository_root()))


def walk(data, start, known_then, direction):
    step = data.next_change if direction == "next" else data.previous_change
    days, day = [], start
    while (day := step(day, known_then)) is not None:
        days.append(day)
    return days


def test_without_known_then_steps_are_the_change_dates(shipped):
    first = shipped.all_records.index.change_dates()[0]
    assert walk(shipped, first, False, "next") == list(shipped.all_records.index.change_dates()[1:])


def test_known_then_steps_reach_every_publication_and_the_last_change(shipped):
    published = sorted(set(shipped.dataset.sources["published"]))
    days = walk(shipped, published[0] - dt.timedelta(days=1), True, "next")
    assert days == sorted(set(days))  # strictly forward
    assert set(published) <= set(days)
    assert days[-1] == shipped.all_records.index.change_dates()[-1]


def test_known_then_previous_is_next_in_reverse(shipped):
    last = shipped.all_records.index.change_dates()[-1]
    forward = walk(shipped, D(2000, 1, 1), True, "next")
    backward = walk(shipped, last, True, "previous")
    assert backward == list(reversed(forward[:-1]))


@pytest.mark.parametrize("on, expected", [
    (D(2024, 1, 25), D(2024, 2, 1)),  # nothing known yet: the first publication
    (D(2024, 3, 1), D(2025, 8, 19)),  # the brief's picture holds until the next document
])
def test_known_then_next_from(shipped, on, expected):
    assert shipped.next_change(on, True) == expected


def test_nothing_before_the_first_publication(shipped):
    assert shipped.previous_change(D(2024, 2, 1), True) is None
