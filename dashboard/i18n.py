"""Every word the dashboard prints that is not data, in English and Arabic: the one catalogue.

The page, the map's browser script (through `map_labels`), the tables, the warnings, the slides and the
exports all take their words from here, so a missing translation is a KeyError caught by the tests
rather than an English word left in the Arabic view.

An entry is {"en": text, "ar": text}; a text counting something is a dict of CLDR plural forms
("zero", "one", "two", "few", "many", "other"), chosen by the value named in the entry's "count" (default
"n") with Babel's plural rules: Arabic has six forms, English two.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale

from dashboard import vocabulary as v

LANGUAGES = ("en", "ar")

# ---- the vocabularies' words ---------------------------------------------------------------------
STATUS_LABELS = {
    "active": {"en": "Active", "ar": "نشط"},
    "drawdown": {"en": "Drawing down", "ar": "تقليص"},
    "handed_over": {"en": "Handed over", "ar": "سُلِّم"},
    "consolidating": {"en": "Consolidating", "ar": "تجميع"},
    "advisory": {"en": "Advisory only", "ar": "استشاري فقط"},
    "support": {"en": "Support presence only", "ar": "وجود دعم فقط"},
    "watch": {"en": "Security gap", "ar": "فجوة أمنية"},
    "event": {"en": "Event", "ar": "حدث"},
    "incident": {"en": "Incident", "ar": "حادث"},
}
CLAIM_LABELS = {
    "reported": {"en": "reported", "ar": "مُبلَّغ عنه"},
    "announced": {"en": "announced", "ar": "مُعلَن"},
    "planned": {"en": "planned", "ar": "مُخطَّط"},
    "assessed": {"en": "assessed (judgement)", "ar": "تقدير"},
}
GRADE_LABELS = {
    "A": {"en": "A: confirmed (several outlets or official)", "ar": "أ: مؤكَّد (عدة مصادر أو بيان رسمي)"},
    "B": {"en": "B: one outlet", "ar": "ب: مصدر واحد"},
    "C": {"en": "C: unconfirmed or disputed", "ar": "ج: غير مؤكَّد أو متنازع عليه"},
}
GRADE_LETTERS = {"A": {"en": "A", "ar": "أ"}, "B": {"en": "B", "ar": "ب"}, "C": {"en": "C", "ar": "ج"}}
ROLE_LABELS = {
    "status": {"en": "sets the status", "ar": "يحدد الحالة"},
    "pending": {"en": "planned, pending", "ar": "مخطط، لم يحن موعده"},
    "overdue": {"en": "planned, date passed", "ar": "مخطط، فات موعده"},
    "confirmed": {"en": "planned, confirmed", "ar": "مخطط، تأكّد تنفيذه"},
    "disputes": {"en": "disputes the status", "ar": "يعارض الحالة"},
    "force level": {"en": "force level", "ar": "عدد القوات"},
    "target": {"en": "announced target", "ar": "هدف معلن"},
    "incident": {"en": "recent incident", "ar": "حادث قريب"},
    "": {"en": "", "ar": ""},
}
TROOP_QUALIFIERS = {
    "about": {"en": "about", "ar": "نحو"},
    "under": {"en": "under", "ar": "أقل من"},
    "over": {"en": "over", "ar": "أكثر من"},
    "exact": {"en": "", "ar": ""},
    "": {"en": "", "ar": ""},
}
SOURCE_KIND_LABELS = {
    "seed": {"en": "source document", "ar": "وثيقة مصدرية"},
    "web": {"en": "web page", "ar": "صفحة ويب"},
}
SITE_KIND_LABELS = {
    "air_base": {"en": "air base", "ar": "قاعدة جوية"},
    "airport": {"en": "airport", "ar": "مطار"},
    "garrison": {"en": "garrison", "ar": "حامية"},
    "hq": {"en": "headquarters", "ar": "مقر قيادة"},
    "outpost": {"en": "outpost", "ar": "موقع متقدم"},
    "zone": {"en": "zone", "ar": "منطقة"},
    "border_area": {"en": "border area", "ar": "منطقة حدودية"},
    "region": {"en": "region", "ar": "إقليم"},
}
ORIGIN_LABELS = {v.CURATED: {"en": "", "ar": ""}, v.USER_SUPPLIED: {"en": "user-supplied", "ar": "من المستخدم"}}

# ---- page, map, tables, warnings -----------------------------------------------------------------
STRINGS = {
    "title": {
        "en": "US and coalition posture in Iraq, 2014 to today",
        "ar": "انتشار القوات الأمريكية والتحالف في العراق من 2014 حتى اليوم",
    },
    "as_of": {"en": "As of", "ar": "بتاريخ"},
    "previous": {"en": "◀ Previous change", "ar": "التغيير السابق ▶"},
    "next": {"en": "Next change ▶", "ar": "◀ التغيير التالي"},
    "play": {"en": "▶ Play", "ar": "▶ تشغيل"},
    "stop": {"en": "■ Stop", "ar": "■ إيقاف"},
    "today": {"en": "Today", "ar": "اليوم"},
    "scrubber_label": {"en": "Scrub the map through time", "ar": "مرِّر الخريطة عبر الزمن"},
    "scrubber_speed": {"en": "Play speed", "ar": "سرعة التشغيل"},
    "scrubber_keys": {
        "en": "Drag, or arrow keys for a day, Page Up/Down from change to change",
        "ar": "اسحب، أو استخدم مفاتيح الأسهم ليوم واحد، و\u2066Page Up/Down\u2069 للانتقال من تغيير إلى تغيير",
    },
    "story": {"en": "Guided story", "ar": "قصة موجَّهة"},
    "story_open": {"en": "▶ Guided story", "ar": "▶ قصة موجَّهة"},
    "story_chapter": {"en": "Chapter {n} of {total}", "ar": "الفصل {n} من {total}"},
    "story_previous": {"en": "◀ Previous chapter", "ar": "الفصل السابق ▶"},
    "story_next": {"en": "Next chapter ▶", "ar": "◀ الفصل التالي"},
    "story_leave": {"en": "Explore this date on the map", "ar": "استكشف هذا التاريخ على الخريطة"},
    "story_records": {"en": "The records this chapter rests on", "ar": "السجلات التي يستند إليها هذا الفصل"},
    "story_none": {
        "en": "This data has no guided story (data/story.csv).",
        "ar": "لا تتضمن هذه البيانات قصة موجَّهة (data/story.csv).",
    },
    "future_note": {"en": "(after today: only what is planned)", "ar": "(بعد اليوم: المخطط فقط)"},
    "provinces": {"en": "Governorates", "ar": "المحافظات"},
    "all_provinces": {"en": "All governorates", "ar": "كل المحافظات"},
    "language": {"en": "Language", "ar": "اللغة"},
    "known_then": {"en": "As known then", "ar": "كما عُرف حينها"},
    "names_on_map": {"en": "Names on the map", "ar": "الأسماء على الخريطة"},
    "known_then_help": {
        "en": "Hide records whose sources were all published after the selected date.",
        "ar": "إخفاء السجلات التي نُشرت كل مصادرها بعد التاريخ المحدد.",
    },
    "tiles": {"en": "Online map tiles (OpenStreetMap)", "ar": "خرائط أساس عبر الإنترنت (OpenStreetMap)"},
    "tiles_warning": {
        "en": "Tiles are fetched from openstreetmap.org: that third party sees which area you view.",
        "ar": "تُجلب الخرائط من openstreetmap.org: يرى هذا الطرف الثالث المنطقة التي تعرضها.",
    },
    "timeline": {"en": "Timeline", "ar": "الخط الزمني"},
    "table_cut": {
        "count": "total",
        "en": {
            "one": "The first {n} of {total} record; the CSV under Downloads has it.",
            "other": "The first {n} of {total} records; the CSV under Downloads has them all.",
        },
        "ar": {
            "zero": "أول {n} من {total} سجل؛ ملف CSV في التنزيلات يضمها كلها.",
            "one": "أول {n} من سجل واحد؛ ملف CSV في التنزيلات يضمه.",
            "two": "أول {n} من سجلين؛ ملف CSV في التنزيلات يضمهما.",
            "few": "أول {n} من {total} سجلات؛ ملف CSV في التنزيلات يضمها كلها.",
            "many": "أول {n} من {total} سجلًا؛ ملف CSV في التنزيلات يضمها كلها.",
            "other": "أول {n} من {total} سجل؛ ملف CSV في التنزيلات يضمها كلها.",
        },
    },
    "source_cut": {
        "count": "total",
        "en": {
            "one": "The first {n} of the {total} record citing this source is listed.",
            "other": "The first {n} of the {total} records citing this source are listed.",
        },
        "ar": {
            "zero": "تُعرض أول {n} من {total} سجل تستشهد بهذا المصدر.",
            "one": "يُعرض أول {n} من سجل واحد يستشهد بهذا المصدر.",
            "two": "تُعرض أول {n} من سجلين يستشهدان بهذا المصدر.",
            "few": "تُعرض أول {n} من {total} سجلات تستشهد بهذا المصدر.",
            "many": "تُعرض أول {n} من {total} سجلًا تستشهد بهذا المصدر.",
            "other": "تُعرض أول {n} من {total} سجل تستشهد بهذا المصدر.",
        },
    },
    "controls_after_map": {
        "en": "The controls appear once the map is up.",
        "ar": "تظهر أدوات التحكم بعد ظهور الخريطة.",
    },
    "records_after_map": {
        "en": "The records in effect and the downloads appear once the map is up.",
        "ar": "تُعرض السجلات السارية والتنزيلات بعد ظهور الخريطة.",
    },
    "timeline_after_map": {
        "en": "The timeline is drawn once the map is up.",
        "ar": "يُرسم الخط الزمني بعد ظهور الخريطة.",
    },
    "timeline_empty": {
        "en": "No record in view yet: nothing to draw on the timeline.",
        "ar": "لا سجل ضمن العرض بعد: لا شيء يُرسم على الخط الزمني.",
    },
    "timeline_cut": {
        "count": "total",
        "en": {
            "one": "The timeline shows the first {n} of {total} place.",
            "other": "The timeline shows the first {n} of {total} places; choose governorates to see the others.",
        },
        "ar": {
            "zero": "يعرض الخط الزمني أول {n} من {total} موقع.",
            "one": "يعرض الخط الزمني أول {n} من موقع واحد.",
            "two": "يعرض الخط الزمني أول {n} من موقعين.",
            "few": "يعرض الخط الزمني أول {n} من {total} مواقع؛ اختر محافظات لرؤية البقية.",
            "many": "يعرض الخط الزمني أول {n} من {total} موقعًا؛ اختر محافظات لرؤية البقية.",
            "other": "يعرض الخط الزمني أول {n} من {total} موقع؛ اختر محافظات لرؤية البقية.",
        },
    },
    "force_level": {"en": "US troops in Iraq (reported)", "ar": "عدد القوات الأمريكية في العراق (المُبلَّغ عنه)"},
    "force_level_since": {"en": "reported {date}", "ar": "أُبلغ عنه في {date}"},
    "target": {"en": "Announced target: {troops} ({date})", "ar": "الهدف المعلن: {troops} ({date})"},
    "in_effect": {"en": "Records in effect", "ar": "السجلات السارية"},
    "sources": {"en": "Sources", "ar": "المصادر"},
    "what_changed": {"en": "What changed", "ar": "ما الذي تغيّر"},
    "no_change": {"en": "No change on this date.", "ar": "لا تغيير في هذا التاريخ."},
    "empty_selection": {
        "en": "No site lies in the selected governorates. Clear the filter or pick others.",
        "ar": "لا يوجد موقع في المحافظات المختارة. أزل التصفية أو اختر غيرها.",
    },
    "sites_shown": {
        "count": "total",
        "en": {"one": "{n} of {total} place shown", "other": "{n} of {total} places shown"},
        "ar": {
            "zero": "عرض {n} من {total} موقع",
            "one": "عرض {n} من موقع واحد",
            "two": "عرض {n} من موقعين",
            "few": "عرض {n} من {total} مواقع",
            "many": "عرض {n} من {total} موقعًا",
            "other": "عرض {n} من {total} موقع",
        },
    },
    "planned_for": {"en": "planned for {date}", "ar": "مخطط في {date}"},
    "no_status": {"en": "no posture recorded yet", "ar": "لا انتشار مسجل بعد"},
    "since": {"en": "since {date}", "ar": "منذ {date}"},
    "legend": {"en": "Legend", "ar": "مفتاح الخريطة"},
    "legend_pending": {"en": "Planned change (not fact)", "ar": "تغيير مخطط (ليس واقعًا)"},
    "legend_overdue": {"en": "Planned date passed, unconfirmed", "ar": "فات الموعد المخطط دون تأكيد"},
    "legend_confirmed": {"en": "Plan confirmed by a later record", "ar": "خطة أكّد تنفيذَها سجلٌّ لاحق"},
    "legend_stale": {"en": "No report for {days}+ days", "ar": "لا تقرير منذ {days}+ يومًا"},
    "legend_contested": {"en": "Contested: sources disagree", "ar": "متنازع عليه: المصادر مختلفة"},
    "plan_pending": {"en": "Planned change (not fact)", "ar": "تغيير مخطط (ليس واقعًا)"},
    "plan_overdue": {"en": "Planned, date passed unconfirmed", "ar": "مخطط، فات موعده دون تأكيد"},
    "plan_confirmed": {"en": "Planned, confirmed by {record}", "ar": "مخطط، أكّده {record}"},
    "last_reported": {"en": "last reported {date}", "ar": "آخر تقرير في {date}"},
    "last_report_line": {"en": "Last report about this place: {date}", "ar": "آخر تقرير عن هذا الموقع: {date}"},
    "forces_of": {"en": "Forces: {forces}", "ar": "القوات: {forces}"},
    "forces_coalition": {"en": "the coalition (no nation named)", "ar": "التحالف (دون تسمية دولة)"},
    "contested_by": {"en": "Disputed by:", "ar": "تعارضه السجلات:"},
    "contested_mark": {"en": "contested", "ar": "متنازع عليه"},
    "full_history": {"en": "Full history of this place", "ar": "السجل الكامل لهذا الموقع"},
    "legend_move": {"en": "Forces or equipment moving", "ar": "نقل قوات أو معدات"},
    "legend_incident": {"en": "Incident (last 30 days)", "ar": "حادث (آخر 30 يومًا)"},
    "legend_unconfirmed": {"en": "Grade C: unconfirmed", "ar": "الدرجة ج: غير مؤكَّد"},
    "unconfirmed": {"en": "unconfirmed", "ar": "غير مؤكَّد"},
    "grade": {"en": "Grade", "ar": "الدرجة"},
    "claim": {"en": "Claim", "ar": "نوع الادعاء"},
    "source": {"en": "Source", "ar": "المصدر"},
    "quote_label": {"en": "Quote", "ar": "اقتباس"},
    "official": {"en": "official statement", "ar": "بيان رسمي"},
    "map_error": {"en": "Map data could not be loaded: {reason}", "ar": "تعذّر تحميل بيانات الخريطة: {reason}"},
    "map_loading": {"en": "Loading the records’ words…", "ar": "جارٍ تحميل نصوص السجلات…"},
    "map_text_error": {
        "en": "The records’ words could not be loaded: {reason}",
        "ar": "تعذّر تحميل نصوص السجلات: {reason}",
    },
    "map_site_hint": {
        "en": "{name}: {status}. Press Enter for the evidence.",
        "ar": "{name}: {status}. اضغط Enter لعرض الأدلة.",
    },
    "silent_since": {
        "en": "No report since {date}: the record is silent after that, which does not mean nothing happened.",
        "ar": "لا تقرير منذ {date}: السجل صامت بعد ذلك، وهذا لا يعني أن شيئًا لم يحدث.",
    },
    "research_gap": {
        "en": "Looked for and not found (research to {date})",
        "ar": "بُحث عنه ولم يُعثر عليه (بحث حتى {date})",
    },
    "source_line": {"en": "Sources: {names}", "ar": "المصادر: {names}"},
    "source_summary": {
        "en": "Sources: {pages} pages from {outlets} outlets; most cited: {names}; {more} more are "
        "listed under Sources and in the CSV download.",
        "ar": "المصادر: عدد الصفحات {pages} من {outlets} جهة نشر؛ الأكثر استشهادًا: {names}؛ وتُذكر "
        "البقية ({more}) في تبويب المصادر وفي تنزيل CSV.",
    },
    "col_record_id": {"en": "Record", "ar": "السجل"},
    "col_date": {"en": "Date", "ar": "التاريخ"},
    "col_site": {"en": "Place", "ar": "الموقع"},
    "col_status": {"en": "Status", "ar": "الحالة"},
    "col_claim": {"en": "Claim", "ar": "نوع الادعاء"},
    "col_grade": {"en": "Grade", "ar": "الدرجة"},
    "col_role": {"en": "Role", "ar": "الدور"},
    "col_summary": {"en": "Summary", "ar": "الملخص"},
    "col_quote": {"en": "Quotes (verbatim)", "ar": "الاقتباسات الحرفية"},
    "col_sources": {"en": "Sources", "ar": "المصادر"},
    "col_source": {"en": "Source", "ar": "المصدر"},
    "col_note": {"en": "Note", "ar": "ملاحظة"},
    "col_published": {"en": "Published", "ar": "تاريخ النشر"},
    "col_publisher": {"en": "Publisher", "ar": "الناشر"},
    "col_url": {"en": "Address", "ar": "العنوان"},
    "col_kind": {"en": "Kind", "ar": "النوع"},
    "col_consulted": {"en": "Consulted", "ar": "تاريخ الاطلاع"},
    "col_origin": {"en": "Origin", "ar": "المنشأ"},
    "col_forces": {"en": "Forces", "ar": "القوات"},
    "col_confirms": {"en": "Confirms plan", "ar": "يؤكد الخطة"},
    "col_disputes": {"en": "Disputes", "ar": "يعارض"},
    "col_disputed_by": {"en": "Disputed by", "ar": "تعارضه"},
    "slide_crowded": {
        "en": "Also marked, unnamed for lack of room: {names}",
        "ar": "مواقع أخرى مُعلَّمة بلا اسم لضيق المساحة: {names}",
    },
    "dossier_title": {"en": "Full history: {name}", "ar": "السجل الكامل: {name}"},
    "dossier_where": {"en": "{kind} in {province}. {note}", "ar": "{kind} في {province}. {note}"},
    "dossier_strip": {
        "en": "Status over time, as the map shows it (faded: stale; purple line: contested; diamonds: plans)",
        "ar": "الحالة عبر الزمن كما تعرضها الخريطة (باهت: تقرير قديم؛ خط بنفسجي: متنازع عليه؛ معيّنات: خطط)",
    },
    "dossier_records": {
        "en": {"one": "{n} record about this place", "other": "{n} records about this place"},
        "ar": {
            "zero": "لا سجلات عن هذا الموقع",
            "one": "سجل واحد عن هذا الموقع",
            "two": "سجلان عن هذا الموقع",
            "few": "{n} سجلات عن هذا الموقع",
            "many": "{n} سجلًا عن هذا الموقع",
            "other": "{n} سجل عن هذا الموقع",
        },
    },
    "dossier_download": {"en": "Download this history (CSV)", "ar": "تنزيل هذا السجل (CSV)"},
    "dossier_back": {"en": "Back to the map", "ar": "العودة إلى الخريطة"},
    "dossier_open": {"en": "Open its full history", "ar": "فتح سجله الكامل"},
    "dossier_pick": {"en": "Full history of a place", "ar": "السجل الكامل لموقع"},
    "national": {"en": "Iraq and region (national)", "ar": "العراق والمنطقة (على المستوى الوطني)"},
    "static_serving_off": {
        "en": "The map's files cannot be served: start the dashboard with `make run`, or with "
        "`streamlit run dashboard/app.py` from the repository's folder (its .streamlit/config.toml turns "
        "static serving on).",
        "ar": "لا يمكن تقديم ملفات الخريطة: شغّل اللوحة بالأمر `make run`، أو بالأمر "
        "`streamlit run dashboard/app.py` من مجلد المستودع (يفعّل ملفه ‎.streamlit/config.toml تقديم الملفات الثابتة).",
    },
    "invalid_data": {
        "en": "The data failed validation; the dashboard cannot be drawn until it is fixed.",
        "ar": "فشل التحقق من البيانات؛ لا يمكن عرض اللوحة حتى تُصحح.",
    },
    "change_sentence": {"en": "{site}: {before} → {after}", "ar": "{site}: {before} ← {after}"},
    "change_new": {"en": "{site}: now {after}", "ar": "{site}: أصبح {after}"},
    "change_gone": {"en": "{site}: no longer {before}", "ar": "{site}: لم يعد {before}"},
    "between": {"en": "Between {start} and {end}:", "ar": "بين {start} و{end}:"},
    "records_on": {"en": "New records:", "ar": "سجلات جديدة:"},
    "compare_previous": {"en": "Compare with previous change", "ar": "قارن بالتغيير السابق"},
    "compare_leave": {"en": "Back to one map", "ar": "العودة إلى خريطة واحدة"},
    "compare_before": {"en": "Before", "ar": "قبل"},
    "changes_between": {"en": "Changes from {start} to {end}", "ar": "التغييرات من {start} إلى {end}"},
    "downloads": {"en": "Downloads", "ar": "التنزيلات"},
    "download_csv": {"en": "Records in view (CSV)", "ar": "السجلات المعروضة (CSV)"},
    "download_geojson": {"en": "Sites with status (GeoJSON)", "ar": "المواقع وحالاتها (GeoJSON)"},
    "download_gpkg": {
        "en": "Status over time for GIS (GeoPackage)",
        "ar": "الحالات عبر الزمن لنظم المعلومات الجغرافية (GeoPackage)",
    },
    "download_kml": {"en": "Status over time for Google Earth (KML)", "ar": "الحالات عبر الزمن لـ Google Earth (KML)"},
    "gis_whole_span": {
        "en": "The GeoPackage and KML hold the whole record over time, not only the date shown: "
        "each site's status intervals, which a GIS time slider plays.",
        "ar": "يحوي ملفا GeoPackage و KML السجل كله عبر الزمن، لا التاريخ المعروض وحده: "
        "فترات حالة كل موقع، التي يعرضها شريط الزمن في نظم المعلومات الجغرافية.",
    },
    "kml_description": {
        "en": "Each placemark is a site's status over one interval of time (its TimeSpan); "
        "built from the record as it stood on {today}. Sources and quotes: the GeoPackage or CSV export.",
        "ar": "كل علامة هي حالة موقع خلال فترة زمنية واحدة (TimeSpan)؛ "
        "بُنيت من السجل كما كان في {today}. المصادر والاقتباسات: في تصدير GeoPackage أو CSV.",
    },
    "download_standalone": {"en": "Interactive map, one file (HTML)", "ar": "خريطة تفاعلية في ملف واحد (HTML)"},
    "standalone_known_then": {
        "en": "The one-file map shows the whole record; turn off “as known then” to download it.",
        "ar": "تعرض الخريطة ذات الملف الواحد السجل كله؛ أوقف «كما عُرف حينها» لتنزيلها.",
    },
    "standalone_built": {
        "en": "Built on {today} from {records} records and {sources} sources; the latest report is dated "
        "{last}. Open a site for its records, grades and sources. Works offline: nothing is loaded from elsewhere.",
        "ar": "أُعدّ في {today} من {records} سجلاً و{sources} مصدراً؛ أحدث تقرير مؤرخ في {last}. "
        "افتح موقعاً لترى سجلاته ودرجاتها ومصادرها. يعمل دون اتصال: لا يُحمَّل شيء من خارجه.",
    },
    "download_png": {"en": "Download slide (PNG)", "ar": "تنزيل شريحة (PNG)"},
    "download_gif": {"en": "Download animation (GIF)", "ar": "تنزيل رسم متحرك (GIF)"},
    "download_merged": {"en": "All records with my uploads (CSV)", "ar": "كل السجلات مع ما رفعته (CSV)"},
    "gif_thinned": {
        "en": "The animation shows {n} of the {total} change dates, evenly spread.",
        "ar": "يعرض الرسم المتحرك {n} من تواريخ التغيير البالغة {total}، موزعة بانتظام.",
    },
    # A heavy download is built in a worker first (dashboard/builds.py): queued, then running, then saved.
    "build_queued": {
        "count": "n",
        "en": {
            "one": "Queued: {n} file is being built before this one.",
            "other": "Queued: {n} files are being built before this one.",
        },
        "ar": {
            "zero": "في الانتظار.",
            "one": "في الانتظار: يُبنى ملف واحد قبل هذا.",
            "two": "في الانتظار: يُبنى ملفان قبل هذا.",
            "few": "في الانتظار: تُبنى {n} ملفات قبل هذا.",
            "many": "في الانتظار: يُبنى {n} ملفًا قبل هذا.",
            "other": "في الانتظار: يُبنى {n} ملف قبل هذا.",
        },
    },
    "build_running": {"en": "Building {file}…", "ar": "يُبنى {file}…"},
    "build_progress": {"en": "Building {file}: {done} of {total}", "ar": "يُبنى {file}: {done} من {total}"},
    "build_cancel": {"en": "Cancel", "ar": "إلغاء"},
    "build_cancelled": {"en": "Cancelled: {file} was not built.", "ar": "أُلغي: لم يُبنَ {file}."},
    "build_failed": {"en": "{file} could not be built: {error}", "ar": "تعذّر بناء {file}: {error}"},
    "build_save": {"en": "Save {file}", "ar": "احفظ {file}"},
    "build_lost": {
        "en": "The server restarted while these files were being built, and they were lost: {names}. "
        "Press their buttons again.",
        "ar": "أُعيد تشغيل الخادم أثناء بناء هذه الملفات فضاعت: {names}. اضغط أزرارها مرة أخرى.",
    },
    "build_lost_name": {"en": "\u201c{label}\u201d", "ar": "\u00ab{label}\u00bb"},
    "download_deck": {"en": "Download slide deck (PPTX)", "ar": "تنزيل عرض شرائح (PPTX)"},
    "download_story_deck": {"en": "Guided story as slides (PPTX)", "ar": "القصة الموجَّهة شرائحَ (PPTX)"},
    "deck_thinned": {
        "en": "The deck shows {n} of the {total} change dates up to this date, evenly spread.",
        "ar": "يعرض العرض {n} من تواريخ التغيير البالغة {total} حتى هذا التاريخ، موزعة بانتظام.",
    },
    "deck_every_change": {
        "en": {
            "one": "The deck has a slide for the one change date up to this date.",
            "other": "The deck has a slide for each of the {n} change dates up to this date.",
        },
        "ar": {
            "zero": "لا تاريخ تغيير حتى هذا التاريخ.",
            "one": "في العرض شريحة لتاريخ التغيير الوحيد حتى هذا التاريخ.",
            "two": "في العرض شريحة لكل من تاريخَي التغيير حتى هذا التاريخ.",
            "few": "في العرض شريحة لكل من تواريخ التغيير الـ{n} حتى هذا التاريخ.",
            "many": "في العرض شريحة لكل من تواريخ التغيير الـ{n} حتى هذا التاريخ.",
            "other": "في العرض شريحة لكل من تواريخ التغيير الـ{n} حتى هذا التاريخ.",
        },
    },
    "upload": {"en": "Add your own records", "ar": "أضف سجلاتك"},
    "upload_help": {
        "en": "Files stay in this browser session only and are never saved. Their quotes are not "
        "checked against the seed documents.",
        "ar": "تبقى الملفات في جلسة المتصفح هذه فقط ولا تُحفظ. لا يُتحقق من اقتباساتها مقابل الوثائق المصدرية.",
    },
    "upload_records": {
        "en": "Records CSV (same columns as data/posture.csv)",
        "ar": "ملف السجلات CSV (بأعمدة data/posture.csv نفسها)",
    },
    "upload_citations": {
        "en": "Citations CSV (same columns as data/citations.csv)",
        "ar": "ملف الاستشهادات CSV (بأعمدة data/citations.csv نفسها)",
    },
    "upload_sites": {"en": "Sites GeoJSON (optional)", "ar": "ملف المواقع GeoJSON (اختياري)"},
    "upload_sources": {"en": "Sources CSV (optional)", "ar": "ملف المصادر CSV (اختياري)"},
    "upload_active": {
        "count": "n",
        "en": {
            "one": "Showing {n} user-supplied record, for this session only.",
            "other": "Showing {n} user-supplied records, for this session only.",
        },
        "ar": {
            "zero": "لا تُعرض سجلات من المستخدم.",
            "one": "يُعرض سجل واحد من المستخدم، لهذه الجلسة فقط.",
            "two": "يُعرض سجلان من المستخدم، لهذه الجلسة فقط.",
            "few": "تُعرض {n} سجلات من المستخدم، لهذه الجلسة فقط.",
            "many": "يُعرض {n} سجلًا من المستخدم، لهذه الجلسة فقط.",
            "other": "يُعرض {n} سجل من المستخدم، لهذه الجلسة فقط.",
        },
    },
    "upload_sites_active": {
        "count": "n",
        "en": {
            "one": "Also {n} user-supplied site, for this session only.",
            "other": "Also {n} user-supplied sites, for this session only.",
        },
        "ar": {
            "zero": "لا مواقع من المستخدم.",
            "one": "وموقع واحد من المستخدم، لهذه الجلسة فقط.",
            "two": "وموقعان من المستخدم، لهذه الجلسة فقط.",
            "few": "و{n} مواقع من المستخدم، لهذه الجلسة فقط.",
            "many": "و{n} موقعًا من المستخدم، لهذه الجلسة فقط.",
            "other": "و{n} موقع من المستخدم، لهذه الجلسة فقط.",
        },
    },
    "upload_problems": {
        # A problem may name a row (that row is left out) or a whole file (that file is left out).
        "count": "n",
        "en": {
            "one": "{n} problem in the uploaded files (what it names is not used)",
            "other": "{n} problems in the uploaded files (what they name is not used)",
        },
        "ar": {
            "zero": "لا مشكلات في الملفات المرفوعة",
            "one": "مشكلة واحدة في الملفات المرفوعة (لا يُستخدم ما تشير إليه)",
            "two": "مشكلتان في الملفات المرفوعة (لا يُستخدم ما تشيران إليه)",
            "few": "{n} مشكلات في الملفات المرفوعة (لا يُستخدم ما تشير إليه)",
            "many": "{n} مشكلةً في الملفات المرفوعة (لا يُستخدم ما تشير إليه)",
            "other": "{n} مشكلة في الملفات المرفوعة (لا يُستخدم ما تشير إليه)",
        },
    },
    "upload_lost": {
        "en": "The server restarted and your uploaded files are gone; upload them again.",
        "ar": "أُعيد تشغيل الخادم وفُقدت ملفاتك المرفوعة؛ ارفعها من جديد.",
    },
    "user_supplied": {"en": "user-supplied", "ar": "من المستخدم"},
    "url_ignored": {
        "en": "Ignored URL parameter {name}={value}: {reason}.",
        "ar": "تم تجاهل معامل الرابط {name}={value}: {reason}.",
    },
    "url_not_a_date": {"en": "not a date written YYYY-MM-DD", "ar": "ليس تاريخًا بصيغة YYYY-MM-DD"},
    "url_no_such_day": {"en": "there is no such day", "ar": "لا يوجد يوم كهذا"},
    "url_outside": {
        "en": "outside the time axis, {first} to {last}",
        "ar": "خارج المحور الزمني، من {first} إلى {last}",
    },
    "forces": {"en": "Forces", "ar": "القوات"},
    "forces_all": {"en": "All coalition", "ar": "التحالف كله"},
    "forces_US": {"en": "US", "ar": "الأمريكية"},
    "forces_help": {
        "en": "US: only records about US forces, or about the coalition where no nation is named. "
        "A partner's departure then never moves a US marker.",
        "ar": "الأمريكية: السجلات الخاصة بالقوات الأمريكية فقط، أو بالتحالف حين لا تُذكر دولة بعينها، "
        "فلا يحرّك رحيلُ قوات شريك علامةً أمريكية.",
    },
    "forces_line": {"en": "Forces: {forces}", "ar": "القوات: {forces}"},
    "url_unknown_province": {"en": "unknown governorate code", "ar": "رمز محافظة غير معروف"},
    "url_unknown_site": {"en": "no site has this id", "ar": "لا يوجد موقع بهذا المعرّف"},
    "url_site_needed": {
        "en": "a site's history needs site=<id>; the map is shown",
        "ar": "سجل الموقع يحتاج إلى site=<المعرّف>؛ عُرضت الخريطة",
    },
    "url_expected": {"en": "expected one of {allowed}", "ar": "المتوقع واحد من {allowed}"},
    "url_repeated": {
        "en": "given more than once; the first value is used",
        "ar": "ورد أكثر من مرة؛ استُخدمت القيمة الأولى",
    },
    "url_compare_after": {
        "en": "it is after the main date; the two dates were swapped",
        "ar": "يقع بعد التاريخ الرئيسي؛ فتم تبديل التاريخين",
    },
    "error_short": {
        "en": "Something went wrong drawing this part of the page; the details are in the server log.",
        "ar": "حدث خطأ أثناء رسم هذا الجزء من الصفحة؛ التفاصيل في سجل الخادم.",
    },
    # ---- the slide deck (dashboard/deck) ----
    "deck_range": {"en": "{start} to {end}", "ar": "من {start} إلى {end}"},
    "deck_dates": {
        "en": {"one": "{n} date, one slide", "other": "{n} dates, one slide each"},
        "ar": {
            "zero": "{n} تاريخ",
            "one": "تاريخ واحد، في شريحة",
            "two": "تاريخان، لكل منهما شريحة",
            "few": "{n} تواريخ، لكل منها شريحة",
            "many": "{n} تاريخًا، لكل منها شريحة",
            "other": "{n} تاريخ، لكل منها شريحة",
        },
    },
    "deck_chapters": {
        "en": {"one": "{n} chapter", "other": "{n} chapters"},
        "ar": {
            "zero": "{n} فصل",
            "one": "فصل واحد",
            "two": "فصلان",
            "few": "{n} فصول",
            "many": "{n} فصلًا",
            "other": "{n} فصل",
        },
    },
    "deck_made": {
        "en": "Drawn from the dashboard's records as of {date}; every claim carries a confidence grade.",
        "ar": "مأخوذ من سجلات اللوحة حتى {date}؛ لكل ادعاء درجة ثقة.",
    },
    "deck_grades": {"en": "Confidence grades", "ar": "درجات الثقة"},
    "deck_map_alt": {"en": "Map of the posture on {date}", "ar": "خريطة الانتشار في {date}"},
    "deck_no_force": {
        "en": "No force level reported by this date",
        "ar": "لا عدد مُبلَّغ عنه للقوات حتى هذا التاريخ",
    },
    "deck_sources_heading": {
        "en": "Sources (grade of the records citing each)",
        "ar": "المصادر (درجة السجلات التي تستشهد بكل منها)",
    },
    "deck_source": {"en": "{publisher}, “{title}”, {date}", "ar": "«{title}»، {publisher}، {date}"},
    "deck_grade_outlets": {
        "en": {"one": "Grade {grade}, {n} record: {names}", "other": "Grade {grade}, {n} records: {names}"},
        "ar": {
            "zero": "الدرجة {grade}، {n} سجل: {names}",
            "one": "الدرجة {grade}، سجل واحد: {names}",
            "two": "الدرجة {grade}، سجلان: {names}",
            "few": "الدرجة {grade}، {n} سجلات: {names}",
            "many": "الدرجة {grade}، {n} سجلًا: {names}",
            "other": "الدرجة {grade}، {n} سجل: {names}",
        },
    },
    "deck_more_outlets": {
        "en": {"one": "and {n} more outlet", "other": "and {n} more outlets"},
        "ar": {
            "zero": "و{n} جهة نشر أخرى",
            "one": "وجهة نشر أخرى",
            "two": "وجهتا نشر أخريان",
            "few": "و{n} جهات نشر أخرى",
            "many": "و{n} جهة نشر أخرى",
            "other": "و{n} جهة نشر أخرى",
        },
    },
    "deck_sources_listed": {
        "en": "Every source is listed, with its address, at the end of the deck.",
        "ar": "تُذكر المصادر كلها مع عناوينها في آخر العرض.",
    },
    "deck_no_records": {"en": "No record in effect on this date.", "ar": "لا سجل ساريًا في هذا التاريخ."},
    "deck_more_lines": {
        "en": {
            "one": "… and {n} more line, in the speaker notes",
            "other": "… and {n} more lines, in the speaker notes",
        },
        "ar": {
            "zero": "… و{n} سطر آخر في ملاحظات المتحدث",
            "one": "… وسطر آخر في ملاحظات المتحدث",
            "two": "… وسطران آخران في ملاحظات المتحدث",
            "few": "… و{n} أسطر أخرى في ملاحظات المتحدث",
            "many": "… و{n} سطرًا آخر في ملاحظات المتحدث",
            "other": "… و{n} سطر آخر في ملاحظات المتحدث",
        },
    },
    "deck_cited_title": {"en": "Sources cited in this deck", "ar": "المصادر المستشهد بها في هذا العرض"},
    "deck_page": {"en": "{title} ({page} of {pages})", "ar": "{title} ({page} من {pages})"},
    "deck_no_sources": {"en": "No source is cited on these dates.", "ar": "لا مصدر مستشهدًا به في هذه التواريخ."},
}

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    # The Levantine/Iraqi month name first, the Egyptian one after, as the seed documents write them.
    "ar": [
        "كانون الثاني/يناير",
        "شباط/فبراير",
        "آذار/مارس",
        "نيسان/أبريل",
        "أيار/مايو",
        "حزيران/يونيو",
        "تموز/يوليو",
        "آب/أغسطس",
        "أيلول/سبتمبر",
        "تشرين الأول/أكتوبر",
        "تشرين الثاني/نوفمبر",
        "كانون الأول/ديسمبر",
    ],
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


@cache
def _plural_rule(lang: str):
    return Locale.parse(lang).plural_form


def plural_form(count: int, lang: str) -> str:
    """The CLDR plural category of `count` in `lang` ("zero", "one", "two", "few", "many" or "other")."""
    return _plural_rule(check_language(lang))(abs(int(count)))


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from `values`."""
    entry = STRINGS[key]
    text = entry[check_language(lang)]
    if isinstance(text, dict):
        forms = text
        text = forms.get(plural_form(values[entry.get("count", "n")], lang), forms["other"])
    return text.format(**values)


def site_kind_label(kind: str, lang: str) -> str:
    """What kind of place a site is, in `lang` (an unknown kind as written, underscores as spaces)."""
    return SITE_KIND_LABELS.get(kind, {}).get(check_language(lang), kind.replace("_", " "))


def status_label(status: str | None, lang: str) -> str:
    if status is None:
        return t("no_status", lang)
    return STATUS_LABELS[status][check_language(lang)]


def claim_label(claim: str, lang: str) -> str:
    return CLAIM_LABELS[claim][check_language(lang)]


def grade_label(grade: str, lang: str) -> str:
    return GRADE_LABELS[grade][check_language(lang)]


def grade_letter(grade: str, lang: str) -> str:
    return GRADE_LETTERS[grade][check_language(lang)]


def role_label(role: str, lang: str) -> str:
    return ROLE_LABELS[role][check_language(lang)]


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


def map_labels(lang: str) -> dict[str, str]:
    """Every word the map's browser script shows, for one language (it never holds words of its own)."""
    check_language(lang)
    labels = {status: names[lang] for status, names in STATUS_LABELS.items()}
    labels |= {claim: names[lang] for claim, names in CLAIM_LABELS.items()}
    labels |= {f"grade_{grade}": names[lang] for grade, names in GRADE_LABELS.items()}
    labels |= {f"letter_{grade}": names[lang] for grade, names in GRADE_LETTERS.items()}
    labels |= {f"kind_{kind}": names[lang] for kind, names in SOURCE_KIND_LABELS.items()}
    labels[v.USER_SUPPLIED] = ORIGIN_LABELS[v.USER_SUPPLIED][lang]
    for key in (
        "as_of",
        "map_loading",
        "legend",
        "legend_pending",
        "legend_overdue",
        "legend_confirmed",
        "legend_contested",
        "contested_by",
        "contested_mark",
        "full_history",
        "plan_pending",
        "plan_overdue",
        "legend_move",
        "legend_incident",
        "legend_unconfirmed",
        "unconfirmed",
        "grade",
        "claim",
        "source",
        "official",
        "quote_label",
        "future_note",
    ):
        labels[key] = t(key, lang)
    labels["none"] = t("no_status", lang)
    # Templates the script fills in: {date}, {reason}, {name}, {status}.
    for key in (
        "since",
        "planned_for",
        "map_error",
        "map_text_error",
        "map_site_hint",
        "silent_since",
        "plan_confirmed",
        "last_reported",
        "last_report_line",
        "forces_of",
    ):
        labels[key] = STRINGS[key][lang]
    labels["legend_stale"] = t("legend_stale", lang, days=v.STALE_DAYS)
    labels["comma"] = "،" if lang == "ar" else ","
    return labels


def forces_label(code: str, lang: str) -> str:
    """A `forces` entry in words: a nation's name (CLDR, through Babel), or the coalition."""
    if code == v.COALITION:
        return t("forces_coalition", lang)
    return Locale(check_language(lang)).territories.get(code, code)


def forces_text(codes, lang: str) -> str:
    """Several `forces` entries, in words, as a list."""
    separator = "، " if lang == "ar" else ", "
    return separator.join(forces_label(code, lang) for code in codes)
