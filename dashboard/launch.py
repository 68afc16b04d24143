"""Start the dashboard: `python -m dashboard.launch [streamlit options]` (what `make run` does).

Streamlit serves `<folder of the main script>/static/` and the map's Leaflet files and data must be
served from this machine, so the page needs a writable folder beside its main script. That folder is
the run folder, `$POSTURE_RUN_DIR` or `$XDG_CACHE_HOME/posture-dashboard` (default
`~/.cache/posture-dashboard`), never the installed package, which may be read-only. The launcher
writes a two-line main script there and runs Streamlit on it with the options below; any option given
on the command line wins (e.g. `--server.address 0.0.0.0` to serve on a network).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dashboard import paths

MAIN_SCRIPT = "from dashboard.app import main\n\nmain()\n"
MAX_UPLOAD_MB = 5  # the page refuses bigger files anyway; the server should not read them whole first

# Options of a page for readers on this machine: localhost only, nothing sent to third parties.
OPTIONS = {
    "server.address": "localhost",
    "server.port": "8501",
    "server.headless": "true",
    "server.enableStaticServing": "true",
    "server.fileWatcherType": "none",  # see .streamlit/config.toml
    "server.maxUploadSize": str(MAX_UPLOAD_MB),
    "browser.gatherUsageStats": "false",
    "browser.serverAddress": "localhost",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",  # tracebacks go to the server log, not to readers
    "global.developmentMode": "false",
}


def main_script(run_dir: Path) -> Path:
    """The page's main script in `run_dir`, written if missing or different."""
    run_dir.mkdir(parents=True, exist_ok=True)
    script = run_dir / "posture_app.py"
    if not script.is_file() or script.read_text(encoding="utf-8") != MAIN_SCRIPT:
        script.write_text(MAIN_SCRIPT, encoding="utf-8")
    return script


def command(argv: list[str], run_dir: Path) -> list[str]:
    """The `streamlit run` arguments: our options, unless `argv` gives them, then `argv`."""
    given = {arg.split("=", 1)[0].lstrip("-") for arg in argv if arg.startswith("--")}
    options = [f"--{name}={value}" for name, value in OPTIONS.items() if name not in given]
    return ["streamlit", "run", str(main_script(run_dir)), *options, *argv]


def main(argv: list[str] | None = None) -> int:
    from streamlit.web import cli

    run_dir = paths.run_dir()
    os.environ[paths.RUN_DIR_ENV_VAR] = str(run_dir)  # the page finds its static folder from this
    sys.argv = command(list(sys.argv[1:] if argv is None else argv), run_dir)
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
