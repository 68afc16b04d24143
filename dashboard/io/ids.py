"""Ids across files: which ids a file declares, and whether a reference to one resolves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .schema import _shown


@dataclass(frozen=True)
class KnownIds:
    """The ids a file declares, for checking references to them from another file.

    `valid` ids belong to rows that passed; `invalid` ones to rows that were rejected (so a
    reference to one is reported as such, not as unknown). When the file could not be read
    as a whole (`complete` False), a missing id proves nothing and references are not checked.
    """

    file: str
    valid: frozenset[str]
    invalid: frozenset[str] = frozenset()
    complete: bool = True

    @classmethod
    def of(cls, file: str, valid: Iterable[str], declared: Iterable[str] = (), complete: bool = True) -> KnownIds:
        valid = frozenset(valid)
        return cls(file, valid, frozenset(declared) - valid, complete)

    def unresolved(self, value: str, what: str) -> str | None:
        """None if `value` resolves (or cannot be checked), else the reason it does not."""
        if value in self.valid or not self.complete:
            return None
        if value in self.invalid:
            return f"{what} {_shown(value)} has problems in {self.file}, so this row is left out too"
        return f"unknown {what} {_shown(value)}: not in {self.file}"


def duplicates(ids: Iterable[str]) -> dict[int, int]:
    """{position of a repeated id: position of its first use} over a sequence of ids."""
    first: dict[str, int] = {}
    repeated: dict[int, int] = {}
    for position, value in enumerate(ids):
        if value == "":  # an empty id is reported as such by the row model
            continue
        if value in first:
            repeated[position] = first[value]
        else:
            first[value] = position
    return repeated
