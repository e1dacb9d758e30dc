"""What one computation of the view covers: indicators in dependency order, units bottom-up, periods shortest first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache, cached_property

from chiso.catalog.model import Framework, PeriodRollup, ValueType
from chiso.errors import InputError
from chiso.formulas import evaluation_order
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType, active_during
from chiso.periods import Period, PeriodType
from chiso.view.figure import Completeness

# Shorter period types a longer one can be made of, the coarsest first (fewer figures to combine). A year to
# date is made of whole months 1…n, or of the halves and quarters that cover exactly those (see finer).
FINER: dict[PeriodType, tuple[PeriodType, ...]] = {
    PeriodType.YEAR: (PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH),
    PeriodType.HALF: (PeriodType.QUARTER, PeriodType.MONTH),
    PeriodType.QUARTER: (PeriodType.MONTH,),
    PeriodType.MONTH: (),
    PeriodType.YTD: (PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH),
}


class Scope(StrEnum):
    """Whose figures a view returns: the unit, its children too, every unit below it, or the parents among them."""

    UNIT = "unit"
    CHILDREN = "children"
    SUBTREE = "subtree"
    PARENTS = "parents"  # the unit and every unit below it that has units below it


def needed_indicators(framework: Framework, wanted: Collection[str] | None) -> list[str]:
    """The codes to compute for ``wanted`` (all when None): each with what its formula needs, inputs first."""
    if wanted is not None:
        unknown = sorted(code for code in wanted if not framework.has(code))
        if unknown:
            raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ tiêu {', '.join(unknown)}",
                             expected="mã một chỉ tiêu có trong bộ chỉ tiêu")
    chosen = [i.code for i in framework.indicators if i.value_type is not ValueType.HEADING
              and (wanted is None or i.code in wanted)]
    closed: dict[str, None] = {}
    for code in chosen:
        _with_inputs(framework, code, closed)
    formulas = {code: framework.indicator(code).formula for code in closed}
    derived = evaluation_order({code: f for code, f in formulas.items() if f is not None})
    return [*(code for code in closed if formulas[code] is None), *derived]


def _with_inputs(framework: Framework, code: str, closed: dict[str, None]) -> None:
    if code in closed:
        return
    closed[code] = None
    formula = framework.indicator(code).formula
    for reference in formula.references if formula else ():
        _with_inputs(framework, reference, closed)


@cache
def finer(period: Period) -> tuple[PeriodType, ...]:
    """The shorter period types that make up ``period`` exactly, the coarsest first: 2024M1-9 is three
    quarters or nine months, never a half-year and a quarter of another half."""
    return tuple(kind for kind in FINER[period.type] if sub_periods(period, kind))


@cache
def sub_periods(period: Period, kind: PeriodType) -> tuple[Period, ...]:
    """The periods of type ``kind`` that make up ``period`` (2025 → 2025Q1…2025Q4, 2025M1-9 → 2025Q1…2025Q3);
    none when they do not cover it exactly (2025M1-8 in quarters)."""
    if kind not in FINER[period.type]:
        return ()
    step, first_month = kind.months, period.start.month
    if (first_month - 1) % step or period.months % step:
        return ()
    first = (first_month - 1) // step + 1
    return tuple(Period(kind, period.year, index) for index in range(first, first + period.months // step))


def needed_subs(unit: OrgUnit, period: Period, kind: PeriodType, rollup: PeriodRollup) -> tuple[Period, ...]:
    """The shorter periods a unit's figure for ``period`` is rolled up from: those it existed in (all of them
    for a sum, the last for a stock). A district that ended on 30/6/2025 makes its 2025 of its first half."""
    return _needed(unit.valid_from, unit.valid_to, period, kind, rollup)


@cache
def _needed(start: date | None, end: date | None, period: Period, kind: PeriodType,
            rollup: PeriodRollup) -> tuple[Period, ...]:
    subs = tuple(p for p in sub_periods(period, kind)
                 if (start is None or start <= p.end) and (end is None or end >= p.start))
    return subs[-1:] if rollup is PeriodRollup.LAST else subs


def periods_to_compute(framework: Framework, codes: Iterable[str], present: Iterable[str],
                       requested: Collection[Period] | None) -> tuple[list[Period], list[Period]]:
    """The periods the view returns, and every period it computes to get them (shortest first).

    Without a request the view returns the periods present and, for indicators declaring a period
    roll-up, the years they fall in. A longer period is rolled up from the shorter ones within it that
    have data, so only those are computed besides the periods returned.
    """
    rolls = any(framework.indicator(code).period_rollup is not PeriodRollup.NONE for code in codes)
    found = {Period.parse(code) for code in present}
    if requested is None:
        shown = found | ({Period(PeriodType.YEAR, p.year) for p in found} if rolls else set())
    else:
        shown = set(requested)
    longer = [p for p in shown if p.type is not PeriodType.MONTH]
    within = {p for p in found if any(s.contains(p) for s in longer)} if rolls else set()
    # A year to date after the half-year or quarter of the same months: it may be made of them.
    return sorted(shown, key=chronological), sorted(shown | within, key=lambda p: (p.months, p.start, not p.type.fixed))


def chronological(period: Period) -> tuple[date, int, bool]:
    """By end, the shorter first of periods ending together: 2026Q4, 2026S2, 2026M1-9… then the year 2026;
    of the same months, the year to date after the half-year (2026S1, then 2026M1-6)."""
    return period.end, -period.start.toordinal(), not period.type.fixed


@dataclass
class UnitPlan:
    """The units of one computation: those whose figures are returned, and the non-leaf units computed on the way."""

    hierarchy: Hierarchy
    root: str
    scope: Scope
    subtree: set[str] = field(init=False)
    nonleaf: list[str] = field(init=False)  # deepest first, so children come before their parent
    output: list[str] = field(init=False)
    _expected: dict[tuple[str, Period], Counter[OrgUnitType]] = field(init=False, default_factory=dict)
    _nonleaf: dict[tuple[str, Period], list[str]] = field(init=False, default_factory=dict)
    _parents: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        tree = self.hierarchy
        if self.root not in tree:
            raise InputError(f"không có đơn vị «{self.root}» trong danh sách đơn vị",
                             expected="mã một đơn vị đã khai báo")
        depth = {self.root: 0}
        for unit in tree.descendants(self.root):
            depth[unit.code] = depth[unit.parent] + 1
        self.subtree = set(depth)
        self.nonleaf = sorted((c for c in depth if tree.children(c)), key=lambda c: (-depth[c], c))
        self._parents = set(self.nonleaf)
        chosen = {Scope.UNIT: [self.root], Scope.CHILDREN: [self.root, *(u.code for u in tree.children(self.root))],
                  Scope.SUBTREE: sorted(depth, key=lambda c: (depth[c], c)),
                  Scope.PARENTS: [self.root, *(c for c in reversed(self.nonleaf) if c != self.root)]}
        self.output = chosen[self.scope]

    @cached_property
    def output_set(self) -> set[str]:
        return set(self.output)

    def is_leaf(self, code: str) -> bool:
        # Every unit below the root is in the plan; the hierarchy answers for any other.
        return code not in self._parents if code in self.subtree else not self.hierarchy.children(code)

    @property
    def leaf_parents(self) -> list[str]:
        """Non-leaf units with at least one leaf child: the parents of the source's partials."""
        return [c for c in self.nonleaf if any(self.is_leaf(child.code) for child in self.hierarchy.children(c))]

    @property
    def fetched(self) -> list[str]:
        """The units whose own reported values the computation reads."""
        return sorted({*self.nonleaf, *self.output})

    def straddles(self, code: str, period: Period) -> bool:
        """Whether ``code`` began within ``period`` as a unit made of predecessors."""
        tree = self.hierarchy
        if not tree.versioned or not tree.predecessors(code):
            return False
        start = tree.true[code].valid_from
        return start is not None and period.start < start <= period.end

    def active_children(self, code: str, period: Period) -> list[str]:
        return [c.code for c in self.hierarchy.children(code) if active_during(c, period)]

    def shows_leaves_of(self, code: str) -> bool:
        """Whether the view returns a leaf child of ``code`` (its figures are then needed one by one)."""
        return any(self.is_leaf(c.code) and c.code in self.output_set for c in self.hierarchy.children(code))

    def nonleaf_children(self, code: str, period: Period) -> list[str]:
        """The active children of ``code`` that have units below them (their figures are computed here)."""
        key = (code, period)
        if key not in self._nonleaf:
            self._nonleaf[key] = [c for c in self.active_children(code, period) if not self.is_leaf(c)]
        return self._nonleaf[key]

    def steady_leaves(self, code: str, period: Period) -> int | None:
        """How many leaf children of ``code`` were active in ``period``, when each was active throughout it."""
        leaves = [c for c in self.hierarchy.children(code) if self.is_leaf(c.code) and active_during(c, period)]
        steady = all((c.valid_from is None or c.valid_from <= period.start)
                     and (c.valid_to is None or c.valid_to >= period.end) for c in leaves)
        return len(leaves) if steady else None

    def expected(self, code: str, period: Period) -> Counter[OrgUnitType]:
        """The units at the bottom of ``code``'s subtree during ``period``, by type: who is expected to report."""
        key = (code, period)
        if key not in self._expected:
            counted: Counter[OrgUnitType] = Counter()
            children = [c for c in self.hierarchy.children(code) if active_during(c, period)]
            for child in children:
                if self.is_leaf(child.code):
                    counted[child.type] += 1
                else:
                    counted.update(self.expected(child.code, period))
            self._expected[key] = counted if children else Counter({self.hierarchy[code].type: 1})
        return self._expected[key]

    def completeness(self, code: str, period: Period, contributed: int) -> Completeness:
        types = self.expected(code, period)
        kind = next(iter(types)) if len(types) == 1 else None
        return Completeness(contributed, sum(types.values()), kind)
