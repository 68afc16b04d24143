"""Static slides (PNG) and animations (GIF) of the posture on a date, for briefings.

    render_slide(prepared, on, provinces=(), lang="en", known_then=False) -> PNG bytes, 1920 x 1080
    render_animation(prepared, dates, provinces=(), lang="en", known_then=False) -> GIF bytes, 1280 x 720
    animation_dates(start, end, every, index) -> the frame dates

and in `dashboard.slides.pictures`, for a slide deck that sets its words as text: `render_map` (and
`render_maps` for many dates) -> PNG bytes of the map alone, no title, date, legend or source line;
`render_legend` -> the legend alone.

A slide shows the same state as the dashboard's map on that date. The same inputs give the same bytes.
Command line: `python -m dashboard.slides --help`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dashboard.i18n import check_language

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


def render_slide(
    prepared, on: dt.date, provinces: Iterable[str] = (), lang: str = "en", known_then: bool = False
) -> bytes:
    """A 1920 x 1080 PNG of the posture on `on`, limited to `provinces` (ISO 3166-2 codes) if any."""
    codes = check_provinces(prepared, provinces)
    check_language(lang)
    with drawing_context():
        slide = Slide(prepared, codes, lang, SLIDE_DPI, known_then)
        slide.show(build_scene(prepared, on, codes, lang, known_then))
        return slide.png()


def render_animation(
    prepared, dates: Iterable[dt.date], provinces: Iterable[str] = (), lang: str = "en", known_then: bool = False
) -> bytes:
    """A looping 1280 x 720 GIF with one frame per date, each showing the slide of that date."""
    codes = check_provinces(prepared, provinces)
    check_language(lang)
    days = list(dates)
    if not days:
        raise ValueError("no dates to animate")
    if len(days) > MAX_FRAMES:
        raise ValueError(f"{len(days)} frames is more than {MAX_FRAMES}; choose a longer step or a shorter range")
    with drawing_context():
        slide = Slide(prepared, codes, lang, FRAME_DPI, known_then)
        frames = []
        for day in days:
            slide.show(build_scene(prepared, day, codes, lang, known_then))
            frames.append(slide.image())
    return encode_gif(frames, symbols.PALETTE + slide.colours)
