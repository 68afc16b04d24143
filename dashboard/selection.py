"""What a reader has chosen to look at: one value, made once per page run (from the URL and the
widgets) or per command (from its arguments), and passed whole to everything that draws or exports.

It is frozen and hashable, so it is also the key of every cache of what it selects. A new choice that
changes what is shown (as `forces` did) is one field here; the URL, the widgets and the commands read
and write it in `urlstate.py`, `page/session.py` and `cli.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dashboard.vocabulary import FORCES_FILTERS


@dataclass(frozen=True)
class Selection:
    day: dt.date
    provinces: tuple[str, ...] = ()  # ISO 3166-2 codes; () is every governorate
    lang: str = "en"
    known_then: bool = False  # only what some source published by `day` supports
    forces: str = FORCES_FILTERS[0]  # "all", or "US": records about US forces (or the coalition as a whole)

    def __post_init__(self) -> None:
        if self.forces not in FORCES_FILTERS:
            raise ValueError(f"forces {self.forces!r}: expected one of {', '.join(FORCES_FILTERS)}")
        if not isinstance(self.provinces, tuple):
            raise TypeError("provinces must be a tuple, so that a Selection can be a cache key")

    def on(self, day: dt.date) -> Selection:
        """The same selection on another day."""
        return self if day == self.day else replace(self, day=day)

    def within(self, provinces: tuple[str, ...]) -> Selection:
        return replace(self, provinces=tuple(provinces))

    def records_key(self) -> tuple:
        """What decides which records are visible, apart from the day's publication cut-off."""
        return (self.known_then, self.forces)
