"""Dossier workbooks go through the same bounded reader as uploads: bombs and far-away values are refused
quickly, a sheet that only claims a huge dimension is read as far as its values, and an .xls is named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from chiso.catalog.model import Framework
from chiso.dossiers import DossierResult, compute
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import PeriodType, period_range
from hostile_xlsx import DATA_PART, bomb_sheet, measured, part, replaced

DATA = Path(__file__).parent / "data"
PROCEDURES, DOSSIERS = DATA / "procedures.csv", DATA / "dossiers.csv"
SECONDS, PEAK_MB = 10.0, 100.0


def run(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path, dossiers: Path) -> DossierResult:
    return compute([PROCEDURES], [dossiers], framework=cqs, hierarchy=hierarchy, top="66",
                   period_type=PeriodType.YEAR, periods=period_range("2023:2024"), rejects=tmp_path / "rejects.csv",
                   threads=2, digests=False)


def workbook() -> bytes:
    """The sample dossiers as a workbook, every cell text as read from the CSV."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(DOSSIERS.read_text(encoding="utf-8"))):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(content)

    def attempt() -> str:
        with pytest.raises(InputError) as raised:
            run(cqs, hierarchy, tmp_path, path)
        return str(raised.value)

    message, cost = measured(attempt)
    assert cost.seconds < SECONDS and cost.peak_mb < PEAK_MB, cost
    assert message.startswith(f"tệp {path}")
    return message


def figures(result: DossierResult) -> dict[tuple[str, str, str], str]:
    return {(v.indicator, v.unit, v.period): v.value for v in result.values}


def test_a_bomb_is_refused_by_its_compression_ratio(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    bomb = replaced(workbook(), {DATA_PART: bomb_sheet(40_000, 100)})

    message = refusal(cqs, hierarchy, tmp_path, bomb)

    assert "phần «xl/worksheets/sheet1.xml» của tệp nén tới" in message
    assert "lần, nhiều hơn mức tối đa 100 lần" in message


def test_a_value_in_the_last_cell_excel_has_is_refused(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    content = workbook()
    sheet = part(content, DATA_PART).replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                               b"<is><t>x</t></is></c></row></sheetData>")

    message = refusal(cqs, hierarchy, tmp_path, replaced(content, {DATA_PART: sheet}))

    assert "có giá trị ở cột XFD, bên phải cột cuối cùng có tiêu đề (K)" in message


def test_a_sheet_claiming_every_cell_is_read_as_far_as_its_values(cqs: Framework, hierarchy: Hierarchy,
                                                                   tmp_path: Path) -> None:
    content = workbook()
    sheet = part(content, DATA_PART)
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    claimed = tmp_path / "rong.xlsx"
    claimed.write_bytes(replaced(content, {DATA_PART: sheet[:start] + b'<dimension ref="A1:XFD1048576"/>'
                                                      + sheet[end:]}))

    result, cost = measured(lambda: run(cqs, hierarchy, tmp_path, claimed))

    assert figures(result) == figures(run(cqs, hierarchy, tmp_path, DOSSIERS))
    assert cost.seconds < SECONDS


def test_an_excel_97_file_is_named(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    message = refusal(cqs, hierarchy, tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))

    assert "tệp là bảng tính Excel 97–2003 (.xls) hoặc đã đặt mật khẩu mở tệp (cần: lưu lại dưới dạng Excel " \
           "Workbook (.xlsx), không đặt mật khẩu)" in message


def test_a_workbook_without_a_header_is_refused(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A2"] = "D01"
    out = io.BytesIO()
    book.save(out)

    message = refusal(cqs, hierarchy, tmp_path, out.getvalue())

    assert "dòng 1: trang tính đầu tiên không có dòng tiêu đề (cần: dòng tiêu đề: tên các cột ở dòng 1)" in message
