"""The Django admin for a chiso admin: the store's records of its own units, to read; changes go through chiso.

A province admin reads frameworks, org units, values, submissions, recorded evaluations and memberships (with
their history) of its unit and the units below it. Writing stays with the entry form, the Excel upload, the
API and the commands, which check periods, versions and formulas; a superuser keeps the whole admin.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.store import models, services
from chiso.values.model import Value
from chiso.web.accounts.services import add_user

pytestmark = pytest.mark.django_db

LISTED = ["/admin/store/framework/", "/admin/store/orgunit/", "/admin/store/value/", "/admin/store/submission/",
          "/admin/store/recordedevaluation/", "/admin/accounts/membership/"]


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_chiso_admin_sees_the_store_listed_in_the_admin(province_client: Client) -> None:
    answer = province_client.get("/admin/")

    assert answer.status_code == 200
    page = answer.content.decode()
    for address in LISTED:
        assert f'href="{address}"' in page
    assert "/admin/auth/user/" not in page  # accounts are made with `chiso user add`
    assert f'href="{LISTED[2]}add/"' not in page  # read only


@pytest.mark.parametrize("address", LISTED)
def test_each_list_opens(province_client: Client, address: str) -> None:
    assert province_client.get(address).status_code == 200


def test_a_district_admin_sees_only_its_own_units_and_values(shipped_store: None) -> None:
    services.save_values([Value("cqs", "5.1.1", "643", "2024", "120"), Value("cqs", "5.1.1", "644", "2024", "95")],
                         recorded_by="loader")
    district = signed_in(add_user("quantri643", "mat-khau-quan-tri-1", "admin", "643", check_password=False).user)
    own = models.Value.objects.get(org_unit__code="643", indicator="5.1.1", period="2024")
    other = models.Value.objects.get(org_unit__code="644", indicator="5.1.1", period="2024")

    units = district.get("/admin/store/orgunit/").context["cl"].result_list
    values = district.get("/admin/store/value/").context["cl"].result_list

    assert [unit.code for unit in units] == ["643"]
    assert list(values) == [own]
    assert district.get(f"/admin/store/value/{other.pk}/change/").status_code in (302, 404)
    assert district.get(f"/admin/store/value/{own.pk}/change/").status_code == 200
    assert district.get(f"/admin/store/value/{other.pk}/history/").status_code == 404


def test_the_admin_changes_nothing(province_client: Client) -> None:
    record = models.Value.objects.filter(org_unit__code="66").first()
    assert record is not None

    viewed = province_client.get(f"/admin/store/value/{record.pk}/change/")
    changed = province_client.post(f"/admin/store/value/{record.pk}/change/", {"value": "1"})
    deleted = province_client.post(f"/admin/store/value/{record.pk}/delete/", {"post": "yes"})

    assert viewed.status_code == 200
    assert 'name="_save"' not in viewed.content.decode()
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert models.Value.objects.get(pk=record.pk).value == record.value


def test_the_history_of_a_value_opens(province_client: Client) -> None:
    record = models.Value.objects.filter(org_unit__code="66").first()
    assert record is not None

    assert province_client.get(f"/admin/store/value/{record.pk}/history/").status_code == 200


@pytest.mark.parametrize("persona", ["reporter_client", "approver_client", "viewer_client"])
def test_other_roles_have_no_admin(persona: str, request: pytest.FixtureRequest) -> None:
    client: Client = request.getfixturevalue(persona)

    answer = client.get("/admin/")

    assert answer.status_code == 302
    assert "/admin/login/" in answer["Location"]
