"""bench/results.md's sections written by the soak and the stall commands survive bench/run.py's rewrite."""

from __future__ import annotations

import sys

import pytest

from dashboard.paths import repository_root

sys.path.insert(0, str(repository_root() / "bench"))
from results_sections import keep_sections, replace_section, sections  # noqa: E402


def test_a_section_is_added_then_replaced_in_place(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("# Results\n\nfigures\n", encoding="utf-8")
    replace_section(path, "soak", "## Soak\nfirst")
    replace_section(path, "stall", "## Stall\nonly")
    replace_section(path, "soak", "## Soak\nsecond")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Results\n\nfigures\n")
    assert "first" not in text and text.index("second") < text.index("## Stall")
    assert [s.splitlines()[0] for s in sections(text)] == ["<!-- soak -->", "<!-- stall -->"]


@pytest.mark.parametrize("old", ["", "# old report\n", "# old\n<!-- soak -->\nS\n<!-- /soak -->\n"])
def test_the_run_report_keeps_the_other_commands_sections(old):
    new = keep_sections(old, "# new report\n")
    assert new.startswith("# new report\n") and "old report" not in new
    assert ("<!-- soak -->\nS\n<!-- /soak -->" in new) is ("<!-- soak -->" in old)
