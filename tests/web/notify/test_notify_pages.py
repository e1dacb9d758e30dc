"""The list of one's notifications at /thong-bao/, marking them read, and the count in the top bar."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chiso.web.notify.models import Kind, Notification

pytestmark = pytest.mark.django_db


def note(user: Any, key: str, subject: str, link: str = "/nhap-lieu/") -> Notification:
    return Notification.objects.create(user=user, kind=Kind.RETURNED, key=key, subject=subject,
                                       body="Ý kiến: Thiếu số liệu", link=link)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_ones_own_notifications_newest_first_and_the_unread_count(world: dict[str, Any]) -> None:
    note(world["nhap1"], "a", "Báo cáo bị trả lại: Xã Đồng Xuân, Quý IV/2025")
    note(world["nhap1"], "b", "Báo cáo bị trả lại: Xã Đồng Xuân, Quý I/2026")
    note(world["nhap2"], "a", "Báo cáo của Phường Hòa Bình")

    page = signed_in(world["nhap1"]).get(reverse("notify:list")).content.decode()

    assert page.index("Quý I/2026") < page.index("Quý IV/2025")
    assert "Phường Hòa Bình" not in page
    assert "Thông báo (2)" in page
    assert "2 thông báo chưa đọc." in page


def test_opening_marks_read_and_goes_to_the_page(world: dict[str, Any]) -> None:
    row = note(world["nhap1"], "a", "Trả lại", link="/nhap-lieu/tbao/77001/2026Q1/")
    client = signed_in(world["nhap1"])

    answer = client.post(reverse("notify:read", args=[row.pk]), {"open": "1"})

    assert answer.status_code == 302 and answer["Location"] == "/nhap-lieu/tbao/77001/2026Q1/"
    row.refresh_from_db()
    assert row.read_at is not None
    assert "Thông báo (0)" in client.get(reverse("notify:list")).content.decode()


def test_another_persons_notification_is_not_found_and_stays_unread(world: dict[str, Any]) -> None:
    theirs = note(world["nhap2"], "a", "Của người khác")

    answer = signed_in(world["nhap1"]).post(reverse("notify:read", args=[theirs.pk]))

    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post_and_a_signed_in_person(world: dict[str, Any]) -> None:
    row = note(world["nhap1"], "a", "Trả lại")

    assert signed_in(world["nhap1"]).get(reverse("notify:read", args=[row.pk])).status_code == 405
    assert Client().post(reverse("notify:read", args=[row.pk])).status_code == 302  # to the login page
    assert Client().get(reverse("notify:list")).status_code == 302
    row.refresh_from_db()
    assert row.read_at is None


def test_an_outside_link_is_not_followed(world: dict[str, Any]) -> None:
    row = note(world["nhap1"], "a", "Trả lại", link="https://evil.example/")

    answer = signed_in(world["nhap1"]).post(reverse("notify:read", args=[row.pk]), {"open": "1"})

    assert answer["Location"] == reverse("notify:list")


def test_all_read_at_once(world: dict[str, Any]) -> None:
    for key in "abc":
        note(world["nhap1"], key, f"Thông báo {key}")
    mine = note(world["nhap2"], "a", "Của nhap2")

    signed_in(world["nhap1"]).post(reverse("notify:read_all"))

    assert not Notification.objects.filter(user=world["nhap1"], read_at__isnull=True).exists()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_page_in_english(world: dict[str, Any]) -> None:
    client = signed_in(world["nhap1"])
    client.cookies["django_language"] = "en"

    page = client.get(reverse("notify:list")).content.decode()

    assert "Notifications (0)" in page and "No notifications yet." in page
