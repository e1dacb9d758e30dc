"""Anonymous readers: sent to the login page, unless the province publishes its dashboard (read-only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from dashboard_pages import counts, page
from django.test import Client

from chiso.store import models
from chiso.web.dashboard.templatetags.dashboard_format import vi_date, vi_datetime, vi_number

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/dang-nhap/"


@pytest.mark.parametrize("url", ["/", "/chi-tieu/cqs/5.4.1/?unit=66", "/bao-cao/", "/bao-cao/tai-ve/?framework=cqs"])
def test_anonymous_is_sent_to_login(client: Client, shipped_store: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN + "?next=/")


def test_public_dashboard_can_be_read_without_login(client: Client, shipped_store: None, settings: Any) -> None:
    settings.PUBLIC_DASHBOARD = True
    text = page(client.get("/", {"framework": "cds2025", "unit": "66"}))
    assert counts(text)["exceeded"] == ("Vượt chỉ tiêu", "3")
    assert "Chờ phê duyệt" not in text  # submissions are for the people who handle them
    assert "1.247.855" in page(client.get("/chi-tieu/cqs/5.4.1/", {"unit": "66"}))


def test_public_dashboard_writes_nothing(client: Client, shipped_store: None, settings: Any) -> None:
    settings.PUBLIC_DASHBOARD = True
    before = list(models.Value.objects.values_list("id", "value", "version"))
    for url in ("/", "/chi-tieu/cqs/5.4.1/?unit=66"):
        assert client.post(url, {"value": "0"}).status_code == 405
    for url in ("/bao-cao/", "/nhap-lieu/", "/admin/"):  # reports and every page that writes need a login
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith((LOGIN, "/admin/login/")), response["Location"]
    assert list(models.Value.objects.values_list("id", "value", "version")) == before


def test_filters_write_vietnamese_numbers_and_dates() -> None:
    assert (vi_number(1247855), vi_number(Decimal("46.14")), vi_number("x")) == ("1.247.855", "46,14", "x")
    assert vi_date(date(2025, 6, 20)) == "20/06/2025"
    assert vi_datetime(datetime(2025, 6, 20, 1, 30, tzinfo=UTC)) == "20/06/2025 08:30"  # Asia/Ho_Chi_Minh
