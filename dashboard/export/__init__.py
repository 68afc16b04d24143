"""Downloads with citations, one module per format: the records in view as a table and CSV
(`records`, `csvtext`), the sites and their status as GeoJSON (`geojson`). The command line is
`python -m dashboard.export` (`__main__`). Pure: takes its inputs as arguments, never imports streamlit.
"""

from dashboard.export.csvtext import neutralise, read_records_csv, records_csv, restore
from dashboard.export.geojson import geojson_text, sites_geojson
from dashboard.export.records import (
    CITATION_FIELDS,
    RECORD_COLUMNS,
    RECORD_FIELDS,
    export_all_records_csv,
    record_rows,
    records_in_view,
    unknown_provinces,
)

__all__ = [
    "CITATION_FIELDS",
    "RECORD_COLUMNS",
    "RECORD_FIELDS",
    "export_all_records_csv",
    "geojson_text",
    "neutralise",
    "read_records_csv",
    "record_rows",
    "records_csv",
    "records_in_view",
    "restore",
    "sites_geojson",
    "unknown_provinces",
]
