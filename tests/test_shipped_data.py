"""The data shipped in the repository validates cleanly and quotes its seeds verbatim."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.io import Document, load_dataset
from dashboard.paths import POSTURE, repository_root

ROOT = repository_root()
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT)


def test_shipped_data_has_no_problem(dataset):
    assert not dataset.problems, "\n".join(map(str, dataset.problems))


def test_no_shipped_record_is_left_out(dataset):
    with open(ROOT / POSTURE, encoding="utf-8", newline="") as handle:
        ids = [row["record_id"] for row in csv.DictReader(handle)]
    assert list(dataset.records["record_id"]) == ids


def test_every_quote_is_in_its_document(dataset):
    documents = {
        source.source_id: Document.from_text(source.file, (ROOT / source.file).read_text(encoding="utf-8"))
        for source in dataset.sources.itertuples()
    }
    missing = [
        f"{record.record_id}: {documents[record.source_id].missing_quote(record.quote)}"
        for record in dataset.records.itertuples()
        if documents[record.source_id].missing_quote(record.quote)
    ]
    assert not missing, "\n".join(missing)
    assert len(dataset.records) > 0


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=f"{SHARED_SEEDS} is not present")
def test_seeds_are_byte_identical_to_the_shared_copy():
    def contents(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}

    ours, shared = contents(ROOT / "seeds"), contents(SHARED_SEEDS)
    assert sorted(ours) == sorted(shared)
    assert [name for name in shared if ours[name] != shared[name]] == []
