"""Evidence panels and timeline, on a tiny inline record table with its citations and sources."""

import copy
import datetime as dt
import re
from html import escape

import pandas as pd
import plotly.graph_objects as go
import pytest
from factories import records_frame, records_in_effect, sources_frame, timeline_figure, view_of

from dashboard.charts import LABEL_CHARS_ACROSS, force_level_labels, status_bands, timeline_base, timeline_on
from dashboard.engine import PostureIndex
from dashboard.engine.values import ForceLevel
from dashboard.evidence import (
    EVIDENCE_COLUMNS,
    SOURCE_SEPARATOR,
    column_labels,
    records_by_source,
    sources_panel,
    visible_sources,
    what_changed,
)
from dashboard.i18n import LANGUAGES, claim_label, grade_label, role_label, status_label, t, troops_label
from dashboard.style import STATUS_STYLES
from dashboard.vocabulary import SITE_STATUSES, UNCONFIRMED

D = dt.date
ROWS = [
    (
        "R1",
        "",
        D(2024, 1, 1),
        "month",
        "active",
        "reported",
        "A",
        2500,
        "about",
        "",
        "About 2,500 troops.",
        "نحو 2500 جندي.",
        "",
    ),
    (
        "R2",
        "base-a",
        D(2024, 9, 27),
        "day",
        "active",
        "reported",
        "B",
        None,
        "",
        "",
        "Base A operating.",
        "القاعدة أ تعمل.",
        "",
    ),
    (
        "R3",
        "base-a",
        D(2025, 9, 1),
        "month",
        "handed_over",
        "planned",
        "B",
        None,
        "",
        "",
        "Base A to be handed over.",
        "تسليم أ.",
        "",
    ),
    (
        "R4",
        "base-a",
        D(2025, 9, 1),
        "month",
        "drawdown",
        "reported",
        "A",
        None,
        "",
        "base-b",
        "Base A drawing down.",
        "تقليص أ.",
        "",
    ),
    (
        "R5",
        "base-b",
        D(2025, 9, 1),
        "month",
        "consolidating",
        "reported",
        "B",
        None,
        "",
        "",
        "Base B receiving.",
        "ب تستقبل.",
        "",
    ),
    (
        "R6",
        "",
        D(2025, 10, 1),
        "month",
        "drawdown",
        "announced",
        "A",
        2000,
        "under",
        "",
        "Under 2,000.",
        "أقل من 2000.",
        "",
    ),
    ("R7", "zone-c", D(2025, 8, 19), "day", "watch", "assessed", "B", None, "", "", "Zone C a gap.", "ج فجوة.", ""),
    (
        "R8",
        "base-b",
        D(2025, 9, 20),
        "day",
        "incident",
        "reported",
        "C",
        None,
        "",
        "",
        "A drone hit base B.",
        "مسيّرة.",
        "One outlet.",
    ),
]
RECORDS = records_frame(ROWS)
CITATIONS = pd.DataFrame(
    [
        ("R1", "s1", "نحو 2500", ""),
        ("R2", "s1", "أ", ""),
        ("R3", "s2", "ب", ""),
        ("R4", "s2", "ج", ""),
        ("R4", "s3", "", ""),  # a web citation never quotes
        ("R5", "s2", "د", ""),
        ("R6", "s2", "هـ", "yes"),
        ("R7", "s2", "و", ""),
        ("R8", "s3", "", ""),
    ],
    columns=["record_id", "source_id", "quote", "official"],
)
SOURCES = sources_frame(
    [
        ("s1", "seed", "seeds/1.txt", "", "P1", "الأول", "First", "الأول", D(2024, 2, 1), "", "ar", None),
        ("s2", "seed", "seeds/2.txt", "", "P2", "الثاني", "Second", "الثاني", D(2025, 9, 20), "", "ar", None),
        (
            "s3",
            "web",
            "",
            "https://example.org/c",
            "P3",
            "Third",
            "Third",
            "الثالث",
            D(2025, 9, 25),
            "",
            "en",
            D(2026, 12, 1),
        ),
    ]
)
NAMES = {"base-a": "Base A", "base-b": "Base B", "zone-c": "Zone C"}
INDEX = PostureIndex.from_records(RECORDS)
GRADES = dict(zip(RECORDS["record_id"], RECORDS["grade"], strict=True))


def row(table: pd.DataFrame, record_id: str) -> pd.Series:
    (found,) = table.index[table["record_id"] == record_id]
    return table.loc[found]


# ---- evidence ------------------------------------------------------------------------------


def test_records_in_effect_name_their_role():
    table = records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, D(2025, 10, 1), NAMES, "en")
    roles = dict(zip(table["record_id"], table["role"], strict=True))
    # R6 announces a troop figure: since issue 9 a target, no longer the force level (R1 reports that).
    assert roles == {
        "R4": role_label("status", "en"),
        "R5": role_label("status", "en"),
        "R7": role_label("status", "en"),
        "R3": role_label("overdue", "en"),
        "R1": role_label("force level", "en"),
        "R6": role_label("target", "en"),
        "R8": role_label("incident", "en"),
    }
    assert row(table, "R4")["quote"] == "ج"  # verbatim, never summarised
    assert "Second" in row(table, "R4")["sources"]
    assert list(table.columns) == EVIDENCE_COLUMNS


def test_a_record_citing_two_sources_shows_both_and_its_seed_quote():
    table = records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, D(2025, 10, 1), NAMES, "en")
    r4 = row(table, "R4")
    assert r4["sources"].split(SOURCE_SEPARATOR) == [
        "P2, Second (2025-09-20)",
        "P3, Third (2025-09-25) https://example.org/c",
    ]
    assert r4["quote"] == "ج"  # the web citation adds no quote
    assert row(table, "R6")["sources"] == f"P2, Second (2025-09-20) [{t('official', 'en')}]"


def test_records_in_effect_respect_the_province_selection():
    table = records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, D(2025, 10, 1), NAMES, "en", site_ids={"zone-c"})
    assert set(table["record_id"]) == {"R7", "R1", "R6"}  # the zone, and the national force level and target


def test_records_in_effect_before_a_plan_is_due_show_it_pending():
    table = records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, D(2025, 1, 1), NAMES, "ar")
    assert row(table, "R3")["role"] == role_label("pending", "ar")
    assert row(table, "R2")["site"] == "Base A"
    assert "أيلول" in row(table, "R2")["date"]


def test_a_month_plan_is_pending_until_its_month_ends():
    def role_of_r3(on: dt.date) -> str:
        return row(records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, on, NAMES, "en"), "R3")["role"]

    assert role_of_r3(D(2025, 9, 30)) == role_label("pending", "en")  # R3: September 2025
    assert role_of_r3(D(2025, 10, 1)) == role_label("overdue", "en")


LATIN = re.compile(r"[A-Za-z]")


def test_evidence_values_are_in_the_readers_language():
    table = records_in_effect(INDEX, RECORDS, CITATIONS, SOURCES, D(2025, 10, 1), NAMES, "ar")
    r4, r1 = row(table, "R4"), row(table, "R1")
    assert r4["status"] == status_label("drawdown", "ar") and r4["claim"] == claim_label("reported", "ar")
    assert r4["grade"] == grade_label("A", "ar") and r4["role"] == role_label("status", "ar")
    assert r4["summary"] == "تقليص أ."
    assert r1["site"] == t("national", "ar") and r1["role"] == role_label("force level", "ar")
    assert "الثاني" in r4["sources"] and "Second" not in r4["sources"]
    assert t("official", "ar") in row(table, "R6")["sources"]
    for column in ("status", "claim", "grade", "role", "summary"):
        assert not any(LATIN.search(value) for value in table[column]), column  # no English word left


def test_evidence_headers_come_from_column_labels():
    english, arabic = column_labels("en"), column_labels("ar")
    assert list(english) == list(arabic) == EVIDENCE_COLUMNS
    assert english["quote"] == "Quotes (verbatim)" and english["sources"] == "Sources"
    assert all(arabic[c] and not LATIN.search(arabic[c]) for c in EVIDENCE_COLUMNS)
    assert len(set(english.values())) == len(set(arabic.values())) == len(EVIDENCE_COLUMNS)


def test_what_changed_in_plain_words():
    previous, sentences, notes = what_changed(INDEX, RECORDS, D(2025, 9, 1), NAMES, "en")
    assert previous == D(2025, 8, 19)
    assert sentences == ["Base A: Active → Drawing down", "Base B: now Consolidating"]
    assert any("Base A drawing down." in n for n in notes) and any("to be handed over" in n for n in notes)


def test_what_changed_on_the_first_date_has_no_previous():
    previous, sentences, notes = what_changed(INDEX, RECORDS, D(2024, 1, 1), NAMES, "en")
    assert previous is None and sentences == []
    assert notes == [f"{t('national', 'en')} (Active, reported, Grade A): About 2,500 troops."]


def test_sources_list_every_citing_record():
    grouped = {s["source_id"]: r for s, r in records_by_source(RECORDS, CITATIONS, SOURCES)}
    assert list(grouped["s1"]["record_id"]) == ["R1", "R2"]
    assert len(grouped["s2"]) == 5
    assert list(grouped["s3"]["record_id"]) == ["R4", "R8"]  # a record citing two sources is under both


@pytest.mark.parametrize(
    "on, expected",
    [
        (D(2024, 1, 31), set()),
        (D(2024, 2, 1), {"s1"}),
        (D(2025, 9, 20), {"s1", "s2"}),
        (D(2025, 9, 25), {"s1", "s2", "s3"}),
    ],
)
def test_as_known_then_keeps_sources_published_by_the_date(on, expected):
    assert visible_sources(SOURCES, on) == expected


def test_the_sources_panel_tabulates_every_citing_record_with_its_quote():
    panel = {
        s["source_id"]: (table, n) for s, table, n in sources_panel(view_of(RECORDS, CITATIONS, SOURCES), NAMES, "en")
    }
    assert list(panel["s1"][0]["record_id"]) == ["R1", "R2"] and panel["s1"][1] == 2
    assert list(panel["s1"][0]["quote"]) == ["نحو 2500", "أ"]
    only_b = {
        s["source_id"]: t_ for s, t_, _ in sources_panel(view_of(RECORDS, CITATIONS, SOURCES), NAMES, "en", {"base-b"})
    }
    assert set(only_b["s2"]["site"]) <= {"Base B", t("national", "en")}


def test_a_long_sources_panel_tabulates_the_first_rows_and_counts_them_all():
    panel = {
        s["source_id"]: (table, n)
        for s, table, n in sources_panel(view_of(RECORDS, CITATIONS, SOURCES), NAMES, "en", limit=2)
    }
    assert len(panel["s2"][0]) == 2 and panel["s2"][1] == 5
    assert list(panel["s2"][0]["record_id"]) == ["R3", "R4"]


# ---- timeline chart ------------------------------------------------------------------------

ORDER = ["base-a", "base-b", "zone-c"]


def test_status_bands_follow_the_engine():
    bands = status_bands(INDEX, GRADES, D(2026, 12, 1))
    a = bands[bands["site_id"] == "base-a"]
    assert list(zip(a["status"], a["start"], a["end"], strict=True)) == [
        ("active", D(2024, 9, 27), D(2025, 9, 1)),
        ("drawdown", D(2025, 9, 1), D(2026, 12, 1)),
    ]
    assert "handed_over" not in set(bands["status"])  # planned never becomes a band of fact
    assert "incident" not in set(bands["status"])  # nor does an incident


def _trace(fig: go.Figure, name: str):
    (found,) = [tr for tr in fig.data if tr.name == name]
    return found


def test_timeline_figure_draws_plans_differently_and_marks_the_date():
    fig = timeline_figure(INDEX, RECORDS, NAMES, ORDER, D(2025, 10, 1), (D(2024, 1, 1), D(2025, 10, 1)), "en")
    planned = _trace(fig, t("legend_pending", "en"))
    assert planned.marker.pattern.shape == "/"
    line = [s for s in fig.layout.shapes if s.type == "line"]
    assert line and line[0].x0 == "2025-10-01"
    force = _trace(fig, t("force_level", "en"))
    assert list(force.y) == [2500, 2500] and force.line.shape == "hv"


def test_announced_targets_are_not_part_of_the_force_level_line():
    fig = timeline_figure(INDEX, RECORDS, NAMES, ORDER, D(2025, 10, 1), (D(2024, 1, 1), D(2025, 10, 1)), "en")
    force = _trace(fig, t("force_level", "en"))
    assert 2000 not in list(force.y) and "2025-10-01" not in list(force.x)[:-1]  # R6 announced 2,000
    (target,) = [tr for tr in fig.data if tr.name != force.name and list(tr.y or []) == [2000]]
    assert target.mode == "markers" and target.x == ("2025-10-01",)  # a point, never joined to the line


def test_a_cached_timeline_moves_its_date_line_without_being_changed():
    span = (D(2020, 1, 1), D(2025, 10, 1))
    base = timeline_base(INDEX, RECORDS, NAMES, ORDER, span, "en")
    before = copy.deepcopy(base)
    early, late = timeline_on(base, D(2021, 3, 1), span), timeline_on(base, D(2025, 9, 1), span)
    assert base == before  # shared through the app's cache: never written to
    assert [s["x0"] for s in early["layout"]["shapes"]] == ["2021-03-01"]
    assert [s["x0"] for s in late["layout"]["shapes"]] == ["2025-09-01"]
    # An early date opens the whole span; a recent one the last three years.
    assert early["layout"]["xaxis"]["range"][0] < "2020-01-01" < late["layout"]["xaxis"]["range"][0]
    assert (
        timeline_figure(INDEX, RECORDS, NAMES, ORDER, D(2025, 9, 1), span, "en").to_dict() == go.Figure(late).to_dict()
    )
    # Without the line (the scrubber draws it in the browser) two dates of one window give one figure.
    bare = [timeline_on(base, day, span, line=False) for day in (D(2025, 9, 1), D(2023, 6, 1), D(2021, 3, 1))]
    assert bare[0] == bare[1] != bare[2] and bare[0]["layout"]["shapes"] == []


def records(*rows: tuple) -> pd.DataFrame:
    """Rows of (record_id, site_id, date, status[, claim, grade, summary_en])."""
    full = []
    for r in rows:
        record_id, site_id, day, status, claim, grade, summary = r + ("reported", "B", "s")[len(r) - 4 :]
        full.append(
            (
                record_id,
                site_id,
                day,
                "day",
                status,
                claim,
                grade,
                None,
                "",
                "",
                summary,
                "ش",
                "note" if grade == UNCONFIRMED else "",
            )
        )
    return records_frame(full)


def figure_of(frame: pd.DataFrame, names: dict, order: list[str]) -> go.Figure:
    return timeline_figure(
        PostureIndex.from_records(frame), frame, names, order, D(2025, 1, 1), (D(2020, 1, 1), D(2025, 1, 1)), "en"
    )


def test_issue_13_two_sites_with_the_same_display_name_get_two_rows():
    # Issue 13: "Two sites with the same display name share one timeline row". Rows are keyed by site id.
    frame = records(("R1", "s1", D(2021, 1, 1), "active"), ("R2", "s2", D(2022, 1, 1), "drawdown"))
    fig = figure_of(frame, {"s1": "Al Asad", "s2": "Al Asad"}, ["s1", "s2"])
    axis = fig.layout.yaxis
    assert list(axis.tickvals)[:2] == ["s1", "s2"] and list(axis.ticktext)[:2] == ["Al Asad", "Al Asad"]
    bars = {tr.legendgroup: list(tr.y) for tr in fig.data if tr.legendgroup in ("active", "drawdown")}
    assert bars == {"active": ["s1"], "drawdown": ["s2"]}  # each band on its own site's row


def test_names_and_summaries_are_escaped_so_plotly_renders_no_tag():
    name = '<a href="x">y</a>'
    frame = records(
        ("R1", "s1", D(2021, 1, 1), "active"),
        ("R2", "s1", D(2022, 1, 1), "event", "reported", "B", "<b>bold</b> claim"),
    )
    fig = figure_of(frame, {"s1": name}, ["s1"])
    assert escape(name) in fig.layout.yaxis.ticktext
    hovertexts = [h for tr in fig.data for h in (getattr(tr, "hovertext", None) or ())]
    assert any(escape(name) in h for h in hovertexts)
    assert any("&lt;b&gt;bold&lt;/b&gt; claim" in h for h in hovertexts)
    shown = list(fig.layout.yaxis.ticktext) + hovertexts + [tr.name or "" for tr in fig.data]
    assert not any("<a" in text or "<b>" in text for text in shown)


def test_bands_carry_a_pattern_and_an_outline_per_status():
    # Statuses stay apart in greyscale and for colour-blind readers: each has its own pattern and outline.
    frame = records(*[(f"R{i}", f"s{i}", D(2021, 1, 1), status) for i, status in enumerate(SITE_STATUSES)])
    fig = figure_of(frame, {}, [f"s{i}" for i in range(len(SITE_STATUSES))])
    bands = {tr.legendgroup: tr for tr in fig.data if tr.legendgroup in SITE_STATUSES}
    assert set(bands) == set(SITE_STATUSES)
    for status, trace in bands.items():
        assert trace.marker.pattern.shape == STATUS_STYLES[status]["pattern"]
        assert trace.marker.line.color == STATUS_STYLES[status]["stroke"] and trace.marker.line.width > 0
    assert len({tr.marker.pattern.shape for tr in bands.values()}) == len(SITE_STATUSES)
    assert len({tr.marker.line.color for tr in bands.values()}) == len(SITE_STATUSES)


def test_a_change_of_grade_starts_a_band():
    frame = records(
        ("R1", "x", D(2021, 1, 1), "active", "reported", "B"),
        ("R2", "x", D(2022, 1, 1), "active", "assessed", "C"),
        ("R3", "x", D(2023, 1, 1), "active", "reported", "A"),
        ("R4", "x", D(2024, 1, 1), "active", "reported", "B"),
    )
    bands = status_bands(
        PostureIndex.from_records(frame), dict(zip(frame["record_id"], frame["grade"], strict=True)), D(2025, 1, 1)
    )
    assert list(zip(bands["grade"], bands["start"], bands["end"], strict=True)) == [
        ("B", D(2021, 1, 1), D(2022, 1, 1)),
        ("C", D(2022, 1, 1), D(2023, 1, 1)),
        ("A", D(2023, 1, 1), D(2024, 1, 1)),
        ("B", D(2024, 1, 1), D(2025, 1, 1)),
    ]


@pytest.mark.parametrize("status", SITE_STATUSES)
def test_grade_c_bands_are_drawn_differently(status):
    frame = records(
        ("R1", "x", D(2021, 1, 1), status, "reported", "B"),
        ("R2", "x", D(2022, 1, 1), status, "assessed", "C"),
        ("R3", "x", D(2023, 1, 1), status, "reported", "A"),
    )
    fig = figure_of(frame, {"x": "X"}, ["x"])
    bands = [tr for tr in fig.data if tr.legendgroup == status]
    (sure,) = [tr for tr in bands if list(tr.base) == ["2021-01-01", "2023-01-01"]]
    (unsure,) = [tr for tr in bands if list(tr.base) == ["2022-01-01"]]
    assert t("unconfirmed", "en") in unsure.name and t("unconfirmed", "en") not in sure.name
    assert unsure.marker.opacity < sure.marker.opacity  # paler, never drawn as solid fact
    # Not the pattern: grade C bands are cross-hatched ("x"), which is also watch's own pattern in style.py.


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_speaks_the_readers_language(lang):
    fig = timeline_figure(INDEX, RECORDS, NAMES, ORDER, D(2025, 10, 1), (D(2024, 1, 1), D(2025, 10, 1)), lang)
    names = {tr.name for tr in fig.data}
    assert {status_label("drawdown", lang), t("legend_pending", lang), t("force_level", lang)} <= names
    assert t("national", lang) in fig.layout.yaxis.ticktext


# ---- The force level's labels (charts.force_level_labels): none runs into another.


def _levels(*steps):
    return [ForceLevel(troops, "about", D(*day), f"F{i}") for i, (day, troops) in enumerate(steps)]


# 2,000 and 2,500 a few months apart for years, as the reporting of 2021 to 2024 reads: the labels of
# once a year ran into each other, and the peak of 2017 went unlabelled.
FLIPPING = _levels(
    ((2014, 10, 15), 1400), ((2015, 6, 10), 3100), ((2016, 3, 21), 5000), ((2017, 1, 4), 4935),
    ((2017, 9, 1), 8892), ((2019, 10, 22), 5000), ((2020, 11, 17), 3000), ((2021, 1, 15), 2500),
    ((2023, 1, 15), 2000), ((2023, 3, 7), 2500), ((2024, 3, 22), 2000), ((2024, 4, 15), 2500),
    ((2025, 9, 1), 2500),
)  # fmt: skip
WHOLE = (D(2011, 9, 1), D(2027, 4, 1))


def _label_spans(levels, labels, axis):
    per_char = (axis[1] - axis[0]).days / LABEL_CHARS_ACROSS
    for level, (text, place) in zip(levels, labels):
        if text:
            width = dt.timedelta(days=len(text) * per_char)
            yield (level.since, level.since + width) if place == "top right" else (level.since - width, level.since)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("axis", [WHOLE, (D(2014, 7, 1), D(2026, 1, 1)), (D(2014, 10, 1), D(2025, 10, 1))])
def test_force_level_labels_never_run_into_each_other(lang, axis):
    labels = force_level_labels(FLIPPING, axis, lang)
    spans = sorted(_label_spans(FLIPPING, labels, axis))
    assert len(spans) >= 2
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    assert all(axis[0] <= start and end <= axis[1] for start, end in spans), "a label runs off the axis"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_latest_change_and_the_highest_level_are_written_out(lang):
    texts = [text for text, _ in force_level_labels(FLIPPING, WHOLE, lang)]
    assert texts[4] == troops_label(8892, "about", lang)  # the peak
    assert texts[11] == troops_label(2500, "about", lang)  # the latest change
    assert texts[12] == ""  # the same level again: nothing new to say


SHORT = (D(2020, 1, 1), D(2020, 7, 1))


@pytest.mark.parametrize(
    "steps, axis, expected",
    [
        ([((2020, 1, 1), 5000)], WHOLE, ["top right"]),  # one level: labelled, running right
        ([((2014, 1, 1), 1000), ((2027, 1, 1), 2000)], WHOLE, ["top right", "top left"]),  # at the end: left
        ([((2014, 1, 1), 1000), ((2014, 2, 1), 1000)], WHOLE, ["top right", None]),  # unchanged: no label
        ([((2019, 3, 1), 1000), ((2020, 3, 1), 2000)], SHORT, [None, "top right"]),  # off the axis: no label
    ],
)
def test_force_level_label_places(steps, axis, expected):
    labels = force_level_labels(_levels(*steps), axis, "en")
    assert [place if text else None for text, place in labels] == expected


def test_the_timeline_writes_the_force_levels_labels_where_they_have_room():
    fig = timeline_figure(INDEX, RECORDS, NAMES, ORDER, D(2025, 10, 1), (D(2024, 1, 1), D(2025, 10, 1)), "en")
    force = _trace(fig, t("force_level", "en"))
    assert len(force.text) == len(force.x) and len(force.textposition) == len(force.x)
    assert force.text[0] == troops_label(2500, "about", "en") and force.text[-1] == ""
