"""Evaluating the targets of many units at once: one computed view for a subtree, then each unit from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.evaluation.evaluate import Evaluation, evaluate_series, unit_scope
from chiso.evaluation.kinds import is_forecastable
from chiso.evaluation.series import Point, Series, earliest_key, latest_key, within
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import Reading, RecordedEvaluation, read_value
from chiso.view import Figure, FigureSource, Scope, compute_view
from chiso.view.plan import needed_indicators, periods_to_compute


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
        points = _judged_points(framework, hierarchy, source, Asked(root, codes, scope, cutoff))
        chosen = [u for u in _in_order(hierarchy, root, scope) if u == unit or u in points or u in records]
        for code in chosen:
            series = Series.of_points(points.get(code, []), cutoff)
            kind, groups = unit_scope(hierarchy, code)
            results += evaluate_series(framework, series, records.get(code, []), unit=code, as_of=cutoff,
                                       unit_type=kind, groups=groups)
    return results


@dataclass(frozen=True)
class Asked:
    root: str
    codes: set[str]
    scope: Scope
    as_of: Period | None


def _judged_points(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
                   asked: Asked) -> dict[str, list[tuple[str, Point]]]:
    """Each unit's latest and earliest figure of every indicator judged: all an evaluation reads of a series.

    The view is computed one period at a time, the latest first (and, for forecasts, the earliest first),
    until every unit has a figure of every indicator or the periods run out: one or two periods for a store
    whose units all report, instead of every period of every unit.
    """
    units = [asked.root, *(u.code for u in hierarchy.descendants(asked.root))] \
        if asked.scope is not Scope.UNIT else [asked.root]
    wanted = {(u, code) for u in units for code in asked.codes}
    present = source.periods(framework, hierarchy.subtree(asked.root), needed_indicators(framework, asked.codes))
    shown, _ = periods_to_compute(framework, needed_indicators(framework, asked.codes), present, None)
    periods = [p for p in shown if within(p, asked.as_of)]
    latest = _first_met(framework, hierarchy, source, asked, sorted(periods, key=latest_key, reverse=True),
                        present, wanted)
    earliest = _first_met(framework, hierarchy, source, asked, sorted(periods, key=earliest_key), present,
                          wanted) if _forecasts(framework) else {}
    points: dict[str, list[tuple[str, Point]]] = {}
    for key in wanted:
        for point in dict.fromkeys(p for p in (latest.get(key), earliest.get(key)) if p is not None):
            points.setdefault(key[0], []).append((key[1], point))
    return points


def _first_met(framework: Framework, hierarchy: Hierarchy, source: FigureSource, asked: Asked,
               order: list[Period], present: set[str], wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Point]:
    """Each (unit, indicator)'s figure of the first period in ``order`` that has one."""
    found: dict[tuple[str, str], Point] = {}
    for period in order:
        if len(found) == len(wanted):
            break
        view = compute_view(framework, hierarchy, source, unit=asked.root, periods=[period],
                            indicators=asked.codes, scope=asked.scope, present=present)
        for figure in view.figures.values():
            key = (figure.unit, figure.indicator)
            if key in wanted and key not in found and (point := _point(framework, figure)) is not None:
                found[key] = point
    return found


def _forecasts(framework: Framework) -> bool:
    """Whether some target's forecast needs the earliest figure (a forecastable one without a declared baseline)."""
    return any(is_forecastable(t.kind) and t.baseline is None for _, t in framework.targets())


def _point(framework: Framework, figure: Figure) -> Point | None:
    reading = figure.number if figure.number is not None else _reading(framework, figure)
    return None if reading is None else Point(Period.parse(figure.period), reading)


def _reading(framework: Framework, figure: Figure) -> Reading | None:
    try:
        return read_value(framework.indicator(figure.indicator), figure.value)
    except InputError:
        return None  # a value of the wrong type: the checks report it, an evaluation cannot use it


def _in_order(hierarchy: Hierarchy, root: str, scope: Scope) -> list[str]:
    if scope is Scope.UNIT:
        return [root]
    return [root, *(u.code for u in hierarchy.descendants(root))]
