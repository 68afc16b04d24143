"""The slide's map and legend as pictures of their own, for a slide deck that sets its words as text.

    render_map(prepared, selection, PictureSize(width_px=1200, height_px=900, dpi=150))
    render_legend(lang, width_px, height_px, dpi=150, columns=3)

Both draw with the PNG slide's code (`Slide`, `symbols`), so the deck's map is the slide's map: same
symbols, names, rings, arrows and incidents, at the size the deck shows it (sizes are in points, so a
picture `width_px / dpi` inches wide shows its labels at their point size when placed that wide).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from dashboard.i18n import check_language
from dashboard.selection import Selection

from . import check_selection, symbols
from .canvas import Slide
from .scene import build_scene
from .text import drawing_context, text_kwargs

MAP_DPI = 150
MIN_PIXELS = 16


def _inches(width_px: int, height_px: int, dpi: float) -> tuple[float, float]:
    if width_px < MIN_PIXELS or height_px < MIN_PIXELS:
        raise ValueError(f"a picture needs at least {MIN_PIXELS} x {MIN_PIXELS} pixels, not {width_px} x {height_px}")
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    return width_px / dpi, height_px / dpi


@dataclass(frozen=True)
class PictureSize:
    width_px: int = 1200
    height_px: int = 900
    dpi: float = MAP_DPI


def render_maps(
    prepared, dates: Iterable[dt.date], selection: Selection, size: PictureSize = PictureSize()
) -> list[bytes]:
    """The map of each date as PNG bytes of `size`: the slide's map with no panel.

    The governorates, names and scale bar are drawn once for all the dates, as in an animation.
    """
    check_selection(prepared, selection)
    inches = _inches(size.width_px, size.height_px, size.dpi)
    with drawing_context():
        slide = Slide(prepared, selection, size.dpi, panel=False, size=inches)
        pictures = []
        for day in dates:
            slide.show(build_scene(prepared, selection.on(day)))
            pictures.append(_png(slide.image(), size.dpi))
    return pictures


def render_map(prepared, selection: Selection, size: PictureSize = PictureSize()) -> bytes:
    """The map of the selection's day alone, as PNG bytes (see `render_maps`)."""
    return render_maps(prepared, [selection.day], selection, size)[0]


LEGEND_POINTS = (10, 9, 8, 7)  # the legend's type sizes, tried in turn until every entry fits the picture


def render_legend(lang: str, width_px: int, height_px: int, dpi: float = MAP_DPI, columns: int = 3) -> bytes:
    """The slide's legend (every status, plans, moves, incidents, grade C) in `columns` columns, as PNG
    bytes, without its title: a deck names it in text. Arabic reads from the right, symbol on the right.
    Set in the largest of LEGEND_POINTS at which the whole legend fits the picture (a legend cut at the
    picture's edge loses entries without a word), else the smallest."""
    check_language(lang)
    size = _inches(width_px, height_px, dpi)
    with drawing_context():
        for points in LEGEND_POINTS:
            fig = Figure(figsize=size, dpi=dpi)
            canvas = FigureCanvasAgg(fig)
            legend = _legend(fig, lang, columns, points)
            canvas.draw()
            box = legend.get_window_extent(canvas.get_renderer())
            if box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height:
                break
        return _png(Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3].copy()), dpi)


def _legend(fig: Figure, lang: str, columns: int, points: int):
    rtl = lang == "ar"
    handles, labels = symbols.legend_entries(lang)
    # Matplotlib fills a legend column by column, the first columns one entry longer when the
    # entries do not divide evenly: blank entries at the end make every column as long, so that
    # Arabic can list the columns from the right, each still read from the top.
    rows = -(-len(handles) // columns)
    blanks = rows * columns - len(handles)
    handles = handles + [Line2D([], [], linestyle="none")] * blanks
    labels = labels + [""] * blanks
    if rtl:
        order = [i for c in reversed(range(columns)) for i in range(c * rows, (c + 1) * rows)]
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    return fig.legend(
        handles,
        labels,
        loc="center",
        ncols=columns,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        prop=text_kwargs(lang, points)["fontproperties"],
        alignment="right" if rtl else "left",
        markerfirst=not rtl,
        handler_map=symbols.LEGEND_HANDLERS,
        labelspacing=0.6,
        handlelength=2.2,
        columnspacing=1.2,
    )


def _png(image: Image.Image, dpi: float) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()
