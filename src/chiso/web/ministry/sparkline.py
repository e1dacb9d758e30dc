"""A small line of a unit's last periods, drawn as inline SVG by the template: no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, MARGIN = 80, 20, 2  # the SVG's units


def _at(number: float) -> str:
    """A coordinate as SVG reads it: a template would write a float the page's way (12,5 in Vietnamese)."""
    return f"{number:.1f}"


@dataclass(frozen=True)
class Dot:
    x: str
    y: str


@dataclass(frozen=True)
class Sparkline:
    """The points of the periods with a number, each at its period's place; a gap where one has none."""

    segments: tuple[str, ...]  # polyline ``points`` of each run of periods with a number
    dots: tuple[Dot, ...]
    width: str = _at(WIDTH)
    height: str = _at(HEIGHT)

    @property
    def last(self) -> Dot:
        return self.dots[-1]


def sparkline(numbers: Sequence[Decimal | None]) -> Sparkline | None:
    """The line of ``numbers`` (oldest first), scaled between their lowest and highest; None with fewer than two."""
    known = [float(n) for n in numbers if n is not None]
    if len(known) < 2:
        return None
    low, high = min(known), max(known)
    step = (WIDTH - 2 * MARGIN) / max(len(numbers) - 1, 1)

    def dot(index: int, number: Decimal) -> Dot:
        share = (float(number) - low) / (high - low) if high > low else 0.5
        return Dot(_at(MARGIN + index * step), _at(HEIGHT - MARGIN - share * (HEIGHT - 2 * MARGIN)))

    runs: list[list[Dot]] = [[]]
    dots = []
    for index, number in enumerate(numbers):
        if number is None:
            runs.append([])
            continue
        runs[-1].append(dot(index, number))
        dots.append(runs[-1][-1])
    return Sparkline(tuple(" ".join(f"{d.x},{d.y}" for d in run) for run in runs if len(run) > 1), tuple(dots))
