"""Views of the Excel round trip: the page, the template download, the upload's preview and its confirmation.

Every request is checked against the user's role and scope, and against the period's lock, before a file is
read or anything is written; a refusal says why on the page and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from chiso.checks import ERROR
from chiso.errors import ChisoError
from chiso.reports.exporters.xlsx import MEDIA_TYPE
from chiso.store import models
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Role
from chiso.web.entry import listing, workflow
from chiso.web.rounds import gate
from chiso.web.transfer import services
from chiso.web.transfer.forms import ChooseForm, UploadForm
from chiso.web.transfer.template import template_bytes
from chiso.web.transfer.upload import FileRefused, read_upload

ENTERING = (Role.ADMIN, Role.REPORTER)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    units = _units(request.user)
    return _page(request, ChooseForm(units=units), UploadForm(units=units))


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The page's chooser: framework × unit × period to the template's address."""
    units = _units(request.user)
    form = ChooseForm(request.GET, units=units)
    if not form.is_valid():
        return _page(request, form, UploadForm(units=units), status=400)
    return redirect("transfer:template", *(form.cleaned_data[k] for k in ("framework", "unit", "period")))


@login_required
@require_GET
def template(request: HttpRequest, framework: str, unit: str, period: str) -> HttpResponse:
    target = services.find_target(framework, unit, period)
    if target is None:
        raise Http404(_("Không có bộ chỉ tiêu, đơn vị hoặc kỳ báo cáo này."))
    if not permissions.can_enter(request.user, unit):
        return _refused(request, _not_yours(target.unit), 403)
    closed = gate.refusal(request.user, framework, unit, target.period)
    if closed:
        return _refused(request, closed, 403)
    if target.period.code != period:
        return redirect("transfer:template", framework, unit, target.period.code)
    with translation.override("vi"):  # the template is a Vietnamese document whatever the UI's language
        data = template_bytes(target, workflow.records(target), _warning(target))
    response = HttpResponse(data, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="chiso-{framework}-{unit}-{target.period.code}.xlsx"'
    return response


def _warning(target: workflow.Target) -> str:
    reason = services.refusal(target)
    return f"Lưu ý: {reason}" if reason else ""


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    units = _units(user)
    form = UploadForm(request.POST, request.FILES, units=units)
    if not form.is_valid():
        return _page(request, ChooseForm(units=units), form, status=400)
    data = form.cleaned_data
    try:
        target = _allowed(user, services.find_target(data["framework"], data["unit"], data["period"]), data["unit"])
        read = read_upload(data["file"].read(), target, data["file"].name or "")
    except Refused as refused:
        return _refused(request, str(refused), refused.status, initial=data)
    except FileRefused as error:
        return _refused(request, str(error), 400, initial=data)
    return _preview(request, target, services.preview(target, read, user))


def _preview(request: HttpRequest, target: workflow.Target, found: services.Preview) -> HttpResponse:
    errors = sum(1 for located in found.findings if located.finding.severity == ERROR)
    return render(request, "transfer/preview.html", {
        "target": target, "preview": found, "errors": errors, "warnings": len(found.findings) - errors})


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    try:
        pending = services.pending(request.POST.get("token", ""), user)
    except services.PreviewRefused as error:
        return _refused(request, str(error), 400)
    try:
        target = _allowed(user, services.find_target(pending.framework, pending.unit, pending.period), pending.unit)
    except Refused as refused:
        return _refused(request, str(refused), refused.status)
    try:
        services.apply(target, pending, user)
    except (workflow.Conflict, PermissionDenied, ChisoError) as error:
        return _refused(request, _("Chưa ghi gì vào kho: %(reason)s") % {"reason": error}, 409)
    messages.success(request, ngettext("Đã ghi %(count)d thay đổi từ tệp Excel vào kho.",
                                       "Đã ghi %(count)d thay đổi từ tệp Excel vào kho.",
                                       pending.changes) % {"count": pending.changes})
    return redirect("entry:form", target.framework.code, target.unit.code, target.period.code)


class Refused(ChisoError):
    """An upload or confirmation that may not go on, with the HTTP status that says so."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _allowed(user: AbstractBaseUser, target: workflow.Target | None, unit: str) -> workflow.Target:
    """``target`` if ``user`` may write its values now; Refused (unknown, out of scope, locked) otherwise."""
    if target is None:
        raise Refused(_("Không có bộ chỉ tiêu, đơn vị hoặc kỳ báo cáo này."), 400)
    if not permissions.can_enter(user, unit):
        raise Refused(_not_yours(target.unit), 403)
    closed = gate.refusal(user, target.framework.code, unit, target.period)
    if closed:
        raise Refused(closed, 403)
    reason = services.refusal(target)
    if reason:
        raise Refused(reason, 409)
    return target


def _not_yours(unit: models.OrgUnit) -> str:
    return _("Bạn không có quyền nhập số liệu cho %(unit)s (%(code)s): đơn vị này không thuộc phạm vi của bạn. "
             "Chưa có gì được đọc hay ghi.") % {"unit": unit.name, "code": unit.code}


def _units(user: AbstractBaseUser | AnonymousUser) -> list[models.OrgUnit]:
    """The units a user enters data for; only admins and reporters use this page."""
    if permissions.role(user) not in ENTERING:
        raise PermissionDenied
    return listing.units_in(permissions.scope(user))


def _signed_in(request: HttpRequest) -> AbstractBaseUser:
    if isinstance(request.user, AnonymousUser):
        raise PermissionDenied
    return request.user


def _refused(request: HttpRequest, message: str, status: int, initial: dict[str, object] | None = None) -> HttpResponse:
    units = _units(request.user)
    initial = {k: v for k, v in (initial or {}).items() if k != "file"}
    return _page(request, ChooseForm(units=units, initial=initial), UploadForm(units=units, initial=initial),
                 status=status, error=message)


def _page(request: HttpRequest, choose: ChooseForm, upload_form: UploadForm, status: int = 200,
          error: str = "") -> HttpResponse:
    return render(request, "transfer/home.html", {"choose": choose, "upload": upload_form, "error": error},
                  status=status)
