"""Org units from the management pages: the tree, an edit, a new unit and a CSV import, all inside the subtree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from state import state

from chiso.store import models, services

pytestmark = pytest.mark.django_db
HEADER = "code,name,type,parent,valid_from,valid_to\n"


def upload(client: Client, text: str, name: str = "don_vi.csv") -> object:
    return client.post(reverse("manage:unit_import"), {"file": SimpleUploadedFile(name, text.encode())})


def test_the_tree_folds_each_unit_with_children(admin: Client) -> None:
    page = admin.get(reverse("manage:units")).content.decode()
    assert page.count("<details") == 1 and "<b>99003</b> Xã Ba" in page and "01/07/2025" in page


def test_an_edit_moves_the_hierarchy_at_once_and_is_in_the_history(admin: Client) -> None:
    assert services.hierarchy()["99002"].name == "Xã Hai"
    response = admin.post(reverse("manage:unit_edit", args=["99002"]), {
        "name": "Xã Hai Mới", "type": "commune", "parent": "99001", "valid_from": "01/01/2026", "valid_to": ""})
    assert response.status_code == 302
    unit = services.hierarchy()["99002"]
    assert (unit.name, unit.parent, unit.valid_from) == ("Xã Hai Mới", "99001", date(2026, 1, 1))
    latest = models.OrgUnit.objects.get(code="99002").history.first()  # type: ignore[attr-defined]
    assert (latest.history_change_reason, latest.history_user.username) == ("sửa đơn vị", "tinh")
    assert "01/01/2026" in admin.get(reverse("manage:unit_edit", args=["99002"])).content.decode()


def test_a_unit_cannot_move_under_itself_nor_the_root_anywhere(admin: Client) -> None:
    before = state()
    admin.post(reverse("manage:unit_edit", args=["99"]), {"name": "Tỉnh", "type": "province", "parent": "99001"})
    assert services.hierarchy()["99"].parent == "" and services.hierarchy()["99"].name == "Tỉnh"
    before = state()
    response = admin.post(reverse("manage:unit_edit", args=["99001"]),
                          {"name": "Xã Một", "type": "commune", "parent": "99001"})
    assert response.status_code == 400 and state() == before


def test_dates_are_read_day_first_and_checked(admin: Client) -> None:
    before = state()
    response = admin.post(reverse("manage:unit_add"), {"code": "99004", "name": "Xã Bốn", "type": "commune",
                                                       "parent": "99", "valid_from": "2026-01-01"})
    assert response.status_code == 400 and state() == before
    response = admin.post(reverse("manage:unit_add"), {"code": "99004", "name": "Xã Bốn", "type": "commune",
                                                       "parent": "99", "valid_from": "31/12/2026",
                                                       "valid_to": "01/01/2026"})
    assert response.status_code == 400 and "trước ngày bắt đầu" in response.content.decode() and state() == before


def test_a_new_unit_joins_the_tree(admin: Client) -> None:
    response = admin.post(reverse("manage:unit_add"), {"code": "99004", "name": "Xã Bốn", "type": "commune",
                                                       "parent": "99", "valid_from": "01/01/2026", "valid_to": ""})
    assert response.status_code == 302
    assert services.hierarchy()["99004"].parent == "99" and "99004" in services.hierarchy().subtree("99")
    again = admin.post(reverse("manage:unit_add"), {"code": "99004", "name": "X", "type": "commune", "parent": "99"})
    assert again.status_code == 400 and services.hierarchy()["99004"].name == "Xã Bốn"


def test_a_csv_import_updates_and_adds_with_the_loader(admin: Client) -> None:
    response = upload(admin, HEADER + "99002,Xã Hai Mới,commune,99,,\n99004,Xã Bốn,commune,99,01/01/2026,\n")
    assert response.status_code == 302
    tree = services.hierarchy()
    assert tree["99002"].name == "Xã Hai Mới" and tree["99004"].valid_from == date(2026, 1, 1)
    reasons = set(models.OrgUnit.history.filter(history_user__username="tinh").values_list(
        "history_change_reason", flat=True))
    assert reasons == {"nhập đơn vị từ tệp don_vi.csv"}


def test_a_bad_row_names_its_line_and_column_and_nothing_is_written(admin: Client) -> None:
    before = state()
    response = upload(admin, HEADER + "99002,Xã Hai Mới,commune,99,,\n99004,Xã Bốn,làng,99,,\n"
                             "99005,Xã Năm,commune,99,31/02/2026,\n")
    page = response.content.decode()
    assert response.status_code == 400 and state() == before
    assert "don_vi.csv" in page and "<td class=\"num\">3</td><td>type</td>" in page
    assert "<td class=\"num\">4</td><td>valid_from</td>" in page


def test_a_file_that_is_not_a_units_table_is_refused(admin: Client) -> None:
    before = state()
    values = "framework,indicator,unit,period,value\nxa_so,1,99002,2026,5\n"
    assert upload(admin, values).status_code == 400
    assert upload(admin, HEADER + "99004,Xã Bốn,commune,99,,\n", name="don_vi.xlsx").status_code == 400
    assert state() == before


def test_a_commune_admin_imports_only_below_its_commune(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("xa_admin")
    before = state()
    response = upload(client, HEADER + "99001,Xã Một,commune,99,,\n99002,Xã Hai Mới,commune,99,,\n"
                                       "99006,Thôn Sáu,commune,99,,\n99007,Thôn Bảy,commune,99008,,\n"
                                       "99008,Thôn Tám,commune,99007,,\n")
    page = response.content.decode()
    assert response.status_code == 400 and state() == before
    for line, column in ((3, "code"), (4, "parent"), (5, "parent"), (6, "parent")):
        assert f"<td class=\"num\">{line}</td><td>{column}</td>" in page, (line, column)
    assert "<td class=\"num\">2</td>" not in page  # its own unit, unchanged, is fine
    ok = upload(client, HEADER + "99001,Xã Một (mới),commune,99,,\n99006,Thôn Sáu,commune,99001,,\n")
    assert ok.status_code == 302 and services.hierarchy()["99006"].parent == "99001"
    assert services.hierarchy()["99001"].name == "Xã Một (mới)"
