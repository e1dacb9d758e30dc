"""Accounts of the admin's units: list, create, change role or unit, deactivate, reactivate, set a password.

Accounts are created by ``chiso.web.accounts.services.add_user``, as `chiso user add` creates them; a new
account's password is random and shown once, for the admin to hand over. Every change is in the history of
the account (``chiso.web.manage.models``) or of its membership, with who made it and why.
The reasons written into the history are Vietnamese whatever the page's language: the history is the
store's record, read by everyone alike.
"""

from __future__ import annotations

import secrets
import string

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chiso.errors import InputError
from chiso.store.models import OrgUnit
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Membership
from chiso.web.accounts.services import add_user, assign
from chiso.web.manage.access import Scope, admin_only
from chiso.web.manage.forms import PasswordForm, UserChangeForm, UserCreateForm

_ALPHABET = string.ascii_letters + string.digits


@admin_only
def user_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    found = permissions.scoped(Membership.objects.select_related("user", "org_unit"), request.user)
    return render(request, "manage/users.html", {"memberships": found.order_by("org_unit__code", "user__username")})


@admin_only
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = UserCreateForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        password = _random_password()
        data = form.cleaned_data
        scope.check(data["unit"])
        try:
            with transaction.atomic():
                found = add_user(data["username"], password, data["role"], data["unit"], email=data["email"])
                _set_name(found.user, data["name"], "tạo tài khoản")
        except InputError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "manage/user_created.html", {"membership": found, "password": password})
    return render(request, "manage/user_form.html", {"form": form, "creating": True},
                  status=400 if form.errors else 200)


@admin_only
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, scope: Scope, username: str) -> HttpResponse:
    found = _membership(scope, username)
    user = found.user
    initial = {"name": user.get_full_name(), "email": user.email, "role": found.role, "unit": found.org_unit.code}
    form = UserChangeForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if user.pk == request.user.pk and (data["role"], data["unit"]) != (found.role, found.org_unit.code):
            form.add_error(None, _("Bạn không tự đổi vai trò hay đơn vị của mình được."))
        else:
            _save(user, data, found)
            messages.success(request, _("Đã lưu tài khoản %(name)s.") % {"name": user.username})
            return redirect("manage:users")
    return render(request, "manage/user_form.html", {"form": form, "membership": found},
                  status=400 if form.errors else 200)


@admin_only
@require_POST
def user_active(request: HttpRequest, scope: Scope, username: str) -> HttpResponse:
    found = _membership(scope, username)
    active = request.POST.get("active") == "1"
    if found.user.pk == request.user.pk:
        raise PermissionDenied(_("Bạn không tự khoá tài khoản của mình được."))
    found.user.is_active = active
    found.user._change_reason = "mở lại tài khoản" if active else "khoá tài khoản"  # type: ignore[attr-defined]
    found.user.save()
    said = _("Đã mở lại tài khoản %(name)s.") if active else _("Đã khoá tài khoản %(name)s.")
    messages.success(request, said % {"name": username})
    return redirect("manage:users")


@admin_only
@require_http_methods(["GET", "POST"])
def user_password(request: HttpRequest, scope: Scope, username: str) -> HttpResponse:
    found = _membership(scope, username)
    form = PasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        found.user._change_reason = "đặt lại mật khẩu"  # type: ignore[attr-defined]
        form.save()
        messages.success(request, _("Đã đặt mật khẩu mới cho %(name)s.") % {"name": username})
        return redirect("manage:users")
    return render(request, "manage/user_password.html", {"form": form, "membership": found},
                  status=400 if form.errors else 200)


def _membership(scope: Scope, username: str) -> Membership:
    """The account's membership, refused (403) when its unit is not the admin's or below it."""
    user = get_object_or_404(get_user_model(), username=username)
    found = Membership.objects.select_related("user", "org_unit").filter(user_id=user.pk).first()
    if found is None or user.is_superuser:
        raise PermissionDenied(_("Tài khoản này không thuộc phạm vi quản trị của bạn."))
    scope.check(found.org_unit.code)
    return found


@transaction.atomic
def _save(user: AbstractBaseUser, data: dict[str, str], found: Membership) -> None:
    user.email = data["email"]  # type: ignore[attr-defined]
    _set_name(user, data["name"], "sửa tài khoản")
    if (data["role"], data["unit"]) != (found.role, found.org_unit.code):
        assign(user, data["role"], OrgUnit.objects.get(code=data["unit"]), reason="đổi vai trò hoặc đơn vị")


def _set_name(user: AbstractBaseUser, name: str, reason: str) -> None:
    """The full name in one field: a Vietnamese name is not split into first and last the English way."""
    user.first_name, user.last_name = name.strip(), ""  # type: ignore[attr-defined]
    user._change_reason = reason  # type: ignore[attr-defined]
    user.save()


def _random_password() -> str:
    """16 letters and digits: about 95 bits, past every password validator."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))
