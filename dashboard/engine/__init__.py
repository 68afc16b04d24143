"""Posture state engine: the one implementation of the rules that say what holds on a date.

`PostureIndex` (index.py) indexes the records: statuses, plans and their confirmation, moves, incidents,
force levels, stepping through time. `answers.py` builds on it the one answer everything draws: each
site's status, since, forces, last report and staleness, contest and plan state on any date, and the
intervals over which it holds. `columns.py` reads a posture table into what both index; `plans.py` says
when a plan is confirmed; `values.py` holds the frozen values they answer with.
"""

from dashboard.engine.answers import (
    Interval,
    PlanMark,
    SiteAnswer,
    answer_directly,
    answer_on,
    answers_at,
    site_intervals,
)
from dashboard.engine.columns import REQUIRED_COLUMNS, about_forces, day_number, listed
from dashboard.engine.index import NO_STATUS, PostureIndex
from dashboard.engine.values import Change, ForceLevel, Incident, Move, Plan, SiteState

__all__ = [
    "NO_STATUS",
    "REQUIRED_COLUMNS",
    "Change",
    "ForceLevel",
    "Incident",
    "Interval",
    "Move",
    "Plan",
    "PlanMark",
    "PostureIndex",
    "SiteAnswer",
    "SiteState",
    "about_forces",
    "answer_directly",
    "answer_on",
    "answers_at",
    "day_number",
    "listed",
    "site_intervals",
]
