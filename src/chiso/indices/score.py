"""An index scored for one unit and period from the computed view's figures.

Each item reads its indicator's rate as the view gives it (reported, derived from the counted dossiers or
aggregated), and its counts when it has them. An item whose denominator is zero is N/A or worth 0 as it
declares; an item without figures is *missing*. Neither N/A nor missing items earn or lose points: a group
and the index say out of how many points they were scored (``out_of``), and a 0–1 score is the total over
that. Missing is never zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.indices.model import Component, Index, ZeroDenominator
from chiso.indices.points import POINT_PLACES, needed, points
from chiso.values.numbers import round_half_up
from chiso.view import View

Lookup = Callable[[str], Decimal | None]  # an indicator's number for the unit and period scored


class Status(StrEnum):
    SCORED = "scored"
    NA = "na"  # a zero denominator declared not applicable: nothing to judge
    MISSING = "missing"  # no figure: not known, so not scored

    @property
    def label(self) -> str:
        return {Status.SCORED: "Có điểm", Status.NA: "N/A", Status.MISSING: "Chưa có số liệu"}[self]


@dataclass(frozen=True)
class Node:
    """A component's score: for an item its rate and counts, for a group its parts'."""

    component: Component
    status: Status
    points: Decimal | None = None
    out_of: Decimal = Decimal(0)  # the points of the parts that were scored
    rate: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    need: int | None = None  # more numerator records for the threshold (fewer when lower is better)
    parts: tuple[Node, ...] = ()

    @property
    def lost(self) -> Decimal:
        """The points short of full, among what was scored."""
        return self.out_of - self.points if self.points is not None else Decimal(0)

    def items(self) -> list[Node]:
        return [self] if not self.parts else [n for p in self.parts for n in p.items()]


@dataclass(frozen=True)
class Score:
    """An index scored for one unit and period."""

    index: Index
    unit: str
    period: str
    groups: tuple[Node, ...]
    total: Decimal | None
    out_of: Decimal
    normalised: Decimal | None = None  # the total over out_of, 0–1, for an index that declares it

    @property
    def lost(self) -> Decimal:
        return self.out_of - self.total if self.total is not None else Decimal(0)

    def items(self) -> list[Node]:
        return [n for g in self.groups for n in g.items()]

    @property
    def ranked_by(self) -> Decimal | None:
        """What peers are ranked by: the 0–1 score when the index has one, else the total."""
        return self.normalised if self.index.normalise else self.total


def scores(framework: Framework, index: str, view: View, unit: str, period: str) -> Score:
    """The index ``index`` of ``framework`` scored for ``unit`` and ``period`` on ``view``'s figures."""
    declared = framework.index(index)
    if declared is None:
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ số «{index}»", column="index")

    def number(code: str) -> Decimal | None:
        figure = view.figure(code, unit, period)
        return figure.number if figure is not None else None

    return score(framework, declared, number, unit, period)


def score(framework: Framework, index: Index, number: Lookup, unit: str, period: str) -> Score:
    """The index scored from ``number``, each indicator's figure for the unit and period."""
    groups = tuple(_node(framework, group, number) for group in index.groups)
    scored = [g for g in groups if g.points is not None]
    total = _weighted(scored) if scored else None
    out_of = sum((g.component.weight * g.out_of for g in groups), Decimal(0))
    normalised = None
    if index.normalise and total is not None and out_of > 0:
        normalised = round_half_up(total / out_of, index.decimals)
    return Score(index, unit, period, groups, total, out_of, normalised)


def _node(framework: Framework, component: Component, number: Lookup) -> Node:
    if component.scored:
        return _item(framework, component, number)
    parts = tuple(_node(framework, part, number) for part in component.parts)
    scored = [p for p in parts if p.points is not None]
    out_of = sum((p.component.weight * p.out_of for p in parts), Decimal(0))
    if scored:
        return Node(component, Status.SCORED, _weighted(scored), out_of, parts=parts)
    status = Status.NA if any(p.status is Status.NA for p in parts) else Status.MISSING
    return Node(component, status, parts=parts)


def _weighted(nodes: list[Node]) -> Decimal:
    return round_half_up(sum((n.component.weight * (n.points or 0) for n in nodes), Decimal(0)), POINT_PLACES)


def _item(framework: Framework, component: Component, number: Lookup) -> Node:
    numerator = number(component.numerator) if component.numerator else None
    denominator = number(component.denominator) if component.denominator else None
    if denominator is not None and denominator == 0:
        if component.zero_denominator is ZeroDenominator.ZERO:
            return Node(component, Status.SCORED, Decimal(0), component.max, numerator=numerator,
                        denominator=denominator)
        return Node(component, Status.NA, numerator=numerator, denominator=denominator)
    rate = number(component.indicator)
    if rate is None:
        return Node(component, Status.MISSING, numerator=numerator, denominator=denominator)
    need = None
    if numerator is not None and denominator is not None:
        need = needed(component, numerator, denominator, framework.indicator(component.indicator).places)
    return Node(component, Status.SCORED, points(component, rate), component.max, rate, numerator, denominator,
                need)
