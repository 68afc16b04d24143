"""The timeline: a status band per site over time, the national force level, events and the selected date.

Pure: takes records and names, returns a plotly Figure. Clickable points carry their ISO date in
`customdata`, which the app reads from the chart's selection to set the date.

Building the figure is the slowest part of a date step (plotly's property machinery, tens of ms), yet
only the date line and the visible range depend on the date. So the work is split: `timeline_base`
builds everything else once, as a plain plotly dict the app can cache, and `timeline_on` dresses a
copy of it for one date in well under a millisecond.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.engine import ForceLevel
from dashboard.map_timeline import status_setting
from dashboard.i18n import claim_label, format_date, status_label, t, troops_label
from dashboard.style import STATUS_COLOURS, STATUS_ORDER, STATUS_SHAPES

_DAY_MS = 86_400_000


def status_bands(records: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """Intervals [start, end) of each site's status, from records in file order.

    Same rule as the engine: planned records and events never set a status, and of two records on
    one date the later row wins. Consecutive intervals with the same status are merged.
    """
    setting = status_setting(records)
    bands = []
    for site_id, group in setting.groupby("site_id", sort=False):
        starts = list(group["date"])
        for i, (start, status, record_id) in enumerate(zip(starts, group["status"], group["record_id"])):
            stop = starts[i + 1] if i + 1 < len(starts) else end
            if bands and bands[-1]["site_id"] == site_id and bands[-1]["status"] == status:
                bands[-1]["end"] = stop
                continue
            bands.append({"site_id": site_id, "status": status, "start": start, "end": stop, "record_id": record_id})
    return pd.DataFrame(bands, columns=["site_id", "status", "start", "end", "record_id"])


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _end(span: tuple[dt.date, dt.date]) -> dt.date:
    return span[1] + dt.timedelta(days=120)  # room to show bands and plans that start on the last date


def timeline_figure(records: pd.DataFrame, site_names: Mapping[str, str], site_order: Sequence[str],
                    force_levels: Sequence[ForceLevel], on: dt.date, span: tuple[dt.date, dt.date],
                    lang: str) -> go.Figure:
    """Status bands for the sites in `site_order` (top to bottom), force level below, a line at `on`."""
    return go.Figure(timeline_on(timeline_base(records, site_names, site_order, force_levels, span, lang), on, span))


def timeline_on(base: dict, on: dt.date, span: tuple[dt.date, dt.date]) -> dict:
    """A copy of `timeline_base`'s dict with the line at `on` and the visible range for it.

    `base` is left as it was (it may be shared through a cache): only the parts that change are copied.
    """
    first, last = span
    layout = dict(base["layout"])
    layout["shapes"] = [dict(type="line", x0=_iso(on), x1=_iso(on), y0=0, y1=1, xref="x", yref="paper",
                             line=dict(color="#C00000", width=2))]
    # Most changes fall in the last three years of the span: open on those unless the date is earlier.
    recent = last - dt.timedelta(days=3 * 365)
    start = first if on < recent else recent
    for axis in ("xaxis", "xaxis2"):
        layout[axis] = dict(layout.get(axis, {}), type="date",
                            range=[_iso(start - dt.timedelta(days=90)), _iso(_end(span))])
    return {"data": base["data"], "layout": layout}


def timeline_base(records: pd.DataFrame, site_names: Mapping[str, str], site_order: Sequence[str],
                  force_levels: Sequence[ForceLevel], span: tuple[dt.date, dt.date], lang: str) -> dict:
    """Everything in the timeline that does not depend on the selected date, as a plotly dict."""
    last = span[1]
    end = _end(span)
    records = records[records["site_id"].isin(site_order) | (records["site_id"] == "")]
    national = t("national", lang)
    rows = [site_names[s] for s in site_order] + [national]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.04)

    bands = status_bands(records, end)
    for status in STATUS_ORDER:
        part = bands[bands["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            orientation="h", y=[site_names[s] for s in part["site_id"]],
            base=[_iso(d) for d in part["start"]],
            x=[(e - s).days * _DAY_MS for s, e in zip(part["start"], part["end"])],
            marker=dict(color=STATUS_COLOURS[status], line=dict(width=0)), width=0.5, offset=-0.4,
            name=status_label(status, lang), legendgroup=status,
            customdata=[_iso(d) for d in part["start"]],
            hovertemplate="%{y}: " + status_label(status, lang) + " (%{customdata})<extra></extra>",
        ), row=1, col=1)

    planned = records[(records["claim"] == "planned") & (records["site_id"] != "")]
    if not planned.empty:
        fig.add_trace(go.Bar(
            orientation="h", y=[site_names[s] for s in planned["site_id"]],
            base=[_iso(d) for d in planned["date"]],
            x=[max((end - d).days, 30) * _DAY_MS for d in planned["date"]],
            marker=dict(color=[STATUS_COLOURS[s] for s in planned["status"]], opacity=0.45,
                        pattern=dict(shape="/", fgcolor="#222", size=6), line=dict(color="#222", width=1)),
            # A thinner band under the row's band of fact, so a plan never hides what happened.
            width=0.28, offset=0.12,
            name=t("legend_pending", lang),
            customdata=[_iso(d) for d in planned["date"]],
            hovertext=[f"{status_label(s, lang)}: {t('planned_for', lang, date=format_date(d, lang, p))}"
                       for s, d, p in zip(planned["status"], planned["date"], planned["date_precision"])],
            hovertemplate="%{y}: %{hovertext}<extra></extra>",
        ), row=1, col=1)

    events = records[records["status"] == "event"]
    if not events.empty:
        fig.add_trace(go.Scatter(
            mode="markers", x=[_iso(d) for d in events["date"]],
            y=[site_names.get(s, national) if s else national for s in events["site_id"]],
            marker=dict(symbol=STATUS_SHAPES["event"], size=9, color="#000"),
            name=status_label("event", lang), customdata=[_iso(d) for d in events["date"]],
            hovertext=[f"{claim_label(c, lang)}: {s}" for c, s in
                       zip(events["claim"], events["summary_ar" if lang == "ar" else "summary_en"])],
            hovertemplate="%{customdata}: %{hovertext}<extra></extra>",
        ), row=1, col=1)

    if force_levels:
        days = [f.since for f in force_levels] + [last]
        troops = [f.troops for f in force_levels] + [force_levels[-1].troops]
        labels = [troops_label(f.troops, f.qualifier, lang) if i == 0 or f.troops != force_levels[i - 1].troops else ""
                  for i, f in enumerate(force_levels)] + [""]
        fig.add_trace(go.Scatter(
            x=[_iso(d) for d in days], y=troops, mode="lines+markers+text", line=dict(shape="hv", color="#333", width=2),
            text=labels, textposition="top right",
            name=t("force_level", lang), customdata=[_iso(d) for d in days],
            hovertext=[troops_label(f.troops, f.qualifier, lang) for f in force_levels] + [""],
            hovertemplate="%{customdata}: %{hovertext}<extra></extra>",
        ), row=2, col=1)

    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), row=1, col=1)
    fig.update_yaxes(title_text=t("force_level", lang), rangemode="tozero", row=2, col=1)
    fig.update_xaxes(type="date")
    fig.update_yaxes(range=[0, max(troops) * 1.35] if force_levels else None, row=2, col=1)
    fig.update_layout(barmode="overlay", height=140 + 26 * len(rows), margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom"),
                      clickmode="event+select", dragmode=False)
    return fig.to_dict()
