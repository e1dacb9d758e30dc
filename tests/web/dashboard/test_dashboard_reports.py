"""The reports page: every registered format downloads; bad choices are explained on the page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from dashboard_pages import options, page

from chiso.reports.exporters import EXPORTERS

pytestmark = pytest.mark.django_db
DOWNLOAD = "/bao-cao/tai-ve/"
CQS = {"framework": "cqs", "unit": "66", "periods": "2021:2025"}


def test_page_offers_every_registered_format(as_user: Any, province_admin: Any) -> None:
    text = page(as_user(province_admin).get("/bao-cao/"))
    assert sorted(options(text, "format")) == sorted(EXPORTERS)
    assert options(text, "framework") == ["cds2025", "cqs", "qd766", "quocgia"]


def _download(client: Any, fmt: str, **extra: str) -> Any:
    response = client.get(DOWNLOAD, {**CQS, "format": fmt, **extra})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == EXPORTERS[fmt].media_type
    assert response["Content-Disposition"] == f'attachment; filename="cqs-66.{fmt}"'
    return response


def test_docx_opens_in_python_docx(as_user: Any, province_admin: Any) -> None:
    document = docx.Document(io.BytesIO(_download(as_user(province_admin), "docx").content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "1.247.855" in cells
    assert any("Phụ lục VIII" in p.text for p in document.paragraphs)


def test_xlsx_keeps_numbers_as_numbers(as_user: Any, province_admin: Any) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_download(as_user(province_admin), "xlsx").content))
    numbers = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert 1247855 in numbers


def test_html_with_summary(as_user: Any, province_admin: Any) -> None:
    text = _download(as_user(province_admin), "html", summary="1").content.decode("utf-8")
    assert "1.247.855" in text and "<html" in text


@pytest.mark.parametrize(("query", "message"), [
    ({"framework": "xyz"}, "Không có bộ chỉ tiêu «xyz» trong kho"),
    ({"unit": "999"}, "Không có đơn vị «999» trong kho"),
    ({"periods": "2021:abc"}, "Các kỳ: Mã kỳ «abc» không hợp lệ"),
    ({"as_of": "2023H1"}, "Kết quả đến kỳ: Mã kỳ «2023H1» không hợp lệ; nửa năm viết là S1, S2"),
    ({"doc_date": "31/02/2025"}, "Ngày văn bản: ngày «31/02/2025» không hợp lệ"),
    ({"format": "odt"}, "Định dạng «odt» không được hỗ trợ"),
])
def test_bad_choices_are_explained_on_the_page(as_user: Any, province_admin: Any, query: dict[str, str],
                                               message: str) -> None:
    response = as_user(province_admin).get(DOWNLOAD, {**CQS, "format": "docx", **query})
    assert response.status_code == 400
    text = response.content.decode("utf-8")
    assert message in text and '<ul class="errors" role="alert">' in text


def test_pdf_without_libreoffice_says_so(as_user: Any, province_admin: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a server where LibreOffice is not installed
    response = as_user(province_admin).get(DOWNLOAD, {**CQS, "format": "pdf"})
    assert response.status_code == 503
    assert "Không tìm thấy LibreOffice" in response.content.decode("utf-8")


def test_reports_of_units_outside_the_scope_are_refused(as_user: Any, outsider: Any, reporter: Any) -> None:
    assert as_user(outsider).get(DOWNLOAD, {**CQS, "format": "docx"}).status_code == 403
    assert as_user(reporter).get(DOWNLOAD, {**CQS, "unit": "644", "format": "docx"}).status_code == 403
    assert as_user(reporter).get(DOWNLOAD, {**CQS, "unit": "643", "format": "csv"}).status_code == 200
