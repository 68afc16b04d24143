"""The row and feature models of data/README.md, as pydantic v2 models.

Each model checks one row or feature on its own; checks across rows and files (ids resolve,
uniqueness, provinces, quotes, grades against citations) live with the loaders. Fields are declared in
the order their validators need: a validator sees, in `info.data`, only the fields declared before it.
Every vocabulary comes from `dashboard.vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationInfo, field_validator

from .. import vocabulary as v
from ..dates import parse_iso_date
from ..dates import shown as _shown
from .geometry import AreaGeometry, Geometry

Kind = Literal[v.SITE_KINDS]
Status = Literal[v.STATUSES]
Claim = Literal[v.CLAIMS]
Grade = Literal[v.GRADES]
Precision = Literal[v.PRECISIONS]
Qualifier = Literal[("",) + v.QUALIFIERS]
SourceKind = Literal[v.SOURCE_KINDS]
Official = Literal["", v.OFFICIAL]

# Patterns are checked inside pydantic-core (fast on 100k rows); PATTERN_MEANINGS turns a mismatch
# into a sentence. A pattern is searched, not matched, so each is anchored unless it means "anywhere".
_ID = v.ID_PATTERN
_OPTIONAL_ID = "^(" + v.ID_PATTERN.strip("^$") + ")?$"
_NON_BLANK = r"\S"
_COUNTRY = r"^[A-Z]{2}$"
_PROVINCE = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
_LANGUAGE = r"^[a-z]{2}$"
_FORCES = v.FORCES_PATTERN
PATTERN_MEANINGS = {  # pattern -> reason, with {input} standing for the value as `_shown` writes it
    _ID: "{input} is not an id (" + v.ID_MEANING + ")",
    _OPTIONAL_ID: "{input} is not an id (" + v.ID_MEANING + ")",
    _NON_BLANK: "must not be empty",
    _COUNTRY: "{input} is not an ISO 3166-1 alpha-2 code such as IQ",
    _PROVINCE: "{input} is not an ISO 3166-2 code such as IQ-KI",
    _LANGUAGE: "{input} is not a 2-letter ISO 639-1 code such as ar",
    _FORCES: "{input} is not " + v.FORCES_MEANING,
}
_INTEGER = re.compile(r"-?[0-9]+")
_URL = re.compile(r"https?://[^\s/]+\S*")


def _optional_date(value: Any) -> dt.date | None:
    return None if value in (None, "") else parse_iso_date(value)


def _troops(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value):
        if len(value.lstrip("-").lstrip("0")) > 12:
            # 2^63 is a whole number, just far too big; and int() refuses strings of over 4,300 digits.
            reason = "negative" if value.startswith("-") else f"more than {v.MAX_TROOPS:,}; is it a typing error?"
            raise ValueError(f"{_shown(value)} is {reason}")
        number = int(value)
    else:
        raise ValueError(f"{_shown(value)} is not a whole number")
    if number < 0:
        raise ValueError(f"{_shown(value)} is negative")
    if number > v.MAX_TROOPS:
        raise ValueError(f"{number:,} is more than {v.MAX_TROOPS:,}; is it a typing error?")
    return number


def listed(value: str) -> tuple[str, ...]:
    """The entries of a normalised `a;b` cell (forces, confirms, disputes); () for an empty one."""
    return tuple(value.split(v.LIST_SEPARATOR)) if value else ()


def _forces(value: Any) -> str:
    return v.LIST_SEPARATOR.join(
        split_list(value, _FORCES, required="say whose forces the record is about: " + v.FORCES_MEANING)
    )


def _optional_ids(value: Any) -> str:
    return v.LIST_SEPARATOR.join(split_list(value, _ID))


def _pattern(pattern: str):
    return Annotated[str, StringConstraints(pattern=pattern)]


Id = _pattern(_ID)
OptionalId = _pattern(_OPTIONAL_ID)
Text = _pattern(_NON_BLANK)
CountryCode = _pattern(_COUNTRY)
ProvinceCode = _pattern(_PROVINCE)
LanguageCode = _pattern(_LANGUAGE)
IsoDate = Annotated[dt.date, BeforeValidator(parse_iso_date)]
OptionalIsoDate = Annotated[dt.date | None, BeforeValidator(_optional_date)]
Troops = Annotated[int | None, BeforeValidator(_troops)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def seed_path_problem(value: str) -> str | None:
    """Why `value` is not spelled as a relative path under seeds/, or None."""
    if value.startswith("/") or "\\" in value or re.match(r"[A-Za-z]:", value):
        return f"{_shown(value)} must be a relative path with '/' separators under seeds/"
    parts = value.split("/")
    if ".." in parts or "." in parts or "" in parts:
        return f"{_shown(value)} must not contain '..', '.' or empty parts"
    if parts[0] != "seeds" or len(parts) < 2:
        return f"{_shown(value)} is not under seeds/"
    return None


class SourceRow(_Row):
    """A source document: a seed (a file under seeds/, quoted verbatim) or a web page (cited, never quoted)."""

    source_id: Id
    kind: SourceKind
    file: str
    url: str
    publisher: Text
    origin: Text  # the outlet or agency that first reported the story: what grade A counts
    title: Text
    title_en: Text
    title_ar: Text
    published: IsoDate
    published_note: str
    language: LanguageCode
    consulted: OptionalIsoDate

    @field_validator("file")
    @classmethod
    def _file_for_seeds(cls, value: str, info: ValidationInfo) -> str:
        # Only the spelling is checked here; sources.py checks where it leads (symlinks, existence).
        kind = info.data.get("kind")
        if kind == v.WEB and value:
            raise ValueError("a web source has no file; leave it empty and give its url")
        if kind == v.SEED:
            if not value:
                raise ValueError("a seed source needs the path of its document under seeds/")
            problem = cls._seed_path_problem(value)
            if problem:
                raise ValueError(problem)
        return value

    @classmethod
    def _seed_path_problem(cls, value: str) -> str | None:
        return seed_path_problem(value)

    @field_validator("url")
    @classmethod
    def _url_for_pages(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind == v.SEED and value:
            raise ValueError("a seed source has no url; a web page is a source of kind 'web'")
        if kind == v.WEB and not _URL.fullmatch(value):
            raise ValueError(f"{_shown(value)} is not a web address starting http:// or https://")
        return value

    @field_validator("consulted")
    @classmethod
    def _consulted_for_pages(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        kind, published = info.data.get("kind"), info.data.get("published")
        if kind == v.WEB and value is None:
            raise ValueError("required for a web source: the date the page was read, YYYY-MM-DD")
        if kind == v.SEED and value is not None:
            raise ValueError("only web sources have a consulted date")
        if value is not None and published is not None and value < published:
            raise ValueError(f"{value.isoformat()} is before the page's publication, {published.isoformat()}")
        return value


class CitationRow(_Row):
    """One source a record cites; a seed citation quotes the document verbatim, a web one quotes nothing."""

    record_id: Id
    source_id: Id
    quote: str
    official: Official


class PostureRow(_Row):
    record_id: Id
    site_id: OptionalId
    date_precision: Precision
    date: IsoDate
    claim: Claim
    status: Status
    grade: Grade
    troops: Troops
    troops_qualifier: Qualifier
    moved_to: OptionalId
    summary_en: Text
    summary_ar: Text
    note: str
    forces: Annotated[str, BeforeValidator(_forces)]
    confirms: Annotated[str, BeforeValidator(_optional_ids)]
    disputes: Annotated[str, BeforeValidator(_optional_ids)]

    @field_validator("date")
    @classmethod
    def _date_fits_precision(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        precision = info.data.get("date_precision")
        if precision == "month" and value.day != 1:
            raise ValueError(f"{value.isoformat()} has month precision, so it must be the 1st of the month")
        if precision == "year" and (value.month, value.day) != (1, 1):
            raise ValueError(f"{value.isoformat()} has year precision, so it must be 1 January")
        return value

    @field_validator("status")
    @classmethod
    def _planned_changes_a_status(cls, value: str, info: ValidationInfo) -> str:
        if value in v.NON_SETTING and info.data.get("claim") == v.PLANNED:
            raise ValueError(f"a planned record cannot have status {value!r}: plan the status it will set")
        if value == v.INCIDENT and info.data.get("site_id") == v.NATIONAL:
            raise ValueError("an incident happens at a site; give its site_id, or make a national record an 'event'")
        return value

    @field_validator("troops")
    @classmethod
    def _troops_reported_or_announced(cls, value: int | None, info: ValidationInfo) -> int | None:
        claim = info.data.get("claim")
        if value is not None and claim is not None and claim not in v.TROOP_CLAIMS:
            article = "an" if claim[0] in "aeiou" else "a"
            raise ValueError(
                f"{article} {claim} record cannot state troops: a reported figure is the force level, "
                "an announced one a target"
            )
        return value

    @field_validator("troops_qualifier")
    @classmethod
    def _qualifier_goes_with_troops(cls, value: str, info: ValidationInfo) -> str:
        if "troops" not in info.data:  # troops itself was invalid
            return value
        has_troops = info.data["troops"] is not None
        if has_troops and not value:
            raise ValueError(f"required when troops is set; one of {', '.join(v.QUALIFIERS)}")
        if value and not has_troops:
            raise ValueError(f"{value!r} given but troops is empty")
        return value

    @field_validator("moved_to")
    @classmethod
    def _moves_somewhere_else(cls, value: str, info: ValidationInfo) -> str:
        site = info.data.get("site_id")
        if value and site == v.NATIONAL:
            raise ValueError("a national record (empty site_id) cannot move forces anywhere")
        if value and value == site:
            raise ValueError(f"{_shown(value)} is the record's own site_id")
        return value

    @field_validator("note")
    @classmethod
    def _unconfirmed_says_why(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("grade") == v.UNCONFIRMED and not value.strip():
            raise ValueError("a grade C record must say in its note why it is unconfirmed")
        return value

    @field_validator("confirms", "disputes")
    @classmethod
    def _not_itself(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("record_id") in listed(value):
            raise ValueError("a record cannot name itself")
        return value


MAX_CHAPTERS = 999  # a story is a handful of chapters; beyond this a number is a typing error
_LISTED = 3  # bad entries of a `;` list named in one reason
_CHAPTER = re.compile(r"[0-9]+")


def _chapter_number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _CHAPTER.fullmatch(value):
        if len(value.lstrip("0")) > 6:  # int() of a 20,000-digit string is refused, or slow
            raise ValueError(f"{_shown(value)} is more than {MAX_CHAPTERS}; is it a typing error?")
        number = int(value)
    else:
        raise ValueError(f"{_shown(value)} is not a chapter number: a whole number 1, 2, 3, …")
    if number < 1:
        raise ValueError(f"{number} is not a chapter number: chapters are numbered from 1")
    if number > MAX_CHAPTERS:
        raise ValueError(f"{number:,} is more than {MAX_CHAPTERS}; is it a typing error?")
    return number


def split_list(value: Any, pattern: str, *, required: str = "") -> tuple[str, ...]:
    """Values written `a;b;c` (spaces around each are forgiven), each matching `pattern`, none twice.
    Empty text is the empty tuple, unless `required` says why one is needed. Every bad entry is named, up
    to three, in one reason."""
    if isinstance(value, (tuple, list)):
        parts = [str(part) for part in value]
    elif isinstance(value, str):
        parts = [part.strip() for part in value.split(";")] if value.strip() else []
    else:
        raise ValueError(f"must be text, got {_shown(value)}")
    if not parts and required:
        raise ValueError(required)
    reasons: list[str] = []
    seen: set[str] = set()
    for part in parts:
        if not part:
            reason = "has an empty entry: separate the entries with one ';' and end with none"
        elif not re.search(pattern, part):
            reason = PATTERN_MEANINGS[pattern].format(input=_shown(part))
        elif part in seen:
            reason = f"{_shown(part)} is listed twice"
        else:
            seen.add(part)
            continue
        if reason not in reasons:
            reasons.append(reason)
    if reasons:
        more = len(reasons) - _LISTED
        raise ValueError("; ".join(reasons[:_LISTED]) + (f"; and {more:,} more" if more > 0 else ""))
    return tuple(parts)


def _provinces(value: Any) -> tuple[str, ...]:
    return split_list(value, _PROVINCE)


def _record_ids(value: Any) -> tuple[str, ...]:
    return split_list(
        value, _ID, required="a chapter rests on at least one record: give their record ids, separated by ';'"
    )


class StoryRow(_Row):
    """One chapter of the guided story (data/story.csv): the map date and area it shows, its title and
    text in both languages, and the records its sentences rest on."""

    chapter: Annotated[int, BeforeValidator(_chapter_number)]
    date: IsoDate
    provinces: Annotated[tuple[str, ...], BeforeValidator(_provinces)]
    title_en: Text
    title_ar: Text
    text_en: Text
    text_ar: Text
    records: Annotated[tuple[str, ...], BeforeValidator(_record_ids)]


STORY_COLUMNS: tuple[str, ...] = tuple(StoryRow.model_fields)
SOURCE_COLUMNS: tuple[str, ...] = tuple(SourceRow.model_fields)
CITATION_COLUMNS: tuple[str, ...] = tuple(CitationRow.model_fields)
POSTURE_COLUMNS: tuple[str, ...] = (
    "record_id",
    "site_id",
    "date",
    "date_precision",
    "status",
    "claim",
    "grade",
    "troops",
    "troops_qualifier",
    "moved_to",
    "summary_en",
    "summary_ar",
    "note",
    "forces",
    "confirms",
    "disputes",
)  # file order, as in data/README.md
assert set(POSTURE_COLUMNS) == set(PostureRow.model_fields)


class SiteProperties(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name_en: Text
    name_ar: Text
    kind: Kind
    country: CountryCode
    province: ProvinceCode
    location_note: Text

    @field_validator("province")
    @classmethod
    def _in_country(cls, value: str, info: ValidationInfo) -> str:
        country = info.data.get("country")
        if country and not value.startswith(country + "-"):
            raise ValueError(f"{value!r} is not a province of country {country}")
        return value


class SiteFeature(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: Literal["Feature"]
    id: Id
    properties: SiteProperties
    geometry: Geometry
    bbox: list[float] | None = None


SITE_PROPERTIES: tuple[str, ...] = tuple(SiteProperties.model_fields)


class ProvinceProperties(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)  # the builder may add provenance fields
    iso_3166_2: ProvinceCode
    country: CountryCode
    name_en: Text
    name_ar: Text


class ProvinceFeature(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    type: Literal["Feature"]
    properties: ProvinceProperties
    geometry: AreaGeometry


PROVINCE_PROPERTIES: tuple[str, ...] = tuple(ProvinceProperties.model_fields)
