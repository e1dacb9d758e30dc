"""The data set pages of a province admin: list, create and edit with located refusals, the rounds of a data
set with their windows and states, exceptions and early openings; everyone else refused, nothing changed; two
admins saving the same data set at once cannot silently overwrite each other."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chiso.periods import PeriodType
from chiso.rounds.model import containing
from chiso.store import models
from chiso.web.rounds.models import RoundOpening
from html_forms import form_fields
from web.rounds.rounds_world import around, client_of, last_month, make_data_set, person

pytestmark = pytest.mark.django_db
COMMUNES = "99001, 99002 99003"


def new_data_set(**changes: Any) -> dict[str, Any]:
    fields = {"code": "quy", "name": "Báo cáo quý của xã", "framework": models.Framework.objects.get(code="thu").pk,
              "period_type": "quarter", "indicators": ["1.1", "1.2"], "units": COMMUNES, "groups": "",
              "opens_days": "1", "due_days": "10", "closes_days": "30", "active": "on", "version": "0"}
    return {**fields, **changes}


def state() -> list[Any]:
    """Everything the pages could change, to show that a refused request changed nothing."""
    return [list(models.DataSet.objects.order_by("pk").values()), models.DataSet.history.count(),
            list(models.EntryException.objects.values()), list(RoundOpening.objects.values())]


def test_the_admin_lists_the_data_sets_of_its_scope_only(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"])
    make_data_set("ngoai", units=["98001"])
    html = people["admin"].get("/bao-cao/bo-bieu/").content.decode()
    assert "Báo cáo thang" in html and "Báo cáo ngoai" not in html
    assert people["other"].get(reverse("rounds:rounds", args=["thang"])).status_code == 403


def test_the_admin_creates_a_data_set_recorded_in_its_history(people: dict[str, Client]) -> None:
    page = people["admin"].get(reverse("rounds:data_set_new"), {"framework": "thu"})
    assert 'value="1.1"' in page.content.decode()  # the framework's indicators to choose from
    answer = people["admin"].post(reverse("rounds:data_set_new"), new_data_set())
    assert answer.status_code == 302 and answer["Location"] == reverse("rounds:rounds", args=["quy"])
    record = models.DataSet.objects.get(code="quy")
    assert (record.units, record.indicators, record.due_days, record.closes_days) == (
        ["99001", "99002", "99003"], ["1.1", "1.2"], 10, 30)
    assert record.history.get().history_user.username == "u_admin"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"due_days": "0"}, "due_days", "Hạn nộp (0) sớm hơn ngày mở nhập (1)."),
    ({"closes_days": "5"}, "closes_days", "Ngày khóa nhập (5) sớm hơn hạn nộp (10)."),
    ({"units": "99001 98001"}, "units", "Đơn vị 98001 ngoài phạm vi quản trị của bạn."),
    ({"units": "99001 12345"}, "units", "Không có đơn vị mã 12345."),
    ({"indicators": ["9.9"]}, "indicators", "9.9"),
    ({"code": "có dấu"}, "code", "chỉ gồm chữ không dấu"),
    ({"opens_days": "400", "due_days": "400"}, "opens_days", "400 ngày là quá lớn: từ -366 đến 366."),
])
def test_a_refused_data_set_says_where(people: dict[str, Client], changes: dict[str, Any], field: str | None,
                                       message: str) -> None:
    answer = people["admin"].post(reverse("rounds:data_set_new"), new_data_set(**changes))
    html = answer.content.decode()
    assert answer.status_code == 400 and not models.DataSet.objects.exists()
    errors = answer.context["form"].errors
    assert any(message in text for text in errors[field or "__all__"]), errors
    assert message.split("«")[0] in html


def test_a_data_set_reaching_beyond_the_scope_is_refused_as_a_whole(people: dict[str, Client]) -> None:
    answer = people["admin"].post(reverse("rounds:data_set_new"), new_data_set(units="", unit_types=["commune"]))
    assert answer.status_code == 400
    assert "ngoài phạm vi quản trị của bạn (98001)" in answer.context["form"].non_field_errors()[0]


@pytest.mark.parametrize("who", ["r1", "approver", "viewer", "other"])
def test_everyone_but_the_province_admin_is_refused_and_nothing_changes(people: dict[str, Client], who: str) -> None:
    record = make_data_set("thang", units=["99001", "99002", "99003"])
    before, client, month = state(), people[who], last_month()
    edited = {**new_data_set(code="thang", name="Đổi tên"), "version": str(record.history.get().history_id)}
    requests = [
        client.get(reverse("rounds:data_sets")) if who != "other" else None,
        client.post(reverse("rounds:data_set_new"), new_data_set()) if who != "other" else None,
        client.get(reverse("rounds:data_set_edit", args=["thang"])),
        client.post(reverse("rounds:data_set_edit", args=["thang"]), edited),
        client.get(reverse("rounds:rounds", args=["thang"])),
        client.post(reverse("rounds:exception_new", args=["thang"]),
                    {"unit": "99001", "period": month.code, "until": "31/12/2099", "reason": "x"}),
        client.post(reverse("rounds:open_now", args=["thang"]), {"period": month.next().code}),
    ]
    assert [r.status_code for r in requests if r is not None] == [403] * len([r for r in requests if r])
    assert state() == before
    anonymous = Client().get(reverse("rounds:data_sets"))
    assert anonymous.status_code == 302


def test_the_rounds_page_shows_each_windows_days_and_state(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"], schedule=around(3, -1, 20))
    html = people["admin"].get(reverse("rounds:rounds", args=["thang"])).content.decode()
    today, month = timezone.localdate(), last_month()
    row = re.search(rf'<tr class="round (\w+)" data-period="{month.code}">(.*?)</tr>', html, re.S)
    assert row is not None and row.group(1) == "overdue"
    for day in (today - timedelta(days=3), today - timedelta(days=1), today + timedelta(days=20)):
        assert f"{day:%d/%m/%Y}" in row.group(2)
    assert "quá hạn" in row.group(2) and '<td class="num">3</td>' in row.group(2)
    upcoming = re.search(rf'data-period="{month.next().code}">(.*?)</tr>', html, re.S)
    assert upcoming is not None and "chưa mở" in upcoming.group(1) and "Mở kỳ ngay" in upcoming.group(1)
    assert re.search(rf'<tr class="round closed" data-period="{month.previous().code}">', html)


def test_opening_a_round_now_lets_the_reporters_in_and_is_recorded(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"])
    current = containing(PeriodType.MONTH, timezone.localdate())
    url = reverse("entry:form", args=["thu", "99001", current.code])
    assert people["r1"].get(url).status_code == 403
    people["admin"].post(reverse("rounds:open_now", args=["thang"]), {"period": current.code})
    opening = RoundOpening.objects.get()
    assert opening.opened_by is not None
    assert (opening.period, opening.opened_on, opening.opened_by.username) == (
        current.code, timezone.localdate(), "u_admin")
    assert opening.history.count() == 1
    assert people["r1"].get(url).status_code == 200
    again = people["admin"].post(reverse("rounds:open_now", args=["thang"]), {"period": last_month().code},
                                 follow=True)
    assert "đã mở nhập, không cần mở sớm" in again.content.decode() and RoundOpening.objects.count() == 1


def test_an_exception_is_granted_with_who_and_why(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"], schedule=around(20, -15, -10))
    month, url = last_month(), reverse("rounds:exception_new", args=["thang"])
    until = timezone.localdate() + timedelta(days=7)
    answer = people["admin"].post(url, {"unit": "99002", "period": month.code, "until": f"{until:%d/%m/%Y}",
                                        "reason": "Cán bộ nghỉ ốm"})
    assert answer.status_code == 302
    granted = models.EntryException.objects.get()
    assert granted.granted_by is not None
    assert (granted.org_unit.code, granted.period, granted.until, granted.granted_by.username) == (
        "99002", month.code, until, "u_admin")
    html = people["admin"].get(reverse("rounds:rounds", args=["thang"])).content.decode()
    assert "Cán bộ nghỉ ốm" in html and f"{until:%d/%m/%Y}" in html


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"unit": "98001"}, "unit", "Đơn vị 98001 ngoài phạm vi quản trị của bạn."),
    ({"unit": "99100"}, "unit", "Bộ biểu thang không yêu cầu đơn vị 99100."),
    ({"period": "2026Q1"}, "period", "kỳ 2026Q1 không phải loại đó"),
    ({"until": "01/01/2020"}, "until", "Ngày 01/01/2020 đã qua."),
    ({"period": "2025-05"}, "period", "Đơn vị 99001 không tồn tại trong kỳ này."),
    ({"reason": ""}, "reason", ""),
])
def test_a_refused_exception_says_where(people: dict[str, Client], fields: dict[str, str], field: str,
                                        message: str) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"])
    posted = {"unit": "99001", "period": last_month().code, "until": "31/12/2099", "reason": "Mất điện", **fields}
    answer = people["admin"].post(reverse("rounds:exception_new", args=["thang"]), posted)
    assert answer.status_code == 400 and not models.EntryException.objects.exists()
    assert any(message in text for text in answer.context["form"].errors[field])


def loaded(client: Client, url: str) -> dict[str, Any]:
    """What an admin posts back from the edit form as loaded: the record's fields and the version it showed."""
    fields = form_fields(client.get(url).content.decode(), "data-set-form")
    return new_data_set(code="thang", name=fields["name"], period_type="month", indicators=[], units=fields["units"],
                        due_days=fields["due_days"], version=fields["version"])


def test_two_admins_saving_the_same_data_set_do_not_lose_a_change(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"])
    second = client_of(person("u_admin2", "admin", "99"))
    url = reverse("rounds:data_set_edit", args=["thang"])
    first_form, second_form = loaded(people["admin"], url), loaded(second, url)
    assert people["admin"].post(url, {**first_form, "name": "Tên của người thứ nhất"}).status_code == 302
    refused = second.post(url, {**second_form, "due_days": "12"})
    assert refused.status_code == 409
    assert "đã được u_admin sửa lúc" in refused.content.decode()
    record = models.DataSet.objects.get(code="thang")
    assert record.name == "Tên của người thứ nhất" and record.due_days != 12
    reloaded = loaded(second, url)
    assert second.post(url, {**reloaded, "due_days": "12"}).status_code == 302
    assert models.DataSet.objects.get(code="thang").due_days == 12


def test_the_rounds_page_in_english(people: dict[str, Client]) -> None:
    make_data_set("thang", units=["99001", "99002", "99003"], schedule=around(3, -1, 20))
    assert people["admin"].post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    html = people["admin"].get(reverse("rounds:rounds", args=["thang"])).content.decode()
    assert "overdue" in html and "Open now" in html and "Units expected" in html


@pytest.mark.django_db(transaction=True)
def test_an_edit_arriving_while_another_is_being_saved_waits_then_is_refused(people: dict[str, Client]) -> None:
    """On PostgreSQL the second save waits for the first's row lock, then finds the version moved: 409."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: two saves never overlap")
    make_data_set("thang", units=["99001", "99002", "99003"])
    url = reverse("rounds:data_set_edit", args=["thang"])
    stale = loaded(people["admin"], url)

    def second_save() -> int:
        try:
            return int(people["admin"].post(url, {**stale, "due_days": "12"}).status_code)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool, transaction.atomic():
        record = models.DataSet.objects.select_for_update().get(code="thang")  # the first save, in flight
        record.name = "Tên của người thứ nhất"
        record.save()
        saving = pool.submit(second_save)
        time.sleep(1)
        assert not saving.done(), "the second save did not wait for the first"
    assert saving.result(timeout=30) == 409
    record = models.DataSet.objects.get(code="thang")
    assert (record.name, record.due_days) == ("Tên của người thứ nhất", around(3, 5, 20)["due_days"])
