"""Groups in the Django admin: a chiso admin reads each group with its members, and changes nothing there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from chiso.cli.store import load_files
from chiso.store import models
from chiso.web.accounts.services import add_user

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def national_admin() -> Client:
    load_files([DATA / name for name in ("framework.yaml", "org_units.csv", "groups.csv")])
    client = Client()
    client.force_login(add_user("quantri00", "mat-khau-quan-tri-1", "admin", "00", check_password=False).user)
    return client


def test_a_chiso_admin_reads_the_groups_and_their_members(national_admin: Client) -> None:
    listed = national_admin.get("/admin/store/orgunitgroup/")
    assert listed.status_code == 200
    assert [g.code for g in listed.context["cl"].result_list] == ["khoi_bo", "khoi_tinh", "mien_nam"]

    group = models.OrgUnitGroup.objects.get(code="khoi_tinh")
    page = national_admin.get(f"/admin/store/orgunitgroup/{group.pk}/change/")
    assert page.status_code == 200
    members = [m.org_unit.code for m in page.context["inline_admin_formsets"][0].formset.queryset]
    assert members == ["91", "92", "93"]
    assert national_admin.get("/admin/store/orgunitgroup/add/").status_code == 403  # read only
