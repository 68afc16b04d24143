"""Keeping symbols and labels apart, in display pixels.

At the scale of a whole-country slide some bases are closer than their symbols are wide (Baghdad
airport and the Union III headquarters are 16 km apart); such clusters are stacked north to south
in a column through their centre, with a leader line back to the true position (a column, because
labels are wide and short: stacked symbols can all keep their label on the same side). Labels then
take the first side of their symbol where they cover nothing, or the side where they cover least.

Both steps look only at near neighbours, found through a uniform grid of cells, so their work grows
with the number of sites rather than with its square: slides are drawn under a process-wide lock,
and every other session waits while one is drawn. They give exactly what comparing every pair gave.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from matplotlib.transforms import Bbox

WIDE_CELLS = 256  # a box spanning more cells than this is kept aside and compared with every query
FAR_CELLS = 2**32  # beyond this many cells from the origin, a cell number is too coarse to trust


def _cell(x: float, y: float, size: float) -> tuple[int, int] | None:
    """The (column, row) of the cell of `size` holding (x, y), or None if it is further than FAR_CELLS (or NaN)."""
    column, row = x / size, y / size
    if not (abs(column) < FAR_CELLS and abs(row) < FAR_CELLS):
        return None
    return math.floor(column), math.floor(row)


def spread(
    points: list[tuple[float, float]], min_distance: float, within: tuple[float, float] | None = None
) -> list[tuple[float, float]]:
    """`points` moved so that no two closer than `min_distance` stay on top of each other.

    Points within `min_distance` of each other (transitively) form a cluster, laid out north to south
    (display y decreasing) in a column through the cluster's centre, `min_distance` apart. Others do
    not move. `within` (lowest, highest y): a column that would reach past either is slid back inside,
    whole, as far as its height allows (a column of the Kurdistan bases pushed Harir's ring off the top
    of a deck's map).
    """
    limit = min_distance**2
    moved = list(points)
    if not limit > 0:  # nothing is closer than zero (nor than NaN)
        return moved
    # Two points closer than `min_distance` lie in the same or adjacent cells; the cells are a hair
    # wider than `min_distance` so that rounding in the division cannot put them two cells apart.
    size = abs(min_distance) * (1 + 1e-4)
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def near(i: int) -> Iterable[int]:
        """Earlier points that can be closer to point i than `min_distance`."""
        if cells[i] is None:
            return range(i)
        cx, cy = cells[i]
        return [
            *loose,
            *(j for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1) for j in grid.get((gx, gy), ())),
        ]

    grid: dict[tuple[int, int], list[int]] = {}
    loose: list[int] = []  # points too far out for a cell: compared with every point
    cells = [_cell(x, y, size) for x, y in points]
    for i, (xi, yi) in enumerate(points):
        if not (math.isfinite(xi) and math.isfinite(yi)):
            continue  # an infinite or NaN position is closer to nothing
        for j in near(i):
            xj, yj = points[j]
            if (xi - xj) ** 2 + (yi - yj) ** 2 < limit:
                parent[root(i)] = root(j)
        if cells[i] is None:
            loose.append(i)
        else:
            grid.setdefault(cells[i], []).append(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(points)):
        clusters.setdefault(root(i), []).append(i)
    for members in clusters.values():
        if len(members) < 2:
            continue
        cx = sum(points[i][0] for i in members) / len(members)
        cy = sum(points[i][1] for i in members) / len(members)
        half_height = (len(members) - 1) / 2 * min_distance
        if within is not None and math.isfinite(cy):
            lowest, highest = within[0] + min_distance / 2 + half_height, within[1] - min_distance / 2 - half_height
            cy = min(max(cy, lowest), highest) if lowest <= highest else (within[0] + within[1]) / 2
        ordered = sorted(members, key=lambda i: (-points[i][1], points[i][0], i))
        for k, i in enumerate(ordered):
            moved[i] = (cx, cy + half_height - k * min_distance)
    return moved


def label_box(x: float, y: float, width: float, height: float, ha: str, va: str) -> Bbox:
    """The box of a `width` x `height` label aligned (ha, va) at (x, y)."""
    x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
    y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return Bbox.from_bounds(x0, y0, width, height)


class Taken:
    """The boxes already on the map, in the order they were added, bucketed by grid cell.

    A box is filed under every cell it touches, so a query reads only the boxes in the cells its own
    box touches. `compared` counts the boxes the queries have read (a box once per shared cell): the
    work done, which the tests hold to a few per query.
    """

    def __init__(self, cell: float, boxes: Iterable[Bbox] = ()):
        if not cell > 0:
            raise ValueError(f"cell size must be positive, not {cell!r}")
        self.cell = cell
        self.boxes: list[Bbox] = []
        self._extents: list[tuple[float, float, float, float]] = []
        self._grid: dict[tuple[int, int], list[int]] = {}
        self._wide: list[int] = []  # boxes too large or too strange to file under cells
        self.compared = 0
        for box in boxes:
            self.add(box)

    def _cells(self, x0: float, y0: float, x1: float, y1: float) -> tuple[range, range] | None:
        """The columns and rows of the cells a box touches; None if too many, or if an edge is not finite."""
        low, high = _cell(x0, y0, self.cell), _cell(x1, y1, self.cell)
        if low is None or high is None:
            return None
        columns, rows = range(low[0], high[0] + 1), range(low[1], high[1] + 1)
        return (columns, rows) if len(columns) * len(rows) <= WIDE_CELLS else None

    def add(self, box: Bbox) -> None:
        """Take `box`: later queries count the area it covers."""
        index = len(self.boxes)
        extent = (box.x0, box.y0, box.x1, box.y1)
        self.boxes.append(box)
        self._extents.append(extent)
        x0, y0, x1, y1 = extent
        if x1 <= x0 or y1 <= y0:
            return  # an empty (or upside-down) box covers nothing: `overlap` needs a positive width and height
        cells = self._cells(*extent)
        if cells is None:
            self._wide.append(index)
            return
        columns, rows = cells
        for gx in columns:
            for gy in rows:
                self._grid.setdefault((gx, gy), []).append(index)

    def _near(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """Indices, in the order added, of every box that can overlap the box with these edges."""
        cells = self._cells(x0, y0, x1, y1)
        if cells is None:
            self.compared += len(self.boxes)
            return list(range(len(self.boxes)))
        found: set[int] = set(self._wide)
        self.compared += len(self._wide)
        columns, rows = cells
        for gx in columns:
            for gy in rows:
                filed = self._grid.get((gx, gy), ())
                self.compared += len(filed)  # a box filed under several of these cells is read once per cell
                found.update(filed)
        return sorted(found)

    def overlap(self, box: Bbox) -> float:
        """Total area of `box` covered by the taken boxes (counted once per taken box).

        The areas are added in the order the boxes were taken, so the total is the same float as a
        sum over every taken box would give.
        """
        x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
        if x1 <= x0 or y1 <= y0:
            return 0.0
        total = 0.0
        for i in self._near(x0, y0, x1, y1):
            ox0, oy0, ox1, oy1 = self._extents[i]
            width = min(x1, ox1) - max(x0, ox0)
            height = min(y1, oy1) - max(y0, oy0)
            if width > 0 and height > 0:
                total += width * height
        return total


def inside(box: Bbox, outer: Bbox) -> bool:
    return box.x0 >= outer.x0 and box.x1 <= outer.x1 and box.y0 >= outer.y0 and box.y1 <= outer.y1


def best_side(boxes: list[Bbox], taken: Taken, view: Bbox) -> int:
    """Index of the first box inside `view` that overlaps nothing in `taken`, else the least bad one.

    The least bad is inside `view` if any is, then covers the least area, then comes first.
    """
    costs = []
    for i, box in enumerate(boxes):
        cost = (not inside(box, view), taken.overlap(box), i)
        if not cost[0] and cost[1] == 0:
            return i
        costs.append(cost)
    return min(costs)[2]


NEAR_SIDES = 8  # the first ring of `label_offsets`: names there need no leader line


def label_offsets(gap: float, rtl: bool) -> list[tuple[float, float, str, str]]:
    """(dx, dy in points, horizontal alignment, vertical alignment) to try, nearest first.

    The reading side comes first: right of the symbol in English, left of it in Arabic.
    """
    sides = []
    # Farther rings for crowded areas: a name set beyond the first ring gets a leader line (canvas.py).
    for distance in (gap, gap * 1.9, gap * 3, gap * 4.5, gap * 6.5, gap * 9):
        diagonal = distance * 0.75
        near = [
            (distance, 0, "left", "center"),
            (-distance, 0, "right", "center"),
            (0, distance, "center", "bottom"),
            (0, -distance, "center", "top"),
            (diagonal, diagonal, "left", "bottom"),
            (diagonal, -diagonal, "left", "top"),
            (-diagonal, diagonal, "right", "bottom"),
            (-diagonal, -diagonal, "right", "top"),
        ]
        if rtl:
            near[0], near[1] = near[1], near[0]
            near[4:] = near[6:] + near[4:6]
        sides += near
    return sides
