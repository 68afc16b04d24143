"""The row and feature models of data/README.md, as pydantic v2 models.

Each model checks one row or feature on its own; checks across rows and files (ids resolve,
uniqueness, provinces, quotes) live with the loaders. Fields are declared in the order their
validators need: a validator sees, in `info.data`, only the fields declared before it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationInfo, field_validator

from .geometry import AreaGeometry, Geometry

Kind = Literal["air_base", "airport", "garrison", "hq", "outpost", "zone", "border_area"]
Status = Literal["active", "drawdown", "handed_over", "consolidating", "advisory", "watch", "event"]
Claim = Literal["reported", "announced", "planned", "assessed"]
Precision = Literal["day", "month", "year"]
Qualifier = Literal["", "about", "under", "over", "exact"]

KINDS: tuple[str, ...] = get_args(Kind)
STATUSES: tuple[str, ...] = get_args(Status)
CLAIMS: tuple[str, ...] = get_args(Claim)
PRECISIONS: tuple[str, ...] = get_args(Precision)
QUALIFIERS: tuple[str, ...] = tuple(q for q in get_args(Qualifier) if q)

# Patterns are checked inside pydantic-core (fast on 100k rows); PATTERN_MEANINGS turns a mismatch
# into a sentence. A pattern is searched, not matched, so each is anchored unless it means "anywhere".
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
_OPTIONAL_ID = r"^([A-Za-z0-9][A-Za-z0-9_.-]*)?$"
_NON_BLANK = r"\S"
_COUNTRY = r"^[A-Z]{2}$"
_PROVINCE = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
_LANGUAGE = r"^[a-z]{2}$"
PATTERN_MEANINGS = {  # pattern -> reason, with {input!r} standing for the value
    _ID: "{input!r} is not an id (letters, digits, '-', '_' or '.', no spaces)",
    _OPTIONAL_ID: "{input!r} is not an id (letters, digits, '-', '_' or '.', no spaces)",
    _NON_BLANK: "must not be empty",
    _COUNTRY: "{input!r} is not an ISO 3166-1 alpha-2 code such as IQ",
    _PROVINCE: "{input!r} is not an ISO 3166-2 code such as IQ-KI",
    _LANGUAGE: "{input!r} is not a 2-letter ISO 639-1 code such as ar",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?[0-9]+")


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date: {error}") from None


def _troops(value: Any) -> Optional[int]:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value):
        number = int(value)
    else:
        raise ValueError(f"{value!r} is not a whole number")
    if number < 0:
        raise ValueError(f"{value!r} is negative")
    return number


def _pattern(pattern: str):
    return Annotated[str, StringConstraints(pattern=pattern)]


Id = _pattern(_ID)
OptionalId = _pattern(_OPTIONAL_ID)
Text = _pattern(_NON_BLANK)
CountryCode = _pattern(_COUNTRY)
ProvinceCode = _pattern(_PROVINCE)
LanguageCode = _pattern(_LANGUAGE)
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Troops = Annotated[Optional[int], BeforeValidator(_troops)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRow(_Row):
    source_id: Id
    file: str
    publisher: Text
    title_ar: Text
    title_en: Text
    published: IsoDate
    published_note: str
    language: LanguageCode

    @field_validator("file")
    @classmethod
    def _stays_in_seeds(cls, value: str) -> str:
        # Only the spelling is checked here; sources.py checks where it leads (symlinks, existence).
        if not value:
            raise ValueError("must not be empty")
        if value.startswith("/") or "\\" in value or re.match(r"[A-Za-z]:", value):
            raise ValueError(f"{value!r} must be a relative path with '/' separators under seeds/")
        parts = value.split("/")
        if ".." in parts or "." in parts or "" in parts:
            raise ValueError(f"{value!r} must not contain '..', '.' or empty parts")
        if parts[0] != "seeds" or len(parts) < 2:
            raise ValueError(f"{value!r} is not under seeds/")
        return value


class PostureRow(_Row):
    record_id: Id
    site_id: OptionalId
    date_precision: Precision
    date: IsoDate
    claim: Claim
    status: Status
    troops: Troops
    troops_qualifier: Qualifier
    moved_to: OptionalId
    summary_en: Text
    summary_ar: Text
    source_id: Id
    quote: Text
    note: str

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
    def _planned_is_not_an_event(cls, value: str, info: ValidationInfo) -> str:
        if value == "event" and info.data.get("claim") == "planned":
            raise ValueError("a planned record cannot have status 'event'")
        return value

    @field_validator("troops_qualifier")
    @classmethod
    def _qualifier_goes_with_troops(cls, value: str, info: ValidationInfo) -> str:
        if "troops" not in info.data:  # troops itself was invalid
            return value
        has_troops = info.data["troops"] is not None
        if has_troops and not value:
            raise ValueError(f"required when troops is set; one of {', '.join(QUALIFIERS)}")
        if value and not has_troops:
            raise ValueError(f"{value!r} given but troops is empty")
        return value

    @field_validator("moved_to")
    @classmethod
    def _moves_somewhere_else(cls, value: str, info: ValidationInfo) -> str:
        site = info.data.get("site_id")
        if value and site == "":
            raise ValueError("a national record (empty site_id) cannot move forces anywhere")
        if value and value == site:
            raise ValueError(f"{value!r} is the record's own site_id")
        return value


SOURCE_COLUMNS: tuple[str, ...] = tuple(SourceRow.model_fields)
POSTURE_COLUMNS: tuple[str, ...] = (
    "record_id", "site_id", "date", "date_precision", "status", "claim", "troops", "troops_qualifier",
    "moved_to", "summary_en", "summary_ar", "source_id", "quote", "note",
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
    bbox: Optional[list[float]] = None


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
