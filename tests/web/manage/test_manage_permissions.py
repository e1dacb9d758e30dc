"""Only a province admin manages, and only its own subtree: every other request is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from state import state

from web.manage.manage_world import FRAMEWORK

pytestmark = pytest.mark.django_db

CHANGED = FRAMEWORK.replace('value: "80%"', 'value: "85%"')
UNITS_CSV = "code,name,type,parent,valid_from,valid_to\n99002,Xã Hai Mới,commune,99,,\n99004,Xã Bốn,commune,99002,,\n"


def requests(client: Client) -> list[tuple[str, int]]:
    """Every page and every write of the management pages, each with data that would be accepted."""
    user = {"username": "moi", "name": "Người Mới", "email": "", "role": "reporter", "unit": "99002"}
    unit = {"code": "99005", "name": "Xã Năm", "type": "commune", "parent": "99002", "valid_from": "", "valid_to": ""}
    target = {"value": "70%", "text": "", "period": "2026", "units": "", "groups": ""}
    calls = [
        lambda: client.get(reverse("manage:index")),
        lambda: client.get(reverse("manage:users")),
        lambda: client.get(reverse("manage:user_create")),
        lambda: client.post(reverse("manage:user_create"), user),
        lambda: client.get(reverse("manage:user_edit", args=["ngoai"])),
        lambda: client.post(reverse("manage:user_edit", args=["ngoai"]), {**user, "role": "viewer"}),
        lambda: client.post(reverse("manage:user_active", args=["ngoai"]), {"active": "0"}),
        lambda: client.post(reverse("manage:user_password", args=["ngoai"]),
                            {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}),
        lambda: client.get(reverse("manage:units")),
        lambda: client.post(reverse("manage:unit_add"), unit),
        lambda: client.post(reverse("manage:unit_edit", args=["99002"]), {**unit, "name": "Đổi"}),
        lambda: client.post(reverse("manage:unit_import"),
                            {"file": SimpleUploadedFile("units.csv", UNITS_CSV.encode())}),
        lambda: client.get(reverse("manage:frameworks")),
        lambda: client.post(reverse("manage:framework_upload"),
                            {"file": SimpleUploadedFile("xa_so.yaml", CHANGED.encode())}),
        lambda: client.post(reverse("manage:framework_apply"), {"source": CHANGED, "base": "", "name": "x"}),
        lambda: client.get(reverse("manage:target_edit", args=["xa_so", "3", "2026"])),
        lambda: client.post(reverse("manage:target_edit", args=["xa_so", "3", "2026"]), target),
    ]
    results = []
    for call in calls:
        response = call()
        results.append((response.get("Location", ""), response.status_code))
    return results


@pytest.mark.parametrize("persona", ["nhap", "duyet", "xem", "ngoai"])
def test_other_roles_are_refused_everywhere(signed_in: Callable[[str], Client], persona: str) -> None:
    before = state()
    assert {status for _where, status in requests(signed_in(persona))} == {403}
    assert state() == before


def test_anonymous_visitors_are_sent_to_log_in(province: object) -> None:
    before = state()
    for where, status in requests(Client()):
        assert status == 302 and reverse("accounts:login") in where
    assert state() == before


def test_a_deactivated_admin_is_refused(province: dict[str, object], admin: Client) -> None:
    from chiso.web.accounts.models import Membership

    Membership.objects.get(user__username="tinh").user.__class__.objects.filter(username="tinh").update(is_active=False)
    before = state()
    assert all(status in (302, 403) for _where, status in requests(admin))
    assert state() == before


def test_an_admin_of_one_commune_cannot_touch_another_or_the_frameworks(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("xa_admin")
    before = state()
    results = dict(zip(range(100), requests(client), strict=False))
    refused = {i for i, (_where, status) in results.items() if status in (400, 403)}
    # pages of its own scope open (index, lists, forms); every write above names 99002, outside it, or a framework
    assert {3, 4, 5, 6, 7, 9, 10, 11, 13, 14, 15, 16} <= refused, results
    assert state() == before


def test_a_commune_admin_sees_only_its_own_accounts_and_units(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("xa_admin")
    users = client.get(reverse("manage:users")).content.decode()
    assert "nhap" in users and "ngoai" not in users and "duyet" not in users
    units = client.get(reverse("manage:units")).content.decode()
    assert "Xã Một" in units and "Xã Hai" not in units and "Tỉnh Chín Chín" not in units


def test_the_navigation_links_admins_to_the_management_pages(signed_in: Callable[[str], Client]) -> None:
    page = signed_in("tinh").get(reverse("dashboard:home")).content.decode()
    assert reverse("manage:index") in page and 'href="/admin/"' not in page
    assert reverse("manage:index") not in signed_in("xem").get(reverse("dashboard:home")).content.decode()


def test_the_pages_speak_english_when_asked(admin: Client) -> None:
    admin.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = admin.get(reverse("manage:index")).content.decode()
    assert "Create an account" in page and "Frameworks and targets" in page
    assert "Set password" in admin.get(reverse("manage:users")).content.decode()


def test_the_home_links_every_part(admin: Client) -> None:
    page = admin.get(reverse("manage:index")).content.decode()
    for name in ("manage:users", "manage:units", "manage:frameworks", "rounds:data_sets"):
        assert f'href="{reverse(name)}"' in page, name
