"""What a slide shows on a date, as plain data: the drawing code only paints a `Scene`.

Keeping the choices here (which sites, which sources) lets the tests check them without reading
pixels. What each site shows (status, staleness, contest, plan ring) is the engine's answer
(`dashboard.engine.answers_at`), the same the map looks up: the slide decides none of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard import i18n
from dashboard.engine import answers_at
from dashboard.evidence import in_effect, outlet_summary
from dashboard.i18n import format_date, t
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.vocabulary import FORCES_FILTERS, INCIDENT_DAYS

PENDING = "pending"
CONFIRMED = "confirmed"
OVERDUE = "overdue"
FSI, PDI = "\u2068", "\u2069"  # Unicode isolates: an English name inside Arabic text keeps its own order


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}"


@dataclass(frozen=True)
class SiteMark:
    site_id: str
    status: str | None  # None: no status recorded yet
    plan: tuple[str, str] | None  # (PENDING, CONFIRMED or OVERDUE, the planned status), or None
    grade: str | None = None  # grade of the record that set the status
    stale: bool = False  # a presence with no report for STALE_DAYS days: drawn faded
    contested: bool = False  # a record disputes the one the status rests on
    quiet: bool = False  # nothing current there (the engine's answer): drawn smaller, unnamed


@dataclass(frozen=True)
class IncidentMark:
    site_id: str
    age: int  # days since the incident, 0 to INCIDENT_DAYS - 1
    grade: str


@dataclass(frozen=True)
class Scene:
    on: dt.date
    lang: str
    sites: tuple[SiteMark, ...]  # the sites drawn, in Prepared.site_ids order
    moves: tuple[tuple[str, str], ...]  # (from site, to site) of repositionings under way
    force_level: str | None  # "about 2,500", or None before any record states one
    sources: tuple[str, ...]  # one line per document behind the records in effect
    incidents: tuple[IncidentMark, ...] = ()  # the latest incident of each site still on the map


SOURCE_LINES = 8  # past this many sources, the slide names the most cited outlets and counts the rest


def source_lines(citations, sources, lang: str) -> tuple[str, ...]:
    """'Publisher, “Title” (2025-09-20)' per distinct source of `citations`, oldest first; or, past
    SOURCE_LINES sources, one line with the counts and the most cited outlets."""
    if len(set(citations["source_id"])) > SOURCE_LINES:
        names, pages, outlets = outlet_summary(citations, sources, SOURCE_LINES)
        separator = "، " if lang == "ar" else ", "
        text = t(
            "source_summary",
            lang,
            pages=pages,
            outlets=outlets,
            more=max(outlets - len(names), 0),
            names=separator.join(isolate(n) for n in names),
        )
        return (text.removeprefix(t("source_line", lang, names="")),)
    by_id = sources.set_index("source_id")
    title = "title_ar" if lang == "ar" else "title_en"
    seen = sorted(
        {
            (by_id.loc[s, "published"].isoformat(), by_id.loc[s, title], by_id.loc[s, "publisher"])
            for s in set(citations["source_id"])
            if s in by_id.index
        }
    )
    if lang == "ar":
        return tuple(f"«{title}»، {isolate(publisher)}، {isolate(published)}" for published, title, publisher in seen)
    return tuple(f"{publisher}, “{title}” ({published})" for published, title, publisher in seen)


def build_scene(prepared: Prepared, selection: Selection) -> Scene:
    on, lang = selection.day, selection.lang
    view = prepared.view(selection)
    index = view.index
    chosen = prepared.sites_in(selection.provinces)
    shown = prepared.site_ids if chosen is None else chosen
    answers = answers_at(index, on, shown)
    grade_of = dict(zip(view.records["record_id"], view.records["grade"]))
    sites = tuple(
        SiteMark(
            s,
            a.status,
            None if a.plan is None else (a.plan.state, a.plan.status),
            grade_of.get(a.record_id) if a.status else None,
            a.stale,
            a.contested,
            a.quiet,
        )
        for s, a in answers.items()
    )
    known_sites = set(prepared.site_ids)
    wanted = set(shown)
    moves = tuple(
        (m.from_site, m.to_site)
        for m in index.moves_at(on)
        if {m.from_site, m.to_site} <= known_sites and {m.from_site, m.to_site} & wanted
    )
    latest = {i.site_id: i for i in index.incidents_at(on, INCIDENT_DAYS) if i.site_id in wanted}
    incidents = tuple(
        IncidentMark(i.site_id, (on - i.date).days, grade_of.get(i.record_id, "")) for i in latest.values()
    )
    force = index.force_level_at(on)
    force_level = None if force is None else i18n.troops_label(force.troops, force.qualifier, lang)
    effect, _ = in_effect(index, view.records, on, chosen)
    cited = view.cited_by(effect["record_id"])
    return Scene(on, lang, sites, moves, force_level, source_lines(cited, prepared.dataset.sources, lang), incidents)


def scope_lines(prepared: Prepared, scene: Scene, selection: Selection, max_names: int | None = None) -> list[str]:
    """The lines under the date saying what the slide covers; past `max_names` governorates, a count."""
    lang, provinces = scene.lang, selection.provinces
    lines = []
    if provinces:
        names = [prepared.province_names[lang].get(p, p) for p in provinces]
        shown = names[:max_names] if max_names is not None else names
        separator = "، " if lang == "ar" else ", "
        more = f"{separator}… (+{len(names) - len(shown)})" if len(shown) < len(names) else ""
        lines.append(f"{t('provinces', lang)}: {separator.join(shown)}{more}")
    lines.append(t("sites_shown", lang, n=len(scene.sites), total=len(prepared.site_ids)))
    if selection.known_then:
        lines.append(t("known_then", lang))
    if selection.forces != FORCES_FILTERS[0]:
        lines.append(t("forces_line", lang, forces=t(f"forces_{selection.forces}", lang)))
    if scene.force_level is not None:
        lines.append(f"{t('force_level', lang)}: {scene.force_level}")
    return lines


def date_text(on: dt.date, lang: str) -> str:
    return format_date(on, lang)
