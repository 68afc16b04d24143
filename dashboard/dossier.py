"""A site's dossier (`?site=<id>`): every record about one place, its status intervals as a strip, and the
same records as a CSV a researcher can cite by record id.

Pure: takes the prepared data and a selection, returns tables, a plotly figure (as a dict) and text.
The strip is the engine's intervals (`site_intervals`), the same the map looks dates up in.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from dashboard.engine import listed, site_intervals
from dashboard.evidence import citation_texts
from dashboard.export.csvtext import records_csv
from dashboard.export.records import record_rows
from dashboard.i18n import claim_label, forces_text, format_date, grade_label, status_label, t
from dashboard.prepared import Prepared
from dashboard.selection import Selection
from dashboard.style import CONTESTED_STYLE, NO_STATUS_STYLE, OVERDUE_RING, STATUS_COLOURS

DOSSIER_COLUMNS = [
    "record_id",
    "date",
    "status",
    "claim",
    "grade",
    "forces",
    "summary",
    "quote",
    "sources",
    "confirms",
    "disputes",
    "disputed_by",
    "note",
]


def site_records(prepared: Prepared, selection: Selection, site_id: str) -> pd.DataFrame:
    """The records about `site_id` the selection sees (as known then: published by its day; its forces),
    in date order, then file order; a record moving forces to the site counts as one about it."""
    records = prepared.view(selection).records
    about = (records["site_id"] == site_id) | (records["moved_to"] == site_id)
    return records[about].sort_values("date", kind="stable")


def dossier_table(prepared: Prepared, selection: Selection, site_id: str) -> pd.DataFrame:
    """One row per record about the site, as people read it in `selection.lang`, quotes verbatim."""
    lang, view = selection.lang, prepared.view(selection)
    chosen = site_records(prepared, selection, site_id)
    cited = citation_texts(view.cited_by(chosen["record_id"]), prepared.dataset.sources, lang)
    summary = "summary_ar" if lang == "ar" else "summary_en"
    rows = []
    for record in chosen.to_dict("records"):
        names, quotes = cited.get(record["record_id"], ("", ""))
        rows.append(
            {
                "record_id": record["record_id"],
                "date": format_date(record["date"], lang, record["date_precision"]),
                "status": status_label(record["status"], lang),
                "claim": claim_label(record["claim"], lang),
                "grade": grade_label(record["grade"], lang),
                "forces": forces_text(listed(record["forces"]), lang),
                "summary": record[summary],
                "quote": quotes,
                "sources": names,
                "confirms": " ".join(listed(record["confirms"])),
                "disputes": " ".join(listed(record["disputes"])),
                "disputed_by": " ".join(view.index.disputed_by(record["record_id"])),
                "note": record["note"],
            }
        )
    return pd.DataFrame(rows, columns=DOSSIER_COLUMNS)


def column_labels(lang: str) -> dict[str, str]:
    return {column: t(f"col_{column}", lang) for column in DOSSIER_COLUMNS}


def dossier_csv(prepared: Prepared, selection: Selection, site_id: str, excel: bool = True) -> str:
    """Every record about the site with every citation, in the columns of the records export."""
    view = prepared.view(selection)
    chosen = site_records(prepared, selection, site_id)
    day = selection.day
    plans = {
        p.record_id: (p.state_on(day) or "", p.confirmed_by if p.state_on(day) == "confirmed" else "")
        for p in view.index.plans()
    }
    rows = record_rows(chosen, view.citations, prepared.dataset.sources, prepared.site_names, None, plans)
    return records_csv(rows, excel=excel)


def dossier_strip(prepared: Prepared, selection: Selection, site_id: str) -> dict:
    """The site's status over time as one band per engine interval (faded where stale, outlined in
    purple where contested), a diamond at each plan's date in its state, and the selected day."""
    lang = selection.lang
    intervals = site_intervals(prepared.view(selection).index).get(site_id, [])
    end = max(prepared.span[1], selection.day) + dt.timedelta(days=30)
    traces, plans = [], {}
    for interval in intervals:
        answer = interval.answer
        stop = interval.end or end
        if answer.status is not None:
            colour = STATUS_COLOURS[answer.status]
            hover = " · ".join(
                filter(
                    None,
                    [
                        status_label(answer.status, lang),
                        t("since", lang, date=format_date(answer.since, lang)),
                        answer.record_id,
                        t("last_reported", lang, date=format_date(answer.last_reported, lang)) if answer.stale else "",
                        t("contested_mark", lang) if answer.contested else "",
                    ],
                )
            )
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": [interval.start.isoformat(), stop.isoformat()],
                    "y": [0, 0],
                    "line": {"color": colour, "width": 22},
                    "opacity": 0.35 if answer.stale else 1,
                    "hovertemplate": escape(hover) + "<extra></extra>",
                    "showlegend": False,
                }
            )
            if answer.contested:
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "lines",
                        "x": [interval.start.isoformat(), stop.isoformat()],
                        "y": [0.3, 0.3],
                        "line": {"color": CONTESTED_STYLE["stroke"], "width": 3, "dash": "dash"},
                        "hoverinfo": "skip",
                        "showlegend": False,
                    }
                )
        if answer.plan is not None:
            plans[answer.plan.record_id] = answer.plan
    for plan in plans.values():
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [plan.planned.isoformat()],
                "y": [-0.45],
                "marker": {
                    "symbol": "diamond-open",
                    "size": 12,
                    "color": OVERDUE_RING["colour"] if plan.state == "overdue" else NO_STATUS_STYLE["stroke"],
                },
                "hovertemplate": escape(f"{plan.record_id}: {status_label(plan.status, lang)}") + "<extra></extra>",
                "showlegend": False,
            }
        )
    line = {"type": "line", "x0": selection.day.isoformat(), "x1": selection.day.isoformat(), "y0": 0, "y1": 1}
    return {
        "data": traces,
        "layout": {
            "height": 140,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 30},
            "yaxis": {"visible": False, "range": [-0.8, 0.6], "fixedrange": True},
            "xaxis": {"type": "date", "range": [prepared.span[0].isoformat(), end.isoformat()]},
            "shapes": [line | {"xref": "x", "yref": "paper", "line": {"color": "#C00000", "width": 2}}],
            "plot_bgcolor": "#ffffff",
        },
    }
