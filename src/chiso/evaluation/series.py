"""The values of one org unit, read by their indicator's type and cut off at the "as of" period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from chiso.catalog.model import Framework
from chiso.periods import Period
from chiso.values.model import Reading, RecordedEvaluation, Value, read_value


@dataclass(frozen=True)
class Point:
    """One reading of an indicator in one period."""

    period: Period
    reading: Reading


def latest_key(period: Period) -> tuple[date, int]:
    """Order by end date; of periods ending the same day the longer one wins (a year's figure over S2)."""
    return period.end, -period.start.toordinal()


def earliest_key(period: Period) -> tuple[date, date]:
    """Order by end date; of periods ending the same day the longer one comes first, as for the latest."""
    return period.end, period.start


def within(period: Period, as_of: Period | None) -> bool:
    """Whether ``period`` had ended by the end of ``as_of`` (no cut-off means everything counts)."""
    return as_of is None or period.end <= as_of.end


class Series:
    """Readings of one unit in one framework, by indicator code, up to ``as_of``."""

    def __init__(self, framework: Framework, values: Iterable[Value], unit: str,
                 as_of: Period | None) -> None:
        self._points: dict[str, dict[Period, Point]] = {}
        for value in values:
            if value.framework == framework.code and value.unit == unit and framework.has(value.indicator):
                self._add(framework, value, as_of)

    def _add(self, framework: Framework, value: Value, as_of: Period | None) -> None:
        period = Period.parse(value.period)
        if within(period, as_of):
            reading = read_value(framework.indicator(value.indicator), value.value)
            self._points.setdefault(value.indicator, {})[period] = Point(period, reading)

    @classmethod
    def of_points(cls, points: Iterable[tuple[str, Point]], as_of: Period | None) -> Series:
        """The series of readings already made, by indicator code (the computed view's figures)."""
        series = cls.__new__(cls)
        series._points = {}
        for code, point in points:
            if within(point.period, as_of):
                series._points.setdefault(code, {})[point.period] = point
        return series

    def latest(self, code: str) -> Point | None:
        points = self._points.get(code, {})
        return max(points.values(), key=lambda p: latest_key(p.period), default=None)

    def earliest(self, code: str) -> Point | None:
        points = self._points.get(code, {})
        return min(points.values(), key=lambda p: earliest_key(p.period), default=None)

    def latest_before(self, code: str, period: Period) -> Point | None:
        """The latest reading of a period that ended before ``period`` began (a phase's starting point)."""
        points = [p for p in self._points.get(code, {}).values() if p.period.end < period.start]
        return max(points, key=lambda p: latest_key(p.period), default=None)

    def between(self, first: Period, last: Period) -> Series:
        """The readings of periods lying wholly from the start of ``first`` to the end of ``last``."""
        series = Series.__new__(Series)
        series._points = {}
        for code, points in self._points.items():
            kept = {k: p for k, p in points.items() if first.start <= k.start and k.end <= last.end}
            if kept:
                series._points[code] = kept
        return series


def latest_recorded(records: Iterable[RecordedEvaluation], key: tuple[str, str, str, str],
                    as_of: Period | None) -> RecordedEvaluation | None:
    """The official's latest evaluation for (framework, indicator, target id, unit) made by ``as_of``."""
    matching = [(Period.parse(r.period), r) for r in records
                if (r.framework, r.indicator, r.target, r.unit) == key]
    usable = [(period, r) for period, r in matching if within(period, as_of)]
    best = max(usable, key=lambda pair: latest_key(pair[0]), default=None)
    return best[1] if best else None
