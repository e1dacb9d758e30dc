"""The UI is Vietnamese whatever the browser asks, and English when the user chooses it."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_vietnamese_unless_english_is_chosen(client: Client) -> None:
    page = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/tai-khoan/dang-nhap/"})
    page = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en">' in page.content.decode()
