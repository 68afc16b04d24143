"""The run folder is trusted only if it is the server user's own (issue 22).

Streamlit runs the main script the launcher leaves in the run folder, and serves the map's scripts from
its `static/` folder to every reader. Anyone else who can write there could have their code run as the
server's user, or their script run in every reader's browser. So before the server starts, the folder
and everything in it must belong to this user, with no write permission for group or others and no
symbolic link that could lead elsewhere; otherwise the launcher refuses to start and says which path and
why. Temporary files a killed server left behind are removed.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

LEFTOVER_SECONDS = 600  # a partial file older than this was left by a server that died while writing


class RunFolderError(Exception):
    """The run folder cannot be trusted or used; the message says which path and what to do."""


def _refusal(path: Path, info: os.stat_result) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link, which could lead anywhere"
    if info.st_uid != os.getuid():
        return f"{path} belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} can be written by other users (mode {stat.filemode(info.st_mode)})"
    return None


def _walk(folder: Path):
    for entry in os.scandir(folder):
        path = Path(entry.path)
        yield path, entry.stat(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)


def trusted_run_folder(run_dir: Path, now: float | None = None) -> Path:
    """`run_dir`, made for this user only if missing, once checked and cleared of leftovers. Raises
    RunFolderError naming the first path that another user owns or can write, a symbolic link, or a
    folder this user cannot write."""
    run_dir = Path(run_dir)
    try:
        run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        problems = [_refusal(run_dir, run_dir.lstat())]
        problems += [_refusal(path, info) for path, info in _walk(run_dir)]
    except OSError as error:
        raise RunFolderError(f"the run folder {run_dir} cannot be used: {error.strerror or error}") from None
    refused = next((p for p in problems if p), None)
    if refused:
        raise RunFolderError(
            f"{refused}. The run folder holds the code the server runs and the scripts it serves, so it must "
            f"be yours alone: remove it, or set POSTURE_RUN_DIR to a folder only you can write (chmod 700)"
        )
    if not os.access(run_dir, os.W_OK | os.X_OK):
        raise RunFolderError(
            f"the run folder {run_dir} cannot be written (read-only?); the page writes the map's files there: "
            f"set POSTURE_RUN_DIR to a folder you can write"
        )
    _remove_leftovers(run_dir, time.time() if now is None else now)
    return run_dir


def _remove_leftovers(run_dir: Path, now: float) -> None:
    """Partial files (the map's writer's, mapview/assets.py, and the main script's) that a killed server
    never renamed. The prepared cache clears its own (prepared_cache.py)."""
    for partial in run_dir.rglob(".*.partial"):
        try:
            if now - partial.lstat().st_mtime > LEFTOVER_SECONDS:
                partial.unlink()
        except OSError:  # another server removed or renamed it first
            continue
