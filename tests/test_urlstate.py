"""The URL holds the view: round trips, and every bad value warns and falls back."""
import datetime as dt

import pytest

from dashboard.urlstate import ViewState, parse_view, view_query

D = dt.date
SPAN = dict(default_date=D(2026, 9, 1), first=D(2011, 1, 1), last=D(2026, 9, 1),
            known_provinces=["IQ-AN", "IQ-AR", "IQ-BG", "SY-HI"])


@pytest.mark.parametrize("query, expected", [
    ({}, ViewState(date=D(2026, 9, 1))),
    ({"date": "2025-10-01"}, ViewState(date=D(2025, 10, 1))),
    ({"province": "IQ-AN,IQ-AR"}, ViewState(date=D(2026, 9, 1), provinces=("IQ-AN", "IQ-AR"))),
    ({"province": "iq-an, IQ-AN"}, ViewState(date=D(2026, 9, 1), provinces=("IQ-AN",))),
    ({"lang": "ar"}, ViewState(date=D(2026, 9, 1), lang="ar")),
    ({"view": "brief", "tiles": "osm"}, ViewState(date=D(2026, 9, 1), view="brief", tiles="osm")),
    ({"known": "then"}, ViewState(date=D(2026, 9, 1), known_then=True)),
    ({"compare": "2024-09-27"}, ViewState(date=D(2026, 9, 1), compare_date=D(2024, 9, 27))),
    ({"date": ["2024-01-01", "2025-10-01"]}, ViewState(date=D(2025, 10, 1))),
], ids=["empty", "date", "provinces", "provinces-normalised", "arabic", "brief-osm", "known-then", "compare", "repeated"])
def test_valid_queries(query, expected):
    parsed = parse_view(query, **SPAN)
    assert parsed.state == expected
    assert parsed.warnings == ()


@pytest.mark.parametrize("query, field, fragment", [
    ({"date": "2025-13-01"}, "date", "YYYY-MM-DD"),
    ({"date": "yesterday"}, "date", "YYYY-MM-DD"),
    ({"date": "1999-01-01"}, "date", "outside the record span"),
    ({"province": "IQ-AN,XX-ZZ"}, "province", "unknown governorate"),
    ({"lang": "fr"}, "lang", "expected one of en, ar"),
    ({"view": "<script>"}, "view", "expected one of map, brief, compare"),
    ({"tiles": "google"}, "tiles", "expected one of none, osm"),
    ({"known": "maybe"}, "known", "expected 'then' or 'all'"),
    ({"compare": "2025-02-30"}, "compare", "YYYY-MM-DD"),
])
def test_invalid_values_warn_and_fall_back(query, field, fragment):
    parsed = parse_view(query, **SPAN)
    assert len(parsed.warnings) == 1
    assert f"{field}=" in parsed.warnings[0] and fragment in parsed.warnings[0]
    default = ViewState(date=D(2026, 9, 1))
    if field == "province":  # the known code survives, the unknown one is dropped with a warning
        assert parsed.state.provinces == ("IQ-AN",)
    else:
        assert parsed.state == default


def test_every_bad_value_is_reported_at_once():
    parsed = parse_view({"date": "x", "lang": "fr", "province": "ZZ"}, **SPAN)
    assert len(parsed.warnings) == 3


@pytest.mark.parametrize("state", [
    ViewState(date=D(2026, 9, 1)),
    ViewState(date=D(2025, 10, 1), provinces=("IQ-AN", "IQ-AR"), lang="ar", tiles="osm", view="compare",
              known_then=True, compare_date=D(2024, 9, 27)),
])
def test_query_round_trip(state):
    query = view_query(state, default_date=SPAN["default_date"])
    assert parse_view(query, **SPAN).state == state


def test_default_view_gives_a_short_url():
    assert view_query(ViewState(date=D(2026, 9, 1)), default_date=D(2026, 9, 1)) == {}
