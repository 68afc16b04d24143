"""bench/soak.py's figures: growth between windows of samples, and the table's one reading a minute."""

from __future__ import annotations

import sys

import pytest

from dashboard.paths import repository_root

sys.path.insert(0, str(repository_root() / "bench"))
from soak import growth, per_minute  # noqa: E402


@pytest.mark.parametrize(
    "samples, expected",
    [
        ([], []),
        ([(0, 100)], [(0, 100)]),
        ([(0, 100), (10, 900), (59.9, 50), (60, 200), (130, 300)], [(0, 100), (60, 200), (130, 300)]),
    ],
)
def test_the_table_shows_the_first_reading_of_each_minute(samples, expected):
    assert per_minute(samples) == expected


def test_growth_compares_the_medians_of_the_first_and_last_windows_after_warm_up():
    # Warm-up (ignored), then a window at 100 MB with one spike, then one at 110 MB with one dip.
    samples = [(t, 5000) for t in range(0, 60, 10)]
    samples += [(t, 1500 if t == 80 else 100) for t in range(60, 120, 10)]
    samples += [(t, 50 if t == 150 else 110) for t in range(120, 180, 10)]
    assert growth(samples, warmup_s=60, window_s=50) == (100, 110, pytest.approx(10.0))


def test_too_few_samples_after_warm_up_says_so():
    with pytest.raises(SystemExit, match="too few samples after warm-up"):
        growth([(0, 100)], warmup_s=60, window_s=300)


@pytest.mark.parametrize(
    "samples, expected",
    [
        ([], []),
        ([(0, 100), (30, 300), (60, 1000)], [200]),  # the last window has begun only: left out
        ([(0, 100), (30, 300), (60, 500), (90, 700), (120, 9)], [200, 600]),
    ],
)
def test_each_whole_windows_median_is_listed_in_order(samples, expected):
    from soak import window_medians

    assert window_medians(samples, 60) == expected
