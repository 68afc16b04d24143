"""The map's browser-side timeline says what the engine says, on every date."""
import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine import PostureIndex
from dashboard.map_timeline import map_timeline
from dashboard.mapview import check_timeline, moves_on, site_states

SITES = ["a", "b", "c"]
STATUSES = ["active", "drawdown", "handed_over", "consolidating", "advisory", "watch", "event"]
CLAIMS = ["reported", "announced", "planned", "assessed"]
DAYS = st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31))


@st.composite
def record_tables(draw):
    n = draw(st.integers(0, 14))
    rows = []
    for i in range(n):
        site = draw(st.sampled_from(SITES + [""]))
        claim = draw(st.sampled_from(CLAIMS))
        status = draw(st.sampled_from([s for s in STATUSES if not (claim == "planned" and s == "event")]))
        moved = draw(st.sampled_from(["", "", *[s for s in SITES if s != site]])) if site else ""
        rows.append({"record_id": f"R{i}", "site_id": site, "date": draw(DAYS), "date_precision": "day",
                     "status": status, "claim": claim, "troops": None, "troops_qualifier": "", "moved_to": moved,
                     "summary_en": "s", "summary_ar": "ش", "quote": "q", "source_id": "src", "note": ""})
    return pd.DataFrame(rows, columns=["record_id", "site_id", "date", "date_precision", "status", "claim", "troops",
                                       "troops_qualifier", "moved_to", "summary_en", "summary_ar", "quote",
                                       "source_id", "note"])


SOURCES = pd.DataFrame([{"source_id": "src", "publisher": "P", "title_en": "T", "title_ar": "ع",
                         "published": dt.date(2020, 1, 1)}])


@settings(max_examples=150, deadline=None)
@given(record_tables(), st.lists(DAYS, min_size=1, max_size=6))
def test_map_timeline_agrees_with_the_engine(records, days):
    timeline = map_timeline(records, SOURCES)
    assert check_timeline(timeline, set(SITES)) == []
    index = PostureIndex.from_records(records)
    for day in days:
        engine = index.status_at(day)
        overdue, pending = index.overdue_at(day), index.pending_at(day)
        drawn = site_states(timeline, SITES, day)
        for site in SITES:
            assert drawn[site].status == (engine[site].status if site in engine else None)
            if drawn[site].status is not None:
                assert drawn[site].record == engine[site].record_id
            expected = "overdue" if overdue.get(site) else "pending" if pending.get(site) else None
            assert drawn[site].plan == expected
        assert sorted(moves_on(timeline, day)) == sorted((m.from_site, m.to_site) for m in index.moves_at(day))
