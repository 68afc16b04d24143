"""Placing symbols and labels on a slide, and thinning an animation's dates.

Placement looks only at near neighbours (a grid of cells), so that a slide with a thousand sites
does not compare every label with every other. It must still place everything exactly where the
all-pairs version did: that version is kept here as the reference, and the tests compare the two.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from dashboard.io import load_dataset
from dashboard.paths import data_root
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.slides import MAX_FRAMES, SLIDE_DPI, animation, placement, render_animation
from dashboard.slides.canvas import Slide
from dashboard.slides.scene import build_scene
from dashboard.slides.text import drawing_context

# ---- the all-pairs reference (placement.py before the grid) -------------------------------------


def reference_spread(points: list[tuple[float, float]], min_distance: float, within=None) -> list[tuple[float, float]]:
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j in range(i):
            xj, yj = points[j]
            if (xi - xj) ** 2 + (yi - yj) ** 2 < min_distance**2:
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
        top = cy + (len(members) - 1) / 2 * min_distance
        if within is not None:  # the column slid back inside, whole
            low, high = within
            column = (len(members) - 1) * min_distance
            if column + min_distance > high - low:
                top = (low + high) / 2 + column / 2
            elif top + min_distance / 2 > high:
                top = high - min_distance / 2
            elif top - column - min_distance / 2 < low:
                top = low + min_distance / 2 + column
        ordered = sorted(members, key=lambda i: (-points[i][1], points[i][0], i))
        for k, i in enumerate(ordered):
            moved[i] = (cx, top - k * min_distance)
    return moved


def reference_overlap(box: Bbox, others: list[Bbox]) -> float:
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def reference_best_side(boxes: list[Bbox], taken: list[Bbox], view: Bbox) -> int:
    def cost(i: int) -> tuple[bool, float, int]:
        return (not placement.inside(boxes[i], view), reference_overlap(boxes[i], taken), i)

    for i, box in enumerate(boxes):
        if placement.inside(box, view) and reference_overlap(box, taken) == 0:
            return i
    return min(range(len(boxes)), key=cost)


# ---- inputs -------------------------------------------------------------------------------------

# Small integers make points and edges that coincide or touch exactly, where `<` and `>` matter;
# fractions make sums whose float value depends on the order of adding.
coordinate = st.one_of(st.integers(-20, 20).map(float), st.floats(-20, 20, allow_nan=False))
points = st.lists(st.tuples(coordinate, coordinate), max_size=40)
distance = st.one_of(st.integers(-3, 6).map(float), st.floats(-6, 6, allow_nan=False))
length = st.one_of(st.integers(-2, 12).map(float), st.floats(-2, 12, allow_nan=False))  # below 0: upside down
boxes = st.builds(Bbox.from_bounds, coordinate, coordinate, length, length)
cell = st.one_of(st.sampled_from([0.5, 1.0, 3.0, 7.0, 100.0]), st.floats(0.01, 50))


@given(points, distance)
def test_spread_makes_the_same_clusters_as_comparing_every_pair(points, min_distance):
    assert placement.spread(points, min_distance) == reference_spread(points, min_distance)


SPREAD_EDGES = [
    # points, min_distance
    ([(0.0, 0.0), (3.0, 4.0)], 5.0),  # exactly min_distance apart: not a cluster
    ([(0.0, 0.0), (3.0, 4.0 - 1e-12)], 5.0),  # a hair closer: a cluster
    ([(0.0, 0.0), (0.0, 0.0), (0.0, 0.0)], 2.0),  # one place, three bases
    ([(0.0, 0.0), (1.0, 0.0)], 0.0),
    ([(0.0, 0.0), (1.0, 0.0)], -2.0),
    ([(math.nan, 0.0), (0.0, 0.0), (math.inf, 0.0), (math.inf, 0.0), (1.0, 0.0)], 2.0),
    ([(1e15, 0.0), (1e15 + 0.5, 0.0), (0.0, 0.0), (0.5, 0.0)], 1.0),  # too far out for a grid cell
    ([(0.0, 0.0), (4.0, 0.0), (1.0, 0.0), (3.0, 0.0), (2.0, 0.0)], 1.5),  # a chain, found in any order
]


@pytest.mark.parametrize("points, min_distance", SPREAD_EDGES)
def test_spread_agrees_with_the_reference_at_the_edges(points, min_distance):
    assert placement.spread(points, min_distance) == reference_spread(points, min_distance)


@given(st.lists(boxes, max_size=30), st.lists(boxes, min_size=1, max_size=5), cell)
def test_overlap_adds_up_the_same_area_as_comparing_every_box(taken, queries, size):
    index = placement.Taken(size, taken)
    for query in queries:
        assert index.overlap(query) == reference_overlap(query, taken)


@given(st.lists(boxes, max_size=30), st.lists(boxes, min_size=1, max_size=16), boxes, cell)
def test_best_side_picks_the_same_side_as_comparing_every_box(taken, sides, view, size):
    assert placement.best_side(sides, placement.Taken(size, taken), view) == reference_best_side(sides, taken, view)


ODD_BOXES = {
    "NaN edge": Bbox([[math.nan, 0.0], [5.0, 5.0]]),
    "infinite": Bbox([[-math.inf, 1.0], [math.inf, 2.0]]),
    "huge": Bbox([[0.0, 0.0], [1e6, 1e6]]),  # more cells than are worth filing it under
    "no width": Bbox([[2.0, 2.0], [2.0, 9.0]]),
    "far out": Bbox([[1e15, 1e15], [1e15 + 4, 1e15 + 4]]),  # beyond any cell number worth trusting
}


@pytest.mark.parametrize("odd", ODD_BOXES.values(), ids=ODD_BOXES.keys())
def test_overlap_agrees_with_the_reference_for_odd_boxes(odd):
    taken = [Bbox.from_bounds(0, 0, 4, 4), odd, Bbox.from_bounds(3, 1, 4, 4)]
    queries = [Bbox.from_bounds(1, 1, 3, 3), Bbox.from_bounds(-10, -10, 30, 30), odd]
    index = placement.Taken(1.0, taken)
    for query in queries:
        assert index.overlap(query) == reference_overlap(query, taken)


@pytest.fixture(scope="module")
def prepared():
    return prepare(load_dataset(data_root()))


SHOWN_ON = dt.date(2026, 3, 10)  # many places current at once: the strikes of March 2026


@pytest.mark.parametrize("lang, provinces", [("en", ()), ("ar", ()), ("en", ("IQ-BG", "IQ-AN"))])
def test_shipped_slides_place_every_symbol_and_label_as_the_reference_does(prepared, monkeypatch, lang, provinces):
    """Each placement the slide asks for, checked against the reference as the slide is drawn."""
    spread, best_side, overlap = placement.spread, placement.best_side, placement.Taken.overlap
    stacked, labels, areas = [], [], []

    def checked_spread(points, min_distance, within=None):
        got = spread(points, min_distance, within)
        assert _flat(got) == pytest.approx(_flat(reference_spread(points, min_distance, within)))
        stacked.append(sum(a != b for a, b in zip(got, points, strict=True)))
        return got

    def checked_best_side(sides, taken, view):
        got = best_side(sides, taken, view)
        assert got == reference_best_side(sides, taken.boxes, view)
        labels.append(got)
        return got

    def checked_overlap(taken, box):
        got = overlap(taken, box)
        assert got == reference_overlap(box, taken.boxes)
        areas.append(got)
        return got

    monkeypatch.setattr(placement, "spread", checked_spread)
    monkeypatch.setattr(placement, "best_side", checked_best_side)
    monkeypatch.setattr(placement.Taken, "overlap", checked_overlap)
    selection = Selection(SHOWN_ON, tuple(provinces), lang)
    scene = build_scene(prepared, selection)
    with drawing_context():
        Slide(prepared, selection, SLIDE_DPI).show(scene)
    named = [site for site in scene.sites if not site.quiet]  # the quiet ones are drawn small and unnamed
    assert len(stacked) == 1 and len(labels) == len(named) > 3  # a place asked for each name
    assert any(areas) and any(labels)  # some labels had to move off the reading side, around something in the way
    if not provinces:
        assert stacked[0] >= 2  # the Baghdad bases, stacked


def _intersection(a: Bbox, b: Bbox) -> tuple[float, float]:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)), max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


@pytest.mark.parametrize(
    "lang, provinces, on",
    [
        ("en", (), SHOWN_ON),
        ("ar", (), SHOWN_ON),
        ("en", ("IQ-AR",), SHOWN_ON),
        ("ar", ("IQ-BG", "IQ-AN"), SHOWN_ON),
        # Issue 21: the busiest year of the record, the 2020 handovers, in both languages.
        ("en", (), dt.date(2020, 3, 20)),
        ("ar", (), dt.date(2020, 3, 20)),
    ],
)
def test_issue_12_no_name_on_the_slide_covers_a_symbol_or_another_name(prepared, lang, provinces, on):
    """Measured on the drawn slide, not on the boxes the placement planned. A text box is a little taller
    than its letters (it keeps room for descenders), so a touch of a pixel or two is not an overlap."""
    selection = Selection(on, tuple(provinces), lang)
    scene = build_scene(prepared, selection)
    with drawing_context():
        slide = Slide(prepared, selection, SLIDE_DPI)
        slide.show(scene)
        slide.canvas.draw()
    named = [site.site_id for site in scene.sites if not site.quiet]
    names = [a for a in slide.ax.texts if isinstance(a, Annotation)]
    crowded = [a.get_text() for a in slide.ax.texts if not isinstance(a, Annotation) and "lack of room" in a.get_text()]
    crowded += [a.get_text() for a in slide.ax.texts if "لضيق المساحة" in a.get_text()]
    # One name per site that is not quiet: beside it, or, where there is no room, in the corner note.
    site_names = prepared.site_names[lang]
    placed = {a.get_text() for a in names}
    for site_id in named:
        note = " ".join(c.replace("\n", " ").replace("\u200f", "") for c in crowded)
        assert site_names[site_id] in placed or site_names[site_id] in note, site_id
    boxes = [Text.get_window_extent(a, slide.renderer) for a in names]  # the words alone, not the leader line
    symbols = [slide._symbol_box(s) for s in named if slide.geometry[s].geom_type == "Point"]
    for name, box in zip(names, boxes, strict=True):
        for symbol in symbols:
            width, height = _intersection(box, symbol)
            assert width * height < 0.02 * symbol.width * symbol.height, (name.get_text(), width, height)
    for i, j in itertools.combinations(range(len(boxes)), 2):
        width, height = _intersection(boxes[i], boxes[j])
        assert min(width, height) < 0.1 * boxes[i].height, (names[i].get_text(), names[j].get_text())


# ---- work done: near-linear in the number of sites --------------------------------------------------

SITES = 2000
SYMBOL = 55.0  # px: 33 points at 120 dpi


def well_spread_sites() -> tuple[list[tuple[float, float]], np.ndarray, Bbox]:
    """2,000 sites on a jittered 40-column grid (a few close enough to stack), their label widths, the view."""
    rng = np.random.default_rng(0)
    columns, rows = 40, SITES // 40
    sites = [
        ((i % columns) * 220 + 100 + rng.uniform(-30, 30), (i // columns) * 80 + 100 + rng.uniform(-15, 15))
        for i in range(SITES)
    ]
    return sites, rng.uniform(60, 160, SITES), Bbox.from_extents(0, 0, columns * 220 + 200, rows * 80 + 200)


class CountingPoints(list):
    """A list of points that counts how many times a point is read by position."""

    reads = 0

    def __getitem__(self, i):
        self.reads += 1
        return super().__getitem__(i)


def test_spreading_well_spread_sites_reads_each_a_few_times():
    sites, _, _ = well_spread_sites()
    points = CountingPoints(sites)
    moved = placement.spread(points, SYMBOL)
    stacked = sum(a != b for a, b in zip(moved, sites, strict=True))
    assert 0 < stacked < SITES // 10  # a few stacks: clusters were still found
    assert points.reads <= 5 * SITES  # comparing every pair reads SITES ** 2 / 2, about 2,000,000


def test_placing_well_spread_labels_compares_each_with_a_few_boxes():
    sites, widths, view = well_spread_sites()
    half = SYMBOL / 2
    taken = placement.Taken(SYMBOL, [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in sites])
    sides = placement.label_offsets(33 / 2 + 3, rtl=False)
    first_choice = 0
    for (x, y), width in zip(sites, widths, strict=True):
        boxes = [
            placement.label_box(x + dx * 120 / 72, y + dy * 120 / 72, width, 20.0, ha, va) for dx, dy, ha, va in sides
        ]
        chosen = placement.best_side(boxes, taken, view)
        first_choice += chosen == 0
        taken.add(boxes[chosen])
    assert first_choice > SITES * 0.8  # well spread: most labels take the reading side
    # Against every box taken (the 2,000 symbols, then each label placed) it would be over 6,000,000.
    assert taken.compared <= 10 * SITES


# ---- thinning an animation's dates ------------------------------------------------------------------


def days(count: int) -> list[dt.date]:
    return [dt.date(2014, 1, 1) + dt.timedelta(days=3 * i) for i in range(count)]


THINNED = [
    # dates, max_frames, frames kept, steps between kept dates (in dates)
    (0, MAX_FRAMES, 0, set()),
    (1, MAX_FRAMES, 1, set()),
    (2, MAX_FRAMES, 2, {1}),
    (MAX_FRAMES, MAX_FRAMES, MAX_FRAMES, {1}),
    (MAX_FRAMES + 1, MAX_FRAMES, MAX_FRAMES, {1, 2}),  # one date skipped
    (2727, MAX_FRAMES, MAX_FRAMES, {6, 7}),  # the change dates of a 1,000-site synthetic dataset
    (7, 3, 3, {3}),
    (3, 2, 2, {2}),
]


@pytest.mark.parametrize("count, max_frames, kept, steps", THINNED)
def test_thin_dates(count, max_frames, kept, steps):
    dates = days(count)
    thinned = animation.thin_dates(dates, max_frames)
    assert len(thinned) == kept
    positions = [dates.index(d) for d in thinned]
    assert {b - a for a, b in pairwise(positions)} == steps
    if dates:
        assert (thinned[0], thinned[-1]) == (dates[0], dates[-1])


def test_one_date_too_many_drops_only_the_middle_one():
    dates = days(MAX_FRAMES + 1)
    assert animation.thin_dates(dates) == dates[: MAX_FRAMES // 2] + dates[MAX_FRAMES // 2 + 1 :]


@given(st.integers(0, 3000), st.integers(2, 600))
@settings(max_examples=200)
def test_thinned_dates_are_an_even_ordered_subset_with_both_ends(count, max_frames):
    dates = days(count)
    thinned = animation.thin_dates(iter(dates), max_frames)
    assert len(thinned) == min(count, max_frames)
    assert thinned == sorted(set(thinned)) and set(thinned) <= set(dates)  # in order, no date twice
    if count:
        assert (thinned[0], thinned[-1]) == (dates[0], dates[-1])
    positions = [dates.index(d) for d in thinned]
    steps = {b - a for a, b in pairwise(positions)}
    assert max(steps, default=0) - min(steps, default=0) <= 1  # evenly spread
    assert animation.thin_dates(dates, max_frames) == thinned


@pytest.mark.parametrize("max_frames", [1, 0, -5])
def test_thin_dates_refuses_fewer_than_two_frames(max_frames):
    with pytest.raises(ValueError, match="at least 2 frames"):
        animation.thin_dates(days(10), max_frames)


def test_animation_still_refuses_more_than_max_frames(prepared):
    with pytest.raises(ValueError, match=f"{MAX_FRAMES + 1} frames is more than {MAX_FRAMES}"):
        render_animation(prepared, days(MAX_FRAMES + 1), Selection(prepared.today))


@pytest.mark.parametrize(
    ("points", "within", "expected"),
    [
        # A column of three near the top edge (y up to 100) slides down, whole, 10 apart.
        ([(0.0, 98.0), (1.0, 97.0), (2.0, 96.0)], (0.0, 100.0), [(1.0, 95.0), (1.0, 85.0), (1.0, 75.0)]),
        # Near the bottom edge it slides up.
        ([(0.0, 2.0), (1.0, 1.0)], (0.0, 100.0), [(0.5, 15.0), (0.5, 5.0)]),
        # Inside: unchanged from the column through the centre.
        ([(0.0, 50.0), (1.0, 50.0)], (0.0, 100.0), [(0.5, 55.0), (0.5, 45.0)]),
        # Taller than the view: centred on it.
        ([(0.0, 5.0), (0.0, 6.0), (0.0, 7.0)], (0.0, 15.0), [(0.0, -2.5), (0.0, 7.5), (0.0, 17.5)]),
    ],
    ids=["top", "bottom", "inside", "taller than the view"],
)
def test_a_spread_column_stays_inside_the_view(points, within, expected):
    """Seen on a deck's map of March 2026: the column of the Kurdistan bases pushed Harir's ring off the top."""
    assert _flat(placement.spread(points, 10.0, within)) == pytest.approx(_flat(expected))


def _flat(points) -> list[float]:
    return [float(c) for point in points for c in point]
