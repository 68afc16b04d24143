"""The shipped dataset, loaded and checked once per data and code, and kept on disk in formats that run no
code when read: Parquet (tables, GeoParquet for places) and JSON.

A just-started server on 10,000 sites / 100,000 records spent most of its first paint reading and
validating the data, then building the map's timeline (bench/results.md). What that makes depends only on
the data files' contents, today's date, this package's code and the libraries that write and read the
files, so it is kept under a key made of all of those, and a restarted server reads it back instead.

What is kept is the validated `Dataset` and the map's timeline of every record; `prepare()` runs again
on them (cheap next to loading). Each kept copy is a folder `prepared/<key>/` holding the files and a
`manifest.json` of their SHA-256 digests, written to a private temporary folder and renamed into place
whole. On reading, the folder and every file must be this user's and writable by nobody else, and every
digest must match; anything else is set aside with a warning and rebuilt. Only the shipped dataset is
kept, never a session's uploads, and never a dataset with problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.dates import parse_iso_date
from dashboard.io import Chapter, Dataset, Document
from dashboard.prepared import Prepared, prepare

KEEP = 2  # copies kept: the data being worked on and the one before
FORMAT = 2  # of the files below; a new layout is a new key
LIBRARIES = ("pandas", "numpy", "pyarrow", "shapely", "geopandas", "pyproj")
_LOG = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parent
_TABLES = ("records", "citations", "sources")
_PLACES = ("sites", "provinces")


def code_version(package: Path = _PACKAGE) -> str:
    """A digest of every Python file of the package, the Python and the library versions that write and
    read the files: any change to the loader, the checks or the engine makes a new key."""
    versions = [sys.version, str(FORMAT)] + [_version(name) for name in LIBRARIES]
    digest = hashlib.sha256("\0".join(versions).encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} -"


def data_digest(root: Path, fingerprint: tuple) -> str:
    """A digest of the contents of every file of the fingerprint: an edit that keeps a file's size and
    modification time is still a new key."""
    digest = hashlib.sha256()
    for relative, *_ in fingerprint:
        digest.update(relative.encode() + b"\0")
        try:
            digest.update((Path(root) / relative).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def cache_key(root: Path, fingerprint: tuple, today: dt.date, code: str) -> str:
    material = "\0".join((str(Path(root).resolve()), data_digest(root, fingerprint), today.isoformat(), code))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def private(path: Path) -> bool:
    """`path` is this user's and nobody else can write to it."""
    info = path.lstat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable(directory: Path) -> bool:
    """The folder exists (made if not, for this user only), is ours and nobody else can write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private(directory):
            _LOG.warning("not keeping prepared data in %s: another user owns it or can write to it", directory)
            return False
    except OSError as error:
        _LOG.warning("not keeping prepared data in %s: %s", directory, error)
        return False
    return True


def load_or_build(
    directory: Path | None, root: Path, fingerprint: tuple, today: dt.date, build: Callable[[], Prepared]
) -> Prepared:
    """The prepared data kept under `directory` for this key, else `build()` (kept for next time when it
    has no problems). `directory` None keeps nothing."""
    if directory is None or not usable(directory):
        return build()
    _remove_leftovers(directory)
    folder = directory / f"prepared-{cache_key(root, fingerprint, today, code_version())}"
    if folder.exists():
        try:
            return _read(folder, Path(root), today)
        except Exception as error:  # cut, foreign, tampered with or from elsewhere: rebuild it, and say so
            _LOG.warning("rebuilding %s, which could not be read back: %s", folder, error)
            shutil.rmtree(folder, ignore_errors=True)
    prepared = build()
    if not prepared.dataset.problems:
        _keep(directory, folder, prepared)
    return prepared


# ---- writing --------------------------------------------------------------------------------------


def _keep(directory: Path, folder: Path, prepared: Prepared) -> None:
    temporary = None
    try:
        temporary = Path(tempfile.mkdtemp(dir=directory, prefix=".prepared-"))  # mode 0700
        _write(temporary, prepared)
        os.replace(temporary, folder)  # whole or not at all: a reader never sees half of it
    except Exception as error:  # a full disk, a read-only folder: the page works on without it
        _LOG.warning("could not keep prepared data in %s: %s", directory, error)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        return
    kept = sorted(directory.glob("prepared-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def _write(folder: Path, prepared: Prepared) -> None:
    dataset = prepared.dataset
    for name in _TABLES:
        getattr(dataset, name).to_parquet(folder / f"{name}.parquet", index=False)
    for name in _PLACES:
        getattr(dataset, name).to_parquet(folder / f"{name}.parquet", index=False)
    facts = {
        "site_provinces": dataset.site_provinces,
        "story": [_chapter(c) for c in dataset.story],
        "context": dataset.context,
        "documents": {sid: [doc.file, doc.text] for sid, doc in dataset.documents.items()},
        # The map's timeline of every record: 4.7 s to build at 10,000 sites.
        "timeline": prepared.all_records.timeline,
    }
    (folder / "facts.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    manifest = {p.name: _sha256(p) for p in sorted(folder.iterdir())}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o600)


def _chapter(chapter: Chapter) -> dict:
    fields = {name: getattr(chapter, name) for name in Chapter.__dataclass_fields__}
    return fields | {"date": chapter.date.isoformat(), "provinces": list(chapter.provinces)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- reading --------------------------------------------------------------------------------------


def _read(folder: Path, root: Path, today: dt.date) -> Prepared:
    """The prepared data of a kept folder, or an exception saying why it cannot be trusted."""
    if not private(folder):
        raise PermissionError("the folder is another user's, or others can write to it")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    present = {p.name for p in folder.iterdir()} - {"manifest.json"}
    if present != set(manifest):
        raise ValueError(f"files {sorted(present ^ set(manifest))} differ from the manifest")
    for name, digest in manifest.items():
        path = folder / name
        if not private(path) or not path.is_file():
            raise PermissionError(f"{name} is another user's, not a file, or others can write to it")
        if _sha256(path) != digest:
            raise ValueError(f"{name} does not match its digest")
    tables = {name: _table(folder / f"{name}.parquet") for name in _TABLES}
    places = {name: gpd.read_parquet(folder / f"{name}.parquet") for name in _PLACES}
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    dataset = Dataset(
        root=root,
        sources=tables["sources"],
        sites=places["sites"],
        records=tables["records"],
        citations=tables["citations"],
        documents={sid: Document(file, text) for sid, (file, text) in facts["documents"].items()},
        provinces=places["provinces"],
        site_provinces={site: tuple(codes) for site, codes in facts["site_provinces"].items()},
        problems=(),
        story=tuple(_as_chapter(c) for c in facts["story"]),
        context=facts["context"],
    )
    prepared = prepare(dataset, today)
    # Built on first use otherwise (a cached property of the view): the kept one is the same.
    prepared.all_records.__dict__["timeline"] = facts["timeline"]
    return prepared


def _table(path: Path) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    if "troops" in frame:
        frame["troops"] = frame["troops"].astype("Int64")
    return frame


def _as_chapter(fields: dict) -> Chapter:
    return Chapter(
        **fields
        | {"date": parse_iso_date(fields["date"]), "provinces": tuple(fields["provinces"])}
        | {"records": tuple(fields["records"])}
    )


LEFTOVER_SECONDS = 3600  # a temporary folder this old is no other server's write in progress


def _remove_leftovers(directory: Path) -> None:
    """Temporary folders a killed server left behind (each as big as a kept copy)."""
    for leftover in directory.glob(".prepared-*"):
        try:
            if time.time() - leftover.stat().st_mtime > LEFTOVER_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue
