"""Keeping symbols and labels apart, in display pixels.

At the scale of a whole-country slide some bases are closer than their symbols are wide (Baghdad
airport and the Union III headquarters are 16 km apart); such clusters are stacked north to south
in a column through their centre, with a leader line back to the true position (a column, because
labels are wide and short: stacked symbols can all keep their label on the same side). Labels then
take the first side of their symbol where they cover nothing, or the side where they cover least.
"""
from __future__ import annotations

from matplotlib.transforms import Bbox


def spread(points: list[tuple[float, float]], min_distance: float) -> list[tuple[float, float]]:
    """`points` moved so that no two closer than `min_distance` stay on top of each other.

    Points within `min_distance` of each other (transitively) form a cluster, laid out north to south
    (display y decreasing) in a column through the cluster's centre, `min_distance` apart. Others do
    not move.
    """
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j in range(i):
            xj, yj = points[j]
            if (xi - xj) ** 2 + (yi - yj) ** 2 < min_distance ** 2:
                parent[root(i)] = root(j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(points)):
        clusters.setdefault(root(i), []).append(i)
    moved = list(points)
    for members in clusters.values():
        if len(members) < 2:
            continue
        cx = sum(points[i][0] for i in members) / len(members)
        cy = sum(points[i][1] for i in members) / len(members)
        ordered = sorted(members, key=lambda i: (-points[i][1], points[i][0], i))
        for k, i in enumerate(ordered):
            moved[i] = (cx, cy + ((len(members) - 1) / 2 - k) * min_distance)
    return moved


def label_box(x: float, y: float, width: float, height: float, ha: str, va: str) -> Bbox:
    """The box of a `width` x `height` label aligned (ha, va) at (x, y)."""
    x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
    y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return Bbox.from_bounds(x0, y0, width, height)


def overlap(box: Bbox, others: list[Bbox]) -> float:
    """Total area of `box` covered by `others` (counted once per other box)."""
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def inside(box: Bbox, outer: Bbox) -> bool:
    return box.x0 >= outer.x0 and box.x1 <= outer.x1 and box.y0 >= outer.y0 and box.y1 <= outer.y1


def best_side(boxes: list[Bbox], taken: list[Bbox], view: Bbox) -> int:
    """Index of the first box inside `view` that overlaps nothing in `taken`, else the least bad one."""
    def cost(i: int) -> tuple[bool, float, int]:
        return (not inside(boxes[i], view), overlap(boxes[i], taken), i)

    for i, box in enumerate(boxes):
        if inside(box, view) and overlap(box, taken) == 0:
            return i
    return min(range(len(boxes)), key=cost)


def label_offsets(gap: float, rtl: bool) -> list[tuple[float, float, str, str]]:
    """(dx, dy in points, horizontal alignment, vertical alignment) to try, nearest first.

    The reading side comes first: right of the symbol in English, left of it in Arabic.
    """
    sides = []
    for distance in (gap, gap * 1.9):
        diagonal = distance * 0.75
        near = [(distance, 0, "left", "center"), (-distance, 0, "right", "center"),
                (0, distance, "center", "bottom"), (0, -distance, "center", "top"),
                (diagonal, diagonal, "left", "bottom"), (diagonal, -diagonal, "left", "top"),
                (-diagonal, diagonal, "right", "bottom"), (-diagonal, -diagonal, "right", "top")]
        if rtl:
            near[0], near[1] = near[1], near[0]
            near[4:] = near[6:] + near[4:6]
        sides += near
    return sides
