"""HTML and markdown fragments of the page, built as escaped strings so data can never become markup.

Streamlit renders markdown in many places (warnings, expander labels, captions): text from URLs or data
goes into the page through these functions, as escaped HTML or as markdown with every punctuation mark
escaped, never as raw markdown.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable
from html import escape

from dashboard.i18n import format_date, t, text_direction

# Streamlit lays out its own containers; in Arabic these rules turn the content right to left.
RTL_CSS = """
<style>
[data-testid="stMain"] .block-container, [data-testid="stSidebar"] { direction: rtl; text-align: right; }
[data-testid="stMain"] .block-container [data-testid="stPlotlyChart"] { direction: ltr; }
/* Streamlit aligns each text element left whatever the direction: captions hung at the left edge. */
[data-testid="stMain"] [data-testid="stMarkdown"], [data-testid="stSidebar"] [data-testid="stMarkdown"] {
  text-align: right; }
/* Streamlit's file uploader has English words of its own and no way to change them: hidden, and said
   in Arabic by the stylesheet instead. */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span { visibility: hidden; font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "رفع ملف"; visibility: visible; font-size: .9rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "حتى 5 ميغابايت للملف"; visibility: visible; font-size: .8rem; }
</style>
"""

BASE_CSS = """
<style>
.asof { font-size: 2.4rem; font-weight: 700; line-height: 1.1; margin: 0 0 .25rem 0; }
.asof.future { color: #5a5a5a; font-style: italic; }
.asof .future-note { font-size: 1rem; font-weight: 400; }
.notice { padding: .6rem .9rem; border-radius: .4rem; margin: .25rem 0 .5rem 0; }
.st-key-builds_seen { display: none; } /* page/builds.py's note of running builds draws nothing: no gap */
.notice-warning { background: #fff6db; border: 1px solid #e0b400; color: #4a3b00; }
.notice-info { background: #e8f1fb; border: 1px solid #8ab4e0; color: #12324f; }
.silence { color: #555; font-style: italic; }
.story { max-width: 60rem; }
.story-count { color: #555; margin: 0; }
.story-title { margin: .2rem 0 .4rem 0; }
.story-text { font-size: 1.1rem; line-height: 1.55; }
.sourceline { font-size: .85rem; color: #444; }
.changes li { margin-bottom: .2rem; }
/* The panel beside the map (page_text.panel_html), rewritten by the scrubber as the thumb moves. */
.date-panel h2 { font-size: 1.25rem; margin: .6rem 0 .3rem 0; padding: 0; }
.date-panel .force-label { font-size: .875rem; color: #31333f; }
.date-panel .force-value { font-size: 2rem; font-weight: 400; line-height: 1.2; }
.date-panel .force-since, .date-panel .target, .date-panel .between, .date-panel .notes-heading {
  font-size: .875rem; color: #6b6f7b; margin: 0 0 .3rem 0; }
.date-panel ul { margin: 0 0 .4rem 0; padding-inline-start: 1.2rem; }
.date-panel [hidden] { display: none; }
</style>
"""


def page_css(lang: str) -> str:
    return BASE_CSS + (RTL_CSS if text_direction(lang) == "rtl" else "")


def asof_html(on: dt.date, lang: str, element_id: str = "asof", today: dt.date | None = None) -> str:
    """The selected date, large, with the machine-readable date the browser tests look for, announced to
    screen readers as it changes; a date after today says that only plans are shown."""
    future = today is not None and on > today
    note = f' <span class="future-note">{escape(t("future_note", lang))}</span>' if future else ""
    return (
        f'<div id="{element_id}" class="asof{" future" if future else ""}" data-date="{on.isoformat()}" '
        f'dir="{text_direction(lang)}" lang="{lang}" role="status" aria-live="polite">'
        f"{escape(t('as_of', lang))} {escape(format_date(on, lang))}{note}</div>"
    )


def notice_html(text: str, lang: str, kind: str = "warning") -> str:
    """A warning or note as plain text in a box: no markdown, no link, nothing fetched."""
    return f'<div class="notice notice-{kind}" role="alert" dir="{text_direction(lang)}">{escape(text)}</div>'


# Every ASCII punctuation mark, as CommonMark lets any of them be escaped (a list written by hand missed
# `/`, `@`, `%`, `;`, `?` and `,`).
_MARKDOWN_SPECIAL = re.compile(f"([{re.escape(string.punctuation)}])")


# GitHub-flavoured markdown turns bare addresses into links even when their punctuation is escaped; a
# zero-width space after "://", "www" and "@" leaves the text as it reads but no longer an address.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def markdown_text(text: str) -> str:
    """`text` for a Streamlit label that renders markdown: every ASCII punctuation mark escaped, so a
    link, an image or a directive such as :red[...] shows as the characters it is made of, and bare web
    or mail addresses broken by an invisible space so they are not made links."""
    broken = _AUTOLINK.sub(ZERO_WIDTH_SPACE, " ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", broken)


MAP_FRAME = "map-frame"  # the key of the container each map sits in (page/panels.py): CSS reaches it by it


MAP_MIN_HEIGHT = 420  # px: below this a map of Iraq and its neighbours is too small to read
MAP_TOP_PX = 225  # px above the map on a wide window (title, date and buttons, scrubber), measured in Chromium


def map_view_css() -> str:
    """The map view (issue 18): the map is the page. Streamlit's generous top and side padding, a large
    title and the date on a line of its own pushed the map below the fold (24% of a 1440x900 screen);
    the padding is trimmed, the title made small, and the map given the height the window leaves
    below the controls (at least MAP_MIN_HEIGHT), so it fills what is left of the first screen at
    every size. The toolbar (the menu at the top corner) stays, over the trimmed padding."""
    return f"""
<style>
[data-testid="stMain"] .block-container {{ padding: 2.6rem 1.5rem 1rem 1.5rem; max-width: 100%; }}
[data-testid="stHeader"] {{ background: transparent; height: 2.5rem; }}
.page-title {{ font-size: 1.35rem; font-weight: 600; margin: 0; padding: 0; line-height: 1.3; }}
.st-key-page-head .asof {{ font-size: clamp(1.3rem, 2.1vw, 1.9rem); margin: 0; }}
.st-key-{MAP_FRAME} iframe {{ height: max({MAP_MIN_HEIGHT}px, calc(100vh - {MAP_TOP_PX}px)) !important; }}
</style>
"""


def title_html(title: str, lang: str) -> str:
    return f'<h1 class="brief-title" dir="{text_direction(lang)}">{escape(title)}</h1>'


def page_title_html(title: str, lang: str) -> str:
    return f'<h1 class="page-title" dir="{text_direction(lang)}">{escape(title)}</h1>'


def brief_css() -> str:
    """The briefing view: no sidebar, header or toolbar, and the page's padding trimmed, so a
    screenshot of the window is the slide."""
    return (
        """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMain"] .block-container { padding: 1rem 2rem 0 2rem; max-width: 100%; }
.brief-title { font-size: 2rem; margin: 0; padding: 0; }
/* The map takes whatever height the window leaves after the title, date and source line. */
.st-key-"""
        + MAP_FRAME
        + """ iframe { height: calc(100vh - 215px) !important; }
</style>
"""
    )


def list_html(items: Iterable[str], lang: str, css_class: str = "changes") -> str:
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="{css_class}" dir="{text_direction(lang)}">{body}</ul>'


def source_line_html(names: Iterable[str], lang: str) -> str:
    """'Sources: a; b; c', each name isolated (<bdi>) so Latin names keep their order in Arabic text."""
    separator = "؛ " if lang == "ar" else "; "
    items = separator.join(f"<bdi>{escape(name)}</bdi>" for name in names) or "—"
    label, _, after = t("source_line", lang, names="\0").partition("\0")
    return f'<div class="sourceline" dir="{text_direction(lang)}">{escape(label)}{items}{escape(after)}</div>'


def source_summary_html(names: list[str], pages: int, outlets: int, lang: str) -> str:
    """The source line when there are too many pages to list: counts, and the most cited outlets."""
    separator = "، " if lang == "ar" else ", "
    shown = separator.join(f"<bdi>{escape(name)}</bdi>" for name in names)
    text = escape(
        t("source_summary", lang, pages=pages, outlets=outlets, names="\0", more=max(outlets - len(names), 0))
    )
    return f'<div class="sourceline" dir="{text_direction(lang)}">{text.replace(chr(0), shown)}</div>'


def story_html(chapter, total: int, lang: str) -> str:
    """A chapter's number, date, title and sentences, as escaped HTML."""
    direction = text_direction(lang)
    return (
        f'<div class="story" dir="{direction}" lang="{lang}" data-chapter="{chapter.number}">'
        f'<p class="story-count">{escape(t("story_chapter", lang, n=chapter.number, total=total))}</p>'
        f'<h2 class="story-title">{escape(chapter.title(lang))}</h2>'
        + asof_html(chapter.date, lang)
        + f'<p class="story-text">{escape(chapter.text(lang))}</p></div>'
    )
