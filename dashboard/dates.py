"""The one parser of dates that enter from outside: data files, the URL, the command line, $POSTURE_TODAY.

Only `YYYY-MM-DD` in ASCII digits is a date: not `20251001` (which Python's `fromisoformat` takes), not
`2026-3-10`, not `２０２６-03-10` or other Unicode digits (which `\\d` and `str.isdigit` take), and only
between EARLIEST_DATE and LATEST_DATE. Every refusal is a `DateError`: its text says why in English for
files and commands, and its `reason` (a key of the catalogue in i18n.py) and `details` let the page say
it in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import re

from dashboard.vocabulary import EARLIEST_DATE, LATEST_DATE

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # [0-9], not \d: \d matches every script's digits
SHOWN = 40  # characters of a refused value repeated in its message


class DateError(ValueError):
    """A value that is not a date this dashboard accepts."""

    def __init__(self, message: str, reason: str, **details: str):
        super().__init__(message)
        self.reason, self.details = reason, tuple(details.items())


def shown(value: object) -> str:
    """`repr(value)`, cut to SHOWN characters: a 20,000-character value is not echoed whole."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + f"… ({len(str(value)):,} characters)"


def parse_iso_date(value: object, first: dt.date = EARLIEST_DATE, last: dt.date = LATEST_DATE) -> dt.date:
    """`value` (text `YYYY-MM-DD`, or a date) as a date between `first` and `last`, or DateError."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise DateError(f"{shown(value)} is not a date written YYYY-MM-DD", "url_not_a_date")
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as error:
            raise DateError(f"{value!r} is not a valid date: {error}", "url_no_such_day") from None
    if not first <= day <= last:
        raise DateError(
            f"{day.isoformat()} is outside {first.isoformat()} to {last.isoformat()}",
            "url_outside",
            first=first.isoformat(),
            last=last.isoformat(),
        )
    return day
