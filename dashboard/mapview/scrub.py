"""What the scrubber (web/scrubber.js) needs to move the map in the browser for one rerun."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.i18n import t, text_direction
from dashboard.prepared import Prepared
from dashboard.style import TIMELINE_DATE_LINE

SCRUBBER_JS = Path(__file__).parent / "web" / "scrubber.js"
SCRUBBER_CSS = Path(__file__).parent / "web" / "scrubber.css"


def scrubber_data(data: Prepared, day: dt.date, lang: str, known_then: bool, map_drawn: bool = True) -> dict:
    """The axis, the committed date, the change dates to mark and jump between, and the words.
    `map_drawn` false: the page waits to hear from the scrubber that the map is drawn (see
    page/panels.py, timeline).

    As known then, the records in the map's frame are those published by the committed date, and
    which records are known changes with the date itself; so the map follows the thumb on commit
    only (`follow` false) rather than show a picture nobody knew on the dragged date.
    """
    first, last = data.span
    changes = data.all_records.index.change_dates()
    if known_then:  # a publication can change the picture as known then: a step too (see Prepared)
        changes = sorted(set(changes) | set(data.publications))
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "date": day.isoformat(),
        "today": data.today.isoformat(),
        "changes": [d.isoformat() for d in changes if first <= d <= last],
        "follow": not known_then,
        "map_drawn": map_drawn,
        "timeline_line": TIMELINE_DATE_LINE,  # the timeline's date line, drawn by the scrubber
        "dir": text_direction(lang),
        "lang": lang,
        "labels": {key: t(f"scrubber_{key}", lang) for key in ("label", "speed", "keys")}
        | {"play": t("play", lang), "stop": t("stop", lang)},
    }
