"""The record over time as a GeoPackage with three layers, `sites`, `status_intervals` and `records`
(see `intervals` for what each holds). In QGIS, set the `status_intervals` layer's temporal properties
to "separate fields for start and end", valid_from and valid_to, and the Temporal Controller plays it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyogrio

from dashboard.export.intervals import record_table, site_layer, status_intervals
from dashboard.prepared import Prepared
from dashboard.selection import Selection

LAYERS = ("sites", "status_intervals", "records")


def gpkg_bytes(prepared: Prepared, selection: Selection) -> bytes:
    """The GeoPackage's bytes (GDAL writes to a file; a temporary one is read back and removed)."""
    layers = {
        "sites": site_layer(prepared, selection),
        "status_intervals": status_intervals(prepared, selection),
        "records": record_table(prepared, selection),
    }
    with tempfile.TemporaryDirectory(prefix="posture-gpkg-") as folder:
        path = Path(folder) / "posture.gpkg"
        for name in LAYERS:
            # Arrow keeps the date columns as GeoPackage DATEs and writes the table in one pass.
            # GeoPackage 1.2, not GDAL's newest 1.4: older GIS (QGIS 3.22's GDAL) read it without a warning.
            pyogrio.write_dataframe(
                layers[name], path, layer=name, driver="GPKG", use_arrow=True, dataset_options={"VERSION": "1.2"}
            )
        return path.read_bytes()
