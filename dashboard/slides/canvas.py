"""One slide figure: a map and a text panel, drawn once and repainted per date.

Everything that does not depend on the date (governorates, labels, legend, title, scale bar) is
drawn when the `Slide` is made; `show(scene)` replaces only the date's layer, so an animation draws
the provinces once. The figure is 16 x 9 inches: 1920 x 1080 at 120 dpi, 1280 x 720 at 80 dpi.
English puts the map on the left and the panel on the right; Arabic mirrors the layout (the map
itself is never mirrored).
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, PathPatch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from PIL import Image

from dashboard.i18n import t
from dashboard.selection import Selection

from . import basemap, placement, symbols
from .scene import Scene, date_text, scope_lines
from .text import fitting_size, text_kwargs, text_width, wrap

WIDTH_IN, HEIGHT_IN = 16, 9
MARGIN = 0.008  # figure fraction around the edges
SOURCE_STRIP = 0.105  # figure fraction at the bottom for the source line
SOURCE_LINES = 4  # the source line shrinks its font to fit in this many lines
MAP_WIDTH = 0.567
PANEL_GAP = 0.02
HALO = [withStroke(linewidth=3.5, foreground="white")]
LABEL_SIZE = 12
SCOPE_LINES = 4  # governorates, places shown, as known then, force level
SCOPE_SIZE = 14
INK = "#111111"


class Slide:
    """The slide figure; with `panel=False`, the map alone filling a figure of `size` inches (no title,
    date, legend or source line: a slide deck sets those as text of its own)."""

    def __init__(
        self,
        prepared,
        selection: Selection,
        dpi: float,
        panel: bool = True,
        size: tuple[float, float] = (WIDTH_IN, HEIGHT_IN),
    ):
        # The day of `selection` is not drawn here: each `show(scene)` brings its own.
        self.prepared, self.selection = prepared, selection
        self.provinces, self.lang, self.known_then = selection.provinces, selection.lang, selection.known_then
        self.rtl = self.lang == "ar"
        self.panel = panel
        self.fig = Figure(figsize=size, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.renderer = self.canvas.get_renderer()
        map_left = 1 - MARGIN - MAP_WIDTH if self.rtl else MARGIN
        if panel:
            self.ax = self.fig.add_axes((map_left, SOURCE_STRIP, MAP_WIDTH, 1 - MARGIN - SOURCE_STRIP))
        else:
            self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_axis_off()  # which also hides the axes' own background, hence a rectangle of our own
        self.ax.add_patch(
            Rectangle(
                (0, 0), 1, 1, transform=self.ax.transAxes, facecolor=basemap.ELSEWHERE, edgecolor="none", zorder=0
            )
        )
        # The panel's text edge: its left edge in English, its right edge in Arabic.
        self.panel_x = map_left - PANEL_GAP if self.rtl else MARGIN + MAP_WIDTH + PANEL_GAP
        self.panel_width = (1 - MAP_WIDTH - PANEL_GAP - 2 * MARGIN) * self.fig.bbox.width
        self.dynamic: list = []
        chosen = prepared.sites_in(self.provinces)
        self.site_ids = prepared.site_ids if chosen is None else chosen
        self.geometry = dict(zip(prepared.dataset.sites["site_id"], prepared.dataset.sites.geometry))
        self._draw_map()
        if panel:
            self._draw_panel()

    # ---- static layer ------------------------------------------------------------------------

    def _points(self, size_pt: float) -> float:
        return size_pt * self.fig.dpi / 72

    @property
    def colours(self) -> tuple[str, ...]:
        """Colours of the map's land, for an animation's palette."""
        return (
            basemap.LAND,
            basemap.NEIGHBOUR_LAND,
            basemap.SELECTED_LAND,
            basemap.ELSEWHERE,
            basemap.PROVINCE_EDGE,
            basemap.COUNTRY_EDGE,
            basemap.PROVINCE_LABEL,
        )

    def _draw_map(self) -> None:
        ax = self.ax
        basemap.draw_provinces(ax, self.prepared, self.provinces)
        box = ax.get_window_extent(self.renderer)
        basemap.set_extent(ax, basemap.extent(self.prepared, self.provinces), box.width, box.height)
        ax.set_autoscale_on(False)
        basemap.draw_scale_bar(ax, self.lang)
        self.true = {s: basemap.anchor(g) for s, g in self.geometry.items()}
        self.anchors = dict(self.true)
        self.labels: list = []  # the names of the named sites and of the governorates around them
        self.named: tuple | None = None  # whose names `labels` holds
        view = ax.get_window_extent(self.renderer)
        if self.provinces and not self.site_ids:
            note = wrap(self.renderer, t("empty_selection", self.lang), view.width * 0.6, 16, rtl=self.rtl)
            ax.text(
                0.5,
                0.5,
                "\n".join(note),
                transform=ax.transAxes,
                va="center",
                zorder=20,
                bbox={"boxstyle": "round,pad=0.8", "facecolor": "#FFF4D6", "edgecolor": "#B07800"},
                **text_kwargs(self.lang, 16, rtl_align=False),
                ha="center",
                multialignment="center",
            )

    def _draw_labels(self, named: tuple[str, ...]) -> None:
        """The names of `named` (the sites that are not quiet on the date) beside their symbols, then
        the governorates' names where they hide nothing. Kept while the same sites are named, so an
        animation places them again only when that set changes."""
        if named == self.named:
            return
        for artist in self.labels:
            artist.remove()
        self.labels = self._spread(named)
        before = len(self.ax.texts)
        # Cells a symbol wide: a label's neighbours are then found in a handful of cells.
        taken = placement.Taken(self._points(symbols.OVERDUE_POINTS), (self._symbol_box(s) for s in named))
        names = self.prepared.site_names[self.lang]
        crowded = []  # named sites whose name would cover a symbol or another name wherever it went
        # Bases before zones: a zone's label can sit anywhere near it, a base's cannot.
        for site_id in sorted(named, key=lambda s: self.geometry[s].geom_type != "Point"):
            box = self._place_label(self.anchors[site_id], names.get(site_id, site_id), taken)
            if box is None:
                crowded.append(names.get(site_id, site_id))
            else:
                taken.add(box)
        if crowded:  # said on the map itself, so the picture still names every place it marks
            separator = "، " if self.rtl else ", "
            text = t("slide_crowded", self.lang, names=separator.join(crowded))
            lines = wrap(self.renderer, text, self.ax.get_window_extent(self.renderer).width * 0.55, 10, rtl=self.rtl)
            self.ax.text(
                0.01 if self.rtl else 0.99,
                0.01,
                "\n".join(lines),
                transform=self.ax.transAxes,
                ha="left" if self.rtl else "right",
                va="bottom",
                zorder=9,
                color=INK,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#999999", "alpha": 0.9},
                **text_kwargs(self.lang, 10, rtl_align=False),
            )
        view = self.ax.get_window_extent(self.renderer)
        for x, y, name in basemap.province_labels(self.prepared, self.lang):
            label = self.ax.text(
                x,
                y,
                name,
                **text_kwargs(self.lang, 10, rtl_align=False),
                ha="center",
                va="center",
                color=basemap.PROVINCE_LABEL,
                zorder=4,
            )
            box = label.get_window_extent(self.renderer)
            if not placement.inside(box, view) or taken.overlap(box):
                label.remove()
            else:
                taken.add(box)
        self.labels += list(self.ax.texts[before:])
        self.named = named

    def _spread(self, named: tuple[str, ...]) -> list:
        """Move the symbols of the named sites apart where they would overlap, each tied to its true
        place by a thin line; quiet sites stay where they are, small, under them. The lines drawn."""
        ax, true = self.ax, self.true
        points = self._points(symbols.OVERDUE_POINTS)
        # Keep a column a symbol's width inside the edges: a plan's ring and an incident's burst reach
        # beyond the symbol itself.
        view = ax.get_window_extent(self.renderer)
        spread = placement.spread(
            [tuple(ax.transData.transform(true[s])) for s in named], points, within=(view.y0 + points, view.y1 - points)
        )
        to_data = ax.transData.inverted()
        self.anchors = dict(true)
        drawn = []
        for site_id, xy in zip(named, spread):
            self.anchors[site_id] = tuple(to_data.transform(xy))
            if self.anchors[site_id] != true[site_id] and self.geometry[site_id].geom_type == "Point":
                drawn += ax.plot(*zip(true[site_id], self.anchors[site_id]), color="#555555", linewidth=1, zorder=5.5)
                drawn += ax.plot(*true[site_id], marker="o", markersize=3.5, color="#555555", zorder=5.5)
        return drawn

    def _symbol_box(self, site_id: str) -> Bbox:
        x, y = self.ax.transData.transform(self.anchors[site_id])
        half = self._points(symbols.OVERDUE_POINTS) / 2
        return Bbox.from_extents(x - half, y - half, x + half, y + half)

    def _label(self, at, name: str, side: tuple, far: bool):
        dx, dy, ha, va = side
        leader = (
            {
                "arrowstyle": "-",
                "color": "#777777",
                "linewidth": 0.8,
                "shrinkA": 0,
                "shrinkB": symbols.OVERDUE_POINTS / 2,
            }
            if far
            else None
        )
        return self.ax.annotate(
            name,
            at,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            zorder=8,
            color=INK,
            path_effects=HALO,
            annotation_clip=False,
            arrowprops=leader,
            **text_kwargs(self.lang, LABEL_SIZE, rtl_align=False),
        )

    def _place_label(self, at: tuple[float, float], name: str, taken: placement.Taken) -> Bbox | None:
        """Put `name` beside the symbol at `at` where it hides nothing, and return its box; None, and no
        name, when every place within reach would cover a symbol or another name or leave the map."""
        sides = placement.label_offsets(symbols.OVERDUE_POINTS / 2 + 3, self.rtl)
        probe = self._label(at, name, sides[0], far=False)
        size = probe.get_window_extent(self.renderer)
        probe.remove()
        x, y = self.ax.transData.transform(at)
        boxes = [
            placement.label_box(x + self._points(dx), y + self._points(dy), size.width, size.height, ha, va)
            for dx, dy, ha, va in sides
        ]
        view = self.ax.get_window_extent(self.renderer)
        chosen = placement.best_side(boxes, taken, view)
        if taken.overlap(boxes[chosen]) or not placement.inside(boxes[chosen], view):
            return None
        self._label(at, name, sides[chosen], far=chosen >= placement.NEAR_SIDES)
        return boxes[chosen]

    def _draw_panel(self) -> None:
        x, lang = self.panel_x, self.lang
        title = wrap(self.renderer, t("title", lang), self.panel_width, 21, bold=True, rtl=self.rtl)
        top = self.fig.text(
            x, 1 - 4 * MARGIN, "\n".join(title), va="top", color=INK, **text_kwargs(lang, 21, bold=True)
        )
        self.date_y = self._below(top) - 0.02
        # One size for every date, so the date does not change size from frame to frame.
        widest = [date_text(dt.date(2028, month, 28), lang) for month in range(1, 13)]
        self.date_size = fitting_size(self.renderer, widest, self.panel_width, 40, bold=True)
        probe = self.fig.text(x, self.date_y, widest[0], va="top", **text_kwargs(lang, self.date_size, bold=True))
        self.scope_y = self._below(probe) - 0.025
        probe.remove()
        line_height = SCOPE_SIZE * 1.5 * self.fig.dpi / 72 / self.fig.bbox.height
        legend_top = self.scope_y - SCOPE_LINES * line_height - 0.04
        self.fig.legend(
            *symbols.legend_entries(lang),
            loc="upper right" if self.rtl else "upper left",
            bbox_to_anchor=(x, legend_top),
            frameon=False,
            borderaxespad=0,
            borderpad=0,
            prop=text_kwargs(lang, 12)["fontproperties"],
            title=t("legend", lang),
            title_fontproperties=text_kwargs(lang, 14, bold=True)["fontproperties"],
            alignment="right" if self.rtl else "left",
            markerfirst=not self.rtl,
            handler_map=symbols.LEGEND_HANDLERS,
            labelspacing=0.6,
            handlelength=2.2,
            ncols=2,  # every status, staleness, contest, three plan states, moves, incidents, grade C
            columnspacing=1.0,
        )

    def _below(self, artist) -> float:
        box = artist.get_window_extent(self.renderer)
        return self.fig.transFigure.inverted().transform((0, box.y0))[1]

    # ---- the date's layer -------------------------------------------------------------------------

    def show(self, scene: Scene) -> None:
        for artist in self.dynamic:
            artist.remove()
        self.dynamic = []
        add = self.dynamic.append
        self._draw_labels(tuple(site.site_id for site in scene.sites if not site.quiet))
        if self.panel:
            self._show_panel(scene)
        for site in scene.sites:
            geometry = self.geometry[site.site_id]
            if geometry.geom_type != "Point":
                add(
                    self.ax.add_patch(
                        PathPatch(
                            basemap.geometry_path(geometry), **symbols.zone_style(site.status, site.grade), zorder=3
                        )
                    )
                )
        for from_site, to_site in scene.moves:
            add(
                self.ax.add_patch(
                    FancyArrowPatch(self.anchors[from_site], self.anchors[to_site], **symbols.MOVE, zorder=5)
                )
            )
        for artist in symbols.draw_marks(self.ax, scene.sites, self.anchors, self.geometry):
            add(artist)
        for artist in symbols.draw_incidents(self.ax, scene.incidents, self.anchors):
            add(artist)

    def _show_panel(self, scene: Scene) -> None:
        add = self.dynamic.append
        lang, x = self.lang, self.panel_x
        add(
            self.fig.text(
                x,
                self.date_y,
                date_text(scene.on, lang),
                va="top",
                color=INK,
                **text_kwargs(lang, self.date_size, bold=True),
            )
        )
        lines = self._scope_lines(scene)
        add(
            self.fig.text(
                x,
                self.scope_y,
                "\n".join(lines),
                va="top",
                color="#333333",
                linespacing=1.5,
                **text_kwargs(lang, SCOPE_SIZE),
            )
        )
        add(self._source_line(scene))

    def _scope_lines(self, scene: Scene) -> list[str]:
        """Scope lines with as many governorate names as fit on one line of the panel."""
        for names in range(len(self.provinces), 0, -1):
            lines = scope_lines(self.prepared, scene, self.selection, max_names=names)
            if text_width(self.renderer, lines[0], SCOPE_SIZE) <= self.panel_width:
                break
        else:
            lines = scope_lines(self.prepared, scene, self.selection)
        return lines

    def _source_line(self, scene: Scene):
        separator = "؛ " if self.rtl else "; "
        text = t("source_line", self.lang, names=separator.join(scene.sources) if scene.sources else "—")
        width = (1 - 2 * MARGIN) * self.fig.bbox.width
        size = 11.0
        lines = wrap(self.renderer, text, width, size, rtl=self.rtl)
        while len(lines) > SOURCE_LINES and size > 7:
            size -= 0.5
            lines = wrap(self.renderer, text, width, size, rtl=self.rtl)
        edge = 1 - MARGIN if self.rtl else MARGIN
        return self.fig.text(
            edge,
            SOURCE_STRIP - 0.012,
            "\n".join(lines),
            va="top",
            color="#444444",
            linespacing=1.3,
            **text_kwargs(self.lang, size),
        )

    def png(self) -> bytes:
        out = io.BytesIO()
        # Encoded by Pillow without text chunks (no Software, no date): the same slide is the same bytes.
        self.image().save(out, format="PNG", compress_level=6, dpi=(self.fig.dpi, self.fig.dpi))
        return out.getvalue()

    def image(self) -> Image.Image:
        self.canvas.draw()
        return Image.fromarray(np.asarray(self.canvas.buffer_rgba())[:, :, :3].copy())
