"""Running the registered checks over a framework's values."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Protocol, runtime_checkable

import chiso.checks.builtin  # noqa: F401  (registers the built-in validators)
import chiso.checks.reconcile  # noqa: F401
import chiso.checks.units  # noqa: F401
from chiso.catalog.model import Aggregation, Framework, Indicator
from chiso.checks.context import CheckContext, Key, period_code
from chiso.checks.finding import ERROR, Finding
from chiso.checks.registry import Validator, validators
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import Beside, FigureSource, MemorySource, Scope, compute_view
from chiso.view.source import AlternativeSource


def run_checks(framework: Framework, values: Iterable[Value], *, unit: str | None = None,
               period: str | None = None, kinds: Collection[str] | None = None,
               hierarchy: Hierarchy | None = None, besides: Mapping[Key, Beside] | None = None) -> list[Finding]:
    """The findings on ``values`` of ``framework``: errors first, then by catalogue order, unit and period.

    ``unit`` and ``period`` restrict the findings returned, not the values read, so that a jump into the
    period asked for is still measured from the period before it. With the ``hierarchy``, ``unit`` means
    the unit and every unit below it, and a parent's own figures are set against what its units add up
    to (``besides``, computed from ``values`` through the view unless given).
    """
    values = list(values)
    if hierarchy is not None and besides is None:
        besides = parent_besides(framework, hierarchy, MemorySource(values, hierarchy))
    ctx = CheckContext.build(framework, values, besides)
    within = _units(hierarchy, unit)
    wanted = period_code(period) if period is not None else None
    found = [finding for check in _selected(kinds) for finding in check(ctx)
             if (within is None or finding.unit in within) and (wanted is None or finding.period == wanted)]
    return sorted(found, key=_sort_key(framework))


@runtime_checkable
class NarrowingSource(FigureSource, Protocol):
    """A source that can tell, before reading, which (unit, period) slices the checks may find something in."""

    def suspects(self, framework: Framework, units: Collection[str] | None,
                 kinds: Collection[str]) -> set[tuple[str, str]] | None: ...

    def reported_at(self, framework: Framework, slices: Collection[tuple[str, str]]) -> Iterable[Value]: ...


def check_units(framework: Framework, hierarchy: Hierarchy, source: FigureSource, *, unit: str | None = None,
                period: str | None = None, kinds: Collection[str] | None = None) -> list[Finding]:
    """The findings of ``unit`` and every unit below it (every unit without ``unit``), each naming its unit.

    A source that narrows (the store) is asked first which slices may hold a finding; only their values
    are read, with the period before each, which a jump is measured from. The validators then decide.
    """
    roots = [unit] if unit is not None else [r.code for r in hierarchy.roots()]
    units = sorted({code for root in roots for code in hierarchy.subtree(root)})
    chosen = [v.kind for v in _selected(kinds)]
    everything = len(units) == len(hierarchy.units)
    values = list(_to_check(framework, source, units, everything, chosen))
    if "reconcile" in chosen and isinstance(source, AlternativeSource):
        values += source.alternatives(framework, None if everything else units)
    # Only what a parent reported itself is set against its units, so the roll-up covers those indicators only.
    codes = _reported_by_parents(framework, hierarchy, values) if "unit_total" in chosen else set()
    besides = parent_besides(framework, hierarchy, source, roots, codes) if codes else {}
    return run_checks(framework, values, unit=unit, period=period, kinds=kinds, hierarchy=hierarchy, besides=besides)


def _to_check(framework: Framework, source: FigureSource, units: list[str], everything: bool,
              kinds: list[str]) -> Iterable[Value]:
    if isinstance(source, NarrowingSource):
        slices = source.suspects(framework, None if everything else units, kinds)
        if slices is not None:
            before = {(unit, code) for unit, period in slices if (code := _before(period)) is not None}
            return source.reported_at(framework, slices | before)
    return source.reported(framework, units, None, None)


def _before(code: str) -> str | None:
    try:
        return Period.parse(code).previous().code
    except InputError:
        return None


def _reported_by_parents(framework: Framework, hierarchy: Hierarchy, values: list[Value]) -> set[str]:
    """The indicators parents reported themselves that their units' values also make (sums, rates…)."""
    found = {v.indicator for v in values if v.unit in hierarchy and hierarchy.children(v.unit)}
    return {code for code in found if framework.has(code) and _made_below(framework.indicator(code))}


def _made_below(indicator: Indicator) -> bool:
    return indicator.aggregation.combines or (indicator.aggregation is Aggregation.RATIO
                                             and indicator.formula is not None)


def parent_besides(framework: Framework, hierarchy: Hierarchy, source: FigureSource,
                   roots: Iterable[str] | None = None, indicators: Collection[str] | None = None) -> dict[Key, Beside]:
    """For every value a parent reported itself, what its units add up to (through the computed view)."""
    found: dict[Key, Beside] = {}
    for root in roots if roots is not None else [r.code for r in hierarchy.roots()]:
        if hierarchy.children(root):
            view = compute_view(framework, hierarchy, source, unit=root, scope=Scope.PARENTS, indicators=indicators)
            found.update({key: f.beside for key, f in view.figures.items() if f.beside is not None})
    return found


def _units(hierarchy: Hierarchy | None, unit: str | None) -> set[str] | None:
    if unit is None:
        return None
    return hierarchy.subtree(unit) if hierarchy is not None and unit in hierarchy else {unit}


def _selected(kinds: Collection[str] | None) -> list[Validator]:
    registered = validators()
    if kinds is None:
        return registered
    unknown = sorted(set(kinds) - {v.kind for v in registered})
    if unknown:
        raise InputError(f"không có loại kiểm tra {', '.join(unknown)}",
                         expected=", ".join(v.kind for v in registered))
    return [v for v in registered if v.kind in kinds]


def _sort_key(framework: Framework) -> Callable[[Finding], tuple[object, ...]]:
    order = {indicator.code: position for position, indicator in enumerate(framework.indicators)}

    def key(finding: Finding) -> tuple[object, ...]:
        # Unknown codes (reported as value_type errors) come after the catalogue, by code.
        position = order.get(finding.indicator, len(order))
        return (finding.severity != ERROR, position, finding.indicator, finding.unit,
                _chronological(finding.period))

    return key


def _chronological(code: str) -> tuple[int, Period | None, str]:
    try:
        return (0, Period.parse(code), code)
    except InputError:
        return (1, None, code)
