"""Frameworks: upload a YAML, see what it changes, confirm; edit a target, see the same, confirm.

A framework is its YAML text. An upload is read by the catalogue loader (``chiso.catalog.loader``), whose errors
name the line and what was expected, and compared with the stored framework of the same code by the core
(``chiso.catalog.diff``); nothing is written until the admin confirms, and then it is stored by
``services.save_bundle``, as `chiso load` stores it. A target is edited by producing a new text
(``chiso.catalog.targetedit``, comments kept) that goes through the same preview and the same store.
The reasons written into the history are Vietnamese whatever the page's language: the history is the
store's record, read by everyone alike.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chiso.catalog.diff import diff_frameworks, target_fields
from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework, TargetScope
from chiso.catalog.targetedit import TargetEdit, edit_target, written_target
from chiso.errors import InputError
from chiso.io.files import Bundle
from chiso.store import models, services
from chiso.web.manage.access import Scope, admin_only, store_wide
from chiso.web.manage.forms import ConfirmForm, FileForm, TargetForm


@admin_only
def framework_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "manage/frameworks.html", {"frameworks": models.Framework.objects.all(),
                                                      "form": FileForm(), "can_change": scope.store_wide})


@admin_only
def framework_detail(request: HttpRequest, scope: Scope, code: str) -> HttpResponse:
    framework = _stored(code)
    rows = [(indicator, [(target, target_fields(framework, target, scope.tree.name)) for target in indicator.targets])
            for indicator in framework.indicators if indicator.targets]
    return render(request, "manage/framework.html", {"framework": framework, "rows": rows,
                                                     "can_change": scope.store_wide})


@admin_only
@require_POST
def framework_upload(request: HttpRequest, scope: Scope) -> HttpResponse:
    store_wide(scope)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, [], 400)
    upload = form.cleaned_data["file"]
    name = upload.name or "bo-chi-tieu.yaml"
    try:
        text = _text(upload.read(), name)
    except InputError as exc:
        return _upload_page(request, form, [exc], 400)
    return _preview(request, scope, text, name)


@admin_only
@require_POST
def framework_apply(request: HttpRequest, scope: Scope) -> HttpResponse:
    store_wide(scope)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _upload_page(request, FileForm(), [InputError(_("thiếu nội dung bộ chỉ tiêu cần lưu"))], 400)
    text, name = form.cleaned_data["source"], form.cleaned_data["name"] or "bo-chi-tieu.yaml"
    try:
        framework = load_framework(text, file=name)
    except InputError as exc:
        return _upload_page(request, FileForm(), [exc], 400)
    if _digest(framework.code) != form.cleaned_data["base"]:
        messages.error(request, _("Bộ chỉ tiêu %(code)s đã được thay đổi từ lúc xem trước; hãy xem lại thay đổi.")
                       % {"code": framework.code})
        return _preview(request, scope, text, name, status=409)
    _store(request, framework, f"cập nhật từ {name}")
    messages.success(request, _("Đã lưu bộ chỉ tiêu %(code)s.") % {"code": framework.code})
    return redirect("manage:framework", framework.code)


@admin_only
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, scope: Scope, code: str, indicator: str, target: str) -> HttpResponse:
    store_wide(scope)
    framework = _stored(code)
    if not framework.has(indicator) or target not in {t.id for t in framework.indicator(indicator).targets}:
        raise Http404(_("Không có mục tiêu này."))
    raw = written_target(framework.source_text, framework, indicator, target)
    found = next(t for t in framework.indicator(indicator).targets if t.id == target)
    initial = {"value": str(raw.get("value", "")), "text": str(raw.get("text") or ""), "period": str(raw["period"]),
               "units": ", ".join(found.scope.units), "types": list(found.scope.types),
               "groups": ", ".join(found.scope.groups)}
    form = TargetForm(request.POST or None, scope=scope, initial=initial)
    if "value" not in raw:
        del form.fields["value"]
    context = {"form": form, "framework": framework, "indicator": framework.indicator(indicator), "target": found,
               "has_value": "value" in raw}
    if request.method == "POST" and form.is_valid():
        label = _("%(code)s: mục tiêu %(target)s của chỉ tiêu %(indicator)s") % {
            "code": code, "target": target, "indicator": indicator}
        try:
            text = edit_target(framework.source_text, framework, indicator, target, _edit(form.cleaned_data, raw))
            load_framework(text, file=label)  # refused here, on the target's own form, with the loader's words
        except InputError as exc:
            form.add_error(None, str(exc))
        else:
            return _preview(request, scope, text, label)
    return render(request, "manage/target_form.html", context, status=400 if form.errors else 200)


def _edit(data: dict[str, Any], raw: dict[str, object]) -> TargetEdit:
    """The form as an edit: a wording that only repeated the old value follows the new one."""
    value = data["value"].strip() if "value" in raw else None
    text = data["text"].strip()
    old_value, old_text = str(raw.get("value", "")).strip(), str(raw.get("text") or "").strip()
    if value is not None and text == old_text == old_value:
        text = value
    scope = TargetScope(data["units"], tuple(data["types"]), data["groups"])
    return TargetEdit(value=value, text=text if text != old_text else None, period=data["period"].strip(),
                      scope=scope)


def _preview(request: HttpRequest, scope: Scope, text: str, name: str, status: int = 200) -> HttpResponse:
    """The loaded text against the stored framework of its code; an unreadable text is refused with its line."""
    try:
        framework = load_framework(text, file=name)
    except InputError as exc:
        return _upload_page(request, FileForm(), [exc], 400)
    stored = services.frameworks()
    old = stored.get(framework.code)
    diff = diff_frameworks(old, framework, scope.tree.name)
    confirm = ConfirmForm(initial={"source": text, "base": _digest(framework.code), "name": name})
    return render(request, "manage/framework_preview.html", {
        "diff": diff, "framework": framework, "confirm": confirm, "name": name,
        "orphans": _orphans(framework.code, [item.indicator for item in diff.indicators_removed])}, status=status)


def _orphans(code: str, removed: list[str]) -> list[tuple[str, int]]:
    """How many stored values each removed indicator has: they stay in the store, no longer shown."""
    if not removed:
        return []
    rows = (models.Value.objects.filter(framework__code=code, indicator__in=removed).values("indicator")
            .annotate(n=Count("id")).values_list("indicator", "n"))
    return sorted(rows)


@transaction.atomic
def _store(request: HttpRequest, framework: Framework, reason: str) -> None:
    services.save_bundle(Bundle(frameworks=[framework], files=[reason]), recorded_by=request.user.get_username())
    latest = models.Framework.objects.get(code=framework.code).history.first()
    latest.history_change_reason = reason[:100]
    latest.save()


def _stored(code: str) -> Framework:
    stored = services.frameworks()
    if code not in stored:
        raise Http404(_("Không có bộ chỉ tiêu «%(code)s».") % {"code": code})
    return stored[code]


def _digest(code: str) -> str:
    """The stored text's digest ("" when the code is new): what a preview was made against."""
    source = models.Framework.objects.filter(code=code).values_list("source", flat=True).first()
    return "" if source is None else hashlib.sha256(source.encode()).hexdigest()


def _text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(_("tệp không phải văn bản UTF-8"), file=name, line=line,
                         expected=_("lưu tệp với bảng mã UTF-8")) from exc


def _upload_page(request: HttpRequest, form: FileForm, errors: list[InputError], status: int) -> HttpResponse:
    return render(request, "manage/frameworks.html", {"frameworks": models.Framework.objects.all(), "form": form,
                                                      "errors": errors, "can_change": True}, status=status)
