"""Start the dashboard: `python -m dashboard.launch [streamlit options]` (what `make run` does).

Streamlit serves `<folder of the main script>/static/` and the map's Leaflet files and data must be
served from this machine, so the page needs a writable folder beside its main script. That folder is
the run folder, `$POSTURE_RUN_DIR` or `$XDG_CACHE_HOME/posture-dashboard` (default
`~/.cache/posture-dashboard`), never the installed package, which may be read-only. The launcher
writes a two-line main script there and runs Streamlit on it with the options below; any option given
on the command line wins (e.g. `--server.address 0.0.0.0` to serve on a network).
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import threading
from pathlib import Path

from dashboard import allocator, paths
from dashboard.run_folder import RunFolderError, trusted_run_folder

# Guarded: a build worker (dashboard/builds.py) runs the server's main script again as "__mp_main__", as
# multiprocessing does for every process it starts; unguarded, each worker drew the whole page, without a
# server, at the normal priority, before its build (seconds of work beside the readers, and a log full of
# Streamlit's "missing ScriptRunContext"). Streamlit runs it as "__main__".
MAIN_SCRIPT = 'if __name__ == "__main__":\n    from dashboard.app import main\n\n    main()\n'
MAX_UPLOAD_MB = 5  # the page refuses bigger files anyway; the server should not read them whole first

# Options of a page for readers on this machine: localhost only, nothing sent to third parties.
OPTIONS = {
    "server.address": "localhost",
    "server.port": "8501",
    "server.headless": "true",
    "server.enableStaticServing": "true",
    "server.fileWatcherType": "none",  # see .streamlit/config.toml
    "runner.postScriptGC": "false",  # see .streamlit/config.toml
    "server.maxUploadSize": str(MAX_UPLOAD_MB),
    "browser.gatherUsageStats": "false",
    "browser.serverAddress": "localhost",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",  # tracebacks go to the server log, not to readers
    "global.developmentMode": "false",
}


def main_script(run_dir: Path) -> Path:
    """The page's main script in `run_dir`, written if missing or different: readable by this user only,
    and whole or not at all (a reader never sees half of it)."""
    run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    script = run_dir / "posture_app.py"
    if not script.is_file() or script.read_text(encoding="utf-8") != MAIN_SCRIPT:
        handle, name = tempfile.mkstemp(dir=run_dir, prefix=".posture_app.", suffix=".partial")  # mode 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(MAIN_SCRIPT)
        os.replace(name, script)
    return script


def command(argv: list[str], run_dir: Path) -> list[str]:
    """The `streamlit run` arguments: our options, unless `argv` gives them, then `argv`."""
    given = {arg.split("=", 1)[0].lstrip("-") for arg in argv if arg.startswith("--")}
    options = [f"--{name}={value}" for name, value in OPTIONS.items() if name not in given]
    return ["streamlit", "run", str(main_script(run_dir)), *options, *argv]


# The server is one long-lived process whose reruns run on many threads at once. With glibc's default of
# up to eight malloc arenas per core and Arrow's own allocator (mimalloc) each keeping what it freed, the
# 8-session test (tests/browser/test_concurrency.py) saw the server grow 25 to 52 MB over 48 steps, while
# Python's own objects grew by under 4 MB (tracemalloc). With two arenas and Arrow on the system
# allocator it grew 13 to 18 MB, the caches filling up to their bounds.
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter number


def tune_memory() -> None:
    """Allocators that give freed memory back, for a long-lived threaded server. Best effort: on a system
    without glibc, or a pyarrow without the call, it changes nothing and says nothing."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):
        pass
    try:
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    except (ImportError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """`posture-dashboard` and `python -m dashboard.launch` (argv None: the command line's). As a program,
    it first starts itself again under mimalloc (dashboard/allocator.py says why)."""
    if argv is None:
        allocator.restart_with_mimalloc(sys.argv[1:], sys.executable)
    from streamlit.web import cli

    tune_memory()
    try:
        run_dir = trusted_run_folder(paths.run_dir())
    except RunFolderError as error:
        print(f"posture-dashboard: error: {error}", file=sys.stderr)
        return 2
    os.environ[paths.RUN_DIR_ENV_VAR] = str(run_dir)  # the page finds its static folder from this
    sys.argv = command(list(sys.argv[1:] if argv is None else argv), run_dir)
    threading.Thread(target=_warm_up, name="posture-warm-up", daemon=True).start()
    return cli.main()


# Modules the page imports that never import Streamlit (the downloads' exports, slides with Matplotlib,
# decks, the dossier, the charts): a first visit's run spent about 0.6 s importing the page's modules,
# most of it these. Not the page's own modules: a component declared outside a script run is never
# registered with the server (st_folium's frame was then not served, and the map never drawn).
WARM_IMPORTS = (
    "dashboard.export",
    "dashboard.slides.animation",
    "dashboard.dossier",
    "dashboard.builds",
    "dashboard.charts",
    "dashboard.evidence",
)


def _warm_up() -> None:
    """Prepare the shipped data and the default view while the server starts, not at the first visit
    (page/data.py, warm_up), then import WARM_IMPORTS. A failure here costs nothing but the head start:
    the page does the same work itself and reports any problem there."""
    try:
        from dashboard import clock
        from dashboard.page import data

        data.warm_up(clock.today(), paths.static_dir())
        for name in WARM_IMPORTS:
            importlib.import_module(name)
    except Exception as error:  # noqa: BLE001 - never take the server down for a head start
        print(f"posture-dashboard: warm-up skipped: {error}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
