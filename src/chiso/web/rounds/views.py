"""The data set pages of a province admin: the list, a data set's form, its rounds, exceptions, early openings.

Every page is for a province admin (role admin) and a data set every unit of which is in the admin's scope;
anyone else gets 403 and nothing changes. Every change lands in the model history (simple_history, with the
signed-in user); two admins saving the same data set at once cannot overwrite each other: the second is
told who changed it since they opened the form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chiso.orgunits.model import OrgUnitType
from chiso.rounds.gate import RoundState, latest, state
from chiso.store import models, services
from chiso.store import rounds as stored
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Role
from chiso.web.rounds.forms import DataSetForm, ExceptionForm, latest_version, manages, parse_period
from chiso.web.rounds.gate import STATE_LABELS, grants
from chiso.web.rounds.models import RoundOpening

ROUNDS_SHOWN = 6


def _admin_root(request: HttpRequest) -> str:
    """The admin's unit; 403 for anyone who is not a province admin."""
    root = permissions.scope_root(request.user)
    if permissions.role(request.user) is not Role.ADMIN or root is None:
        raise PermissionDenied(_("Chỉ quản trị cấp tỉnh quản lý bộ biểu báo cáo."))
    return root


def _managed(request: HttpRequest, code: str) -> tuple[str, models.DataSet]:
    root = _admin_root(request)
    record = models.DataSet.objects.select_related("framework").filter(code=code).first()
    if record is None:
        raise Http404(_("Không có bộ biểu «%(code)s».") % {"code": code})
    if not manages(services.hierarchy(), root, record, timezone.localdate()):
        raise PermissionDenied(_("Bộ biểu %(code)s yêu cầu cả đơn vị ngoài phạm vi quản trị của bạn.")
                               % {"code": code})
    return root, record


@login_required
@require_GET
def data_sets(request: HttpRequest) -> HttpResponse:
    root, tree, today = _admin_root(request), services.hierarchy(), timezone.localdate()
    records = [r for r in models.DataSet.objects.select_related("framework").order_by("code")
               if manages(tree, root, r, today)]
    return render(request, "rounds/data_sets.html", {"rows": [(r, whom(r)) for r in records]})


def whom(record: models.DataSet) -> str:
    """Whom a data set asks, in words: «643, 644 · Xã/phường/đặc khu · nhóm khoi-tinh»."""
    types = [str(OrgUnitType(t).label) for t in record.unit_types if t in set(OrgUnitType)]
    parts = [", ".join(record.units), ", ".join(types),
             _("nhóm %(codes)s") % {"codes": ", ".join(record.groups)} if record.groups else ""]
    return " · ".join(p for p in parts if p) or _("mọi đơn vị không có đơn vị cấp dưới")


@login_required
@require_http_methods(["GET", "POST"])
def data_set_new(request: HttpRequest) -> HttpResponse:
    root = _admin_root(request)
    chosen = models.Framework.objects.filter(code=request.GET.get("framework", "")).first()
    form = DataSetForm(request.POST or None, root=root, framework=chosen)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(request, _("Đã tạo bộ biểu %(code)s.") % {"code": record.code})
        return redirect("rounds:rounds", record.code)
    return render(request, "rounds/data_set_form.html", {"form": form, "record": None,
                                                         "frameworks": models.Framework.objects.order_by("code")},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def data_set_edit(request: HttpRequest, code: str) -> HttpResponse:
    root, record = _managed(request, code)
    if request.method == "GET":
        return _edit_page(request, DataSetForm(instance=record, root=root), record)
    with transaction.atomic():
        locked = models.DataSet.objects.select_for_update().select_related("framework").get(pk=record.pk)
        form = DataSetForm(request.POST, instance=locked, root=root)
        if not form.is_valid():
            return _edit_page(request, form, record, status=400)
        changed = _changed_since(locked, form.cleaned_data.get("version"))
        if changed:
            return _edit_page(request, form, record, status=409, conflict=changed)
        form.save()
    messages.success(request, _("Đã lưu bộ biểu %(code)s.") % {"code": form.instance.code})
    return redirect("rounds:rounds", form.instance.code)


def _edit_page(request: HttpRequest, form: DataSetForm, record: models.DataSet, status: int = 200,
               conflict: str = "") -> HttpResponse:
    return render(request, "rounds/data_set_form.html", {"form": form, "record": record, "conflict": conflict},
                  status=status)


def _changed_since(record: models.DataSet, seen: int | None) -> str:
    """Who changed the data set after the form was loaded (at history row ``seen``), in words; "" if nobody."""
    if seen is not None and seen == latest_version(record):
        return ""
    newest = record.history.select_related("history_user").order_by("-history_id").first()
    user = newest.history_user if newest is not None else None
    who = user.get_username() if user is not None else _("dòng lệnh hoặc một tiến trình khác")
    when = timezone.localtime(newest.history_date).strftime("%d/%m/%Y %H:%M") if newest is not None else ""
    return _("Không lưu được: bộ biểu đã được %(who)s sửa lúc %(when)s, sau khi bạn mở biểu mẫu. Chưa có gì được "
             "lưu; hãy tải lại trang để xem bản mới rồi sửa lại.") % {"who": who or "?", "when": when}


@login_required
@require_GET
def rounds(request: HttpRequest, code: str) -> HttpResponse:
    root, record = _managed(request, code)
    today, tree, data_set = timezone.localdate(), services.hierarchy(), stored.data_set(record)
    allowed = grants(data_set.framework)
    rows = []
    for period in latest(data_set, today, ROUNDS_SHOWN):
        window = allowed.window(data_set, period)
        found = state(window, today)
        rows.append({"period": period, "window": window, "state": found, "state_label": STATE_LABELS[found],
                     "may_open": found is RoundState.NOT_OPEN,
                     "expected": len(data_set.expected(tree, period, root))})
    exceptions = (record.exceptions.select_related("org_unit", "granted_by").order_by("-granted_at"))
    openings = RoundOpening.objects.filter(data_set=record).select_related("opened_by").order_by("-opened_at")
    return render(request, "rounds/rounds.html", {"record": record, "rows": rows, "exceptions": exceptions,
                                                  "openings": openings, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def exception_new(request: HttpRequest, code: str) -> HttpResponse:
    root, record = _managed(request, code)
    initial = {name: request.GET[name] for name in ("unit", "period") if name in request.GET}
    form = ExceptionForm(request.POST or None, initial=initial, data_set=record, root=root)
    if request.method == "POST" and form.is_valid():
        _grant(record, form.cleaned_data, request)
        messages.success(request, _("Đã cho phép đơn vị %(unit)s nhập kỳ %(period)s đến ngày %(day)s.")
                         % {"unit": form.cleaned_data["unit"], "period": form.cleaned_data["period"].code,
                            "day": f"{form.cleaned_data['until']:%d/%m/%Y}"})
        return redirect("rounds:rounds", record.code)
    return render(request, "rounds/exception_form.html", {"form": form, "record": record},
                  status=400 if request.method == "POST" else 200)


@transaction.atomic
def _grant(record: models.DataSet, data: dict[str, Any], request: HttpRequest) -> None:
    """A new exception, or the unit's existing one for the period given its new day and reason (the history
    keeps the old)."""
    unit = models.OrgUnit.objects.get(code=data["unit"])
    until, reason = data["until"], data["reason"]
    found, created = models.EntryException.objects.select_for_update().get_or_create(
        data_set=record, org_unit=unit, period=data["period"].code,
        defaults={"until": until, "reason": reason, "granted_by_id": request.user.pk})
    if not created:
        found.until, found.reason, found.granted_by_id = until, reason, request.user.pk
        found.save()


@login_required
@require_POST
def open_now(request: HttpRequest, code: str) -> HttpResponse:
    """«Mở kỳ ngay»: a round the schedule has not opened yet opens today for every unit the data set asks."""
    _root, record = _managed(request, code)
    today, data_set = timezone.localdate(), stored.data_set(record)
    try:
        period = parse_period(request.POST.get("period", ""), record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rounds:rounds", record.code)
    if state(grants(data_set.framework).window(data_set, period), today) is not RoundState.NOT_OPEN:
        messages.error(request, _("Kỳ %(period)s đã mở nhập, không cần mở sớm.") % {"period": period.code})
        return redirect("rounds:rounds", record.code)
    _open(record, period.code, today, request)
    messages.success(request, _("Đã mở kỳ %(period)s từ hôm nay.") % {"period": period.code})
    return redirect("rounds:rounds", record.code)


@transaction.atomic
def _open(record: models.DataSet, period: str, today: date, request: HttpRequest) -> None:
    found = RoundOpening.objects.select_for_update().filter(data_set=record, period=period).first()
    if found is None:
        RoundOpening.objects.create(data_set=record, period=period, opened_on=today, opened_by_id=request.user.pk)
    else:
        found.opened_on, found.opened_by_id = today, request.user.pk
        found.save()
