"""What the scrubber (web/scrubber.js) needs to move the map in the browser for one rerun."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.i18n import t, text_direction
from dashboard.selection import Selection
from dashboard.style import TIMELINE_DATE_LINE

if TYPE_CHECKING:  # prepared.py builds on mapview/; a run-time import back would be a cycle
    from dashboard.prepared import Prepared

SCRUBBER_JS = Path(__file__).parent / "web" / "scrubber.js"
SCRUBBER_CSS = Path(__file__).parent / "web" / "scrubber.css"
ANSWERS_JS = Path(__file__).parent / "web" / "answers.js"
PAGETEXT_JS = Path(__file__).parent / "web" / "pagetext.js"


TIMELINE_FRAME = "timeline-frame"  # the key of the container the timeline sits in (page/panels.py)


def scrubber_data(data: Prepared, selection: Selection, map_drawn: bool = True, date_line: dict | None = None) -> dict:
    """The axis, the committed date, the change dates to mark and jump between, where Previous and Next
    go, and the words.
    `map_drawn` false: the page waits to hear from the scrubber that the map is drawn (see
    page/panels.py, timeline). `date_line`: where the timeline's date line goes (charts.date_line_frame),
    drawn by the scrubber over the chart in the container keyed TIMELINE_FRAME.

    As known then, the records in the map's frame are those published by the committed date, and
    which records are known changes with the date itself; so the map follows the thumb on commit
    only (`follow` false) rather than show a picture nobody knew on the dragged date.
    """
    first, last = data.span
    day, lang, known_then = selection.day, selection.lang, selection.known_then
    changes = data.change_dates(selection)  # as known then, each publication is a step too
    previous, following = data.previous_change(selection), data.next_change(selection)
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "date": day.isoformat(),
        "today": data.today.isoformat(),
        # Where Previous and Next go from the committed date: the engine's answer (as known then it is
        # not simply the neighbouring change date). From a day the thumb was moved to and not yet
        # committed, they go to the neighbouring change date (tests/test_scrub.py: the same thing
        # whenever the map follows the thumb).
        "previous": previous and data.clamp(previous).isoformat(),
        "next": following and data.clamp(following).isoformat(),
        "changes": [d.isoformat() for d in changes if first <= d <= last],
        "follow": not known_then,
        "map_drawn": map_drawn,
        "timeline_line": TIMELINE_DATE_LINE["line"],  # the timeline's date line, drawn by the scrubber
        "timeline_frame": f"st-key-{TIMELINE_FRAME}",  # Streamlit's class for a keyed container
        "date_line": date_line,
        "dir": text_direction(lang),
        "lang": lang,
        "labels": {key: t(f"scrubber_{key}", lang) for key in ("label", "speed", "keys")}
        | {key: t(key, lang) for key in ("play", "stop", "previous", "next", "today")},
    }
