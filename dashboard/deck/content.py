"""What each slide of a deck says, as plain data: the layout only sets it in text boxes.

Every word comes from the catalogue (`dashboard.i18n`) or from the data (names, summaries, titles), in
the deck's language; Latin names inside Arabic text are isolated (`scene.isolate`) so they keep their
own order without breaking the right-to-left line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard import i18n
from dashboard.evidence import in_effect, outlet_summary, what_changed
from dashboard.i18n import format_date, grade_letter, t
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.slides.scene import isolate
from dashboard.vocabulary import FORCES_FILTERS, GRADES, NATIONAL

SOURCE_ITEMS = 6  # past this many sources in effect, a date slide counts them by grade and outlet
OUTLETS_PER_GRADE = 4
SILENT_DAYS = 30  # as the dashboard: past this many days after the last report, the record is silent

# Kinds of line: a heading, plain text, a bullet, or small print under the rest.
HEADING, TEXT, BULLET, SMALL = "heading", "text", "bullet", "small"


@dataclass(frozen=True)
class DeckChapter:
    """One chapter of a guided story, already in the deck's language: a slide of its own, with the
    map of `date` over `provinces` (every governorate if empty), `title` as its title and `text` in
    place of "what changed" (paragraphs separated by blank lines)."""

    date: dt.date
    title: str
    text: str
    provinces: tuple[str, ...] = ()


def story_chapters(story, lang: str) -> list[DeckChapter]:
    """The guided story's chapters (`Dataset.story`) as deck chapters in `lang`."""
    return [DeckChapter(c.date, c.title(lang), c.text(lang), c.provinces) for c in story]


@dataclass(frozen=True)
class Line:
    kind: str  # HEADING, TEXT, BULLET or SMALL
    text: str
    url: str = ""  # a web address, set as a link after the text


@dataclass(frozen=True)
class DateSlide:
    """A date's (or a chapter's) slide: the map is drawn from `on` and `provinces`."""

    on: dt.date
    provinces: tuple[str, ...]
    title: str  # the date, or the chapter's title
    subtitle: tuple[str, ...]  # the date under a chapter's title; governorates; as known then; after today
    story: tuple[Line, ...]  # what changed, or the chapter's text
    force: tuple[Line, ...]  # force level and announced target
    sources: tuple[Line, ...]  # the sources in effect with their grades
    cited: frozenset[str] = field(default_factory=frozenset)  # every source the slide rests on


class _Since:
    """An index whose previous change is the previous slide's date: `what_changed` then says what
    changed between two slides, however many change dates lie between them."""

    def __init__(self, index, since: dt.date | None):
        self._index, self._since = index, since

    def previous_change(self, on) -> dt.date | None:
        return self._since

    def __getattr__(self, name: str):
        return getattr(self._index, name)


def _separator(lang: str) -> str:
    return "، " if lang == "ar" else ", "


LRM = "\u200e"


def latin(text: str, lang: str) -> str:
    """A name or address from the data, isolated inside Arabic text. The marks inside the isolate keep
    a closing bracket or slash with its name where a viewer wraps the line inside the name and orders
    each line on its own (LibreOffice does)."""
    return isolate(f"{LRM}{text}{LRM}") if lang == "ar" and text else text


def province_line(prepared: Prepared, provinces: Sequence[str], lang: str) -> str:
    names = [prepared.province_names[lang].get(p, p) for p in provinces]
    return f"{t('provinces', lang)}: {_separator(lang).join(names)}"


def source_text(source: dict, lang: str) -> str:
    """'Publisher, “Title”, 20 September 2025' in the deck's language."""
    title = source["title_ar" if lang == "ar" else "title_en"] or source["title"]
    return t(
        "deck_source",
        lang,
        publisher=latin(source["publisher"], lang),
        title=title,
        date=format_date(source["published"], lang),
    )


def _sorted_sources(sources: pd.DataFrame, ids: Collection[str]) -> list[dict]:
    chosen = [s for s in sources.to_dict("records") if s["source_id"] in set(ids)]
    return sorted(chosen, key=lambda s: (s["published"], s["publisher"], s["source_id"]))


def title_lines(
    prepared: Prepared, dates: Sequence[dt.date], selection: Selection, chapters: int | None = None
) -> tuple[str, list[Line]]:
    """The title slide: the catalogue's title, then the range, governorates, cadence and grades."""
    provinces, lang = selection.provinces, selection.lang
    first, last = min(dates), max(dates)
    span = (
        format_date(first, lang)
        if first == last
        else t("deck_range", lang, start=format_date(first, lang), end=format_date(last, lang))
    )
    lines = [Line(HEADING, span)]
    if provinces:
        lines.append(Line(TEXT, province_line(prepared, provinces, lang)))
    count = t("deck_chapters", lang, n=chapters) if chapters is not None else t("deck_dates", lang, n=len(dates))
    lines.append(Line(TEXT, " · ".join([count, *scope_words(selection)])))
    lines.append(Line(SMALL, t("deck_made", lang, date=format_date(prepared.today, lang))))
    lines.append(Line(TEXT, t("deck_grades", lang)))
    lines.extend(Line(BULLET, i18n.grade_label(grade, lang)) for grade in GRADES)
    return t("title", lang), lines


def force_lines(index, on: dt.date, lang: str) -> list[Line]:
    """The reported force level with its date, and an announced target as a target."""
    force, target = index.force_level_at(on), index.target_at(on)
    lines = []
    if force is None:
        lines.append(Line(TEXT, t("deck_no_force", lang)))
    else:
        troops = i18n.troops_label(force.troops, force.qualifier, lang)
        since = t("force_level_since", lang, date=format_date(force.since, lang))
        lines.append(Line(TEXT, f"{t('force_level', lang)}: {troops} ({since})"))
    if target is not None:
        troops = i18n.troops_label(target.troops, target.qualifier, lang)
        lines.append(Line(TEXT, t("target", lang, troops=troops, date=format_date(target.since, lang))))
    return lines


def change_lines(prepared: Prepared, selection: Selection, since: dt.date | None) -> tuple[list[Line], set[str]]:
    """What changed between `since` (the previous slide) and the selection's day, and the records it
    names. The first slide (`since` None) says what changed on the latest change date up to the day:
    on a change date, as the dashboard's panel, since the previous change date."""
    on, lang, view = selection.day, selection.lang, prepared.view(selection)
    site_ids = prepared.sites_in(selection.provinces)
    index = view.index
    if since is None:  # the first slide: what changed on the latest change date up to `on`
        latest = on if index.next_change(on - dt.timedelta(days=1)) == on else index.previous_change(on)
        since = None if latest is None else index.previous_change(latest)
    index = _Since(index, since)
    names = prepared.site_names[lang]
    previous, sentences, notes = what_changed(index, view.records, on, names, lang, site_ids)
    lines = [Line(HEADING, t("what_changed", lang))]
    if previous is not None:
        lines.append(Line(SMALL, t("between", lang, start=format_date(previous, lang), end=format_date(on, lang))))
    lines.extend(Line(BULLET, s) for s in sentences)
    if not sentences and not notes:
        lines.append(Line(TEXT, t("no_change", lang)))
    if notes:
        lines.append(Line(TEXT, t("records_on", lang)))
        lines.extend(Line(BULLET, n) for n in notes)
    last = prepared.last_report.get(NATIONAL)
    if last is not None and (on - last).days > SILENT_DAYS:
        lines.append(Line(SMALL, t("silent_since", lang, date=format_date(last, lang))))
    start = previous if previous is not None else dt.date.min
    new = set(view.index.records_between(start, on))
    records = view.records[view.records["record_id"].isin(new)]
    in_scope = [s == NATIONAL or site_ids is None or s in site_ids for s in records["site_id"]]
    return lines, set(records.loc[in_scope, "record_id"])


def source_lines(prepared: Prepared, view, effect: pd.DataFrame, lang: str) -> tuple[list[Line], set[str]]:
    """The sources behind the records in effect, each with the grades of the records citing it; past
    SOURCE_ITEMS sources, for each grade its records and most cited outlets."""
    lines = [Line(HEADING, t("deck_sources_heading", lang))]
    cited = view.cited_by(effect["record_id"])
    sources = prepared.dataset.sources
    ids = set(cited["source_id"]) & set(sources["source_id"])
    if not ids:
        return [*lines, Line(TEXT, t("deck_no_records", lang))], set()
    grade_of = dict(zip(effect["record_id"], effect["grade"]))
    if len(ids) <= SOURCE_ITEMS:
        grades: dict[str, set[str]] = {}
        for record_id, source_id in zip(cited["record_id"], cited["source_id"]):
            grades.setdefault(source_id, set()).add(grade_of[record_id])
        for source in _sorted_sources(sources, ids):
            letters = _separator(lang).join(grade_letter(g, lang) for g in GRADES if g in grades[source["source_id"]])
            lines.append(Line(BULLET, f"[{letters}] {source_text(source, lang)}"))
    else:
        for grade in GRADES:
            records = [r for r in effect["record_id"] if grade_of[r] == grade]
            if not records:
                continue
            outlets, _, total = outlet_summary(view.cited_by(records), sources, OUTLETS_PER_GRADE)
            names = _separator(lang).join(latin(name, lang) for name in outlets)
            if total > len(outlets):
                names += f"{_separator(lang)}{t('deck_more_outlets', lang, n=total - len(outlets))}"
            lines.append(
                Line(
                    BULLET, t("deck_grade_outlets", lang, grade=grade_letter(grade, lang), n=len(records), names=names)
                )
            )
    lines.append(Line(SMALL, t("deck_sources_listed", lang)))
    return lines, ids


def scope_words(selection: Selection) -> list[str]:
    """What narrows the picture besides its date and area: as known then, and a forces filter."""
    words = [t("known_then", selection.lang)] if selection.known_then else []
    if selection.forces != FORCES_FILTERS[0]:
        words.append(t("forces_line", selection.lang, forces=t(f"forces_{selection.forces}", selection.lang)))
    return words


def date_slide(
    prepared: Prepared, selection: Selection, since: dt.date | None, chapter: DeckChapter | None = None
) -> DateSlide:
    """The words of the slide of the selection's day (of `chapter`, if given): what changed since
    `since` (the previous slide; None for the first, which says what changed since the previous
    change date)."""
    on, provinces, lang = selection.day, selection.provinces, selection.lang
    view = prepared.view(selection)
    site_ids = prepared.sites_in(provinces)
    subtitle = []
    if chapter is not None:
        subtitle.append(format_date(on, lang))
    if provinces:
        subtitle.append(province_line(prepared, provinces, lang))
    subtitle.extend(scope_words(selection))
    if on > prepared.today:
        subtitle.append(t("future_note", lang))
    effect, _ = in_effect(view.index, view.records, on, site_ids)
    sources, cited = source_lines(prepared, view, effect, lang)
    if chapter is None:
        story, named = change_lines(prepared, selection, since)
        cited |= set(view.cited_by(named)["source_id"])
        title = format_date(on, lang)
    else:
        story = [Line(TEXT, paragraph.strip()) for paragraph in chapter.text.split("\n\n") if paragraph.strip()]
        title = chapter.title
    return DateSlide(
        on=on,
        provinces=provinces,
        title=title,
        subtitle=tuple(subtitle),
        story=tuple(story),
        force=tuple(force_lines(view.index, on, lang)),
        sources=tuple(sources),
        cited=frozenset(cited & set(prepared.dataset.sources["source_id"])),
    )


URL_CHARS = 160  # a longer address is shown cut to CUT_CHARS, with an ellipsis; its link keeps it whole
CUT_CHARS = 100


def shown_url(url: str) -> str:
    """`url`, or past URL_CHARS its start (to a '/' if one is past half way) and an ellipsis: a
    percent-encoded Arabic path runs to hundreds of characters that no reader types, and LibreOffice
    drops one that does not fit a right-to-left line."""
    if len(url) <= URL_CHARS:
        return url
    cut = url.rfind("/", 0, CUT_CHARS - 1)
    return url[: cut + 1 if cut >= CUT_CHARS // 2 else CUT_CHARS - 1] + "…"


def cited_lines(prepared: Prepared, cited: Collection[str], lang: str) -> list[Line]:
    """Every source of the deck, oldest first: publisher, title in the deck's language, date, and a web
    page's address (a seed document is marked as such)."""
    lines = []
    for source in _sorted_sources(prepared.dataset.sources, cited):
        text = source_text(source, lang)
        if source.get("url"):
            lines.append(Line(BULLET, f"{text}{_separator(lang)}", url=source["url"]))
        else:
            kind = i18n.SOURCE_KIND_LABELS.get(source["kind"], {}).get(lang, "")
            lines.append(Line(BULLET, f"{text} ({kind})" if kind else text))
    return lines or [Line(TEXT, t("deck_no_sources", lang))]
