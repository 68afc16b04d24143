"""data/sources.csv: source rows, and the seed documents they point at."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import TypeAdapter

from .. import paths
from .ids import KnownIds, duplicates
from .problems import Problem, line, validate_all
from .quotes import Document
from .schema import SOURCE_COLUMNS, SourceRow
from .text import CsvTable, decode

_ADAPTER = TypeAdapter(list[SourceRow])


@dataclass(frozen=True)
class Sources:
    table: pd.DataFrame  # valid rows, columns SOURCE_COLUMNS, published as datetime.date
    ids: KnownIds
    documents: dict[str, Document]  # by source_id, for every valid row
    problems: list[Problem]


def check_sources(table: CsvTable, root: Path, file: str = paths.SOURCES) -> Sources:
    def locate(i: int) -> str:
        return line(table.lines[i])

    valid, problems = validate_all(_ADAPTER, table.rows, file, locate)
    repeated = duplicates(row["source_id"] for row in table.rows)
    seeds = (root / paths.SEEDS).resolve()
    texts: dict[Path, Document] = {}  # a document cited by two sources is read once
    kept: list[SourceRow] = []
    documents: dict[str, Document] = {}
    for i, source in valid:
        if i in repeated:
            first = table.lines[repeated[i]]
            problems.append(Problem(file, locate(i), "source_id", f"duplicate source_id {source.source_id!r} (first on line {first})"))
            continue
        document, reason = _seed_document(root, seeds, source.file, texts)
        if reason:
            problems.append(Problem(file, locate(i), "file", reason))
            continue
        kept.append(source)
        documents[source.source_id] = document
    frame = pd.DataFrame([s.model_dump() for s in kept], columns=list(SOURCE_COLUMNS))
    ids = KnownIds.of(file, documents, (row["source_id"] for row in table.rows), table.complete)
    return Sources(frame, ids, documents, problems)


def _seed_document(root: Path, seeds: Path, relative: str, read: dict[Path, Document]) -> tuple[Document | None, str]:
    """The seed at ROOT/relative, or a reason it cannot be used. `relative` is already known
    to be spelled as a path under seeds/; this checks where it really leads."""
    path = root / relative
    resolved = path.resolve()
    if not resolved.is_relative_to(seeds):
        return None, f"{relative!r} leads outside seeds/ through a symbolic link"
    if resolved in read:
        return read[resolved], ""
    if not path.exists():
        return None, f"seed file {relative!r} does not exist"
    if not path.is_file():
        return None, f"{relative!r} is not a file"
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, f"seed file {relative!r} cannot be read: {error.strerror or error}"
    text, problems = decode(data, relative)
    if text is None:
        return None, f"seed file {relative!r}, {problems[0].location}: {problems[0].reason}"
    read[resolved] = Document.from_text(relative, text)
    return read[resolved], ""
