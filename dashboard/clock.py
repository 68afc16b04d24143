"""Today's date, from the clock unless fixed by `$POSTURE_TODAY` (YYYY-MM-DD).

The time axis ends today and the page opens on today, so tests and README screenshots fix the date to
stay reproducible; the command-line tools also take `--today`.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV_VAR = "POSTURE_TODAY"


def today() -> dt.date:
    """`$POSTURE_TODAY` when set (ValueError naming the variable if it is not a date), else the clock's date."""
    fixed = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"${TODAY_ENV_VAR}={fixed!r} is not a date written YYYY-MM-DD") from None
