"""Issue 22, defect 3: the run folder is trusted only if it is the server user's own. A folder (or
anything in it) that another user owns or can write, or a symbolic link in it, stops the launcher with a
message naming the path; a script planted there never runs; a killed server's partial files go."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from dashboard import launch, paths
from dashboard.run_folder import LEFTOVER_SECONDS, RunFolderError, trusted_run_folder


def _run_folder(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    (run / "static" / "mapview").mkdir(parents=True)
    run.chmod(0o700)
    (run / "posture_app.py").write_text(launch.MAIN_SCRIPT)
    (run / "static" / "mapview" / "sitemap-1234.js").write_text("// served to every reader")
    return run


def _other_writable(run: Path, relative: str) -> None:
    (run / relative).chmod(0o777 if (run / relative).is_dir() else 0o666)


def _group_writable(run: Path, relative: str) -> None:
    (run / relative).chmod(0o770 if (run / relative).is_dir() else 0o660)


def _linked(run: Path, relative: str) -> None:
    (run / relative).unlink()
    (run / relative).symlink_to("/tmp")


@pytest.mark.parametrize(
    ("change", "relative", "says"),
    [
        (_other_writable, ".", "can be written by other users (mode drwxrwxrwx)"),
        (_group_writable, ".", "can be written by other users (mode drwxrwx---)"),
        (_other_writable, "posture_app.py", "posture_app.py can be written by other users"),
        (_other_writable, "static/mapview/sitemap-1234.js", "sitemap-1234.js can be written by other users"),
        (_group_writable, "static", "static can be written by other users"),
        (_linked, "static/mapview/sitemap-1234.js", "sitemap-1234.js is a symbolic link"),
    ],
)
def test_a_run_folder_others_can_change_is_refused_by_name(tmp_path, change, relative, says):
    run = _run_folder(tmp_path)
    change(run, relative)
    with pytest.raises(RunFolderError, match="must be yours alone") as refused:
        trusted_run_folder(run)
    assert says in str(refused.value) and "POSTURE_RUN_DIR" in str(refused.value)


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_a_file_of_another_user_is_refused(tmp_path):
    run = _run_folder(tmp_path)
    os.chown(run / "posture_app.py", 65534, 65534)
    with pytest.raises(RunFolderError, match="posture_app.py belongs to another user"):
        trusted_run_folder(run)


def test_a_folder_of_this_user_only_is_trusted_and_made_private(tmp_path):
    assert trusted_run_folder(_run_folder(tmp_path)) == tmp_path / "run"
    fresh = trusted_run_folder(tmp_path / "new" / "run")
    assert fresh.is_dir() and fresh.stat().st_mode & 0o777 == 0o700


def test_a_read_only_run_folder_gets_a_message_not_a_traceback(tmp_path, monkeypatch):
    run = _run_folder(tmp_path)
    # Root may write anywhere, so the folder's being read-only is what os.access says of it.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(RunFolderError, match="cannot be written .read-only.*set POSTURE_RUN_DIR"):
        trusted_run_folder(run)


def test_partial_files_a_killed_server_left_are_removed_and_fresh_ones_kept(tmp_path):
    run = _run_folder(tmp_path)
    old = run / "static" / "mapview" / ".sitemap.js.abcd.partial"
    fresh = run / "static" / "mapview" / ".sitemap.js.efgh.partial"
    script = run / ".posture_app.ijkl.partial"
    for path in (old, fresh, script):
        path.write_text("half")
    now = old.stat().st_mtime + LEFTOVER_SECONDS + 1
    os.utime(fresh, (now, now))
    trusted_run_folder(run, now=now)
    assert not old.exists() and not script.exists() and fresh.exists()


def test_issue_22_a_planted_script_never_runs(tmp_path, monkeypatch, capsys):
    # Another user, able to write the shared folder, left the launcher's own text and their own line.
    run = _run_folder(tmp_path)
    marker = tmp_path / "planted-ran"
    (run / "posture_app.py").write_text(launch.MAIN_SCRIPT + f"open({str(marker)!r}, 'w').close()\n")
    run.chmod(0o777)
    monkeypatch.setenv(paths.RUN_DIR_ENV_VAR, str(run))
    started = []

    def streamlit_main():  # what Streamlit would do: run the main script
        started.append(sys.argv)
        exec(compile(Path(sys.argv[2]).read_text(), sys.argv[2], "exec"), {})

    monkeypatch.setattr("streamlit.web.cli.main", streamlit_main)
    monkeypatch.setattr(sys, "argv", ["posture-dashboard"])
    assert launch.main([]) == 2
    assert started == [] and not marker.exists()
    assert "can be written by other users" in capsys.readouterr().err


def test_the_main_script_is_written_whole_and_for_this_user_only(tmp_path):
    script = launch.main_script(tmp_path / "run")
    assert script.read_text() == launch.MAIN_SCRIPT and script.stat().st_mode & 0o077 == 0
    assert list((tmp_path / "run").glob(".*.partial")) == []


def test_issue_22_a_read_only_folder_that_holds_every_file_still_serves_them(tmp_path, monkeypatch):
    from dashboard.mapview import install_static_assets

    install_static_assets(tmp_path / "static")

    def read_only(self, *args, **kwargs):
        raise PermissionError(13, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "touch", read_only)
    assert install_static_assets(tmp_path / "static") == []  # nothing to write, and no error
