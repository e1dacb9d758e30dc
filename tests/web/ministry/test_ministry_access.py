"""Who reads the provinces' page: the ministry every row, a province its own, anyone else nothing (403)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

PAGE = "/cac-tinh/chi-tieu/bo_thu/1/"


def shown(client: Client) -> list[str]:
    response = client.get(PAGE)
    assert response.status_code == 200
    return re.findall(r'<tr data-unit="(\w+)">', response.content.decode())


def test_the_ministry_reads_every_province(reader: Callable[[str, str], Client]) -> None:
    assert shown(reader("bo", "BO")) == ["T1", "T4", "T2", "T3"]


def test_a_province_reads_its_own_row_ranked_among_all(reader: Callable[[str, str], Client]) -> None:
    client = reader("binh_son", "T2")
    assert shown(client) == ["T2"]
    html = client.get(PAGE).content.decode()
    assert "3/4" in html and "Tỉnh An Hòa" not in html and "75,00%" not in html
    assert client.get(PAGE + "tai-ve/").status_code == 200


def test_a_commune_or_an_account_without_a_unit_is_refused(reader: Callable[[str, str], Client]) -> None:
    assert reader("binh_minh", "T2001").get(PAGE).status_code == 403
    assert reader("binh_minh", "T2001").get(PAGE + "tai-ve/").status_code == 403
    from django.contrib.auth import get_user_model

    nobody = Client()
    nobody.force_login(get_user_model().objects.create_user("khong_don_vi", password="mat-khau-thu-bo-2025"))
    assert nobody.get(PAGE).status_code == 403


def test_anonymous_readers_sign_in_first(ministry_store: None, client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_framework_or_indicator(reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    assert client.get("/cac-tinh/chi-tieu/khong_co/1/").status_code == 404
    assert client.get("/cac-tinh/chi-tieu/bo_thu/9/").status_code == 404
    assert client.get("/cac-tinh/?framework=bo_thu")["Location"] == "/cac-tinh/chi-tieu/bo_thu/1/"
