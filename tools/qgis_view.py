"""Draw the GeoPackage export the way QGIS's Temporal Controller shows it on one date, for the README.

Run with the Python that has QGIS's bindings (Debian: `apt-get install python3-qgis qgis-providers`),
not the project's virtual environment, after writing the file with the export command:

    python -m dashboard.export --format gpkg --out /tmp/posture.gpkg
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/qgis_view.py /tmp/posture.gpkg 2020-04-10 docs/gpkg-in-qgis.png

The `status_intervals` layer gets the temporal properties the README gives (start valid_from, end
valid_to, end excluded), is styled by status in the map's colours (dashboard/style.py) and is rendered
by QGIS for the one-day range of the date, as the Temporal Controller renders a frame. The script prints
how many intervals QGIS drew, so a reader can hold it to the map's count of sites on that date.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # dashboard.style, without the project's venv

from qgis.core import (  # noqa: E402  (after the path above)
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsSymbol,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QRectF, QSize, Qt, QTime  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont, QPainter  # noqa: E402

from dashboard.style import NO_STATUS_STYLE, STATUS_STYLES  # noqa: E402

GOVERNORATES = Path(__file__).resolve().parents[1] / "geo" / "admin1.geojson"  # drawn under, to orient
SIZE = QSize(1400, 1100)
TOP, BOTTOM = 70, 60  # pixels kept for the title, and for the legend and source line


def _layer(gpkg: Path, geometry: str) -> QgsVectorLayer:
    # QGIS shows a layer of mixed geometries as one sublayer per geometry type.
    layer = QgsVectorLayer(f"{gpkg}|layername=status_intervals|geometrytype={geometry}", geometry, "ogr")
    if not layer.isValid():
        raise SystemExit(f"{gpkg}: QGIS cannot open its status_intervals layer")
    temporal = layer.temporalProperties()
    temporal.setIsActive(True)
    temporal.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    temporal.setStartField("valid_from")
    temporal.setEndField("valid_to")
    temporal.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginExcludeEnd)  # valid_to is exclusive
    categories = []
    for status, look in [*STATUS_STYLES.items(), ("", NO_STATUS_STYLE)]:
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        colour = QColor(look["colour"])
        if layer.geometryType() == QgsWkbTypes.PolygonGeometry:
            colour.setAlpha(70)
            symbol.symbolLayer(0).setStrokeColor(QColor(look["stroke"]))
        else:
            symbol.setSize(4.2)
        symbol.setColor(colour)
        categories.append(QgsRendererCategory(status or None, symbol, status or "no status"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    labels = QgsPalLayerSettings()
    labels.fieldName = "name"
    text = QgsTextFormat()
    text.setSize(8)
    labels.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    layer.setLabelsEnabled(True)
    return layer


def _governorates() -> QgsVectorLayer:
    layer = QgsVectorLayer(str(GOVERNORATES), "governorates", "ogr")
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    symbol.setColor(QColor("#F4F4F4"))
    symbol.symbolLayer(0).setStrokeColor(QColor("#B0B0B0"))
    layer.renderer().setSymbol(symbol)
    return layer


def _frame(image, gpkg: Path, day: dt.date, drawn: int) -> None:
    """The date and what is drawn on top, the legend and the file's name below: a picture that says
    what it shows wherever it goes."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.fillRect(0, 0, image.width(), TOP, QColor("white"))
    painter.fillRect(0, image.height() - BOTTOM, image.width(), BOTTOM, QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 17, QFont.Bold))
    painter.drawText(QRectF(20, 8, image.width() - 40, 32), Qt.AlignLeft, f"QGIS 3.22, Temporal Controller frame {day}")
    painter.setFont(QFont("DejaVu Sans", 11))
    painter.drawText(
        QRectF(20, 40, image.width() - 40, 24),
        Qt.AlignLeft,
        f"{drawn} sites: layer status_intervals of {gpkg.name}, start valid_from, end valid_to (excluded)",
    )
    x, y = 20.0, image.height() - BOTTOM + 8
    for status, look in [*STATUS_STYLES.items(), ("no status", NO_STATUS_STYLE)]:
        painter.setBrush(QColor(look["colour"]))
        painter.setPen(QColor("#333333"))
        painter.drawEllipse(QRectF(x, y + 3, 13, 13))
        label = status.replace("_", " ")
        painter.drawText(QRectF(x + 18, y, 160, 20), Qt.AlignLeft, label)
        x += 40 + painter.fontMetrics().horizontalAdvance(label)
    painter.setPen(QColor("#444444"))
    painter.drawText(
        QRectF(20, y + 24, image.width() - 40, 20),
        Qt.AlignLeft,
        "Written by python -m dashboard.export --format gpkg; every record's sources and quotes: its records layer.",
    )
    painter.end()


def render(gpkg: Path, day: dt.date, out: Path) -> int:
    """Write the picture of `day` to `out`; return how many intervals QGIS drew."""
    layers = [_layer(gpkg, "Polygon"), _layer(gpkg, "Point")]
    start = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
    frame = QgsDateTimeRange(start, start.addDays(1), True, False)
    settings = QgsMapSettings()
    under = _governorates()  # kept referenced: the map settings hold layers weakly
    settings.setLayers([*reversed(layers), under])  # points over zones over the governorates
    settings.setIsTemporal(True)
    settings.setTemporalRange(frame)
    extent = layers[1].extent()
    extent.combineExtentWith(layers[0].extent())
    extent.scale(1.25)
    settings.setExtent(extent)
    settings.setOutputSize(SIZE)
    settings.setBackgroundColor(QColor("white"))
    settings.setDestinationCrs(layers[1].crs())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    drawn = 0
    for layer in layers:
        context = QgsVectorLayerTemporalContext()
        context.setLayer(layer)
        expression = layer.temporalProperties().createFilterString(context, frame)
        drawn += sum(1 for _ in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))
    image = job.renderedImage()
    _frame(image, gpkg, day, drawn)
    image.save(str(out), "PNG")
    return drawn


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    app = QgsApplication([], False)
    app.initQgis()
    try:
        drawn = render(Path(argv[0]), dt.date.fromisoformat(argv[1]), Path(argv[2]))
    finally:
        app.exitQgis()
    print(f"QGIS drew {drawn} status intervals on {argv[1]} into {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
