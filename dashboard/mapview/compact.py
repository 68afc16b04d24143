"""The sites' intervals in the map's data, written compactly, and what the browser needs to read them back.

mapview.base.map_data writes each interval as a readable row (web/answers.js names its fields):

    [start, status, since, record, forces, last, stale, contested by, plan, since record, quiet]

At 10,000 sites that was 176,000 rows, 21 of the map data's 72 MB, read before the first site was drawn
(issue 18). Sent, each row becomes

    [start day - the previous row's start day, status, start day - since day, record, forces,
     start day - last day, flags, since record, contested by, plan]

with days counted from 1970-01-01 (the first row's start is its day); status, record and forces as
indexes into the tables under ``codes`` (-1 for none; ``codes.record`` lists every record of the data,
in the order of their ids); flags = stale + 2 × quiet; a plan as [state, status, planned day, record,
confirmed by] in the same codes. The last three are left out while they are their defaults (since record:
the row's record; contested by: none; plan: none). web/answers.js (expandSites) writes the rows back as
they were before anything reads them, and tests/test_answers_js.py holds the result to the engine.
"""

from __future__ import annotations

from datetime import date

from dashboard.dates import parse_iso_date

EPOCH = date(1970, 1, 1).toordinal()


class _Codes:
    def __init__(self, record_ids: list[str]):
        # Every record of the data, in the order of their ids: mapview/texts.py numbers them so too.
        self.tables: dict[str, list] = {"status": [], "record": list(record_ids), "forces": [], "plan_state": []}
        self._index: dict[str, dict] = {name: {v: i for i, v in enumerate(t)} for name, t in self.tables.items()}
        self._days: dict[str, int] = {}  # a few thousand distinct days among 176,000 rows at 10,000 sites

    def day(self, iso: str | None) -> int | None:
        if iso is None:
            return None
        if iso not in self._days:
            self._days[iso] = parse_iso_date(iso).toordinal() - EPOCH
        return self._days[iso]

    def __call__(self, table: str, value) -> int:
        if value is None:
            return -1
        index = self._index[table]
        if value not in index:
            index[value] = len(self.tables[table])
            self.tables[table].append(value)
        return index[value]


def _row(row: list, code: _Codes, previous_start: int) -> list:
    start, status, since, record, forces, last, stale, contested, plan, since_record, quiet = row
    start_day, since_day, last_day = code.day(start), code.day(since), code.day(last)
    out = [
        start_day - previous_start,
        code("status", status),
        None if since_day is None else start_day - since_day,
        code("record", record),
        code("forces", forces),
        None if last_day is None else start_day - last_day,
        (1 if stale else 0) + (2 if quiet else 0),
        code("record", since_record),
        [code("record", r) for r in contested],
        None
        if plan is None
        else [
            code("plan_state", plan[0]),
            code("status", plan[1]),
            code.day(plan[2]),
            code("record", plan[3]),
            code("record", plan[4]),
        ],
    ]
    defaults = [code("record", record), [], None]
    while len(out) > 7 and out[-1] == defaults[len(out) - 8]:
        out.pop()
    return out


def compact_sites(data: dict) -> dict:
    """`data` (mapview.base.map_data's) with every site's intervals written compactly and the tables to
    read them back under ``codes``. The input is not changed."""
    code = _Codes(sorted(data.get("records", {})))
    sites = []
    for site in data["sites"]:
        rows, previous = [], 0
        for row in site["intervals"]:
            rows.append(_row(row, code, previous))
            previous = code.day(row[0])
        # A point's empty geometry and zero area are left out too (10,000 sites: a quarter of a MB).
        kept = {k: v for k, v in site.items() if not (k == "geometry" and v is None or k == "area" and v == 0)}
        sites.append(kept | {"intervals": rows})
    return data | {"sites": sites, "codes": code.tables}
