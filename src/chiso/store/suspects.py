"""Which (unit, period) slices of the store may hold a finding: the checks' work narrowed in SQL.

SQL selects, the core decides. Each built-in check has a prefilter that keeps every slice where it could
find something, so the core's validators, which compare exact decimals and write the messages, read only
those slices. A check without a prefilter (one added by a plug-in) makes the store read every value.

The database compares in floating point. Rounding to the nearest double keeps the order of two numbers
and can only make unequal ones equal when they differ by less than a part in 10¹⁶: counts are whole
numbers, exact in a double, and rates are written to a few decimals, so a comparison of two numbers gives
the exact answer. Where a formula is computed, a margin covers its rounding (``MARGIN``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Abs, Cast, Greatest, Least, Length, NullIf, Power, StrIndex, Substr
from django.db.models.functions.window import Lag

from chiso.catalog.model import Framework, Indicator, RelationKind, ValueType
from chiso.checks import CheckSettings
from chiso.formulas.parser import Arithmetic, Call, Comparison, Negation, Node, Number, Reference
from chiso.store import models
from chiso.store.seeks import distinct

Slice = tuple[int, str]  # (org unit id, period code)
Rows = QuerySet[models.Value, Any]
MARGIN = 1e-9  # relative: far above the error of adding or dividing a few floats, far below any real difference


@dataclass(frozen=True)
class Scan:
    """The values one check run reads: a framework's, of some units (all when None)."""

    framework: Framework
    framework_id: int
    unit_ids: Collection[int] | None
    settings: CheckSettings
    counted: Q = Q(origin="")  # the values that count: one per figure (chiso.store.origins.counted)

    def values(self) -> Rows:
        query = models.Value.objects.filter(framework_id=self.framework_id).filter(self.counted)
        return query if self.unit_ids is None else query.filter(org_unit_id__in=list(self.unit_ids))


@dataclass(frozen=True)
class Condition:
    """Where a check that compares indicators of one slice may find something, over a shared pivot.

    ``aliases`` are the expressions it needs (named uniquely, in the order they build on each other) and
    ``holds`` the condition on them; every check's conditions are asked of one pivot query.
    """

    codes: tuple[str, ...]
    aliases: dict[str, Any]
    holds: Q


Prefilter = Callable[[Scan], Iterable[Slice]]
Conditions = Callable[[Scan, str], Iterable[Condition]]  # the scan and a prefix for the aliases' names
PREFILTERS: dict[str, Prefilter] = {}
CONDITIONS: dict[str, Conditions] = {}


def prefilter(kind: str) -> Callable[[Prefilter], Prefilter]:
    """Registers the prefilter of the check of ``kind`` (as named in ``chiso.checks.register``)."""

    def add(function: Prefilter) -> Prefilter:
        PREFILTERS[kind] = function
        return function

    return add


def pivoted(kind: str) -> Callable[[Conditions], Conditions]:
    """Registers the conditions of the check of ``kind``, asked of the shared pivot of a framework's slices."""

    def add(function: Conditions) -> Conditions:
        CONDITIONS[kind] = function
        return function

    return add


def suspects(scan: Scan, kinds: Collection[str]) -> set[Slice] | None:
    """The slices any of ``kinds`` may find something in; None when one of them has no prefilter."""
    if any(kind not in PREFILTERS and kind not in CONDITIONS for kind in kinds):
        return None
    found = {s for kind in kinds if kind in PREFILTERS for s in PREFILTERS[kind](scan)}
    conditions = [c for n, kind in enumerate(k for k in kinds if k in CONDITIONS)
                  for c in CONDITIONS[kind](scan, f"k{n}_")]
    return found | set(_pivoted(scan, conditions))


def _pivoted(scan: Scan, conditions: list[Condition]) -> Iterator[Slice]:
    """The slices where any of ``conditions`` holds, in one query over the pivot of every code they compare."""
    if not conditions:
        return iter(())
    query = pivot(scan, [code for c in conditions for code in c.codes])
    for condition in conditions:
        for name, expression in condition.aliases.items():
            query = query.alias(**{name: expression})
    return _slices(query.filter(reduce(operator.or_, (c.holds for c in conditions))))


# --- Pivots: one row per (unit, period), one column per indicator ---------------------------------------


def _alias(code: str) -> str:
    return "c_" + "".join(ch if ch.isalnum() else "_" for ch in code)


def pivot(scan: Scan, codes: Iterable[str]) -> Rows:
    """Per (unit, period): each indicator's number, as a float column named by :func:`_alias`."""
    codes = list(dict.fromkeys(codes))
    columns = {_alias(code): Cast(Max("number", filter=Q(indicator=code)), FloatField()) for code in codes}
    return scan.values().filter(indicator__in=codes).values("org_unit_id", "period").annotate(**columns)


def present(*codes: str) -> Q:
    """Every one of ``codes`` has a number in the slice (a check compares nothing that is missing)."""
    return reduce(operator.and_, (Q(**{f"{_alias(code)}__isnull": False}) for code in codes))


def _slices(query: Rows) -> Iterator[Slice]:
    return iter(query.values_list("org_unit_id", "period"))


class Unsupported(Exception):
    """A formula the SQL compiler does not translate (the check then reads every slice it applies to)."""


def expression(node: Node) -> Combinable:
    """A formula as a float expression over the pivot's columns; a division by zero gives NULL, as in Python."""
    if isinstance(node, Number):
        return Value(float(node.value), output_field=FloatField())
    if isinstance(node, Reference):
        return F(_alias(node.code))
    if isinstance(node, Negation):
        return expression(node.operand) * Value(-1.0)
    if isinstance(node, Arithmetic):
        left, right = expression(node.left), expression(node.right)
        if node.operator == "/":
            return left / NullIf(right, Value(0.0))
        return {"+": left + right, "-": left - right, "*": left * right}[node.operator]
    if isinstance(node, Call) and node.function in ("sum", "min", "max", "abs"):
        args = [expression(a) for a in node.arguments]
        if node.function == "abs":
            return Abs(args[0])
        if len(args) == 1:
            return args[0]
        if node.function == "min":
            return Least(*args)
        return Greatest(*args) if node.function == "max" else _added(args)
    raise Unsupported(type(node).__name__)


def _added(args: list[Combinable]) -> Combinable:
    total = args[0]
    for arg in args[1:]:
        total = total + arg
    return total


# --- The built-in checks ---------------------------------------------------------------------------------


@prefilter("value_type")
def _value_type(scan: Scan) -> Iterator[Slice]:
    """Values of indicators the framework lacks, and values their indicator's type cannot read.

    One query per group of indicators that share what makes a value unreadable, each through an index:
    most are numbers, unreadable when the number is missing (a partial index holds just those rows).
    """
    framework = scan.framework
    stored = _stored_indicators(scan)
    unknown = sorted(stored - {i.code for i in framework.indicators})
    if unknown:
        yield from _slices(scan.values().filter(indicator__in=unknown).distinct())
    for unreadable, codes in _by_condition(i for i in framework.indicators if i.code in stored).items():
        yield from _slices(scan.values().filter(Q(indicator__in=codes) & unreadable).distinct())


def _stored_indicators(scan: Scan) -> set[str]:
    """The indicator codes the scan's values have; over a whole store, one index lookup per code."""
    if scan.unit_ids is not None:
        return set(scan.values().values_list("indicator", flat=True).distinct())
    return distinct(scan.values(), "indicator")


def _by_condition(indicators: Iterable[Indicator]) -> dict[Q, list[str]]:
    """Indicators grouped by what makes their values unreadable (none for a type with no such values)."""
    grouped: dict[Q, list[str]] = {}
    for indicator in indicators:
        unreadable = _unreadable(indicator)
        if unreadable is not None:
            grouped.setdefault(unreadable, []).append(indicator.code)
    return grouped


def _unreadable(indicator: Indicator) -> Q | None:
    kind = indicator.value_type
    if kind.is_numeric:
        return Q(number__isnull=True)
    if kind is ValueType.YES_NO:
        return ~Q(value__in=["yes", "no"])
    if kind is ValueType.ORDINAL:
        return ~Q(value__in=list(indicator.levels))
    return Q() if kind is ValueType.HEADING else None


@pivoted("formula")
def _formula(scan: Scan, prefix: str) -> Iterator[Condition]:
    for n, indicator in enumerate(scan.framework.derived()):
        assert indicator.formula is not None
        codes = (indicator.code, *indicator.formula.references)
        try:
            recomputed = expression(indicator.formula.tree)  # type: ignore[arg-type]
        except Unsupported:
            yield Condition(codes, {}, present(*codes))
            continue
        yield _disagreeing(f"{prefix}{n}_", codes, F(_alias(indicator.code)), recomputed)


def _disagreeing(name: str, codes: tuple[str, ...], reported: Combinable, recomputed: Combinable) -> Condition:
    """Rates further from their formula than half a unit of their last written decimal, and bounds (">90")."""
    text, point = f"{name}text", f"{name}point"
    aliases: dict[str, Any] = {
        text: Max("value", filter=Q(indicator=codes[0])),
        point: StrIndex(text, Value(".")),
        f"{name}places": Case(When(Q(**{f"{point}__gt": 0}), then=Length(text) - F(point)), default=Value(0),
                              output_field=IntegerField()),
        f"{name}gap": Abs(reported - recomputed),
    }
    aliases[f"{name}allowed"] = Value(0.5 * (1 - MARGIN)) / Power(Value(10.0), F(f"{name}places"))
    bound = Q(**{f"{text}__startswith": ">"}) | Q(**{f"{text}__startswith": "<"})
    return Condition(codes, aliases, present(*codes) & (bound | Q(**{f"{name}gap__gt": F(f"{name}allowed")})))


@prefilter("percent_range")
def _percent_range(scan: Scan) -> Iterator[Slice]:
    codes = [i.code for i in scan.framework.indicators
             if i.value_type is ValueType.PERCENT and not i.may_exceed_100]
    outside = Q(number__lt=0) | Q(number__gt=100) | Q(value__startswith=">") | Q(value__startswith="<")
    return _slices(scan.values().filter(indicator__in=codes).filter(outside).distinct())


def _relations(scan: Scan, kind: RelationKind, prefix: str) -> Iterator[tuple[str, tuple[str, ...], Combinable,
                                                                              Combinable]]:
    """Each relation of ``kind``: a unique name, its codes, and its left and right sides over the pivot."""
    for n, relation in enumerate(r for r in scan.framework.relations if r.kind is kind):
        right = _added([F(_alias(code)) for code in relation.right])
        yield f"{prefix}{n}_", (relation.left, *relation.right), F(_alias(relation.left)), right


@pivoted("sum")
def _sum(scan: Scan, prefix: str) -> Iterator[Condition]:
    for name, codes, total, parts in _relations(scan, RelationKind.SUM, prefix):
        yield Condition(codes, {f"{name}gap": Abs(total - parts)}, Q(**{f"{name}gap__gt": 0}))


@pivoted("equal")
def _equal(scan: Scan, prefix: str) -> Iterator[Condition]:
    for name, codes, left, right in _relations(scan, RelationKind.EQUAL, prefix):
        yield Condition(codes, {f"{name}gap": Abs(left - right)}, Q(**{f"{name}gap__gt": 0}))


@pivoted("part_of")
def _part_of(scan: Scan, prefix: str) -> Iterator[Condition]:
    for name, codes, part, whole in _relations(scan, RelationKind.PART_OF, prefix):
        yield Condition(codes, {f"{name}gap": part - whole}, Q(**{f"{name}gap__gt": 0}))


@pivoted("rule")
def _rule(scan: Scan, prefix: str) -> Iterator[Condition]:
    for n, rule in enumerate(scan.framework.rules):
        tree, codes = rule.expression.tree, tuple(rule.expression.references)
        if not isinstance(tree, Comparison):
            continue
        try:
            left, right = expression(tree.left), expression(tree.right)
        except Unsupported:
            yield Condition(codes, {}, present(*codes))
            continue
        yield _broken(f"{prefix}{n}_", codes, tree.operator, left, right)


def _broken(name: str, codes: tuple[str, ...], comparator: str, left: Combinable, right: Combinable) -> Condition:
    """Where ``left comparator right`` is false, its sides compared as the database's floating point does."""
    diff = f"{name}diff"
    lookup = {"<=": "gt", "<": "gte", ">=": "lt", ">": "lte"}.get(comparator)
    if lookup is not None:
        holds = Q(**{f"{diff}__{lookup}": 0})
    elif comparator == "!=":
        holds = Q(**{diff: 0})
    else:
        holds = present(*codes) & ~Q(**{diff: 0})
    return Condition(codes, {diff: left - right}, holds)


@prefilter("jump")
def _jump(scan: Scan) -> Iterator[Slice]:
    """A numeric value far from the one before it of the same kind of period (the core checks they follow)."""
    settings = scan.settings
    numeric = [i for i in scan.framework.indicators if i.value_type.is_numeric]
    percent = [i.code for i in numeric if i.value_type is ValueType.PERCENT]
    others = [i.code for i in numeric if i.value_type is not ValueType.PERCENT]
    kind: list[Any] = [F("org_unit_id"), F("indicator"), Length("period"), Substr("period", 5, 1)]
    rows = (scan.values().filter(number__isnull=False)
            .annotate(before=Window(Lag("number"), partition_by=kind, order_by=F("period_end").asc()))
            .annotate(step=Abs(Cast("number", FloatField()) - Cast("before", FloatField())),
                      base=Abs(Cast("before", FloatField()))))
    points = float(settings.jump_points) * (1 - MARGIN)
    yield from _slices(rows.filter(indicator__in=percent, step__gt=points))
    relative, least = float(settings.jump_relative) * (1 - MARGIN), float(settings.jump_min_base) * (1 - MARGIN)
    yield from _slices(rows.filter(indicator__in=others, base__gte=least).annotate(limit=F("base") * relative)
                       .filter(step__gt=F("limit")))


@prefilter("unit_total")
def _unit_total(scan: Scan) -> Iterator[Slice]:
    """Values of units that have units below them: the view sets each against what its units add up to."""
    # The units with units below them first (a few dozen), then their values through the unit index: not a
    # test of every value of the store for whether its unit has children.
    below = models.OrgUnit.objects.filter(parent_id=OuterRef("pk"))
    parents = models.OrgUnit.objects.filter(Exists(below)).values("pk")
    return _slices(scan.values().filter(org_unit_id__in=parents).values("org_unit_id", "period").distinct())
