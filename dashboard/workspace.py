"""A prepared dataset and everything the page derives from it, built once per key and kept.

The shipped data's workspace is shared by every session (the page caches it); a session's uploads get
a workspace of their own, kept in that session only. Both are used the same way, so the page has no
shipped-versus-uploaded branches: `workspace.memo(key, build)` returns what `build()` made for `key`
the first time, in either case. Nothing returned is ever mutated by its users.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import plotly.graph_objects as go

from dashboard.charts import timeline_base, timeline_on, timeline_window
from dashboard.evidence import sources_panel
from dashboard.mapview import BaseMap, MapLayers, Serving, build_base_map
from dashboard.mapview.assets import publish_data
from dashboard.page_text import page_tables
from dashboard.prepared import Prepared, RecordView
from dashboard.selection import Selection

T = TypeVar("T")
# An upload's page tables travel inside every rerun's scrubber data (they are never written to disk): above
# this many bytes of JSON the heading and panel wait for the release instead (README, "Scrubbing").
PAGE_TABLES_INLINE_BYTES = 512 * 1024
# Above this many records in a view its page tables are not made: for 1,000 sites and 10,000 records they
# take 0.3 s and 1.6 MB (a file the browser fetches once); ten times that would be some 16 MB, so the
# heading and panel of such a record wait for the release (README, "Scrub and play").
PAGE_TABLES_MAX_RECORDS = 20_000
# A table longer than this is cut, with a caption and the full CSV a click away: sending 100,000 rows
# on every date step cost 12 MB and seconds per step (bench/results.md).
TABLE_ROWS = 500
TIMELINE_ROWS = 60  # more rows than this are unreadable and slow every step; the caption says so
TILES = {"none": None, "osm": "OpenStreetMap"}


# How many of each kind of derived thing are kept, the least recently used dropped first. A key holds
# a source set: stepping "as known then" meets a new one at each publication date (58 on the shipped
# data), so the heavy kinds are kept to what a few sessions use at once. Measured on the shipped data: a
# sources panel about 1.2 MB, a timeline figure 0.4 MB, a map 0.1 MB (its data is a served file).
KEEP = {"map": 32, "timeline": 16, "sources": 6, "page_text": 32}
# A session's uploads have a workspace of their own, used by that session alone, and a 20,000-record
# upload's map is about 100 MB in memory: it keeps what one reader steps through (bench/soak.py).
UPLOAD_KEEP = {"map": 2, "timeline": 2, "timeline_figure": 4, "sources": 2, "page_text": 2}


@dataclass
class Workspace:
    data: Prepared
    # Where the map's files are written and served from; `inline` for uploads, whose map data travels
    # inside the page and is never written to disk.
    serving: Serving
    keep: dict = field(default_factory=lambda: KEEP)  # how many of each kind of derived thing are kept
    _memo: dict = field(default_factory=dict, repr=False)  # kind -> OrderedDict of key -> value
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _building: dict = field(default_factory=dict, repr=False)  # key -> Event set when its build ends

    def memo(self, key: tuple, build: Callable[[], T]) -> T:
        """`build()` the first time `key` is asked for, the same object afterwards (while kept: see KEEP,
        by `key[0]`: see `keep`). A second caller asking while the first builds waits for that build
        rather than make its own: on two cores the server's warm-up (launch.py) and the first visit
        building the same 10,000-site map at once made the first paint 50 s instead of 33. Different
        keys never wait for each other."""
        while True:
            with self._lock:
                kept = self._memo.setdefault(key[0], OrderedDict())
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]
                building = self._building.get(key)
                if building is None:
                    building = self._building[key] = threading.Event()
                    break
            building.wait()  # then look again: built (and kept), or the build failed and we build it
        try:
            value = build()
            with self._lock:
                kept[key] = value
                while len(kept) > self.keep.get(key[0], 16):
                    kept.popitem(last=False)
        finally:
            with self._lock:
                del self._building[key]
            building.set()
        return value

    # ---- what the page shows, each built once per key ----------------------------------------------

    def base_map(self, view: RecordView, lang: str, tiles: str) -> BaseMap:
        """The map of `view`'s records, drawn once per (records, language, tiles)."""
        return self.memo(("map", view.key, lang, tiles), lambda: self.fresh_map(view, lang, tiles))

    def fresh_map(self, view: RecordView, lang: str, tiles: str) -> BaseMap:
        """A map of `view`'s records built now and kept nowhere (`base_map` keeps one)."""
        data = self.data
        layers = MapLayers(data.sites_geojson, data.provinces_geojson, view.timeline, data.context)
        return build_base_map(layers, lang, TILES[tiles], self.serving)

    def page_tables(self, selection: Selection) -> dict:
        """How the scrubber gets what the heading and panel say on each date of the selection
        (page_text.page_tables): {"page_url": a served file} for the shipped data, {"page": the tables}
        for an upload, or {} when they are too large (PAGE_TABLES_INLINE_BYTES, PAGE_TABLES_MAX_RECORDS)."""
        view = self.data.view(selection)
        return self.memo(
            ("page_text", view.key, selection.provinces, selection.lang), lambda: self._page_tables(selection)
        )

    def _page_tables(self, selection: Selection) -> dict:
        if len(self.data.view(selection).records) > PAGE_TABLES_MAX_RECORDS:
            return {}
        tables = page_tables(self.data, selection)
        text = json.dumps(tables, ensure_ascii=False, separators=(",", ":"))
        if not self.serving.inline:
            return {"page_url": publish_data(self.serving.static_dir, text, self.serving.static_url)}
        return {"page": tables} if len(text.encode("utf-8")) <= PAGE_TABLES_INLINE_BYTES else {}

    def timeline_rows(self, provinces: tuple[str, ...]) -> tuple[list[str], int]:
        """The sites the timeline has a row for (the first TIMELINE_ROWS in file order), and how many the
        selection holds."""
        chosen = self.data.sites_in(provinces)
        chosen = self.data.site_ids if chosen is None else chosen
        return list(chosen[:TIMELINE_ROWS]), len(chosen)

    def timeline(self, selection: Selection) -> dict:
        """The date-free timeline figure of a selection; `charts.timeline_on` dresses a copy per date."""
        view, provinces, lang = self.data.view(selection), selection.provinces, selection.lang
        return self.memo(
            ("timeline", view.key, provinces, lang),
            lambda: timeline_base(
                view.index,
                view.records,
                self.data.site_names[lang],
                self.timeline_rows(provinces)[0],
                self.data.span,
                lang,
            ),
        )

    def timeline_figure(self, selection: Selection) -> go.Figure:
        """The timeline without its date line (the scrubber draws it in the browser), as the Figure
        `st.plotly_chart` takes: one object per window of the axis, so a step skips plotly's validation
        of a dict (21 ms a rerun on the shipped data, 2.4 ms from a Figure). Streamlit copies it
        (`to_dict`) before use, so the shared object is never written to."""
        view, on = self.data.view(selection), selection.day
        window = timeline_window(on, self.data.span)
        return self.memo(
            ("timeline_figure", view.key, selection.provinces, selection.lang, window),
            lambda: go.Figure(timeline_on(self.timeline(selection), on, self.data.span, line=False)),
        )

    def sources_panel(self, selection: Selection):
        """Each source of the view (as known then: only those published by then) and the records citing it."""
        view, provinces, lang = self.data.view(selection), selection.provinces, selection.lang
        return self.memo(
            ("sources", view.key, provinces, lang),
            lambda: sources_panel(
                view, self.data.site_names[lang], lang, self.data.sites_in(provinces), limit=TABLE_ROWS
            ),
        )
