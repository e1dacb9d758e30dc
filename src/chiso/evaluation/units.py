"""Evaluating the targets of many units at once: one computed view for a subtree, then each unit from it."""

from __future__ import annotations

from collections.abc import Iterable

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.evaluation.evaluate import Evaluation, evaluate_series
from chiso.evaluation.series import Point, Series
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import Reading, RecordedEvaluation, read_value
from chiso.view import Figure, FigureSource, Scope, compute_view


def target_indicators(framework: Framework) -> set[str]:
    """The indicators a framework's targets are judged on."""
    found: set[str] = set()
    for indicator, target in framework.targets():
        found |= {indicator.code, *(part.indicator for part in target.parts)}
    return found


def evaluate_units(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
                   recorded: Iterable[RecordedEvaluation], *, unit: str | None = None, as_of: str | None = None,
                   below: bool = False) -> list[Evaluation]:
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
        view = compute_view(framework, hierarchy, source, unit=root, indicators=codes, scope=scope)
        points = _points(framework, view.figures.values())
        chosen = [u for u in _in_order(hierarchy, root, scope) if u == unit or u in points or u in records]
        for code in chosen:
            series = Series.of_points(points.get(code, []), cutoff)
            results += evaluate_series(framework, series, records.get(code, []), unit=code, as_of=cutoff)
    return results


def _points(framework: Framework, figures: Iterable[Figure]) -> dict[str, list[tuple[str, Point]]]:
    """Each unit's figures as the readings an evaluation judges: a figure's exact number is already read."""
    found: dict[str, list[tuple[str, Point]]] = {}
    for figure in figures:
        reading = figure.number if figure.number is not None else _reading(framework, figure)
        if reading is not None:
            found.setdefault(figure.unit, []).append((figure.indicator, Point(Period.parse(figure.period), reading)))
    return found


def _reading(framework: Framework, figure: Figure) -> Reading | None:
    try:
        return read_value(framework.indicator(figure.indicator), figure.value)
    except InputError:
        return None  # a value of the wrong type: the checks report it, an evaluation cannot use it


def _in_order(hierarchy: Hierarchy, root: str, scope: Scope) -> list[str]:
    if scope is Scope.UNIT:
        return [root]
    return [root, *(u.code for u in hierarchy.descendants(root))]
