"""Sections of bench/results.md written by other commands than bench/run.py (the soak, the stall).

Each lives between `<!-- NAME -->` and `<!-- /NAME -->`. bench/run.py rewrites the file and keeps them;
each command replaces only its own.
"""

from __future__ import annotations

import re
from pathlib import Path


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"<!-- {re.escape(name)} -->\n.*?<!-- /{re.escape(name)} -->\n?", re.DOTALL)


def sections(text: str) -> list[str]:
    """Every marked section of `text`, markers included, in order."""
    return [
        m.group(0).rstrip("\n") + "\n" for m in re.finditer(r"<!-- ([a-z-]+) -->\n.*?<!-- /\1 -->\n?", text, re.DOTALL)
    ]


def replace_section(path: Path, name: str, body: str) -> None:
    """Put `body` in section `name` of `path`, in its place if there is one, else at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"<!-- {name} -->\n{body.rstrip()}\n<!-- /{name} -->\n"
    if _pattern(name).search(text):
        text = _pattern(name).sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    path.write_text(text, encoding="utf-8")


def keep_sections(old: str, new: str) -> str:
    """`new`, followed by the marked sections of `old` (bench/run.py's report does not make them)."""
    kept = sections(old)
    return new.rstrip("\n") + "\n" + "".join("\n" + section for section in kept) if kept else new
