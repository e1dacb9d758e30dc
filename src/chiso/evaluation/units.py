"""Evaluating the targets of many units at once: one computed view for a subtree, then each unit from it."""

from __future__ import annotations

from collections.abc import Iterable

from chiso.catalog.model import Framework
from chiso.evaluation.evaluate import Evaluation, evaluate
from chiso.orgunits.model import Hierarchy
from chiso.values.model import RecordedEvaluation, Value
from chiso.view import FigureSource, Scope, compute_view


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
    results: list[Evaluation] = []
    for root in roots:
        view = compute_view(framework, hierarchy, source, unit=root, indicators=codes, scope=scope)
        values: dict[str, list[Value]] = {}
        for figure in view.figures.values():
            values.setdefault(figure.unit, []).append(figure.as_value(framework.code))
        chosen = [u for u in _in_order(hierarchy, root, scope) if u == unit or u in values or u in records]
        results += [e for u in chosen for e in evaluate(framework, values.get(u, []), records.get(u, []), unit=u,
                                                         as_of=as_of)]
    return results


def _in_order(hierarchy: Hierarchy, root: str, scope: Scope) -> list[str]:
    if scope is Scope.UNIT:
        return [root]
    return [root, *(u.code for u in hierarchy.descendants(root))]
