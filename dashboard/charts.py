"""The timeline: a status band per site over time, the force level, events, incidents and the date line.

Pure: takes the engine's index, records and names, returns plotly figures as dicts. Clickable points
carry their ISO date in `customdata`, which the app reads from the chart's selection to set the date.
No posture rule is applied here: the bands are the engine's `status_history`.

Building the figure is the slowest part of a date step (plotly's property machinery, tens of ms), yet
only the date line and the visible range depend on the date. So the work is split: `timeline_base`
builds everything else once, as a plain plotly dict the app can cache, and `timeline_on` dresses a
copy of it for one date in well under a millisecond.

Rows are keyed by site id, never by name (two sites may share a name), and every text from the data
is HTML-escaped, since plotly renders tags such as <a> and <b> in axis labels and hover text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.engine import PostureIndex
from dashboard.i18n import claim_label, format_date, grade_letter, status_label, t, troops_label
from dashboard.style import (
    INCIDENT_STYLE,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_SHAPES,
    STATUS_STYLES,
    TIMELINE_DATE_LINE,
)
from dashboard.vocabulary import EVENT, INCIDENT, NATIONAL, UNCONFIRMED

_DAY_MS = 86_400_000
# The force-level line's labels are placed so that none runs into another over the whole axis: the plot
# is some 550 px across in a 1280 px window, room for about this many characters of its 12 px labels.
LABEL_CHARS_ACROSS = 80
LABEL_GAP_CHARS = 2
_NATIONAL_ROW = "~national"  # the row key of national records; not a valid site id, so it cannot clash
# The timeline's left margin is fixed (no automargin), so that the browser can place the date line over
# the chart from the axis range and margins alone (web/scrubber.js), without reading plotly's page:
# room for the longest name of a row at this many pixels a character, within these bounds.
TICK_CHAR_PX = 7.2
LEFT_MARGIN_PX = (80, 340)
MARGIN = {"r": 10, "t": 30, "b": 10}


def status_bands(index: PostureIndex, grades: Mapping[str, str], end: dt.date) -> pd.DataFrame:
    """Intervals [start, end) of each site's status, from the engine's histories.

    Consecutive intervals with the same status and the same grade are merged; a change of grade
    starts a new band, since a grade C band is drawn differently.
    """
    bands = []
    for site_id, states in index.status_history().items():
        for i, state in enumerate(states):
            stop = states[i + 1].since if i + 1 < len(states) else end
            grade = grades.get(state.record_id, "")
            last = bands[-1] if bands else None
            if last and last["site_id"] == site_id and (last["status"], last["grade"]) == (state.status, grade):
                last["end"] = stop
                continue
            bands.append(
                {
                    "site_id": site_id,
                    "status": state.status,
                    "grade": grade,
                    "start": state.since,
                    "end": stop,
                    "record_id": state.record_id,
                }
            )
    return pd.DataFrame(bands, columns=["site_id", "status", "grade", "start", "end", "record_id"])


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _end(span: tuple[dt.date, dt.date]) -> dt.date:
    return span[1] + dt.timedelta(days=120)  # room to show bands and plans that start on the last date


def timeline_window(on: dt.date, span: tuple[dt.date, dt.date]) -> dt.date:
    """Where the timeline's axis opens for `on`: most changes fall in the last three years of the span,
    so on those, unless the date is earlier (then the whole span)."""
    first, last = span
    recent = last - dt.timedelta(days=3 * 365)
    return first if on < recent else recent


def timeline_on(base: dict, on: dt.date, span: tuple[dt.date, dt.date], line: bool = True) -> dict:
    """A copy of `timeline_base`'s dict with the line at `on` and the visible range for it.

    `base` is left as it was (it may be shared through a cache): only the parts that change are copied.
    With `line=False` the figure is the same for every date of a window (see `timeline_window`; the
    scrubber draws the line in the browser), so a step does not re-send or re-draw it.
    """
    layout = dict(base["layout"])
    layout["shapes"] = [dict(TIMELINE_DATE_LINE, x0=_iso(on), x1=_iso(on), name="date")] if line else []
    start = timeline_window(on, span)
    for axis in ("xaxis", "xaxis2"):
        layout[axis] = dict(
            layout.get(axis, {}), type="date", range=[_iso(start - dt.timedelta(days=90)), _iso(_end(span))]
        )
    return {"data": base["data"], "layout": layout}


def date_line_frame(base: dict, on: dt.date, span: tuple[dt.date, dt.date]) -> dict:
    """Where the browser draws the timeline's date line over the figure of `on`'s window: the x-axis
    range and the figure's margins (pixels) and height; a date maps linearly from the range onto the
    width between the left and right margins."""
    layout = timeline_on({"data": [], "layout": base["layout"]}, on, span, line=False)["layout"]
    return {"range": layout["xaxis"]["range"], "margin": dict(layout["margin"]), "height": layout["height"]}


ROW_NAME_CHARS = 42  # a longer name is cut with an ellipsis in the rows' labels (whole in the hover text)


def _short(name: str) -> str:
    return name if len(name) <= ROW_NAME_CHARS else name[: ROW_NAME_CHARS - 1].rstrip() + "…"


def _name(site_id: str, site_names: Mapping[str, str], lang: str) -> str:
    return escape(t("national", lang) if site_id in ("", _NATIONAL_ROW) else site_names.get(site_id, site_id))


def _bands(fig, bands: pd.DataFrame, site_names, lang: str) -> None:
    for status in STATUS_ORDER:
        for unconfirmed in (False, True):
            part = bands[(bands["status"] == status) & ((bands["grade"] == UNCONFIRMED) == unconfirmed)]
            if part.empty:
                continue
            style = STATUS_STYLES[status]
            label = status_label(status, lang) + (f" ({t('unconfirmed', lang)})" if unconfirmed else "")
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    y=list(part["site_id"]),
                    base=[_iso(d) for d in part["start"]],
                    x=[(e - s).days * _DAY_MS for s, e in zip(part["start"], part["end"])],
                    # A pattern and an outline as well as a colour: statuses stay apart in greyscale and
                    # for colour-blind readers, and the pale `watch` band keeps a dark edge on white.
                    marker=dict(
                        color=STATUS_COLOURS[status],
                        opacity=0.35 if unconfirmed else 1,
                        # "\\" is the one pattern no status uses: unconfirmed reads the same for every status.
                        pattern=dict(
                            shape="\\" if unconfirmed else style["pattern"],
                            fgcolor=style["stroke"],
                            size=7,
                            solidity=0.25,
                        ),
                        line=dict(color=style["stroke"], width=1.2),
                    ),
                    width=0.5,
                    offset=-0.4,
                    name=escape(label),
                    legendgroup=status,
                    customdata=[_iso(d) for d in part["start"]],
                    hovertext=[f"{_name(s, site_names, lang)}: {escape(label)}" for s in part["site_id"]],
                    hovertemplate="%{hovertext} (%{customdata})<extra></extra>",
                ),
                row=1,
                col=1,
            )


def timeline_base(
    index: PostureIndex,
    records: pd.DataFrame,
    site_names: Mapping[str, str],
    site_order: Sequence[str],
    span: tuple[dt.date, dt.date],
    lang: str,
) -> dict:
    """Everything in the timeline that does not depend on the selected date, as a plotly dict.

    `index` is built from `records`; only sites in `site_order` (and national records) are drawn.
    """
    end = _end(span)
    wanted = set(site_order)
    records = records[records["site_id"].isin(wanted) | (records["site_id"] == NATIONAL)]
    grades = dict(zip(records["record_id"], records["grade"])) if "grade" in records else {}
    rows = list(site_order) + [_NATIONAL_ROW]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.04)

    bands = status_bands(index, grades, end)
    _bands(fig, bands[bands["site_id"].isin(wanted)], site_names, lang)

    summary = "summary_ar" if lang == "ar" else "summary_en"
    precision = dict(zip(records["record_id"], records["date_precision"]))
    # Each plan from its date until a record confirms it (or the end of the axis): the engine's plans().
    plans = [p for p in index.plans() if p.site_id in wanted]
    if plans:
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[p.site_id for p in plans],
                base=[_iso(p.date) for p in plans],
                x=[max(((p.confirmed_on or end) - p.date).days, 30) * _DAY_MS for p in plans],
                marker=dict(
                    color=[STATUS_COLOURS[p.status] for p in plans],
                    opacity=0.45,
                    pattern=dict(shape="/", fgcolor="#222", size=6),
                    line=dict(color="#222", width=1),
                ),
                # A thinner band under the row's band of fact, so a plan never hides what happened.
                width=0.28,
                offset=0.12,
                name=escape(t("legend_pending", lang)),
                customdata=[_iso(p.date) for p in plans],
                hovertext=[
                    f"{_name(p.site_id, site_names, lang)}: {escape(status_label(p.status, lang))}, "
                    f"{escape(t('planned_for', lang, date=format_date(p.date, lang, precision.get(p.record_id, 'day'))))}"
                    for p in plans
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=1,
            col=1,
        )

    for status, size in ((EVENT, 9), (INCIDENT, 12)):
        marks = records[records["status"] == status]
        if marks.empty:
            continue
        grades_shown = [grades.get(r, "") for r in marks["record_id"]]
        colour = INCIDENT_STYLE["colour"] if status == INCIDENT else STATUS_COLOURS[EVENT]
        fig.add_trace(
            go.Scatter(
                mode="markers",
                x=[_iso(d) for d in marks["date"]],
                y=[s if s else _NATIONAL_ROW for s in marks["site_id"]],
                marker=dict(
                    symbol=STATUS_SHAPES[status],
                    size=size,
                    color=colour,
                    opacity=[0.45 if g == UNCONFIRMED else 1 for g in grades_shown],
                    line=dict(width=1, color=colour),
                ),
                name=escape(status_label(status, lang)),
                customdata=[_iso(d) for d in marks["date"]],
                hovertext=[
                    f"{_name(s, site_names, lang)} ({escape(claim_label(c, lang))}, "
                    f"{t('grade', lang)} {grade_letter(g, lang) if g else '?'}): {escape(text)}"
                    for s, c, g, text in zip(marks["site_id"], marks["claim"], grades_shown, marks[summary])
                ],
                hovertemplate="%{customdata}: %{hovertext}<extra></extra>",
            ),
            row=1,
            col=1,
        )

    _force_levels(fig, index, span, lang)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(rows)),
        tickmode="array",
        tickvals=rows,
        ticktext=[_short(_name(s, site_names, lang)) for s in rows],
        row=1,
        col=1,
    )
    fig.update_yaxes(title_text=escape(t("force_level", lang)), rangemode="tozero", row=2, col=1)
    fig.update_yaxes(automargin=False)
    fig.update_xaxes(type="date")
    names = [_short(_name(s, site_names, lang)) for s in rows] + [t("force_level", lang)]
    left = round(min(max(24 + TICK_CHAR_PX * max(len(n) for n in names), LEFT_MARGIN_PX[0]), LEFT_MARGIN_PX[1]))
    fig.update_layout(
        barmode="overlay",
        height=140 + 26 * len(rows),
        margin=dict(MARGIN, l=left),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        clickmode="event+select",
        dragmode=False,
    )
    return fig.to_dict()


def _whole_axis(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The timeline's x range when it opens on the whole span (timeline_on)."""
    return span[0] - dt.timedelta(days=90), _end(span)


def force_level_labels(levels, axis, lang: str) -> list[tuple[str, str]]:
    """(text, plotly textposition) for each step of the force level: a level is written out where its
    label has room, most telling first (the latest change, the highest level, the first, then the
    largest changes), so that no label runs into another; the rest are read on hover.

    `axis`: the first and last day of the x range. A label runs right from its point, or left where it
    would run past the end of the axis; one that fits neither way is left out."""
    first, last = axis
    days_per_char = (last - first).days / LABEL_CHARS_ACROSS
    changes = [i for i, f in enumerate(levels) if i == 0 or f.troops != levels[i - 1].troops]
    if not changes:
        return []
    highest = max(changes, key=lambda i: levels[i].troops)
    order = [changes[-1], highest, changes[0]] + sorted(
        changes[1:], key=lambda i: -abs(levels[i].troops - levels[i - 1].troops)
    )
    taken: list[tuple[dt.date, dt.date]] = []
    labels = [("", "top right")] * len(levels)
    for i in dict.fromkeys(order):  # each once, in order
        text = troops_label(levels[i].troops, levels[i].qualifier, lang)
        width = dt.timedelta(days=(len(text) + LABEL_GAP_CHARS) * days_per_char)
        at = levels[i].since
        place, room = ("top right", (at, at + width)) if at + width <= last else ("top left", (at - width, at))
        if room[0] >= first and all(room[1] <= a or b <= room[0] for a, b in taken):
            taken.append(room)
            labels[i] = (text, place)
    return labels


def _force_levels(fig, index: PostureIndex, span: tuple[dt.date, dt.date], lang: str) -> None:
    """The reported force level as a step line; announced targets as hollow points, never joined to it."""
    levels, targets = index.force_level_steps(), index.target_steps()
    if levels:
        days = [f.since for f in levels] + [max(span[1], levels[-1].since)]
        troops = [f.troops for f in levels] + [levels[-1].troops]
        labels = force_level_labels(levels, _whole_axis(span), lang)
        texts, places = [text for text, _ in labels] + [""], [place for _, place in labels] + ["top right"]
        fig.add_trace(
            go.Scatter(
                x=[_iso(d) for d in days],
                y=troops,
                mode="lines+markers+text",
                line=dict(shape="hv", color="#333", width=2),
                text=texts,
                textposition=places,
                name=escape(t("force_level", lang)),
                customdata=[_iso(d) for d in days],
                hovertext=[troops_label(f.troops, f.qualifier, lang) for f in levels] + [""],
                hovertemplate="%{customdata}: %{hovertext}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    if targets:
        fig.add_trace(
            go.Scatter(
                x=[_iso(f.since) for f in targets],
                y=[f.troops for f in targets],
                mode="markers",  # their words on hover only: written out, years of targets ran into each other
                marker=dict(symbol="diamond-open", size=11, color="#333", line=dict(width=2)),
                text=[
                    t("target", lang, troops=troops_label(f.troops, f.qualifier, lang), date=format_date(f.since, lang))
                    for f in targets
                ],
                textposition="bottom right",
                name=escape(t("target", lang, troops="", date="").split(":")[0]),
                customdata=[_iso(f.since) for f in targets],
                hovertemplate="%{customdata}: %{text}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    highest = max([f.troops for f in levels + targets], default=0)
    fig.update_yaxes(range=[0, highest * 1.35] if highest else None, row=2, col=1)
