"""Comparing a result with a target: numbers, bounds (">90%"), ranges, compound targets and levels."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import Decimal

from chiso.values.model import Bound, EvaluationStatus

Number = Decimal | Bound

_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq,
}
_NON_STRICT = {">": ">=", "<": "<=", ">=": ">=", "<=": "<="}


def is_upward(comparator: str) -> bool:
    """Whether a comparator asks for a result at or above its number (higher is better)."""
    return comparator in (">=", ">")


def holds(result: Number, comparator: str, target: Decimal) -> bool:
    """Whether ``result comparator target`` is shown; a bound shows it only if every value it allows does."""
    if isinstance(result, Decimal):
        return _OPS[comparator](result, target)
    if comparator == "=" or is_upward(comparator) != is_upward(result.comparator):
        return False  # a half-line is unbounded on the side that would have to be ruled out
    if result.comparator in (">", "<"):
        # values approach the limit without reaching it, so the limit itself need only reach the target
        return _OPS[_NON_STRICT[comparator]](result.limit, target)
    return _OPS[comparator](result.limit, target)


def part_status(result: Number, comparator: str, target: Decimal, margin: Decimal) -> EvaluationStatus:
    """Met when the comparator holds; exceeded when better than the target by more than ``margin``."""
    if not holds(result, comparator, target):
        return EvaluationStatus.NOT_MET
    # "=" goes on as a lower-is-better check that an equal result never passes: met, never exceeded
    upward = is_upward(comparator)
    beyond = target + margin if upward else target - margin
    better = holds(result, ">" if upward else "<", beyond)
    return EvaluationStatus.EXCEEDED if better else EvaluationStatus.MET


def compound_status(parts: Sequence[EvaluationStatus]) -> EvaluationStatus:
    """All parts must be met; one failed part fails the whole even while others are still missing."""
    if EvaluationStatus.NOT_MET in parts:
        return EvaluationStatus.NOT_MET
    if EvaluationStatus.NO_DATA in parts:
        return EvaluationStatus.NO_DATA
    if all(p is EvaluationStatus.EXCEEDED for p in parts):
        return EvaluationStatus.EXCEEDED
    return EvaluationStatus.MET


def range_status(result: Number, bounds: Sequence[tuple[str, Decimal]]) -> EvaluationStatus:
    """Within every bound is met; a range has no "better" side, so it is never exceeded."""
    inside = all(holds(result, comparator, value) for comparator, value in bounds)
    return EvaluationStatus.MET if inside else EvaluationStatus.NOT_MET


def level_status(levels: Sequence[str], result: str, target: str) -> EvaluationStatus:
    """Levels are listed best first, so a smaller position is a better level."""
    gap = levels.index(target) - levels.index(result)
    if gap > 0:
        return EvaluationStatus.EXCEEDED
    return EvaluationStatus.MET if gap == 0 else EvaluationStatus.NOT_MET
