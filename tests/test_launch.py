"""The launcher `make run` uses: a page for this machine, nothing written inside the package."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from fresh_python import printed_json, streamlit_modules_after_importing

from dashboard import launch, paths


def options(argv: list[str], tmp_path: Path) -> dict[str, str]:
    command = launch.command(argv, tmp_path)
    assert command[:2] == ["streamlit", "run"]
    return dict(arg.removeprefix("--").split("=", 1) for arg in command[3:] if arg.startswith("--") and "=" in arg)


def test_issue_13_the_page_listens_on_this_machine_only_and_caps_uploads(tmp_path):
    given = options([], tmp_path)
    assert given["server.address"] == "localhost"
    assert given["server.maxUploadSize"] == "5"
    assert given["client.showErrorDetails"] == "none"  # readers get a short message, the log the traceback
    assert given["browser.gatherUsageStats"] == "false"


def test_an_option_on_the_command_line_wins(tmp_path):
    command = launch.command(["--server.address", "0.0.0.0", "--server.port=9000"], tmp_path)
    assert "--server.address=localhost" not in command and "--server.port=8501" not in command
    assert command[-3:] == ["--server.address", "0.0.0.0", "--server.port=9000"]


def test_issue_11_the_main_script_and_served_files_live_outside_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.RUN_DIR_ENV_VAR, str(tmp_path / "run"))
    script = launch.main_script(paths.run_dir())
    assert script.parent == tmp_path / "run" and "from dashboard.app import main" in script.read_text()
    package = Path(launch.__file__).resolve().parent
    assert not paths.static_dir().resolve().is_relative_to(package)


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"POSTURE_RUN_DIR": "/srv/posture"}, Path("/srv/posture")),
        ({"POSTURE_RUN_DIR": "", "XDG_CACHE_HOME": "/var/cache/me"}, Path("/var/cache/me/posture-dashboard")),
        ({"POSTURE_RUN_DIR": "", "XDG_CACHE_HOME": ""}, Path.home() / ".cache" / "posture-dashboard"),
    ],
)
def test_the_run_folder(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert paths.run_dir() == expected


def test_the_server_uses_allocators_that_give_memory_back():
    """The 8-session test's server grew 25 to 52 MB over 48 steps on glibc's many arenas and Arrow's
    mimalloc, with Python's own objects growing under 4 MB; tune_memory is what launch does first."""
    import pyarrow

    from dashboard import launch

    launch.tune_memory()
    assert pyarrow.default_memory_pool().backend_name == "system"
    launch.tune_memory()  # twice is harmless (app.py calls it too under `streamlit run`)


def test_issue_18_the_server_prepares_the_first_visit_while_it_starts(tmp_path, monkeypatch):
    """The launcher warms the page's caches on a thread of its own: afterwards the page's own call finds
    the shipped workspace, the default view's map and the scrubber's words made."""
    import datetime as dt

    from dashboard.page import data
    from dashboard.selection import Selection

    monkeypatch.setenv(paths.RUN_DIR_ENV_VAR, str(tmp_path / "run"))
    today = dt.date(2026, 12, 1)
    data.warm_up(today, tmp_path / "static")
    workspace = data.shipped(today, tmp_path / "static")  # what the first visit asks for
    view = workspace.data.view(Selection(today))
    assert ("map", view.key, "en", "none") in workspace._memo["map"]
    assert ("page_text", view.key, (), "en") in workspace._memo["page_text"]
    assert list((tmp_path / "static" / "mapview" / "data").glob("*.json"))  # the files it serves, written


@pytest.mark.parametrize("module", launch.WARM_IMPORTS)
def test_issue_18_the_warm_up_imports_only_modules_that_leave_streamlit_alone(module):
    """Imported on the warm-up's thread, outside any script run: a module that declared a component there
    would leave it unregistered with the server (st_folium's frame went unserved and the map undrawn)."""
    assert streamlit_modules_after_importing(module) == []


def test_issue_18_the_warm_up_imports_what_the_first_visit_would():
    before, missing = printed_json(
        "import json, sys; from dashboard import launch; from dashboard.page import data; "
        "data.warm_up = lambda *args: None; "
        "before = [m for m in launch.WARM_IMPORTS if m in sys.modules]; launch._warm_up(); "
        "print(json.dumps([before, [m for m in launch.WARM_IMPORTS if m not in sys.modules]]))"
    )
    assert "dashboard.slides.animation" not in before  # Matplotlib's share: not there until the warm-up
    assert missing == []


def test_issue_18_a_failed_warm_up_costs_only_the_head_start(monkeypatch, capsys):
    from dashboard.page import data

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(data, "warm_up", broken)
    launch._warm_up()  # does not raise: the page does the same work itself at the first visit
    assert "warm-up skipped: disk full" in capsys.readouterr().err


@pytest.mark.parametrize(
    "run_name, draws_the_page",
    [
        ("__main__", True),  # Streamlit runs the main script so
        ("__mp_main__", False),  # multiprocessing runs it so in every build worker it starts
    ],
)
def test_issue_22_only_streamlit_draws_the_page_from_the_main_script(tmp_path, monkeypatch, run_name, draws_the_page):
    """A build worker runs the server's main script again; unguarded, each drew the whole page (seconds of
    work at the normal priority beside the readers, and Streamlit's warnings in the log)."""
    from dashboard import app

    drawn = []
    monkeypatch.setattr(app, "main", lambda *args: drawn.append(args))
    runpy.run_path(str(launch.main_script(tmp_path / "run")), run_name=run_name)
    assert bool(drawn) is draws_the_page


def _config_toml() -> dict[str, str]:
    """.streamlit/config.toml, what `streamlit run dashboard/app.py` reads, as "section.option": value."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    parsed = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return {f"{section}.{name}": value for section, table in parsed.items() for name, value in table.items()}


@pytest.mark.parametrize("name", sorted(_config_toml()))
def test_make_run_and_streamlit_run_serve_the_same_page(tmp_path, name):
    """Every option of .streamlit/config.toml is the launcher's too, with the same value."""
    wanted = _config_toml()[name]
    assert options([], tmp_path)[name] == (str(wanted).lower() if isinstance(wanted, bool) else str(wanted))


def test_issue_22_no_run_of_a_session_ends_in_a_full_garbage_collection(tmp_path):
    """Streamlit collected all garbage after every run of every session, holding the interpreter about 50 ms
    each time: a build's progress, redrawn once a second per building session, stalled other readers' runs
    (20 s of the stall bench's 5 minutes). Both ways of starting the page turn it off."""
    assert options([], tmp_path)["runner.postScriptGC"] == "false"
    assert _config_toml()["runner.postScriptGC"] is False
