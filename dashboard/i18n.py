"""User-facing words in English and Arabic, and dates written for each language.

Everything the dashboard prints that is not data goes through `t()`, so a missing translation is a
KeyError caught by the tests rather than an English word left in the Arabic view.
"""
from __future__ import annotations

import datetime as dt

LANGUAGES = ("en", "ar")

STATUS_LABELS = {
    "active": {"en": "Active", "ar": "نشط"},
    "drawdown": {"en": "Drawing down", "ar": "تقليص"},
    "handed_over": {"en": "Handed over", "ar": "سُلِّم"},
    "consolidating": {"en": "Consolidating", "ar": "تجميع"},
    "advisory": {"en": "Advisory only", "ar": "استشاري فقط"},
    "watch": {"en": "Security gap", "ar": "فجوة أمنية"},
    "event": {"en": "Event", "ar": "حدث"},
}

CLAIM_LABELS = {
    "reported": {"en": "reported", "ar": "مُبلَّغ عنه"},
    "announced": {"en": "announced", "ar": "مُعلَن"},
    "planned": {"en": "planned", "ar": "مُخطَّط"},
    "assessed": {"en": "assessed (judgement)", "ar": "تقدير"},
}

TROOP_QUALIFIERS = {
    "about": {"en": "about", "ar": "نحو"},
    "under": {"en": "under", "ar": "أقل من"},
    "over": {"en": "over", "ar": "أكثر من"},
    "exact": {"en": "", "ar": ""},
    "": {"en": "", "ar": ""},
}

STRINGS = {
    "title": {"en": "US and coalition posture in Iraq, 2014-2026", "ar": "انتشار القوات الأمريكية والتحالف في العراق 2014-2026"},
    "as_of": {"en": "As of", "ar": "بتاريخ"},
    "date": {"en": "Date", "ar": "التاريخ"},
    "previous": {"en": "◀ Previous change", "ar": "التغيير السابق ▶"},
    "next": {"en": "Next change ▶", "ar": "◀ التغيير التالي"},
    "play": {"en": "▶ Play", "ar": "▶ تشغيل"},
    "stop": {"en": "■ Stop", "ar": "■ إيقاف"},
    "provinces": {"en": "Governorates", "ar": "المحافظات"},
    "all_provinces": {"en": "All governorates", "ar": "كل المحافظات"},
    "language": {"en": "Language", "ar": "اللغة"},
    "known_then": {"en": "As known then", "ar": "كما عُرف حينها"},
    "known_then_help": {"en": "Hide records whose source was published after the selected date.",
                        "ar": "إخفاء السجلات التي نُشر مصدرها بعد التاريخ المحدد."},
    "tiles": {"en": "Online map tiles (OpenStreetMap)", "ar": "خرائط أساس عبر الإنترنت (OpenStreetMap)"},
    "tiles_warning": {"en": "Tiles are fetched from openstreetmap.org: that third party sees which area you view.",
                      "ar": "تُجلب الخرائط من openstreetmap.org: يرى هذا الطرف الثالث المنطقة التي تعرضها."},
    "timeline": {"en": "Timeline", "ar": "الخط الزمني"},
    "table_cut": {"en": "The first {n} of {total} records; the CSV under Downloads has them all.",
                  "ar": "أول {n} من {total} سجلًا؛ ملف CSV في التنزيلات يضمها كلها."},
    "source_cut": {"en": "The first {n} of the {total} records citing this source are listed.",
                   "ar": "تُعرض أول {n} من {total} سجلًا تستشهد بهذا المصدر."},
    "timeline_empty": {"en": "No record in view yet: nothing to draw on the timeline.",
                       "ar": "لا سجل ضمن العرض بعد: لا شيء يُرسم على الخط الزمني."},
    "timeline_cut": {"en": "The timeline shows the first {n} of {total} places; choose provinces to see the others.",
                     "ar": "يعرض الخط الزمني أول {n} من {total} موقعًا؛ اختر محافظات لرؤية البقية."},
    "force_level": {"en": "US troops in Iraq", "ar": "عدد القوات الأمريكية في العراق"},
    "in_effect": {"en": "Records in effect", "ar": "السجلات السارية"},
    "sources": {"en": "Sources", "ar": "المصادر"},
    "what_changed": {"en": "What changed", "ar": "ما الذي تغيّر"},
    "no_change": {"en": "No change on this date.", "ar": "لا تغيير في هذا التاريخ."},
    "empty_selection": {"en": "No site lies in the selected governorates. Clear the filter or pick others.",
                        "ar": "لا يوجد موقع في المحافظات المختارة. أزل التصفية أو اختر غيرها."},
    "sites_shown": {"en": "{n} of {total} places shown", "ar": "عرض {n} من {total} موقعًا"},
    "pending": {"en": "pending", "ar": "معلّق"},
    "planned_for": {"en": "planned for {date}", "ar": "مخطط في {date}"},
    "overdue": {"en": "overdue, unconfirmed (planned for {date})", "ar": "تجاوز موعده دون تأكيد (كان مخططًا في {date})"},
    "no_status": {"en": "no posture recorded yet", "ar": "لا انتشار مسجل بعد"},
    "since": {"en": "since {date}", "ar": "منذ {date}"},
    "moved_to": {"en": "moving to {place}", "ar": "انتقال إلى {place}"},
    "legend": {"en": "Legend", "ar": "مفتاح الخريطة"},
    "legend_pending": {"en": "Planned change (not fact)", "ar": "تغيير مخطط (ليس واقعًا)"},
    "legend_overdue": {"en": "Planned date passed, unconfirmed", "ar": "فات الموعد المخطط دون تأكيد"},
    "legend_move": {"en": "Forces or equipment moving", "ar": "نقل قوات أو معدات"},
    "source_line": {"en": "Sources: {names}", "ar": "المصادر: {names}"},
    "col_date": {"en": "Date", "ar": "التاريخ"},
    "col_site": {"en": "Place", "ar": "الموقع"},
    "col_status": {"en": "Status", "ar": "الحالة"},
    "col_claim": {"en": "Claim", "ar": "نوع الادعاء"},
    "col_summary": {"en": "Summary", "ar": "الملخص"},
    "col_quote": {"en": "Quote (verbatim)", "ar": "الاقتباس الحرفي"},
    "col_source": {"en": "Source", "ar": "المصدر"},
    "col_note": {"en": "Note", "ar": "ملاحظة"},
    "col_published": {"en": "Published", "ar": "تاريخ النشر"},
    "col_publisher": {"en": "Publisher", "ar": "الناشر"},
    "national": {"en": "Iraq (national)", "ar": "العراق (على المستوى الوطني)"},
    "invalid_data": {"en": "The data failed validation; the dashboard cannot be drawn until it is fixed.",
                     "ar": "فشل التحقق من البيانات؛ لا يمكن عرض اللوحة حتى تُصحح."},
    "change_sentence": {"en": "{site}: {before} → {after}", "ar": "{site}: {before} ← {after}"},
    "change_new": {"en": "{site}: now {after}", "ar": "{site}: أصبح {after}"},
    "change_gone": {"en": "{site}: no longer {before}", "ar": "{site}: لم يعد {before}"},
    "between": {"en": "Between {start} and {end}:", "ar": "بين {start} و{end}:"},
    "records_on": {"en": "New records:", "ar": "سجلات جديدة:"},
    "compare": {"en": "Compare two dates", "ar": "مقارنة تاريخين"},
    "compare_previous": {"en": "Compare with previous change", "ar": "قارن بالتغيير السابق"},
    "compare_leave": {"en": "Back to one map", "ar": "العودة إلى خريطة واحدة"},
    "compare_before": {"en": "Before", "ar": "قبل"},
    "changes_between": {"en": "Changes from {start} to {end}", "ar": "التغييرات من {start} إلى {end}"},
    "downloads": {"en": "Downloads", "ar": "التنزيلات"},
    "download_csv": {"en": "Records in view (CSV)", "ar": "السجلات المعروضة (CSV)"},
    "download_geojson": {"en": "Sites with status (GeoJSON)", "ar": "المواقع وحالاتها (GeoJSON)"},
    "download_png": {"en": "Download slide (PNG)", "ar": "تنزيل شريحة (PNG)"},
    "download_gif": {"en": "Download animation (GIF)", "ar": "تنزيل رسم متحرك (GIF)"},
    "download_merged": {"en": "All records with my uploads (CSV)", "ar": "كل السجلات مع ما رفعته (CSV)"},
    "upload": {"en": "Add your own records", "ar": "أضف سجلاتك"},
    "upload_help": {"en": "Files stay in this browser session only and are never saved. Their quotes are not "
                          "checked against the seed documents.",
                    "ar": "تبقى الملفات في جلسة المتصفح هذه فقط ولا تُحفظ. لا يُتحقق من اقتباساتها مقابل الوثائق المصدرية."},
    "upload_records": {"en": "Records CSV (same columns as data/posture.csv)",
                       "ar": "ملف السجلات CSV (بأعمدة data/posture.csv نفسها)"},
    "upload_sites": {"en": "Sites GeoJSON (optional)", "ar": "ملف المواقع GeoJSON (اختياري)"},
    "upload_sources": {"en": "Sources CSV (optional)", "ar": "ملف المصادر CSV (اختياري)"},
    "upload_active": {"en": "Showing {n} user-supplied records and {sites} user-supplied sites, for this session only.",
                      "ar": "تُعرض {n} سجلات و{sites} مواقع من المستخدم، لهذه الجلسة فقط."},
    "upload_problems": {"en": "{n} problems in the uploaded files (those rows are not used)",
                        "ar": "{n} مشكلات في الملفات المرفوعة (لم تُستخدم تلك الصفوف)"},
    "user_supplied": {"en": "user-supplied", "ar": "من المستخدم"},
    "col_origin": {"en": "Origin", "ar": "المصدر الأصلي"},
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    # The Levantine/Iraqi month name first, the Egyptian one after, as the seed documents write them.
    "ar": ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
           "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
           "كانون الأول/ديسمبر"],
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from `values`."""
    return STRINGS[key][check_language(lang)].format(**values)


def status_label(status: str | None, lang: str) -> str:
    if status is None:
        return t("no_status", lang)
    return STATUS_LABELS[status][check_language(lang)]


def claim_label(claim: str, lang: str) -> str:
    return CLAIM_LABELS[claim][check_language(lang)]


def troops_label(troops: int, qualifier: str, lang: str) -> str:
    """'under 2,000' or 'أقل من 2,000'."""
    return f"{TROOP_QUALIFIERS[qualifier][check_language(lang)]} {troops:,}".strip()


def format_date(day: dt.date, lang: str, precision: str = "day") -> str:
    """A date for people: '27 September 2024', 'September 2025' or '2014' in English, the same in Arabic."""
    month = MONTHS[check_language(lang)][day.month - 1]
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{month} {day.year}"
    return f"{day.day} {month} {day.year}"


def text_direction(lang: str) -> str:
    return "rtl" if check_language(lang) == "ar" else "ltr"
