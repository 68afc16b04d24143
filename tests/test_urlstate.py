"""The URL holds the view: round trips, and every bad value warns and falls back."""

import datetime as dt

import pytest

from dashboard.selection import Selection
from dashboard.urlstate import SHOWN_CHARACTERS, UrlWarning, ViewState, parse_view, view_query

D = dt.date
SPAN = dict(
    default_date=D(2026, 9, 1),
    first=D(2011, 1, 1),
    last=D(2026, 9, 1),
    known_provinces=["IQ-AN", "IQ-AR", "IQ-BG", "SY-HI"],
    known_sites=["harir", "erbil"],
    chapters=6,
)


def V(day, *, provinces=(), lang="en", known_then=False, forces="all", **rest) -> ViewState:
    """A view state written flat, as the URL is."""
    return ViewState(Selection(day, tuple(provinces), lang, known_then, forces), **rest)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, V(D(2026, 9, 1))),
        ({"date": "2025-10-01"}, V(D(2025, 10, 1))),
        ({"province": "IQ-AN,IQ-AR"}, V(D(2026, 9, 1), provinces=("IQ-AN", "IQ-AR"))),
        ({"province": "iq-an, IQ-AN"}, V(D(2026, 9, 1), provinces=("IQ-AN",))),
        ({"lang": "ar"}, V(D(2026, 9, 1), lang="ar")),
        ({"view": "brief", "tiles": "osm"}, V(D(2026, 9, 1), view="brief", tiles="osm")),
        ({"known": "then"}, V(D(2026, 9, 1), known_then=True)),
        ({"compare": "2024-09-27"}, V(D(2026, 9, 1), compare_date=D(2024, 9, 27))),
        ({"date": "2024-09-27", "compare": "2024-09-27"}, V(D(2024, 9, 27), compare_date=D(2024, 9, 27))),
        ({"date": ["2025-10-01"]}, V(D(2025, 10, 1))),
        ({"date": "2011-01-01"}, V(D(2011, 1, 1))),
        ({"forces": "US"}, V(D(2026, 9, 1), forces="US")),
        ({"site": "harir"}, V(D(2026, 9, 1), view="site", site="harir")),
        ({"view": "story", "chapter": "6"}, V(D(2026, 9, 1), view="story", chapter=6)),
    ],
    ids=[
        "empty",
        "date",
        "provinces",
        "provinces-normalised",
        "arabic",
        "brief-osm",
        "known-then",
        "compare",
        "compare-same-day",
        "list-of-one",
        "first-day",
        "forces",
        "site-dossier",
        "last-chapter",
    ],
)
def test_valid_queries(query, expected):
    parsed = parse_view(query, **SPAN)
    assert parsed.state == expected
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    "query, field, fragment",
    [
        ({"date": "2025-13-01"}, "date", "there is no such day"),
        ({"date": "yesterday"}, "date", "not a date written YYYY-MM-DD"),
        ({"date": "1999-01-01"}, "date", "outside the time axis, 2011-01-01 to 2026-09-01"),
        ({"date": "2026-09-02"}, "date", "outside the time axis, 2011-01-01 to 2026-09-01"),
        ({"province": "IQ-AN,XX-ZZ"}, "province", "unknown governorate"),
        ({"lang": "fr"}, "lang", "expected one of en, ar"),
        ({"view": "<script>"}, "view", "expected one of map, brief, compare"),
        ({"tiles": "google"}, "tiles", "expected one of none, osm"),
        ({"known": "maybe"}, "known", "expected one of then, all"),
        ({"compare": "2025-02-30"}, "compare", "there is no such day"),
        ({"forces": "IT"}, "forces", "expected one of all, US"),
        ({"site": "<b>"}, "site", "no site has this id"),
        ({"view": "site"}, "view", "a site's history needs site=<id>"),
        # Issue 22, defect 6: a chapter past the last one is refused, not shown as chapter 1 silently.
        ({"view": "story", "chapter": "7"}, "chapter", "expected one of 1 to 6"),
    ],
)
def test_invalid_values_warn_and_fall_back(query, field, fragment):
    parsed = parse_view(query, **SPAN)
    assert len(parsed.warnings) == 1
    warning = parsed.warnings[0]
    assert isinstance(warning, UrlWarning) and warning.name == field
    assert f"{field}=" in str(warning) and fragment in str(warning)
    default = V(D(2026, 9, 1), view=query.get("view", "map") if field == "chapter" else "map")
    if field == "province":  # the known code survives, the unknown one is dropped with a warning
        assert parsed.state.selection.provinces == ("IQ-AN",)
    else:
        assert parsed.state == default


def test_every_bad_value_is_reported_at_once():
    parsed = parse_view({"date": "x", "lang": "fr", "province": "ZZ"}, **SPAN)
    assert len(parsed.warnings) == 3
    assert {w.name for w in parsed.warnings} == {"date", "lang", "province"}


def test_warnings_are_worded_in_either_language():
    (warning,) = parse_view({"date": "2025-02-30"}, **SPAN).warnings
    assert str(warning) == warning.text("en") == "Ignored URL parameter date='2025-02-30': there is no such day."
    arabic = warning.text("ar")
    assert arabic == "تم تجاهل معامل الرابط date='2025-02-30': لا يوجد يوم كهذا."
    (outside,) = parse_view({"date": "1999-01-01"}, **SPAN).warnings
    assert outside.text("ar").endswith("خارج المحور الزمني، من 2011-01-01 إلى 2026-09-01.")


# ---- hostile and clumsy values (issue 13) ----------------------------------------------------------

MARKDOWN = "[x](https://evil.example/c) ![](https://evil.example/p.gif)"


@pytest.mark.parametrize(
    "query, name, says, not_says",
    [
        # A well-formed date that does not exist is named as such, not as a wrong form.
        ({"date": "2025-02-30"}, "date", "there is no such day", "not a date written"),
        ({"compare": "2023-02-29"}, "compare", "there is no such day", "not a date written"),
        # Forms Python's date.fromisoformat accepts but that are not YYYY-MM-DD.
        ({"date": "20251001"}, "date", "not a date written YYYY-MM-DD", "no such day"),
        ({"date": "2025-W40-3"}, "date", "not a date written YYYY-MM-DD", "no such day"),
        ({"date": "2025-10-01T00:00"}, "date", "not a date written YYYY-MM-DD", "no such day"),
        ({"date": " 2025-10-01"}, "date", "not a date written YYYY-MM-DD", "no such day"),
        ({"date": "2025-10-1"}, "date", "not a date written YYYY-MM-DD", "no such day"),
    ],
    ids=["feb-30", "not-a-leap-year", "basic-form", "iso-week", "datetime", "leading-space", "one-digit-day"],
)
def test_dates_must_be_written_yyyy_mm_dd_and_exist(query, name, says, not_says):
    parsed = parse_view(query, **SPAN)
    (warning,) = parsed.warnings
    assert warning.name == name and says in str(warning) and not_says not in str(warning)
    assert parsed.state == V(D(2026, 9, 1))


@pytest.mark.parametrize("text", ["20251001", "2025-W40-3"])
def test_the_refused_forms_are_ones_python_itself_accepts(text):
    # What makes the two cases above worth testing: without the strict form they would be read as dates.
    assert SPAN["first"] <= dt.date.fromisoformat(text) <= SPAN["last"]


def test_a_huge_value_is_cut_in_the_warning():
    huge = "IQ-" + "A" * 20_000
    for query in ({"lang": huge}, {"date": huge}, {"province": huge}):
        (warning,) = parse_view(query, **SPAN).warnings
        assert warning.value.startswith(huge[:SHOWN_CHARACTERS])  # kept whole for code, cut for people
        for lang in ("en", "ar"):
            text = warning.text(lang)
            assert len(text) < 300, lang
            assert huge[:SHOWN_CHARACTERS] + "…" in text and huge[: SHOWN_CHARACTERS + 1] not in text


def test_a_value_of_exactly_the_shown_length_is_not_cut():
    value = "x" * SHOWN_CHARACTERS
    (warning,) = parse_view({"lang": value}, **SPAN).warnings
    assert f"lang='{value}'" in str(warning) and "…" not in str(warning)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"date": ["2024-01-01", "2025-10-01"]}, V(D(2024, 1, 1))),
        ({"lang": ["ar", "en"]}, V(D(2026, 9, 1), lang="ar")),
        ({"province": ["IQ-AN", "IQ-AR"]}, V(D(2026, 9, 1), provinces=("IQ-AN",))),
        ({"known": ["then", "all"]}, V(D(2026, 9, 1), known_then=True)),
    ],
    ids=["date", "lang", "province", "known"],
)
def test_a_repeated_parameter_takes_the_first_value_and_warns(query, expected):
    parsed = parse_view(query, **SPAN)
    assert parsed.state == expected
    (warning,) = parsed.warnings
    name, values = next(iter(query.items()))
    assert warning.name == name
    assert "given more than once; the first value is used" in str(warning)
    assert values[1] in str(warning)  # the value that was dropped is shown


def test_a_repeated_bad_first_value_warns_twice_and_falls_back():
    parsed = parse_view({"date": ["2025-02-30", "2025-10-01"]}, **SPAN)
    assert parsed.state == V(D(2026, 9, 1))
    assert ["given more than once" in str(w) for w in parsed.warnings] == [True, False]
    assert "there is no such day" in str(parsed.warnings[1])


def test_a_compare_date_after_the_main_date_is_swapped_and_said():
    parsed = parse_view({"date": "2024-01-01", "compare": "2025-10-01"}, **SPAN)
    assert parsed.state == V(D(2025, 10, 1), compare_date=D(2024, 1, 1))
    (warning,) = parsed.warnings
    assert warning.name == "compare" and "compare='2025-10-01'" in str(warning)
    assert "after the main date; the two dates were swapped" in str(warning)
    assert "تبديل التاريخين" in warning.text("ar")


def test_markdown_in_a_value_comes_back_as_given_inside_the_warning():
    # The warning is plain text; the page shows it as text (tested with the page), so nothing is escaped here.
    short = "[x](https://e.x/c) ![](https://e.x/p.gif)"[:SHOWN_CHARACTERS]
    for value in (short, "**b** :red[x]", "<img src=x>"):
        (warning,) = parse_view({"lang": value}, **SPAN).warnings
        assert warning.value == value
        assert f"lang='{value}'" in str(warning) and f"lang='{value}'" in warning.text("ar")
    # A longer one is cut, but what is shown is the value's own characters.
    (warning,) = parse_view({"tiles": MARKDOWN}, **SPAN).warnings
    assert warning.value == MARKDOWN and MARKDOWN[:SHOWN_CHARACTERS] + "…" in str(warning)


# ---- writing the URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        V(D(2026, 9, 1)),
        V(
            D(2025, 10, 1),
            provinces=("IQ-AN", "IQ-AR"),
            lang="ar",
            tiles="osm",
            view="compare",
            known_then=True,
            forces="US",
            compare_date=D(2024, 9, 27),
        ),
        V(D(2025, 10, 1), view="site", site="erbil"),
        V(D(2025, 10, 1), view="story", chapter=3),
    ],
)
def test_query_round_trip(state):
    query = view_query(state)
    parsed = parse_view(query, **SPAN)
    assert parsed.state == state and parsed.warnings == ()


def test_default_view_gives_a_short_url_with_its_date():
    assert view_query(V(D(2026, 9, 1))) == {"date": "2026-09-01"}


def test_issue_11_a_shared_url_keeps_its_date_when_the_default_moves():
    # Shared on 1 September 2026, when the default date (today) was that day; opened three months later.
    shared = view_query(V(D(2026, 9, 1), lang="ar"))
    later = dict(SPAN, default_date=D(2026, 12, 1), last=D(2026, 12, 1))
    assert parse_view(shared, **later).state == V(D(2026, 9, 1), lang="ar")


@pytest.mark.parametrize("value", ["²", "¹", "⁴", "①", "٣", "３", "1²"])
def test_issue_22_unicode_digits_in_a_chapter_warn_and_never_raise(value):
    # str.isdigit() is true for these and int() refuses them: the page died for that session.
    parsed = parse_view({"view": "story", "chapter": value}, **SPAN)
    (warning,) = parsed.warnings
    assert warning.name == "chapter" and parsed.state.chapter == 1


@pytest.mark.parametrize("value", ["٢٠٢٥-١٠-٠١", "２０２５-１０-０１", "2025-10-1", "2026-3-10"])
def test_issue_22_dates_in_other_digits_or_unpadded_are_refused_with_a_warning(value):
    parsed = parse_view({"date": value}, **SPAN)
    (warning,) = parsed.warnings
    assert "not a date written YYYY-MM-DD" in str(warning)
