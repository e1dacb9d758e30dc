"""Refusals and unknown addresses get chiso's own pages, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# page, expected status, words the page must show (Vietnamese by default)
CASES = {
    "other unit": ("/?framework=cqs&unit=643", 403, ["Không có quyền truy cập", "quản trị cấp tỉnh",
                                                      "Bạn không có quyền xem số liệu của đơn vị này."]),
    "unknown page": ("/khong-co-trang-nay/", 404, ["Không tìm thấy trang", "Về trang tổng quan"]),
}


@pytest.mark.parametrize("name", CASES)
def test_error_page_in_vietnamese(client: Client, outsider: object, settings: object, name: str) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    url, status, words = CASES[name]
    client.force_login(outsider)
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == status
    assert all(w in text for w in words), [w for w in words if w not in text]
    assert "403 Forbidden" not in text and "<h1>Not Found</h1>" not in text  # Django's bare pages


def test_error_page_in_english_when_chosen(client: Client, outsider: object) -> None:
    client.force_login(outsider)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/?framework=cqs&unit=643").content.decode()
    assert "Access denied" in text and "Back to the overview" in text
    assert "Không có quyền truy cập" not in text
