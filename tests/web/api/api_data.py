"""Helpers of the API tests: token clients, stored values, approved periods."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.catalog.loader import load_framework
from chiso.io.files import Bundle
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import Value


def token_client(user: Any) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def stored(indicator: str, unit: str, period: str, framework: str = "cqs") -> models.Value | None:
    return models.Value.objects.filter(framework__code=framework, indicator=indicator, org_unit__code=unit,
                                       period=period).first()


def set_status(unit: str, period: str, status: str = SubmissionStatus.APPROVED) -> None:
    Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                              org_unit=models.OrgUnit.objects.get(code=unit), period=period, status=status)


def value_rows(answer: Any) -> list[dict[str, Any]]:
    """The values of a paginated answer of GET /api/values/ (or the figures of GET /api/figures/)."""
    body = answer.json()
    assert answer.status_code == 200, body
    rows: list[dict[str, Any]] = body["results"]
    return rows


def walk(client: APIClient, path: str, query: dict[str, Any], link: str = "next") -> list[list[dict[str, Any]]]:
    """Every page from the first, following ``link`` until it is null."""
    pages, answer = [], client.get(path, query)
    while True:
        pages.append(value_rows(answer))
        following = answer.json()[link]
        if following is None:
            return pages
        answer = client.get(following)


# --- A new province: its own small framework, the province and three communes ---------------------------

NEW_FRAMEWORK = """
code: dvc
title: "Dịch vụ công trực tuyến của tỉnh"
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100"}
  - {code: "1.1", name: "Tổng số hồ sơ đã tiếp nhận", type: count, period_rollup: sum}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count, period_rollup: sum}
  - {code: "2", name: "Có cổng dịch vụ công của tỉnh", type: yes_no}
"""
PROVINCE = "68"
COMMUNES = ["24001", "24002", "24003"]


def new_province_bundle() -> Bundle:
    """Two of the three communes report; the province reports its own total of 2024 (1.600, where its
    communes add up to 1.500) and whether it has its own portal."""
    units = [OrgUnit(PROVINCE, "Tỉnh Lâm Đồng", OrgUnitType.PROVINCE),
             OrgUnit("24001", "Phường Xuân Hương - Đà Lạt", OrgUnitType.COMMUNE, PROVINCE),
             OrgUnit("24002", "Xã Đạ Huoai", OrgUnitType.COMMUNE, PROVINCE),
             OrgUnit("24003", "Xã Lạc Dương", OrgUnitType.COMMUNE, PROVINCE)]
    rows = [("24001", "2024", "1200", "900"), ("24002", "2024", "300", "150"),
            ("24001", "2025Q1", "400", "320"), ("24001", "2025Q2", "500", "410"), ("24002", "2025Q1", "100", "60")]
    values = [Value("dvc", code, unit, period, text, "", "UBND xã")
              for unit, period, total, online in rows for code, text in (("1.1", total), ("1.2", online))]
    values += [Value("dvc", "1.1", PROVINCE, "2024", "1600", "Số liệu Văn phòng UBND tỉnh", "UBND tỉnh"),
               Value("dvc", "2", PROVINCE, "2024", "yes", "", "UBND tỉnh")]
    return Bundle(frameworks=[load_framework(NEW_FRAMEWORK)], org_units=units, values=values)
