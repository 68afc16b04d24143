"""The README's promises, checked: two set-up commands, and every command-line example runs."""

import re
import shlex
import subprocess
import sys

import pytest

from dashboard.paths import repository_root

ROOT = repository_root()
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)


def commands(block: str) -> list[str]:
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_a_fresh_machine_needs_exactly_two_commands():
    assert commands(BLOCKS[0]) == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci  # CI runs the README's test command


def test_the_screenshots_the_readme_shows_exist():
    for path in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / path).stat().st_size > 10_000, path


@pytest.mark.parametrize("command", commands(BLOCKS[1]), ids=lambda c: " ".join(c.split()[:3]))
def test_every_command_line_example_runs(command, tmp_path):
    args = shlex.split(command)
    assert args[:2] == ["python", "-m"]
    # Outputs go to a temporary folder; everything else is run as written.
    args = [str(tmp_path / a.split("/")[-1]) if i and args[i - 1] == "--out" else a for i, a in enumerate(args)]
    result = subprocess.run([sys.executable, *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    if "--out" in args:
        assert (tmp_path / args[args.index("--out") + 1].split("/")[-1]).exists()


DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def _documented_columns(file: str) -> set[str]:
    """The columns data/README.md's table under `### `file`` (or its story section) names."""
    heading = re.search(rf"^#+ .*`{re.escape(file)}`$", DATA_README, re.M)
    section = DATA_README[heading.end() :].split("\n#", 1)[0]
    names: set[str] = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", section, re.M):
        names |= set(re.findall(r"`([^`]+)`", row))
    return names


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("data/sources.csv", "SOURCE_COLUMNS"),
        ("data/posture.csv", "POSTURE_COLUMNS"),
        ("data/citations.csv", "CITATION_COLUMNS"),
        ("data/story.csv", "STORY_COLUMNS"),
    ],
)
def test_data_readme_explains_every_column_the_validator_reads(file, columns):
    from dashboard.io import schema

    assert _documented_columns(file) == set(getattr(schema, columns))


def test_the_readmes_picture_of_coverage_is_the_shipped_records():
    """Issue 21: the records-per-year table (and the chart drawn from the same counts) says what the data holds."""
    from dashboard.io import load_dataset
    from tools.coverage import chart, markdown_table, records_per_year

    counts = records_per_year(load_dataset(ROOT))
    assert markdown_table(counts) in README
    # The chart is redrawn from the same counts; matplotlib and its bundled font are pinned by the lock.
    assert (ROOT / "docs" / "records-per-year.png").read_bytes() == chart(counts), "run python -m tools.coverage"
    assert min(year for year, (seed, web) in counts.items() if year >= 2014 and seed + web) == 2014


def test_the_number_of_sites_above_which_the_readme_says_the_map_uses_a_canvas_is_the_maps():
    said = re.search(r"more than ([\d,]+) point sites", README)
    script = (ROOT / "dashboard" / "mapview" / "web" / "sitemap.js").read_text(encoding="utf-8")
    assert said and int(said.group(1).replace(",", "")) == int(re.search(r"var CANVAS_FROM = (\d+);", script).group(1))
