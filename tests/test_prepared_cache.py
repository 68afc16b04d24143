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


def _same_size_same_time(root) -> None:
    path = root / "data/posture.csv"
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("formally withdrew", "formally WITHDREW", 1), encoding="utf-8")
    assert path.stat().st_size == info.st_size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


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
    for name in ("records", "citations", "sources"):
        assert getattr(again.dataset, name).equals(getattr(first.dataset, name)), name
    assert again.dataset.sites.equals(first.dataset.sites) and again.dataset.story == first.dataset.story
    with pytest.raises(TypeError):
        again.site_names["en"]["ain-al-asad"] = "changed"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    (kept,) = folder.glob("prepared-*")
    assert {oct(p.stat().st_mode & 0o777) for p in kept.iterdir()} == {"0o600"}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: (root / "data/story.csv").unlink(), id="a file removed"),
        # Issue 22, defect 8: an edit that keeps the file's size and modification time.
        pytest.param(_same_size_same_time, id="an edit of the same size and time"),
    ],
)
def test_a_changed_data_file_is_prepared_again(root, tmp_path, change):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    change(root)
    again = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1]
    if (root / "data/story.csv").exists():
        assert again.dataset.records["summary_en"].iloc[0] == load_dataset(root, TODAY).records["summary_en"].iloc[0]


def test_a_file_touched_but_not_changed_is_the_same_data(root, tmp_path):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    os.utime(root / "data/posture.csv", ns=(1, 1))
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1]  # the key is the contents: read back


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


def _cut(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut short, as by a full disk


def _foreign(path):
    path.write_bytes(b"PAR1 not what was written")  # a file of another kind under the same name


def _open_to_all(path):
    path.chmod(0o666)  # anyone could have replaced it


@pytest.mark.parametrize(
    "name, spoil",
    [
        ("records.parquet", _cut),
        ("sites.parquet", _foreign),
        ("facts.json", _cut),
        ("manifest.json", _cut),
        ("records.parquet", _open_to_all),
    ],
)
def test_a_kept_copy_that_cannot_be_trusted_is_rebuilt_and_said(root, tmp_path, caplog, name, spoil):
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    first = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    (kept,) = folder.glob("prepared-*")
    spoil(kept / name)
    with caplog.at_level(logging.WARNING, logger="dashboard.prepared_cache"):
        again = load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1] and again.span == first.span
    assert "could not be read back" in caplog.text and kept.name in caplog.text
    assert prepared_cache.load_or_build(folder, root, dataset_fingerprint(root), TODAY, build) is not None
    assert calls == [1, 1]  # replaced by a whole one, read back the next time


def test_issue_22_a_planted_file_is_never_read(root, tmp_path):
    """What a kept copy holds is data: Parquet and JSON, checked against its manifest. A script planted
    beside them is neither read nor run, and a kept file changed to carry one is refused."""
    folder = tmp_path / "prepared"
    build, calls = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    (kept,) = folder.glob("prepared-*")
    marker = tmp_path / "ran"
    (kept / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1] and not marker.exists()  # an unknown file: the copy is set aside and rebuilt
    assert not list(folder.rglob("*.pickle")) and not list(folder.rglob("*.py"))


def test_a_killed_writer_leaves_nothing_that_lasts(root, tmp_path):
    folder = tmp_path / "prepared"
    folder.mkdir(mode=0o700)
    old = folder / ".prepared-killed"
    old.mkdir()
    (old / "records.parquet").write_bytes(b"x" * 1000)
    os.utime(old, (1, 1))  # long ago
    fresh = folder / ".prepared-writing"  # another server's write in progress: left alone
    fresh.mkdir()
    build, _ = counted(root)
    load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert not old.exists() and fresh.exists()


def test_a_folder_others_can_write_to_is_not_used(root, tmp_path, caplog):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    build, calls = counted(root)
    with caplog.at_level(logging.WARNING, logger="dashboard.prepared_cache"):
        load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
        load_or_build(folder, root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1] and list(folder.iterdir()) == []
    assert "another user owns it or can write to it" in caplog.text


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
    assert len(list(folder.glob("prepared-*"))) == prepared_cache.KEEP
    assert list(folder.glob(".prepared-*")) == []  # no half-written copy left behind


def test_off_keeps_nothing(monkeypatch, root, tmp_path):
    from dashboard import paths

    monkeypatch.setenv("POSTURE_PREPARED_CACHE", "off")
    assert paths.prepared_dir() is None
    build, calls = counted(root)
    for _ in range(2):
        load_or_build(paths.prepared_dir(), root, dataset_fingerprint(root), TODAY, build)
    assert calls == [1, 1]
