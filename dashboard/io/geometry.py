"""GeoJSON geometries as pydantic models: well-formed, in range, valid, built into shapely once."""

from __future__ import annotations

import math
import reprlib
from typing import Any, Literal

import shapely.geometry
import shapely.validation
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationInfo, field_validator, model_validator


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_position(position: Any) -> None:
    if not isinstance(position, list) or len(position) not in (2, 3) or not all(map(_number, position)):
        raise ValueError(f"{reprlib.repr(position)} is not a position [longitude, latitude]")
    lon, lat = position[0], position[1]
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is outside -180..180")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is outside -90..90")


def _check_ring(ring: Any) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValueError("a polygon ring needs at least 4 positions")
    for position in ring:
        _check_position(position)
    if ring[0] != ring[-1]:
        raise ValueError("a polygon ring must end where it starts")


def _check_polygon(polygon: Any) -> None:
    if not isinstance(polygon, list) or not polygon:
        raise ValueError("a polygon is a non-empty list of rings")
    for ring in polygon:
        _check_ring(ring)


class Geometry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: Literal["Point", "Polygon", "MultiPolygon"]
    coordinates: Any
    bbox: list[float] | None = None
    _shape: Any = PrivateAttr(default=None)

    @field_validator("coordinates")
    @classmethod
    def _well_formed(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("type")
        if kind == "Point":
            _check_position(value)
        elif kind == "Polygon":
            _check_polygon(value)
        elif kind == "MultiPolygon":
            if not isinstance(value, list) or not value:
                raise ValueError("a MultiPolygon is a non-empty list of polygons")
            for polygon in value:
                _check_polygon(polygon)
        return value

    @model_validator(mode="after")
    def _valid_shape(self) -> Geometry:
        shape = shapely.geometry.shape({"type": self.type, "coordinates": self.coordinates})
        if self.type != "Point" and not shape.is_valid:
            raise ValueError(f"invalid {self.type}: {shapely.validation.explain_validity(shape)}")
        self._shape = shape
        return self

    def shape(self):
        """The shapely geometry, built once during validation."""
        return self._shape


class AreaGeometry(Geometry):
    type: Literal["Polygon", "MultiPolygon"]
