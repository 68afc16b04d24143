"""Finding a record's quote verbatim in its source document.

Only two differences are forgiven: runs of whitespace (spaces, tabs, newlines, no-break spaces)
count as one space, and tatweel (U+0640, the Arabic letter-stretching stroke) is ignored.
Any other difference, a hamza, a diacritic, a punctuation mark, makes the quote not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TATWEEL = "\u0640"
_WHITESPACE = re.compile(r"\s+")
_SHOWN = 40  # characters of context shown around the point where a quote stops matching


def normalise(text: str) -> str:
    # Tatweel goes first: "a ـ b" must fold to "a b", not keep two spaces.
    return _WHITESPACE.sub(" ", text.replace(TATWEEL, ""))


@dataclass(frozen=True)
class Document:
    """A source document, normalised once so each quote lookup is a plain substring search."""

    file: str  # path under the data root, for messages
    text: str  # normalised

    @classmethod
    def from_text(cls, file: str, raw: str) -> Document:
        return cls(file, normalise(raw))

    def missing_quote(self, quote: str) -> str | None:
        """None when the quote is in the document, else a reason showing where it diverges."""
        # A raw quote found in the normalised text holds no whitespace run or tatweel, so it is
        # its own normal form: this skips the regex for most quotes.
        if quote.strip() in self.text:
            return None
        wanted = normalise(quote).strip()
        if wanted in self.text:
            return None
        found = _longest_prefix_found(wanted, self.text)
        if found == 0:
            return f"not found in {self.file}; not even its first character is in the document"
        head = wanted[:found]
        head = head if len(head) <= _SHOWN else "…" + head[-_SHOWN:]
        rest = wanted[found : found + _SHOWN]
        return (
            f"not found in {self.file}: the first {found} of {len(wanted)} characters match "
            f"(ending '{head}'), the rest from '{rest}' does not"
        )


def _longest_prefix_found(quote: str, document: str) -> int:
    # Every prefix of a found prefix is found too, so the length can be bisected.
    low, high = 0, len(quote)  # quote[:low] is found, quote[:high + 1] is not
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in document:
            low = middle
        else:
            high = middle - 1
    return low
