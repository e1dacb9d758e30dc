"""A scanned page's ruled tables, found from the rules alone: long dark runs of the binarised image.

A rule is a band of rows (columns, for a vertical rule) holding runs of dark pixels longer than any stroke
of a letter; the band's rows are joined over a few pixels, so a rule printed thick or scanned slightly
skewed is one rule. The rules meeting each other make a grid; a cell whose rule to its right (or below) is
missing over most of its side is merged with its neighbour, so a cell spanning columns or rows is one box.
Row bands no vertical rule crosses separate two tables. Only numpy: the page is an array, and every step
is a few array operations.

A rule is at least a fiftieth of the image's longer side (70 pixels of an A4 page at 300 dpi): longer than
the stroke of a letter of a title, shorter than the side of the smallest cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Box", "Grid", "binarised", "find_grids", "interior", "line_heights", "without_rules"]

Mask = NDArray[np.bool_]
JOIN = 2  # pixels: a rule's rows one skewed or thick line prints over are joined across this gap
SHORTEST = 50  # a rule is longer than the image's longer side divided by this
OPEN = 0.5  # a cell's side printed over less than this share of its length has no rule: the cells merge


@dataclass(frozen=True)
class Rule:
    """A horizontal (or vertical) rule: where it is across, and where along it is printed."""

    position: int
    printed: Mask  # along the rule: whether that pixel is on it

    def covers(self, start: int, end: int) -> bool:
        """Whether the rule is printed over most of ``start``–``end`` (a cell's side, corners left out)."""
        margin = (end - start) // 8
        side = self.printed[start + margin:max(start + margin + 1, end - margin)]
        return bool(side.size) and float(side.mean()) >= OPEN


@dataclass(frozen=True)
class Box:
    """A cell of a grid: its first row and column (from 0) and how many of them it spans."""

    row: int
    column: int
    rows: int
    columns: int


@dataclass(frozen=True)
class Grid:
    """One ruled table: the rules' positions top to bottom and left to right, and its cells."""

    ys: tuple[int, ...]
    xs: tuple[int, ...]
    boxes: tuple[Box, ...]
    owner: tuple[tuple[int, ...], ...]  # for each grid row and column, the index of the box covering it


def binarised(gray: NDArray[np.uint8]) -> Mask:
    """The dark pixels of a grey page, by Otsu's threshold (a scan's paper is seldom white)."""
    counts = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    below, mass = np.cumsum(counts), np.cumsum(counts * levels)
    above = below[-1] - below
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = (mass[-1] * below - mass * below[-1]) ** 2 / (below * above)
    threshold = int(np.nanargmax(np.where(np.isfinite(spread), spread, np.nan))) if above.any() else 127
    return gray <= threshold


def _runs(mask: Mask, shortest: int) -> Mask:
    """The pixels of each row's dark runs at least ``shortest`` long."""
    rows, width = mask.shape
    padded = np.zeros((rows, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1).ravel()
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = (ends - starts) >= shortest
    marks = np.zeros(rows * (width + 1) + 1, dtype=np.int32)
    np.add.at(marks, starts[long], 1)
    np.add.at(marks, ends[long], -1)
    return (np.cumsum(marks)[:-1].reshape(rows, width + 1)[:, :width]) > 0


def _thickened(mask: Mask) -> Mask:
    """Each pixel dark when one within :data:`JOIN` rows of it is: a skewed rule's steps overlap."""
    found = mask.copy()
    for shift in range(1, JOIN + 1):
        found[shift:] |= mask[:-shift]
        found[:-shift] |= mask[shift:]
    return found


def rule_pixels(dark: Mask) -> tuple[Mask, Mask]:
    """The pixels of the horizontal rules and of the vertical ones (with the few pixels joined to them)."""
    shortest = max(20, max(dark.shape) // SHORTEST)
    return _runs(_thickened(dark), shortest), _runs(_thickened(dark.T), shortest).T


def _rules(pixels: Mask) -> list[Rule]:
    """The rules of one direction: bands of rows holding rule pixels, each band one rule."""
    rows = np.flatnonzero(pixels.any(axis=1))
    if not rows.size:
        return []
    breaks = np.flatnonzero(np.diff(rows) > JOIN + 1) + 1
    return [Rule(int(band.mean().round()), np.asarray(pixels[band[0]:band[-1] + 1].any(axis=0), dtype=np.bool_))
            for band in np.split(rows, breaks)]


def find_grids(dark: Mask) -> list[Grid]:
    """The page's ruled tables, top to bottom; none when the page has no grid of rules."""
    horizontal, vertical = rule_pixels(dark)
    across, down = _rules(horizontal), _rules(vertical.T)
    return [grid for band in _tables(across, down) if (grid := _grid(band, down)) is not None]


def _tables(across: list[Rule], down: list[Rule]) -> Iterator[list[Rule]]:
    """The horizontal rules grouped by table: a band between two of them no vertical rule crosses ends one."""
    group: list[Rule] = []
    for rule in across:
        if group and not any(v.covers(group[-1].position, rule.position) for v in down):
            yield group
            group = []
        group.append(rule)
    yield group


def _grid(across: list[Rule], down: list[Rule]) -> Grid | None:
    if len(across) < 2:
        return None
    ys = tuple(r.position for r in across)
    crossing = [v for v in down if any(v.covers(ys[i], ys[i + 1]) for i in range(len(ys) - 1))]
    if len(crossing) < 2:
        return None
    xs = tuple(v.position for v in crossing)
    merged_right = [[not crossing[c + 1].covers(ys[r], ys[r + 1]) for c in range(len(xs) - 2)]
                    for r in range(len(ys) - 1)]
    merged_down = [[not across[r + 1].covers(xs[c], xs[c + 1]) for c in range(len(xs) - 1)]
                   for r in range(len(ys) - 2)]
    boxes, owner = _boxes(len(ys) - 1, len(xs) - 1, merged_right, merged_down)
    return Grid(ys, xs, boxes, owner)


def _boxes(rows: int, columns: int, merged_right: list[list[bool]],
           merged_down: list[list[bool]]) -> tuple[tuple[Box, ...], tuple[tuple[int, ...], ...]]:
    """The cells as boxes: each grid cell joined with the neighbours no rule parts it from."""
    owner = [[-1] * columns for _ in range(rows)]
    boxes: list[Box] = []
    for row in range(rows):
        for column in range(columns):
            if owner[row][column] >= 0:
                continue
            width = 1
            while column + width < columns and merged_right[row][column + width - 1] \
                    and owner[row][column + width] < 0:
                width += 1
            height = 1
            while row + height < rows and all(merged_down[row + height - 1][column:column + width]):
                height += 1
            for r in range(row, row + height):
                owner[r][column:column + width] = [len(boxes)] * width
            boxes.append(Box(row, column, height, width))
    return tuple(boxes), tuple(tuple(r) for r in owner)


def without_rules(dark: Mask) -> Mask:
    """The dark pixels but the rules': what the recogniser should read, no rule taken for a letter."""
    horizontal, vertical = rule_pixels(dark)
    return dark & ~(horizontal | vertical)


def interior(grid: Grid, box: Box) -> tuple[slice, slice]:
    """The box's pixels inside its rules (rows, columns), the rules' own few pixels left out."""
    inset = JOIN + 2
    top, bottom = grid.ys[box.row] + inset, grid.ys[box.row + box.rows] - inset
    left, right = grid.xs[box.column] + inset, grid.xs[box.column + box.columns] - inset
    return slice(top, max(top, bottom)), slice(left, max(left, right))


def line_heights(ink: Mask) -> list[int]:
    """The heights of a cell's lines of text: bands of rows with ink, a blank row between two lines."""
    rows = np.concatenate([[0], ink.any(axis=1).astype(np.int8), [0]])
    edges = np.diff(rows)
    return [int(h) for h in np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)]
