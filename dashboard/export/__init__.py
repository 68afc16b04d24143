"""Downloads with citations, one module per format: the records in view as a table and CSV
(`records`, `csvtext`), the sites and their status as GeoJSON (`geojson`), and the status of every site
over time (`intervals`) as a GeoPackage (`gpkg`) and KML (`kml`). The command line is
`python -m dashboard.export` (`__main__`). Pure: takes its inputs as arguments, never imports streamlit.
"""

from dashboard.export.csvtext import neutralise, read_records_csv, records_csv, restore
from dashboard.export.geojson import geojson_text, sites_geojson
from dashboard.export.gpkg import LAYERS, gpkg_bytes
from dashboard.export.intervals import record_table, site_layer, status_intervals
from dashboard.export.kml import kml_text
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
    "LAYERS",
    "RECORD_COLUMNS",
    "RECORD_FIELDS",
    "export_all_records_csv",
    "geojson_text",
    "gpkg_bytes",
    "kml_text",
    "neutralise",
    "read_records_csv",
    "record_rows",
    "record_table",
    "records_csv",
    "records_in_view",
    "restore",
    "site_layer",
    "sites_geojson",
    "status_intervals",
    "unknown_provinces",
]
