"""Views of data entry: the list, the entry form with its live preview, and the approval steps.

Every request is checked against the user's role and scope before anything is read or written: a refused
request gets 403 and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chiso.errors import ChisoError, InputError
from chiso.periods import Period
from chiso.store import models, services
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Role
from chiso.web.entry import fields, listing, pages, workflow
from chiso.web.entry.sheet import Sheet, read_post, strays
from chiso.web.rounds import gate

DONE = {
    "save": gettext_lazy("Đã lưu bản nháp."),
    "submit": gettext_lazy("Đã lưu và gửi duyệt."),
    "approve": gettext_lazy("Đã phê duyệt; số liệu của kỳ này đã được khoá."),
    "reject": gettext_lazy("Đã trả lại cho đơn vị để sửa."),
    "reopen": gettext_lazy("Đã mở lại kỳ báo cáo; đơn vị có thể sửa và gửi duyệt lại."),
}
ACTING_ROLES = (Role.ADMIN, Role.REPORTER, Role.APPROVER)


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    role = permissions.role(request.user)
    if role not in ACTING_ROLES:
        raise PermissionDenied
    scope, today = permissions.scope(request.user), timezone.localdate()
    period = _chosen_period(request)
    root = permissions.scope_root(request.user)
    scheduled = models.DataSet.objects.filter(active=True).exists()  # else no round, no schedule: as before
    return render(request, "entry/list.html", {
        "period": period, "periods": listing.recent_periods(today),
        "slots": listing.slots(scope, period, today) if role in (Role.ADMIN, Role.REPORTER) else [],
        "scheduled": scheduled,
        "ended": listing.ended(root, today) if root is not None and role is Role.REPORTER and scheduled else None,
        "pending": listing.pending(scope) if role in (Role.ADMIN, Role.APPROVER) else [],
        "every": listing.every(scope) if role is Role.ADMIN else [],
        "frameworks": models.Framework.objects.order_by("code"), "units": listing.units_in(scope),
        "is_admin": role is Role.ADMIN, "enters": role in (Role.ADMIN, Role.REPORTER),
    })


def _chosen_period(request: HttpRequest) -> Period:
    code = request.GET.get("period", "")
    try:
        return Period.parse(code) if code else listing.default_period(timezone.localdate())
    except InputError as error:
        messages.error(request, str(error))
        return listing.default_period(timezone.localdate())


@login_required
@require_GET
def open_form(request: HttpRequest) -> HttpResponse:
    """The list page's chooser: framework × unit × period to the form's address."""
    chosen = [request.GET.get(name, "").strip() for name in ("framework", "unit", "period")]
    if not all(chosen):
        messages.error(request, _("Hãy chọn bộ chỉ tiêu, đơn vị và kỳ báo cáo."))
        return redirect("entry:list")
    return redirect("entry:form", *chosen)


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, framework: str, unit: str, period: str) -> HttpResponse:
    target = _target(framework, unit, period)
    _require_view(request.user, target)
    _require_open(request.user, target)
    if target.period.code != period:
        return redirect("entry:form", framework, unit, target.period.code)
    if request.method == "POST":
        return _act(request, target)
    return render(request, "entry/form.html", pages.form_context(request.user, target))


@login_required
@require_POST
def preview(request: HttpRequest, framework: str, unit: str, period: str) -> HttpResponse:
    """The rates and findings the posted form would give, rendered into its rows (htmx); writes nothing."""
    target = _target(framework, unit, period)
    if not permissions.can_enter(request.user, target.unit.code):
        raise PermissionDenied
    _require_open(request.user, target)
    sheet = read_post(target.framework, request.POST)
    return render(request, "entry/_preview.html", pages.preview_context(target, sheet))


def _target(framework: str, unit: str, period: str) -> workflow.Target:
    """The form's subject; 404 for an unknown framework, unit or period code."""
    record = models.Framework.objects.filter(code=framework).first()
    org_unit = models.OrgUnit.objects.filter(code=unit).first()
    if record is None or org_unit is None:
        raise Http404(_("Không có bộ chỉ tiêu hoặc đơn vị này."))
    try:
        parsed = Period.parse(period)
    except InputError as error:
        raise Http404(str(error)) from None
    # The form holds what the unit is asked for this period (its data sets), never a reporting rate.
    form = fields.form_framework(services.frameworks()[record.code], org_unit.code, parsed)
    return workflow.Target(form, record, org_unit, parsed)


def _require_view(user: AbstractBaseUser | AnonymousUser, target: workflow.Target) -> None:
    # Forms are for those who enter or approve in this unit; readers use the dashboard.
    unit = target.unit.code
    if not (permissions.can_enter(user, unit) or permissions.can_approve(user, unit)):
        raise PermissionDenied


def _require_open(user: AbstractBaseUser | AnonymousUser, target: workflow.Target) -> None:
    """A reporter enters only the rounds open to the unit (``chiso.web.rounds.gate``); 403 says why not."""
    refused = gate.refusal(user, target.framework.code, target.unit.code, target.period)
    if refused is not None:
        raise PermissionDenied(refused)


def _signed_in(request: HttpRequest) -> AbstractBaseUser:
    if isinstance(request.user, AnonymousUser):
        raise PermissionDenied
    return request.user


def _act(request: HttpRequest, target: workflow.Target) -> HttpResponse:
    action = request.POST.get("action", "")
    if action in ("save", "submit"):
        return _save(request, target, submit=action == "submit")
    if action in workflow.DECISIONS:
        return _decide(request, target, action)
    return HttpResponseBadRequest(_("Thao tác không hợp lệ."))


def _save(request: HttpRequest, target: workflow.Target, *, submit: bool) -> HttpResponse:
    user = _signed_in(request)
    if not permissions.can_enter(user, target.unit.code):
        raise PermissionDenied
    sheet = read_post(target.framework, request.POST)
    stray = strays(target.framework, request.POST)
    if stray:  # a value for an indicator the unit is not asked (or nobody types) is refused, not dropped
        words = fields.refused(services.frameworks()[target.framework.code], stray, target.unit.code, target.period)
        return _again(request, target, sheet, _("Chưa lưu gì: %(reason)s") % {"reason": words})
    if not sheet.valid:
        return _again(request, target, sheet, _("Chưa lưu gì: có ô nhập chưa hợp lệ, xem các dòng được đánh dấu."))
    if submit and not sheet.values:
        return _again(request, target, sheet, _("Chưa gửi: chưa có số liệu nào."))
    try:
        workflow.save(target, sheet, user, submit=submit)
    except (workflow.Conflict, ChisoError) as refused:
        return _again(request, target, sheet, str(refused), status=409)
    messages.success(request, DONE["submit" if submit else "save"])
    return redirect("entry:form", target.framework.code, target.unit.code, target.period.code)


def _again(request: HttpRequest, target: workflow.Target, sheet: Sheet, message: str,
           status: int = 400) -> HttpResponse:
    """The form shown again with what was typed and why nothing was saved."""
    context = pages.form_context(request.user, target, sheet, message)
    return render(request, "entry/form.html", context, status=status)


def _decide(request: HttpRequest, target: workflow.Target, action: str) -> HttpResponse:
    user = _signed_in(request)
    allowed = permissions.can_reopen if action == "reopen" else permissions.can_approve
    if not allowed(user, target.unit.code):
        raise PermissionDenied
    comment = request.POST.get("comment", "").strip()
    if action in ("reject", "reopen") and not comment:
        messages.error(request, _("Hãy ghi lý do: trả lại hoặc mở lại cần có ý kiến."))
    else:
        workflow.decide(target, action, user, comment)
        messages.success(request, DONE[action])
    return redirect("entry:form", target.framework.code, target.unit.code, target.period.code)
