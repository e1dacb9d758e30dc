"""The rounds of a data set as the store has them: who is expected, who sent what, and their tallies.

Reports are read a chunk of units at a time for every period at once (``chiso.store.rounds.reports_of``),
so a grid of six months over a nation's 3.321 communes is two queries, not one per unit.
The counting itself is the core's (``chiso.rounds.grid``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from decimal import Decimal

from django.utils import timezone

from chiso.catalog.model import Framework, Indicator, RateMeasure
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.rounds import Completeness, DataSet
from chiso.rounds.grid import Round, Row, grid, subtree_tallies
from chiso.store import models
from chiso.store import rounds as store_rounds
from chiso.store.units import hierarchy
from chiso.values.model import Value
from chiso.values.numbers import canonical

GRID_PERIODS = 6  # the latest periods a grid shows


def today() -> date:
    return timezone.localdate()


def rounds(data_set: DataSet, periods: Sequence[Period], unit: str | None = None,
           tree: Hierarchy | None = None) -> list[Round]:
    """The rounds of ``periods`` over ``unit``'s subtree (the whole tree when None), in the order given."""
    tree = tree or hierarchy()
    check_period(data_set, *periods)
    expected = {p.code: tuple(u.code for u in data_set.expected(tree, p, unit)) for p in periods}
    sent = store_rounds.reports_of(data_set, periods, {code for codes in expected.values() for code in codes})
    return [Round(data_set, p, expected[p.code], sent[p.code]) for p in periods]


def check_period(data_set: DataSet, *periods: Period) -> None:
    for period in periods:
        if period.type is not data_set.period_type:
            raise InputError(f"kỳ {period.code} không phải kỳ của bộ biểu {data_set.code}",
                             expected=f"một kỳ loại {data_set.period_type.noun}, ví dụ "
                                      f"{data_set.periods(today(), 1)[0].code}")


def tally(data_set: DataSet, period: Period, unit: str | None = None,
          tree: Hierarchy | None = None) -> Completeness:
    """The tally of one round over ``unit``'s subtree."""
    return rounds(data_set, [period], unit, tree)[0].tally(today())[0]


def latest_periods(data_set: DataSet, period: Period | None = None, count: int = GRID_PERIODS) -> list[Period]:
    """The ``count`` periods up to ``period`` (default: the latest whose entry has opened), newest first."""
    if period is None:
        return data_set.periods(today(), count)
    check_period(data_set, period)
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return found


def unit_grid(data_set: DataSet, unit: str, periods: Sequence[Period],
              tree: Hierarchy | None = None) -> tuple[list[Round], list[Row]]:
    """The rounds over ``unit``'s subtree and its grid: one row per unit right below it, one cell per period."""
    tree = tree or hierarchy()
    found = rounds(data_set, periods, unit, tree)
    return found, grid(tree, unit, found, today())


def rates(data_set: DataSet, units: Collection[str], periods: Collection[Period] | None,
          tree: Hierarchy | None = None) -> dict[tuple[str, str], Completeness]:
    """Per (unit, period), the tally over the unit's subtree, for each of ``periods`` (all when None) that is a
    round: one someone sent a report for, or the latest whose entry has opened. A unit with nobody expected below
    it has none, and so has a period no round ran: a rate nobody was asked for is missing, never 0."""
    tree = tree or hierarchy()
    ran = set(round_periods(data_set))
    opened = sorted(ran if periods is None else ran.intersection(periods), key=lambda p: p.end)
    on = today()
    found: dict[tuple[str, str], Completeness] = {}
    for each in rounds(data_set, opened, None, tree):
        for unit, counted in subtree_tallies(tree, each, units, on).items():
            found[unit, each.period.code] = counted
    return found


def round_periods(data_set: DataSet) -> list[Period]:
    """The periods that are rounds of the data set so far: those someone sent for, and the latest opened."""
    latest = data_set.periods(today(), 1)[0]
    return sorted({latest, *(p for p in sent_periods(data_set) if data_set.window(p).opens <= today())})


def sent_periods(data_set: DataSet) -> list[Period]:
    """The periods of the data set's type in which some unit has a submission of its framework."""
    codes = (models.Submission.objects.filter(framework__code=data_set.framework)
             .values_list("period", flat=True).distinct())
    found = (Period.parse(code) for code in codes)
    return [p for p in found if p.type is data_set.period_type]


def rate_values(framework: Framework, indicator: Indicator, units: Collection[str],
                periods: Collection[str] | None) -> Iterator[Value]:
    """The figures of a reporting-rate indicator: per unit and period, its data set's rate over the unit's subtree.

    None where nobody is expected (a missing rate is never 0), nor for a data set the store does not have."""
    rule, data_set = indicator.reporting_rate, rated_data_set(indicator)
    if rule is None or data_set is None:
        return
    asked = None if periods is None else [p for p in map(_period, periods) if p is not None]
    for (unit, period), counted in rates(data_set, units, asked).items():
        rate = MEASURES[rule.measure](counted)
        if rate is not None:
            note = f"Tỷ lệ báo cáo bộ biểu {data_set.code}: {counted.submitted}/{counted.expected} đơn vị đã gửi"
            yield Value(framework.code, indicator.code, unit, period, canonical(rate), note, data_set.name)


def rate_periods(framework: Framework, indicators: Collection[str] | None) -> set[str]:
    """The periods with a figure of one of the reporting-rate ``indicators`` (None: any)."""
    found: set[str] = set()
    for indicator in rate_indicators(framework, indicators):
        data_set = rated_data_set(indicator)
        if data_set is not None:
            found.update(p.code for p in round_periods(data_set))
    return found


def rated_data_set(indicator: Indicator) -> DataSet | None:
    """The stored data set whose rate ``indicator`` is, if it declares one and the store has it."""
    rule = indicator.reporting_rate
    record = None if rule is None else models.DataSet.objects.select_related("framework").filter(
        code=rule.data_set).first()
    return None if record is None else store_rounds.data_set(record)


def rate_indicators(framework: Framework, indicators: Collection[str] | None) -> list[Indicator]:
    wanted = None if indicators is None else set(indicators)
    return [i for i in framework.indicators if i.reporting_rate is not None and (wanted is None or i.code in wanted)]


MEASURES: dict[RateMeasure, Callable[[Completeness], Decimal | None]] = {
    RateMeasure.SUBMITTED: lambda c: c.rate, RateMeasure.ON_TIME: lambda c: c.on_time_rate,
    RateMeasure.APPROVED: lambda c: c.approved_rate}


def _period(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except InputError:
        return None
