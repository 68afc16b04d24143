"""The one catalogue: both languages everywhere, CLDR plurals, a word for every vocabulary value."""

import datetime as dt
import re
import string

import pytest
from babel import Locale

from dashboard import i18n
from dashboard import vocabulary as v
from dashboard.evidence import in_effect
from dashboard.i18n import site_kind_label
from dashboard.io import load_dataset
from dashboard.paths import repository_root
from dashboard.prepared import prepare
from dashboard.vocabulary import SITE_KINDS

# Every table of words in the catalogue, by name, so a failure says which one.
TABLES = {
    "STRINGS": i18n.STRINGS,
    "STATUS_LABELS": i18n.STATUS_LABELS,
    "CLAIM_LABELS": i18n.CLAIM_LABELS,
    "GRADE_LABELS": i18n.GRADE_LABELS,
    "GRADE_LETTERS": i18n.GRADE_LETTERS,
    "ROLE_LABELS": i18n.ROLE_LABELS,
    "TROOP_QUALIFIERS": i18n.TROOP_QUALIFIERS,
    "SOURCE_KIND_LABELS": i18n.SOURCE_KIND_LABELS,
    "ORIGIN_LABELS": i18n.ORIGIN_LABELS,
}
PLURAL_ENTRIES = {
    key: entry for key, entry in i18n.STRINGS.items() if any(isinstance(entry[lang], dict) for lang in i18n.LANGUAGES)
}


def _texts(entry: dict, lang: str) -> list[str]:
    """The entry's text in `lang`, or every plural form of it."""
    text = entry[lang]
    return list(text.values()) if isinstance(text, dict) else [text]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _cldr_forms(lang: str) -> set[str]:
    # Babel lists the forms its rules test for; "other" is what none of them matches.
    return set(Locale.parse(lang).plural_form.tags) | {"other"}


def test_every_catalogue_entry_has_both_languages():
    for table_name, table in TABLES.items():
        for key, entry in table.items():
            where = f"{table_name}[{key!r}]"
            assert set(entry) - {"count"} == set(i18n.LANGUAGES), where
            # An entry is empty in both languages (a value that reads as nothing) or in neither.
            filled = {lang: all(t.strip() for t in _texts(entry, lang)) for lang in i18n.LANGUAGES}
            empty = {lang: all(not t.strip() for t in _texts(entry, lang)) for lang in i18n.LANGUAGES}
            assert all(filled.values()) or all(empty.values()), where
    for lang in i18n.LANGUAGES:
        assert len(i18n.MONTHS[lang]) == 12 and all(i18n.MONTHS[lang])


def test_arabic_entries_are_not_english_copies():
    letters = re.compile(r"[A-Za-z]{2,}")
    for table_name, table in TABLES.items():
        for key, entry in table.items():
            english, arabic = _texts(entry, "en"), _texts(entry, "ar")
            if any(letters.search(re.sub(r"\{\w+\}", "", text)) for text in english):
                assert set(arabic).isdisjoint(english), f"{table_name}[{key!r}]"


def test_placeholders_match_between_languages():
    for key, entry in i18n.STRINGS.items():
        if key in PLURAL_ENTRIES:
            continue
        assert _placeholders(entry["en"]) == _placeholders(entry["ar"]), key


def test_plural_forms_use_only_the_values_the_entry_is_given():
    for key, entry in PLURAL_ENTRIES.items():
        count = entry.get("count", "n")
        given = _placeholders(entry["en"]["other"])
        assert count in given, key  # the value that chooses the form is one the text is filled with
        assert _placeholders(entry["ar"]["other"]) == given, key
        for lang in i18n.LANGUAGES:
            for form, text in entry[lang].items():
                assert _placeholders(text) <= given, (key, lang, form)


@pytest.mark.parametrize(
    "lang, forms", [("ar", {"zero", "one", "two", "few", "many", "other"}), ("en", {"one", "other"})]
)
def test_babel_knows_the_cldr_forms_of_each_language(lang, forms):
    assert _cldr_forms(lang) == forms


@pytest.mark.parametrize("key", sorted(PLURAL_ENTRIES))
def test_every_plural_entry_has_every_form_its_language_can_choose(key):
    entry = PLURAL_ENTRIES[key]
    for lang in i18n.LANGUAGES:
        assert isinstance(entry[lang], dict), (key, lang)
        assert set(entry[lang]) == _cldr_forms(lang), (key, lang)


@pytest.mark.parametrize(
    "count, form",
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (103, "few"),
        (111, "many"),
        (1000, "other"),
    ],
)
def test_arabic_plural_categories(count, form):
    assert i18n.plural_form(count, "ar") == form


# The noun changes with the count: موقع (0, 100, 101), موقع واحد (1), موقعين (2), مواقع (3 to 10), موقعًا (11 to 99).
@pytest.mark.parametrize(
    "total, arabic, english",
    [
        (0, "عرض 1 من 0 موقع", "1 of 0 places shown"),
        (1, "عرض 1 من موقع واحد", "1 of 1 place shown"),
        (2, "عرض 1 من موقعين", "1 of 2 places shown"),
        (3, "عرض 1 من 3 مواقع", "1 of 3 places shown"),
        (11, "عرض 1 من 11 موقعًا", "1 of 11 places shown"),
        (100, "عرض 1 من 100 موقع", "1 of 100 places shown"),
        (101, "عرض 1 من 101 موقع", "1 of 101 places shown"),
    ],
)
def test_t_picks_the_plural_form_for_the_count(total, arabic, english):
    assert i18n.t("sites_shown", "ar", n=1, total=total) == arabic
    assert i18n.t("sites_shown", "en", n=1, total=total) == english


def test_the_counted_value_chooses_the_form_not_another_one():
    # table_cut counts `total`: 2 of 11 records is "many" (سجلًا), not "two".
    assert i18n.t("table_cut", "ar", n=2, total=11) == "أول 2 من 11 سجلًا؛ ملف CSV في التنزيلات يضمها كلها."
    assert i18n.t("upload_active", "ar", n=2) == "يُعرض سجلان من المستخدم، لهذه الجلسة فقط."
    assert i18n.t("upload_active", "en", n=1) == "Showing 1 user-supplied record, for this session only."


# ---- every vocabulary value has words ------------------------------------------------------------


@pytest.mark.parametrize(
    "values, table",
    [
        (v.STATUSES, i18n.STATUS_LABELS),
        (v.CLAIMS, i18n.CLAIM_LABELS),
        (v.GRADES, i18n.GRADE_LABELS),
        (v.GRADES, i18n.GRADE_LETTERS),
        (v.SOURCE_KINDS, i18n.SOURCE_KIND_LABELS),
        (v.QUALIFIERS, i18n.TROOP_QUALIFIERS),
        (v.ORIGINS, i18n.ORIGIN_LABELS),
    ],
    ids=["statuses", "claims", "grades", "grade-letters", "source-kinds", "qualifiers", "origins"],
)
def test_every_vocabulary_value_has_a_label_in_both_languages(values, table):
    for value in values:
        assert value in table, value
        assert set(table[value]) == set(i18n.LANGUAGES), value


def test_every_status_claim_and_grade_is_named_in_both_languages():
    for lang in i18n.LANGUAGES:
        assert all(i18n.status_label(s, lang) for s in v.STATUSES)
        assert all(i18n.claim_label(c, lang) for c in v.CLAIMS)
        assert all(i18n.grade_label(g, lang) and i18n.grade_letter(g, lang) for g in v.GRADES)
    # The status words differ from each other, or two statuses would read the same in the legend.
    for lang in i18n.LANGUAGES:
        assert len({i18n.status_label(s, lang) for s in v.STATUSES}) == len(v.STATUSES)


def test_every_role_evidence_gives_has_a_label_in_both_languages():
    prepared = prepare(load_dataset(repository_root()))
    view = prepared.all_records
    days = {d + dt.timedelta(days=k) for d in view.records["date"] for k in (0, 1, 20, 400)} | {prepared.today}
    roles = set()
    for day in days:
        roles |= set(in_effect(view.index, view.records, day)[1].values())
    assert {"status", "pending", "overdue"} <= roles  # the harvest works
    for role in roles:
        for lang in i18n.LANGUAGES:
            assert i18n.role_label(role, lang).strip(), (role, lang)


# ---- the map's words -----------------------------------------------------------------------------

# Names that are the same in Arabic text: a brand, and the key as keyboards label it.
ARABIC_KEEPS = ("OpenStreetMap", "Enter")


def english_in(text: str) -> list[str]:
    """ASCII words of `text` outside {placeholders} and ARABIC_KEEPS."""
    text = re.sub(r"\{\w+\}", " ", text)
    for name in ARABIC_KEEPS:
        text = re.sub(rf"\b{name}\b", " ", text)
    return re.findall(r"[A-Za-z]+", text)


@pytest.mark.parametrize(
    "text, found",
    [
        ("نشط", []),
        ("منذ {date}", []),
        ("{name}: {status}. اضغط Enter", []),
        ("خرائط (OpenStreetMap)", []),
        ("Active", ["Active"]),
        ("نشط active", ["active"]),
        ("{date} since", ["since"]),
        ("Entering", ["Entering"]),
        ("{date", ["date"]),
        ("grade_A", ["grade", "A"]),
    ],
)
def test_the_english_word_check_can_fail(text, found):
    assert english_in(text) == found


def test_arabic_map_labels_hold_no_english_word():
    arabic = i18n.map_labels("ar")
    assert {key: english_in(text) for key, text in arabic.items() if english_in(text)} == {}


def test_map_labels_have_the_same_keys_and_placeholders_in_both_languages():
    english, arabic = i18n.map_labels("en"), i18n.map_labels("ar")
    assert english.keys() == arabic.keys()
    for key in english:
        assert _placeholders(english[key]) == _placeholders(arabic[key]), key
    for status in v.STATUSES:
        assert arabic[status] == i18n.status_label(status, "ar")
    assert {f"grade_{g}" for g in v.GRADES} | {f"kind_{k}" for k in v.SOURCE_KINDS} | set(v.CLAIMS) <= arabic.keys()


# ---- failures are loud ---------------------------------------------------------------------------


def test_a_missing_key_raises_key_error():
    with pytest.raises(KeyError, match="no_such_key"):
        i18n.t("no_such_key", "en")
    with pytest.raises(KeyError):
        i18n.status_label("unheard_of", "ar")
    with pytest.raises(KeyError):
        i18n.role_label("unheard_of", "en")
    with pytest.raises(KeyError, match="total"):
        i18n.t("sites_shown", "ar", n=1)  # the counted value is missing


def test_unknown_language_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.t("title", "fr")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.map_labels("fr")


@pytest.mark.parametrize(
    "day, lang, precision, expected",
    [
        (dt.date(2024, 9, 27), "en", "day", "27 September 2024"),
        (dt.date(2025, 9, 1), "en", "month", "September 2025"),
        (dt.date(2014, 1, 1), "en", "year", "2014"),
        (dt.date(2024, 9, 27), "ar", "day", "27 أيلول/سبتمبر 2024"),
        (dt.date(2024, 1, 1), "ar", "month", "كانون الثاني/يناير 2024"),
    ],
)
def test_dates_are_written_for_the_language(day, lang, precision, expected):
    assert i18n.format_date(day, lang, precision) == expected


def test_arabic_is_right_to_left():
    assert i18n.text_direction("ar") == "rtl" and i18n.text_direction("en") == "ltr"


@pytest.mark.parametrize("kind", SITE_KINDS)
def test_every_kind_of_site_is_named_in_both_languages(kind):
    # The dossier's place line said "air base" in the Arabic view.
    english, arabic = site_kind_label(kind, "en"), site_kind_label(kind, "ar")
    assert english and "_" not in english
    assert arabic != english and re.search("[\u0600-\u06ff]", arabic)
