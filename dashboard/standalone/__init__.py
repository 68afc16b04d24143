"""The interactive map as one self-contained HTML file: no server, nothing loaded from anywhere else.

The file holds the dashboard's own browser code, not a copy of it: the map's frame is the page's folium
map (Leaflet, answers.js and sitemap.js, with the map's data inside its script, as for uploads), given to
an iframe as `srcdoc`; the scrubber is scrubber.js, and standalone.js stands in for the server, turning
the scrubber's commit into the map protocol's "step" and keeping the heading and "What changed" on the
thumb's date. What the engine answers (every site's intervals, and what the page says on each change
date: dashboard/page_text.py) is worked out here and written in; nothing in the browser decides anything.

The same inputs give the same bytes: the date the file names is the data's today, never the clock.
"""

from __future__ import annotations

import base64
import json
import re
import tempfile
from html import escape
from pathlib import Path

from dashboard.i18n import format_date, t, text_direction
from dashboard.mapview import BaseMap, MapLayers, Serving, build_base_map, province_bounds, step_state
from dashboard.mapview.assets import served_files
from dashboard.mapview.scrub import SCRUBBER_CSS, SCRUBBER_JS, scrubber_data
from dashboard.page_text import page_on, page_tables, panel_html
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.vocabulary import NATIONAL

WEB = Path(__file__).resolve().parents[1] / "mapview" / "web"
_STATIC_URL = "posture-static"  # where the map's HTML names its files before they are put inside it
_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"/?>')
_CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")
# scrubber.js is a Streamlit component module; a classic script cannot export, so its entry becomes
# a global (and its top-level names stay inside a block).
_SCRUBBER_ENTRY = "export default function (component) {"

PAGE_CSS = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 0; padding: .8rem 1.2rem; color: #1a1a1a; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem 0; }
.asof { font-size: 2rem; font-weight: 700; line-height: 1.15; margin: .2rem 0; }
.asof.future { color: #5a5a5a; font-style: italic; }
.asof .future-note { font-size: 1rem; font-weight: 400; }
.built { color: #444; font-size: .85rem; margin: 0 0 .5rem 0; }
main { display: flex; gap: 1rem; align-items: flex-start; margin-top: .5rem; }
#posture-map { flex: 3 1 0; height: 76vh; min-height: 420px; border: 1px solid #ccc; }
aside { flex: 1 1 0; min-width: 14rem; font-size: .9rem; max-height: 76vh; overflow: auto; }
aside h2 { font-size: 1.1rem; margin: 0 0 .3rem 0; }
aside li { margin-bottom: .25rem; }
.between { color: #444; margin: 0; }
.force-label { color: #444; } .force-value { font-size: 1.6rem; font-weight: 600; } .force-since, .target { color: #444; margin: 0 0 .4rem 0; }
.silence { color: #555; font-style: italic; }
"""


def _inline(html: str) -> str:
    """The map's HTML with every script and stylesheet it names put inside it (Leaflet's images as data)."""
    files = served_files(_STATIC_URL)

    def script(match: re.Match) -> str:
        code = _text(files[match.group(1)])
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def stylesheet(match: re.Match) -> str:
        url = match.group(1)
        folder = url.rsplit("/", 1)[0]
        css = _CSS_IMAGE.sub(
            lambda m: f"url(data:image/png;base64,{_base64(files[folder + '/' + m.group(1)])})",
            _text(files[url]),
        )
        return "<style>" + css + "</style>"

    html = _SCRIPT.sub(script, html)
    html = _STYLESHEET.sub(stylesheet, html)
    if _STATIC_URL in html:
        raise ValueError(
            f"the map names a file that was not put inside it: {html[html.index(_STATIC_URL) - 40 :][:120]}"
        )
    return html


def _text(content: bytes) -> str:
    """A served file's text with its line ends made "\\n" (Leaflet's stylesheet has Windows ones), as
    reading it in text mode would."""
    return content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _base64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


def _map_html(prepared: Prepared, selection: Selection) -> tuple[BaseMap, str]:
    view = prepared.view(selection)
    layers = MapLayers(prepared.sites_geojson, prepared.provinces_geojson, view.timeline, prepared.context)
    with tempfile.TemporaryDirectory(prefix="posture-standalone-") as folder:
        serving = Serving(Path(folder), static_url=_STATIC_URL, inline=True)
        base = build_base_map(layers, selection.lang, None, serving, dossier=False)
    return base, _inline(base.get_root().render())


def _json_script(element_id: str, value: dict) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _script(path: Path, wrap: bool = False) -> str:
    code = path.read_text(encoding="utf-8")
    if wrap:
        if code.count(_SCRUBBER_ENTRY) != 1:
            raise ValueError(f"{path.name}: its entry point {_SCRUBBER_ENTRY!r} was not found once")
        code = "{\n" + code.replace(_SCRUBBER_ENTRY, "window.PostureScrubber = function (component) {") + "\n}"
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def standalone_html(prepared: Prepared, selection: Selection) -> str:
    """The file, for the selection's date (where the scrubber starts), governorates, forces and
    language. Raises ValueError for "as known then", which needs a server (its records change with the
    date) and is refused rather than drawn wrongly."""
    if selection.known_then:
        raise ValueError(t("standalone_known_then", selection.lang))
    lang, day = selection.lang, selection.day
    base, map_html = _map_html(prepared, selection)
    chosen = prepared.sites_in(selection.provinces)
    bounds = province_bounds(prepared.provinces_geojson, list(selection.provinces)) if selection.provinces else None
    step = step_state(base, day, None if chosen is None else list(chosen), bounds)
    page = page_tables(prepared, selection) | {
        "scrubber": scrubber_data(prepared, selection, map_drawn=True, date_line=None),
        "step": {key: value for key, value in step.items() if key != "date"},
    }
    last = prepared.last_report.get(NATIONAL)
    built = t(
        "standalone_built",
        lang,
        today=format_date(prepared.today, lang),
        last=format_date(last, lang) if last else "—",
        records=len(prepared.view(selection).records),
        sources=len(prepared.dataset.sources),
    )
    direction = text_direction(lang)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}" dir="{direction}">',
            '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(t('title', lang))}</title>",
            f"<style>{PAGE_CSS}{SCRUBBER_CSS.read_text(encoding='utf-8')}</style></head>",
            "<body>",
            f"<h1>{escape(t('title', lang))}</h1>",
            f'<div id="asof" class="asof" data-date="{day.isoformat()}" role="status" aria-live="polite"></div>',
            f'<p class="built">{escape(built)}</p>',
            '<div id="scrubber-host"></div>',
            "<main>",
            f'<iframe id="posture-map" title="{escape(t("title", lang))}" srcdoc="{escape(map_html)}"></iframe>',
            f"<aside>{panel_html(page_on(prepared, selection), lang)}</aside>",
            "</main>",
            _json_script("posture-page", page),
            _script(WEB / "answers.js"),
            _script(WEB / "pagetext.js"),
            _script(SCRUBBER_JS, wrap=True),
            _script(WEB / "standalone.js"),
            "<script>PostureStandalone.start(JSON.parse(document.getElementById('posture-page').textContent),"
            " window.PostureScrubber);</script>",
            "</body></html>",
            "",
        ]
    )
