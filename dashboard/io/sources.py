"""data/sources.csv: source rows, and the seed documents they point at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .. import vocabulary as v
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .quotes import Document
from .schema import SOURCE_COLUMNS, SourceRow, _shown
from .text import CsvTable, decode

_ADAPTER = TypeAdapter(list[SourceRow])


@dataclass(frozen=True)
class Sources:
    table: pd.DataFrame  # valid rows, columns SOURCE_COLUMNS; published and consulted as datetime.date
    ids: KnownIds
    documents: dict[str, Document]  # by source_id, for every valid seed source
    problems: list[Problem]


def sources_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    for column in ("published", "consulted"):
        frame[column] = pd.Series(list(frame[column]), dtype=object)
    return frame


def check_sources(table: CsvTable, root: Path, file: str = paths.SOURCES) -> Sources:
    """Valid sources; seeds are read from ROOT/seeds. Dates are not held to today: a record cannot be
    dated after today nor after its sources (io/citations.py), which catches a mistyped year there."""

    def locate(i: int) -> str:
        return line(table.lines[i])

    valid, problems = validate_all(_ADAPTER, table.rows, file, locate)
    repeated = duplicates(row["source_id"] for row in table.rows)
    # One page, one source: two ids for one address would count one story twice.
    same_page = duplicates(row["url"] if row.get("kind") == v.WEB else "" for row in table.rows)
    seeds = (root / paths.SEEDS).resolve()
    texts: dict[Path, Document] = {}  # a document cited by two sources is read once
    kept: list[SourceRow] = []
    documents: dict[str, Document] = {}
    for i, source in valid:
        if i in repeated:
            first = table.lines[repeated[i]]
            problems.append(
                Problem(
                    file,
                    locate(i),
                    "source_id",
                    f"duplicate source_id {_shown(source.source_id)} (first on line {first})",
                )
            )
            continue
        if i in same_page:
            first = table.rows[same_page[i]]["source_id"]
            problems.append(
                Problem(file, locate(i), "url", f"the same page as source {_shown(first)}; cite that source instead")
            )
            continue
        if source.kind == v.SEED:
            document, reason = _seed_document(root, seeds, source.file, texts)
            if reason:
                problems.append(Problem(file, locate(i), "file", reason))
                continue
            documents[source.source_id] = document
        kept.append(source)
    frame = sources_frame([s.model_dump() for s in kept])
    ids = KnownIds.of(file, frame["source_id"], table.declared("source_id"), table.complete)
    return Sources(frame, ids, documents, problems)


def _seed_document(root: Path, seeds: Path, relative: str, read: dict[Path, Document]) -> tuple[Document | None, str]:
    """The seed at ROOT/relative, or a reason it cannot be used. `relative` is already known
    to be spelled as a path under seeds/; this checks where it really leads."""
    path = root / relative
    try:
        resolved, exists, is_file = path.resolve(), path.exists(), path.is_file()
    except OSError as error:  # e.g. a name longer than the file system allows
        return None, f"seed file {_shown(relative)} cannot be read: {error.strerror or error}"
    if not resolved.is_relative_to(seeds):
        return None, f"{_shown(relative)} leads outside seeds/ through a symbolic link"
    if resolved in read:
        return read[resolved], ""
    if not exists:
        return None, f"seed file {_shown(relative)} does not exist"
    if not is_file:
        return None, f"{_shown(relative)} is not a file"
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, f"seed file {_shown(relative)} cannot be read: {error.strerror or error}"
    text, problems = decode(data, relative)
    if text is None:
        return None, f"seed file {_shown(relative)}, {problems[0].location}: {problems[0].reason}"
    read[resolved] = Document.from_text(relative, text)
    return read[resolved], ""
