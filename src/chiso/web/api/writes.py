"""Writing one value through the API, all-or-nothing: who may, whether its period is open, whether it changed.

The checks run in one transaction with the value's row (and its submission's) locked, so a write never
slips between someone else's read and save, nor between a submission and its approval. The store's
save_values does the write itself, so the API keeps the same history and lock as the web form and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.exceptions import PermissionDenied, ValidationError

from chiso.catalog.model import OWN_ORIGIN
from chiso.errors import InputError
from chiso.periods import Period
from chiso.store import models, services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import Value
from chiso.web.accounts import permissions
from chiso.web.api.errors import Conflict
from chiso.web.entry import fields
from chiso.web.rounds import gate

API_SOURCE = "chiso: nhập qua API"


@dataclass(frozen=True)
class Change:
    """One value to store; ``None`` for note or source keeps what is stored, for version skips the check."""

    framework: str
    indicator: str
    unit: str
    period: str
    value: str  # canonical text, already checked against the indicator's type
    note: str | None = None
    source: str | None = None
    version: int | None = None
    origin: str = ""  # part of the key: "" the unit's own report, else a source the framework declares


@transaction.atomic
def write(change: Change, user: AbstractBaseUser) -> tuple[models.Value, bool]:
    """Stores the change; returns the stored row and whether it was created. Refusals save nothing."""
    if not permissions.can_enter(user, change.unit):
        raise PermissionDenied(f"Bạn không có quyền nhập số liệu cho đơn vị {change.unit}.")
    _check_round(change, user)
    _check_asked(change, user)
    _check_open(change)
    record = _stored(change)
    _check_version(change, record)
    try:
        services.save_values([_core_value(change, record)], recorded_by=user.get_username())
    except InputError as exc:  # the store's own lock, should an approval land between the checks
        raise Conflict(f"{exc}.") from None
    saved = _stored(change)
    assert saved is not None  # just written in this transaction
    return saved, record is None


def _stored(change: Change) -> models.Value | None:
    return (models.Value.objects.select_for_update(of=("self",)).select_related("framework", "org_unit")
            .filter(framework__code=change.framework, indicator=change.indicator, org_unit__code=change.unit,
                    period=change.period, origin=change.origin).first())


def _check_round(change: Change, user: AbstractBaseUser) -> None:
    """A reporter writes only into a round open to the unit, as on the form (``chiso.web.rounds.gate``)."""
    refused = gate.refusal(user, change.framework, change.unit, Period.parse(change.period))
    if refused is not None:
        raise PermissionDenied(refused)


def _check_asked(change: Change, user: AbstractBaseUser) -> None:
    """Nobody writes a data set's reporting rate (the store computes it from the rounds); a reporter writes only
    the indicators the unit is asked for the period, as the form offers them. 400, nothing saved."""
    whole, period = services.frameworks()[change.framework], Period.parse(change.period)
    indicator = whole.indicator(change.indicator) if whole.has(change.indicator) else None
    refused = indicator is not None and indicator.reporting_rate is not None
    if not refused and gate.gated(user) and change.origin == OWN_ORIGIN:
        refused = not fields.form_framework(whole, change.unit, period).has(change.indicator)
    if refused:
        raise ValidationError({"indicator": [fields.refusal(whole, change.indicator, change.unit, period)]})


def _check_open(change: Change) -> None:
    """Values change only while nobody approves them: as in the web form, a submitted period waits."""
    submission = (Submission.objects.select_for_update(of=("self",))
                  .filter(framework__code=change.framework, org_unit__code=change.unit, period=change.period)
                  .first())
    where = f"Bộ chỉ tiêu {change.framework}, đơn vị {change.unit}, kỳ {change.period}"
    if submission is not None and submission.status == SubmissionStatus.APPROVED:
        raise Conflict(f"{where}: kỳ đã được phê duyệt, không thể sửa; quản trị cấp tỉnh có thể mở lại.")
    if submission is not None and submission.status == SubmissionStatus.SUBMITTED:
        raise Conflict(f"{where}: kỳ đang chờ duyệt, không thể sửa; người phê duyệt có thể trả lại để sửa.")


def _check_version(change: Change, record: models.Value | None) -> None:
    stored = record.version if record is not None else 0
    if change.version is None or change.version == stored:
        return
    who = f" (người nhập gần nhất: {record.recorded_by})" if record is not None and record.recorded_by else ""
    raise Conflict(f"Chỉ tiêu {change.indicator}, đơn vị {change.unit}, kỳ {change.period}: giá trị đã được "
                   f"thay đổi{who}; phiên bản đang lưu là {stored}, yêu cầu gửi phiên bản {change.version}. "
                   "Chưa có gì được lưu; hãy đọc lại giá trị rồi gửi lại.")


def _core_value(change: Change, record: models.Value | None) -> Value:
    note = change.note if change.note is not None else (record.note if record is not None else "")
    return Value(change.framework, change.indicator, change.unit, change.period, change.value, note,
                 _source(change, record), origin=change.origin)


def _source(change: Change, record: models.Value | None) -> str:
    # An unchanged value keeps where it came from (e.g. the printed appendix); a new one came from here.
    if change.source is not None:
        return change.source
    return record.source if record is not None and record.value == change.value else API_SOURCE
