"""Values of an org unit computed from the units below it (tổng hợp).

Counts and numbers (``Aggregation.SUM``) are summed over the units that reported them; rates
(``Aggregation.RATIO``) are recomputed by their formula from the aggregated numerator and denominator,
never averaged: 50/100 and 1/10 make 51/110 = 46,36%, not the 30% the mean of the two rates gives.
That is also how a province merged in 2025 is rebuilt from its predecessors.

Only units active during the period take part, so a district that ended on 30/6/2025 counts in 2025S1
but not in 2025S2. A unit that reported a value is counted as it reported it; the units below it are
then not added again. Missing is never zero: when no unit below reported, there is no value, and a
bound (">90") cannot be added up, so an aggregate that would need one is missing too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from chiso.catalog.model import Aggregation, Framework, Indicator
from chiso.errors import InputError
from chiso.formulas import Formula
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods.period import Period
from chiso.values.model import Value, read_value
from chiso.values.numbers import canonical, format_decimal, round_half_up

SOURCE = "tổng hợp"
DEFAULT_DECIMALS = 2


@dataclass(frozen=True)
class _Total:
    """An aggregated number and the note that says how it was made."""

    number: Decimal
    note: str


def aggregate(framework: Framework, values: Iterable[Value], hierarchy: Hierarchy, *,
              unit: str, period: str) -> list[Value]:
    """The values of ``unit`` for ``period`` computed from the active units below it, in catalogue order."""
    if unit not in hierarchy:
        raise InputError(f"không có đơn vị «{unit}» trong danh sách đơn vị", expected="mã một đơn vị đã khai báo")
    when = Period.parse(period)
    aggregator = _Aggregator(framework, hierarchy, _reported(framework, values, when.code), when, unit)
    return [_value(framework, indicator.code, unit, when.code, total)
            for indicator in framework.indicators
            if (total := aggregator.total(indicator.code)) is not None]


def _value(framework: Framework, indicator: str, unit: str, period: str, total: _Total) -> Value:
    return Value(framework.code, indicator, unit, period, canonical(total.number), note=total.note, source=SOURCE)


def _reported(framework: Framework, values: Iterable[Value], period: str) -> dict[tuple[str, str], str]:
    """The value texts of ``framework`` reported for ``period``, by (indicator, unit)."""
    return {(v.indicator, v.unit): v.value for v in values if v.framework == framework.code and v.period == period}


def active_during(unit: OrgUnit, period: Period) -> bool:
    """Whether the validity of ``unit`` overlaps ``period`` by at least a day."""
    started = unit.valid_from is None or unit.valid_from <= period.end
    return started and (unit.valid_to is None or unit.valid_to >= period.start)


class _Aggregator:
    """Aggregates the indicators of one framework for one unit and period, each indicator once."""

    def __init__(self, framework: Framework, hierarchy: Hierarchy, reported: dict[tuple[str, str], str],
                 period: Period, unit: str) -> None:
        self.framework = framework
        self.hierarchy = hierarchy
        self.reported = reported
        self.period = period
        self.unit = unit
        self._totals: dict[str, _Total | None] = {}

    def total(self, code: str) -> _Total | None:
        """The aggregate of indicator ``code``, or None when it has none."""
        if code not in self._totals:
            self._totals[code] = self._compute(self.framework.indicator(code))
        return self._totals[code]

    def _compute(self, indicator: Indicator) -> _Total | None:
        if indicator.aggregation is Aggregation.SUM:
            return self._sum(indicator)
        if indicator.aggregation is Aggregation.RATIO and indicator.formula is not None:
            return self._ratio(indicator, indicator.formula)
        return None

    def _sum(self, indicator: Indicator) -> _Total | None:
        """The sum of the values counted below the unit; None if there are none or one is not a number."""
        readings = [read_value(indicator, text) for text in self._contributions(indicator.code, self.unit)]
        numbers = [r for r in readings if isinstance(r, Decimal)]
        if not readings or len(numbers) < len(readings):
            return None
        return _Total(sum(numbers, Decimal(0)), f"Tổng hợp từ {len(numbers)} đơn vị")

    def _contributions(self, code: str, parent: str) -> Iterator[str]:
        """The value texts counted for ``code`` below ``parent``: a unit's own value, else its children's."""
        for child in self.hierarchy.children(parent):
            text = self.reported.get((code, child.code)) if active_during(child, self.period) else None
            if text is None:
                yield from self._contributions(code, child.code)
            else:
                yield text

    def _ratio(self, indicator: Indicator, formula: Formula) -> _Total | None:
        """The formula evaluated on the aggregated values of its references, rounded half up."""
        inputs = {code: self._number(code) for code in formula.references}
        result = formula.evaluate(inputs)
        if not isinstance(result, Decimal):
            return None
        places = DEFAULT_DECIMALS if indicator.decimals is None else indicator.decimals
        return _Total(round_half_up(result, places), _ratio_note(formula, inputs))

    def _number(self, code: str) -> Decimal | None:
        total = self.total(code)
        return None if total is None else total.number


def _ratio_note(formula: Formula, inputs: dict[str, Decimal | None]) -> str:
    """"Tính lại theo công thức {1.2} / {1.1} * 100 từ số liệu tổng hợp: {1.2} = 51; {1.1} = 110"."""
    shown = "; ".join(f"{{{code}}} = {format_decimal(number, 'vi')}"
                      for code, number in inputs.items() if number is not None)
    return f"Tính lại theo công thức {formula.text} từ số liệu tổng hợp: {shown}"


