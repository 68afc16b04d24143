"""Page fragments built from data or URLs: markdown and HTML come out as the characters they are made of.

Streamlit's markdown renderer is not importable here, so markdown escaping is checked on its escaped form
(CommonMark: a backslash before any ASCII punctuation mark makes it a literal character) and by
unescaping it back to the text; HTML fragments are parsed to see which elements they really make.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import i18n
from dashboard.pagebits import asof_html, list_html, markdown_text, notice_html, source_line_html, title_html

D = dt.date
HOSTILE_TITLE = "**b** [x](https://e/c) ![](https://e/p.gif) :red[x]"
HOSTILE_HTML = "<img src=x onerror=alert(1)>"
PUNCTUATION = re.escape(string.punctuation)
# A markdown literal: each ASCII punctuation mark backslash-escaped, anything else as itself.
ESCAPED = re.compile(rf"(?:\\[{PUNCTUATION}]|[^{PUNCTUATION}])*")
ZERO_WIDTH_SPACE = "\u200b"


def unescape(markdown: str) -> str:
    """What a reader sees of the rendered label: the punctuation mark after each backslash, and nothing
    of the zero-width spaces that keep bare addresses from becoming links."""
    return re.sub(rf"\\([{PUNCTUATION}])", r"\1", markdown).replace(ZERO_WIDTH_SPACE, "")


# ---- markdown ------------------------------------------------------------------------------------


def test_a_hostile_title_is_escaped_mark_by_mark():
    escaped = markdown_text(HOSTILE_TITLE)
    z = ZERO_WIDTH_SPACE
    assert escaped == (rf"\*\*b\*\* \[x\]\(https\:{z}\/\/e\/c\) \!\[\]\(https\:{z}\/\/e\/p\.gif\) \:red\[x\]")
    assert unescape(escaped) == HOSTILE_TITLE


@pytest.mark.parametrize("address", ["https://evil.example/c", "http://x.org", "www.evil.example", "a@evil.example"])
def test_issue_13_a_bare_address_is_not_left_for_markdown_to_link(address):
    # Found in the browser: GitHub-flavoured markdown links a bare https:// address even with its
    # punctuation escaped. An invisible space after "://", "www" or "@" keeps it text.
    escaped = markdown_text(address)
    assert ZERO_WIDTH_SPACE in escaped and unescape(escaped) == address


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE_TITLE,
        "[x](https://evil.example/c) ![](https://evil.example/p.gif)",
        "<https://evil.example> www.evil.example a@evil.example",  # autolinks, GFM's bare ones included
        "# heading",
        "1. item",
        "- item",
        "> quote",
        "`code`",
        "$x^2$",
        ":material/home: :smile:",
        "&amp; &#60;",
        "a|b|c",
        "~~struck~~",
        "__b__",
        "line\\",
        "100% sure; really? yes, no/maybe @here",
        "قاعدة **عين الأسد** [رابط](https://e/c)",
    ],
)
def test_every_ascii_punctuation_mark_is_escaped(text):
    escaped = markdown_text(text)
    assert ESCAPED.fullmatch(escaped), escaped
    assert unescape(escaped) == text


def test_text_without_punctuation_is_left_alone():
    assert markdown_text("Ain al Asad air base") == "Ain al Asad air base"
    assert markdown_text("قاعدة عين الأسد الجوية") == "قاعدة عين الأسد الجوية"


def test_line_breaks_and_runs_of_spaces_become_one_space():
    # A label is one line: a newline could otherwise start a block (an indented code block, a list).
    assert markdown_text("a\n\n    code\tb  c\r\n") == "a code b c"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_any_text_unescapes_to_itself_with_whitespace_folded(text):
    escaped = markdown_text(text)
    assert ESCAPED.fullmatch(escaped)
    assert unescape(escaped) == " ".join(text.split())


# ---- HTML ----------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """The start tags and the text of an HTML fragment, as a browser would build them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_notice_is_plain_text_in_one_box(lang):
    text = f"Ignored URL parameter view={HOSTILE_HTML}: {HOSTILE_TITLE} \"quoted\" & 'single'"
    html = notice_html(text, lang)
    parsed = _Elements(html)
    assert [tag for tag, _ in parsed.tags] == ["div"]
    assert parsed.tags[0][1] == {"class": "notice notice-warning", "role": "alert", "dir": i18n.text_direction(lang)}
    assert parsed.text == text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_an_info_notice_has_its_own_look():
    parsed = _Elements(notice_html("Showing 2 records.", "en", "info"))
    assert parsed.tags == [("div", {"class": "notice notice-info", "role": "alert", "dir": "ltr"})]


def test_the_date_display_is_announced_and_machine_readable():
    html = asof_html(D(2025, 10, 1), "ar", today=D(2026, 12, 1))
    ((tag, attrs),) = _Elements(html).tags
    assert tag == "div"
    assert attrs == {
        "id": "asof",
        "class": "asof",
        "data-date": "2025-10-01",
        "dir": "rtl",
        "lang": "ar",
        "role": "status",
        "aria-live": "polite",
    }
    assert _Elements(html).text == "بتاريخ 1 تشرين الأول/أكتوبر 2025"


@pytest.mark.parametrize(
    "on, today, future",
    [
        (D(2026, 12, 2), D(2026, 12, 1), True),
        (D(2027, 6, 1), D(2026, 12, 1), True),
        (D(2026, 12, 1), D(2026, 12, 1), False),  # today itself is not the future
        (D(2025, 10, 1), D(2026, 12, 1), False),
        (D(2027, 6, 1), None, False),  # without a today nothing is called future
    ],
)
def test_a_date_after_today_is_marked_as_future(on, today, future):
    for lang in ("en", "ar"):
        html = asof_html(on, lang, element_id="asof-before", today=today)
        parsed = _Elements(html)
        attrs = parsed.tags[0][1]
        assert attrs["id"] == "asof-before" and attrs["aria-live"] == "polite"
        assert ("future" in attrs["class"].split()) == future
        assert (i18n.t("future_note", lang) in parsed.text) == future
        assert [t for t, _ in parsed.tags] == (["div", "span"] if future else ["div"])


def test_the_date_display_escapes_its_words(monkeypatch):
    monkeypatch.setitem(i18n.STRINGS["as_of"], "en", HOSTILE_HTML)
    monkeypatch.setitem(i18n.STRINGS["future_note"], "en", HOSTILE_HTML)
    html = asof_html(D(2027, 1, 1), "en", today=D(2026, 12, 1))
    parsed = _Elements(html)
    assert [tag for tag, _ in parsed.tags] == ["div", "span"]
    assert parsed.text.count(HOSTILE_HTML) == 2 and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_titles_lists_and_source_lines_are_text():
    for html, allowed in [
        (title_html(HOSTILE_HTML, "ar"), {"h1"}),
        (list_html([HOSTILE_HTML, HOSTILE_TITLE], "en"), {"ul", "li"}),
        (source_line_html([HOSTILE_HTML, "Outlet & Co"], "en"), {"div", "bdi"}),
    ]:
        parsed = _Elements(html)
        assert {tag for tag, _ in parsed.tags} <= allowed, html
        assert HOSTILE_HTML in parsed.text and "<img" not in html
