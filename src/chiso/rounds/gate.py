"""Whether a unit may enter a period now, and which rounds are open to a set of units: entry follows data sets.

A framework without data sets has no schedule (every period can be entered, as before data sets existed);
once it has one, a unit enters a period only if an active data set of that period's type asks it, the unit
exists during the period and has not ended, and the round's window is open today. An admin's exception
(unit, period, until) opens it to one unit past all of these but existence; an admin's "open now" (a day)
opens the round to every unit it asks from that day on, as if the schedule had opened it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from chiso.i18n import N_
from chiso.orgunits.model import Hierarchy, OrgUnit, active_during
from chiso.periods import Period
from chiso.rounds.model import DataSet, EntryWindow


class RoundState(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    OVERDUE = "overdue"  # open, past its due date
    CLOSED = "closed"


# The catalogue's msgids: a page shows them translated (chiso.i18n.translate).
STATE_LABELS = {RoundState.NOT_OPEN: N_("chưa mở"), RoundState.OPEN: N_("đang mở"), RoundState.OVERDUE: N_("quá hạn"),
                RoundState.CLOSED: N_("đã khóa")}


class Refusal(StrEnum):
    NOT_ASKED = "not_asked"  # no active data set of the period's type asks the unit
    NOT_EXISTING = "not_existing"  # the unit did not exist during the period
    ENDED = "ended"  # the unit has ended: its successor reports
    NOT_OPEN = "not_open"
    CLOSED = "closed"


def effective(window: EntryWindow, opened_on: date | None) -> EntryWindow:
    """The window once an admin opened the round early on ``opened_on`` (never later than the schedule)."""
    if opened_on is None or opened_on >= window.opens:
        return window
    return replace(window, opens=opened_on)


def state(window: EntryWindow, today: date) -> RoundState:
    if today < window.opens:
        return RoundState.NOT_OPEN
    if window.closes is not None and today > window.closes:
        return RoundState.CLOSED
    return RoundState.OVERDUE if window.is_late(today) else RoundState.OPEN


@dataclass(frozen=True)
class Verdict:
    """Whether entry is allowed; if not, why (the first reason met); the data set and window it was judged by."""

    allowed: bool
    refusal: Refusal | None = None
    data_set: DataSet | None = None
    window: EntryWindow | None = None
    until: date | None = None  # the last day of an exception that allows it


@dataclass(frozen=True)
class Grants:
    """What admins allowed beyond the schedules: exceptions by (data set, unit, period), openings by (data set,
    period), each a day."""

    exceptions: Mapping[tuple[str, str, str], date]
    openings: Mapping[tuple[str, str], date]

    def exception(self, data_set: DataSet, unit: str, period: Period) -> date | None:
        return self.exceptions.get((data_set.code, unit, period.code))

    def window(self, data_set: DataSet, period: Period) -> EntryWindow:
        return effective(data_set.window(period), self.openings.get((data_set.code, period.code)))


NO_GRANTS = Grants({}, {})


def asking(data_sets: Iterable[DataSet], unit: OrgUnit, tree: Hierarchy, period: Period) -> list[DataSet]:
    """The data sets of ``period``'s type that ask ``unit``."""
    return [d for d in data_sets if d.period_type is period.type and d.asks(unit, tree)]


def asked_indicators(data_sets: Iterable[DataSet], unit: OrgUnit, tree: Hierarchy,
                     period: Period) -> set[str] | None:
    """The indicators ``unit`` is asked for in ``period``: the union over the data sets of its type asking it.

    None when nothing narrows them: no data set asks the unit (a framework without data sets, or an admin
    entering for a unit nobody asks), or one of them asks every indicator (its list is empty).
    """
    found = asking(data_sets, unit, tree, period)
    if not found or any(not d.indicators for d in found):
        return None
    return {code for d in found for code in d.indicators}


def verdict(data_sets: Sequence[DataSet], unit: OrgUnit, tree: Hierarchy, period: Period, today: date,
            grants: Grants = NO_GRANTS) -> Verdict:
    """May ``unit`` enter ``period`` today under ``data_sets`` (a framework's active ones)? None at all: yes."""
    if not data_sets:
        return Verdict(True)
    found = asking(data_sets, unit, tree, period)
    if not found:  # an ended unit is told it ended: that is why nothing asks it any more
        return Verdict(False, Refusal.ENDED if _ended(unit, today) else Refusal.NOT_ASKED)
    if not active_during(unit, period):
        return Verdict(False, Refusal.NOT_EXISTING, found[0])
    judged = [_judge(d, unit, period, today, grants) for d in found]
    return next((v for v in judged if v.allowed), judged[0])


def _judge(data_set: DataSet, unit: OrgUnit, period: Period, today: date, grants: Grants) -> Verdict:
    window = grants.window(data_set, period)
    until = grants.exception(data_set, unit.code, period)
    if until is not None and today <= until:
        return Verdict(True, None, data_set, window, until)
    if _ended(unit, today):
        return Verdict(False, Refusal.ENDED, data_set, window)
    if window.is_open(today):
        return Verdict(True, None, data_set, window)
    refusal = Refusal.NOT_OPEN if today < window.opens else Refusal.CLOSED
    return Verdict(False, refusal, data_set, window)


def _ended(unit: OrgUnit, today: date) -> bool:
    return unit.valid_to is not None and unit.valid_to < today


@dataclass(frozen=True)
class Round:
    """One open form: a data set's period for one unit, its window and state, and an exception's last day."""

    data_set: DataSet
    unit: OrgUnit
    period: Period
    window: EntryWindow
    state: RoundState
    until: date | None = None


def open_rounds(data_sets: Sequence[DataSet], tree: Hierarchy, units: Iterable[str], today: date,
                grants: Grants = NO_GRANTS, back: int = 6) -> list[Round]:
    """Every round open today to one of ``units``: per data set, its latest ``back`` periods, those an admin
    opened early and those with an exception; one per framework × unit × period, in data set, unit, period
    order (newest first)."""
    found: dict[tuple[str, str, str], Round] = {}
    for data_set in data_sets:
        for period in _candidates(data_set, today, grants, back):
            for unit in sorted(units):
                if unit in tree and (key := (data_set.framework, unit, period.code)) not in found:
                    allowed = verdict([data_set], tree[unit], tree, period, today, grants)
                    if allowed.allowed and allowed.window is not None:
                        found[key] = Round(data_set, tree[unit], period, allowed.window,
                                           state(allowed.window, today), allowed.until)
    return list(found.values())


def _candidates(data_set: DataSet, today: date, grants: Grants, back: int) -> list[Period]:
    periods = {p.code: p for p in data_set.periods(today, back)}
    granted = [code for (ds, _unit, code) in grants.exceptions if ds == data_set.code]
    granted += [code for (ds, code) in grants.openings if ds == data_set.code]
    for code in granted:
        period = Period.parse(code)
        if period.type is data_set.period_type:
            periods.setdefault(code, period)
    return sorted(periods.values(), key=lambda p: p.start, reverse=True)


def latest(data_set: DataSet, today: date, count: int) -> list[Period]:
    """The rounds an admin looks at: the one to open next (if not yet open) and the latest ``count`` opened."""
    opened = data_set.periods(today, count)
    return [opened[0].next(), *opened]


def reach(data_set: DataSet, tree: Hierarchy, today: date) -> set[str]:
    """The units ``data_set`` asks that have not ended by ``today``, and every unit it names: whom it concerns."""
    named = {code for code in data_set.assigned.units if code in tree}
    return named | {code for code, unit in tree.units.items()
                    if (unit.valid_to is None or unit.valid_to >= today) and data_set.asks(unit, tree)}
