"""Heavy downloads built in worker processes (dashboard/builds.py, issue 22: built in the server, a GIF held
every reader's step for seconds, six at once took 1.9 GB for good, with no progress and no cancel)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from dashboard import clock
from dashboard.builds import KINDS, WORKER_NICENESS, BuildPool, BuildRequest, build, read_progress, write_progress
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.slides.animation import thin_dates

DAY = dt.date(2020, 1, 1)
MAGIC = {
    "png": b"\x89PNG",
    "gif": b"GIF89a",
    "deck": b"PK",
    "story_deck": b"PK",
    "standalone": b"<!DOCTYPE html>",
    "gpkg": b"SQLite format 3",
    "kml": b"<kml",
}


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(repository_root()), clock.today())


@pytest.fixture(scope="module")
def pool():
    pool = BuildPool(workers=1)
    yield pool
    pool.close()


def request(shipped, kind: str, frames: int = 4, **view) -> BuildRequest:
    selection = Selection(DAY, **view)
    dates = thin_dates(shipped.change_dates(selection), frames) if kind in ("gif", "deck") else ()
    return BuildRequest(kind, shipped.dataset, clock.today(), selection, tuple(dates))


def wait_for(build, phases: set[str], seconds: float = 120):
    deadline = time.monotonic() + seconds
    while (state := build.state()).phase not in phases:
        assert time.monotonic() < deadline, f"still {state} after {seconds} s"
        time.sleep(0.05)
    return state


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_builds_its_file(shipped, kind):
    made = build(request(shipped, kind))
    assert made.lstrip()[: len(MAGIC[kind])] == MAGIC[kind] or MAGIC[kind] in made[:200]


def test_an_unknown_kind_is_refused_by_name(shipped):
    with pytest.raises(ValueError, match="unknown build kind 'mp4'"):
        BuildRequest("mp4", shipped.dataset, clock.today(), Selection(DAY))


def test_a_build_in_the_pool_reports_progress_and_delivers(pool, shipped):
    handle = pool.submit(request(shipped, "gif", frames=12))
    seen = []
    while (state := handle.state()).phase in ("queued", "running"):
        if state.phase == "running" and state.total:
            seen.append((state.done, state.total))
        time.sleep(0.02)
    assert state.phase == "done" and state.result.startswith(b"GIF89a")
    assert seen and all(total == 12 for _, total in seen) and seen == sorted(seen)


def test_with_every_worker_busy_a_build_waits_and_says_how_many_are_ahead(pool, shipped):
    first = pool.submit(request(shipped, "gif", frames=12))
    second = pool.submit(request(shipped, "png"))
    assert second.state().phase == "queued" and second.state().ahead == 1
    first.cancel()  # a running build is stopped: its worker is ended
    assert wait_for(first, {"cancelled"}).phase == "cancelled"
    assert wait_for(second, {"done"}).result.startswith(b"\x89PNG")


def test_a_queued_build_can_be_cancelled_before_it_starts(pool, shipped):
    first = pool.submit(request(shipped, "gif", frames=12))
    second = pool.submit(request(shipped, "png"))
    second.cancel()
    assert second.state().phase == "cancelled"
    first.cancel()


def test_a_failed_build_says_why(pool, shipped):
    handle = pool.submit(request(shipped, "png", provinces=("IQ-XX",)))
    state = wait_for(handle, {"done", "failed"})
    assert state.phase == "failed" and "IQ-XX" in state.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3 10", (3, 10)), ("", (0, 0)), ("3", (0, 0)), ("x y", (0, 0)), (None, (0, 0))],
)
def test_progress_files_are_read_as_numbers_or_not_at_all(tmp_path, text, expected):
    path = tmp_path / "p.progress"
    if text is not None:
        path.write_text(text, encoding="ascii")
    assert read_progress(path) == expected


def test_progress_is_written_whole(tmp_path):
    path = tmp_path / "p.progress"
    write_progress(path, 4, 9)
    assert read_progress(path) == (4, 9) and [p.name for p in tmp_path.iterdir()] == ["p.progress"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), ("1", 1), (" 2 ", 2), ("0", None), ("-1", None), ("two", None), ("²", None), ("", None)],
)
def test_the_number_of_workers_is_one_per_core_unless_set(value, expected):
    import os

    from dashboard.builds import WORKERS_ENV_VAR, workers_wanted

    assert workers_wanted({WORKERS_ENV_VAR: value}) == (expected or os.cpu_count() or 1)


def test_a_worker_is_at_the_lowest_priority_before_it_is_handed_its_build(pool):
    """The worker lowers its priority as it starts, so reading its build's data (about 1 MB pickled) runs
    beside the server at the lowest priority too. Before, only the build itself did: anything the worker
    ran first, at the normal priority, competed with the readers' pages (seen in `ps` during bench/stall.py)."""
    policy = pool._pool.schedule(os.sched_getscheduler, args=(0,)).result(timeout=60)
    niceness = pool._pool.schedule(os.getpriority, args=(os.PRIO_PROCESS, 0)).result(timeout=60)
    assert policy == os.SCHED_IDLE or niceness == WORKER_NICENESS


def test_issue_22_the_save_button_hands_over_the_built_file_and_keeps_no_build_alive(pool, shipped):
    """The Save button's file is read from the build when pressed (page/builds.py): given as bytes, it was
    hashed and stored again on every run that drew the button. Streamlit keeps the button's callable
    after the build is let go (another view asked, or the session closed); it must not keep the file."""
    import gc
    import weakref

    from dashboard.page.builds import _built_file

    handle = pool.submit(request(shipped, "png"))
    made = wait_for(handle, {"done"}).result
    press = weakref.ref(handle)
    assert _built_file(press) == made and made.startswith(MAGIC["png"])
    del handle
    gc.collect()
    with pytest.raises(ReferenceError):  # Streamlit then says the file could not be made
        _built_file(press)
