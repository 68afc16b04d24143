"""HTML fragments of the page, built as escaped strings so data can never become markup."""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import Iterable

from dashboard.i18n import format_date, t, text_direction

# Streamlit lays out its own containers; in Arabic these rules turn the content right to left.
RTL_CSS = """
<style>
[data-testid="stMain"] .block-container, [data-testid="stSidebar"] { direction: rtl; text-align: right; }
[data-testid="stMain"] .block-container [data-testid="stPlotlyChart"] { direction: ltr; }
</style>
"""

BASE_CSS = """
<style>
.asof { font-size: 2.4rem; font-weight: 700; line-height: 1.1; margin: 0 0 .25rem 0; }
.sourceline { font-size: .85rem; color: #444; }
.changes li { margin-bottom: .2rem; }
</style>
"""


def page_css(lang: str) -> str:
    return BASE_CSS + (RTL_CSS if text_direction(lang) == "rtl" else "")


def asof_html(on: dt.date, lang: str, element_id: str = "asof") -> str:
    """The selected date, large, with the machine-readable date the browser tests look for."""
    return (f'<div id="{element_id}" class="asof" data-date="{on.isoformat()}" dir="{text_direction(lang)}" '
            f'lang="{lang}">{escape(t("as_of", lang))} {escape(format_date(on, lang))}</div>')


def title_html(title: str, lang: str) -> str:
    return f'<h1 class="brief-title" dir="{text_direction(lang)}">{escape(title)}</h1>'


def brief_css() -> str:
    """The briefing view: no sidebar, header or toolbar, and the page's padding trimmed, so a
    screenshot of the window is the slide."""
    return """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMain"] .block-container { padding: 1rem 2rem 0 2rem; max-width: 100%; }
.brief-title { font-size: 2rem; margin: 0; padding: 0; }
/* The map takes whatever height the window leaves after the title, date and source line. */
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 215px) !important; }
</style>
"""


def list_html(items: Iterable[str], lang: str, css_class: str = "changes") -> str:
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="{css_class}" dir="{text_direction(lang)}">{body}</ul>'


def source_line_html(titles: Iterable[str], lang: str) -> str:
    names = "; ".join(titles)
    return f'<div class="sourceline" dir="{text_direction(lang)}">{escape(t("source_line", lang, names=names))}</div>'
