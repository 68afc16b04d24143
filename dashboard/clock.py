"""Today's date, from the clock unless fixed by `$POSTURE_TODAY` (YYYY-MM-DD).

The time axis ends today and the page opens on today, so tests and README screenshots fix the date to
stay reproducible; the command-line tools also take `--today`.
"""

from __future__ import annotations

import datetime as dt
import os

from dashboard.dates import DateError, parse_iso_date

TODAY_ENV_VAR = "POSTURE_TODAY"


def today() -> dt.date:
    """`$POSTURE_TODAY` when set (ValueError naming the variable if it is not a date), else the clock's date."""
    fixed = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return parse_iso_date(fixed)
    except DateError as error:
        raise ValueError(f"${TODAY_ENV_VAR}={error}") from None
