"""Evidence panels and timeline, on a tiny inline record table."""
import copy
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import status_bands, timeline_base, timeline_figure, timeline_on
from dashboard.engine import PostureIndex
from dashboard.evidence import records_by_source, records_in_effect, sources_panel, visible_sources, what_changed

D = dt.date
COLUMNS = ["record_id", "site_id", "date", "date_precision", "status", "claim", "troops", "troops_qualifier",
           "moved_to", "summary_en", "summary_ar", "source_id", "quote", "note"]
ROWS = [
    ("R1", "", D(2024, 1, 1), "month", "active", "reported", 2500, "about", "", "About 2,500 troops.", "نحو 2500 جندي.", "s1", "نحو 2500", ""),
    ("R2", "base-a", D(2024, 9, 27), "day", "active", "reported", None, "", "", "Base A operating.", "القاعدة أ تعمل.", "s1", "أ", ""),
    ("R3", "base-a", D(2025, 9, 1), "month", "handed_over", "planned", None, "", "", "Base A to be handed over.", "تسليم أ.", "s2", "ب", ""),
    ("R4", "base-a", D(2025, 9, 1), "month", "drawdown", "reported", None, "", "base-b", "Base A drawing down.", "تقليص أ.", "s2", "ج", ""),
    ("R5", "base-b", D(2025, 9, 1), "month", "consolidating", "reported", None, "", "", "Base B receiving.", "ب تستقبل.", "s2", "د", ""),
    ("R6", "", D(2025, 10, 1), "month", "drawdown", "announced", 2000, "under", "", "Under 2,000.", "أقل من 2000.", "s2", "هـ", ""),
    ("R7", "zone-c", D(2025, 8, 19), "day", "watch", "assessed", None, "", "", "Zone C a gap.", "ج فجوة.", "s2", "و", ""),
]
RECORDS = pd.DataFrame(ROWS, columns=COLUMNS)
SOURCES = pd.DataFrame([
    {"source_id": "s1", "title_en": "First", "title_ar": "الأول", "publisher": "P1", "published": D(2024, 2, 1)},
    {"source_id": "s2", "title_en": "Second", "title_ar": "الثاني", "publisher": "P2", "published": D(2025, 9, 20)},
])
NAMES = {"base-a": "Base A", "base-b": "Base B", "zone-c": "Zone C"}
INDEX = PostureIndex.from_records(RECORDS)


def test_records_in_effect_name_their_role():
    table = records_in_effect(INDEX, RECORDS, SOURCES, D(2025, 10, 1), NAMES, "en")
    roles = dict(zip(table["record_id"], table["role"]))
    assert roles == {"R4": "status", "R5": "status", "R7": "status", "R3": "overdue", "R6": "force level"}
    quote = table.loc[table["record_id"] == "R4", "quote"].item()
    assert quote == "ج"  # verbatim, never summarised
    assert table.loc[table["record_id"] == "R4", "source"].item() == "Second"


def test_records_in_effect_respect_the_province_selection():
    table = records_in_effect(INDEX, RECORDS, SOURCES, D(2025, 10, 1), NAMES, "en", site_ids={"zone-c"})
    assert set(table["record_id"]) == {"R7", "R6"}  # the zone, and the national force level


def test_records_in_effect_before_a_plan_is_due_show_it_pending():
    table = records_in_effect(INDEX, RECORDS, SOURCES, D(2025, 1, 1), NAMES, "ar")
    assert dict(zip(table["record_id"], table["role"]))["R3"] == "pending"
    assert table.loc[table["record_id"] == "R2", "site"].item() == "Base A"
    assert "أيلول" in table.loc[table["record_id"] == "R2", "date"].item()


def test_what_changed_in_plain_words():
    previous, sentences, notes = what_changed(INDEX, RECORDS, D(2025, 9, 1), NAMES, "en")
    assert previous == D(2025, 8, 19)
    assert sentences == ["Base A: Active → Drawing down", "Base B: now Consolidating"]
    assert any("Base A drawing down." in n for n in notes) and any("to be handed over" in n for n in notes)


def test_what_changed_on_the_first_date_has_no_previous():
    previous, sentences, notes = what_changed(INDEX, RECORDS, D(2024, 1, 1), NAMES, "en")
    assert previous is None and sentences == [] and notes == ["Iraq (national) (reported): About 2,500 troops."]


def test_sources_list_every_citing_record():
    grouped = dict((s["source_id"], r) for s, r in records_by_source(RECORDS, SOURCES))
    assert list(grouped["s1"]["record_id"]) == ["R1", "R2"]
    assert len(grouped["s2"]) == 5


@pytest.mark.parametrize("on, expected", [
    (D(2024, 1, 31), set()), (D(2024, 2, 1), {"s1"}), (D(2025, 9, 20), {"s1", "s2"}),
])
def test_as_known_then_keeps_sources_published_by_the_date(on, expected):
    assert visible_sources(SOURCES, on) == expected


def test_status_bands_follow_the_engine():
    bands = status_bands(RECORDS, D(2026, 12, 1))
    a = bands[bands["site_id"] == "base-a"]
    assert list(zip(a["status"], a["start"], a["end"])) == [
        ("active", D(2024, 9, 27), D(2025, 9, 1)), ("drawdown", D(2025, 9, 1), D(2026, 12, 1))]
    assert "handed_over" not in set(bands["status"])  # planned never becomes a band of fact


def test_timeline_figure_draws_plans_differently_and_marks_the_date():
    fig = timeline_figure(RECORDS, NAMES, ["base-a", "base-b", "zone-c"], INDEX.force_level_steps(),
                          D(2025, 10, 1), (D(2024, 1, 1), D(2025, 10, 1)), "en")
    planned = [tr for tr in fig.data if tr.name == "Planned change (not fact)"]
    assert len(planned) == 1 and planned[0].marker.pattern.shape == "/"
    line = [s for s in fig.layout.shapes if s.type == "line"]
    assert line and line[0].x0 == "2025-10-01"
    force = [tr for tr in fig.data if tr.name == "US troops in Iraq"][0]
    assert list(force.y) == [2500, 2000, 2000] and force.line.shape == "hv"


def test_a_cached_timeline_moves_its_date_line_without_being_changed():
    span = (D(2020, 1, 1), D(2025, 10, 1))
    base = timeline_base(RECORDS, NAMES, ["base-a", "base-b", "zone-c"], INDEX.force_level_steps(), span, "en")
    before = copy.deepcopy(base)
    early, late = timeline_on(base, D(2021, 3, 1), span), timeline_on(base, D(2025, 9, 1), span)
    assert base == before  # shared through the app's cache: never written to
    assert [s["x0"] for s in early["layout"]["shapes"]] == ["2021-03-01"]
    assert [s["x0"] for s in late["layout"]["shapes"]] == ["2025-09-01"]
    # An early date opens the whole span; a recent one the last three years.
    assert early["layout"]["xaxis"]["range"][0] < "2020-01-01" < late["layout"]["xaxis"]["range"][0]
    assert timeline_figure(RECORDS, NAMES, ["base-a", "base-b", "zone-c"], INDEX.force_level_steps(),
                           D(2025, 9, 1), span, "en").to_dict() == go.Figure(late).to_dict()


def test_the_sources_panel_tabulates_every_citing_record_with_its_quote():
    panel = {s["source_id"]: (table, n) for s, table, n in sources_panel(RECORDS, SOURCES, NAMES, "en")}
    assert list(panel["s1"][0]["record_id"]) == ["R1", "R2"] and panel["s1"][1] == 2
    assert list(panel["s1"][0]["quote"]) == list(RECORDS.set_index("record_id").loc[["R1", "R2"], "quote"])
    only_b = {s["source_id"]: t for s, t, _ in sources_panel(RECORDS, SOURCES, NAMES, "en", {"base-b"})}
    assert set(only_b["s2"]["site"]) <= {"Base B", "Iraq (national)"}


def test_a_long_sources_panel_tabulates_the_first_rows_and_counts_them_all():
    panel = {s["source_id"]: (table, n) for s, table, n in sources_panel(RECORDS, SOURCES, NAMES, "en", limit=2)}
    assert len(panel["s2"][0]) == 2 and panel["s2"][1] == 5
    assert list(panel["s2"][0]["record_id"]) == list(RECORDS[RECORDS["source_id"] == "s2"]["record_id"][:2])
