"""Where the computed view reads its inputs: the reported values, and the sums of the values of leaf units.

A source answers in sets: the values of some units, and per parent the combined values of its leaf
children (units with no units below them), so that a store can do the bulk of a roll-up in one
query. :class:`MemorySource` answers from values held in memory; the store answers the same questions
in SQL (``chiso.store.figures``), and both are tested to agree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from chiso.catalog.model import Framework, Indicator, PeriodRollup
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, active_during
from chiso.periods import Period, PeriodType
from chiso.values.model import Value, read_value
from chiso.values.origins import choose
from chiso.view.plan import needed_subs, sub_periods


@dataclass(frozen=True, slots=True)
class Partial:
    """The values of one indicator reported by the active leaf children of ``parent`` in one period."""

    parent: str
    indicator: str
    period: str
    count: int  # leaf children with a value
    inexact: int  # of those, values that are no exact number (a bound such as ">90", or unreadable)
    total: Decimal  # sum of the exact numbers
    low: Decimal | None  # smallest exact number
    high: Decimal | None  # largest exact number


class FigureSource(Protocol):
    """What the computed view asks of the data it is computed from."""

    def periods(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None) -> set[str]:
        """The codes of every period with a value of one of ``units`` for ``indicators`` (None: any)."""
        ...

    def reported(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None,
                 periods: Collection[str] | None) -> Iterable[Value]:
        """The values of ``units`` for ``indicators`` in ``periods`` (None: every indicator, every period)."""
        ...

    def partials(self, framework: Framework, parents: Collection[str], indicators: Collection[str],
                 periods: Collection[str] | None) -> Iterable[Partial]:
        """Per parent, indicator and period: the combined values of the parent's active leaf children."""
        ...

    def rolled(self, framework: Framework, parents: Collection[str], indicators: Collection[str], period: Period,
               kind: PeriodType, rollup: PeriodRollup) -> Iterable[Rolled]:
        """Each leaf child of ``parents`` that did not report ``period`` itself, rolled up to it from its periods
        of type ``kind`` within it (their sum, or the last for a stock), when each has an exact number."""
        ...


@runtime_checkable
class AlternativeSource(Protocol):
    """A source that also holds the values of origins that do not count, for the reconciliation."""

    def alternatives(self, framework: Framework, units: Collection[str] | None) -> Iterable[Value]:
        """Every value, of every origin, of the figures of ``units`` (all when None) that several origins hold."""
        ...


class MemorySource:
    """A source over values in memory (a notebook, a test, a form being filled in).

    Of several values of one figure it reads the one that counts (``chiso.values.origins.choose``).
    """

    def __init__(self, values: Iterable[Value], hierarchy: Hierarchy) -> None:
        self.hierarchy = hierarchy.latest  # as a store holds units: a tree of another day is the view's to make
        self._values = list(values)
        self._chosen: dict[tuple[str, str], dict[str, list[Value]]] = {}

    def _by_unit(self, framework: Framework) -> dict[str, list[Value]]:
        key = (framework.code, framework.official_origin)
        if key not in self._chosen:
            found: dict[str, list[Value]] = {}
            mine = (v for v in self._values if v.framework == framework.code)
            for value in choose(mine, framework.official_origin):
                found.setdefault(value.unit, []).append(value)
            self._chosen[key] = found
        return self._chosen[key]

    def alternatives(self, framework: Framework, units: Collection[str] | None) -> Iterable[Value]:
        within = None if units is None else set(units)
        mine = [v for v in self._values if v.framework == framework.code and (within is None or v.unit in within)]
        held: dict[tuple[str, str, str, str], int] = {}
        for value in mine:
            held[value.figure_key] = held.get(value.figure_key, 0) + 1
        return [v for v in mine if held[v.figure_key] > 1]

    def periods(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None) -> set[str]:
        return {v.period for v in self.reported(framework, units, indicators, None)}

    def reported(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None,
                 periods: Collection[str] | None) -> Iterable[Value]:
        wanted = None if indicators is None else set(indicators)
        within = None if periods is None else set(periods)
        chosen = self._by_unit(framework)
        for unit in units:
            for value in chosen.get(unit, ()):
                if ((wanted is None or value.indicator in wanted)
                        and (within is None or value.period in within)):
                    yield value

    def partials(self, framework: Framework, parents: Collection[str], indicators: Collection[str],
                 periods: Collection[str] | None) -> Iterable[Partial]:
        return leaf_partials(framework, self.hierarchy, self.reported, parents, indicators, periods)

    def rolled(self, framework: Framework, parents: Collection[str], indicators: Collection[str], period: Period,
               kind: PeriodType, rollup: PeriodRollup) -> Iterable[Rolled]:
        return leaf_rolled(framework, self.hierarchy, self.reported, parents, indicators, period, kind, rollup)


Reported = Callable[[Framework, Collection[str], Collection[str] | None, Collection[str] | None], Iterable[Value]]


def leaf_partials(framework: Framework, tree: Hierarchy, reported: Reported, parents: Collection[str],
                  indicators: Collection[str], periods: Collection[str] | None) -> Iterator[Partial]:
    """Per parent of ``tree``, its active leaf children's ``reported`` values combined, in memory; the values
    of every parent's leaves are asked for at once."""
    leaves = {c.code: parent for parent in parents for c in tree.children(parent) if not tree.children(c.code)}
    found: dict[tuple[str, str, str], list[Value]] = {}
    for value in reported(framework, list(leaves), indicators, periods) if leaves else ():
        if active_during(tree[value.unit], Period.parse(value.period)):
            found.setdefault((leaves[value.unit], value.indicator, value.period), []).append(value)
    for (parent, code, period), values in found.items():
        yield combine(framework, parent, code, period, values)


def leaf_rolled(framework: Framework, tree: Hierarchy, reported: Reported, parents: Collection[str],
                indicators: Collection[str], period: Period, kind: PeriodType,
                rollup: PeriodRollup) -> Iterator[Rolled]:
    """The leaf children of ``parents`` in ``tree`` rolled up to ``period`` from their ``reported`` values."""
    subs = [p.code for p in sub_periods(period, kind)]
    leaves = {c.code: parent for parent in parents for c in tree.children(parent)
              if not tree.children(c.code) and active_during(c, period)}
    values = (v for v in reported(framework, list(leaves), indicators, [*subs, period.code])
              if active_during(tree[v.unit], Period.parse(v.period)))
    needed = {leaf: [p.code for p in needed_subs(tree[leaf], period, kind, rollup)] for leaf in leaves}
    return rolled_leaves(framework, ((leaves[v.unit], v) for v in values), period, needed)


@dataclass(frozen=True, slots=True)
class Rolled:
    """One leaf's figure for a longer period, made from its shorter ones."""

    parent: str
    unit: str
    indicator: str
    number: Decimal


def rolled_leaves(framework: Framework, values: Iterable[tuple[str, Value]], period: Period,
                  needed: Mapping[str, list[str]]) -> Iterator[Rolled]:
    """The leaves (given with their parent) rolled up to ``period`` from their ``needed`` shorter periods.

    A leaf that reported ``period`` itself is left out (its own figure counts as a partial of the period);
    a leaf counts only when each of its ``needed`` shorter periods has an exact number.
    """
    series: dict[tuple[str, str, str], dict[str, Value]] = {}
    for parent, value in values:
        series.setdefault((parent, value.indicator, value.unit), {})[value.period] = value
    for (parent, code, unit), own in series.items():
        wanted = needed.get(unit, [])
        number = None if period.code in own or not wanted else _rolled(framework.indicator(code), own, wanted)
        if number is not None:
            yield Rolled(parent, unit, code, number)


def _rolled(indicator: Indicator, own: dict[str, Value], needed: list[str]) -> Decimal | None:
    """One leaf's figure for a longer period from its shorter ones: their sum (one, for a stock)."""
    numbers = [exact(indicator, own[p].value) if p in own else None for p in needed]
    present = [n for n in numbers if n is not None]
    return sum(present, Decimal(0)) if len(present) == len(needed) else None


def combine(framework: Framework, parent: str, code: str, period: str, values: list[Value]) -> Partial:
    """The partial of ``values`` (one indicator, one period, leaf children of ``parent``)."""
    indicator = framework.indicator(code)
    numbers = [n for n in (exact(indicator, v.value) for v in values) if n is not None]
    return Partial(parent, code, period, len(values), len(values) - len(numbers), sum(numbers, Decimal(0)),
                   min(numbers, default=None), max(numbers, default=None))


def exact(indicator: Indicator, text: str) -> Decimal | None:
    """The exact number a value holds; a bound (">90"), a text or an unreadable value has none."""
    if not indicator.value_type.is_numeric:
        return None
    if text.isascii() and text.isdigit():  # a whole number as stored: most figures, read without the parser
        return Decimal(text)
    try:
        reading = read_value(indicator, text)
    except InputError:
        return None
    return reading if isinstance(reading, Decimal) else None
