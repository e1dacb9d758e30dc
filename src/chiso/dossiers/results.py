"""The query's figures turned into values: counts as they are, rates rounded half up to their decimals.

A rate whose denominator is zero has no value (missing is never zero). Rates declared by a formula over
counted indicators (5.1 = {5.1.2} / {5.1.1} × 100) are evaluated by the framework's own formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from chiso.catalog.model import Framework
from chiso.dossiers.compile import Measure, Plan, date_of, key_of, period_of
from chiso.dossiers.coverage import Events, Span
from chiso.formulas import Formula, evaluation_order
from chiso.periods import Period, PeriodType
from chiso.values.model import Value
from chiso.values.numbers import canonical, round_half_up

Row = tuple[str, str | None, int | None, str, int | None]  # part, unit, period key, measure name, number
Cell = tuple[str, int]  # unit, period key


@dataclass
class Figures:
    """What the query counted, by unit and period, with the summary of the run."""

    numbers: dict[Cell, dict[tuple[str, str], int]] = field(default_factory=dict)  # (indicator, role) → n
    rejected: int = 0
    duplicates: int = 0
    procedure_rejects: int = 0
    padded_ids: int = 0  # the ids were read as written and one has blanks around it: the query must trim them
    unknown_units: dict[str, int] = field(default_factory=dict)
    remapped: dict[int, int] = field(default_factory=dict)  # tally of the unit table (rid) → dossiers
    days: dict[str, int] = field(default_factory=dict)  # first_received, last_received, last_day: day numbers

    @classmethod
    def read(cls, rows: Iterable[Row], plan: Plan) -> Figures:
        measures = {m.name: m for m in plan.measures}
        figures = cls()
        for part, unit, key, name, number in rows:
            if number is None:
                continue  # a day of files without a readable dossier
            if part == "summary":
                figures._summary(name, int(number))
            elif part == "unknown" and unit is not None:
                figures.unknown_units[unit] = int(number)
            elif part == "remap" and unit is not None:
                figures.remapped[int(unit)] = int(number)
            elif unit is not None and key is not None:
                measure: Measure = measures[name]
                figures.numbers.setdefault((unit, key), {})[(measure.indicator, measure.role)] = int(number)
        return figures

    def _summary(self, name: str, number: int) -> None:
        if name in ("rejected", "duplicates", "procedure_rejects", "padded_ids"):
            setattr(self, name, number)
        else:
            self.days[name] = number

    def span(self) -> Span | None:
        """The days the readable dossiers reach; None when there is none."""
        if "first_received" not in self.days:
            return None
        first, last, latest = (date_of(self.days[name]) for name in ("first_received", "last_received", "last_day"))
        return Span(first, last, latest)

    def events(self, top: str, period_type: PeriodType) -> dict[Period, Events]:
        """Dossiers received and completed in each period with any, all units together (the top's total)."""
        return {period_of(key, period_type): Events(numbers.get(("", "received"), 0), numbers.get(("", "completed"), 0))
                for (unit, key), numbers in self.numbers.items() if unit == top}

    def keep(self, periods: Iterable[Period]) -> None:
        """Only the figures of ``periods``: the others are periods the files do not cover."""
        keys = {key_of(period) for period in periods}
        self.numbers = {cell: numbers for cell, numbers in self.numbers.items() if cell[1] in keys}

    def cover(self, plan: Plan, units: Callable[[int], Iterable[str]]) -> None:
        """Every unit the files cover counts in every period kept, zeros included: a commune that received
        no dossier in a quarter the files cover received 0, which is a figure, not a gap. ``units(key)`` names
        the units of the period (those valid in it). Rates over a zero denominator still have no value."""
        for key in {key for _, key in self.numbers}:
            for unit in units(key):
                self.numbers.setdefault((unit, key), {})
        zero = [(m.indicator, m.role) for m in plan.measures if m.part in ("ev", "unit")]
        for numbers in self.numbers.values():
            for measure in zero:
                numbers.setdefault(measure, 0)


def values(framework: Framework, figures: Figures, period_type: PeriodType, source: str) -> list[Value]:
    """Every value the figures give, in period, unit and catalogue order."""
    position = {ind.code: index for index, ind in enumerate(framework.indicators)}
    formulas: dict[str, Formula] = {i.code: i.formula for i in framework.indicators
                                    if i.formula is not None and i.records is None}
    order = evaluation_order(formulas)
    found: list[tuple[int, Value]] = []  # keys of one period type sort in date order
    for (unit, key), numbers in figures.numbers.items():
        period = period_of(key, period_type).code
        computed = _computed(framework, numbers)
        computed.update(_derived(framework, formulas, order, computed))
        found += [(key, Value(framework.code, code, unit, period, canonical(number), source=source))
                  for code, number in computed.items()]
    return [value for _, value in sorted(found, key=lambda kv: (kv[0], kv[1].unit, position[kv[1].indicator]))]


def _computed(framework: Framework, numbers: dict[tuple[str, str], int]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    for (code, role), number in numbers.items():
        if not code:
            continue  # the number of dossiers of each event in the cell
        indicator = framework.indicator(code)
        if role == "count":
            result[code] = Decimal(number)
        elif role == "num":
            denominator = numbers.get((code, "den"), 0)
            if denominator:
                # every rate kind is a percent (checked when the framework is loaded)
                result[code] = round_half_up(Decimal(number) / Decimal(denominator) * 100, indicator.places)
    return result


def _derived(framework: Framework, formulas: dict[str, Formula], order: list[str],
             computed: dict[str, Decimal]) -> dict[str, Decimal]:
    """Indicators whose formula uses only counted indicators, evaluated where every input is known."""
    known: dict[str, Decimal | None] = dict(computed)
    derived: dict[str, Decimal] = {}
    for code in order:
        formula = formulas[code]
        if not all(ref in known for ref in formula.references):
            continue
        result = formula.evaluate(known)
        if isinstance(result, Decimal):
            derived[code] = known[code] = round_half_up(result, framework.indicator(code).places)
    return derived

