"""Evaluating the targets of many units at once: one computed view for a subtree, then each unit from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial

from chiso.catalog.model import Framework
from chiso.evaluation.evaluate import Evaluation, evaluate_series, unit_scope
from chiso.evaluation.points import Views, judged_points
from chiso.evaluation.series import Point, Series, within
from chiso.orgunits.model import Hierarchy
from chiso.orgunits.peers import rank_base
from chiso.periods import Period
from chiso.values.model import RecordedEvaluation
from chiso.view import FigureSource, Scope
from chiso.view.plan import needed_indicators, periods_to_compute


def target_indicators(framework: Framework) -> set[str]:
    """The indicators a framework's targets are judged on."""
    found: set[str] = set()
    for indicator, target in framework.targets():
        found |= {indicator.code, *(part.indicator for part in target.parts)}
    return found


def evaluate_units(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
                   recorded: Iterable[RecordedEvaluation], *, unit: str | None = None, as_of: str | None = None,
                   below: bool = False, today: date | None = None) -> list[Evaluation]:
    """The evaluations of ``unit`` (and every unit below it with ``below``), or of every unit with figures.

    Figures come from the computed view, so a province's targets are judged on what its communes report.
    """
    codes = target_indicators(framework)
    if not codes:
        return []
    records: dict[str, list[RecordedEvaluation]] = {}
    for record in recorded:
        records.setdefault(record.unit, []).append(record)
    roots = [unit] if unit is not None else sorted(r.code for r in hierarchy.roots())
    scope = Scope.SUBTREE if below or unit is None else Scope.UNIT
    cutoff = Period.parse(as_of) if as_of else None
    results: list[Evaluation] = []
    for root in roots:
        points = _judged_points(framework, hierarchy, source, Asked(root, codes, scope, cutoff))
        chosen = [u for u in _in_order(hierarchy, root, scope) if u == unit or u in points or u in records]
        for code in chosen:
            series = Series.of_points(points.get(code, []), cutoff)
            kind, groups = unit_scope(hierarchy, code)
            results += evaluate_series(framework, series, records.get(code, []), unit=code, as_of=cutoff,
                                       unit_type=kind, groups=groups, today=today,
                                       out_of=partial(rank_base, hierarchy, code))
    return results


@dataclass(frozen=True)
class Asked:
    root: str
    codes: set[str]
    scope: Scope
    as_of: Period | None


def _judged_points(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
                   asked: Asked) -> dict[str, list[tuple[str, Point]]]:
    """Of each unit of the subtree asked, the figures its evaluation reads (chiso.evaluation.points)."""
    units = _in_order(hierarchy, asked.root, asked.scope)
    needed = needed_indicators(framework, asked.codes)
    present = source.periods(framework, hierarchy.subtree(asked.root), needed)
    shown, _ = periods_to_compute(framework, needed, present, None)
    periods = [p for p in shown if within(p, asked.as_of)]
    views = Views(framework, hierarchy, source, asked.root, asked.scope, asked.codes, present, periods)
    return judged_points(views, units, asked.as_of)


def _in_order(hierarchy: Hierarchy, root: str, scope: Scope) -> list[str]:
    if scope is Scope.UNIT:
        return [root]
    return [root, *(u.code for u in hierarchy.descendants(root))]
