"""GET /api/figures/: the computed view of a new province, every figure with where it came from."""

from __future__ import annotations

from typing import Any

import pytest
from api_data import COMMUNES, PROVINCE, value_rows, walk
from rest_framework.test import APIClient

from chiso.periods import period_range
from chiso.store import analysis
from chiso.view import Scope

pytestmark = pytest.mark.django_db
FIGURES = "/api/figures/"


def by_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["unit"], r["indicator"], r["period"]): r for r in rows}


def test_a_province_figures_say_how_each_was_made(new_province_api: APIClient) -> None:
    rows = by_key(value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE,
                                                            "periods": "2024"})))

    reported = rows[PROVINCE, "1.1", "2024"]
    assert (reported["value"], reported["text"], reported["provenance"]) == ("1600", "1.600", "reported")
    assert (reported["provenance_label"], reported["note"], reported["source"]) == \
        ("Số liệu báo cáo", "Số liệu Văn phòng UBND tỉnh", "UBND tỉnh")
    assert reported["completeness"] is None
    # What its communes add up to, beside the official figure: 1.200 + 300, two of the three communes.
    assert reported["beside"] == {"value": "1500", "text": "1.500",
                                  "completeness": {"contributed": 2, "expected": 3, "text": "2/3 xã"}}
    summed = rows[PROVINCE, "1.2", "2024"]
    assert (summed["value"], summed["text"], summed["provenance"], summed["provenance_label"]) == \
        ("1050", "1.050", "aggregated", "Tổng hợp từ đơn vị cấp dưới")
    assert summed["completeness"] == {"contributed": 2, "expected": 3, "text": "2/3 xã"}
    rate = rows[PROVINCE, "1", "2024"]  # 1.050 / 1.600 × 100, rounded half up to 2 decimals
    assert (rate["value"], rate["text"], rate["provenance"]) == ("65.63", "65,63%", "derived")
    assert rate["completeness"]["text"] == "2/3 xã"
    assert (rows[PROVINCE, "2", "2024"]["value"], rows[PROVINCE, "2", "2024"]["text"]) == ("yes", "Có")


def test_children_scope_gives_the_unit_then_each_commune_in_catalogue_order(new_province_api: APIClient) -> None:
    rows = value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE, "periods": "2024",
                                                     "scope": "children"}))

    assert [(r["unit"], r["indicator"]) for r in rows] == [
        (PROVINCE, "1"), (PROVINCE, "1.1"), (PROVINCE, "1.2"), (PROVINCE, "2"),
        ("24001", "1"), ("24001", "1.1"), ("24001", "1.2"), ("24002", "1"), ("24002", "1.1"), ("24002", "1.2")]
    commune = by_key(rows)["24001", "1", "2024"]  # 900 / 1.200, with the indicator's two decimals
    assert (commune["value"], commune["text"], commune["provenance"], commune["beside"], commune["completeness"]) == \
        ("75.00", "75,00%", "derived", None, None)


@pytest.mark.parametrize("periods", [None, "2024,2025Q1:2025Q2,2025S1"])
def test_every_figure_is_the_views_own(new_province_api: APIClient, periods: str | None) -> None:
    query = {"framework": "dvc", "unit": PROVINCE, "scope": "children", "limit": 1000}
    rows = value_rows(new_province_api.get(FIGURES, {**query, "periods": periods} if periods else query))

    asked = period_range(periods) if periods else None
    view = analysis.view("dvc", PROVINCE, periods=asked, scope=Scope.CHILDREN)
    expected = [(f.unit, f.indicator, f.period, f.value, f.provenance.value, f.note, f.source)
                for unit in [PROVINCE, *COMMUNES] for f in view.of_unit(unit)]
    assert [(r["unit"], r["indicator"], r["period"], r["value"], r["provenance"], r["note"], r["source"])
            for r in rows] == expected
    made = {"reported", "derived", "aggregated"} | ({"rolled_up"} if periods else set())  # 2025S1 from quarters
    assert {r["provenance"] for r in rows} >= made


def test_pages_follow_on_without_a_gap_or_a_repeat(new_province_api: APIClient) -> None:
    query = {"framework": "dvc", "unit": PROVINCE, "scope": "children"}
    whole = value_rows(new_province_api.get(FIGURES, {**query, "limit": 1000}))

    for limit in (1, 3, 7):
        pages = walk(new_province_api, FIGURES, {**query, "limit": limit})
        assert [row for page in pages for row in page] == whole
        assert all(len(page) <= limit for page in pages)
        assert len(pages) >= len(whole) // limit


def test_quarters_are_rolled_up_into_the_half_year(new_province_api: APIClient) -> None:
    rows = by_key(value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE,
                                                            "scope": "children", "periods": "2025S1"})))

    rolled = rows["24001", "1.1", "2025S1"]  # 400 + 500
    assert (rolled["value"], rolled["provenance"], rolled["provenance_label"]) == \
        ("900", "rolled_up", "Cộng dồn từ các kỳ ngắn hơn")
    assert ("24002", "1.1", "2025S1") not in rows  # its second quarter is missing: missing is never zero


def test_only_the_indicators_asked_for(new_province_api: APIClient) -> None:
    rows = value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE,
                                                     "indicators": "1, 2", "periods": "2021:2025"}))

    assert {(r["indicator"], r["period"]) for r in rows} == {("1", "2024"), ("2", "2024")}
    assert rows[0]["value"] == "65.63"  # computed from 1.1 and 1.2, which are not listed


def test_periods_are_read_as_the_command_line_reads_them(new_province_api: APIClient) -> None:
    rows = value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": "24001",
                                                     "periods": "2025Q1:2025Q4", "indicators": "1.1"}))

    assert [(r["period"], r["value"]) for r in rows] == [("2025Q1", "400"), ("2025Q2", "500")]


def test_text_stays_the_tables_vietnamese_in_an_english_session(new_province_api: APIClient) -> None:
    new_province_api.cookies["django_language"] = "en"

    rows = by_key(value_rows(new_province_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE,
                                                            "periods": "2024"})))

    assert rows[PROVINCE, "2", "2024"]["text"] == "Có"
    assert rows[PROVINCE, "1", "2024"]["text"] == "65,63%"


def test_a_unit_outside_the_scope_is_forbidden(new_province: None, admin_api: APIClient) -> None:
    answer = admin_api.get(FIGURES, {"framework": "dvc", "unit": PROVINCE})

    assert answer.status_code == 403
    assert answer.json() == {"detail": f"Bạn không có quyền xem số liệu của đơn vị {PROVINCE}."}


@pytest.mark.parametrize(("query", "field", "expected"), [
    ({"framework": None}, "framework", "Trường này là bắt buộc."),
    ({"unit": None}, "unit", "Trường này là bắt buộc."),
    ({"periods": "1000:9999"}, "periods", "«1000:9999» gồm 9.000 kỳ, nhiều hơn 240 kỳ mỗi lần hỏi"),
    ({"periods": "2001-01:2030-12"}, "periods", "gồm 360 kỳ"),
    ({"periods": "2025H1"}, "periods", "Mã kỳ «2025H1» không hợp lệ"),
    ({"periods": "2025:2025Q2"}, "periods", "trộn hai loại kỳ"),
    ({"indicators": "1,9.9,x"}, "indicators", "Bộ chỉ tiêu dvc: không có chỉ tiêu «9.9», «x»"),
    ({"indicators": " , "}, "indicators", "cần ít nhất một mã chỉ tiêu"),
    ({"scope": "subtree"}, "scope", "«subtree» không phải lựa chọn hợp lệ (cần: unit hoặc children)."),
    ({"limit": "0"}, "limit", "Không được nhỏ hơn 1."),
    ({"cursor": "không-phải-con-trỏ"}, "cursor", "Con trỏ trang"),
    ({"cursor": "eyJ1IjoiNjYifQ"}, "cursor", "Con trỏ trang không hợp lệ cho câu hỏi này"),  # {"u":"66"}
])
def test_bad_parameters_are_refused_naming_the_field(new_province_api: APIClient, query: dict[str, str | None],
                                                     field: str, expected: str) -> None:
    asked = {key: value for key, value in {"framework": "dvc", "unit": PROVINCE, **query}.items() if value is not None}
    answer = new_province_api.get(FIGURES, asked)

    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    assert expected in answer.json()[field][0]
