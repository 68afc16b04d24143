"""Where the dataset lives: the data root and the files under it."""
from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV_VAR = "POSTURE_ROOT"

# Paths relative to the data root, as they appear in problem reports.
SOURCES = "data/sources.csv"
POSTURE = "data/posture.csv"
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
