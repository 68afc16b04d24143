"""Every closed vocabulary of the data, written down once.

The validator's models, the engine, the map, the charts, the slides, the synthetic data and the tests
all import these tuples; none keeps a copy. Adding a site status is one edit here, plus its words in
`dashboard/i18n.py` and its look in `dashboard/style.py` (a test fails until both exist).
"""

from __future__ import annotations

import datetime as dt

# ---- posture.csv `status` ------------------------------------------------------------------------
# Site statuses: what a site's latest status-setting record says about it, legend order.
SITE_STATUSES: tuple[str, ...] = (
    "active",  # US/coalition forces present and operating
    "drawdown",  # reduction or partial handover under way; a US presence remains
    "handed_over",  # transferred to host control; no US presence reported
    "consolidating",  # receiving forces or equipment repositioned from elsewhere
    "advisory",  # bilateral advisory or security-cooperation presence only
    "support",  # logistics or diplomatic-support presence only, no coalition mission
    "watch",  # a zone named as a security gap or coordination priority
)
EVENT = "event"  # a dated development that changes no site's status (announcement, position, analysis)
INCIDENT = "incident"  # a dated incident at a site (attack, strike, drone); drawn for INCIDENT_DAYS
NON_SETTING: tuple[str, ...] = (EVENT, INCIDENT)
STATUSES: tuple[str, ...] = SITE_STATUSES + NON_SETTING

# ---- posture.csv `claim` -------------------------------------------------------------------------
CLAIMS: tuple[str, ...] = ("reported", "announced", "planned", "assessed")
REPORTED, ANNOUNCED, PLANNED, ASSESSED = CLAIMS
# Troop figures: a reported figure is a force level (what was present); an announced one is a target.
TROOP_CLAIMS: tuple[str, ...] = (REPORTED, ANNOUNCED)

# ---- posture.csv `grade` -------------------------------------------------------------------------
GRADES: tuple[str, ...] = ("A", "B", "C")
UNCONFIRMED = "C"  # drawn so that nobody takes it for fact
A_MIN_ORIGINS = 2  # an A cites this many distinct origins (sources.csv `origin`), or an official statement

# ---- other columns -------------------------------------------------------------------------------
PRECISIONS: tuple[str, ...] = ("day", "month", "year")
QUALIFIERS: tuple[str, ...] = ("about", "under", "over", "exact")
SOURCE_KINDS: tuple[str, ...] = ("seed", "web")
SEED, WEB = SOURCE_KINDS
OFFICIAL = "yes"  # citations.csv `official`
SITE_KINDS: tuple[str, ...] = ("air_base", "airport", "garrison", "hq", "outpost", "zone", "border_area", "region")
CURATED, USER_SUPPLIED = "curated", "user-supplied"  # where a record comes from
ORIGINS: tuple[str, ...] = (CURATED, USER_SUPPLIED)
NATIONAL = ""  # the site_id of national and regional records

# ---- posture.csv `forces` ------------------------------------------------------------------------
# Whose forces a record is about: ISO 3166-1 alpha-2 codes, or COALITION where no nation is named.
COALITION = "coalition"
US = "US"
FORCES_PATTERN = r"^([A-Z]{2}|coalition)$"
FORCES_MEANING = "an ISO 3166-1 alpha-2 code in capitals such as US or IT, or 'coalition' where no nation is named"
# The map's forces filter: every record, or those about US forces. A record naming only the coalition
# counts as US too (the coalition is US-led and the page names no nation that would exclude the US);
# a record naming only other nations (an Italian contingent leaving) does not.
FORCES_FILTERS: tuple[str, ...] = ("all", US)
LIST_SEPARATOR = ";"  # between the entries of forces, confirms and disputes

# ---- values that enter from files ----------------------------------------------------------------
# Ids become CSS class names on the map (`site-<id>`), so they hold nothing that needs escaping there.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
ID_MEANING = "up to 64 letters, digits, '-' or '_', starting with a letter or digit"
# Every date the dashboard accepts, from files, URLs or the command line. Streamlit's date slider
# accepts 1684 to 2255; the engine packs day numbers into 22 bits (year 9999 fits).
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_TROOPS = 1_000_000  # far above any US deployment; beyond it a number is a typing error

INCIDENT_DAYS = 30  # an incident stays on the map this many days, fading

# A presence status is drawn faded, "last reported <date>", once the site's last report (any record about
# it that is not a plan) is more than STALE_DAYS old. 180 days: the record reports the bases it follows
# every few weeks while anything happens (median gap between reports at a site with a presence status:
# 39 days in the shipped record of March 2026), and two quarters of silence is long enough that a reader
# must not take the marker for current, yet short enough that Harir and Erbil, last reported in March
# 2026, read as "last known" today rather than as fact.
STALE_DAYS = 180
PRESENCE_STATUSES: tuple[str, ...] = ("active", "drawdown", "consolidating", "advisory", "support")
# A quiet site has nothing current to show: no status yet, or no report about it for more than
# QUIET_DAYS (a base handed over in 2019, a camp last reported in 2016). The map and slides draw it
# smaller and leave its name to its tooltip, so that the places that matter on the date can be named:
# the record names 35 places, too many for one map of the region to label legibly.
QUIET_DAYS = 365

# A plan's state on a date: pending until its due date, overdue after it, confirmed from the date of the
# record that confirms it (a record naming it in `confirms`, or a later record of the same site and
# status). A confirmed plan's ring stays on the map this many days, then only the evidence lists it.
PLAN_STATES: tuple[str, ...] = ("pending", "confirmed", "overdue")
CONFIRMED_RING_DAYS = 30


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day of the period a date stands for: `day` itself, its month, or its year.

    A plan "by the end of September 2025" is written 2025-09-01 with month precision and is due on
    2025-09-30, not on the 1st.
    """
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day
