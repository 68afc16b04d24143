"""Issue 22, memory after the last session closes: the launcher runs the server under mimalloc, which
gives back what a closed session freed where Python's own allocator kept it (dashboard/allocator.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dashboard import allocator
from dashboard.paths import repository_root

LIBRARY = Path("/lib/libmimalloc.so.3")


@pytest.mark.parametrize(
    "environ, library, expected",
    [
        (
            {"HOME": "/h"},
            LIBRARY,
            {"HOME": "/h", "LD_PRELOAD": str(LIBRARY), "PYTHONMALLOC": "malloc", allocator.MARKER: "mimalloc"},
        ),
        ({"HOME": "/h"}, None, None),  # the wheel is not installed: Python's defaults
        ({allocator.MARKER: "mimalloc"}, LIBRARY, None),  # already restarted: never twice
        ({"PYTHONMALLOC": "pymalloc_debug"}, LIBRARY, None),  # the user's own choice stands
        ({"LD_PRELOAD": "/lib/libjemalloc.so.2"}, LIBRARY, None),
    ],
)
def test_the_server_is_restarted_under_mimalloc_only_when_nothing_else_was_chosen(environ, library, expected):
    assert allocator.server_environment(environ, library) == expected


def test_the_wheels_library_is_found():
    library = allocator.mimalloc_library()
    assert library is not None and library.is_file() and library.name.startswith("libmimalloc.so.")


# Run by the restarted process: what it runs under, and how much of a freed upload's memory comes back.
PROBE = textwrap.dedent(
    """
    import ctypes, gc, json, os, sys
    from dashboard.session_store import give_back_memory

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    base = rss()
    rows, survivors = [], []
    for i in range(1_000_000):  # an upload's many small objects; a few outlive it
        rows.append(("site-%d" % i, i * 0.5))
        if i % 20_000 == 0:
            survivors.append(("kept-%d" % i,))
    peak = rss()
    del rows
    give_back_memory()
    print(json.dumps({"argv": sys.argv[1:], "maps_mimalloc": "libmimalloc" in open("/proc/self/maps").read(),
                      "pythonmalloc": os.environ.get("PYTHONMALLOC"), "grown": peak - base, "kept": rss() - base}))
    """
)


def test_the_restarted_process_runs_under_mimalloc_and_gives_a_freed_upload_back(tmp_path):
    (tmp_path / "allocator_probe.py").write_text(PROBE)
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONMALLOC", "LD_PRELOAD", allocator.MARKER)}
    environ["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(repository_root())])
    start = "from dashboard import allocator; import sys; allocator.restart_with_mimalloc(['--x'], sys.executable, 'allocator_probe')"
    done = subprocess.run([sys.executable, "-c", start], env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["argv"] == ["--x"] and answer["maps_mimalloc"] and answer["pythonmalloc"] == "malloc"
    assert answer["grown"] > 50
    assert answer["kept"] < 0.25 * answer["grown"], answer
