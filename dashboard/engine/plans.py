"""When a plan is confirmed (the rule is in index.py's docstring): the earliest of the records naming it
in `confirms` and the first fact of its site and status on or after its date."""

from __future__ import annotations

import numpy as np

from dashboard.engine.columns import Columns

# Composite sort keys are group << DAY_BITS | day. The ordinal of 9999-12-31 is 3_652_059 < 2**22,
# so every representable date fits below its group's next key.
DAY_BITS = 22
NEVER = 1 << DAY_BITS  # a day after every representable date


def confirmations(
    columns: Columns, plan_rows: np.ndarray, automatic: dict[int, int], groups: np.ndarray, facts: np.ndarray
) -> dict[int, tuple[int, str | None]]:
    """Per planned row: (day it is confirmed, NEVER if not yet; the confirming record's id). The
    earliest of the records naming it in `confirms` and the automatic confirmation (the first fact of
    its site and status on or after its date); of one day, a record naming it explicitly wins."""
    row_of = {columns.record_ids[r]: r for r in plan_rows.tolist()}
    explicit: dict[int, tuple[int, int]] = {}
    for row, named in enumerate(columns.confirms):
        for plan_id in named:
            target = row_of.get(plan_id)
            if target is not None:
                candidate = (int(columns.days[row]), row)
                explicit[target] = min(explicit.get(target, candidate), candidate)
    # The first fact of each (site, status) group on or after a day, to name the automatic confirmer.
    by_key = {}
    for row in facts.tolist():
        key = (int(groups[row]), int(columns.days[row]))
        by_key.setdefault(key, row)  # file order: the first row of the day names it
    found: dict[int, tuple[int, str | None]] = {}
    for row in plan_rows.tolist():
        day = automatic[row]
        options = []
        if day != NEVER:
            options.append((day, 1, columns.record_ids[by_key[(int(groups[row]), day)]]))
        if row in explicit:
            day_named, by = explicit[row]
            options.append((day_named, 0, columns.record_ids[by]))
        chosen = min(options) if options else (NEVER, 0, None)
        found[row] = (chosen[0], chosen[2])
    return found
