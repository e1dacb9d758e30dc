"""The provinces' page of an indicator: ranks with their base, trend, target status, completeness, sorting, file."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

PAGE = "/cac-tinh/chi-tieu/bo_thu/{code}/"


def rows(html: str) -> dict[str, str]:
    """Each province's row of the table, by its code, in the page's order."""
    return dict(re.findall(r'<tr data-unit="(\w+)">(.*?)</tr>', html, re.S))


def cells(row: str, kind: str) -> list[str]:
    return [re.sub(r"<[^>]+>.*", "", c, flags=re.S).strip()
            for c in re.findall(rf'<td class="[^"]*\b{kind}\b[^"]*">(.*?)</td>', row, re.S)]


def page(client: Client, code: str = "1", query: str = "") -> str:
    response = client.get(PAGE.format(code=code) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_ranks_with_their_base_higher_is_better(reader: Callable[[str, str], Client]) -> None:
    found = rows(page(reader("bo", "BO")))
    assert list(found) == ["T1", "T4", "T2", "T3"]  # ties share a rank; Cát Lâm sent nothing for 2025Q4
    assert {code: cells(row, "rank")[0] for code, row in found.items()} == \
        {"T1": "1/4", "T4": "1/4", "T2": "3/4", "T3": "–"}
    assert cells(found["T2"], "value") == ["65,00%"]


def test_lower_is_better_ranks_the_fewest_first(reader: Callable[[str, str], Client]) -> None:
    found = rows(page(reader("bo", "BO"), "2"))
    assert {code: cells(row, "rank")[0] for code, row in found.items()} == \
        {"T1": "1/4", "T4": "2/4", "T2": "–", "T3": "–"}  # An Hòa 3 overdue, Đông Phú 5


def test_trend_of_the_last_four_quarters_and_its_line(reader: Callable[[str, str], Client]) -> None:
    html = page(reader("bo", "BO"))
    found = rows(html)
    assert cells(found["T1"], "trend") == ["60,00%", "65,00%", "70,00%", "75,00%"]
    assert cells(found["T3"], "trend") == ["22,00%", "22,50%", "23,00%", "–"]
    assert re.search(r'<polyline points="2.0,18.0 27.3,12.7 52.7,7.3 78.0,2.0">', found["T1"])
    assert "Q1/2025" in html and "Q4/2025" in html and "<script" not in html.split("<main")[-1]
    earlier = rows(page(reader("bo2", "BO"), query="?period=2024Q4"))
    assert cells(earlier["T1"], "trend") == ["40,00%", "45,00%", "50,00%", "55,00%"]


def test_target_status_as_the_core_judges_it(reader: Callable[[str, str], Client]) -> None:
    found = rows(page(reader("bo", "BO")))
    assert "Vượt chỉ tiêu" in found["T1"]
    # Cát Lâm is judged on its latest figure of 2025, the third quarter's.
    assert "Chưa đạt" in found["T3"] and "Kết quả 23,00% thấp hơn chỉ tiêu 50%" in found["T3"]


def test_completeness_of_what_each_province_sent(reader: Callable[[str, str], Client]) -> None:
    found = rows(page(reader("bo", "BO")))
    assert cells(found["T1"], "completeness") == ["3/3 chỉ tiêu"]
    assert cells(found["T2"], "completeness") == ["2/3 chỉ tiêu"]  # its communes send no overdue count
    assert cells(found["T3"], "completeness") == ["0/3 chỉ tiêu"]
    assert "từ số liệu của 2/2 xã" in found["T2"]


def test_sorted_by_name_and_by_value(reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    assert list(rows(page(client, query="?sort=name"))) == ["T1", "T2", "T3", "T4"]  # An, Bình, Cát, Đông
    assert list(rows(page(client, "2", "?sort=value"))) == ["T4", "T1", "T2", "T3"]


def test_the_table_as_an_excel_file(reader: Callable[[str, str], Client]) -> None:
    response = reader("bo", "BO").get(PAGE.format(code="1") + "tai-ve/?sort=name")
    assert response.status_code == 200
    assert "cac-tinh-bo_thu-1-2025Q4.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[:4] for row in table] == [["T1", "Tỉnh An Hòa", 75, "1/4"], ["T2", "Tỉnh Bình Sơn", 65, "3/4"],
                                          ["T3", "Tỉnh Cát Lâm", None, "–"], ["T4", "Tỉnh Đông Phú", 75, "1/4"]]
    assert Decimal(str(table[2][6])) == Decimal("23")
    assert sheet.cell(3, 3).number_format.endswith("#,##0.00")
