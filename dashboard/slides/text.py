"""Fonts, matplotlib settings and text helpers shared by every slide.

Arabic: matplotlib 3.11 lays text out with libraqm (HarfBuzz shaping, FriBiDi ordering), so strings
are passed in logical order, exactly as stored. Pre-shaping them with arabic-reshaper and reversing
them with python-bidi, as older matplotlib needed, would now reverse them a second time.

Font: DejaVu Sans as shipped inside matplotlib (it covers Latin and Arabic, including the
presentation forms), found by file path so a system copy of another version cannot change the bytes.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib import font_manager

from .scene import FSI, PDI

RLM = "\u200f"

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"normal": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}

# rcParams a user's matplotlibrc could otherwise change. parse_math off: data is text, so a name
# like "$x$" prints with its dollar signs instead of becoming (or breaking) mathtext.
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "text.usetex": False,
    "text.parse_math": False,
    "lines.scale_dashes": False,
    "figure.facecolor": "white",
    "axes.unicode_minus": False,
}

# rcParams are process-wide: one slide at a time, so two app sessions cannot swap settings mid-draw.
_LOCK = threading.RLock()


@contextmanager
def drawing_context():
    with _LOCK, matplotlib.style.context("default"), matplotlib.rc_context(RC):
        yield


def font(size: float, bold: bool = False) -> font_manager.FontProperties:
    return font_manager.FontProperties(fname=FONT_FILES["bold" if bold else "normal"], size=size)


def text_kwargs(lang: str, size: float, bold: bool = False, rtl_align: bool = True) -> dict:
    """Keyword arguments every Text of a slide gets."""
    kwargs = {
        "fontproperties": font(size, bold),
        "parse_math": False,
        "usetex": False,
        "language": "ar" if lang == "ar" else "en",
    }
    if rtl_align:
        kwargs["horizontalalignment"] = "right" if lang == "ar" else "left"
        kwargs["multialignment"] = "right" if lang == "ar" else "left"
    return kwargs


def text_width(renderer, text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of one line, shaped as it will be drawn."""
    # Laying text out is the slow part of a slide (libraqm shapes on every call), so each word is
    # measured once per size and resolution; wrap() adds words up, as shaping never joins across a space.
    key = (text, size, bold, renderer.dpi)
    if key not in _WIDTHS:
        if len(_WIDTHS) > 20_000:
            _WIDTHS.clear()
        _WIDTHS[key] = renderer.get_text_width_height_descent(text, font(size, bold), ismath=False)[0]
    return _WIDTHS[key]


_WIDTHS: dict[tuple, float] = {}


def wrap(renderer, text: str, width: float, size: float, bold: bool = False, rtl: bool = False) -> list[str]:
    """Greedy word wrap to `width` pixels; a word longer than the width gets a line of its own.

    Each line is laid out on its own, so an isolate cut by a line break is closed at the end of
    the line and reopened at the start of the next, and with `rtl` each line starts with a
    right-to-left mark, so a line that happens to begin with an English word still reads right to left.
    """
    space = text_width(renderer, "a a", size, bold) - 2 * text_width(renderer, "a", size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = text_width(renderer, word.replace(FSI, "").replace(PDI, ""), size, bold)
            if line and line_width + space + word_width > width:
                lines.append(line)
                line, line_width = word, word_width
            else:
                line, line_width = (f"{line} {word}", line_width + space + word_width) if line else (word, word_width)
        lines.append(line)
    out, open_isolates = [], 0
    for line in lines:
        line = FSI * open_isolates + line
        open_isolates = max(0, line.count(FSI) - line.count(PDI))
        out.append((RLM if rtl else "") + line + PDI * open_isolates)
    return out


def fitting_size(renderer, texts: list[str], width: float, size: float, bold: bool = False) -> float:
    """The largest size, at most `size`, at which every one of `texts` fits on a line of `width` pixels."""
    widest = max((text_width(renderer, text, size, bold) for text in texts), default=0)
    return size if widest <= width else size * width / widest
