"""Files the browser loads for the map, written where Streamlit serves them.

Nothing the map loads may come from a CDN: that would fail offline and tell a third
party what is being watched. Streamlit serves ``<folder of the main script>/static/``
at ``/app/static/`` when ``[server] enableStaticServing = true``. The st_folium iframe
lives at ``/component/streamlit_folium.st_folium/index.html``, so the relative URL
``../../app/static/`` reaches that folder, also under a ``server.baseUrlPath`` prefix.

Three kinds of file go to ``<static>/mapview/``: the map's script (Leaflet, from the
XStatic-Leaflet package, with our ``answers.js`` and ``sitemap.js``, in one file), the
stylesheets (Leaflet's with its images, and our ``sitemap.css``), and each base map's data
as ``data/<content hash>.json``. The map's data travels as a file rather than inside the
component's arguments because Streamlit re-sends every argument on every rerun: at
1,000 sites that was 4.7 MB per date step, against 3 KB this way.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_VERSION = xstatic_leaflet.VERSION
_LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
_WEB_DIR = Path(__file__).parent / "web"
# Files of other versions (another language's data, an older build, a server still
# running older code on the same folder) are kept this long after their last use.
_KEEP_UNUSED_SECONDS = 7 * 24 * 3600

# Where the st_folium iframe finds the app's static folder.
DEFAULT_STATIC_URL = "../../app/static/mapview"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _versioned_name(stem: str, ext: str, content: bytes) -> str:
    # A content hash in the name: a browser never runs a stale cached copy.
    return f"{stem}-{_digest(content)}.{ext}"


# The map's scripts, in the order they run: Leaflet, then answers.js (sitemap.js looks dates up
# through it), then sitemap.js. They go as one file because st_folium loads the scripts it is given
# one after another, each request waiting for the last one to have run; in a first paint's trace
# each of the three took about 50 ms to come in, on a thread busy drawing the rest of the page.
MAP_SCRIPTS = (_LEAFLET_DIR / "leaflet.js", _WEB_DIR / "answers.js", _WEB_DIR / "sitemap.js")
# A source map's address only means something at the end of the file it maps.
_SOURCE_MAP_LINE = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)


def map_script(sources: tuple[Path, ...] = MAP_SCRIPTS) -> bytes:
    """The map's scripts as one file, each under a comment naming it. Each is a script of its own
    (Leaflet's module wrapper, our IIFEs with their own "use strict"), so one after another they run
    as they would from separate files."""
    parts = []
    for source in sources:
        code = _SOURCE_MAP_LINE.sub(b"", source.read_bytes()).rstrip()
        parts.append(b"/* " + source.name.encode() + b" */\n" + code + b"\n;\n")
    return b"".join(parts)


# Fixed at import, so the URLs a map names and the files installed always agree.
_MAP_JS = map_script()
_SITEMAP_CSS = (_WEB_DIR / "sitemap.css").read_bytes()
_MAP_JS_NAME = _versioned_name("map", "js", _MAP_JS)
_SITEMAP_CSS_NAME = _versioned_name("sitemap", "css", _SITEMAP_CSS)


def _contents() -> dict[str, bytes]:
    """Target path under ``static/mapview/`` -> the bytes served there."""
    files = {
        _MAP_JS_NAME: _MAP_JS,
        _SITEMAP_CSS_NAME: _SITEMAP_CSS,
        f"leaflet-{LEAFLET_VERSION}/leaflet.css": (_LEAFLET_DIR / "leaflet.css").read_bytes(),
    }
    for image in sorted((_LEAFLET_DIR / "images").glob("*.png")):
        files[f"leaflet-{LEAFLET_VERSION}/images/{image.name}"] = image.read_bytes()
    return files


_CONTENTS = _contents()


def asset_urls(static_url: str = DEFAULT_STATIC_URL) -> dict[str, list[tuple[str, str]]]:
    """folium-style ``default_js`` / ``default_css`` lists pointing at the served copies."""
    base = static_url.rstrip("/")
    return {
        "map_js": [("map", f"{base}/{_MAP_JS_NAME}")],
        "map_css": [("leaflet_css", f"{base}/leaflet-{LEAFLET_VERSION}/leaflet.css")],
        "layer_js": [],  # in the map's script
        "layer_css": [("sitemap_css", f"{base}/{_SITEMAP_CSS_NAME}")],
    }


def served_files(static_url: str = DEFAULT_STATIC_URL) -> dict[str, bytes]:
    """URL under `static_url` -> the bytes it serves: what a page that cannot be served (the standalone
    file) puts inside itself instead."""
    base = static_url.rstrip("/")
    return {f"{base}/{rel}": content for rel, content in _CONTENTS.items()}


def _write_if_changed(target: Path, data: bytes) -> bool:
    if target.is_file() and target.read_bytes() == data:
        try:
            target.touch()  # in use: keep it out of _prune's reach
        except OSError:  # a read-only folder that already holds every file: serve them as they are
            pass
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    # A partial file of this writer's own: sessions starting together on a fresh server all
    # install the files at once, and a shared name let one rename away another's half-written copy
    # (found by tests/browser/test_concurrency.py on a fresh clone).
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # mkstemp's 0600 would hide it from a server run as another user
            out.write(data)
        partial.replace(target)  # atomic: a browser never loads a half-written file
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return True


def _prune(files, keep: set[Path]) -> None:
    cutoff = time.time() - _KEEP_UNUSED_SECONDS
    for old in files:
        try:
            if old not in keep and old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:  # another process pruned it first
            pass


def install_static_assets(static_dir: Path) -> list[Path]:
    """Write the map's script and stylesheets into ``static_dir/mapview/``; return the files written.

    Idempotent and cheap when nothing changed. Versions of our script unused for a week
    are removed.
    """
    root = Path(static_dir) / "mapview"
    written = [root / rel for rel, content in _CONTENTS.items() if _write_if_changed(root / rel, content)]
    # Earlier releases served answers.js and sitemap.js, and Leaflet's script, as files of their own.
    earlier = [*root.glob("sitemap-*.js"), *root.glob("answers-*.js"), *root.glob("leaflet-*/leaflet.js")]
    _prune([*root.glob("map-*.js"), *root.glob("sitemap-*.css"), *earlier], {root / rel for rel in _CONTENTS})
    return written


def publish_data(static_dir: Path, data_json: str, static_url: str = DEFAULT_STATIC_URL) -> str:
    """Write one map's data under ``static_dir/mapview/data/``; return its URL for the iframe.

    Data files unused for a week are removed.
    """
    payload = data_json.encode("utf-8")
    target = Path(static_dir) / "mapview" / "data" / f"{_digest(payload)}.json"
    _write_if_changed(target, payload)
    _prune(target.parent.glob("*.json"), {target})
    return f"{static_url.rstrip('/')}/data/{target.name}"
