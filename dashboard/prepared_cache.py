"""The shipped dataset, loaded, checked and prepared once per data and code, and kept on disk.

A just-started server on 10,000 sites / 100,000 records spent most of its first paint reading,
validating and preparing the data (bench/results.md). What that makes depends only on the data files
(their fingerprint: path, modification time and size of each), today's date and this code, so it is
pickled under a key made of those, and a restarted server reads it back in a fraction of the time.

Only the shipped dataset is kept, never a session's uploads. The folder is the page's own (under
`paths.run_dir()`), created readable by this user only; a folder anyone else can write to is not used
(a pickle runs code when read). A file that cannot be read back is rebuilt and replaced, with a warning
in the server log. A dataset with problems is never kept: it is shown as problems and rebuilt each time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dashboard.prepared import Prepared

KEEP = 2  # files kept: the data being worked on and the one before
_LOG = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parent


def code_version(package: Path = _PACKAGE) -> str:
    """A digest of every Python file of the package and the versions that shape a pickle: any change to
    the loader, the checks or the engine makes a new key, so an old result is never read as new."""
    digest = hashlib.sha256(f"{sys.version}\0{pd.__version__}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(root: Path, fingerprint: tuple, today: dt.date, code: str) -> str:
    material = repr((str(Path(root).resolve()), fingerprint, today.isoformat(), code))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def usable(directory: Path) -> bool:
    """The folder exists (made if not, for this user only), is ours and nobody else can write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except OSError as error:
        _LOG.warning("not keeping prepared data in %s: %s", directory, error)
        return False
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        _LOG.warning("not keeping prepared data in %s: another user can write to it", directory)
        return False
    return True


def load_or_build(
    directory: Path | None, root: Path, fingerprint: tuple, today: dt.date, build: Callable[[], Prepared]
) -> Prepared:
    """The prepared data kept under `directory` for this key, else `build()` (kept for next time when it
    has no problems). `directory` None keeps nothing."""
    if directory is None or not usable(directory):
        return build()
    path = directory / f"prepared-{cache_key(root, fingerprint, today, code_version())}.pickle"
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except FileNotFoundError:
        pass
    except Exception as error:  # a cut or foreign file: rebuild it, and say so
        _LOG.warning("rebuilding %s, which could not be read back: %s", path, error)
    prepared = build()
    if not prepared.dataset.problems:
        _keep(directory, path, prepared)
    return prepared


def _keep(directory: Path, path: Path, prepared: Prepared) -> None:
    # The map's timeline is built on first use; building it now keeps it too (4.7 s at 10,000 sites).
    prepared.all_records.timeline  # noqa: B018
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".prepared-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(prepared, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # whole or not at all: a reader never sees half a file
    except Exception as error:  # a full disk, a read-only folder: the page works on without it
        _LOG.warning("could not keep prepared data in %s: %s", directory, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return
    kept = sorted(directory.glob("prepared-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP:]:
        old.unlink(missing_ok=True)
