"""The computed view: every indicator's figure for an org unit's subtree and periods, with its provenance.

For each unit (children before parents) and period (shorter before longer), each indicator's figure is,
in this order of preference:

1. *reported*: the value stored for the unit. At a parent it is the official figure; what its units add
   up to is kept beside it (``Figure.beside``) so a check can compare the two;
2. *derived*: the indicator's formula over the same unit's figures, rounded half up to its decimals;
3. *aggregated* over the active units below (``aggregation: sum|min|max``), with how many of the units
   expected contributed, or *rolled up* over the shorter periods within (``period_rollup: sum|last``),
   whichever covers more units. Rates (``aggregation: ratio``) are derived at every level from their
   aggregated inputs, never averaged.

Missing is never zero: no contribution gives no figure, and a bound (">90") cannot be added up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import chain

from chiso.catalog.model import Aggregation, Framework, Indicator, PeriodRollup
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period, PeriodType
from chiso.values.model import Value
from chiso.values.numbers import canonical, round_half_up
from chiso.view.figure import Beside, Completeness, Figure, Provenance
from chiso.view.gaps import missing
from chiso.view.plan import Scope, UnitPlan, finer, needed_indicators, needed_subs, periods_to_compute, sub_periods
from chiso.view.result import View
from chiso.view.source import FigureSource, Partial, exact
from chiso.view.succession import COMPOSED_ORIGIN, SuccessionSource, tree_source

Cell = dict[str, Figure]
DERIVED_SOURCE = "chiso: tính theo công thức"
AGGREGATED_SOURCE = "chiso: tổng hợp từ đơn vị cấp dưới"
ROLLED_UP_SOURCE = "chiso: cộng dồn từ các kỳ ngắn hơn"


def compute_view(framework: Framework, hierarchy: Hierarchy, source: FigureSource, *, unit: str,
                 periods: Collection[Period] | None = None, indicators: Collection[str] | None = None,
                 scope: Scope = Scope.UNIT, present: Collection[str] | None = None, tree: date | None = None) -> View:
    """The figures of ``unit`` (and, by ``scope``, of the units below it) for ``indicators`` in ``periods``.

    Without ``periods`` the view covers every period with data in the subtree (and the years they fall
    in, for indicators with a period roll-up); without ``indicators``, every indicator. ``present`` (the
    periods with data in the subtree, when the caller already knows them) saves asking the source.
    ``tree`` is the day whose units the view is computed on (``hierarchy`` as given when None): on the
    tree of 2026 the new Đắk Lắk's 2023 is its predecessors' figures combined (``chiso.view.succession``).
    """
    hierarchy = hierarchy if tree is None else hierarchy.at(tree)
    if unit not in hierarchy and hierarchy.is_group(unit):
        from chiso.view.groups import group_view  # a group's figures: its members as the children of a parent

        return group_view(framework, hierarchy, source, unit=unit, periods=periods, indicators=indicators,
                          scope=scope, present=present)
    source = tree_source(source, hierarchy)
    succession = source if isinstance(source, SuccessionSource) else None
    units = UnitPlan(hierarchy, unit, scope)
    codes = needed_indicators(framework, indicators)
    present = source.periods(framework, units.subtree, codes) if present is None else present
    shown, computed = periods_to_compute(framework, codes, present, periods)
    wanted = [p.code for p in computed]
    # A leaf below a parent of the plan is computed in the periods shown only (its longer ones come rolled up).
    leaves = [u for u in units.fetched if units.is_leaf(u) and u != units.root]
    others = [u for u in units.fetched if not units.is_leaf(u) or u == units.root]
    own = source.reported(framework, leaves, codes, [p.code for p in shown]) if leaves else ()
    reported = _index_values(chain(source.reported(framework, others, codes, wanted), own))
    combined = [c for c in codes if framework.indicator(c).aggregation.combines]
    if all(units.shows_leaves_of(parent) for parent in units.leaf_parents):
        # Every leaf is rolled up by the source: the parents need their shorter periods only where those are
        # shown, or where a longer period misses some leaf (their own roll-up may then cover more) or they
        # reported a shorter period themselves.
        rolled = _roll_leaves(framework, source, units, combined, shown, {})
        if _complete(framework, units, combined, shown, rolled) and not _reported_within(reported, shown):
            computed = [p for p in computed if p in set(shown)]
            wanted = [p.code for p in computed]
        partials = _index_partials(source.partials(framework, units.leaf_parents, combined, wanted))
    else:
        partials = _index_partials(source.partials(framework, units.leaf_parents, combined, wanted))
        rolled = _roll_leaves(framework, source, units, combined, shown, partials)
    run = _Computation(framework, units, codes, computed, reported, partials, rolled, shown)
    run.compute()
    keep, output = {p.code for p in shown}, units.output_set
    chosen = set(indicators) if indicators is not None else set(codes)
    figures = {(code, u, p): figure for (u, p), cell in run.cells.items() if u in output and p in keep
               for code, figure in cell.items() if code in chosen}
    if succession is None:
        return View(framework, unit, scope, tuple(shown), figures, frozenset(present))
    gaps = missing(run.cells, run.periods, codes, succession.gaps, framework)
    return View(framework, unit, scope, tuple(shown), figures, frozenset(present),
                {k: g for k, g in gaps.items() if k[1] in output and k[2] in keep and k[0] in chosen},
                dict(succession.compositions), hierarchy.on)


def _complete(framework: Framework, units: UnitPlan, codes: list[str], shown: list[Period], rolled: _Rolled) -> bool:
    """Whether every leaf of every parent was rolled up to every longer period shown, for every rolled code."""
    rolling = [c for c in codes if framework.indicator(c).period_rollup is not PeriodRollup.NONE]
    for period in (p for p in shown if p.type is not PeriodType.MONTH) if rolling else ():
        for parent in units.leaf_parents:
            leaves = units.steady_leaves(parent, period)
            found = rolled.partials.get((parent, period.code), {})
            if leaves is None or any(code not in found or found[code].count < leaves for code in rolling):
                return False
    return True


def _reported_within(reported: dict[tuple[str, str], dict[str, Value]], shown: list[Period]) -> bool:
    """Whether a unit reported a period that is not shown (a parent's own quarter within a year shown)."""
    kept = {p.code for p in shown}
    return any(period not in kept for _unit, period in reported)


def _index_values(values: Iterable[Value]) -> dict[tuple[str, str], dict[str, Value]]:
    found: dict[tuple[str, str], dict[str, Value]] = {}
    for value in values:
        found.setdefault((value.unit, value.period), {})[value.indicator] = value
    return found


@dataclass
class _Rolled:
    """Leaves rolled up to the longer periods shown: per parent as partials, per leaf as its own figure."""

    partials: dict[tuple[str, str], dict[str, Partial]] = field(default_factory=dict)
    leaves: dict[tuple[str, str], dict[str, tuple[Decimal, PeriodType]]] = field(default_factory=dict)


def _roll_leaves(framework: Framework, source: FigureSource, units: UnitPlan, codes: list[str], periods: list[Period],
                 partials: dict[tuple[str, str], dict[str, Partial]]) -> _Rolled:
    """Each leaf rolled up to each longer period shown, from the coarsest kind of shorter period it reports.

    When every leaf of a parent existed throughout the period and reported every shorter one, and no leaf
    of it is shown, the parent's partial is the sum of the shorter periods' partials, already read;
    otherwise the source rolls each leaf up (in SQL for the store).
    """
    rolled = _Rolled()
    for rollup in (PeriodRollup.SUM, PeriodRollup.LAST):
        chosen = [c for c in codes if framework.indicator(c).period_rollup is rollup]
        for period in (p for p in periods if p.type is not PeriodType.MONTH) if chosen else ():
            _roll_period(framework, source, units, (chosen, period, rollup), partials, rolled)
    return rolled


def _roll_period(framework: Framework, source: FigureSource, units: UnitPlan,
                 asked: tuple[list[str], Period, PeriodRollup], partials: dict[tuple[str, str], dict[str, Partial]],
                 rolled: _Rolled) -> None:
    codes, period, rollup = asked
    found: dict[tuple[str, str], tuple[str, Decimal, PeriodType]] = {}  # (leaf, code) → parent, number, kind
    pending, slow = list(units.leaf_parents), set()  # a parent once asked of the source stays with it
    # The lowest of yearly sums cannot be read off monthly partials: those indicators always ask the source.
    summed = rollup is PeriodRollup.LAST or all(framework.indicator(c).aggregation is Aggregation.SUM for c in codes)
    for kind in finer(period):  # the coarsest first: a leaf's figure comes from it when it can
        ask, done = [], set()
        for parent in pending:
            quick = None if parent in slow or not summed or units.shows_leaves_of(parent) else \
                _from_partials(units, partials, parent, codes, period, kind, rollup)
            if quick is None:
                ask.append(parent)
            elif quick:
                done.add(parent)
            for partial in quick or ():
                rolled.partials.setdefault((parent, period.code), {})[partial.indicator] = partial
        slow.update(ask)
        pending = [p for p in pending if p not in done]
        for leaf in source.rolled(framework, ask, codes, period, kind, rollup) if ask else ():
            found.setdefault((leaf.unit, leaf.indicator), (leaf.parent, leaf.number, kind))
    _keep_leaves(rolled, found, period)


def _keep_leaves(rolled: _Rolled, found: dict[tuple[str, str], tuple[str, Decimal, PeriodType]],
                 period: Period) -> None:
    grouped: dict[tuple[str, str], list[Decimal]] = {}
    for (leaf, code), (parent, number, kind) in found.items():
        grouped.setdefault((parent, code), []).append(number)
        rolled.leaves.setdefault((leaf, period.code), {})[code] = (number, kind)
    for (parent, code), numbers in grouped.items():
        partial = Partial(parent, code, period.code, len(numbers), 0, sum(numbers, Decimal(0)), min(numbers),
                          max(numbers))
        rolled.partials.setdefault((parent, period.code), {})[code] = partial


def _from_partials(units: UnitPlan, partials: dict[tuple[str, str], dict[str, Partial]], parent: str,
                   codes: list[str], period: Period, kind: PeriodType, rollup: PeriodRollup) -> list[Partial] | None:
    """The rolled partials of ``parent`` made from its shorter periods' partials; [] when none of its leaves
    reported a period of ``kind``; None when only the source can tell (some leaves lack some periods)."""
    leaves = units.steady_leaves(parent, period)
    if leaves is None or not leaves:
        return None
    subs = sub_periods(period, kind)
    subs = subs[-1:] if rollup is PeriodRollup.LAST else subs
    found = []
    for code in codes:
        if code in partials.get((parent, period.code), {}):
            return None  # some leaves reported the period itself: only the source can leave them out
        parts = [partials.get((parent, s.code), {}).get(code) for s in subs]
        complete = [p for p in parts if p is not None and p.count == leaves and not p.inexact]
        if len(complete) == len(subs):
            total = sum((p.total for p in complete), Decimal(0))
            # A stock keeps its last period's lowest and highest; a sum of months has none to keep.
            low, high = (complete[-1].low, complete[-1].high) if rollup is PeriodRollup.LAST else (None, None)
            found.append(Partial(parent, code, period.code, leaves, 0, total, low, high))
        elif any(p is not None for p in parts):
            return None  # some leaves reported only some shorter periods: the source decides who counts
    return found if len(found) == len(codes) else ([] if not found else None)


def _index_partials(partials: Iterable[Partial]) -> dict[tuple[str, str], dict[str, Partial]]:
    found: dict[tuple[str, str], dict[str, Partial]] = {}
    for partial in partials:
        found.setdefault((partial.parent, partial.period), {})[partial.indicator] = partial
    return found


class _Computation:
    """The figures of every unit and period of one plan, computed once each."""

    def __init__(self, framework: Framework, units: UnitPlan, codes: list[str], periods: list[Period],
                 reported: dict[tuple[str, str], dict[str, Value]], partials: dict[tuple[str, str], dict[str, Partial]],
                 rolled: _Rolled, shown: list[Period]) -> None:
        self.framework, self.units, self.periods = framework, units, periods
        self.shown = [p for p in periods if p in set(shown)]  # shorter first, as every period computed
        self.indicators = [framework.indicator(code) for code in codes]
        self.reported, self.partials, self.rolled = reported, partials, rolled
        self.cells: dict[tuple[str, str], Cell] = {}

    def compute(self) -> None:
        for unit in self.units.nonleaf:
            for period in self.periods:
                self._cell(unit, period)
        for unit in (u for u in self.units.output if self.units.is_leaf(u)):
            # A leaf below a parent of the plan has its longer periods rolled up by the source: its shorter
            # periods are computed only when shown.
            for period in self.shown if unit != self.units.root else self.periods:
                self._cell(unit, period)

    def _cell(self, unit: str, period: Period) -> None:
        own = self.reported.get((unit, period.code), {})
        cell: Cell = {}
        self.cells[unit, period.code] = cell
        leaf = self.units.is_leaf(unit)
        for indicator in self.indicators:
            value = own.get(indicator.code)
            if value is not None:
                found: Figure | None = self._reported(indicator, value, leaf, period)
            else:
                found = self._derived(indicator, cell, unit, period) or self._combined(indicator, unit, period, leaf)
            if found is not None:
                cell[indicator.code] = found

    def _reported(self, indicator: Indicator, value: Value, leaf: bool, period: Period) -> Figure:
        beside = None if leaf else self._beside(indicator, value.unit, period)
        if value.origin == COMPOSED_ORIGIN:
            return Figure(indicator.code, value.unit, value.period, value.value, Provenance.COMPOSED,
                          number=exact(indicator, value.value), source=value.source, beside=beside,
                          inputs=self.units.hierarchy.composed_of(value.unit))
        return Figure(indicator.code, value.unit, value.period, value.value, Provenance.REPORTED,
                      number=exact(indicator, value.value), note=value.note, source=value.source, beside=beside,
                      origin=value.origin)

    def _derived(self, indicator: Indicator, cell: Cell, unit: str, period: Period) -> Figure | None:
        formula = indicator.formula
        if formula is None:
            return None
        inputs = [cell.get(code) for code in formula.references]
        numbers = {f.indicator: f.number for f in inputs if f is not None and f.number is not None}
        if len(numbers) < len(inputs):
            return None
        result = formula.evaluate(numbers)
        if not isinstance(result, Decimal):
            return None  # a division by zero: no figure
        number = round_half_up(result, indicator.places)
        return Figure(indicator.code, unit, period.code, canonical(number), Provenance.DERIVED, number=number,
                      source=DERIVED_SOURCE, completeness=_worst(f.completeness for f in inputs if f is not None),
                      inputs=formula.references)

    def _combined(self, indicator: Indicator, unit: str, period: Period, leaf: bool) -> Figure | None:
        """Aggregated over the units below or rolled up over shorter periods: whichever covers more units.

        A unit made of predecessors within the period (the new Đắk Lắk in 2025) is rolled up only: its
        units below cover just the months since they began.
        """
        aggregated = None if leaf or self.units.straddles(unit, period) else self._aggregated(indicator, unit, period)
        rolled = self._rolled_up(indicator, unit, period)
        if aggregated is None or rolled is None:
            return aggregated or rolled
        return rolled if _coverage(rolled) > _coverage(aggregated) else aggregated

    def _aggregated(self, indicator: Indicator, unit: str, period: Period) -> Figure | None:
        found = self._contributions(indicator, unit, period)
        if found is None:
            return None
        number, completeness = found
        return Figure(indicator.code, unit, period.code, canonical(number), Provenance.AGGREGATED, number=number,
                      source=AGGREGATED_SOURCE, completeness=completeness)

    def _contributions(self, indicator: Indicator, unit: str, period: Period) -> tuple[Decimal, Completeness] | None:
        """The units' values combined as the indicator declares, or None without one or with an inexact one."""
        if not indicator.aggregation.combines:
            return None
        numbers: list[Decimal] = []
        contributed = inexact = 0
        for partial in self._leaf_partials(indicator.code, unit, period):
            contributed, inexact = contributed + partial.count, inexact + partial.inexact
            numbers += _partial_numbers(indicator.aggregation, partial)
        for child in self.units.nonleaf_children(unit, period):
            figure = self.cells[child, period.code].get(indicator.code)
            if figure is not None:
                contributed += _covered(self.units, figure, period)
                if figure.number is None:
                    inexact += 1
                else:
                    numbers.append(figure.number)
        if not contributed or inexact or not numbers:
            return None
        return _combine(indicator.aggregation, numbers), self.units.completeness(unit, period, contributed)

    def _leaf_partials(self, code: str, unit: str, period: Period) -> Iterator[Partial]:
        """The leaf children's values of the period, and those of the leaves that reported only shorter periods."""
        for found in (self.partials, self.rolled.partials):
            partial = found.get((unit, period.code), {}).get(code)
            if partial is not None:
                yield partial

    def _rolled_up(self, indicator: Indicator, unit: str, period: Period) -> Figure | None:
        """The period from shorter ones; of several kinds that cover it, the coarsest not itself rolled up."""
        if indicator.period_rollup is PeriodRollup.NONE:
            return None
        leaf = self.rolled.leaves.get((unit, period.code), {}).get(indicator.code)
        if leaf is not None:  # a leaf rolled up by the source, without its shorter periods computed here
            number, kind = leaf
            subs = needed_subs(self.units.hierarchy[unit], period, kind, indicator.period_rollup)
            return Figure(indicator.code, unit, period.code, canonical(number), Provenance.ROLLED_UP, number=number,
                          source=ROLLED_UP_SOURCE, inputs=tuple(s.code for s in subs))
        found = [f for kind in finer(period) if (f := self._rolled_from(indicator, unit, period, kind))]
        direct = [f for f in found if not any(self._rolled_input(indicator.code, unit, p) for p in f.inputs)]
        chosen = direct or found
        return chosen[0] if chosen else None

    def _rolled_from(self, indicator: Indicator, unit: str, period: Period, kind: PeriodType) -> Figure | None:
        subs = needed_subs(self.units.hierarchy[unit], period, kind, indicator.period_rollup)
        if not subs:
            return None
        parts = [self.cells.get((unit, s.code), {}).get(indicator.code) for s in subs]
        numbers = [f.number for f in parts if f is not None and f.number is not None]
        if len(numbers) < len(subs):
            return None
        number = sum(numbers, Decimal(0)) if indicator.period_rollup is PeriodRollup.SUM else numbers[-1]
        return Figure(indicator.code, unit, period.code, canonical(number), Provenance.ROLLED_UP, number=number,
                      source=ROLLED_UP_SOURCE, completeness=_worst(f.completeness for f in parts if f is not None),
                      inputs=tuple(s.code for s in subs))

    def _rolled_input(self, code: str, unit: str, period: str) -> bool:
        figure = self.cells.get((unit, period), {}).get(code)
        return figure is not None and figure.provenance is Provenance.ROLLED_UP

    def _beside(self, indicator: Indicator, unit: str, period: Period) -> Beside | None:
        """What the units below a parent add up to, for the figure the parent reported itself."""
        if indicator.aggregation.combines:
            found = self._contributions(indicator, unit, period)
        elif indicator.aggregation is Aggregation.RATIO and indicator.formula is not None:
            found = self._ratio_beside(indicator, unit, period)
        else:
            found = None
        return None if found is None else Beside(canonical(found[0]), found[0], found[1])

    def _ratio_beside(self, indicator: Indicator, unit: str, period: Period) -> tuple[Decimal, Completeness] | None:
        assert indicator.formula is not None
        cell = self.cells[unit, period.code]
        inputs = [_bottom_up(cell.get(code)) for code in indicator.formula.references]
        if any(i is None for i in inputs):
            return None
        numbers = {code: i[0] for code, i in zip(indicator.formula.references, inputs, strict=True) if i is not None}
        result = indicator.formula.evaluate(numbers)
        if not isinstance(result, Decimal):
            return None
        completeness = _worst(i[1] for i in inputs if i is not None)
        assert completeness is not None  # every input is an aggregate, which always counts its units
        return round_half_up(result, indicator.places), completeness


def _partial_numbers(aggregation: Aggregation, partial: Partial) -> list[Decimal]:
    if aggregation is Aggregation.SUM:
        return [partial.total] if partial.count > partial.inexact else []
    chosen = partial.low if aggregation is Aggregation.MIN else partial.high
    return [] if chosen is None else [chosen]


def _combine(aggregation: Aggregation, numbers: list[Decimal]) -> Decimal:
    if aggregation is Aggregation.MIN:
        return min(numbers)
    if aggregation is Aggregation.MAX:
        return max(numbers)
    return sum(numbers, Decimal(0))


def _covered(units: UnitPlan, figure: Figure, period: Period) -> int:
    """How many units at the bottom a child's figure stands for: all of them unless it counted fewer."""
    if figure.completeness is not None:
        return figure.completeness.contributed
    return sum(units.expected(figure.unit, period).values())


def _bottom_up(figure: Figure | None) -> tuple[Decimal, Completeness] | None:
    """A figure as its units make it: beside a reported one, the aggregate; an aggregate as it is."""
    if figure is None:
        return None
    if figure.provenance is Provenance.REPORTED:
        return None if figure.beside is None else (figure.beside.number, figure.beside.completeness)
    if figure.number is None or figure.completeness is None:
        return None
    return figure.number, figure.completeness


def _worst(found: Iterable[Completeness | None]) -> Completeness | None:
    present = [c for c in found if c is not None]
    return min(present, key=lambda c: c.ratio, default=None)


def _coverage(figure: Figure) -> float:
    return 1.0 if figure.completeness is None else figure.completeness.ratio

