"""Reading and checking the dataset: every file is validated on load and every problem reported.

`load_dataset(root)` reads ROOT/data, ROOT/geo and ROOT/seeds; `Dataset.story` holds the guided story's
chapters (`Chapter`), in order, when ROOT/data/story.csv exists. `validate_records_text` and
`validate_sites_text` check uploaded text against an already loaded dataset; `report` is what is printed
about a loaded dataset.
"""

from .geo import site_provinces, validate_sites_text
from .ids import KnownIds
from .load import Dataset, dataset_fingerprint, load_dataset
from .problems import Problem
from .quotes import Document, normalise
from .report import report
from .story import Chapter, chapter

__all__ = [
    "Chapter",
    "Dataset",
    "Document",
    "KnownIds",
    "Problem",
    "chapter",
    "dataset_fingerprint",
    "load_dataset",
    "normalise",
    "report",
    "site_provinces",
    "validate_sites_text",
]
