"""What the page says around the map on a date: the heading, the force level and the announced
target, what changed, and where the record falls silent.

Two ways to the same words. `page_on` works them out for one date, for the page the server sends.
`page_tables` works them out for every change date of a selection at once, so that the browser can
follow the scrubber's thumb with no round trip (web/pagetext.js looks a date up in them; it decides
nothing). tests/test_page_text.py holds the two to each other on every day of the axis, through node.
The dashboard's side panel and the standalone file both show `panel_html`.

Never imports streamlit.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from dashboard.evidence import change_sentences, record_notes, what_changed
from dashboard.i18n import MONTHS, format_date, t, text_direction, troops_label
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.vocabulary import NATIONAL

SILENT_AFTER_DAYS = 30  # more days than this after the record's last national report: the panel says so
WORDS = ("as_of", "future_note", "no_change", "records_on", "what_changed", "force_level")


def _forces(prepared: Prepared, selection: Selection) -> tuple[list, list]:
    index, lang = prepared.view(selection).index, selection.lang
    forces = [
        [
            f.since.isoformat(),
            troops_label(f.troops, f.qualifier, lang),
            t("force_level_since", lang, date=format_date(f.since, lang)),
        ]
        for f in index.force_level_steps()
    ]
    targets = [
        [
            f.since.isoformat(),
            t("target", lang, troops=troops_label(f.troops, f.qualifier, lang), date=format_date(f.since, lang)),
        ]
        for f in index.target_steps()
    ]
    return forces, targets


def _silence(prepared: Prepared, lang: str) -> list | None:
    """[the first silent day, the words], or None when the record has no national report."""
    last = prepared.last_report.get(NATIONAL)
    if last is None:
        return None
    return [
        (last + dt.timedelta(days=SILENT_AFTER_DAYS + 1)).isoformat(),
        t("silent_since", lang, date=format_date(last, lang)),
    ]


def page_tables(prepared: Prepared, selection: Selection) -> dict:
    """Everything web/pagetext.js needs to say what `page_on` says, on any day of the axis, for the
    selection's governorates, forces and language (its day does not matter)."""
    lang, (first, last) = selection.lang, prepared.span
    view = prepared.view(selection)
    chosen = prepared.sites_in(selection.provinces)
    names = prepared.site_names[lang]
    # evidence.what_changed for each change date, with each record's line written once: asked date by
    # date, it took 3.7 s for 1,000 sites and 10,000 records (0.2 s on the shipped data).
    notes = record_notes(view.records, names, lang, chosen)
    order = {record_id: i for i, record_id in enumerate(view.records["record_id"])}
    changes = []
    for day in prepared.change_dates(selection):
        if first <= day <= last:
            previous = view.index.previous_change(day)
            start = previous if previous is not None else dt.date.min
            sentences = change_sentences(view.index, start, day, names, lang, chosen)
            new = sorted((r for r in view.index.records_between(start, day) if r in notes), key=order.__getitem__)
            changes.append([day.isoformat(), previous and previous.isoformat(), sentences, [notes[r] for r in new]])
    forces, targets = _forces(prepared, selection)
    return {
        "first": first.isoformat(),
        "today": prepared.today.isoformat(),
        "months": list(MONTHS[lang]),
        "changes": changes,
        "forces": forces,
        "targets": targets,
        "silence": _silence(prepared, lang),
        "words": {key: t(key, lang) for key in WORDS} | {"between": t("between", lang, start="{start}", end="{end}")},
    }


def page_on(prepared: Prepared, selection: Selection) -> dict:
    """What the page says on the selection's day, worked out directly (the same dict as pagetext.js's
    pageOn on `page_tables`)."""
    day, lang = selection.day, selection.lang
    view = prepared.view(selection)
    chosen = prepared.sites_in(selection.provinces)
    previous, sentences, notes = what_changed(view.index, view.records, day, prepared.site_names[lang], lang, chosen)
    force, target = view.index.force_level_at(day), view.index.target_at(day)
    silence = _silence(prepared, lang)
    return {
        "date": day.isoformat(),
        "heading": f"{t('as_of', lang)} {format_date(day, lang)}",
        "future": t("future_note", lang) if day > prepared.today else None,
        "between": None
        if previous is None
        else t("between", lang, start=format_date(previous, lang), end=format_date(day, lang)),
        "sentences": sentences or [t("no_change", lang)],
        "notes": notes,
        "force": None
        if force is None
        else {
            "value": troops_label(force.troops, force.qualifier, lang),
            "since": t("force_level_since", lang, date=format_date(force.since, lang)),
        },
        "target": None
        if target is None
        else t(
            "target",
            lang,
            troops=troops_label(target.troops, target.qualifier, lang),
            date=format_date(target.since, lang),
        ),
        "silence": silence[1] if silence is not None and day.isoformat() >= silence[0] else None,
    }


def _items(items: list[str]) -> str:
    return "".join(f"<li>{escape(item)}</li>" for item in items)


def _shown(text: str | None) -> str:
    return "" if text else " hidden"


def panel_html(said: dict, lang: str) -> str:
    """The panel beside the map, from `page_on`'s dict. pagetext.js fills the same elements (by id)
    while the thumb moves, so what the server sends and what the browser shows are one markup."""
    force = said["force"] or {"value": "", "since": ""}
    return (
        f'<div id="date-panel" class="date-panel" dir="{text_direction(lang)}" lang="{lang}" data-date="{said["date"]}">'
        f'<div id="panel-force" class="force"{_shown(said["force"])}>'
        f'<div class="force-label">{escape(t("force_level", lang))}</div>'
        f'<div id="panel-force-value" class="force-value">{escape(force["value"])}</div>'
        f'<div id="panel-force-since" class="force-since">{escape(force["since"])}</div></div>'
        f'<p id="panel-target" class="target"{_shown(said["target"])}>{escape(said["target"] or "")}</p>'
        f"<h2>{escape(t('what_changed', lang))}</h2>"
        f'<p id="panel-between" class="between">{escape(said["between"] or "")}</p>'
        f'<ul id="panel-changes" class="changes">{_items(said["sentences"])}</ul>'
        f'<p id="panel-notes-heading" class="notes-heading"{_shown(said["notes"])}>{escape(t("records_on", lang))}</p>'
        f'<ul id="panel-notes" class="notes">{_items(said["notes"])}</ul>'
        f'<p id="panel-silence" class="silence"{_shown(said["silence"])}>{escape(said["silence"] or "")}</p>'
        "</div>"
    )
