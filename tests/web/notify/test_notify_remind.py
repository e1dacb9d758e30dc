"""`chiso remind`'s reminders: the round opened, due soon, overdue (and the summary above), each told once.

The world's round 2026Q1 of BC-QUY opens 01/04/2026 and is due 10/04/2026; 77004 ended in 2025.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from notify_world import body, mails, subject, to

from chiso.store import models
from chiso.web.notify.models import Kind, Notification
from chiso.web.notify.remind import run

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def report(unit: str, status: str, sent: date | None) -> None:
    at = None if sent is None else datetime(sent.year, sent.month, sent.day, 9, 0, tzinfo=ZONE)
    models.Submission.objects.create(framework=models.Framework.objects.get(code="tbao"),
                                     org_unit=models.OrgUnit.objects.get(code=unit), period="2026Q1", status=status,
                                     first_sent_at=at)


def told() -> set[tuple[str, str]]:
    return set(Notification.objects.values_list("user__username", "kind"))


def test_the_round_opening_goes_to_the_reporters_of_each_unit_expected(world: dict[str, Any],
                                                                         mail_folder: Path) -> None:
    sent = run(date(2026, 4, 2))

    assert told() == {("nhap1", Kind.ROUND_OPEN), ("nhap2", Kind.ROUND_OPEN), ("nhap3", Kind.ROUND_OPEN)}
    assert len(sent) == 3
    letters = {to(m): m for m in mails(mail_folder)}
    assert sorted(letters) == ["nhap1@xa.example", "nhap2@phuong.example"]  # nhap3 has no address
    first = letters["nhap1@xa.example"]
    assert subject(first) == "Mở kỳ báo cáo: Báo cáo quý dịch vụ công, Quý I/2026 — Xã Đồng Xuân (77001)"
    assert ("Kỳ báo cáo Quý I/2026 của bộ biểu «Báo cáo quý dịch vụ công» đã mở nhập từ ngày 01/04/2026. "
            "Xã Đồng Xuân (77001) cần gửi báo cáo chậm nhất ngày 10/04/2026.") in body(first)
    assert "https://chiso.tinh.example/nhap-lieu/tbao/77001/2026Q1/" in body(first)


def test_due_soon_skips_the_units_that_have_sent(world: dict[str, Any], mail_folder: Path) -> None:
    report("77002", "submitted", date(2026, 4, 5))
    report("77003", "rejected", date(2026, 4, 6))
    run(date(2026, 4, 8))

    assert told() == {("nhap1", Kind.DUE_SOON), ("nhap3", Kind.DUE_SOON)}
    [letter] = mails(mail_folder)
    assert (to(letter), subject(letter)) == (
        "nhap1@xa.example", "Sắp đến hạn nộp: Báo cáo quý dịch vụ công, Quý I/2026 — Xã Đồng Xuân (77001)")
    assert "là ngày 10/04/2026 (còn 2 ngày). Xã Đồng Xuân (77001) chưa gửi báo cáo." in body(letter)
    returned = Notification.objects.get(user__username="nhap3")
    assert "Xã Ea Kiết (77003) có báo cáo bị trả lại chưa gửi lại." in returned.body


def test_overdue_goes_to_the_missing_and_returned_units_and_a_summary_above(world: dict[str, Any],
                                                                             mail_folder: Path) -> None:
    report("77002", "approved", date(2026, 4, 9))
    report("77003", "rejected", date(2026, 4, 9))
    run(date(2026, 4, 12))

    assert told() == {("nhap1", Kind.OVERDUE), ("nhap3", Kind.OVERDUE), ("duyet", Kind.OVERDUE_SUMMARY),
                      ("quantri77", Kind.OVERDUE_SUMMARY)}
    letters = {to(m): m for m in mails(mail_folder)}
    assert sorted(letters) == ["duyet@tinh.example", "nhap1@xa.example", "quantri@tinh.example"]
    overdue = letters["nhap1@xa.example"]
    assert subject(overdue) == "Quá hạn nộp: Báo cáo quý dịch vụ công, Quý I/2026 — Xã Đồng Xuân (77001)"
    assert "(hạn ngày 10/04/2026) mà Xã Đồng Xuân (77001) chưa gửi báo cáo. Hãy gửi báo cáo ngay." in body(overdue)
    summary = letters["duyet@tinh.example"]
    assert subject(summary) == "Đơn vị quá hạn nộp: Báo cáo quý dịch vụ công, Quý I/2026 (2 đơn vị)"
    assert "- Xã Đồng Xuân (77001): chưa gửi báo cáo" in body(summary)
    assert "- Xã Ea Kiết (77003): có báo cáo bị trả lại chưa gửi lại" in body(summary)
    assert "Phường Hòa Bình" not in body(summary)


def test_a_second_run_sends_nothing_new(world: dict[str, Any], mail_folder: Path) -> None:
    first = run(date(2026, 4, 12))
    count, files = Notification.objects.count(), len(mails(mail_folder))
    second = run(date(2026, 4, 13))

    assert len(first) == count == 5 and files == 4
    assert second == []
    assert Notification.objects.count() == count and len(mails(mail_folder)) == files


def test_a_unit_that_ended_is_never_reminded(world: dict[str, Any], mail_folder: Path) -> None:
    for day in (date(2026, 4, 2), date(2026, 4, 8), date(2026, 4, 12)):
        run(day)

    assert not Notification.objects.filter(user__username="nhap4").exists()
    assert "nhap4@cu.example" not in {to(m) for m in mails(mail_folder)}
    assert all("77004" not in m.body for m in Notification.objects.all())


def test_each_phase_is_told_once_in_order(world: dict[str, Any], mail_folder: Path) -> None:
    for day in range(1, 20):
        run(date(2026, 4, day))

    kinds = list(Notification.objects.filter(user__username="nhap1").order_by("id").values_list("kind", flat=True))
    assert kinds == [Kind.ROUND_OPEN, Kind.DUE_SOON, Kind.OVERDUE]


def test_nothing_before_the_round_opens_nor_after_entry_closes(world: dict[str, Any], mail_folder: Path) -> None:
    assert run(date(2026, 3, 31)) == []
    assert run(date(2026, 5, 31)) == []  # 2026Q1 closed on 30/05, 2026Q2 not open yet
    assert mails(mail_folder) == []


def test_a_dry_run_writes_and_mails_nothing(world: dict[str, Any], mail_folder: Path) -> None:
    planned = run(date(2026, 4, 2), dry_run=True)

    assert {m.username for m in planned} == {"nhap1", "nhap2", "nhap3"}
    assert not Notification.objects.exists() and mails(mail_folder) == []


def test_due_soon_days_come_from_the_setting(world: dict[str, Any], mail_folder: Path, settings: Any) -> None:
    settings.NOTIFY_DUE_SOON_DAYS = 5
    run(date(2026, 4, 5))

    assert {kind for _user, kind in told()} == {Kind.DUE_SOON}


def test_an_inactive_user_is_not_told(world: dict[str, Any], mail_folder: Path) -> None:
    world["nhap1"].is_active = False
    world["nhap1"].save()
    run(date(2026, 4, 2))

    assert "nhap1" not in {user for user, _kind in told()}
