"""The indicator page: definition, relations, values, child units, findings and the full history."""

from __future__ import annotations

import re
from typing import Any

import pytest
from dashboard_pages import charts, finding_rows, page

from chiso.store import models, services
from chiso.values.model import Value

pytestmark = pytest.mark.django_db
URL = "/chi-tieu/cqs/5.4.1/"


def test_definition_relations_and_values(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get(URL, {"unit": "66"}))
    assert "Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)" in text
    assert "Total administrative procedure applications received (in person and online)" in text
    assert "<dt>Đơn vị tính</dt><dd>hồ sơ</dd>" in text and "<dt>Loại giá trị</dt><dd>Số đếm</dd>" in text
    assert "5.4.2 ≤ 5.4.1" in text and "5.4 = {5.4.2} / {5.4.1} * 100" in text
    assert "…/BC-UBND ngày 6/2025 của Ủy ban nhân dân tỉnh Đắk Lắk" in text
    assert re.search(r"<td>Năm 2022</td><td class=\"num\">1.247.855</td>", text)


def test_rate_shows_formula_decimals_direction_and_its_finding(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get("/chi-tieu/cqs/5.5/", {"unit": "66"}))
    assert '<span class="formula">{5.5.2} / {5.5.1} * 100</span>' in text
    assert "<dt>Số chữ số thập phân</dt><dd>2</dd>" in text and "<dd>Càng cao càng tốt</dd>" in text
    assert [(s, p) for s, code, p, _ in finding_rows(text) if code == "5.5"] == [("error", "Năm 2022"),
                                                                                ("warning", "Năm 2023")]
    assert charts(text)[0]["texts"] == ["19,3%", "70,76%", "100%", "100%"]


def test_history_shows_who_when_old_and_new(as_user: Any, province_admin: Any) -> None:
    services.save_values([Value("cqs", "5.4.1", "66", "2022", "1250000", note="Số liệu rà soát lại")],
                         recorded_by="cli:ranhoat")
    record = models.Value.objects.get(indicator="5.4.1", org_unit__code="66", period="2022")
    record.value, record.note, record.version = "1251000", "Sửa qua web", record.version + 1
    record._history_user = province_admin  # type: ignore[attr-defined]  # as the history middleware does
    record.save()
    text = page(as_user(province_admin).get(URL, {"unit": "66"}))
    history = text[text.index('id="history-title"'):]
    first = history.index('<span class="change-old">1.247.855</span><span class="arrow">→</span>1.250.000')
    second = history.index('<span class="change-old">1.250.000</span><span class="arrow">→</span>1.251.000')
    assert first < second
    assert "<td>cli:ranhoat</td><td>Sửa</td>" in history and "<td>quantri</td><td>Sửa</td>" in history
    assert "Số liệu rà soát lại" in history and "Sửa qua web" in history
    assert re.search(r'<td>Năm 2022</td><td class="nowrap">\d\d/\d\d/\d{4} \d\d:\d\d</td><td>cli:', history)
    assert "<td>Năm 2022</td><td class=\"num\">1.251.000</td>" in text  # the values table shows the latest


def test_child_units_table(as_user: Any, province_admin: Any) -> None:
    services.save_values([Value("cqs", "5.4.1", "643", "2024", "120345")])
    text = page(as_user(province_admin).get(URL, {"unit": "66"}))
    table = text[text.index('id="children-title"'):text.index('id="findings-title"')]
    assert "<th>Năm 2024</th>" in table
    assert re.search(r"Thành phố Buôn Ma Thuột</a></td><td class=\"num\">120.345</td>", table)
    assert re.search(r"Thị xã Buôn Hồ</a></td><td class=\"num\">–</td>", table)


def test_outsider_and_other_units_are_refused(as_user: Any, outsider: Any, reporter: Any) -> None:
    assert as_user(outsider).get(URL, {"unit": "66"}).status_code == 403
    assert as_user(reporter).get(URL, {"unit": "644"}).status_code == 403
    assert as_user(reporter).get(URL, {"unit": "643"}).status_code == 200
    assert as_user(reporter).get("/chi-tieu/cqs/9.9/", {"unit": "643"}).status_code == 404
