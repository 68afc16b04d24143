import datetime as dt

import pytest

from dashboard import i18n


def test_every_string_has_both_languages():
    for table in (i18n.STRINGS, i18n.STATUS_LABELS, i18n.CLAIM_LABELS):
        for key, texts in table.items():
            assert set(texts) == set(i18n.LANGUAGES), key
            assert all(texts.values()), key


def test_placeholders_match_between_languages():
    import string
    for key, texts in i18n.STRINGS.items():
        names = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in texts.values()]
        assert names[0] == names[1], key


@pytest.mark.parametrize("day, lang, precision, expected", [
    (dt.date(2024, 9, 27), "en", "day", "27 September 2024"),
    (dt.date(2025, 9, 1), "en", "month", "September 2025"),
    (dt.date(2014, 1, 1), "en", "year", "2014"),
    (dt.date(2024, 9, 27), "ar", "day", "27 أيلول/سبتمبر 2024"),
    (dt.date(2024, 1, 1), "ar", "month", "كانون الثاني/يناير 2024"),
])
def test_dates_are_written_for_the_language(day, lang, precision, expected):
    assert i18n.format_date(day, lang, precision) == expected


def test_unknown_language_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.t("title", "fr")


def test_arabic_is_right_to_left():
    assert i18n.text_direction("ar") == "rtl" and i18n.text_direction("en") == "ltr"
