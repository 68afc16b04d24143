"""Code run in a fresh interpreter from the repository's root: what a module imports shows only there,
since this test process has long imported Streamlit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def printed_json(script: str):
    """What `script` prints as its last line, read as JSON (the script imports json itself)."""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def streamlit_modules_after_importing(module: str) -> list[str]:
    """The Streamlit modules (Streamlit's own, streamlit_folium, ...) loaded by importing `module` alone."""
    return printed_json(
        f"import json, sys, {module}; print(json.dumps(sorted(m for m in sys.modules if 'streamlit' in m)))"
    )
