"""The provinces' page of a composite index: the shipped qd766 scored for every province, ranked with its base,
its groups, N/A not counted, the trend, the Excel file, who reads it, and the chooser on the indicator pages."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from web.ministry import indexworld
from web.ministry.test_ministry_page import cells, rows

PAGE = "/cac-tinh/chi-so/qd766/qd766/"


@pytest.fixture
def index_store(ministry_store: None) -> None:
    indexworld.build()


def page(client: Client, query: str = "", address: str = PAGE) -> str:
    response = client.get(address + query)
    assert response.status_code == 200
    return response.content.decode()


def test_points_out_of_what_was_scored_and_ranks_with_their_base(
        index_store: None, reader: Callable[[str, str], Client]) -> None:
    found = rows(page(reader("bo", "BO")))
    assert list(found) == ["T1", "T4", "T2", "T3"]
    assert {code: cells(row, "value")[0] for code, row in found.items()} == indexworld.TOTALS_2025Q4
    assert {code: cells(row, "rank")[0] for code, row in found.items()} == \
        {"T1": "1/4", "T4": "2/4", "T2": "3/4", "T3": "4/4"}
    assert "chấm trên 90 điểm" in found["T2"] and "chấm trên" not in found["T1"]


def test_one_column_per_group_and_n_a_items_not_counted(
        index_store: None, reader: Callable[[str, str], Client]) -> None:
    html = page(reader("bo", "BO"))
    assert re.findall(r'<th class="num group"[^>]*>([^<]*)</th>', html) == [
        "1. Công khai, minh bạch", "2. Tiến độ giải quyết", "3. Dịch vụ công trực tuyến",
        "4. Thanh toán trực tuyến", "5. Số hóa hồ sơ", "6. Mức độ hài lòng"]
    found = rows(html)
    assert cells(found["T3"], "group") == ["9,00/18", "12,00/20", "6,00/12", "5,00/10", "11,00/22", "9,00/18"]
    assert cells(found["T2"], "group") == ["18,00/18", "18,00/20", "12,00/12", "N/A", "22,00/22", "17,40/18"]
    assert cells(found["T4"], "group")[4] == "12,00/22"  # four items never typed in: missing, not zero
    assert "chấm trên 12 điểm" in found["T4"]


def test_the_trend_of_the_last_four_quarters(index_store: None, reader: Callable[[str, str], Client]) -> None:
    html = page(reader("bo", "BO"))
    found = rows(html)
    assert cells(found["T1"], "trend") == ["92,20", "94,80", "97,40", "100,00"]
    assert cells(found["T3"], "trend") == ["–", "52,00", "52,00", "52,00"]
    assert '<polyline points="2.0,18.0 27.3,12.7 52.7,7.3 78.0,2.0">' in found["T1"]
    assert "Q1/2025" in html and "Q4/2025" in html
    first = rows(page(reader("bo2", "BO"), "?period=2025Q1"))
    assert list(first) == ["T1", "T4", "T2", "T3"]
    assert cells(first["T1"], "value") == ["92,20/100"] and cells(first["T3"], "rank") == ["–"]
    assert cells(first["T1"], "trend") == ["–", "–", "–", "92,20"]


def test_sorted_by_name_and_by_points(index_store: None, reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    assert list(rows(page(client, "?sort=name"))) == ["T1", "T2", "T3", "T4"]
    assert list(rows(page(client, "?sort=value&period=2025Q1"))) == ["T1", "T4", "T2", "T3"]


def test_each_province_links_its_drill_down_where_the_reader_may_open_it(
        index_store: None, reader: Callable[[str, str], Client]) -> None:
    """A link where the dashboard's index page of the province opens for the reader, none where it refuses."""
    linked = 0
    for client in (reader("bo", "BO"), reader("binh_son", "T2")):
        for code, row in rows(page(client)).items():
            address = f"/chi-so/qd766/qd766/?unit={code}&period=2025Q4"
            opens = client.get(address).status_code == 200
            assert (f'<a href="{address.replace("&", "&amp;")}">' in row) is opens, code
            linked += opens
    assert linked >= 1
    ministry = reader("bo", "BO")  # the ministry reads every province's own index page, as it reads this one
    assert all(ministry.get(f"/chi-so/qd766/qd766/?unit={code}&period=2025Q4").status_code == 200
               for code in rows(page(ministry)))
    drill = reader("binh_son2", "T2").get("/chi-so/qd766/qd766/?unit=T2&period=2025Q4")
    assert "87,40" in drill.content.decode()


def test_the_index_s_0_1_form_when_declared(ministry_store: None, reader: Callable[[str, str], Client]) -> None:
    indexworld.build("dti_thu", normalise=True)
    found = rows(page(reader("bo", "BO"), address="/cac-tinh/chi-so/dti_thu/qd766/"))
    # Đông Phú's 90 of the 90 points it was scored on is 1, above An Hòa's 100 of 100 only by code.
    assert {code: cells(row, "normalised")[0] for code, row in found.items()} == \
        {"T1": "1,0000", "T2": "0,9711", "T3": "0,5200", "T4": "1,0000"}
    assert {code: cells(row, "rank")[0] for code, row in found.items()} == \
        {"T1": "1/4", "T4": "1/4", "T2": "3/4", "T3": "4/4"}
    assert cells(found["T1"], "trend") == ["0,9220", "0,9480", "0,9740", "1,0000"]


def exact(cell: object) -> object:
    """A number of the sheet as the Decimal it was written from."""
    return Decimal(str(cell)) if isinstance(cell, int | float) else cell


def test_the_table_as_an_excel_file(index_store: None, reader: Callable[[str, str], Client]) -> None:
    response = reader("bo", "BO").get(PAGE + "tai-ve/?sort=name")
    assert response.status_code == 200
    assert "cac-tinh-qd766-qd766-2025Q4.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:6] == ["Mã", "Tỉnh, thành phố", "Điểm", "Chấm trên (điểm)", "Xếp hạng",
                                               "Quý I/2025"]
    table = [[exact(c.value) for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[:5] for row in table] == [["T1", "Tỉnh An Hòa", 100, 100, "1/4"],
                                          ["T2", "Tỉnh Bình Sơn", Decimal("87.4"), 90, "3/4"],
                                          ["T3", "Tỉnh Cát Lâm", 52, 100, "4/4"],
                                          ["T4", "Tỉnh Đông Phú", 90, 90, "2/4"]]
    assert table[0][5:9] == [Decimal("92.2"), Decimal("94.8"), Decimal("97.4"), 100]
    assert table[1][9:] == [18, 18, 12, None, 22, Decimal("17.4")]
    assert sheet.cell(3, 3).number_format.endswith("#,##0.00")


def test_the_indicator_pages_choose_the_index(index_store: None, reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    chooser = re.search(r'<nav class="ministry-indices" id="index-chooser".*?</nav>',
                        page(client, address="/cac-tinh/chi-tieu/qd766/2.1/"), re.S)
    assert chooser and 'href="/cac-tinh/chi-so/qd766/qd766/"' in chooser.group(0)
    assert 'id="index-chooser"' not in page(client, address="/cac-tinh/chi-tieu/bo_thu/1/")
    assert 'href="/cac-tinh/chi-tieu/qd766/2.1/"' in page(client)


def test_who_reads_it(index_store: None, reader: Callable[[str, str], Client], client: Client) -> None:
    province = reader("binh_son", "T2")
    found = rows(page(province))
    assert list(found) == ["T2"] and cells(found["T2"], "rank") == ["3/4"]
    assert province.get(PAGE + "tai-ve/").status_code == 200
    assert reader("binh_minh", "T2001").get(PAGE).status_code == 403
    assert reader("binh_minh", "T2001").get(PAGE + "tai-ve/").status_code == 403
    response = client.get(PAGE)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_framework_or_index(index_store: None, reader: Callable[[str, str], Client]) -> None:
    client = reader("bo", "BO")
    assert client.get("/cac-tinh/chi-so/khong_co/qd766/").status_code == 404
    assert client.get("/cac-tinh/chi-so/qd766/dti/").status_code == 404
    assert client.get("/cac-tinh/chi-so/bo_thu/qd766/").status_code == 404  # a framework without indices


def test_an_index_without_figures_yet(ministry_store: None, reader: Callable[[str, str], Client]) -> None:
    from chiso.catalog.loader import load_framework
    from chiso.io.files import Bundle
    from chiso.store import services

    services.save_bundle(Bundle(frameworks=[load_framework(indexworld.qd766_text())]))
    client = reader("bo", "BO")
    assert "Các tỉnh, thành phố chưa có số liệu của chỉ số này." in page(client)
    assert client.get(PAGE + "tai-ve/").status_code == 404
