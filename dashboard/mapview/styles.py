"""How each posture status looks on the map, and the map's words in English and Arabic.

The browser script reads these tables from the data the base map ships, so Python is
the only place a colour, shape or label is written down.
"""

from __future__ import annotations

from dashboard.i18n import CLAIM_LABELS, STATUS_LABELS, t
from dashboard.style import MOVE_LINE, NO_STATUS_STYLE, OVERDUE_RING, PENDING_RING, STATUS_STYLES


def _map_style(style: dict) -> dict:
    # sitemap.js names shapes with underscores, and draws "no status" as a ring.
    shape = "ring" if style["shape"] == "circle-open" else style["shape"].replace("-", "_")
    return {"shape": shape, "color": style["colour"], "stroke": style["stroke"], "dash": style["dash"]}


# Points take `shape` filled with `color` under a dark outline; zones (polygons), which
# cannot change shape, take a translucent `color` fill and a `stroke` outline dashed by `dash`.
# The colours and shapes themselves are written down once, in dashboard/style.py.
POINT_AND_ZONE_STYLES: dict[str, dict[str, str | None]] = {
    status: _map_style(style) for status, style in STATUS_STYLES.items()
} | {"none": _map_style(NO_STATUS_STYLE)}

STATUSES: tuple[str, ...] = tuple(STATUS_STYLES)

PLAN_STYLES: dict[str, dict[str, str | float]] = {
    name: {"dash": ring["dash"], "weight": ring["weight"], "color": ring["colour"]}
    for name, ring in (("pending", PENDING_RING), ("overdue", OVERDUE_RING))
}

MOVE_STYLE: dict[str, str | float] = {"color": MOVE_LINE["colour"], "dash": MOVE_LINE["dash"],
                                      "weight": MOVE_LINE["weight"]}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "active": "Active",
        "drawdown": "Drawdown",
        "handed_over": "Handed over",
        "consolidating": "Consolidating",
        "advisory": "Advisory",
        "watch": "Watch",
        "none": "No posture recorded",
        "pending": "Planned change (pending)",
        "overdue": "Planned change overdue",
        "move": "Repositioning under way",
        "as_of": "As of",
        "since": "since",
        "planned_for": "planned for",
        "claim": "Claim",
        "source": "Source",
        "legend": "Legend",
        "reported": "reported",
        "announced": "announced",
        "planned": "planned",
        "assessed": "assessed",
        "comma": ",",
    },
    "ar": {
        "active": "نشط",
        "drawdown": "تقليص",
        "handed_over": "سُلِّم",
        "consolidating": "تجميع القوات",
        "advisory": "استشاري",
        "watch": "مراقبة",
        "none": "لا وجود مسجَّل",
        "pending": "تغيير مخطَّط (منتظر)",
        "overdue": "تغيير مخطَّط متأخر",
        "move": "إعادة تموضع جارية",
        "as_of": "بتاريخ",
        "since": "منذ",
        "planned_for": "مخطَّط في",
        "claim": "نوع الادعاء",
        "source": "المصدر",
        "legend": "مفتاح الخريطة",
        "reported": "مُبلَّغ عنه",
        "announced": "مُعلَن",
        "planned": "مخطَّط",
        "assessed": "تقدير",
        "comma": "،",
    },
}


def _labels(lang: str) -> dict[str, str]:
    labels = dict(LABELS[lang])
    labels.update({status: names[lang] for status, names in STATUS_LABELS.items() if status in STATUSES})
    labels.update({claim: names[lang] for claim, names in CLAIM_LABELS.items()})
    labels.update(none=t("no_status", lang), pending=t("legend_pending", lang), overdue=t("legend_overdue", lang),
                  move=t("legend_move", lang), legend=t("legend", lang), as_of=t("as_of", lang))
    return labels


def style_table(lang: str) -> dict:
    """The styles and labels the browser script needs, for one interface language."""
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(LABELS)}")
    return {
        "lang": lang,
        "order": list(POINT_AND_ZONE_STYLES),  # legend order; JSON objects do not keep one
        "status": POINT_AND_ZONE_STYLES,
        "plan": PLAN_STYLES,
        "move": MOVE_STYLE,
        "labels": _labels(lang),
    }
