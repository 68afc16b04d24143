"""The prepared shipped data kept on disk between server starts (dashboard/prepared_cache.py)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil

import pytest

from dashboard import prepared_cache
from dashboard.io import dataset_fingerprint, load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.prepared_cache import load_or_build
from dashboard.selection import Selection

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def root(tmp_path):
    """A copy of the shipped data (seeds, data, geo) whose files a test may touch."""
    copy = tmp_path / "root"
    for part in ("data", "geo", "seeds"):
        shutil.copytree(repository_root() / part, copy / part)
    return copy


def counted(root, today=TODAY):
    calls = []

    def build():
        calls.append(1)
        return prepare(load_dataset(root, today), today)

    return build, calls


def test_a_restarted_server_reads_back_what_the_first_one_prepared(root, tmp_path):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    first = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    again = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1] and again is not first
    # The same answers, the read-only mappings still read-only, and the map's timeline kept with it.
    assert again.span == first.span and again.site_names == first.site_names
    as_known = Selection(dt.date(2025, 1, 1), known_then=True)
    assert again.next_change(as_known) == first.next_change(as_known)
    assert again.all_records.timeline == first.all_records.timeline
    with pytest.raises(TypeError):
        again.site_names["en"]["ain-al-asad"] = "changed"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: os.utime(root / "data/posture.csv", ns=(1, 1)), id="a data file touched"),
        pytest.param(lambda root: (root / "data/story.csv").unlink(), id="a file removed"),
    ],
)
def test_a_changed_data_file_is_prepared_again(root, tmp_path, change):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    change(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1]


def test_another_day_or_other_code_is_another_key(root):
    fingerprint = dataset_fingerprint(root)
    key = prepared_cache.cache_key(root, fingerprint, TODAY, "code-1")
    assert key != prepared_cache.cache_key(root, fingerprint, TODAY + dt.timedelta(days=1), "code-1")
    assert key != prepared_cache.cache_key(root, fingerprint, TODAY, "code-2")


def test_the_code_version_follows_every_python_file_of_the_package(tmp_path):
    package = tmp_path / "pkg"
    (package / "io").mkdir(parents=True)
    (package / "io" / "load.py").write_text("A = 1\n")
    before = prepared_cache.code_version(package)
    (package / "io" / "load.py").write_text("A = 2\n")
    assert prepared_cache.code_version(package) != before


def test_a_file_that_cannot_be_read_back_is_rebuilt_and_said(root, tmp_path, caplog):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    (kept,) = folder.glob("prepared-*.pickle")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    with caplog.at_level(logging.WARNING, logger="dashboard.prepared_cache"):
        again = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1] and again.span[1] >= TODAY
    assert "could not be read back" in caplog.text and kept.name in caplog.text
    assert kept.stat().st_size > 1000  # replaced by a whole one


def test_a_folder_others_can_write_to_is_not_used(root, tmp_path, caplog):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    build, calls = counted(root)
    with caplog.at_level(logging.WARNING, logger="dashboard.prepared_cache"):
        load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
        load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1] and list(folder.iterdir()) == []
    assert "another user can write to it" in caplog.text


def test_data_with_problems_is_never_kept(root, tmp_path):
    (root / "data/posture.csv").write_text("record_id\nR1\n", encoding="utf-8")
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    for _ in range(2):
        assert load_or_build(folder, root, dataset_fingerprint(root), TODAY, build).dataset.problems
    assert calls == [1, 1] and list(folder.glob("prepared-*")) == []


def test_only_the_newest_files_are_kept(root, tmp_path):
    folder = tmp_path / "prepared"
    build, _ = counted(root)
    for day in range(prepared_cache.KEEP + 2):
        today = TODAY + dt.timedelta(days=day)
        build, _ = counted(root, today)
        load_or_build(folder, root, dataset_fingerprint(root), today, build)
    assert len(list(folder.glob("prepared-*.pickle"))) == prepared_cache.KEEP
    assert list(folder.glob(".prepared-*")) == []  # no half-written file left behind


def test_off_keeps_nothing(monkeypatch, root, tmp_path):
    from dashboard import paths

    monkeypatch.setenv("POSTURE_PREPARED_CACHE", "off")
    assert paths.prepared_dir() is None
    build, calls = counted(root)
    for _ in range(2):
        load_or_build(paths.prepared_dir(), root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1]
