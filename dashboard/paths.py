"""Where the dataset lives: the data root and the files under it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV_VAR = "POSTURE_ROOT"
RUN_DIR_ENV_VAR = "POSTURE_RUN_DIR"

# Paths relative to the data root, as they appear in problem reports.
SOURCES = "data/sources.csv"
POSTURE = "data/posture.csv"
CITATIONS = "data/citations.csv"
CONTEXT = "geo/context.geojson"  # optional: countries and cities drawn to orient a reader
STORY = "data/story.csv"  # optional: the guided story; a root without it has no story
SITES = "geo/sites.geojson"
PROVINCES = "geo/admin1.geojson"
SEEDS = "seeds"


def repository_root() -> Path:
    """The checkout this package sits in (parent of the `dashboard` package)."""
    return Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """`$POSTURE_ROOT` if set and non-empty, else the repository root."""
    configured = os.environ.get(ROOT_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else repository_root()


def run_dir() -> Path:
    """Where the running page keeps what it writes (the map's served files): `$POSTURE_RUN_DIR`, else
    `$XDG_CACHE_HOME/posture-dashboard`, else `~/.cache/posture-dashboard`. Never inside the package."""
    configured = os.environ.get(RUN_DIR_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(cache).expanduser() if cache else Path.home() / ".cache") / "posture-dashboard"


def prepared_dir() -> Path | None:
    """Where the shipped dataset, once prepared, is kept for the next server start (prepared_cache.py);
    None when `$POSTURE_PREPARED_CACHE` is "off"."""
    if os.environ.get("POSTURE_PREPARED_CACHE", "").strip().lower() == "off":
        return None
    return run_dir() / "prepared"


def static_dir() -> Path:
    """The folder Streamlit serves at /app/static/ when the page runs from `dashboard.launch` (its main
    script is in the run folder); `streamlit run dashboard/app.py` serves dashboard/static/ (app.py)."""
    return run_dir() / "static"
