"""The deck as a .pptx: the words of `content` set as text boxes, the map and legend as pictures.

Slides are 16:9 (13.33 x 7.5 inches). English puts the map on the left and the words on the right;
Arabic mirrors the layout, as the PNG slide does, and every Arabic paragraph is right to left
(`rtl="1"` on its `a:pPr`, which python-pptx has no API for) and right-aligned. Text is text: it
stays editable in PowerPoint and LibreOffice; only the map and its legend are pictures.

A text box's words are fitted by an estimate of their width (no font is measured here: the viewer's
fonts decide), shrinking the size down to a floor and then moving the last items to the speaker
notes, which always hold a slide's words in full.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.i18n import format_date, t
from dashboard.selection import Selection
from dashboard.slides import check_provinces, check_selection
from dashboard.slides.pictures import PictureSize, render_legend, render_maps

from .content import (
    BULLET,
    HEADING,
    SMALL,
    TEXT,
    DateSlide,
    DeckChapter,
    Line,
    cited_lines,
    date_slide,
    latin,
    shown_url,
    title_lines,
)

SLIDE_W, SLIDE_H = 12192000 / 914400, 7.5  # inches, 16:9 exactly (13.33 x 7.5)
MARGIN = 0.3
MAP_W, MAP_H = 7.4, 5.55  # the map picture as placed
LEGEND_H = 1.35  # 19 entries in 3 columns of 7 rows, below the map
GAP = 0.12
COLUMN_X = MARGIN + MAP_W + 0.3  # the words' column, in English
COLUMN_W = SLIDE_W - MARGIN - COLUMN_X
# The map is drawn this much larger than it is placed, so its 12-point names show at about 10 points
# beside the deck's text, as on the PNG slide.
MAP_SCALE = 1.2
MAP_DPI = 130  # -> 1154 x 920 pixels, about 156 per placed inch
FONT = "Arial"  # Latin and Arabic (complex script) alike: Windows' Arial has both; others substitute
INK, GREY, LINK = RGBColor(0x11, 0x11, 0x11), RGBColor(0x55, 0x55, 0x55), RGBColor(0x1F, 0x4E, 0x99)
BODY_SIZES = (12, 11.5, 11, 10.5, 10, 9.5, 9)  # points, largest first; 9 is the floor
SOURCES_SHARE = 0.4  # of the column's free height, when what changed and the sources both overflow
LIST_SIZE = 11  # the closing list of sources
CHAR_WIDTH = 0.47  # average glyph width in ems, for the estimate (Latin and Arabic alike)
BOLD_WIDTH = 0.53
LINE_HEIGHT = 1.2
SPACE_AFTER = 3  # points after each paragraph
INSET = 0.05  # text box inner margin, inches
BULLET_INDENT = 0.18  # inches


def _size(kind: str, base: float) -> float:
    return {HEADING: base + 2, SMALL: base - 1.5}.get(kind, base)


def _height(lines: Sequence[Line], width: float, base: float, bold: bool = False) -> float:
    """Estimated height in inches of `lines` set `width` inches wide at `base` points."""
    total = 2 * INSET
    for line in lines:
        size = _size(line.kind, base)
        usable = (width - 2 * INSET - (BULLET_INDENT if line.kind == BULLET else 0)) * 72
        per_line = max(1, int(usable / (size * (BOLD_WIDTH if bold or line.kind == HEADING else CHAR_WIDTH))))
        text = line.text + shown_url(line.url) if line.url else line.text
        rows = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        total += (rows * size * LINE_HEIGHT + SPACE_AFTER) / 72
    return total


def _cut(lines: Sequence[Line], width: float, height: float, base: float, lang: str) -> list[Line]:
    """`lines` with as many trailing bullets dropped as it takes to fit, and a line saying how many
    where the first dropped one was."""
    kept, more_at, dropped = list(lines), None, 0
    for position in reversed([i for i, line in enumerate(lines) if line.kind == BULLET]):
        if _height(kept, width, base) <= height:
            break
        if more_at is not None:
            del kept[more_at]  # after `position`: deleting it first leaves `position` where it was
        del kept[position]
        dropped += 1
        kept.insert(position, Line(SMALL, t("deck_more_lines", lang, n=dropped)))
        more_at = position
    return kept


def _fit_pair(first: list[Line], second: list[Line], height: float, lang: str) -> tuple[list, list, float]:
    """Two blocks stacked in one column `height` inches high: the largest common size at which both
    fit, else the floor size with each cut to its share."""
    for base in BODY_SIZES:
        if _height(first, COLUMN_W, base) + GAP + _height(second, COLUMN_W, base) <= height:
            return first, second, base
    base = BODY_SIZES[-1]
    second_h = min(_height(second, COLUMN_W, base), SOURCES_SHARE * height)
    second = _cut(second, COLUMN_W, second_h, base, lang)
    first_h = height - GAP - _height(second, COLUMN_W, base)
    return _cut(first, COLUMN_W, first_h, base, lang), second, base


class Box(NamedTuple):
    """A place on a slide, in inches from its top left (mirrored in Arabic by `_Writer`)."""

    left: float
    top: float
    width: float
    height: float


class _Writer:
    def __init__(self, lang: str):
        self.lang, self.rtl = lang, lang == "ar"
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Emu(12192000), Emu(6858000)
        self.blank = self.prs.slide_layouts[6]
        self.prs.core_properties.title = t("title", lang)
        self.prs.core_properties.language = "ar-IQ" if self.rtl else "en-GB"

    def _left(self, left: float, width: float) -> float:
        """`left` in English; mirrored across the slide in Arabic."""
        return SLIDE_W - left - width if self.rtl else left

    def slide(self):
        return self.prs.slides.add_slide(self.blank)

    def text_box(self, slide, at: Box, lines: Sequence[Line], base: float, name: str, **style):
        left, top, width, height = at
        box = slide.shapes.add_textbox(
            Inches(self._left(left, width)), Inches(top), Inches(width), Inches(max(height, 0.3))
        )
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = style.get("anchor", MSO_ANCHOR.TOP)
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, Inches(INSET))
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.paragraph(paragraph, line, base, **style)
        return box

    def paragraph(self, paragraph, line: Line, base: float, bold: bool = False, colour=INK, **_) -> None:
        paragraph.space_after = Pt(SPACE_AFTER)
        size = _size(line.kind, base)
        self.run(paragraph, line.text, size, bold or line.kind == HEADING, GREY if line.kind == SMALL else colour)
        if line.url:
            shown = shown_url(line.url)
            link = self.run(paragraph, latin(shown, self.lang), size, False, LINK)
            link.hyperlink.address = line.url
        p_pr = paragraph._p.get_or_add_pPr()
        if line.kind == BULLET:
            indent = Inches(BULLET_INDENT)
            p_pr.set("marL", str(indent))  # the reading start's side: the right, in a right-to-left paragraph
            p_pr.set("indent", str(-indent))
            etree.SubElement(p_pr, qn("a:buFont"), typeface=FONT)
            etree.SubElement(p_pr, qn("a:buChar"), char="•")
        else:
            etree.SubElement(p_pr, qn("a:buNone"))
        if self.rtl:
            p_pr.set("rtl", "1")
        paragraph.alignment = PP_ALIGN.RIGHT if self.rtl else PP_ALIGN.LEFT

    def run(self, paragraph, text: str, size: float, bold: bool, colour):
        run = paragraph.add_run()
        run.text = text
        font = run.font
        font.size, font.bold, font.name = Pt(size), bold, FONT
        font.color.rgb = colour
        r_pr = run._r.get_or_add_rPr()
        r_pr.set("lang", "ar-IQ" if self.rtl else "en-GB")
        r_pr.find(qn("a:latin")).addnext(etree.Element(qn("a:cs"), typeface=FONT))
        return run

    def picture(self, slide, png: bytes, at: Box, alt: str, name: str):
        left, top, width, height = at
        picture = slide.shapes.add_picture(
            io.BytesIO(png), Inches(self._left(left, width)), Inches(top), Inches(width), Inches(height)
        )
        picture.name = name
        picture._element.nvPicPr.cNvPr.set("descr", alt)
        return picture

    def notes(self, slide, blocks: Iterable[Sequence[Line]]) -> None:
        frame = slide.notes_slide.notes_text_frame
        lines = [line for block in blocks for line in block]
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = line.text + latin(line.url, self.lang)
            if self.rtl:
                paragraph._p.get_or_add_pPr().set("rtl", "1")
                paragraph.alignment = PP_ALIGN.RIGHT

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _title_slide(writer: _Writer, title: str, lines: list[Line]) -> None:
    slide = writer.slide()
    width = SLIDE_W - 2 * 1.0
    writer.text_box(
        slide, Box(1.0, 1.3, width, 1.6), [Line(TEXT, title)], 36, "Title", bold=True, anchor=MSO_ANCHOR.BOTTOM
    )
    writer.text_box(slide, Box(1.0, 3.1, width, SLIDE_H - 3.1 - 0.6), lines, 16, "Scope")


def _date_slide(writer: _Writer, content: DateSlide, map_png: bytes, legend_png: bytes, lang: str) -> None:
    slide = writer.slide()
    writer.picture(
        slide,
        map_png,
        Box(MARGIN, MARGIN, MAP_W, MAP_H),
        t("deck_map_alt", lang, date=format_date(content.on, lang)),
        "Map",
    )
    writer.picture(slide, legend_png, Box(MARGIN, MARGIN + MAP_H + 0.05, MAP_W, LEGEND_H), t("legend", lang), "Legend")
    top, bottom = MARGIN, SLIDE_H - MARGIN
    title = [Line(TEXT, content.title)]
    rows = 1 if content.title == format_date(content.on, lang) else 2  # a chapter's title may take two lines
    for size in (28, 26, 24, 22, 20, 18):
        if _height(title, COLUMN_W, size, bold=True) <= (rows * size * LINE_HEIGHT + SPACE_AFTER) / 72 + 2 * INSET:
            break
    height = _height(title, COLUMN_W, size, bold=True)
    writer.text_box(slide, Box(COLUMN_X, top, COLUMN_W, height), title, size, "Title", bold=True)
    top += height
    for name, lines, base in (
        ("Scope", [Line(TEXT, s) for s in content.subtitle], 12),
        ("Force level", list(content.force), 12),
    ):
        if lines:
            height = _height(lines, COLUMN_W, base)
            writer.text_box(
                slide, Box(COLUMN_X, top, COLUMN_W, height), lines, base, name, colour=GREY if name == "Scope" else INK
            )
            top += height + GAP
    story, sources, base = _fit_pair(list(content.story), list(content.sources), bottom - top, lang)
    height = _height(story, COLUMN_W, base)
    writer.text_box(slide, Box(COLUMN_X, top, COLUMN_W, height), story, base, "What changed")
    top += height + GAP
    writer.text_box(slide, Box(COLUMN_X, top, COLUMN_W, bottom - top), sources, base, "Sources")
    writer.notes(slide, (content.story, content.force, content.sources))


def _source_slides(writer: _Writer, lines: list[Line], lang: str) -> None:
    """The closing list, on as many slides as it takes."""
    width, top = SLIDE_W - 2 * MARGIN, MARGIN + 0.8
    room = SLIDE_H - MARGIN - top
    pages: list[list[Line]] = [[]]
    for line in lines:
        if pages[-1] and _height([*pages[-1], line], width, LIST_SIZE) > room:
            pages.append([])
        pages[-1].append(line)
    title = t("deck_cited_title", lang)
    for number, page in enumerate(pages, 1):
        slide = writer.slide()
        heading = title if len(pages) == 1 else t("deck_page", lang, title=title, page=number, pages=len(pages))
        writer.text_box(slide, Box(MARGIN, MARGIN, width, 0.7), [Line(TEXT, heading)], 24, "Title", bold=True)
        writer.text_box(slide, Box(MARGIN, top, width, room), page, LIST_SIZE, "Sources")
        writer.notes(slide, [page])  # whole addresses, where the slide cuts a long one


def build_deck(
    prepared,
    dates: Iterable[dt.date],
    selection: Selection,
    chapters: Sequence[DeckChapter] | None = None,
    map_dpi: float = MAP_DPI,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A .pptx: a title slide; one slide per date (or per chapter, when `chapters` is given: then
    `dates` is not used) with the map, the date, what changed since the previous slide, the force
    level and the sources in effect with their grades; and the list of every source cited. The
    selection's governorates, language, as known then and forces apply to every slide; its day to none.

    `progress(done, total)` is called as the maps are drawn and the slides written.
    Raises ValueError on an unknown language or governorate, or with no date (no chapter) at all.
    """
    check_selection(prepared, selection)
    lang, codes = selection.lang, selection.provinces
    if chapters is not None:
        chapters = list(chapters)
        for chapter in chapters:
            check_provinces(prepared, chapter.provinces)
        steps = [(c.date, c.provinces or codes, c) for c in chapters]
    else:
        steps = [(day, codes, None) for day in sorted(set(dates))]
    if not steps:
        raise ValueError("a deck needs at least one date" if chapters is None else "a deck needs at least one chapter")
    writer = _Writer(lang)
    title, lines = title_lines(
        prepared, [day for day, _, _ in steps], selection, None if chapters is None else len(chapters)
    )
    _title_slide(writer, title, lines)
    size = (round(MAP_W * MAP_SCALE * map_dpi), round(MAP_H * MAP_SCALE * map_dpi))
    maps: dict[tuple, list[bytes]] = {}
    done, total = 0, 2 * len(steps)  # a map, then a slide, per step
    report = progress or (lambda done, total: None)
    for area in dict.fromkeys(area for _, area, _ in steps):  # one drawing of the base map per area
        days = [day for day, a, _ in steps if a == area]
        maps[area] = render_maps(prepared, days, selection.within(area), PictureSize(*size, dpi=map_dpi))
        done += len(days)
        report(done, total)
    legend = render_legend(lang, size[0], round(LEGEND_H * MAP_SCALE * map_dpi), dpi=map_dpi)
    cited: set[str] = set()
    previous = None
    for day, area, chapter in steps:
        content = date_slide(prepared, selection.within(area).on(day), previous, chapter)
        _date_slide(writer, content, maps[area].pop(0), legend, lang)
        cited |= content.cited
        previous = day
        done += 1
        report(done, total)
    _source_slides(writer, cited_lines(prepared, cited, lang), lang)
    return writer.save()
