"""Hostile uploads: a decompression bomb, sizes that lie, a value a million rows down, files that are no workbook.

Each is built here from a real template and refused quickly, naming the file, with memory bounded: the
reader checks the zip and its XML before openpyxl reads anything (it used to load the whole workbook first,
and 4 M cells in 124 KB held a worker for 30 s and 1,29 GB).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook
from transfer_files import DATA, as_bytes, download, fill, stored, text, upload

from hostile_xlsx import DATA_PART, META_PART, bomb_sheet, lying, measured, part, replaced, sheet_xml

pytestmark = pytest.mark.django_db

SECONDS = 5.0  # generous for a slow machine: each refusal takes some hundredths of a second
PEAK_MB = 100.0
BOMB_ROWS, BOMB_COLUMNS = 40_000, 100  # 4 M cells


def template(client: Client) -> bytes:
    return as_bytes(fill(download(client), {"5.1.1": 1543}))


def refused(client: Client, content: bytes, name: str) -> str:
    """The page's text after uploading ``content``, checked to be a quick, cheap refusal that stored nothing."""
    response, cost = measured(lambda: upload(client, content, name=name))
    assert response.status_code == 400, text(response)[:500]
    assert cost.seconds < SECONDS, cost
    assert cost.peak_mb < PEAK_MB, cost
    assert stored() == {}
    return text(response)


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(reporter_client: Client) -> None:
    bomb = replaced(template(reporter_client), {DATA_PART: bomb_sheet(BOMB_ROWS, BOMB_COLUMNS)})
    assert len(bomb) < 200_000  # 4 M cells in some 170 KB

    unpacked = f"{sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) / (1 << 20):.1f}"

    page = refused(reporter_client, bomb, "bom.xlsx")

    assert (f"Tệp «bom.xlsx» không phải là một mẫu nhập liệu: tệp giải nén ra {unpacked.replace('.', ',')} MB, "
            "nhiều hơn mức tối đa 50,0 MB của một mẫu.") in page
    assert "hãy tải mẫu mới ở trang này rồi điền lại" in page


def test_a_bomb_within_the_total_is_refused_by_its_compression_ratio(reporter_client: Client) -> None:
    bomb = replaced(template(reporter_client), {DATA_PART: bomb_sheet(4_000, 100)})  # 6 MB that deflate 600 times

    page = refused(reporter_client, bomb, "bom.xlsx")

    assert "Tệp «bom.xlsx» không phải là một mẫu nhập liệu: một phần của tệp nén tới" in page
    assert "lần, nhiều hơn mức tối đa 100 lần của một mẫu" in page


def test_a_part_that_declares_fewer_bytes_than_it_holds_is_refused(reporter_client: Client) -> None:
    bomb = replaced(template(reporter_client), {DATA_PART: bomb_sheet(BOMB_ROWS, BOMB_COLUMNS)})
    liar = lying(bomb, DATA_PART, 15_000)  # what the real part declares
    assert zipfile.ZipFile(io.BytesIO(liar)).getinfo(DATA_PART).file_size == 15_000

    page = refused(reporter_client, liar, "nho.xlsx")

    assert "Tệp «nho.xlsx» không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng" in page


def test_a_value_a_million_rows_down_the_hidden_sheet_is_refused(reporter_client: Client) -> None:
    content = template(reporter_client)
    far = part(content, META_PART).replace(b"</sheetData>", b'<row r="1048576"><c r="B1048576"><v>7</v></c></row>'
                                                              b"</sheetData>")
    far = far.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)

    page = refused(reporter_client, replaced(content, {META_PART: far}), "xa.xlsx")

    assert "Tệp «xa.xlsx» có giá trị ở ô B1048576, quá xa bảng của mẫu (mẫu chỉ dùng đến ô Z" in page
    assert "hãy xoá các ô thừa hoặc tải mẫu mới rồi điền lại" in page


def test_a_sheet_that_only_declares_a_huge_dimension_is_read_as_far_as_its_values(reporter_client: Client) -> None:
    content = template(reporter_client)
    sheet = part(content, DATA_PART)
    start, end = sheet.index(b"<dimension"), sheet.index(b"/>", sheet.index(b"<dimension")) + 2
    claimed = replaced(content, {DATA_PART: sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]})

    response, cost = measured(lambda: upload(reporter_client, claimed, name="rong.xlsx"))

    assert response.status_code == 200 and 'name="token"' in response.content.decode()
    assert "1.543" in text(response)
    assert cost.seconds < SECONDS and cost.peak_mb < PEAK_MB


def test_a_sheet_with_more_rows_than_a_template_is_refused(reporter_client: Client) -> None:
    rows = sheet_xml(b'<row r="%d"/>' % row for row in range(1, 20_001))

    page = refused(reporter_client, replaced(template(reporter_client), {DATA_PART: rows}), "dai.xlsx")

    assert ("Tệp «dai.xlsx» không phải là một mẫu nhập liệu: một trang tính có quá nhiều dòng (một mẫu có tối đa "
            "238 dòng).") in page


def test_one_row_of_a_quarter_million_cells_is_refused(reporter_client: Client) -> None:
    row = sheet_xml([b'<row r="7">' + b"<c/>" * 250_000 + b"</row>"])  # under 1 MB: no ratio is asked of it

    page = refused(reporter_client, replaced(template(reporter_client), {DATA_PART: row}), "ngang.xlsx")

    assert ("Tệp «ngang.xlsx» không phải là một mẫu nhập liệu: một phần của tệp có quá nhiều phần tử XML (một mẫu "
            "có tối đa 480 phần tử XML)") in page


def test_an_xml_entity_bomb_is_refused(reporter_client: Client) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                         for n in range(1, 10))
              + b"]>" + sheet_xml([b'<row r="7"><c r="D7" t="inlineStr"><is><t>&lol9;</t></is></c></row>'])[38:])

    page = refused(reporter_client, replaced(template(reporter_client), {DATA_PART: laughs}), "cuoi.xlsx")

    assert "Tệp «cuoi.xlsx» không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng" in page


@pytest.mark.parametrize(("content", "message"), [
    (b"framework,indicator,value\ncqs,5.1.1,1543\n", "không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "là bảng tính Excel 97–2003 (.xls) hoặc đã đặt mật khẩu"),
    (b"PK\x05\x06" + bytes(18), "không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng"),
], ids=["csv", "xls", "empty zip"])
def test_a_file_that_is_no_workbook_is_refused(reporter_client: Client, content: bytes, message: str) -> None:
    assert f"Tệp «so-lieu.xlsx» {message}" in refused(reporter_client, content, "so-lieu.xlsx")


def test_a_word_document_is_refused(reporter_client: Client) -> None:
    content = template(reporter_client)
    types = part(content, "[Content_Types].xml").replace(b"spreadsheetml.sheet.main", b"wordprocessingml.document.main")

    page = refused(reporter_client, replaced(content, {"[Content_Types].xml": types}), "bao-cao.docx")

    assert "Tệp «bao-cao.docx» không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng" in page


def test_a_template_saved_again_with_its_values_is_still_read(reporter_client: Client) -> None:
    """The caps leave room for what Excel adds: a template with notes below the table and beside it is read."""
    book = load_workbook(io.BytesIO(template(reporter_client)))
    book[DATA].protection.sheet = False
    book[DATA]["H10"] = "ghi chú bên cạnh"
    book[DATA]["B150"] = "người lập biểu: Nguyễn Văn A"

    response = upload(reporter_client, as_bytes(book), name="mau.xlsx")

    assert response.status_code == 200 and 'name="token"' in response.content.decode()


def test_a_refusal_in_english(reporter_client: Client) -> None:
    bomb = replaced(template(reporter_client), {DATA_PART: bomb_sheet(4_000, 100)})
    assert reporter_client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302

    page = refused(reporter_client, bomb, "bomb.xlsx")

    assert "The file «bomb.xlsx» is not a data entry template: one of its parts is compressed" in page
    assert "times, more than a template's maximum of 100 times." in page
