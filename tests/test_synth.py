"""`python -m tools.synth`: small synthetic datasets validate, are reproducible and cover every case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import clock, validate
from dashboard.engine import PostureIndex
from dashboard.io import load_dataset
from dashboard.paths import CITATIONS, POSTURE, SOURCES
from dashboard.vocabulary import CLAIMS, GRADES, OFFICIAL, PRECISIONS, SEED, STATUSES, UNCONFIRMED
from tools import synth

REPO = Path(__file__).resolve().parent.parent
SITES, RECORDS = 30, 200


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=[0, 1, 2])
def dataset(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"synth{request.param}")
    synth.generate(root, SITES, RECORDS, seed=request.param, force=True)
    return load_dataset(root)


def test_validator_finds_no_problem(dataset, capsys):
    assert dataset.problems == ()
    assert validate.main([str(dataset.root)]) == 0
    assert capsys.readouterr().out.strip() == f"OK: 6 sources, {SITES} sites, {RECORDS} records, 0 problems"


def test_sites_and_records_have_the_requested_shape(dataset):
    sites, records = dataset.sites, dataset.records
    assert len(sites) == SITES and len(records) == RECORDS
    assert set(sites["site_id"]) <= set(records["site_id"])  # every site has a record
    assert records["record_id"].is_unique
    assert set(sites.geom_type) == {"Point", "Polygon"}
    assert (sites.geom_type == "Point").sum() > (sites.geom_type == "Polygon").sum()
    assert all(dataset.site_provinces[s] == (p,) for s, p in zip(sites["site_id"], sites["province"], strict=True))
    assert {d.year for d in records["date"]} <= set(range(2014, 2027))
    assert list(records["date"]) == sorted(records["date"])


def test_every_status_claim_and_kind_of_record_appears(dataset):
    records = dataset.records
    assert set(records["status"]) == set(STATUSES)
    assert set(records["claim"]) == set(CLAIMS)
    assert set(records["grade"]) == set(GRADES)
    assert set(records["date_precision"]) == set(PRECISIONS)
    national = records[records["site_id"] == ""]
    assert national["troops"].notna().any() and records.loc[records["site_id"] != "", "troops"].isna().all()
    assert (records["moved_to"] != "").any()


def test_every_record_cites_a_seed_with_a_quote_and_earns_its_grade(dataset):
    records, citations = dataset.records, dataset.citations
    assert set(citations["record_id"]) == set(records["record_id"])
    kinds = dict(zip(dataset.sources["source_id"], dataset.sources["kind"], strict=True))
    assert {kinds[s] for s in citations["source_id"]} == {SEED}
    assert citations["quote"].str.strip().ne("").all()
    # Every synthetic source has one publisher, so an A rests on an official statement.
    official = set(citations.loc[citations["official"] == OFFICIAL, "record_id"])
    graded_a = set(records.loc[records["grade"] == "A", "record_id"])
    assert graded_a and graded_a <= official
    assert records.loc[records["grade"] == UNCONFIRMED, "note"].str.strip().ne("").all()


def test_nothing_but_plans_is_dated_after_today_or_its_source(dataset):
    published = dict(zip(dataset.sources["source_id"], dataset.sources["published"], strict=True))
    latest = dataset.citations.groupby("record_id")["source_id"].agg(lambda ids: max(published[i] for i in ids))
    facts = dataset.records[dataset.records["claim"] != "planned"]
    assert all(day <= latest[record] for record, day in zip(facts["record_id"], facts["date"], strict=True))
    assert max(facts["date"]) <= clock.today()


def test_plans_come_after_their_source_and_some_are_confirmed_others_overdue(dataset):
    records, index = dataset.records, PostureIndex.from_records(dataset.records)
    published = dict(zip(dataset.sources["source_id"], dataset.sources["published"], strict=True))
    cited = dict(zip(dataset.citations["record_id"], dataset.citations["source_id"], strict=True))
    plans = records[records["claim"] == "planned"]
    assert all(day > published[cited[record]] for day, record in zip(plans["date"], plans["record_id"], strict=True))
    facts = records[records["claim"] != "planned"]
    confirmed = [
        plan
        for plan in plans.itertuples()
        if ((facts["site_id"] == plan.site_id) & (facts["status"] == plan.status) & (facts["date"] >= plan.date)).any()
    ]
    assert confirmed and len(confirmed) < len(plans)
    assert any(site for site in index.overdue_at(dt.date(2026, 12, 31)))


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    first, again, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for root, seed in ((first, 5), (again, 5), (other, 6)):
        synth.generate(root, SITES, RECORDS, seed=seed)
    assert files_under(first) == files_under(again)
    changed = {name for name, data in files_under(first).items() if files_under(other).get(name) != data}
    assert {"geo/sites.geojson", POSTURE, CITATIONS, "seeds/synth_01.txt"} <= changed
    assert {SOURCES, POSTURE, CITATIONS} <= set(files_under(first))


def test_force_replaces_generated_files_and_keeps_others(tmp_path, capsys):
    synth.main(["--sites", "5", "--records", "20", "--out", str(tmp_path), "--sources", "6"])
    (tmp_path / "notes.txt").write_text("mine")
    assert synth.main(["--sites", "4", "--records", "9", "--out", str(tmp_path), "--sources", "3", "--force"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "seeds").iterdir()) == ["synth_01.txt", "synth_02.txt", "synth_03.txt"]
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert load_dataset(tmp_path).problems == ()


@pytest.mark.parametrize("sites, records", [(1, 1), (2, 2), (7, 7), (3, 40)])
def test_tiny_datasets_are_valid(tmp_path, sites, records):
    synth.generate(tmp_path, sites, records, seed=4)
    dataset = load_dataset(tmp_path)
    assert dataset.problems == () and (len(dataset.sites), len(dataset.records)) == (sites, records)
    assert len(dataset.citations) >= records
    if records >= len(STATUSES):  # enough rows to show every status and claim, so they all appear
        assert set(dataset.records["status"]) == set(STATUSES) and set(dataset.records["claim"]) == set(CLAIMS)


# (argv after the defaults below, words the error message must contain)
BAD_ARGUMENTS = [
    (["--sites", "-3"], "--sites must be at least 1"),
    (["--sites", "0"], "--sites must be at least 1"),
    (["--records", "9"], "--records must be at least --sites (10)"),
    (["--records", "-1"], "--records must be at least --sites"),
    (["--seed", "-1"], "--seed must be 0 or more"),
    (["--sources", "1"], "--sources must be 2 to 99"),
    (["--sites", "ten"], "invalid int value: 'ten'"),
]


@pytest.mark.parametrize("extra, message", BAD_ARGUMENTS, ids=[m for _, m in BAD_ARGUMENTS])
def test_bad_arguments_exit_2_with_a_message(tmp_path, capsys, extra, message):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit:
        synth.main(["--sites", "10", "--records", "20", "--out", str(out), *extra])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def out_not_empty(tmp_path: Path) -> tuple[Path, list[str]]:
    (tmp_path / "keep.txt").write_text("x")
    return tmp_path, []


def out_is_a_file(tmp_path: Path) -> tuple[Path, list[str]]:
    (tmp_path / "file").write_text("x")
    return tmp_path / "file", ["--force"]


def out_is_the_repository(tmp_path: Path) -> tuple[Path, list[str]]:
    return REPO, ["--force"]


@pytest.mark.parametrize(
    "place, message",
    [
        (out_not_empty, "is not empty; pass --force"),
        (out_is_a_file, "is not a directory"),
        (out_is_the_repository, "refusing to overwrite the project's data"),
    ],
)
def test_bad_out_exits_2_and_writes_nothing(tmp_path, capsys, place, message):
    out, extra = place(tmp_path)
    before = files_under(tmp_path) if out != REPO else files_under(REPO / "data")
    with pytest.raises(SystemExit) as exit:
        synth.main(["--sites", "3", "--records", "3", "--out", str(out), *extra])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err
    assert before == (files_under(tmp_path) if out != REPO else files_under(REPO / "data"))
