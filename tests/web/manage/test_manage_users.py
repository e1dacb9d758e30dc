"""Accounts from the management pages: created as `chiso user add` creates them, changed, locked, reset."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from chiso.web.accounts.models import Membership

pytestmark = pytest.mark.django_db


def signs_in(username: str, password: str) -> bool:
    """Whether the login page lets the account in (the way a person signs in, through django-axes)."""
    response = Client().post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def history_of(username: str) -> list[tuple[str, str | None, str]]:
    user = get_user_model().objects.get(username=username)
    return [(row.history_type, row.history_change_reason, row.history_user.username if row.history_user else "")
            for row in user.history.order_by("history_id")]  # type: ignore[attr-defined]


def test_the_list_shows_the_accounts_of_the_subtree(admin: Client) -> None:
    page = admin.get(reverse("manage:users")).content.decode()
    for name in ("tinh", "xa_admin", "nhap", "duyet", "xem", "ngoai"):
        assert f">{name}<" in page


def test_a_new_account_gets_a_random_password_shown_once(admin: Client) -> None:
    response = admin.post(reverse("manage:user_create"), {"username": "can_bo", "name": "Nguyễn Văn An",
                                                          "email": "an@example.vn", "role": "reporter",
                                                          "unit": "99003"})
    assert response.status_code == 200
    password = re.search(r'<code id="password">([^<]+)</code>', response.content.decode())
    assert password is not None
    found = Membership.objects.select_related("user", "org_unit").get(user__username="can_bo")
    assert (found.role, found.org_unit.code, found.user.get_full_name(), found.user.email) == (
        "reporter", "99003", "Nguyễn Văn An", "an@example.vn")
    assert not found.user.is_staff and signs_in("can_bo", password.group(1))
    assert found.history.get().history_user.username == "tinh"  # type: ignore[attr-defined]
    assert ("~", "tạo tài khoản", "tinh") in history_of("can_bo")
    assert password.group(1) not in admin.get(reverse("manage:users")).content.decode()


def test_an_existing_username_is_refused_and_left_alone(admin: Client) -> None:
    before = get_user_model().objects.get(username="ngoai").password
    response = admin.post(reverse("manage:user_create"), {"username": "NGOAI", "name": "", "email": "",
                                                          "role": "admin", "unit": "99"})
    assert response.status_code == 400 and "đã có người dùng" in response.content.decode()
    assert get_user_model().objects.get(username="ngoai").password == before
    assert Membership.objects.get(user__username="ngoai").role == "reporter"


def test_role_and_unit_change_in_the_membership_history(admin: Client) -> None:
    response = admin.post(reverse("manage:user_edit", args=["ngoai"]), {"name": "Trần Thị Bình", "email": "",
                                                                        "role": "admin", "unit": "99003"})
    assert response.status_code == 302
    found = Membership.objects.select_related("user", "org_unit").get(user__username="ngoai")
    assert (found.role, found.org_unit.code, found.user.is_staff, found.user.first_name) == (
        "admin", "99003", True, "Trần Thị Bình")
    latest = found.history.first()  # type: ignore[attr-defined]
    assert (latest.history_change_reason, latest.history_user.username) == ("đổi vai trò hoặc đơn vị", "tinh")


def test_a_commune_admin_cannot_give_a_unit_outside_its_scope(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("xa_admin")
    response = client.post(reverse("manage:user_edit", args=["nhap"]), {"name": "", "email": "", "role": "reporter",
                                                                        "unit": "99"})
    assert response.status_code == 400
    assert Membership.objects.get(user__username="nhap").org_unit.code == "99001"


def test_an_admin_cannot_change_its_own_role(admin: Client) -> None:
    response = admin.post(reverse("manage:user_edit", args=["tinh"]), {"name": "", "email": "", "role": "viewer",
                                                                       "unit": "99"})
    assert response.status_code == 400 and Membership.objects.get(user__username="tinh").role == "admin"
    assert admin.post(reverse("manage:user_active", args=["tinh"]), {"active": "0"}).status_code == 403
    assert get_user_model().objects.get(username="tinh").is_active


def test_a_locked_account_cannot_sign_in_until_reopened(admin: Client) -> None:
    from web.manage.manage_world import PASSWORD

    assert admin.post(reverse("manage:user_active", args=["nhap"]), {"active": "0"}).status_code == 302
    assert not signs_in("nhap", PASSWORD)
    assert "Đã khoá" in admin.get(reverse("manage:users")).content.decode()
    assert admin.post(reverse("manage:user_active", args=["nhap"]), {"active": "1"}).status_code == 302
    assert signs_in("nhap", PASSWORD)
    reasons = [reason for _kind, reason, _who in history_of("nhap")]
    assert reasons[-2:] == ["khoá tài khoản", "mở lại tài khoản"]


def test_a_password_is_set_through_the_validators(admin: Client) -> None:
    url = reverse("manage:user_password", args=["nhap"])
    weak = admin.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 400 and not signs_in("nhap", "12345678")
    good = admin.post(url, {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"})
    assert good.status_code == 302 and signs_in("nhap", "Mat-khau-moi-2026")
    assert history_of("nhap")[-1] == ("~", "đặt lại mật khẩu", "tinh")
    assert "password" not in {f.name for f in get_user_model().history.model._meta.fields}  # type: ignore[attr-defined]
