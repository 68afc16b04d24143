"""Static slides (PNG) and animations (GIF) of the posture on a date, for briefings.

    render_slide(prepared, selection) -> PNG bytes, 1920 x 1080, of the selection's day
    render_animation(prepared, dates, selection) -> GIF bytes, 1280 x 720, a frame per date
    animation_dates(start, end, every, index) -> the frame dates

and in `dashboard.slides.pictures`, for a slide deck that sets its words as text: `render_map` (and
`render_maps` for many dates) -> PNG bytes of the map alone, no title, date, legend or source line;
`render_legend` -> the legend alone.

A slide shows the same state as the dashboard's map on that date. The same inputs give the same bytes.
Command line: `python -m dashboard.slides --help`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from dashboard.i18n import check_language
from dashboard.selection import Selection

from . import symbols
from .animation import MAX_FRAMES, STEPS, animation_dates, encode_gif
from .canvas import Slide
from .scene import Scene, build_scene
from .text import drawing_context

SLIDE_DPI = 120  # 16 x 9 inches -> 1920 x 1080
FRAME_DPI = 80  # -> 1280 x 720

__all__ = [
    "FRAME_DPI",
    "MAX_FRAMES",
    "SLIDE_DPI",
    "STEPS",
    "Scene",
    "animation_dates",
    "build_scene",
    "check_provinces",
    "check_selection",
    "render_animation",
    "render_slide",
]


def check_provinces(prepared, provinces: Iterable[str]) -> tuple[str, ...]:
    """The codes as a tuple, or ValueError naming each code the dataset does not know."""
    codes = (provinces,) if isinstance(provinces, str) else tuple(provinces)
    known = set(prepared.dataset.provinces["iso_3166_2"])
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"unknown governorate code(s): {', '.join(unknown)}")
    return codes


def check_selection(prepared, selection: Selection) -> None:
    """ValueError naming what the dataset does not know (a governorate) or the language."""
    check_provinces(prepared, selection.provinces)
    check_language(selection.lang)


def render_slide(prepared, selection: Selection) -> bytes:
    """A 1920 x 1080 PNG of the posture on the selection's day, over its governorates (all if none)."""
    check_selection(prepared, selection)
    with drawing_context():
        slide = Slide(prepared, selection, SLIDE_DPI)
        slide.show(build_scene(prepared, selection))
        return slide.png()


def render_animation(
    prepared, dates: Iterable[dt.date], selection: Selection, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """A looping 1280 x 720 GIF with one frame per date, each showing the slide of that date. `progress(done,
    total)` is called after each frame."""
    check_selection(prepared, selection)
    days = list(dates)
    if not days:
        raise ValueError("no dates to animate")
    if len(days) > MAX_FRAMES:
        raise ValueError(f"{len(days)} frames is more than {MAX_FRAMES}; choose a longer step or a shorter range")
    with drawing_context():
        slide = Slide(prepared, selection, FRAME_DPI)
        frames = []
        for done, day in enumerate(days, 1):
            slide.show(build_scene(prepared, selection.on(day)))
            frames.append(slide.image())
            if progress is not None:
                progress(done, len(days))
    return encode_gif(frames, symbols.PALETTE + slide.colours)
