"""Saving an entry form and moving its submission from draft to approval, each step all-or-nothing.

Permissions (who) are the views' business; this module guards the states (when): values change only in
a draft or a rejected submission, and only if nobody changed them since the form was loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.store import models, services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values import model as core
from chiso.view import Figure, Provenance
from chiso.web.entry.history import person
from chiso.web.entry.sheet import FORMULA_SOURCE, WEB_SOURCE, Sheet, keyed, rates, typed_values
from chiso.web.entry.signals import moved

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.REJECTED)

# action → (the statuses it starts from, the status it leads to)
DECISIONS = {
    "approve": ((SubmissionStatus.SUBMITTED,), SubmissionStatus.APPROVED),
    "reject": ((SubmissionStatus.SUBMITTED,), SubmissionStatus.REJECTED),
    "reopen": ((SubmissionStatus.APPROVED,), SubmissionStatus.DRAFT),
}


@dataclass(frozen=True)
class Target:
    """What one entry form is about: a framework, an org unit and a period."""

    framework: Framework
    framework_record: models.Framework
    unit: models.OrgUnit
    period: Period

    def values(self) -> QuerySet[models.Value]:
        """The unit's own values of the period (origin ""): what its form and its Excel template hold."""
        return models.Value.objects.filter(framework=self.framework_record, org_unit=self.unit,
                                           period=self.period.code, origin="")

    def submission(self) -> Submission | None:
        return Submission.objects.filter(framework=self.framework_record, org_unit=self.unit,
                                         period=self.period.code).first()

    @property
    def org_unit(self) -> OrgUnit:
        """The unit as the core knows it, alone: a form holds its own figures, not those of the units below."""
        unit = self.unit
        return OrgUnit(unit.code, unit.name, OrgUnitType(unit.type), "", unit.valid_from, unit.valid_to)

    def rates(self, values: Mapping[str, str]) -> dict[str, Figure]:
        """The rates the core computes for this unit and period from ``values`` (code → canonical text)."""
        code, unit, period = self.framework.code, self.unit.code, self.period.code
        held = [core.Value(code, indicator, unit, period, text) for indicator, text in values.items()]
        found = rates(self.framework, self.org_unit, held, [self.period])
        return {indicator: figure for (indicator, at), figure in found.items() if at == period}


class Conflict(Exception):
    """Values changed by someone else since the form was loaded: the whole save is refused."""

    def __init__(self, changes: list[str]) -> None:
        super().__init__(_("Không lưu được: trong lúc bạn nhập, số liệu sau đã được người khác thay đổi: "
                           "%(changes)s. Chưa có gì được lưu; hãy tải lại biểu mẫu để xem số liệu mới rồi "
                           "nhập lại.") % {"changes": "; ".join(changes)})


def records(target: Target) -> dict[str, models.Value]:
    return {record.indicator: record for record in target.values()}


@transaction.atomic
def save(target: Target, sheet: Sheet, user: AbstractBaseUser, *, submit: bool = False) -> Submission:
    """Stores the form's values, then marks the submission draft (or submitted).

    Rates with a formula are not stored: the computed view derives them from the counts whenever no rate
    is stored, so they never go stale when a count changes later (through ``chiso load`` or the API).
    """
    submission = _locked_submission(target, user)
    if submission.status not in EDITABLE:
        raise PermissionDenied(_("Kỳ báo cáo đang chờ duyệt hoặc đã được phê duyệt, không thể sửa."))
    stored = {r.indicator: r for r in target.values().select_for_update()}
    _check_versions(target, sheet, stored)
    _write(target, sheet, target.rates(sheet.values), stored, user.get_username())
    status = SubmissionStatus.SUBMITTED if submit else SubmissionStatus.DRAFT
    comment = "" if submit else submission.comment  # a rejection's reason stays in view while fixing
    _move(submission, status, user, "submit" if submit else "save", comment)
    return submission


@transaction.atomic
def decide(target: Target, action: str, user: AbstractBaseUser, comment: str) -> Submission:
    """Approves, rejects or reopens a submission, keeping who, when and why in its history."""
    starts, status = DECISIONS[action]
    submission = (Submission.objects.select_for_update()
                  .filter(framework=target.framework_record, org_unit=target.unit, period=target.period.code)
                  .first())
    if submission is None or submission.status not in starts:
        raise PermissionDenied(_("Kỳ báo cáo không ở trạng thái cho phép thao tác này."))
    _move(submission, status, user, action, comment)
    return submission


def _locked_submission(target: Target, user: AbstractBaseUser) -> Submission:
    # Locking the row serialises a save against an approval of the same period.
    query = Submission.objects.select_for_update().filter(
        framework=target.framework_record, org_unit=target.unit, period=target.period.code)
    found = query.first()
    if found is not None:
        return found
    try:
        with transaction.atomic():  # a savepoint: on PostgreSQL another first save may be creating it too
            return Submission.objects.create(framework=target.framework_record, org_unit=target.unit,
                                             period=target.period.code, updated_by_id=user.pk)
    except IntegrityError:  # it did, and committed: go on with its row (the versions decide what is saved)
        return query.get()


def _move(submission: Submission, status: str, user: AbstractBaseUser, action: str, comment: str) -> None:
    submission.status = status
    if status == SubmissionStatus.SUBMITTED and submission.first_sent_at is None:
        submission.first_sent_at = timezone.now()
    submission.comment = comment
    submission.updated_by_id = user.pk
    submission.save()
    latest = submission.history.first()  # newest first; the action is kept as the change reason
    latest.history_change_reason = action
    latest.save()
    moved.send(Submission, submission=submission, action=action, user=user, comment=comment)


def _check_versions(target: Target, sheet: Sheet, stored: Mapping[str, models.Value]) -> None:
    changed = [i.code for i in keyed(target.framework)
               if (stored[i.code].version if i.code in stored else 0) != sheet.versions.get(i.code, 0)]
    if changed:
        raise Conflict([_changed_by(target, code, stored.get(code)) for code in changed])


def _changed_by(target: Target, code: str, record: models.Value | None) -> str:
    """"chỉ tiêu 5.1.1 (quantri, 22/11/2026 15:20)": who changed it last, from its history."""
    latest = (models.Value.history.filter(framework_id=target.framework_record.pk, org_unit_id=target.unit.pk,
                                          period=target.period.code, indicator=code, origin="")
              .select_related("history_user").order_by("-history_date", "-history_id").first())
    who = person(latest) if latest is not None else (record.recorded_by if record else "")
    when = timezone.localtime(latest.history_date).strftime("%d/%m/%Y %H:%M") if latest is not None else ""
    return _("chỉ tiêu %(code)s (%(who)s, %(when)s)") % {"code": code, "who": who or "?", "when": when}


def _write(target: Target, sheet: Sheet, computed: Mapping[str, Figure],
           stored: Mapping[str, models.Value], username: str) -> None:
    sources = {code: _source(stored.get(code), text) for code, text in sheet.values.items()}
    services.save_values(typed_values(target.framework.code, target.unit.code, target.period.code, sheet, sources),
                         recorded_by=username)
    for record in cleared(target.framework, sheet.values, computed, stored):
        record.delete()  # a missing value is a missing row, never zero; the history keeps the deletion


def _source(record: models.Value | None, text: str) -> str:
    # An unchanged value keeps where it came from (e.g. the printed appendix); a typed one came from here.
    return record.source if record is not None and record.value == text else WEB_SOURCE


def cleared(framework: Framework, values: Mapping[str, str], computed: Mapping[str, Figure],
            stored: Mapping[str, models.Value]) -> list[models.Value]:
    """Stored values a save removes: inputs left empty, and stored rates the view derives from now on.

    A stored rate goes when its counts give it (the computed one wins, as it always did) and when chiso
    stored it itself (a copy that would go stale); a rate from elsewhere (a printed appendix without its
    counts) is kept while it cannot be computed.
    """
    gone = []
    for indicator in keyed(framework):
        record = stored.get(indicator.code)
        if record is None:
            continue
        if indicator.is_derived:
            figure = computed.get(indicator.code)
            if record.source == FORMULA_SOURCE or (figure is not None and figure.provenance is Provenance.DERIVED):
                gone.append(record)
        elif indicator.code not in values:
            gone.append(record)
    return gone
