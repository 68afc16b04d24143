"""The server's memory allocator: mimalloc for every Python object, so that what a closed session freed
goes back to the system.

Why: Python's own allocator (pymalloc) keeps its objects in 1 MiB arenas and gives an arena back only
once every object in it is freed. A 20,000-record upload makes millions of small objects, interleaved
with the few that outlive it (cache entries, widget metadata), so after eight sessions had uploaded and
closed, pymalloc held 504 arenas (528 MB) for 106 MB of live objects, and the server stayed at 717 MB
against 291 MB before the first upload (issue 22; /proc's smaps and `sys._debugmallocstats`).
`PYTHONMALLOC=malloc` alone brought that to 377 MB but glibc's malloc made the engine's object-heavy
queries about twice as slow; mimalloc (the `cmeel-mimalloc` wheel) is as fast as pymalloc there and
returns freed pages (bench/results.md, "Soak").

Both must be in place before the interpreter starts, so the launcher starts itself again with them
(`launch.main`). `streamlit run dashboard/app.py` keeps Python's defaults.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

MARKER = "POSTURE_ALLOCATOR"  # set in the restarted process: it never restarts twice
WHEEL = "cmeel-mimalloc"


def mimalloc_library() -> Path | None:
    """The shared library the `cmeel-mimalloc` wheel installed, or None (not installed, or no file)."""
    try:
        files = metadata.files(WHEEL) or []
    except metadata.PackageNotFoundError:
        return None
    # The versioned name (libmimalloc.so.3): the unversioned one is a development link on some systems.
    for name in sorted((str(f) for f in files if "libmimalloc.so." in str(f)), key=len):
        path = Path(metadata.distribution(WHEEL).locate_file(name))
        if path.is_file():
            return path.resolve()
    return None


def server_environment(environ: dict[str, str], library: Path | None) -> dict[str, str] | None:
    """The environment to start the server again in, with mimalloc for Python's objects; None when it
    must not be: already restarted, no library, or a `PYTHONMALLOC` or `LD_PRELOAD` the user chose."""
    if library is None or environ.get(MARKER) or environ.get("PYTHONMALLOC") or environ.get("LD_PRELOAD"):
        return None
    return {**environ, "LD_PRELOAD": str(library), "PYTHONMALLOC": "malloc", MARKER: "mimalloc"}


def restart_with_mimalloc(argv: list[str], executable: str, module: str = "dashboard.launch") -> None:
    """Replace this process by `executable -m module argv` under mimalloc, when `server_environment`
    allows; otherwise return and let the caller go on."""
    environment = server_environment(dict(os.environ), mimalloc_library())
    if environment is None:
        return
    os.execve(executable, [executable, "-m", module, *argv], environment)
