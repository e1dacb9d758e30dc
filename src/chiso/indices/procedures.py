"""Which procedures (TTHC) cost a unit the most points of an index: for every item counted from dossiers, the
points the index would gain were one procedure's dossiers all as the item wants (on time, online, with an
electronic result…), the rest of the unit's figures as they are.

The unit's score is taken as computed (its items' rates and counts); a procedure's counts
(``chiso.dossiers.by_procedure``) only move the item's numerator: up by its records the numerator misses, or,
where lower is better, down by the records it counts. The index is then scored again whole, so weights,
thresholds and rounding are those of the score itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chiso.catalog.model import Framework
from chiso.indices.score import Node, Score, Status, score
from chiso.values.numbers import round_half_up

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ItemCost:
    """What one procedure costs one item: the records it misses and the points they are worth."""

    item: str
    missing: int
    gain: Decimal


@dataclass(frozen=True)
class ProcedureCost:
    procedure: str
    gain: Decimal  # of the index's total, every item of the procedure put right at once
    items: tuple[ItemCost, ...]


def counted_items(score_: Score) -> list[Node]:
    """The scored items whose rate is a numerator over a denominator: those a procedure's dossiers move."""
    return [n for n in score_.items() if n.status is Status.SCORED and n.numerator is not None
            and n.denominator is not None and n.denominator > 0 and n.component.numerator]


def costs_by_procedure(framework: Framework, unit_score: Score,
                       counts: Mapping[str, Mapping[str, int]]) -> list[ProcedureCost]:
    """Every procedure of ``counts`` (procedure → indicator → dossiers) that costs points, the costliest first."""
    items = [n for n in counted_items(unit_score) if n.component.numerator in _codes(counts.values())]
    base = _lookup(unit_score)
    found = []
    for procedure, by_code in counts.items():
        costs = [cost for node in items if (cost := _item_cost(framework, unit_score, base, node, by_code))]
        if costs:
            moved = {c.item for c in costs}
            whole = _rescored(framework, unit_score, base, [n for n in items if n.component.code in moved], by_code)
            found.append(ProcedureCost(procedure, whole, tuple(sorted(costs, key=lambda c: -c.gain))))
    return sorted(found, key=lambda c: (-c.gain, -sum(i.missing for i in c.items), c.procedure))


def _codes(counts: Iterable[Mapping[str, int]]) -> set[str]:
    return {code for by_code in counts for code in by_code}


def _item_cost(framework: Framework, unit_score: Score, base: dict[str, Decimal | None], node: Node,
               by_code: Mapping[str, int]) -> ItemCost | None:
    missing = _missing(node, by_code)
    if missing <= 0:
        return None
    gain = _rescored(framework, unit_score, base, [node], by_code)
    return ItemCost(node.component.code, missing, gain)


def _missing(node: Node, by_code: Mapping[str, int]) -> int:
    """The procedure's records the item's numerator misses (or, lower being better, counts)."""
    counted = by_code.get(node.component.numerator, 0)
    if node.component.lower_is_better:
        return counted
    return by_code.get(node.component.denominator, 0) - counted if node.component.denominator in by_code else 0


def _rescored(framework: Framework, unit_score: Score, base: dict[str, Decimal | None], nodes: list[Node],
              by_code: Mapping[str, int]) -> Decimal:
    """The index's total gained were the procedure's records right in every item of ``nodes``."""
    figures = dict(base)
    for node in nodes:
        assert node.numerator is not None and node.denominator is not None
        change = _missing(node, by_code)
        numerator = node.numerator - change if node.component.lower_is_better else node.numerator + change
        places = framework.indicator(node.component.indicator).places
        figures[node.component.numerator] = numerator
        figures[node.component.indicator] = round_half_up(numerator / node.denominator * HUNDRED, places)
    again = score(framework, unit_score.index, figures.get, unit_score.unit, unit_score.period)
    return (again.total or Decimal(0)) - (unit_score.total or Decimal(0))


def _lookup(unit_score: Score) -> dict[str, Decimal | None]:
    """The figures the score was computed from, as its items keep them."""
    figures: dict[str, Decimal | None] = {}
    for node in unit_score.items():
        component = node.component
        figures[component.indicator] = node.rate
        if component.numerator:
            figures[component.numerator] = node.numerator
        if component.denominator:
            figures[component.denominator] = node.denominator
    return figures
