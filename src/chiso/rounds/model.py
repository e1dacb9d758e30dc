"""A data set and its schedule: when a period's entry opens, when it is due, when entry closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from chiso.catalog.model import TargetScope
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, active_during
from chiso.periods import Period, PeriodType

MOST_DAYS = 366  # a schedule's offsets are bounded: a year either side of the period's end


@dataclass(frozen=True)
class EntryWindow:
    """The dates of one round: entry opens, is due, closes (never, when ``closes`` is None)."""

    opens: date
    due: date
    closes: date | None

    def is_open(self, today: date) -> bool:
        return self.opens <= today and (self.closes is None or today <= self.closes)

    def is_late(self, on: date) -> bool:
        return on > self.due


@dataclass(frozen=True)
class Schedule:
    """Days counted from a period's last day (DHIS2's "expiry days", in both directions).

    ``opens`` 1 is the day after the period ends, 0 its last day, negative days before it; ``due`` is the
    last day a report counts as on time (5: the fifth day after the period); ``closes`` is the last day
    entry is allowed, None for never.
    """

    opens: int = 1
    due: int = 5
    closes: int | None = None

    def __post_init__(self) -> None:
        for name, days in (("opens", self.opens), ("due", self.due), ("closes", self.closes)):
            if days is not None and abs(days) > MOST_DAYS:
                raise InputError(f"số ngày «{name}» = {days} quá lớn", expected=f"từ -{MOST_DAYS} đến {MOST_DAYS}")
        if self.due < self.opens:
            raise InputError("hạn nộp trước ngày mở nhập", expected="hạn nộp không sớm hơn ngày mở")
        if self.closes is not None and self.closes < self.due:
            raise InputError("ngày khóa nhập trước hạn nộp", expected="ngày khóa không sớm hơn hạn nộp")

    def window(self, period: Period) -> EntryWindow:
        after = period.end
        closes = None if self.closes is None else after + timedelta(days=self.closes)
        return EntryWindow(after + timedelta(days=self.opens), after + timedelta(days=self.due), closes)


@dataclass(frozen=True)
class DataSet:
    """What a group of units must report: some indicators of a framework, per period, on a schedule."""

    code: str
    name: str
    framework: str
    period_type: PeriodType
    indicators: tuple[str, ...] = ()  # empty: every indicator of the framework that is entered
    assigned: TargetScope = TargetScope()  # nobody named: every unit with no unit below it
    schedule: Schedule = Schedule()

    def asks(self, unit: OrgUnit, tree: Hierarchy) -> bool:
        """Whether ``unit`` is asked for this data set (whatever the period)."""
        if self.assigned.everyone:
            return not tree.children(unit.code)
        return self.assigned.applies(unit.code, unit.type.value, frozenset(tree.groups_of(unit.code)))

    def expected(self, tree: Hierarchy, period: Period, within: str | None = None) -> list[OrgUnit]:
        """The units that must report ``period``: asked, existing during it, and in ``within``'s subtree."""
        codes = tree.subtree(within) if within is not None else set(tree.units)
        return sorted((u for code in codes if active_during(u := tree.units[code], period) and self.asks(u, tree)),
                      key=lambda u: u.code)

    def window(self, period: Period) -> EntryWindow:
        return self.schedule.window(period)

    def periods(self, today: date, count: int) -> list[Period]:
        """The latest ``count`` periods whose entry has opened by ``today``, newest first."""
        period = containing(self.period_type, today)
        while self.window(period).opens > today:
            period = period.previous()
        found = [period]
        while len(found) < count:
            found.append(found[-1].previous())
        return found


def containing(kind: PeriodType, day: date) -> Period:
    """The period of type ``kind`` that ``day`` falls in."""
    if not kind.fixed:
        raise InputError("kỳ lũy kế không dùng làm kỳ báo cáo", expected="tháng, quý, 6 tháng hoặc năm")
    if kind is PeriodType.YEAR:
        return Period(kind, day.year)
    return Period(kind, day.year, (day.month - 1) // kind.months + 1)
