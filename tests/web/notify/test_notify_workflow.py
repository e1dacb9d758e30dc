"""Steps of the entry workflow told by mail and in the app: returned with the comment, approved, reopened,
submitted; to the people of the unit's scope only, never to the one who took the step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from notify_world import body, mails, subject, to

from chiso.periods import Period
from chiso.store import models, services
from chiso.web.entry import workflow
from chiso.web.entry.sheet import read_post
from chiso.web.notify.models import Kind, Notification

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def target(unit: str, period: str = "2026Q1") -> workflow.Target:
    record = models.Framework.objects.get(code="tbao")
    return workflow.Target(services.frameworks()["tbao"], record, models.OrgUnit.objects.get(code=unit),
                           Period.parse(period))


def submit(unit: str, user: Any, capture: Capture) -> None:
    form = target(unit)
    with capture(execute=True):
        workflow.save(form, read_post(form.framework, {"v:1": "120", "v:2": "90"}), user, submit=True)


def decide(unit: str, action: str, user: Any, comment: str, capture: Capture) -> None:
    with capture(execute=True):
        workflow.decide(target(unit), action, user, comment)


def test_submitted_goes_to_the_approvers_of_the_unit(world: dict[str, Any], mail_folder: Path,
                                                     django_capture_on_commit_callbacks: Capture) -> None:
    submit("77001", world["nhap1"], django_capture_on_commit_callbacks)

    [letter] = mails(mail_folder)
    assert to(letter) == "duyet@tinh.example"
    assert subject(letter) == "Báo cáo chờ duyệt: Xã Đồng Xuân, Quý I/2026"
    assert "nhap1 đã gửi báo cáo «Báo cáo quý về dịch vụ công» của Xã Đồng Xuân, Quý I/2026" in body(letter)
    assert "https://chiso.tinh.example/nhap-lieu/tbao/77001/2026Q1/" in body(letter)
    assert list(Notification.objects.values_list("user__username", "kind")) == [("duyet", Kind.SUBMITTED)]


def test_returned_tells_the_reporters_the_approvers_comment(world: dict[str, Any], mail_folder: Path,
                                                            django_capture_on_commit_callbacks: Capture) -> None:
    submit("77001", world["nhap1"], django_capture_on_commit_callbacks)
    decide("77001", "reject", world["duyet"], "Số hồ sơ trực tuyến chưa khớp sổ theo dõi",
           django_capture_on_commit_callbacks)

    letter = [m for m in mails(mail_folder) if to(m) == "nhap1@xa.example"]
    assert [subject(m) for m in letter] == ["Báo cáo bị trả lại: Xã Đồng Xuân, Quý I/2026"]
    text = body(letter[0])
    assert "duyet đã trả lại báo cáo «Báo cáo quý về dịch vụ công» của Xã Đồng Xuân, Quý I/2026" in text
    assert "Ý kiến: Số hồ sơ trực tuyến chưa khớp sổ theo dõi" in text
    returned = Notification.objects.get(kind=Kind.RETURNED)
    assert (returned.user.username, returned.link) == ("nhap1", "/nhap-lieu/tbao/77001/2026Q1/")
    assert returned.mailed_at is not None
    # the approver who returned it is not told; nobody of the other communes is
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"duyet", "nhap1"}


def test_approved_tells_the_reporters(world: dict[str, Any], mail_folder: Path,
                                      django_capture_on_commit_callbacks: Capture) -> None:
    submit("77002", world["nhap2"], django_capture_on_commit_callbacks)
    decide("77002", "approve", world["duyet"], "", django_capture_on_commit_callbacks)

    letter = [m for m in mails(mail_folder) if to(m) == "nhap2@phuong.example"]
    assert [subject(m) for m in letter] == ["Báo cáo đã được phê duyệt: Phường Hòa Bình, Quý I/2026"]
    assert "Ý kiến" not in body(letter[0])


def test_reopened_tells_reporters_and_approvers(world: dict[str, Any], mail_folder: Path,
                                               django_capture_on_commit_callbacks: Capture) -> None:
    submit("77002", world["nhap2"], django_capture_on_commit_callbacks)
    decide("77002", "approve", world["duyet"], "", django_capture_on_commit_callbacks)
    decide("77002", "reopen", world["quantri77"], "Sở yêu cầu bổ sung hồ sơ quý I",
           django_capture_on_commit_callbacks)

    reopened = [m for m in mails(mail_folder) if subject(m) == "Báo cáo được mở lại: Phường Hòa Bình, Quý I/2026"]
    assert sorted(to(m) for m in reopened) == ["duyet@tinh.example", "nhap2@phuong.example"]
    assert all("Ý kiến: Sở yêu cầu bổ sung hồ sơ quý I" in body(m) for m in reopened)
    assert "quantri77 đã mở lại báo cáo" in body(reopened[0])


def test_a_reporter_without_email_gets_the_in_app_row_only(world: dict[str, Any], mail_folder: Path,
                                                           django_capture_on_commit_callbacks: Capture) -> None:
    submit("77003", world["nhap3"], django_capture_on_commit_callbacks)
    decide("77003", "reject", world["duyet"], "Thiếu số liệu chỉ tiêu 2", django_capture_on_commit_callbacks)

    assert not [m for m in mails(mail_folder) if subject(m).startswith("Báo cáo bị trả lại")]
    row = Notification.objects.get(user__username="nhap3")
    assert (row.kind, row.mailed_at) == (Kind.RETURNED, None)
    assert "Ý kiến: Thiếu số liệu chỉ tiêu 2" in row.body


def test_a_step_rolled_back_tells_nobody(world: dict[str, Any], mail_folder: Path,
                                         django_capture_on_commit_callbacks: Capture) -> None:
    with pytest.raises(workflow.PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        workflow.decide(target("77001"), "approve", world["duyet"], "")  # nothing was submitted

    assert not Notification.objects.exists()
    assert mails(mail_folder) == []
