"""An upload's preview and its confirmation: what would change and what the checks say, then all or nothing.

The preview is computed exactly as the entry form computes a save (the same rates from the core's view,
the same checks), and what it read travels to the confirmation in a signed token, so the file is not read
twice and cannot be swapped or edited in between. The confirmation saves through the entry form's own save,
with its locks, its refusal of values changed since the preview, and its history of who changed what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.checks import Finding
from chiso.errors import ChisoError, InputError
from chiso.periods import Period
from chiso.store import models, services
from chiso.store.models import SubmissionStatus
from chiso.values import model as core
from chiso.view import Figure
from chiso.web.dashboard.display import period_label
from chiso.web.entry import pages, workflow
from chiso.web.entry.fields import form_framework
from chiso.web.entry.sheet import FORMULA_SOURCE, Sheet, display
from chiso.web.transfer import layout
from chiso.web.transfer.upload import Problem, Upload

SALT = "chiso.web.transfer.preview"
MAX_AGE = 2 * 3600  # seconds a preview may wait for its confirmation


class PreviewRefused(ChisoError):
    """A confirmation whose preview is expired, tampered with, or someone else's."""


@dataclass(frozen=True)
class Change:
    """One stored value the upload would create, change or delete; ``old``/``new`` as a reader writes them."""

    line: int
    code: str
    name: str
    old: str
    new: str
    old_note: str
    note: str
    derived: bool = False
    remark: str = ""  # why a row whose value stays the same is still written


@dataclass(frozen=True)
class Located:
    """A finding with the Excel row of its indicator (None for an indicator not in the template)."""

    line: int | None
    finding: Finding


@dataclass(frozen=True)
class Preview:
    changes: list[Change]
    findings: list[Located]
    problems: list[Problem]
    token: str

    @property
    def confirmable(self) -> bool:
        return not self.problems and bool(self.changes)


@dataclass(frozen=True)
class Pending:
    """What a confirmation writes, as the preview read it."""

    framework: str
    unit: str
    period: str
    values: dict[str, str]
    notes: dict[str, str]
    versions: dict[str, int]  # of the stored values when the preview was made
    changes: int


def find_target(framework: str, unit: str, period: str) -> workflow.Target | None:
    """The framework × unit × period named by these codes, or None if one of them is unknown."""
    record = models.Framework.objects.filter(code=framework).first()
    org_unit = models.OrgUnit.objects.filter(code=unit).first()
    try:
        parsed = Period.parse(period)
    except InputError:
        return None
    if record is None or org_unit is None:
        return None
    # The template holds what the unit is asked for this period, as the entry form does.
    form = form_framework(services.frameworks()[record.code], org_unit.code, parsed)
    return workflow.Target(form, record, org_unit, parsed)


def refusal(target: workflow.Target) -> str | None:
    """Why values of ``target`` may not change now (approved, or waiting for approval); None if they may."""
    submission = target.submission()
    if submission is None or submission.status in workflow.EDITABLE:
        return None
    subject = {"unit": target.unit.name, "period": period_label(target.period)}
    if submission.status == SubmissionStatus.APPROVED:
        return _("Kỳ báo cáo %(period)s của %(unit)s đã được phê duyệt nên số liệu đã bị khoá: không nhận tệp "
                 "tải lên. Quản trị cấp tỉnh có thể mở lại kỳ báo cáo nếu cần sửa.") % subject
    return _("Kỳ báo cáo %(period)s của %(unit)s đang chờ duyệt: không nhận tệp tải lên cho đến khi được phê "
             "duyệt hoặc trả lại.") % subject


def preview(target: workflow.Target, upload: Upload, user: AbstractBaseUser) -> Preview:
    """What confirming ``upload`` would change and what the checks would find; writes nothing."""
    fw = target.framework
    stored = workflow.records(target)
    values = _settled(fw, upload.values, stored)
    after = pages.computed(target, values)
    before = target.rates({code: record.value for code, record in stored.items()})
    changes = _input_changes(fw, values, upload.notes, stored) + _rate_changes(target, values, before, after.rates,
                                                                               stored)
    changes.sort(key=lambda change: change.line)
    problems = upload.problems + _conflicts(changes, upload.versions, stored)
    rows = {line.code: line.row for line in layout.lines(fw)}
    found = [Located(rows.get(f.indicator), f) for f in after.findings]
    notes = {code: note for code, note in upload.notes.items() if code in values}
    token = _sign(target, user, values, notes, stored, len(changes))
    return Preview(changes, found, sorted(problems, key=lambda p: (p.line, p.column)), token)


def _settled(framework: Framework, values: Mapping[str, str], stored: Mapping[str, models.Value]) -> dict[str, str]:
    """The upload's values, keeping the stored text where it means the same (99,2 read back for 99,20)."""
    settled = dict(values)
    for code, text in values.items():
        record = stored.get(code)
        if record is not None and record.value != text and _same(framework, code, record.value, text):
            settled[code] = record.value
    return settled


def _same(framework: Framework, code: str, first: str, second: str) -> bool:
    indicator = framework.indicator(code)
    try:
        return core.read_value(indicator, first) == core.read_value(indicator, second)
    except InputError:
        return False


def _input_changes(framework: Framework, values: Mapping[str, str], notes: Mapping[str, str],
                   stored: Mapping[str, models.Value]) -> list[Change]:
    changes = []
    for line in layout.lines(framework):
        if line.kind != layout.INPUT:
            continue
        record, new = stored.get(line.code), values.get(line.code)
        old, old_note = (record.value, record.note) if record is not None else (None, "")
        note = notes.get(line.code, "") if new is not None else ""
        if (new, note) != (old, old_note if old is not None else ""):
            changes.append(_change(framework, line, old, new, old_note, note))
    return changes


def _rate_changes(target: workflow.Target, values: Mapping[str, str], before: Mapping[str, Figure],
                  after: Mapping[str, Figure], stored: Mapping[str, models.Value]) -> list[Change]:
    """Rates whose figure the upload changes, as the view shows them before and after the save, and stored
    rates the save replaces by the computed ones (as the form's does) even when they read the same."""
    fw = target.framework
    removed = {record.indicator for record in workflow.cleared(fw, values, after, stored)}
    changes = []
    for line in layout.lines(fw):
        if line.kind != layout.DERIVED:
            continue
        record = stored.get(line.code)
        kept = record is not None and line.code not in removed  # a rate from elsewhere, not computable
        old, new = _text(before.get(line.code)), record.value if kept and record else _text(after.get(line.code))
        # Removing a copy an earlier chiso stored beside its counts changes nothing a reader sees.
        replaced = record is not None and not kept and new is not None and record.source != FORMULA_SOURCE
        if old != new or replaced:
            changes.append(_change(fw, line, old, new, record.note if record else "", "", derived=True))
    return changes


def _text(figure: Figure | None) -> str | None:
    return figure.value if figure is not None else None


def _change(framework: Framework, line: layout.Line, old: str | None, new: str | None, old_note: str, note: str,
            *, derived: bool = False) -> Change:
    indicator = framework.indicator(line.code)
    shown = [display(indicator, text) if text is not None else "" for text in (old, new)]
    # A rate from a printed appendix that equals what chiso computes is still replaced by the computed one.
    same = old is not None and new is not None and _same(framework, line.code, old, new)
    remark = _("giữ giá trị, từ nay tính theo công thức thay cho số đã lưu") if derived and same else ""
    return Change(line.row, line.code, line.name, shown[0], shown[1], old_note, note, derived, remark)


def _conflicts(changes: list[Change], versions: Mapping[str, int], stored: Mapping[str, models.Value]) -> list[Problem]:
    """Inputs the upload would change that someone changed in the store since the template was downloaded."""
    found = []
    for change in changes:
        record = stored.get(change.code)
        if change.derived or (record.version if record else 0) == versions.get(change.code, 0):
            continue
        found.append(Problem(change.line, layout.VALUE, _(
            "số liệu của chỉ tiêu %(code)s trên kho đã thay đổi sau khi tải mẫu (nay là «%(now)s»); ghi tệp này sẽ "
            "đè lên thay đổi đó") % {"code": change.code, "now": change.old or _("không có số liệu")},
            _("tải mẫu mới rồi điền lại chỉ tiêu này")))
    return found


def _sign(target: workflow.Target, user: AbstractBaseUser, values: dict[str, str], notes: dict[str, str],
          stored: Mapping[str, models.Value], changes: int) -> str:
    payload = {"user": user.pk, "framework": target.framework.code, "unit": target.unit.code,
               "period": target.period.code, "values": values, "notes": notes,
               "versions": {code: record.version for code, record in stored.items()}, "changes": changes}
    return signing.dumps(payload, salt=SALT, compress=True)


def pending(token: str, user: AbstractBaseUser) -> Pending:
    """The preview a confirmation carries; PreviewRefused if it is expired, altered or not this user's."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewRefused(_("Bản xem trước đã quá hạn; hãy tải tệp lên lại.")) from error
    except signing.BadSignature as error:
        raise PreviewRefused(_("Bản xem trước không hợp lệ; hãy tải tệp lên lại.")) from error
    if payload.get("user") != user.pk:
        raise PreviewRefused(_("Bản xem trước này không phải của bạn; hãy tự tải tệp lên."))
    return Pending(payload["framework"], payload["unit"], payload["period"], payload["values"], payload["notes"],
                   payload["versions"], payload["changes"])


def apply(target: workflow.Target, pending: Pending, user: AbstractBaseUser) -> None:
    """Writes the preview in one transaction: refused whole (workflow.Conflict) if a value changed since it."""
    sheet = Sheet(dict(pending.values), dict(pending.notes), dict(pending.values), dict(pending.versions), {})
    workflow.save(target, sheet, user)
