"""The lines `python -m dashboard.validate`, every command and the page print about a loaded dataset:
one per problem, then a summary."""

from __future__ import annotations

from .load import Dataset


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def report(dataset: Dataset) -> list[str]:
    """The lines the command prints: one per problem, then the summary."""
    loaded = (
        f"{_count(len(dataset.sources), 'source')}, {_count(len(dataset.sites), 'site')}, "
        f"{_count(len(dataset.records), 'record')}"
    )
    problems = dataset.problems
    if not problems:
        return [f"OK: {loaded}, 0 problems"]
    files = len({p.file for p in problems})
    summary = f"{_count(len(problems), 'problem')} in {_count(files, 'file')} (valid: {loaded})"
    return [str(p) for p in problems] + [summary]
