"""The list page: which framework × unit × period a user can act on, and what awaits approval.

A framework with data sets lists the rounds open today to the user's units (``chiso.rounds.gate``), returned
forms first; a framework without any keeps the chooser's period, every unit that existed during it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from chiso.periods import Period, PeriodType
from chiso.rounds import EntryWindow
from chiso.rounds.gate import Round, open_rounds
from chiso.store import models, services
from chiso.store import rounds as stored
from chiso.store.models import Submission, SubmissionStatus
from chiso.web.rounds.gate import STATE_LABELS, grants

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
    comment: str = ""  # the approver's, on a returned form
    window: EntryWindow | None = None  # the round's, for a framework with data sets
    state_label: str = ""
    until: date | None = None  # an exception's last day

    @property
    def returned(self) -> bool:
        return self.status == SubmissionStatus.REJECTED


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


Wanted = tuple[models.Framework, str, Period, Round | None]  # a form to list, and its round if it has one


def slots(scope: Collection[str], period: Period, today: date) -> list[Slot]:
    """The open rounds of frameworks with data sets, then every other framework × unit of the scope for
    ``period``; returned forms first."""
    scheduled = stored.data_sets()
    gated = {d.framework for d in scheduled}
    frameworks = {fw.code: fw for fw in models.Framework.objects.order_by("code")}
    rounds = open_rounds(scheduled, services.hierarchy(), scope, today, grants(None, today))
    found: list[Wanted] = [(frameworks[r.data_set.framework], r.unit.code, r.period, r) for r in rounds
                           if r.data_set.framework in frameworks]
    units = units_in(scope, period)
    found += [(fw, u.code, period, None) for u in units for code, fw in frameworks.items() if code not in gated]
    made = _slots(found, {u.code: u.name for u in units_in({unit for _f, unit, _p, _r in found})})
    return sorted(made, key=lambda slot: not slot.returned)  # stable: otherwise in the order found


def _slots(wanted: list[Wanted], names: dict[str, str]) -> list[Slot]:
    units, periods = sorted({w[1] for w in wanted}), sorted({w[2].code for w in wanted})
    submissions = {(s.framework.code, s.org_unit.code, s.period): s for s in Submission.objects.filter(
        period__in=periods, org_unit__code__in=units).select_related("framework", "org_unit")}
    counts = _value_counts(units, periods)
    return [_slot(fw, unit, names.get(unit, unit), period, submissions.get((fw.code, unit, period.code)),
                  counts.get((fw.code, unit, period.code), 0), found) for fw, unit, period, found in wanted]


def _slot(fw: models.Framework, unit: str, name: str, period: Period, submission: Submission | None, count: int,
          found: Round | None) -> Slot:
    status = submission.status if submission else "no_data"
    label = submission.get_status_display() if submission else _("Chưa gửi")
    comment = submission.comment if submission and submission.status == SubmissionStatus.REJECTED else ""
    if found is None:
        return Slot(fw.code, fw.title, unit, name, period.code, status, str(label), count, comment)
    return Slot(fw.code, fw.title, unit, name, period.code, status, str(label), count, comment, found.window,
                str(STATE_LABELS[found.state]), found.until)


def _value_counts(units: list[str], periods: list[str]) -> dict[tuple[str, str, str], int]:
    rows = (models.Value.objects.filter(period__in=periods, org_unit__code__in=units, origin="")
            .values_list("framework__code", "org_unit__code", "period").annotate(n=Count("id")))
    return {(fw, unit, period): n for fw, unit, period, n in rows}


def ended(unit: str, today: date) -> models.OrgUnit | None:
    """The user's unit if it has ended by ``today`` (nothing is asked of it any more)."""
    found = models.OrgUnit.objects.filter(code=unit).first()
    return found if found is not None and found.valid_to is not None and found.valid_to < today else None


def pending(scope: Collection[str]) -> list[Submission]:
    """Submissions sent for approval in the scope, oldest first: the approver's queue."""
    return list(Submission.objects.filter(status=SubmissionStatus.SUBMITTED, org_unit__code__in=list(scope))
                .select_related("framework", "org_unit", "updated_by").order_by("updated_at"))


def every(scope: Collection[str], limit: int = 200) -> list[Submission]:
    """Every submission in the scope, most recently changed first (the admin's overview)."""
    return list(Submission.objects.filter(org_unit__code__in=list(scope))
                .select_related("framework", "org_unit", "updated_by").order_by("-updated_at")[:limit])
