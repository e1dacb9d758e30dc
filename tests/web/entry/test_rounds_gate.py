"""Entry follows the data sets: a reporter's list holds exactly the open rounds of their units, returned forms
first; the form, its save and the API refuse a unit not asked, a closed round and an ended unit (403, nothing
saved), unless an admin granted an exception. A framework without data sets keeps no schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chiso.periods import Period, PeriodType
from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus
from chiso.web.accounts.models import Membership
from web.rounds.rounds_world import around, grant, last_month, make_data_set, people, round_world

__all__ = ["people", "round_world"]

pytestmark = pytest.mark.django_db
COMMUNES = ["99001", "99002", "99003"]


def form(unit: str, period: Period) -> str:
    return reverse("entry:form", args=["thu", unit, period.code])


def save(client: Client, unit: str, period: Period, total: str = "120") -> Any:
    return client.post(form(unit, period), {"v:1.1": total, "v:1.2": "60", "action": "save"})


def listed(client: Client) -> list[tuple[str, str]]:
    """The (unit, period) of each form offered on the list page, in order."""
    import re

    html = client.get(reverse("entry:list")).content.decode()
    return re.findall(r'href="/nhap-lieu/thu/([^/]+)/([^/]+)/"', html)


def test_without_data_sets_a_reporter_enters_any_period_as_before(people: dict[str, Client]) -> None:
    old = Period(PeriodType.YEAR, 2024)
    assert people["r1"].get(form("99001", old)).status_code == 200
    assert save(people["r1"], "99001", old).status_code == 302
    assert models.Value.objects.filter(org_unit__code="99001", period="2024").count() == 2


def test_the_list_shows_exactly_the_open_rounds_of_the_reporters_unit(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES)
    month = last_month()
    assert listed(people["r1"]) == [("99001", month.code)]
    html = people["r1"].get(reverse("entry:list")).content.decode()
    due = timezone.localdate() + timedelta(days=5)
    assert f"{due:%d/%m/%Y}" in html and "đang mở" in html
    assert listed(people["admin"]) == [(unit, month.code) for unit in COMMUNES]
    assert save(people["r1"], "99001", month).status_code == 302
    assert models.Value.objects.filter(org_unit__code="99001", period=month.code).count() == 2


def test_a_closed_round_is_not_listed_and_its_form_and_save_are_refused(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES, schedule=around(20, -15, -10))  # closed ten days ago
    month = last_month()
    assert listed(people["r1"]) == []
    page = people["r1"].get(form("99001", month))
    assert page.status_code == 403
    assert "đã khóa nhập sau ngày" in page.content.decode()
    assert save(people["r1"], "99001", month).status_code == 403
    assert not models.Value.objects.filter(org_unit__code="99001").exists()
    assert not Submission.objects.exists()


def test_approvers_and_admins_keep_reading_a_closed_round(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES, schedule=around(20, -15, -10))
    assert people["approver"].get(form("99001", last_month())).status_code == 200
    assert people["admin"].get(form("99001", last_month())).status_code == 200


def test_a_round_not_yet_open_is_refused_with_its_opening_day(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES, schedule=around(-4, 10, 20))
    page = people["r1"].get(form("99001", last_month()))
    opens = timezone.localdate() + timedelta(days=4)
    assert page.status_code == 403 and f"chưa mở nhập: mở từ ngày {opens:%d/%m/%Y}" in page.content.decode()


def test_a_unit_not_asked_is_refused(people: dict[str, Client]) -> None:
    make_data_set(units=["99001", "99002"])
    page = people["r3"].get(form("99003", last_month()))
    assert page.status_code == 403 and "không được giao báo cáo bộ chỉ tiêu thu" in page.content.decode()
    assert listed(people["r3"]) == []
    assert save(people["r3"], "99003", last_month()).status_code == 403
    assert not Submission.objects.exists()


def test_an_ended_unit_is_told_so_on_its_list_and_refused_its_form(people: dict[str, Client]) -> None:
    make_data_set(units=[*COMMUNES, "99100"], schedule=around(3, 5, None))  # never closes
    html = people["old"].get(reverse("entry:list")).content.decode()
    assert "đã kết thúc hoạt động ngày 30/06/2025" in html
    assert listed(people["old"]) == []
    june = Period(PeriodType.MONTH, 2025, 6)  # a month it existed in
    page = people["old"].get(form("99100", june))
    assert page.status_code == 403 and "Huyện Cũ đã kết thúc hoạt động ngày 30/06/2025" in page.content.decode()
    assert save(people["old"], "99100", june).status_code == 403
    assert not models.Value.objects.filter(org_unit__code="99100").exists()


def test_an_ended_unit_no_data_set_asks_is_told_it_ended(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES)
    page = people["old"].get(form("99100", Period(PeriodType.MONTH, 2025, 6)))
    assert page.status_code == 403 and "đã kết thúc hoạt động ngày 30/06/2025" in page.content.decode()


def test_an_exception_opens_a_closed_round_to_one_unit_only(people: dict[str, Client]) -> None:
    data_set = make_data_set(units=COMMUNES, schedule=around(20, -15, -10))
    month = last_month()
    grant(data_set, "99001", month)
    until = timezone.localdate() + timedelta(days=3)
    assert listed(people["r1"]) == [("99001", month.code)]
    assert f"được nhập muộn đến {until:%d/%m/%Y}" in people["r1"].get(reverse("entry:list")).content.decode()
    assert save(people["r1"], "99001", month).status_code == 302
    assert save(people["r2"], "99002", month).status_code == 403
    assert set(models.Value.objects.values_list("org_unit__code", flat=True)) == {"99001"}


def test_returned_forms_come_first_with_the_approvers_comment(people: dict[str, Client]) -> None:
    data_set = make_data_set(units=COMMUNES)
    month, before = last_month(), last_month().previous()
    grant(data_set, "99001", before)
    Submission.objects.create(framework=models.Framework.objects.get(code="thu"),
                              org_unit=models.OrgUnit.objects.get(code="99001"), period=before.code,
                              status=SubmissionStatus.REJECTED, comment="Số hồ sơ trực tuyến chưa khớp")
    assert listed(people["r1"]) == [("99001", before.code), ("99001", month.code)]
    html = people["r1"].get(reverse("entry:list")).content.decode()
    assert "Ý kiến người phê duyệt: Số hồ sơ trực tuyến chưa khớp" in html


def test_an_inactive_data_set_sets_no_schedule(people: dict[str, Client]) -> None:
    make_data_set(units=COMMUNES, schedule=around(20, -15, -10), active=False)
    assert people["r1"].get(form("99001", last_month())).status_code == 200


def api_of(client_user: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(Membership.objects.get(user__username=client_user).user)
    return api


def test_the_api_refuses_a_reporters_write_into_a_closed_round(people: dict[str, Client]) -> None:
    data_set = make_data_set(units=COMMUNES, schedule=around(20, -15, -10))
    month = last_month()
    body = {"framework": "thu", "indicator": "1.1", "unit": "99001", "period": month.code, "value": "120"}
    answer = api_of("u_r1").post("/api/values/", body, format="json")
    assert answer.status_code == 403 and "đã khóa nhập" in answer.json()["detail"]
    assert not models.Value.objects.exists()
    grant(data_set, "99001", month)
    assert api_of("u_r1").post("/api/values/", body, format="json").status_code == 201
    admin_body = {**body, "unit": "99002"}
    assert api_of("u_admin").post("/api/values/", admin_body, format="json").status_code == 201  # admins: no gate


def test_the_excel_template_and_upload_are_refused_in_a_closed_round(people: dict[str, Client]) -> None:
    from openpyxl import Workbook

    from web.transfer.transfer_files import as_bytes, upload

    data_set = make_data_set(units=COMMUNES, schedule=around(20, -15, -10))
    month = last_month()
    template = people["r1"].get(reverse("transfer:template", args=["thu", "99001", month.code]))
    assert template.status_code == 403 and "đã khóa nhập" in template.content.decode()
    refused = upload(people["r1"], as_bytes(Workbook()), "thu", "99001", month.code)
    assert refused.status_code == 403 and "đã khóa nhập" in refused.content.decode()
    assert not models.Value.objects.exists() and not Submission.objects.exists()
    grant(data_set, "99001", month)
    assert people["r1"].get(reverse("transfer:template", args=["thu", "99001", month.code])).status_code == 200
