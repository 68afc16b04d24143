"""Problem: one thing wrong with the input, and turning pydantic errors into Problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from .schema import PATTERN_MEANINGS, _shown

Model = TypeVar("Model")


@dataclass(frozen=True)
class Problem:
    """One problem in one input file.

    `location` is "line 7" (1-based physical line of a CSV, the header being line 1),
    "feature ain-al-asad", "feature #3" (1-based position, for a feature without a usable id)
    or "" for the file as a whole. `field` is "" when the problem concerns no single field.
    """

    file: str
    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file} {self.location}" if self.location else self.file
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.reason}"


def line(number: int) -> str:
    return f"line {number}"


def feature(identifier: str | None, position: int) -> str:
    """Location of a GeoJSON feature: by id when it has a string id of at most 40 characters, else by
    1-based position (a 20,000-character id is not echoed whole)."""
    usable = isinstance(identifier, str) and 0 < len(identifier) <= 40
    return f"feature {identifier}" if usable else f"feature #{position}"


def error_reason(error: dict[str, Any]) -> str:
    """A pydantic error as a sentence a data editor can act on."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if kind == "string_pattern_mismatch":
        template = PATTERN_MEANINGS.get(ctx.get("pattern"))
        return template.format(input=_shown(error["input"])) if template else f"{_shown(error['input'])} {error['msg']}"
    if kind == "literal_error":
        return f"{_shown(error['input'])} is not allowed; expected {ctx.get('expected', '?')}"
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in ("string_type", "dict_type", "model_type", "list_type"):
        expected = {"string_type": "text", "list_type": "a list"}.get(kind, "an object")
        return f"must be {expected}, got {_shown(error['input'])}"
    return error["msg"]


def problems_from_errors(errors: Iterable[dict[str, Any]], file: str, locate: Callable[[int], str]) -> list[Problem]:
    """Problems for errors of `TypeAdapter(list[Model])`, whose loc starts with the item index."""
    found = []
    for error in errors:
        index, *path = error["loc"]
        field = ".".join(str(part) for part in path)
        found.append(Problem(file, locate(index), field, error_reason(error)))
    return found


def validate_all(
    adapter: TypeAdapter, items: list, file: str, locate: Callable[[int], str]
) -> tuple[list[tuple[int, Model]], list[Problem]]:
    """Validate every item in one call; return (position, model) of the valid ones and a
    problem per error of the others. `adapter` is a `TypeAdapter(list[Model])`."""
    try:
        return list(enumerate(adapter.validate_python(items))), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
    rejected = {e["loc"][0] for e in errors}
    kept = [i for i in range(len(items)) if i not in rejected]
    # The rest passed on the first run and pass again: models check one item at a time.
    models = adapter.validate_python([items[i] for i in kept])
    return list(zip(kept, models)), problems_from_errors(errors, file, locate)
