"""geo/context.geojson: the countries and reference cities drawn to orient a reader (geo/build_context.py).

Optional: a data root without the file has no context layer. A file that is there is checked like the
other geometry files, every problem reported.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, field_validator

from .geometry import Geometry
from .problems import Problem, feature, validate_all
from .schema import CountryCode, Text

CONTEXT_KINDS = ("country", "city")


class ContextProperties(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[CONTEXT_KINDS]
    code: CountryCode
    name_en: Text
    name_ar: Text
    label: list[float] | None = None  # a country's label point, [longitude, latitude]
    note: str = ""

    @field_validator("label")
    @classmethod
    def _a_position(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and (len(value) != 2 or not -180 <= value[0] <= 180 or not -90 <= value[1] <= 90):
            raise ValueError(f"{value!r} is not a position [longitude, latitude]")
        return value


class ContextFeature(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: Literal["Feature"]
    id: Text
    properties: ContextProperties
    geometry: Geometry


_ADAPTER = TypeAdapter(list[ContextFeature])


def check_context(features: list, file: str) -> tuple[dict, list[Problem]]:
    """({"countries": [...], "cities": [...]}, problems) from the features of geo/context.geojson.

    A country has its outline and label point, a city its point: plain JSON, ready for the map."""

    def locate(i: int) -> str:
        item = features[i]
        return feature(item.get("id") if isinstance(item, dict) else None, i + 1)

    valid, problems = validate_all(_ADAPTER, features, file, locate)
    countries, cities = [], []
    for i, item in valid:
        props = item.properties
        if props.kind == "country":
            if props.label is None or item.geometry.type == "Point":
                problems.append(
                    Problem(file, locate(i), "properties.label", "a country needs its outline and a label point")
                )
                continue
            countries.append(
                {
                    "code": props.code,
                    "name_en": props.name_en,
                    "name_ar": props.name_ar,
                    "label": props.label,
                    "geometry": features[i]["geometry"],
                }
            )
        elif item.geometry.type != "Point":
            problems.append(Problem(file, locate(i), "geometry.type", "a city is a Point"))
        else:
            cities.append(
                {
                    "code": props.code,
                    "name_en": props.name_en,
                    "name_ar": props.name_ar,
                    "point": features[i]["geometry"]["coordinates"][:2],
                }
            )
    return {"countries": countries, "cities": cities}, problems
