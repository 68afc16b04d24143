"""bench/stall.py's builders' browser: started at the lowest priority, so that on the bench's one machine
their page rendering does not take the reader's cores, as it would not from their readers' own machines."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.paths import repository_root

sys.path.insert(0, str(repository_root() / "bench"))
from stall import idle_chromium  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="scheduling policies are Linux's")


def test_the_builders_browser_runs_at_the_lowest_priority_and_gets_every_argument(tmp_path):
    browser = tmp_path / "chromium"  # stands in for Chromium: says how it was started
    browser.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "print(os.sched_getscheduler(0) == os.SCHED_IDLE, os.nice(0), sys.argv[1:])\n"
    )
    browser.chmod(0o700)
    out = subprocess.run([idle_chromium(str(browser), tmp_path), "--headless", "a b"], capture_output=True, text=True)
    idle, niceness, argv = out.stdout.split(" ", 2)
    assert out.returncode == 0, out.stderr
    assert argv.strip() == str(["--headless", "a b"])
    assert (idle, int(niceness)) == ("True", 19)  # Linux lets any process lower itself to SCHED_IDLE
