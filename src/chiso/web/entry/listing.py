"""The list page: which framework × unit × period a user can act on, and what awaits approval."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from chiso.periods import Period, PeriodType
from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus

RECENT_HALVES, RECENT_YEARS = 6, 4


@dataclass(frozen=True)
class Slot:
    """One framework × unit × period a reporter may fill in, with its submission's status."""

    framework: str
    framework_title: str
    unit: str
    unit_name: str
    period: str
    status: str
    status_label: str
    count: int


def recent_periods(today: date) -> dict[str, list[Period]]:
    """The periods offered in the chooser: the current half-year and year and those just before."""
    half = Period(PeriodType.HALF, today.year, 1 if today.month <= 6 else 2)
    year = Period(PeriodType.YEAR, today.year)
    return {"halves": _back(half, RECENT_HALVES), "years": _back(year, RECENT_YEARS)}


def _back(period: Period, count: int) -> list[Period]:
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return found


def default_period(today: date) -> Period:
    return recent_periods(today)["halves"][0]


def units_in(scope: Collection[str], period: Period | None = None) -> list[models.OrgUnit]:
    """The scope's org units, in code order; with a period, only those that existed during it."""
    found = models.OrgUnit.objects.filter(code__in=list(scope)).order_by("code")
    if period is None:
        return list(found)
    return [u for u in found if (u.valid_from is None or u.valid_from <= period.end)
            and (u.valid_to is None or u.valid_to >= period.start)]


def slots(scope: Collection[str], period: Period) -> list[Slot]:
    """Every framework × unit of the scope for ``period``, with status and how many values are stored."""
    units = units_in(scope, period)
    submissions = {(s.framework.code, s.org_unit.code): s for s in Submission.objects.filter(
        period=period.code, org_unit__code__in=[u.code for u in units]).select_related("framework", "org_unit")}
    counts = _value_counts([u.code for u in units], period)
    return [_slot(fw, unit, period, submissions.get((fw.code, unit.code)), counts.get((fw.code, unit.code), 0))
            for unit in units for fw in models.Framework.objects.order_by("code")]


def _slot(fw: models.Framework, unit: models.OrgUnit, period: Period, submission: Submission | None,
          count: int) -> Slot:
    status = submission.status if submission else "no_data"
    label = submission.get_status_display() if submission else _("Chưa gửi")
    return Slot(fw.code, fw.title, unit.code, unit.name, period.code, status, str(label), count)


def _value_counts(units: list[str], period: Period) -> dict[tuple[str, str], int]:
    rows = (models.Value.objects.filter(period=period.code, org_unit__code__in=units, origin="")
            .values_list("framework__code", "org_unit__code").annotate(n=Count("id")))
    return {(fw, unit): n for fw, unit, n in rows}


def pending(scope: Collection[str]) -> list[Submission]:
    """Submissions sent for approval in the scope, oldest first: the approver's queue."""
    return list(Submission.objects.filter(status=SubmissionStatus.SUBMITTED, org_unit__code__in=list(scope))
                .select_related("framework", "org_unit", "updated_by").order_by("updated_at"))


def every(scope: Collection[str], limit: int = 200) -> list[Submission]:
    """Every submission in the scope, most recently changed first (the admin's overview)."""
    return list(Submission.objects.filter(org_unit__code__in=list(scope))
                .select_related("framework", "org_unit", "updated_by").order_by("-updated_at")[:limit])
