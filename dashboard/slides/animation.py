"""Frame dates of an animation, and the GIF made of the frames.

All frames share one palette, so colours do not flicker between frames: the style's colours exactly,
then the colours most used across all frames.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Iterable

import numpy as np
from PIL import Image

STEPS = ("day", "week", "month", "quarter", "year", "change")
MAX_FRAMES = 400
FRAME_MS = 800
LAST_FRAME_MS = 2500  # hold the final state before the loop starts again


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def animation_dates(start: dt.date, end: dt.date, every: str, index) -> list[dt.date]:
    """The dates of the frames from `start` to `end`, both included.

    `every` is day, week, month, quarter or year (stepping from `start`; a month step from the 31st
    lands on each month's last day) or change (every date of `index.change_dates()` in the range).
    Raises ValueError on an unknown step or `start` after `end`.
    """
    if every not in STEPS:
        raise ValueError(f"unknown step {every!r}; expected one of {', '.join(STEPS)}")
    if start > end:
        raise ValueError(f"start {start.isoformat()} is after end {end.isoformat()}")
    if every == "change":
        return [d for d in index.change_dates() if start <= d <= end]
    if every in ("day", "week"):
        step = dt.timedelta(days=1 if every == "day" else 7)
        count = (end - start) // step + 1
        return [start + i * step for i in range(count)]
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    dates, i = [], 0
    while (day := _add_months(start, i * months)) <= end:
        dates.append(day)
        i += 1
    return dates


def thin_dates(dates: Iterable[dt.date], max_frames: int = MAX_FRAMES) -> list[dt.date]:
    """`dates` (in order, each once) if there are at most `max_frames`, else `max_frames` of them evenly spread.

    The thinned list keeps the first and the last date, so an animation still runs over the whole
    range, and keeps their order. Raises ValueError if `max_frames` is below 2 (the first and the last).
    """
    if max_frames < 2:
        raise ValueError(f"an animation needs at least 2 frames to show its first and last date, not {max_frames}")
    days = list(dates)
    if len(days) <= max_frames:
        return days
    # Frame k takes the date nearest k / (max_frames - 1) of the way along, rounded in integers: with
    # more dates than frames, each pick is at least one date past the one before, so none repeats.
    last, steps = len(days) - 1, max_frames - 1
    return [days[(k * last + steps // 2) // steps] for k in range(max_frames)]


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _NearestColour:
    """Maps pixels to their nearest palette colour, remembering each colour it has looked up.

    Pillow's own palette mapping works on colours rounded to 5-6 bits, which would turn white into
    a near-white neighbour; this looks each distinct colour up exactly, once per animation.
    """

    def __init__(self, palette: np.ndarray):
        self.palette = palette
        self.known = np.full(1 << 24, -1, dtype=np.int16)  # packed 0xRRGGBB -> palette index

    def __call__(self, frame: Image.Image) -> Image.Image:
        pixels = np.asarray(frame.convert("RGB"), dtype=np.int32)
        packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
        new = np.unique(packed[self.known[packed] < 0])
        for start in range(0, len(new), 4096):
            chunk = new[start : start + 4096]
            rgb = np.stack([chunk >> 16, (chunk >> 8) & 255, chunk & 255], axis=1)
            distance = rgb[:, None, :] - self.palette[None, :, :]
            self.known[chunk] = np.argmin((distance * distance).sum(axis=2), axis=1)
        image = Image.fromarray(self.known[packed].astype(np.uint8), mode="P")
        image.putpalette(self.palette.astype(np.uint8).ravel().tolist())
        return image


def encode_gif(frames: list[Image.Image], exact_colours: Iterable[str] = ()) -> bytes:
    """A looping GIF of `frames` (RGB images of one size); `exact_colours` ("#RRGGBB") keep their exact value."""
    if not frames:
        raise ValueError("an animation needs at least one frame")
    fixed = list(dict.fromkeys(_rgb(c) for c in ("#FFFFFF", "#000000", *exact_colours)))
    width, height = frames[0].size
    thumb = (max(1, width // 4), max(1, height // 4))
    sample = Image.new("RGB", (thumb[0], thumb[1] * len(frames)))
    for i, frame in enumerate(frames):
        sample.paste(frame.resize(thumb, Image.Resampling.NEAREST), (0, i * thumb[1]))
    adaptive = sample.quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found = adaptive.getpalette()[: 3 * (256 - len(fixed))]
    colours = fixed + [tuple(found[i : i + 3]) for i in range(0, len(found) - 2, 3)]
    palette = np.array(colours, dtype=np.int32)
    nearest = _NearestColour(palette)
    indexed = [nearest(frame) for frame in frames]
    out = io.BytesIO()
    durations = [FRAME_MS] * (len(indexed) - 1) + [LAST_FRAME_MS]
    indexed[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return out.getvalue()
