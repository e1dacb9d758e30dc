"""The computed view's source over the store: reported values and the sums of leaf units, in SQL.

The sums of counts, the bulk of every roll-up, are made by the database (one GROUP BY over the leaf
units of each parent, their validity dates compared with the period's in SQL). Other combined
indicators (numbers with decimals, lowest or highest values) are few: their leaf values are read and
combined by the core, exactly, as :class:`chiso.view.MemorySource` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum

from chiso.catalog.model import Aggregation, Framework, PeriodRollup, ValueType
from chiso.checks.context import CheckSettings
from chiso.orgunits.model import active_during
from chiso.periods import Period, PeriodType
from chiso.store import models
from chiso.store.completeness import rate_indicators, rate_periods, rate_values
from chiso.store.origins import as_values, counted, other_rows
from chiso.store.seeks import distinct_each
from chiso.store.suspects import Scan, suspects
from chiso.store.units import hierarchy
from chiso.values.model import Value
from chiso.view.plan import needed_subs, sub_periods
from chiso.view.source import Partial, Rolled, combine, rolled_leaves

CHUNK = 2000  # codes per IN (…) list, well within every database's limit on query parameters
SEEKS = 40  # indicators whose periods are found by index seeks rather than by reading their values
T = TypeVar("T")
# An exact number: a bound (">90") keeps its limit in ``number`` but cannot be added up.
_EXACT = Q(number__isnull=False) & ~Q(value__startswith=">") & ~Q(value__startswith="<")


class StoreSource:
    """A figure source reading the store through the ORM; ids are looked up once per source."""

    def __init__(self) -> None:
        self._frameworks = dict(models.Framework.objects.values_list("code", "id"))
        self._units = dict(models.OrgUnit.objects.values_list("code", "id"))
        self._codes = {pk: code for code, pk in self._units.items()}
        self._counted: dict[str, Q] = {}  # per framework, the filter of the values that count

    def periods(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None) -> set[str]:
        return self._stored_periods(framework, units, indicators) | rate_periods(framework, indicators)

    def _stored_periods(self, framework: Framework, units: Collection[str],
                        indicators: Collection[str] | None) -> set[str]:
        query = self._filtered(framework, indicators, None)
        if self._every_unit(units) and indicators is not None and len(indicators) <= SEEKS:
            each = distinct_each({code: self._filtered(framework, [code], None) for code in indicators}, "period")
            return set().union(*each.values())
        if self._every_unit(units):
            return set(query.values_list("period", flat=True).distinct())
        found: set[str] = set()
        for ids in _chunks(self._ids(units)):
            found.update(query.filter(org_unit_id__in=ids).values_list("period", flat=True).distinct())
        return found

    def reported(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None,
                 periods: Collection[str] | None) -> Iterator[Value]:
        every = self._every_unit(units)
        for ids in [None] if every else _chunks(self._ids(units)):
            query = self._filtered(framework, indicators, periods)
            query = query if ids is None else query.filter(org_unit_id__in=ids)
            for row in query.values_list("indicator", "org_unit_id", "period", "value", "note", "source", "origin"):
                code, unit, period, text, note, source, origin = row
                yield Value(framework.code, code, self._codes[unit], period, text, note, source, origin=origin)
        # A data set's reporting rate is no stored value: it is counted from the rounds whenever it is read.
        for indicator in rate_indicators(framework, indicators):
            yield from rate_values(framework, indicator, units, periods)

    def suspects(self, framework: Framework, units: Collection[str] | None,
                 kinds: Collection[str]) -> set[tuple[str, str]] | None:
        """The (unit, period) slices where one of the checks ``kinds`` may find something, narrowed in SQL."""
        ids = None if units is None else self._ids(units)
        scan = Scan(framework, self._frameworks.get(framework.code, -1), ids, CheckSettings.of(framework),
                    self._counted_of(framework))
        found = suspects(scan, kinds)
        return None if found is None else {(self._codes[unit], period) for unit, period in found}

    def reported_at(self, framework: Framework, slices: Collection[tuple[str, str]]) -> Iterator[Value]:
        """Every value of the (unit, period) slices, whatever its indicator."""
        by_period: dict[str, list[int]] = {}
        for code, period in slices:
            if code in self._units:
                by_period.setdefault(period, []).append(self._units[code])
        for period, ids in sorted(by_period.items()):
            for chunk in _chunks(sorted(ids)):
                query = self._values(framework).filter(period=period, org_unit_id__in=chunk)
                for row in query.values_list("indicator", "org_unit_id", "period", "value", "note", "source",
                                             "origin"):
                    indicator, unit, at, text, note, source, origin = row
                    yield Value(framework.code, indicator, self._codes[unit], at, text, note, source, origin=origin)

    def alternatives(self, framework: Framework, units: Collection[str] | None) -> Iterator[Value]:
        """Every value, of every origin, of the figures of ``units`` (all when None) that several origins hold."""
        ids = None if units is None or self._every_unit(units) else self._ids(units)
        rows = other_rows(self._frameworks.get(framework.code, -1), ids)
        return as_values(framework, rows, self._codes)

    def partials(self, framework: Framework, parents: Collection[str], indicators: Collection[str],
                 periods: Collection[str] | None) -> Iterator[Partial]:
        counted = [c for c in indicators if _summed_in_sql(framework, c)]
        others = [c for c in indicators if c not in counted]
        for ids in _chunks(self._ids(parents)):
            if counted:
                yield from self._summed(framework, ids, counted, periods)
            if others:
                yield from self._combined(framework, ids, others, periods)

    def rolled(self, framework: Framework, parents: Collection[str], indicators: Collection[str], period: Period,
               kind: PeriodType, rollup: PeriodRollup) -> Iterator[Rolled]:
        subs = [p.code for p in sub_periods(period, kind)]
        counted = [c for c in indicators if framework.indicator(c).value_type is ValueType.COUNT]
        others = [c for c in indicators if c not in counted]
        for ids in _chunks(self._ids(parents)):
            leaves = self._leaves(ids, period, kind, rollup)
            if counted:
                yield from self._rolled_in_sql(framework, ids, counted, period, leaves)
            if others:
                rows = self._leaf_values(framework, ids, others, [*subs, period.code]).values_list(
                    "org_unit__parent_id", "indicator", "org_unit_id", "period", "value")
                values = ((self._codes[parent], Value(framework.code, code, self._codes[unit], p, text))
                          for parent, code, unit, p, text in rows if parent is not None)
                needed = {self._codes[leaf]: [p.code for p in subs] for leaf, subs in leaves.items()}
                yield from rolled_leaves(framework, values, period, needed)

    def _leaves(self, parents: Sequence[int], period: Period, kind: PeriodType,
                rollup: PeriodRollup) -> dict[int, tuple[Period, ...]]:
        """The leaf children of ``parents`` active in ``period``, each with the shorter periods it needs."""
        tree = hierarchy().latest  # kept in memory while the units are unchanged; as the rows hold them
        found = {}
        for parent in parents:
            for unit in tree.children(self._codes[parent]):
                # A unit added since this source read its ids is left to the next read, as a query would.
                if unit.code in self._units and not tree.children(unit.code) and active_during(unit, period):
                    found[self._units[unit.code]] = needed_subs(unit, period, kind, rollup)
        return found

    def _rolled_in_sql(self, framework: Framework, parents: Sequence[int], codes: list[str], period: Period,
                       leaves: dict[int, tuple[Period, ...]]) -> Iterator[Rolled]:
        """Each leaf's sum over the shorter periods it needs, in one GROUP BY per set of periods (leaves share
        one, but for those that began or ended within ``period``)."""
        by_need: dict[tuple[str, ...], list[int]] = {}
        for leaf, subs in leaves.items():
            if subs:
                by_need.setdefault(tuple(p.code for p in subs), []).append(leaf)
        own = models.Value.objects.filter(framework_id=OuterRef("framework_id"), org_unit_id=OuterRef("org_unit_id"),
                                          indicator=OuterRef("indicator"), period=period.code
                                          ).filter(self._counted_of(framework))
        for needed, ids in by_need.items():
            # Leaves that all need the same periods are the leaves of ``parents``: no list of them is sent.
            for chunk in [None] if len(ids) == len(leaves) else _chunks(ids):
                query = self._leaf_values(framework, parents, codes, needed)
                rows = ((query if chunk is None else query.filter(org_unit_id__in=chunk))
                        .filter(~Exists(own)).filter(_EXACT).values("org_unit__parent_id", "org_unit_id", "indicator")
                        .annotate(n=Count("id"), total=Sum("number")).filter(n=len(needed))
                        .values_list("org_unit__parent_id", "org_unit_id", "indicator", "total"))
                for parent, unit, code, total in rows:
                    if parent is not None:
                        yield Rolled(self._codes[parent], self._codes[unit], code, Decimal(int(total)))

    def _summed(self, framework: Framework, parents: Sequence[int], codes: list[str],
                periods: Collection[str] | None) -> Iterator[Partial]:
        rows = (self._leaf_values(framework, parents, codes, periods)
                .values("org_unit__parent_id", "indicator", "period")
                .annotate(n=Count("id"), inexact=Count("id", filter=~_EXACT), total=Sum("number", filter=_EXACT),
                          low=Min("number", filter=_EXACT), high=Max("number", filter=_EXACT)))
        for row in rows:
            low, high, total = (_whole(row[k]) for k in ("low", "high", "total"))
            parent = row["org_unit__parent_id"]
            assert parent is not None  # the query keeps children of ``parents`` only
            yield Partial(self._codes[parent], row["indicator"], row["period"], row["n"], row["inexact"],
                          total or Decimal(0), low, high)

    def _combined(self, framework: Framework, parents: Sequence[int], codes: list[str],
                  periods: Collection[str] | None) -> Iterator[Partial]:
        grouped: dict[tuple[int, str, str], list[Value]] = {}
        rows = self._leaf_values(framework, parents, codes, periods).values_list(
            "org_unit__parent_id", "indicator", "org_unit_id", "period", "value")
        for parent, code, unit, period, text in rows:
            assert parent is not None  # the query keeps children of ``parents`` only
            grouped.setdefault((parent, code, period), []).append(
                Value(framework.code, code, self._codes[unit], period, text))
        for (parent, code, period), values in grouped.items():
            yield combine(framework, self._codes[parent], code, period, values)

    def _leaf_values(self, framework: Framework, parents: Sequence[int], codes: list[str],
                     periods: Collection[str] | None) -> QuerySet[models.Value]:
        """Values of the leaf children of ``parents`` that were active in the value's period."""
        has_children = models.OrgUnit.objects.filter(parent_id=OuterRef("org_unit_id"))
        started = Q(org_unit__valid_from__isnull=True) | Q(org_unit__valid_from__lte=F("period_end"))
        running = Q(org_unit__valid_to__isnull=True) | Q(org_unit__valid_to__gte=F("period_start"))
        return (self._filtered(framework, codes, periods).filter(org_unit__parent_id__in=parents)
                .filter(~Exists(has_children)).filter(started & running))

    def _values(self, framework: Framework) -> QuerySet[models.Value]:
        """The framework's values that count: one per figure (the official source's, else the unit's own)."""
        pk = self._frameworks.get(framework.code, -1)
        return models.Value.objects.filter(framework_id=pk).filter(self._counted_of(framework))

    def _counted_of(self, framework: Framework) -> Q:
        found = self._counted.get(framework.code)
        if found is None:
            found = self._counted[framework.code] = counted(framework, self._frameworks.get(framework.code, -1))
        return found

    def _filtered(self, framework: Framework, indicators: Collection[str] | None,
                  periods: Collection[str] | None) -> QuerySet[models.Value]:
        query = self._values(framework)
        query = query if indicators is None else query.filter(indicator__in=list(indicators))
        return query if periods is None else query.filter(period__in=list(periods))

    def _every_unit(self, units: Collection[str]) -> bool:
        """Whether ``units`` are all the store's: then no list of them is sent to the database."""
        return len(units) >= len(self._units) and set(units) >= set(self._units)

    def _ids(self, codes: Iterable[str]) -> list[int]:
        return sorted(self._units[c] for c in codes if c in self._units)


def _summed_in_sql(framework: Framework, code: str) -> bool:
    # Counts are whole numbers, which every database adds exactly; numbers with decimals are added by the core.
    indicator = framework.indicator(code)
    return indicator.value_type is ValueType.COUNT and indicator.aggregation is Aggregation.SUM


def _whole(number: Decimal | None) -> Decimal | None:
    """A count as the database returns it (195.0000000000 from a decimal column) written as a count."""
    return None if number is None else Decimal(int(number))


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]
