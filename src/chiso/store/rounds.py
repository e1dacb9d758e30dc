"""The data sets and rounds in the store, as the core's ``chiso.rounds`` shapes, and each unit's report in a round."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils import timezone

from chiso.catalog.model import TargetScope
from chiso.errors import InputError
from chiso.periods import Period, PeriodType
from chiso.rounds import DataSet, Schedule, UnitReport
from chiso.store import models

CHUNK = 2000  # unit codes per IN (…) list


def data_set(record: models.DataSet) -> DataSet:
    """The core's data set of a stored one."""
    assigned = TargetScope(tuple(record.units), tuple(record.unit_types), tuple(record.groups))
    schedule = Schedule(record.opens_days, record.due_days, record.closes_days)
    return DataSet(record.code, record.name, record.framework.code, PeriodType(record.period_type),
                   tuple(record.indicators), assigned, schedule)


def data_sets(framework: str | None = None, *, active: bool = True) -> list[DataSet]:
    """The stored data sets (of ``framework``), in code order; only those in use unless ``active`` is False."""
    query = models.DataSet.objects.select_related("framework").order_by("code")
    query = query.filter(active=True) if active else query
    query = query if framework is None else query.filter(framework__code=framework)
    return [data_set(record) for record in query]


def find(code: str) -> DataSet:
    record = models.DataSet.objects.select_related("framework").filter(code=code).first()
    if record is None:
        raise InputError(f"không có bộ biểu «{code}»", expected="mã một bộ biểu đã khai báo")
    return data_set(record)


def reports(data_set: DataSet, period: Period, units: Collection[str]) -> dict[str, UnitReport]:
    """The report of each of ``units`` for ``period``: its submission's status and the day it was first sent."""
    return reports_of(data_set, [period], units)[period.code]


def reports_of(data_set: DataSet, periods: Collection[Period],
               units: Collection[str]) -> dict[str, dict[str, UnitReport]]:
    """Per period code, the report of each of ``units`` that has a submission of the data set's framework."""
    found: dict[str, dict[str, UnitReport]] = {p.code: {} for p in periods}
    codes = sorted(units)
    for start in range(0, len(codes), CHUNK):
        rows = models.Submission.objects.filter(framework__code=data_set.framework, period__in=list(found),
                                                org_unit__code__in=codes[start:start + CHUNK])
        for unit, period, status, sent in rows.values_list("org_unit__code", "period", "status", "first_sent_at"):
            found[period][unit] = UnitReport(unit, status, _day(sent))
    return found


def exception_until(data_set: DataSet, unit: str, period: Period) -> date | None:
    """The last day an admin allowed ``unit`` to enter ``period`` after the round closed, if one did."""
    return (models.EntryException.objects.filter(data_set__code=data_set.code, org_unit__code=unit,
                                                 period=period.code).values_list("until", flat=True).first())


def _day(moment: object) -> date | None:
    return None if moment is None else timezone.localdate(moment)  # type: ignore[arg-type]


def exceptions(framework: str | None = None, today: date | None = None) -> dict[tuple[str, str, str], date]:
    """Every exception (of ``framework``'s data sets; still running on ``today``), by data set, unit and period."""
    query = models.EntryException.objects.all()
    query = query if framework is None else query.filter(data_set__framework__code=framework)
    query = query if today is None else query.filter(until__gte=today)
    rows = query.values_list("data_set__code", "org_unit__code", "period", "until")
    return {(ds, unit, period): until for ds, unit, period, until in rows}
