"""The XLSX and HTML exporters draw the seed documents' tables cell for cell.

Reports are built from the shipped files (no database); the XLSX is read back with openpyxl and the HTML
parsed with the standard library, and both are compared with the tables typed in ``tests/seed_tables.py``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.worksheet.worksheet import Worksheet

import seed_tables as seeds  # noqa: E402  (tests/ is on pythonpath)
from chiso.catalog.loader import shipped_frameworks
from chiso.data import shipped_report_data
from chiso.periods import period_range
from chiso.reports.build import build_report, render
from chiso.reports.exporters import EXPORTERS
from chiso.reports.exporters.html import render_fragment
from chiso.reports.model import Cell, Chart, Report
from chiso.reports.options import ReportOptions

NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?%?$")
DVC = "https://dichvucong.daklak.gov.vn/"
Grid = list[list[str]]  # the table's rows, a merged cell repeated in every place it covers


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    frameworks = shipped_frameworks()
    data = shipped_report_data()
    years = ReportOptions(unit=seeds.CQS_UNIT, periods=tuple(period_range("2021:2025")))
    return {"cqs": build_report(frameworks["cqs"], data, years),
            "cds2025": build_report(frameworks["cds2025"], data, ReportOptions(unit=seeds.CDS2025_UNIT))}


def with_cell(report: Report, code: str, position: int, change: Callable[[Cell], Cell]) -> Report:
    """The report with one cell of the row ``code`` changed."""
    row = next(r for r in report.body if r.code == code)
    cells = tuple(change(c) if i == position else c for i, c in enumerate(row.cells))
    return replace(report, body=tuple(replace(r, cells=cells) if r is row else r for r in report.body))


def assert_cqs_table(body: Grid) -> None:
    assert len(body) == len(seeds.CQS_ROWS)
    for row, (code, name, cells) in zip(body, seeds.CQS_ROWS, strict=True):
        assert row[:2] == [f"{code}.", name]
        assert tuple(row[2:7]) == cells, code


def assert_cds_table(body: Grid) -> None:
    expected = iter(body)
    for section, title in seeds.CDS2025_SECTIONS:
        assert next(expected)[:2] == [section, title]
        for code, name, target, result, status, note in seeds.CDS2025_ROWS:
            if code.split(".")[0] == section:
                row = next(expected)
                assert row[:4] == [code.split(".")[1], name, target, result], code
                assert_evaluation(row[4], status, note)
    assert next(expected, None) is None


def assert_evaluation(text: str, status: str, note: str) -> None:
    """The recorded status (chiso's own verdict where none was recorded), then the note on its own line."""
    lines = text.split("\n")
    assert lines[0] == status or (not status and lines[0])
    assert lines[1:] == ([note] if note else [])


def seed_number(text: str) -> Decimal:
    return Decimal(text.rstrip("%").replace(".", "").replace(",", "."))


def places(text: str) -> int:
    return len(text.rstrip("%").split(",")[1]) if "," in text else 0


def sheet_of(report: Report) -> Worksheet:
    return load_workbook(io.BytesIO(render(report, "xlsx"))).active


@pytest.fixture(scope="module")
def cqs_sheet(reports: dict[str, Report]) -> Worksheet:
    return sheet_of(reports["cqs"])


def header_row(sheet: Worksheet) -> int:
    return int(next(c.row for c in sheet["A"] if c.value in ("STT", "TT")))


def anchor(sheet: Worksheet, row: int, column: int) -> SheetCell:
    """The cell holding the value shown at (row, column): the top left of its merged range, if any."""
    for merged in sheet.merged_cells.ranges:
        if (row, column) in set(merged.cells):
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet.cell(row, column)


def shown(cell: SheetCell) -> str:
    """The cell as printed: a number in its Vietnamese display format, then its comment."""
    text = "" if cell.value is None else str(cell.value)
    if isinstance(cell.value, int | float):
        decimals = cell.number_format.split(".")[1].count("0") if "." in cell.number_format else 0
        grouped = f"{cell.value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        text = grouped + ("%" if '"%"' in cell.number_format else "")
    return f"{text} {cell.comment.text}" if cell.comment else text


def sheet_grid(sheet: Worksheet, first: int, count: int, width: int) -> Grid:
    return [[shown(anchor(sheet, r, c)) for c in range(1, width + 1)] for r in range(first, first + count)]


def test_cqs_xlsx_headings(cqs_sheet: Worksheet, reports: dict[str, Report]) -> None:
    assert EXPORTERS["xlsx"].media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert cqs_sheet.title == "Phụ lục VIII"
    assert (cqs_sheet["A1"].value, cqs_sheet["A1"].font.b, cqs_sheet["A1"].font.sz) == ("Phụ lục VIII", True, 14)
    assert cqs_sheet["A2"].value == reports["cqs"].title and cqs_sheet["A2"].font.b
    assert cqs_sheet["A2"].alignment.horizontal == "center" and "A2:H2" in cqs_sheet.merged_cells
    assert cqs_sheet["A3"].value == reports["cqs"].subtitle and cqs_sheet["A3"].font.i
    assert cqs_sheet["A1"].font.name == "Times New Roman"


def test_cqs_xlsx_cells_are_the_seed_table(cqs_sheet: Worksheet) -> None:
    top = header_row(cqs_sheet)
    header = sheet_grid(cqs_sheet, top, 2, 8)
    assert header[0] == ["STT", "Chỉ tiêu", *["Tỉnh Đắk Lắk"] * 5, "Ghi chú"]
    assert header[1][2:7] == list(seeds.CQS_COLUMNS)
    assert_cqs_table(sheet_grid(cqs_sheet, top + 2, len(seeds.CQS_ROWS), 7))


def test_cqs_xlsx_numbers_are_real_numbers_with_written_decimals(cqs_sheet: Worksheet) -> None:
    first = header_row(cqs_sheet) + 2
    for r, (code, _name, cells) in enumerate(seeds.CQS_ROWS, start=first):
        for c, text in enumerate(cells, start=3):
            value, number_format = cqs_sheet.cell(r, c).value, cqs_sheet.cell(r, c).number_format
            if not NUMBER.match(text.split(" ")[0]):
                assert value is None or isinstance(value, str), (code, c)
                continue
            figure = text.split(" ")[0]
            assert isinstance(value, int | float) and Decimal(str(value)) == seed_number(figure), (code, c)
            assert number_format.startswith("[$-42A]#,##0") and ('"%"' in number_format) == figure.endswith("%")
            written = number_format.split(".")[1].count("0") if "." in number_format else 0
            assert written == places(figure), (code, c)


def test_cqs_xlsx_formats_merges_and_notes(cqs_sheet: Worksheet) -> None:
    first = header_row(cqs_sheet) + 2
    row = {code: first + i for i, (code, _n, _c) in enumerate(seeds.CQS_ROWS)}
    assert (cqs_sheet.cell(row["5.4.1"], 4).value, cqs_sheet.cell(row["5.1.3"], 3).value) == (1247855, "-")
    assert Decimal(str(cqs_sheet.cell(row["5.1"], 3).value)) == Decimal("46.14")
    for code, column, written in (("5.4.1", 4, "#,##0"), ("5.1", 3, "#,##0.00"), ("5.1", 5, "#,##0.0"),
                                  ("6.1", 7, "#,##0.00"), ("2", 3, '#,##0"%"')):  # 1.247.855 46,14 41,5 99,20
        assert cqs_sheet.cell(row[code], column).number_format == "[$-42A]" + written
    assert f"C{row['4.1']}:G{row['4.1']}" in cqs_sheet.merged_cells
    assert cqs_sheet.cell(row["4.1"], 3).value == f"Đã triển khai tại địa chỉ {DVC}"
    comment = cqs_sheet.cell(row["5.5.1"], 6).comment
    assert (comment.text, comment.author) == ("theo QĐ 2741/QĐ-UBND ngày 22/12/2023", "chiso")
    assert cqs_sheet.cell(row["5.5.1"], 6).value == 374
    notes = cqs_sheet.cell(row["5.5.1"], 8).value
    assert "Năm 2024: theo QĐ 2741/QĐ-UBND ngày 22/12/2023" in notes
    assert "Năm 2025: theo QĐ 2989/QĐ-UBND ngày 28/11/2024" in notes
    assert cqs_sheet.cell(row["5.4.1"], 8).value is None


def test_cqs_xlsx_page_setup(cqs_sheet: Worksheet) -> None:
    top = header_row(cqs_sheet)
    assert cqs_sheet.freeze_panes == f"A{top + 2}"
    assert cqs_sheet.page_setup.orientation == "landscape"
    assert int(cqs_sheet.page_setup.paperSize) == 9  # A4
    assert cqs_sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(cqs_sheet.page_setup.fitToWidth), int(cqs_sheet.page_setup.fitToHeight)) == (1, 0)
    assert cqs_sheet.print_title_rows.replace("$", "") == f"{top}:{top + 1}"
    assert cqs_sheet.page_margins.left == pytest.approx(30 / 25.4)
    assert cqs_sheet.column_dimensions["B"].width > 3 * cqs_sheet.column_dimensions["A"].width
    assert cqs_sheet.cell(top + 2, 2).alignment.wrap_text
    assert cqs_sheet.cell(top + 2, 2).border.left.style == "thin"
    assert cqs_sheet.cell(top, 3).font.name == "Times New Roman"
    below = [shown(c) for c in cqs_sheet["A"][top + 1 + len(seeds.CQS_ROWS):]]
    assert "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025." in below


def test_xlsx_summary_and_text_never_a_formula(reports: dict[str, Report]) -> None:
    report = replace(reports["cqs"], summary=("Đoạn tóm tắt.",))
    sheet = sheet_of(with_cell(report, "1", 2, lambda c: replace(c, text="=SUM(A1)")))
    texts = [c.value for c in sheet["A"]]
    assert "Đoạn tóm tắt." in texts
    formula_cell = sheet.cell(header_row(sheet) + 2, 3)
    assert (formula_cell.value, formula_cell.data_type) == ("=SUM(A1)", "s")


def test_cds2025_xlsx_cells_are_the_seed_table(reports: dict[str, Report]) -> None:
    cds_sheet = sheet_of(reports["cds2025"])
    top = header_row(cds_sheet)
    assert cds_sheet.title == "cds2025"
    assert [shown(c) for c in cds_sheet[top]][:2] == list(seeds.CDS2025_COLUMNS[:2])
    count = len(seeds.CDS2025_SECTIONS) + len(seeds.CDS2025_ROWS)
    assert_cds_table(sheet_grid(cds_sheet, top + 1, count, 5))
    assert cds_sheet.max_column == 5  # no value carries a note: no notes column
    assert f"B{top + 1}:E{top + 1}" in cds_sheet.merged_cells


def test_cds2025_xlsx_targets_and_results_are_numbers_where_they_are_plain_figures(reports: dict[str, Report]) -> None:
    """As in the statistics sheet: «100%» and «11,8%» are numbers shown with their «%»; a bound («>90%») and a
    figure with words («98,9% xã», «20 Doanh nghiệp») stay the text the appendix prints."""
    cds_sheet = sheet_of(reports["cds2025"])
    rows = {str(row[1].value): row for row in cds_sheet.iter_rows() if row[1].value}
    ii3 = rows["Năng suất lao động xã hội trung bình năm"]
    assert (ii3[2].value, ii3[3].value) == (7, 11.8)
    assert shown(ii3[3]) == "11,8%"
    i2 = rows["Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng"]
    assert (i2[2].value, i2[3].value) == (90, ">90%")
    iii1 = rows["Hạ tầng mạng băng rộng cáp quang phủ 90% hộ gia đình, 100% xã"]
    assert (iii1[2].value, iii1[3].value) == ("90% hộ gia đình, 100% xã", "98,9% xã")


def html_cells(page: str) -> list[list[tuple[str, str, int, int]]]:
    """The table's cells as (text, note, colspan, rowspan), row by row; the table is well-formed XML."""
    table = ElementTree.fromstring(page[page.index("<table"):page.index("</table>") + len("</table>")])
    return [[(cell.text or "", "".join(span.text or "" for span in cell.iter("span")),
              int(cell.get("colspan", "1")), int(cell.get("rowspan", "1"))) for cell in row]
            for row in table.iter("tr")]


def html_grid(page: str) -> Grid:
    """The parsed table with every merged cell repeated in each place it covers, its note after a space."""
    rows = html_cells(page)
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, note, colspan, rowspan in row:
            while (r, c) in grid:
                c += 1
            for i in range(rowspan):
                grid.update({(r + i, c + j): f"{text} {note}" if note else text for j in range(colspan)})
    width = max(c for _r, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


@pytest.fixture(scope="module")
def cqs_page(reports: dict[str, Report]) -> str:
    return render(reports["cqs"], "html").decode("utf-8")


def test_cqs_html_cells_are_the_seed_table(cqs_page: str) -> None:
    grid = html_grid(cqs_page)
    assert grid[0] == ["STT", "Chỉ tiêu", *["Tỉnh Đắk Lắk"] * 5]
    assert grid[1][2:] == list(seeds.CQS_COLUMNS)
    assert_cqs_table(grid[2:])
    assert 'colspan="5">Đã triển khai' in cqs_page


def test_cds2025_html_cells_are_the_seed_table(reports: dict[str, Report]) -> None:
    grid = html_grid(render(reports["cds2025"], "html").decode("utf-8"))
    assert grid[0][:2] == list(seeds.CDS2025_COLUMNS[:2])
    assert_cds_table(grid[1:])


def test_html_is_standalone_and_print_ready(cqs_page: str) -> None:
    assert cqs_page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in cqs_page and '<meta charset="utf-8">' in cqs_page
    assert "@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm }" in cqs_page
    assert "thead { display: table-header-group }" in cqs_page and "break-inside: avoid" in cqs_page
    assert "Times New Roman" in cqs_page
    assert "http" not in cqs_page.replace(DVC, "")
    assert "<link" not in cqs_page and "<script" not in cqs_page and "@import" not in cqs_page
    assert "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025." in cqs_page


def test_html_escapes_text(reports: dict[str, Report]) -> None:
    report = with_cell(reports["cqs"], "5.5.1", 5, lambda c: replace(c, note="<b>đậm</b> & xong"))
    page = render(report, "html").decode("utf-8")
    assert "&lt;b&gt;đậm&lt;/b&gt; &amp; xong" in page and "<b>đậm" not in page
    rows = {row[0]: row for row in html_grid(page)}
    assert rows["5.5.1."][5] == "374 <b>đậm</b> & xong"


def test_html_summary_and_charts(reports: dict[str, Report]) -> None:
    png = b"\x89PNG\r\n\x1a\n-not-really-a-chart"
    report = replace(reports["cqs"], summary=("Tỷ lệ <tăng> đều.",), charts=(Chart("5.1", "Tỷ lệ 5.1", png),))
    page = render(report, "html").decode("utf-8")
    assert "<p>Tỷ lệ &lt;tăng&gt; đều.</p>" in page
    assert 'src="data:image/png;base64,iVBORw0KGgotbm90LXJlYWxseS1hLWNoYXJ0"' in page
    assert "<figcaption>Tỷ lệ 5.1</figcaption>" in page


def test_html_fragment_is_headings_and_table(reports: dict[str, Report]) -> None:
    fragment = render_fragment(reports["cqs"])
    assert "<html" not in fragment and "<style" not in fragment
    assert fragment.lstrip().startswith('<div class="report-heading">')
    assert fragment.rstrip().endswith("</table>")
    assert_cqs_table(html_grid(fragment)[2:])
